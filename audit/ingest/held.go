package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/wecom-audit/auditor/catalog"
)

// Inputs held still (issue 23). A file that a sync client or a second
// export rewrites while it is read gives rows from no version of it, and a
// recorded SHA-256 that matches no version either. So the digest recorded
// for an input is that of exactly the bytes parsed, and a file whose size,
// modification time or content differs between the start and the end of
// its read stops the run:
//   - CSV: the bytes the parser reads pass through a hasher; at the end of
//     the file the digest must be the probe's and the size and time those
//     the probe saw (csvSheet.Next, reader.close);
//   - xlsx: the zip is read at offsets (io.ReaderAt), so there is no one
//     pass to hash; its size and time are checked and its bytes hashed
//     again when the workbook has been read (reader.close);
//   - whole small files (the YAML profile, earlier JSON reports, JSON
//     outcome files): ReadFileHeld hashes what it read and compares the
//     file's size and time before and after.

// ChangedError is the *InputError for a file that changed while read.
func ChangedError(path string) error {
	return inputError(InputError{File: path}, "ingest.error.changed", nil)
}

// wrapRead lets tests put a reader they control between a file and its
// parser (to change the file at a chosen point of the read).
var wrapRead = func(path string, r io.Reader) io.Reader { return r }

// fileState is what a file's stat says of its content.
type fileState struct {
	size  int64
	mtime time.Time
}

func stateOf(fi os.FileInfo) fileState { return fileState{fi.Size(), fi.ModTime()} }

// sameAs reports whether path still has the state st.
func (st fileState) sameAs(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && stateOf(fi) == st
}

// ReadFileHeld reads a whole file and returns exactly the bytes read and
// their SHA-256; a file whose size or modification time is not the same
// after the read as before, or that gave more or fewer bytes than its
// size, changed while it was read: ChangedError. max bounds the size (0:
// none). Errors are *InputError naming the file.
func ReadFileHeld(path string, max int64) ([]byte, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", cannotRead(path, err)
	}
	defer func() { _ = f.Close() }() // opened read-only: Close loses nothing
	fi, err := f.Stat()
	if err != nil {
		return nil, "", cannotRead(path, err)
	}
	if fi.IsDir() {
		return nil, "", inputError(InputError{File: path}, "ingest.error.folder", nil)
	}
	if max > 0 && fi.Size() > max {
		return nil, "", inputError(InputError{File: path}, "ingest.error.too_big", catalog.Args{"size": strconv.FormatInt(fi.Size(), 10), "max": strconv.FormatInt(max, 10)})
	}
	before := stateOf(fi)
	var buf bytes.Buffer
	buf.Grow(int(fi.Size()))
	if _, err := io.Copy(&buf, wrapRead(path, f)); err != nil {
		return nil, "", cannotRead(path, err)
	}
	if int64(buf.Len()) != before.size || !before.sameAs(path) {
		return nil, "", ChangedError(path)
	}
	sum := sha256.Sum256(buf.Bytes())
	return buf.Bytes(), hex.EncodeToString(sum[:]), nil
}

// hashFile is the SHA-256 of path's bytes now.
func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer func() { _ = f.Close() }() // opened read-only: Close loses nothing
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// heldStill checks, once a source has been read, that it is the file the
// probe saw: the same size and time and, for a workbook (read at offsets,
// not in one pass), the same bytes. A CSV's bytes were hashed as parsed
// (csvSheet.Next).
func heldStill(src *source) error {
	p := src.probe
	if p.noFile {
		return nil
	}
	if !p.state.sameAs(src.path) {
		return ChangedError(src.path)
	}
	if p.format == formatXLSX {
		sum, err := hashFile(src.path)
		if err != nil || sum != p.sha256 {
			return ChangedError(src.path)
		}
	}
	return nil
}
