package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// changeAt is a reader the test controls: after `after` bytes it calls
// change (which rewrites the file on disk), once; reads are kept small so
// that the change falls in the middle of the file.
type changeAt struct {
	r      io.Reader
	after  int
	read   int
	change func()
}

func (c *changeAt) Read(p []byte) (int, error) {
	if c.change != nil && c.read >= c.after {
		c.change()
		c.change = nil
	}
	n, err := c.r.Read(p[:min(len(p), 4096)])
	c.read += n
	return n, err
}

// changeDuringRead makes the next read of path through wrapRead call
// change after `after` bytes.
func changeDuringRead(t *testing.T, path string, after int, change func()) {
	t.Helper()
	old := wrapRead
	t.Cleanup(func() { wrapRead = old })
	wrapRead = func(p string, r io.Reader) io.Reader {
		if p != path {
			return r
		}
		return &changeAt{r: r, after: after, change: change}
	}
}

func changedErr(t *testing.T, err error, path string) {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) || ie.File != path || !strings.Contains(ie.Msg, "changed while it was read") {
		t.Fatalf("err = %v; want %s changed while it was read", err, path)
	}
}

func bigContacts(rows int) string {
	var b strings.Builder
	b.WriteString("添加人账号,客户ID\n")
	for i := range rows {
		fmt.Fprintf(&b, "a,wm%07d\n", i)
	}
	return b.String()
}

// TestCSVChangedWhileRead: a contacts CSV truncated, or rewritten with
// other bytes of the same size, in the middle of its read stops the run
// naming the file; unchanged, the digest recorded is that of the bytes read.
func TestCSVChangedWhileRead(t *testing.T) {
	body := bigContacts(20000) // about 240 KB
	for _, tt := range []struct {
		name   string
		change func(path string)
	}{
		{"truncated", func(path string) { os.Truncate(path, int64(len(body)/3)) }},
		{"same size, other bytes", func(path string) {
			f, _ := os.OpenFile(path, os.O_WRONLY, 0)
			f.WriteAt([]byte(strings.Repeat("b", 1000)), int64(len(body)-2000))
			f.Close()
			// The time put back: only the content tells.
			os.Chtimes(path, time.Unix(1e9, 0), time.Unix(1e9, 0))
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			roster := filepath.Join(dir, "roster.csv")
			writeFile(t, roster, []byte("userid\na\n"))
			c := filepath.Join(dir, "contacts.csv")
			writeFile(t, c, []byte(body))
			os.Chtimes(c, time.Unix(1e9, 0), time.Unix(1e9, 0))
			changeDuringRead(t, c, 64<<10, func() { tt.change(c) })
			_, _, err := Read(Options{Roster: roster, Contacts: []string{c}})
			changedErr(t, err, c)
		})
	}
}

// TestXLSXChangedWhileRead: a workbook rewritten while its sheets are read
// (it is read at offsets, so it is checked after) stops the run.
func TestXLSXChangedWhileRead(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	writeFile(t, roster, []byte("userid\na\n"))
	x := filepath.Join(dir, "contacts.xlsx")
	writeXLSX(t, x, sheetData{"客户", rowsOf([]string{"添加人账号", "客户ID"}, []string{"a", "wm1"}, []string{"a", "wm2"})})
	first, _ := os.ReadFile(x)
	for _, tt := range []struct {
		name   string
		change func()
	}{
		// Another export written over it once it has been opened: the
		// read fails part way, and is said to be a change, not damage.
		{"rewritten", func() {
			writeXLSX(t, x, sheetData{"客户", rowsOf([]string{"添加人账号", "客户ID"}, []string{"a", "wm9"})})
		}},
		// Bytes added after the zip's end: every row still reads; the
		// check after the read tells.
		{"grown", func() {
			f, _ := os.OpenFile(x, os.O_APPEND|os.O_WRONLY, 0)
			f.WriteString("sync client")
			f.Close()
		}},
		// One byte no reader looks at (the first entry's time in its local
		// header), the size and the time kept: every row still reads the
		// same, and only the content, hashed again after the read, tells.
		{"same size and time, other bytes", func() {
			f, _ := os.OpenFile(x, os.O_WRONLY, 0)
			f.WriteAt([]byte{first[10] ^ 0xff}, 10)
			f.Close()
			os.Chtimes(x, time.Unix(1e9, 0), time.Unix(1e9, 0))
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			writeFile(t, x, first)
			os.Chtimes(x, time.Unix(1e9, 0), time.Unix(1e9, 0))
			old := openInputFile
			t.Cleanup(func() { openInputFile = old })
			openInputFile = func(path string) (Workbook, *probe, error) {
				wb, p, err := openInput(path)
				if err == nil && path == x {
					tt.change()
				}
				return wb, p, err
			}
			_, _, err := Read(Options{Roster: roster, Contacts: []string{x}})
			changedErr(t, err, x)
		})
	}
}

// TestProfileChangedWhileRead: the YAML profile too.
func TestProfileChangedWhileRead(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	writeFile(t, roster, []byte("userid\na\n"))
	c := filepath.Join(dir, "contacts.csv")
	writeFile(t, c, []byte("添加人账号,客户ID\na,wm1\n"))
	prof := filepath.Join(dir, "profile.yaml")
	writeFile(t, prof, []byte("verified: true\n"+strings.Repeat("# note\n", 2000)))
	changeDuringRead(t, prof, 4096, func() { os.Truncate(prof, 100) })
	_, _, err := Read(Options{Roster: roster, Contacts: []string{c}, Profile: prof})
	changedErr(t, err, prof)
}

// TestReadFileHeld: the whole-file reader of reports and outcome files
// returns the digest of the bytes read, and refuses a file that grew or
// shrank while read.
func TestReadFileHeld(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.json")
	body := strings.Repeat(`{"x":1}`+"\n", 5000)
	writeFile(t, path, []byte(body))
	b, sum, err := ReadFileHeld(path, 0)
	if err != nil || string(b) != body {
		t.Fatalf("unchanged: err %v", err)
	}
	if want, _ := hashFile(path); sum != want {
		t.Errorf("sha %s; want %s", sum, want)
	}
	for _, change := range []func(){
		func() { os.Truncate(path, 10) },
		func() {
			f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			f.WriteString("more\n")
			f.Close()
		},
	} {
		writeFile(t, path, []byte(body))
		changeDuringRead(t, path, 8192, change)
		_, _, err := ReadFileHeld(path, 0)
		changedErr(t, err, path)
	}
}

// hashFile is the SHA-256 of path's bytes now.
func hashFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
