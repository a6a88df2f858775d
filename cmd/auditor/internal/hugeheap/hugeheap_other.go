//go:build !linux

package hugeheap

// Only Linux has a hint for huge pages that a process gives (hugeheap.go).
func canAdviseHuge() bool { return false }
func adviseHuge([]byte)   {}
