//go:build windows

package serve

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// processAlive reports whether a process with this id is running: it can
// be opened and has not exited. Access denied is a process of another
// user, which exists.
func processAlive(pid int) bool {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if err != nil {
		return errors.Is(err, windows.ERROR_ACCESS_DENIED)
	}
	defer windows.CloseHandle(h)
	var code uint32
	if err := windows.GetExitCodeProcess(h, &code); err != nil {
		return true
	}
	const stillActive = 259
	return code == stillActive
}

// ownedByMe: the temp folder is per user on Windows (%LOCALAPPDATA%\Temp).
func ownedByMe(os.FileInfo) bool { return true }
