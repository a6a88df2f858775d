package xlsxstream

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sstBomb writes a workbook of a few MB whose shared strings inflate to
// about size bytes: one block of repeated items, deflated once and
// repeated (each flushed segment decodes on its own), so the test does not
// have to compress a GiB.
func sstBomb(t testing.TB, size int64) string {
	t.Helper()
	item := "<si><t>" + strings.Repeat("炸", 300) + "</t></si>"
	block := []byte(strings.Repeat(item, (1<<20)/len(item)))
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
	head := []byte(fastSSTHead)
	tail := []byte("</sst>")
	n := size / int64(len(block))
	var comp bytes.Buffer
	crc := crc32.Update(0, crc32.IEEETable, head)
	comp.Write(seg(head, false))
	blockSeg := seg(block, false)
	for i := int64(0); i < n; i++ {
		comp.Write(blockSeg)
		crc = crc32.Update(crc, crc32.IEEETable, block)
	}
	comp.Write(seg(tail, true))
	crc = crc32.Update(crc, crc32.IEEETable, tail)

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range []struct{ name, body string }{
		{"_rels/.rels", fastRootRels}, {"xl/workbook.xml", fastWorkbookXML},
		{"xl/_rels/workbook.xml.rels", fastWorkbookRels}, {"xl/styles.xml", fastStylesXML},
		{"xl/worksheets/sheet1.xml", fastSheetHead + `<row r="1"><c r="A1" t="s"><v>0</v></c></row>` + fastSheetTail},
	} {
		w, _ := zw.Create(p.name)
		w.Write([]byte(p.body))
	}
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: "xl/sharedStrings.xml", Method: zip.Deflate, CRC32: crc,
		CompressedSize64:   uint64(comp.Len()),
		UncompressedSize64: uint64(int64(len(head)) + n*int64(len(block)) + int64(len(tail))),
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "sst-bomb.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSharedStringsBomb: a workbook of a few MB whose shared strings expand
// to 1.2 GiB is refused by both readers, naming the file, before the table
// is held (issue 12). Peak memory, measured once with /usr/bin/time -v on
// this test alone, is in docs/xlsx-reader.md.
func TestSharedStringsBomb(t *testing.T) {
	path := sstBomb(t, 1200<<20)
	st, _ := os.Stat(path)
	if st.Size() > 8<<20 {
		t.Fatalf("the bomb is %d bytes; it should be a few MB", st.Size())
	}
	_, err := Open(path)
	fastWantBomb(t, err)
	_, err = openXLSX(path)
	fastWantBomb(t, err)
	if t.Failed() {
		return
	}
	// Under the floor a table reads however well it compresses.
	ok := sstBomb(t, 8<<20)
	wb, err := Open(ok)
	if err != nil {
		t.Fatalf("an 8 MB table of %s: %v", ok, err)
	}
	wb.Close()
}
