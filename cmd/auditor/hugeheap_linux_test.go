package main

import (
	"bufio"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestHeapGrowsIntoHugePages: after adviseHeap, what the heap allocates
// lies in a mapping that asks for huge pages (VmFlags "hg" in
// /proc/self/smaps); AUDITOR_HUGE_HEAP=off asks nothing. adviseHeap is
// made for a process's start, when the heap is small (main calls it
// first): the test runs in a process of its own, as main would, since the
// tests before it leave free memory lower in the heap that it would fill
// first.
func TestHeapGrowsIntoHugePages(t *testing.T) {
	if !canAdviseHuge() {
		t.Skip("this kernel has no transparent huge pages")
	}
	if os.Getenv("AUDITOR_HUGE_HEAP_CHILD") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHeapGrowsIntoHugePages$", "-test.count=1")
		cmd.Env = append(os.Environ(), "AUDITOR_HUGE_HEAP_CHILD=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return
	}
	t.Setenv("AUDITOR_HUGE_HEAP", "off")
	if adviseHeap() {
		t.Fatal("AUDITOR_HUGE_HEAP=off: asked all the same")
	}
	t.Setenv("AUDITOR_HUGE_HEAP", "")
	if !adviseHeap() {
		t.Fatal("madvise(MADV_HUGEPAGE) refused")
	}
	// The heap's next 64 MB, as the read's rows and the reports' buffers
	// would take it: nearly all of it must be in advised memory.
	blocks := make([][]byte, 64)
	in := 0
	for i := range blocks {
		blocks[i] = make([]byte, 1<<20)
		if advised(t, uintptr(unsafe.Pointer(&blocks[i][0]))) {
			in++
		}
	}
	if in < len(blocks)*3/4 {
		t.Errorf("%d of %d blocks of the heap in memory advised for huge pages; want nearly all", in, len(blocks))
	}
}

// advised tells whether the mapping holding addr has VmFlags "hg".
func advised(t *testing.T, addr uintptr) bool {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	inside := false
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := mapRange(line); ok {
			inside = lo <= addr && addr < hi
			continue
		}
		if inside && strings.HasPrefix(line, "VmFlags:") {
			return strings.Contains(line+" ", " hg ")
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Fatalf("address %#x in no mapping", addr)
	return false
}

// mapRange reads the range of an smaps header line ("7f..-7f.. rw-p ...").
func mapRange(line string) (lo, hi uintptr, ok bool) {
	r, _, found := strings.Cut(line, " ")
	a, b, dash := strings.Cut(r, "-")
	if !found || !dash {
		return 0, 0, false
	}
	x, err1 := strconv.ParseUint(a, 16, 64)
	y, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return uintptr(x), uintptr(y), true
}
