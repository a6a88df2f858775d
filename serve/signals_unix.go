//go:build unix

package serve

import (
	"os"
	"syscall"
)

// StopSignals are the signals on which the command stops the server and
// removes the uploads (Close): Ctrl+C, SIGTERM (kill, a service manager)
// and SIGHUP (the terminal window closed, or the SSH session ended).
var StopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}
