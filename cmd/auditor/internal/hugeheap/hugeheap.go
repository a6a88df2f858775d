// Package hugeheap puts the Go heap of the auditor process on huge pages
// where Linux allows, from the first allocation of the package inits on.
// The command imports it for that effect alone.
//
// The Go heap's first touch of every 4 KiB page is a page fault, and on a
// virtual machine a fault costs more than the writing it allows: the
// million-row audit took ~21,000 of them, 0.2–0.3 s of system time of its
// ~2.5 CPU-seconds (issue 24; docs/speed.md). Linux backs memory with
// 2 MiB pages where a mapping asks for them (transparent_hugepage
// "madvise", the usual setting), but Go's runtime never asks for its heap,
// and advice given to address space it has not mapped yet is lost when it
// maps it. So, once, this package's init has the runtime map
// hugeHeapBytes of heap for short-lived pieces, asks for huge pages on
// their addresses, and has the collector free them at once. The heap then
// grows into that range (the runtime reuses its lowest free addresses
// first), one fault per 2 MiB instead of per 4 KiB.
//
// Nothing of the pieces is ever written, so they cost no memory: a page is
// only resident once the heap uses it, and the runtime gives unused pages
// back as it does any others. The peak grows by at most the rounding of
// the heap's pages to 2 MiB (measured: 3–4 MB on the million-row run).
// With transparent_hugepage "never", or elsewhere than Linux
// (hugeheap_other.go), it changes nothing. AUDITOR_HUGE_HEAP=off leaves
// the heap alone, to measure it or to rule it out.
//
// Why an init, and why it runs before the others: the package inits
// allocate ~8 MB (the message catalogue's YAML, excelize's tables), and
// that is where the heap starts. Go initializes packages in the order of
// their import paths, each once its imports are initialized; this one
// imports only the standard library's os, runtime and syscall, and its
// path sorts before gopkg.in/yaml.v3 (which the catalogue needs) and
// github.com/xuri/excelize, so it runs before both. cmd/auditor's
// TestHugeHeapInitFirst holds that order.
package hugeheap

import (
	"os"
	"runtime"
)

// hugeHeapBytes is how much heap is advised: more than the million-row
// audit's heap ever holds (~50 MB); a layoff's heap grows past it on
// ordinary pages.
const hugeHeapBytes = 128 << 20

// hugeHeapPiece is a huge page's size. The pieces are taken one by one
// rather than as one block because the runtime clears a new object whose
// pages it used before: a single block that began in pages freed earlier
// was cleared whole, before the advice, one 4 KiB fault at a time (in 1
// run of 12: 38,000 faults, a 154 MB peak). A piece the runtime clears
// costs at most one huge page, in pages that were resident already.
const hugeHeapPiece = 2 << 20

func init() { advise() }

// advise takes the pieces, advises them and frees them; a refusal of the
// advice changes nothing.
func advise() {
	if os.Getenv("AUDITOR_HUGE_HEAP") == "off" || !canAdviseHuge() {
		return
	}
	pieces := make([][]byte, hugeHeapBytes/hugeHeapPiece)
	for i := range pieces {
		pieces[i] = make([]byte, hugeHeapPiece)
		adviseHuge(pieces[i])
	}
	runtime.KeepAlive(pieces)
	// Freed now, not at the first collection the work would trigger: until
	// then the pieces would count as live and double the heap's goal.
	runtime.GC()
}
