//go:build unix

package ingest

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestNamedPipeNotWaitedFor: a named pipe given as an input (no writer
// ever comes) is refused, saying what it is: by the probe of a sheet, by
// the whole-file reader of a profile, by the role check of a folder's
// files. Nothing before the probe (the row estimate, the digests beside
// the read) opens it and waits for a writer.
func TestNamedPipeNotWaitedFor(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	writeFile(t, roster, []byte("userid\na\n"))
	fifo := filepath.Join(dir, "contacts.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, _, err := Read(Options{Roster: roster, Contacts: []string{fifo}})
		done <- err
	}()
	select {
	case err := <-done:
		inputErr(t, err, "contacts.csv: is not a regular file (a pipe or a device")
	case <-time.After(10 * time.Second):
		t.Fatal("Read waits on a named pipe")
	}
	// The whole-file reader (the profile, earlier reports, waivers,
	// outcome files) says the same.
	c := filepath.Join(dir, "contacts-ok.csv")
	writeFile(t, c, []byte("添加人账号,客户ID\na,wm1\n"))
	go func() {
		_, _, err := Read(Options{Roster: roster, Contacts: []string{c}, Profile: fifo})
		done <- err
	}()
	select {
	case err := <-done:
		inputErr(t, err, "contacts.csv: is not a regular file (a pipe or a device")
	case <-time.After(10 * time.Second):
		t.Fatal("ReadFileHeld waits on a named pipe")
	}
	// And the role check of a folder's files, for one named as a profile.
	yml := filepath.Join(dir, "profile.yaml")
	if err := syscall.Mkfifo(yml, 0o644); err != nil {
		t.Fatal(err)
	}
	go func() {
		_, err := DetectRole(yml)
		done <- err
	}()
	select {
	case err := <-done:
		inputErr(t, err, "profile.yaml: is not a regular file (a pipe or a device")
	case <-time.After(10 * time.Second):
		t.Fatal("DetectRole waits on a named pipe")
	}
}
