//go:build unix

package xlsxstream

import "syscall"

const canMap = true

// mapAnon maps n bytes of private anonymous memory, zeroed; false when
// the system refuses (an address-space or commit limit), and the caller
// uses the Go heap instead.
func mapAnon(n int) ([]byte, bool) {
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil, false
	}
	hugePages(b)
	return b, true
}

// unmapAnon unmaps what mapAnon mapped. It cannot fail for such a
// mapping; if it did, the memory would stay mapped and nothing be lost
// but the memory.
func unmapAnon(b []byte) { _ = syscall.Munmap(b) }
