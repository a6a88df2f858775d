// Command floor measures the floor for reading an xlsx export: inflate every
// sheet part and the shared-string table and byte-scan them for cells and
// rows, doing nothing else. bench/run.sh compares the audit against it.
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
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: floor FILE.xlsx ...")
		os.Exit(2)
	}
	start := time.Now()
	var cells, rows int
	for _, path := range os.Args[1:] {
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
