//go:build windows

package serve

import (
	"os"
	"syscall"
)

// StopSignals are the signals on which the command stops the server and
// removes the uploads (Close). On Windows the Go runtime's console control
// handler turns Ctrl+C and Ctrl+Break into os.Interrupt, and closing the
// console window, logging off and shutting down into SIGTERM; while a
// program is notified of SIGTERM, the handler holds Windows off until the
// program exits (Windows ends it after about 5 seconds at most, which
// Close's closeWait fits in). So no control handler of our own is needed.
var StopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}
