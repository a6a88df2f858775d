package hugeheap

import (
	"bufio"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestHeapGrowsIntoHugePages: in a process whose heap was advised at init
// (this test binary's, as the command's), what the heap allocates lies in
// mappings that ask for huge pages (VmFlags "hg" in /proc/self/smaps); with
// AUDITOR_HUGE_HEAP=off none of it does. Each case runs in a process of its
// own, since the init runs once, at the start.
func TestHeapGrowsIntoHugePages(t *testing.T) {
	if !canAdviseHuge() {
		t.Skip("this kernel has no transparent huge pages")
	}
	if want := os.Getenv("HUGEHEAP_TEST_WANT"); want != "" {
		n := advisedBlocks(t)
		switch {
		case want == "most" && n < 56:
			t.Fatalf("%d of 64 blocks of the heap in memory advised for huge pages, want nearly all", n)
		case want == "none" && n != 0:
			t.Fatalf("AUDITOR_HUGE_HEAP=off: %d of 64 blocks in advised memory, want none", n)
		}
		return
	}
	for _, c := range []struct{ env, want string }{{"", "most"}, {"off", "none"}} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHeapGrowsIntoHugePages$", "-test.count=1")
		cmd.Env = append(os.Environ(), "AUDITOR_HUGE_HEAP="+c.env, "HUGEHEAP_TEST_WANT="+c.want)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("AUDITOR_HUGE_HEAP=%q: %v\n%s", c.env, err, out)
		}
	}
}

// advisedBlocks allocates the heap's next 64 MB as the read's rows and the
// reports' buffers would, all kept live, and counts the 1 MB blocks whose
// middle lies in advised memory (a block may begin in the last pages of
// the heap's first, unadvised, 4 MB).
func advisedBlocks(t *testing.T) int {
	blocks := make([][]byte, 64)
	in := 0
	for i := range blocks {
		blocks[i] = make([]byte, 1<<20)
		if inAdvised(t, uintptr(unsafe.Pointer(&blocks[i][len(blocks[i])/2]))) {
			in++
		}
	}
	runtime.KeepAlive(blocks)
	return in
}

// inAdvised tells whether the mapping holding addr has VmFlags "hg".
func inAdvised(t *testing.T, addr uintptr) bool {
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
