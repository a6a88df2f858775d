package xlsxstream

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Zip bombs (issue 9 tests them at scale; these build the mechanism's
// cases on the fly with lowered bounds).

// fastBigSheet is a sheet of about n bytes that deflates to almost nothing.
func fastBigSheet(n int) string {
	var b strings.Builder
	b.WriteString(fastSheetHead)
	row := `<row><c t="inlineStr"><is><t>` + strings.Repeat("x", 200) + `</t></is></c></row>`
	for b.Len() < n {
		b.WriteString(row)
	}
	b.WriteString(fastSheetTail)
	return b.String()
}

func fastLowerBound(t *testing.T, v *int64, n int64) {
	old := *v
	*v = n
	t.Cleanup(func() { *v = old })
}

func fastWantBomb(t *testing.T, err error) {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T), want an *InputError", err, err)
	}
	if !strings.Contains(ie.Msg, "zip bomb") {
		t.Errorf("message %q does not say why", ie.Msg)
	}
}

// TestFastPartPastBound: the header admits a part past the bound; the sheet
// is refused before inflating, with an *InputError.
func TestFastPartPastBound(t *testing.T) {
	fastLowerBound(t, &maxPartBytes, 1<<20)
	path := fastRawWorkbook(t, fastBigSheet(3<<20), "")
	wb, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	_, err = wb.OpenSheet("Sheet1")
	fastWantBomb(t, err)
}

// TestFastSharedStringsPastBound: decoded shared strings past their bound
// refuse the workbook.
func TestFastSharedStringsPastBound(t *testing.T) {
	fastLowerBound(t, &maxSharedStringBytes, 1<<20)
	items := make([]string, 0, 3000)
	for i := 0; i < 3000; i++ {
		items = append(items, "<t>"+strings.Repeat("字", 200)+"</t>")
	}
	path := fastRawWorkbook(t, fastSheetHead+fastSheetTail, fastSST(items...))
	_, err := Open(path)
	fastWantBomb(t, err)
}

// TestFastTooManyEntries: a zip of more entries than a workbook has.
func TestFastTooManyEntries(t *testing.T) {
	old := maxZipEntries
	maxZipEntries = 20
	defer func() { maxZipEntries = old }()
	parts := map[string]string{
		"_rels/.rels":                fastRootRels,
		"xl/workbook.xml":            fastWorkbookXML,
		"xl/_rels/workbook.xml.rels": fastWorkbookRels,
		"xl/styles.xml":              fastStylesXML,
		"xl/worksheets/sheet1.xml":   fastSheetHead + fastSheetTail,
	}
	for i := 0; i < 30; i++ {
		parts["xl/media/image"+strings.Repeat("0", i)+".png"] = "x"
	}
	_, err := Open(fastZip(t, "many.xlsx", parts))
	fastWantBomb(t, err)
}

// TestFastLyingHeader: the central directory says a sheet is small; it
// inflates to far more. Reading stops with an error, never past the size
// the header gave (archive/zip holds a part to it) nor past the bound.
func TestFastLyingHeader(t *testing.T) {
	fastLowerBound(t, &maxPartBytes, 1<<20)
	big := fastBigSheet(4 << 20)
	var deflated bytes.Buffer
	fw, _ := flate.NewWriter(&deflated, flate.BestCompression)
	fw.Write([]byte(big))
	fw.Close()

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range []struct{ name, body string }{
		{"_rels/.rels", fastRootRels},
		{"xl/workbook.xml", fastWorkbookXML},
		{"xl/_rels/workbook.xml.rels", fastWorkbookRels},
		{"xl/styles.xml", fastStylesXML},
	} {
		w, _ := zw.Create(p.name)
		w.Write([]byte(p.body))
	}
	for _, claim := range []uint64{64 << 10} {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name:               "xl/worksheets/sheet1.xml",
			Method:             zip.Deflate,
			CRC32:              crc32.ChecksumIEEE([]byte(big)),
			CompressedSize64:   uint64(deflated.Len()),
			UncompressedSize64: claim,
		})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(deflated.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "liar.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	wb, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	sh, err := wb.OpenSheet("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	defer sh.Close()
	rows := 0
	for sh.Next() {
		rows++
	}
	if sh.Err() == nil {
		t.Fatalf("read %d rows of a sheet whose header lies, without an error", rows)
	}
	if rows > (64<<10)/200 {
		t.Errorf("read %d rows: more than the header's 64 KiB hold", rows)
	}
	t.Logf("stopped after %d rows: %v", rows, sh.Err())
}

// TestFastBoundedReaderCounts: the count itself, for a stream whose header
// (here, none) says nothing.
func TestFastBoundedReaderCounts(t *testing.T) {
	fastLowerBound(t, &maxPartBytes, 1000)
	br := &boundedReader{rc: io.NopCloser(strings.NewReader(strings.Repeat("x", 5000))), name: "p", left: maxPartBytes}
	_, err := io.ReadAll(br)
	var se *sizeError
	if !errors.As(err, &se) {
		t.Fatalf("err %v, want a sizeError", err)
	}
}

// TestExcelizeZipBound: the excelize reader (the fallback) keeps the same
// bound, so a bomb cannot go round the fast reader by being odd enough to
// be handed over.
func TestExcelizeZipBound(t *testing.T) {
	fastLowerBound(t, &maxPartBytes, 1<<20)
	old := forceExcelize
	forceExcelize = true
	defer func() { forceExcelize = old }()
	path := fastRawWorkbook(t, fastBigSheet(3<<20), "")
	_, err := Open(path)
	fastWantBomb(t, err)
}
