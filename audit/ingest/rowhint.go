package ingest

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"strings"
)

// contactRowHint estimates how many rows the contact exports hold, so that
// the duplicate check's table is sized once, up front (relSet). It reads
// the first rowHintSample bytes of each sheet (inflated) or CSV file,
// counts the rows in them and scales by the part's size. A part shorter
// than the sample is counted exactly. It is only an estimate: a low one
// costs a further table, a high one memory, so it is bounded by what the
// file's bytes can hold (a sheet row takes at least two compressed bytes)
// and by Excel's row limit. Unreadable files count 0: reading them
// properly reports what is wrong.
func contactRowHint(paths []string) int {
	total := 0
	for _, p := range paths {
		total += fileRowHint(p)
	}
	return total
}

const (
	rowHintSample  = 256 << 10
	excelMaxRows   = 1 << 20
	minRowZipBytes = 2
)

func fileRowHint(path string) int {
	// Only a regular file: a pipe would wait for a writer, or lose the
	// bytes the real read needs (the probe refuses it).
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return 0
	}
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer func() { _ = f.Close() }() // opened read-only: Close loses nothing
	st, err := f.Stat()
	if err != nil {
		return 0
	}
	magic := make([]byte, 4)
	if _, err := io.ReadFull(f, magic); err != nil {
		return 0
	}
	if string(magic) != "PK\x03\x04" {
		// CSV (or something the reader will refuse).
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return 0
		}
		return sampleRows(f, st.Size(), []byte("\n"), int(st.Size()/minRowZipBytes))
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return 0
	}
	total := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") || !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			continue
		}
		total += sampleRows(rc, int64(min(zf.UncompressedSize64, 1<<62)), []byte("<row"),
			min(excelMaxRows, int(min(zf.CompressedSize64, 1<<40)/minRowZipBytes)+1))
		rc.Close()
	}
	return total
}

// sampleRows counts sep in the first rowHintSample bytes of r and scales
// the count to size bytes, capped at limit.
func sampleRows(r io.Reader, size int64, sep []byte, limit int) int {
	buf := make([]byte, rowHintSample)
	n, err := io.ReadFull(r, buf)
	rows := bytes.Count(buf[:n], sep)
	if err == nil && n > 0 && size > int64(n) {
		// Scale, with a little room for rows that grow later in the part.
		rows = int(float64(rows) * float64(size) / float64(n) * 1.05)
	}
	return max(0, min(rows, limit))
}
