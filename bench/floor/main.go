// Command floor measures the floor for reading an xlsx export: inflate every
// sheet part and the shared-string table and byte-scan them for cells and
// rows, doing nothing else. bench/run.sh compares the audit against it.
//
//	floor FILE.xlsx ...            seconds rows cells (inflate + byte-scan)
//	floor -inflate FILE.xlsx ...   seconds bytes (inflate only, with Go's
//	                               compress/flate: the floor below which no
//	                               xlsx reader on the standard library can go)
//	floor -inflate-fast FILE ...   the same with klauspost/compress's flate,
//	                               the decompressor the audit uses (issue 24)
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	kflate "github.com/klauspost/compress/flate"
)

func main() {
	args := os.Args[1:]
	inflateOnly := len(args) > 0 && (args[0] == "-inflate" || args[0] == "-inflate-fast")
	fast := len(args) > 0 && args[0] == "-inflate-fast"
	if inflateOnly {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: floor [-inflate|-inflate-fast] FILE.xlsx ...")
		os.Exit(2)
	}
	start := time.Now()
	if inflateOnly {
		var total int64
		for _, path := range args {
			n, err := inflate(path, fast)
			if err != nil {
				fmt.Fprintln(os.Stderr, "floor:", err)
				os.Exit(2)
			}
			total += n
		}
		fmt.Printf("%.3f %d\n", time.Since(start).Seconds(), total)
		return
	}
	var cells, rows int
	for _, path := range args {
		c, r, err := scan(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(2)
		}
		cells += c
		rows += r
	}
	fmt.Printf("%.3f %d %d\n", time.Since(start).Seconds(), rows, cells)
}

func scan(path string) (cells, rows int, err error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return 0, 0, err
	}
	defer zr.Close()
	buf := make([]byte, 1<<20)
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") && f.Name != "xl/sharedStrings.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return 0, 0, err
		}
		br := bufio.NewReaderSize(rc, 1<<20)
		var carry []byte
		for {
			n, err := br.Read(buf)
			chunk := append(carry, buf[:n]...)
			cells += bytes.Count(chunk, []byte("<c "))
			rows += bytes.Count(chunk, []byte("<row"))
			// Keep the last 3 bytes so a tag split across reads is counted once.
			if len(chunk) > 3 {
				carry = append(carry[:0], chunk[len(chunk)-3:]...)
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				rc.Close()
				return 0, 0, err
			}
		}
		rc.Close()
	}
	return cells, rows, nil
}

// inflate decompresses the parts scan reads and discards the bytes, with
// compress/flate or, fast, with klauspost/compress's flate.
func inflate(path string, fast bool) (int64, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return 0, err
	}
	defer zr.Close()
	if fast {
		zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return kflate.NewReader(r) })
	}
	buf := make([]byte, 1<<20)
	var total int64
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") && f.Name != "xl/sharedStrings.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return 0, err
		}
		n, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{rc}, buf)
		rc.Close()
		total += n
		if err != nil {
			return 0, err
		}
	}
	return total, nil
}
