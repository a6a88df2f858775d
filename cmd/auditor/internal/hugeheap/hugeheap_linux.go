package hugeheap

import (
	"os"
	"syscall"
)

// canAdviseHuge: the kernel has transparent huge pages at all.
func canAdviseHuge() bool {
	_, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled")
	return err == nil
}

// adviseHuge asks for huge pages on b's range; a refusal changes nothing.
func adviseHuge(b []byte) { _ = syscall.Madvise(b, syscall.MADV_HUGEPAGE) }
