package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The hidden profile flags write real profiles: the bench/ scripts and the
// heap figures in docs/internals.md depend on them.
func TestProfileFlags(t *testing.T) {
	dir := t.TempDir()
	cpu, mem, tr := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof"), filepath.Join(dir, "run.trace")
	args := append([]string{"--cpuprofile", cpu, "--memprofile", mem, "--trace", tr, "audit"},
		sample("--out", filepath.Join(dir, "out"), "--format", "json", "--quiet")...)
	if code, _, stderr := runCLI(t, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, p := range []string{cpu, mem} {
		fi, err := os.Stat(p)
		if err != nil || fi.Size() == 0 {
			t.Errorf("%s: want a profile, got %v (%v)", filepath.Base(p), fi, err)
		}
	}
	// An execution trace (go tool trace) starts with its version line.
	if b, err := os.ReadFile(tr); err != nil || !strings.HasPrefix(string(b), "go 1.") {
		t.Errorf("--trace: want an execution trace, got %d bytes (%v)", len(b), err)
	}
	if code, _, _ := runCLI(t, "--cpuprofile", filepath.Join(dir, "missing", "cpu.prof"), "rules"); code != 2 {
		t.Errorf("unwritable --cpuprofile: exit %d, want 2", code)
	}
}
