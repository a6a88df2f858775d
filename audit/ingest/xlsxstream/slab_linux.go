package xlsxstream

import "syscall"

// hugePages asks Linux to back a mapping with 2 MiB pages where it can
// (transparent_hugepage "madvise", the usual setting): a table is written
// once from end to end, and every 4 KiB page first written is a page
// fault, which on a virtual machine costs more than the writing. It is
// only a hint; a refusal changes nothing.
func hugePages(b []byte) {
	if len(b) >= 2<<20 {
		_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE)
	}
}
