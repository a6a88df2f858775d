package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash/maphash"
	"io"
	"os"
	"strconv"
	"sync/atomic"
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
//     pass to hash. Its bytes are hashed on a goroutine of their own from
//     the start of Read (zipDigest), while the files before it are read:
//     SHA-256 for the record, and a quick 64-bit hash of the same bytes.
//     When the workbook has been read its size and time are checked and
//     its bytes hashed again with the quick hash alone (reader.close), a
//     third of SHA-256's time: on a million-row export the two SHA-256
//     passes, one before and one after the read, were ~90 ms of the
//     audit's wall (issue 24). The quick hash tells any accidental change
//     (a sync client, a second export); it is not the record's, which
//     stays SHA-256;
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

// notRegular is the *InputError for a path that is there and is neither a
// folder nor a regular file (a pipe, a device), else nil. It only looks:
// opening a named pipe waits for a writer, and a pipe has no size to hold
// a read to.
func notRegular(path string) error {
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() && !fi.Mode().IsRegular() {
		return inputError(InputError{File: path}, "ingest.probe.not_regular", nil)
	}
	return nil
}

// ReadFileHeld reads a whole file and returns exactly the bytes read and
// their SHA-256; a file whose size or modification time is not the same
// after the read as before, or that gave more or fewer bytes than its
// size, changed while it was read: ChangedError. max bounds the size (0:
// none). Errors are *InputError naming the file.
func ReadFileHeld(path string, max int64) ([]byte, string, error) {
	if err := notRegular(path); err != nil {
		return nil, "", err
	}
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

// quickSeed keys the quick hash: the same for every pass of one process,
// which is all the check needs (maphash is not meant to be kept).
var quickSeed = maphash.MakeSeed()

// quickSum is the quick hash of path's bytes now.
func quickSum(path string) (uint64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer func() { _ = f.Close() }() // opened read-only: Close loses nothing
	var q maphash.Hash
	q.SetSeed(quickSeed)
	// The file hidden behind an io.Reader: *os.File's WriteTo would copy
	// through a buffer of its own, eight times smaller.
	if _, err := io.CopyBuffer(&q, struct{ io.Reader }{f}, make([]byte, digestChunk)); err != nil {
		return 0, err
	}
	return q.Sum64(), nil
}

// digestChunk is the size of the reads that hash a file: large enough
// that the system calls cost nothing next to the hashing.
const digestChunk = 256 << 10

// zipDigest is an xlsx input's bytes hashed on a goroutine of its own:
// the file's size and time, then SHA-256 and the quick hash of its bytes.
// A file that does not start as a zip is left alone (skipped): a CSV's
// bytes are hashed as parsed.
type zipDigest struct {
	done    chan struct{}
	state   fileState
	sha256  string
	quick   uint64
	skipped bool
	err     error
}

// startDigest starts hashing path; stop makes it give up at its next
// read (a Read that failed before it needed the file).
func startDigest(path string, stop *atomic.Bool) *zipDigest {
	d := &zipDigest{done: make(chan struct{})}
	go func() {
		defer close(d.done)
		d.err = d.hash(path, stop)
	}()
	return d
}

// errStopped is a digest given up (startDigest's stop).
var errStopped = errors.New("stopped")

func (d *zipDigest) hash(path string, stop *atomic.Bool) error {
	// Only a regular file is opened: opening a named pipe would wait for a
	// writer, and reading one would take the bytes from the real read (the
	// probe refuses it: it has no size).
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
		d.skipped = err == nil
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }() // opened read-only: Close loses nothing
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		d.skipped = true // replaced by something else since the Stat
		return nil
	}
	d.state = stateOf(fi)
	h := sha256.New()
	var q maphash.Hash
	q.SetSeed(quickSeed)
	buf := make([]byte, digestChunk)
	for first := true; ; first = false {
		if stop.Load() {
			return errStopped
		}
		n, err := io.ReadFull(f, buf)
		if first && !bytes.HasPrefix(buf[:n], magicZip) {
			d.skipped = true
			return nil
		}
		h.Write(buf[:n])
		q.Write(buf[:n])
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return err
		}
	}
	d.sha256 = hex.EncodeToString(h.Sum(nil))
	d.quick = q.Sum64()
	return nil
}

// wait is the digest once taken.
func (d *zipDigest) wait() *zipDigest {
	<-d.done
	return d
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
		q, err := quickSum(src.path)
		if err != nil || q != p.quick {
			return ChangedError(src.path)
		}
	}
	return nil
}
