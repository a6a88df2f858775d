//go:build !unix && !windows

package serve

import "os"

// processAlive cannot tell on this system: every owner counts as alive, so
// only folders without an owner file are swept, by age.
func processAlive(int) bool { return true }

func ownedByMe(os.FileInfo) bool { return true }
