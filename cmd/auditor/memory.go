package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Go's collector lets the heap grow to twice what it found live, whatever
// that comes to. A layoff's run keeps its leavers, checks and actions live
// while the documents are written, and their rendering allocates a gigabyte
// and more of short-lived rows and pages on top: twice the live data, plus
// the fragments the read leaves behind, is what a laptop would see (issue
// 24; docs/internals.md, "A soft memory limit"). So auditor asks the collector
// to keep the process under softMemoryBase (runtime/debug.SetMemoryLimit;
// soft: the runtime goes over it rather than fail). After every collection
// the limit becomes the larger of that base and liveHeadroom times the live
// heap the collection found: twice the live heap is about the collector's
// own goal, so a run whose live data alone nears the base is collected a
// little more often than without a limit (the limit counts part-filled
// spans and the runtime's own memory, the goal does not) — never back to
// back, as a fixed limit below the live data would have it. GOMEMLIMIT in
// the environment replaces all this (GOMEMLIMIT=off: no limit, Go's
// default).
const (
	softMemoryBase = 320 << 20
	liveHeadroom   = 2
)

// memoryLimit is the limit in force and how it follows the live heap.
type memoryLimit struct {
	mu      sync.Mutex
	base    int64
	current int64
	set     func(int64) int64 // debug.SetMemoryLimit; a test's recorder
	live    func() int64      // the live heap the last collection marked
	stopped bool
}

// startMemoryLimit sets the soft limit for the process unless GOMEMLIMIT
// is set; the returned function takes it back off (for tests).
func startMemoryLimit() (stop func()) {
	if _, ok := os.LookupEnv("GOMEMLIMIT"); ok {
		return func() {}
	}
	m := &memoryLimit{base: softMemoryBase, set: debug.SetMemoryLimit, live: liveHeap}
	m.start()
	return m.stop
}

func (m *memoryLimit) start() {
	m.mu.Lock()
	m.current = m.base
	m.set(m.base)
	m.mu.Unlock()
	m.arm()
}

// arm asks to hear of the next collection: a sentinel that nothing
// references is collected by it, and its cleanup runs after.
func (m *memoryLimit) arm() {
	s := &sentinel{}
	runtime.AddCleanup(s, func(m *memoryLimit) { m.collected() }, m)
}

type sentinel struct{ _ *int } // a pointer, so that it is never tiny-allocated with other objects

// collected follows the live heap: the limit is the larger of the base and
// liveHeadroom times what this collection found live.
func (m *memoryLimit) collected() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return
	}
	if want := max(m.base, liveHeadroom*m.live()); want != m.current {
		m.current = want
		m.set(want)
	}
	m.arm()
}

func (m *memoryLimit) stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.stopped {
		m.stopped = true
		m.set(math.MaxInt64) // no limit, Go's default
	}
}

var liveSample = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}

func liveHeap() int64 {
	metrics.Read(liveSample)
	return int64(liveSample[0].Value.Uint64())
}
