// Command auditor audits WeCom offboarding handovers. It only parses flags,
// opens and writes files and maps errors to exit codes; the work is done in
// the library packages.
package main

import (
	"os"

	// Before every other package's init: the heap on huge pages from the
	// first allocation (hugeheap's doc says why it comes first).
	_ "github.com/wecom-audit/auditor/cmd/auditor/internal/hugeheap"
)

func main() {
	startMemoryLimit()
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}
