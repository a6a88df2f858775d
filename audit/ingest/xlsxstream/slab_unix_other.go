//go:build unix && !linux

package xlsxstream

// hugePages is Linux's hint (slab_linux.go); other systems choose their
// page sizes themselves.
func hugePages([]byte) {}
