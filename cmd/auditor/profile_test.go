package main

import (
	"os"
	"path/filepath"
	"testing"
)

// The hidden profile flags write real profiles: the bench/ scripts and the
// heap figures in docs/internals.md depend on them.
func TestProfileFlags(t *testing.T) {
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	args := append([]string{"--cpuprofile", cpu, "--memprofile", mem, "audit"},
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
	if code, _, _ := runCLI(t, "--cpuprofile", filepath.Join(dir, "missing", "cpu.prof"), "rules"); code != 2 {
		t.Errorf("unwritable --cpuprofile: exit %d, want 2", code)
	}
}
