package main

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"
)

// Exit statuses (SPEC §1): the only three the tool returns.
const (
	exitOK       = 0
	exitFindings = 1
	exitUnusable = 2
)

func run(args []string, stdout, stderr io.Writer) int {
	app := &cli.App{
		Name:           "auditor",
		Usage:          "audit WeCom offboarding handovers before anyone is deleted",
		Writer:         stdout,
		ErrWriter:      stderr,
		ExitErrHandler: func(*cli.Context, error) {},
	}
	if err := app.Run(args); err != nil {
		fmt.Fprintln(stderr, "auditor:", err)
		return exitUnusable
	}
	return exitOK
}
