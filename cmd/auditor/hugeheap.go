package main

import (
	"os"
	"runtime"
)

// The Go heap's first touch of every 4 KiB page is a page fault, and on a
// virtual machine a fault costs more than the writing it allows: the
// million-row audit takes ~21,000 of them, ~0.3 s of system time of its
// ~2.6 CPU-seconds (issue 24; docs/speed.md). Linux backs memory with
// 2 MiB pages where a mapping asks for them (transparent_hugepage
// "madvise", the usual setting), but Go's runtime never asks for its heap,
// and advice given to address space it has not mapped yet is lost when it
// maps it. So, once, before the work starts, adviseHeap has the runtime
// map hugeHeapBytes of heap for one large block, asks for huge pages on
// that block's address range, and lets the collector free it at once. The
// heap then grows into that range (the runtime reuses its lowest free
// addresses first), one fault per 2 MiB instead of per 4 KiB.
//
// Nothing of the block is ever touched, so it costs no memory: a page is
// only resident once the heap uses it, and the runtime gives unused pages
// back as it does any others. The peak grows by at most the rounding of
// the heap's pages to 2 MiB (measured: 3–4 MB on the million-row run).
// With transparent_hugepage "never", or elsewhere than Linux
// (hugeheap_other.go), it changes nothing. AUDITOR_HUGE_HEAP=off leaves
// the heap alone, to measure it or to rule it out.
const hugeHeapBytes = 128 << 20

// adviseHeap is called first thing in main; it reports whether it asked.
//
// The block is taken in pieces of hugeHeapPiece: the runtime clears a new
// object whose pages it used before, and one block of 128 MiB that began
// in pages the package inits had freed was cleared whole, before the
// advice, one 4 KiB fault at a time (1 run in 12: 38,000 faults, a
// 154 MB peak). In pieces, only those in reused pages are cleared, and
// those pages were resident already.
func adviseHeap() bool {
	if os.Getenv("AUDITOR_HUGE_HEAP") == "off" || !canAdviseHuge() {
		return false
	}
	pieces := make([][]byte, hugeHeapBytes/hugeHeapPiece)
	ok := true
	for i := range pieces {
		pieces[i] = make([]byte, hugeHeapPiece)
		ok = adviseHuge(pieces[i]) && ok
	}
	runtime.KeepAlive(pieces)
	// Freed now, not at the first collection the work would trigger: until
	// then the block would count as live and double the heap's goal.
	runtime.GC()
	return ok
}

// hugeHeapPiece is a huge page's size: a piece the runtime clears costs at
// most one.
const hugeHeapPiece = 2 << 20
