//go:build !unix && !windows

package serve

import "os"

// StopSignals are the signals on which the command stops the server.
var StopSignals = []os.Signal{os.Interrupt}
