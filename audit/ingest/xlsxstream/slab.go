package xlsxstream

import (
	"io"
	"sync"
	"unsafe"
)

// slab is one of a shared-string table's two arrays (its text, its
// offsets), which live as long as the workbook. Where the OS has anonymous
// mappings (slab_unix.go) it is one of its own, outside the Go heap: the
// collector neither scans it nor counts it toward its goal, which would
// otherwise double the table's share of the process (GOGC=100: a 390 MB
// table, 780 MB of heap goal). Elsewhere, or when the mapping fails, it is
// an ordinary slice. Either way free gives it back at once, and nothing may
// hold a slice of it after that: the bytes of a mapped slab are gone.
type slab[T byte | uint32] struct {
	s   []T    // the whole array: len(s) == cap(s)
	mem []byte // the mapping behind s; nil when s is in the Go heap
}

// mapSlabs is false to keep every slab in the Go heap: the plain path
// other systems take, which tests flip to on this one.
var mapSlabs = canMap

// newSlab makes a slab of n elements, zeroed. want is the size to map,
// which costs nothing until the pages are written and may be generous;
// n is the size in the Go heap, where all of it counts.
func newSlab[T byte | uint32](n, want int) slab[T] {
	var zero T
	size := int(unsafe.Sizeof(zero))
	if mapSlabs && want > 0 && want <= maxInt/size {
		if mem, ok := mapAnon(want * size); ok {
			return slab[T]{s: unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(mem))), want), mem: mem}
		}
	}
	if n <= 0 {
		return slab[T]{}
	}
	return slab[T]{s: make([]T, n)}
}

const maxInt = int(^uint(0) >> 1)

// grow replaces the slab with one of at least n elements holding the first
// keep, and frees the old one.
func (sl *slab[T]) grow(n, keep int) {
	ns := newSlab[T](n, n)
	copy(ns.s, sl.s[:keep])
	sl.free()
	*sl = ns
}

// free gives the slab back: unmapped, or left to the collector.
func (sl *slab[T]) free() {
	if sl.mem != nil {
		unmapAnon(sl.mem)
	}
	*sl = slab[T]{}
}

// tableMem is what a table frees: its two slabs, once, whether its
// workbook closes it or (a workbook dropped without Close) the collector's
// cleanup does.
type tableMem struct {
	once sync.Once
	text slab[byte]
	offs slab[uint32]
	// src is the part of a table read on demand, still being inflated.
	src io.Closer
}

func (m *tableMem) free() {
	m.once.Do(func() {
		m.text.free()
		m.offs.free()
		if m.src != nil {
			_ = m.src.Close() // a part only read: its data is in the table or its error returned
		}
	})
}
