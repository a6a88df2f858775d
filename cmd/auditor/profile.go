package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"

	"github.com/urfave/cli/v2"
)

// profileFlags are for the bench/ scripts and whoever measures the tool
// (issue 18): a CPU profile of the whole run, and a heap profile taken at
// the end of it. Hidden, because they are for developers, not for HR.
func profileFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "cpuprofile", Hidden: true, Usage: "write a CPU profile of the run to `FILE`"},
		&cli.StringFlag{Name: "trace", Hidden: true, Usage: "write an execution trace of the run (go tool trace) to `FILE`"},
		&cli.StringFlag{Name: "memprofile", Hidden: true, Usage: "write a heap profile at the end of the run (every allocation, and what the last collection left in use) to `FILE`"},
	}
}

// startProfiles starts what profileFlags ask for; the returned function
// stops the trace and the CPU profile and writes the heap profile.
func startProfiles(c *cli.Context) (stop func() error, err error) {
	stopCPU, err := record(c, "cpuprofile", pprof.StartCPUProfile, pprof.StopCPUProfile)
	if err != nil {
		return nil, err
	}
	stopTrace, err := record(c, "trace", trace.Start, trace.Stop)
	if err != nil {
		return nil, errors.Join(err, stopCPU())
	}
	if c.String("memprofile") != "" {
		// Every allocation, so that the profile names what grows with rows.
		runtime.MemProfileRate = 4096
	}
	return func() error {
		if err := errors.Join(stopTrace(), stopCPU()); err != nil {
			return err
		}
		if p := c.String("memprofile"); p != "" {
			f, err := os.Create(p)
			if err != nil {
				return fmt.Errorf("--memprofile: %w", err)
			}
			// The profile is written only once Close has succeeded.
			err = errors.Join(pprof.Lookup("allocs").WriteTo(f, 0), f.Close())
			if err != nil {
				return fmt.Errorf("--memprofile: %w", err)
			}
		}
		return nil
	}, nil
}

// record starts the recording the flag asks for, if it names a file:
// start writes into the file until stop; the returned function stops it
// and closes the file.
func record(c *cli.Context, flag string, start func(io.Writer) error, stop func()) (func() error, error) {
	p := c.String(flag)
	if p == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(p)
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", flag, err)
	}
	if err := start(f); err != nil {
		return nil, fmt.Errorf("--%s: %w", flag, errors.Join(err, f.Close()))
	}
	return func() error {
		stop()
		if err := f.Close(); err != nil {
			return fmt.Errorf("--%s: %w", flag, err)
		}
		return nil
	}, nil
}
