package main

import (
	"errors"
	"fmt"
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
// stops the CPU profile and writes the heap profile.
func startProfiles(c *cli.Context) (stop func() error, err error) {
	var cpu *os.File
	if p := c.String("cpuprofile"); p != "" {
		if cpu, err = os.Create(p); err != nil {
			return nil, fmt.Errorf("--cpuprofile: %w", err)
		}
		if err = pprof.StartCPUProfile(cpu); err != nil {
			return nil, fmt.Errorf("--cpuprofile: %w", errors.Join(err, cpu.Close()))
		}
	}
	var tr *os.File
	if p := c.String("trace"); p != "" {
		if tr, err = os.Create(p); err != nil {
			return nil, fmt.Errorf("--trace: %w", err)
		}
		if err = trace.Start(tr); err != nil {
			return nil, fmt.Errorf("--trace: %w", errors.Join(err, tr.Close()))
		}
	}
	if c.String("memprofile") != "" {
		// Every allocation, so that the profile names what grows with rows.
		runtime.MemProfileRate = 4096
	}
	return func() error {
		if tr != nil {
			trace.Stop()
			if err := tr.Close(); err != nil {
				return fmt.Errorf("--trace: %w", err)
			}
		}
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				return fmt.Errorf("--cpuprofile: %w", err)
			}
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
