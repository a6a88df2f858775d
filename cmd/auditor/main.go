// Command auditor audits WeCom offboarding handovers. It only parses flags,
// opens and writes files and maps errors to exit codes; the work is done in
// the library packages.
package main

import "os"

func main() {
	adviseHeap()
	startMemoryLimit()
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}
