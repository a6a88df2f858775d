package xlsxstream

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Benchmarks for the xlsx readers over a generated contacts export of
// benchRows rows × 8 columns (AUDITOR_BENCH_ROWS overrides: 1000000 for the
// issue-8 figure), in the two shapes exports come in: shared strings (what
// Excel and servers write) and inline strings (what excelize streams).
// The files are cached in the temporary folder, so a second run (and a run
// under /usr/bin/time -v for peak memory) reads without generating.
//
//	go test ./audit/ingest -run '^$' -bench 'Read|Floor' -benchtime 3x
//	AUDITOR_BENCH_ROWS=1000000 go test ./audit/ingest -run '^$' -bench 'Read|Floor' -benchtime 1x

var benchFiles sync.Map // variant → path

// benchRows is the workbook's size; AUDITOR_BENCH_ROWS=1000000 gives the
// issue-8 figure.
func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("AUDITOR_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// benchWorkbook returns the cached contacts workbook of the variant
// ("shared" or "inline"), generating it the first time.
func benchWorkbook(b testing.TB, variant string) string {
	rows := benchRows()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("auditor-bench-contacts-%d-%s.xlsx", rows, variant))
	if _, ok := benchFiles.Load(path); ok {
		return path
	}
	if _, err := os.Stat(path); err != nil {
		tmp := strings.TrimSuffix(path, ".xlsx") + ".part.xlsx" // excelize wants the extension
		var err error
		if variant == "shared" {
			err = writeSharedContacts(tmp, rows)
		} else {
			err = writeInlineContacts(tmp, rows)
		}
		if err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
	}
	benchFiles.Store(path, true)
	return path
}

var benchHeader = []string{"添加人账号", "客户ID", "客户名称", "类型", "添加时间", "手机号", "备注", "标签"}

// benchRow is row i's values: 5,000 owners, unique external ids and
// names, a date serial and an 11-digit phone number.
func benchRow(i int) (owner, extID, name, kind string, added float64, phone int64, remark, label string) {
	owner = fmt.Sprintf("user%04d", i%5000)
	extID = fmt.Sprintf("wmQ7xKdEAA%022d", i)
	name = fmt.Sprintf("客户%d号", i)
	kind = "客户"
	if i%7 == 0 {
		kind = "外部联系人"
	}
	added = 44000 + float64(i%2000) + float64(i%86400)/86400
	phone = 13800000000 + int64(i)
	remark = fmt.Sprintf("来自活动 %d", i%50)
	label = []string{"重要", "一般", "潜在"}[i%3]
	return
}

func writeInlineContacts(path string, rows int) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 22})
	if err != nil {
		return err
	}
	head := make([]any, len(benchHeader))
	for i, h := range benchHeader {
		head[i] = h
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	vals := make([]any, 8)
	for i := 0; i < rows; i++ {
		owner, ext, name, kind, added, phone, remark, label := benchRow(i)
		vals[0], vals[1], vals[2], vals[3] = owner, ext, name, kind
		vals[4] = excelize.Cell{StyleID: dateStyle, Value: added}
		vals[5], vals[6], vals[7] = phone, remark, label
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// writeSharedContacts writes the zip itself, as Excel would lay it out
// (every text in the shared-string table, cells t="s"): excelize's
// SetCellValue holds the whole sheet in memory and takes minutes at a
// million rows.
func writeSharedContacts(path string, rows int) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	add := func(name, body string) error {
		w, err := zw.Create(name)
		if err == nil {
			_, err = io.WriteString(w, body)
		}
		return err
	}
	if err := add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`); err != nil {
		return err
	}
	for name, body := range map[string]string{
		"_rels/.rels":                fastRootRels,
		"xl/workbook.xml":            fastWorkbookXML,
		"xl/_rels/workbook.xml.rels": fastWorkbookRels,
		"xl/styles.xml":              fastStylesXML,
	} {
		if err := add(name, body); err != nil {
			return err
		}
	}
	// Strings get their index the first time they are met, as Excel
	// numbers them.
	index := map[string]int{}
	var order []string
	sst := func(s string) int {
		i, ok := index[s]
		if !ok {
			i = len(order)
			index[s] = i
			order = append(order, s)
		}
		return i
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(fastSheetHead)
	bw.WriteString(`<row r="1" spans="1:8">`)
	for c, h := range benchHeader {
		fmt.Fprintf(bw, `<c r="%s1" t="s"><v>%d</v></c>`, string(rune('A'+c)), sst(h))
	}
	bw.WriteString(`</row>`)
	var line []byte
	for i := 0; i < rows; i++ {
		owner, ext, name, kind, added, phone, remark, label := benchRow(i)
		r := strconv.Itoa(i + 2)
		line = append(line[:0], `<row r="`...)
		line = append(line, r...)
		line = append(line, `" spans="1:8">`...)
		for c, v := range []string{owner, ext, name, kind} {
			line = append(line, `<c r="`...)
			line = append(line, byte('A'+c))
			line = append(line, r...)
			line = append(line, `" t="s"><v>`...)
			line = strconv.AppendInt(line, int64(sst(v)), 10)
			line = append(line, `</v></c>`...)
		}
		line = append(line, `<c r="E`...)
		line = append(line, r...)
		line = append(line, `" s="1"><v>`...)
		line = strconv.AppendFloat(line, added, 'f', -1, 64)
		line = append(line, `</v></c><c r="F`...)
		line = append(line, r...)
		line = append(line, `"><v>`...)
		line = strconv.AppendInt(line, phone, 10)
		line = append(line, `</v></c>`...)
		for c, v := range []string{remark, label} {
			line = append(line, `<c r="`...)
			line = append(line, byte('G'+c))
			line = append(line, r...)
			line = append(line, `" t="s"><v>`...)
			line = strconv.AppendInt(line, int64(sst(v)), 10)
			line = append(line, `</v></c>`...)
		}
		line = append(line, `</row>`...)
		bw.Write(line)
	}
	bw.WriteString(fastSheetTail)
	if err := bw.Flush(); err != nil {
		return err
	}
	w, err = zw.Create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	bw = bufio.NewWriterSize(w, 1<<20)
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, rows*6+8, len(order))
	for _, s := range order {
		bw.WriteString("<si><t>")
		bw.WriteString(s) // generated text has nothing to escape
		bw.WriteString("</t></si>")
	}
	bw.WriteString("</sst>")
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// benchRead reads every row of the workbook's first sheet, touching each
// cell's text, with the reader the hook picks (or excelize when forced);
// cols, when set, is handed to a ColumnFilter. (Package ingest's
// BenchmarkReadContactsXLSX measures the reader under the role readers,
// through their read-ahead.)
func benchRead(b *testing.B, path string, excelizeOnly bool, cols []int) {
	forceExcelize = excelizeOnly
	defer func() { forceExcelize = false }()
	b.ReportAllocs()
	var rows int
	var bytesSeen int
	for b.Loop() {
		wb, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		sh, err := wb.OpenSheet(wb.SheetNames()[0])
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := sh.(*fastSheet); !ok && !excelizeOnly {
			b.Fatalf("the fast reader was not used (%T)", sh)
		}
		// The header row, then the filter, as the role readers do.
		rows = 0
		if sh.Next() {
			rows++
		}
		if cf, ok := sh.(ColumnFilter); ok && cols != nil {
			cf.SetColumns(cols)
		}
		for sh.Next() {
			for _, c := range sh.Row() {
				bytesSeen += len(c.Text)
			}
			rows++
		}
		if err := sh.Err(); err != nil {
			b.Fatal(err)
		}
		sh.Close()
		wb.Close()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	reportHeap(b)
	_ = bytesSeen
}

// reportHeap adds the peak heap in use (sampled after the run: the GC's
// high-water mark is what /usr/bin/time -v shows as RSS) as a metric.
func reportHeap(b *testing.B) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapSys)/(1<<20), "heapsys-MiB")
}

func BenchmarkReadFast(b *testing.B) {
	for _, v := range []string{"shared", "inline"} {
		b.Run(v, func(b *testing.B) { benchRead(b, benchWorkbook(b, v), false, nil) })
	}
}

// BenchmarkReadFastColumns reads the five columns the contacts reader uses.
func BenchmarkReadFastColumns(b *testing.B) {
	for _, v := range []string{"shared", "inline"} {
		b.Run(v, func(b *testing.B) { benchRead(b, benchWorkbook(b, v), false, []int{0, 1, 2, 3, 4}) })
	}
}

func BenchmarkReadExcelize(b *testing.B) {
	for _, v := range []string{"shared", "inline"} {
		b.Run(v, func(b *testing.B) { benchRead(b, benchWorkbook(b, v), true, nil) })
	}
}

// BenchmarkFloor is the floor issue 8 measures against: inflate the sheet
// and count its cells ("<c ") with a byte scan, nothing else.
//
// shared+strings also inflates the shared-string table and counts its
// items: a shared-string export cannot be read without it, so that is the
// floor the fast reader's shared figure compares with.
func BenchmarkFloor(b *testing.B) {
	for _, v := range []string{"shared", "shared+strings", "inline"} {
		b.Run(v, func(b *testing.B) {
			path := benchWorkbook(b, strings.TrimSuffix(v, "+strings"))
			var cells int
			for b.Loop() {
				cells = floorCount(b, path, "xl/worksheets/sheet1.xml", "<c ")
				if v == "shared+strings" {
					cells += floorCount(b, path, "xl/sharedStrings.xml", "<si>")
				}
			}
			b.ReportMetric(float64(cells), "cells")
		})
	}
}

func floorCount(b *testing.B, path, part, what string) int {
	zr, err := zip.OpenReader(path)
	if err != nil {
		b.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != part {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			b.Fatal(err)
		}
		buf := make([]byte, 256<<10)
		n, carry := 0, 0
		for {
			m, err := rc.Read(buf[carry:])
			chunk := buf[:carry+m]
			n += bytes.Count(chunk, []byte(what))
			// Keep the last two bytes: "<c " may straddle two reads.
			carry = copy(buf, chunk[max(0, len(chunk)-2):])
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		rc.Close()
		return n
	}
	b.Fatal("no " + part)
	return 0
}

// BenchmarkDateSerial: a date cell's serial to its text, by plainSerial and
// by the general path (appendNumberText, six decimals, dateCell) that it
// spares a contacts export's million date cells.
func BenchmarkDateSerial(b *testing.B) {
	v := []byte("46317.84861111111")
	buf := make([]byte, 0, 32)
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			days, secs, ok := plainSerial(v)
			if !ok {
				b.Fatal("not plain")
			}
			buf = appendSerial(buf[:0], days, secs, false)
		}
	})
	b.Run("general", func(b *testing.B) {
		for b.Loop() {
			_, x, _ := appendNumberText(buf[:0], v)
			c := dateCell(strconv.FormatFloat(x, 'f', 6, 64), false)
			buf = append(buf[:0], c.Text...)
		}
	})
}

// BenchmarkSheetParse isolates the sheet parse (issue 18): the sheet XML
// is inflated into memory once, and each iteration reads every row of it
// with the fast sheet reader from that memory, without the inflating
// goroutine, the zip or the shared-string table (read once, outside the
// loop). "columns" sets the five columns the contacts reader asks for
// after the header, as the role readers do.
func BenchmarkSheetParse(b *testing.B) {
	for _, v := range []string{"shared", "inline"} {
		for _, cols := range [][]int{nil, {0, 1, 2, 3, 4}} {
			name := v
			if cols != nil {
				name += "-columns"
			}
			b.Run(name, func(b *testing.B) {
				path := benchWorkbook(b, v)
				w, err := openFastAs(path, false)
				if err != nil {
					b.Fatal(err)
				}
				defer w.zr.Close()
				rc, err := w.sheets[0].part.Open()
				if err != nil {
					b.Fatal(err)
				}
				data, err := io.ReadAll(rc)
				rc.Close()
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				var rows int
				for b.Loop() {
					sh := &fastSheet{wb: w, name: w.sheets[0].name, s: newXMLScan(bytes.NewReader(data), scanWindow)}
					if err := sh.start(); err != nil {
						b.Fatal(err)
					}
					rows = 0
					if sh.Next() {
						rows++
					}
					if cols != nil {
						sh.SetColumns(cols)
					}
					for sh.Next() {
						rows++
					}
					if sh.fb != nil || sh.Err() != nil {
						b.Fatalf("handed over (%v) or failed: %v", sh.fb != nil, sh.Err())
					}
				}
				b.ReportMetric(float64(rows), "rows")
			})
		}
	}
}
