//go:build unix

package serve

import (
	"errors"
	"os"
	"syscall"
)

// processAlive reports whether a process with this id exists: signal 0
// checks without sending anything. EPERM is a process of another user,
// which exists.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// ownedByMe reports whether this user owns the folder: another user's
// folders in a shared /tmp are never touched.
func ownedByMe(info os.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}
