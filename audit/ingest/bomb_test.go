package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadRefusesBomb: through Read, a contacts workbook of a few MB whose
// shared strings expand to 1.2 GiB stops the run with an *InputError
// naming the file (exit status 2 in the CLI), not a crash or gigabytes of
// memory (xlsxstream's TestSharedStringsBomb has the reader's side).
func TestReadRefusesBomb(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	if err := os.WriteFile(roster, []byte("userid\nzhangsan\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bomb := filepath.Join(dir, "contacts.xlsx")
	writeFile(t, bomb, sharedStringsBomb(t, 1200<<20))
	_, _, err := Read(Options{Roster: roster, Contacts: []string{bomb}})
	var ie *InputError
	if !errors.As(err, &ie) || ie.File != bomb || !strings.Contains(ie.Msg, "zip bomb") {
		t.Fatalf("err = %v", err)
	}
}

// sharedStringsBomb is a workbook whose shared strings inflate to about
// size bytes: one deflated block of items repeated (each flushed segment
// decodes on its own), so nothing of that size is ever compressed here.
func sharedStringsBomb(t *testing.T, size int64) []byte {
	block := []byte(strings.Repeat("<si><t>"+strings.Repeat("炸", 300)+"</t></si>", 1000))
	seg := func(b []byte, final bool) []byte {
		var out bytes.Buffer
		fw, _ := flate.NewWriter(&out, flate.BestCompression)
		fw.Write(b)
		if final {
			fw.Close()
		} else {
			fw.Flush()
		}
		return out.Bytes()
	}
	head := []byte(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	tail := []byte("</sst>")
	var comp bytes.Buffer
	comp.Write(seg(head, false))
	crc := crc32.ChecksumIEEE(head)
	n := size / int64(len(block))
	blockSeg := seg(block, false)
	for i := int64(0); i < n; i++ {
		comp.Write(blockSeg)
		crc = crc32.Update(crc, crc32.IEEETable, block)
	}
	comp.Write(seg(tail, true))
	crc = crc32.Update(crc, crc32.IEEETable, tail)

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range [][2]string{
		{"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="客户" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`},
	} {
		w, _ := zw.Create(p[0])
		w.Write([]byte(p[1]))
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/sharedStrings.xml", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: uint64(int64(len(head)) + n*int64(len(block)) + int64(len(tail)))})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
