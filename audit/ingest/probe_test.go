package ingest

import (
	"archive/zip"
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBadInputs: every unusable file is an *InputError naming the file and
// saying what it is and what was expected — never a panic, never a guess.
func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.xlsx")
	writeXLSX(t, good, sheetData{"成员列表", rowsOf([]string{"帐号"}, []string{"zhangsan"})})
	goodBytes, _ := os.ReadFile(good)

	rng := rand.New(rand.NewPCG(1, 2))
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(rng.UintN(256))
	}
	ole := append(append([]byte{}, magicOLE...), make([]byte, 4096)...)
	// The encrypted marker straddles the probe's 256 KiB read boundary.
	encOLE := append(append([]byte{}, magicOLE...), make([]byte, 256<<10-8-10)...)
	encOLE = append(encOLE, oleEncStrm...)
	encOLE = append(encOLE, make([]byte, 100)...)

	encrypted := filepath.Join(dir, "encrypted.xlsx")
	{
		f := excelize.NewFile()
		f.SetCellValue("Sheet1", "A1", "帐号")
		if err := f.SaveAs(encrypted, excelize.Options{Password: "secret"}); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}

	tests := []struct {
		name  string
		bytes []byte // nil: no file written
		path  string // overrides name
		want  []string
	}{
		{name: "missing.xlsx", want: []string{"missing.xlsx", "no such file"}},
		{name: "empty.csv", bytes: []byte{}, want: []string{"empty.csv", "is empty", "expected an .xlsx workbook or a .csv file"}},
		{name: "folder", path: dir, want: []string{"is a folder"}},
		{name: "old.xls", bytes: ole, want: []string{"old.xls", "Excel 97-2003 (.xls)", "save it as .xlsx"}},
		{name: "locked.xlsx", bytes: encOLE, want: []string{"locked.xlsx", "password-protected"}},
		{name: "encrypted.xlsx", path: encrypted, want: []string{"encrypted.xlsx", "password-protected"}},
		{name: "archive.xlsx", bytes: zipOf(t, map[string]string{"hello.txt": "hi"}), want: []string{"zip archive but not an Excel workbook"}},
		{name: "letter.xlsx", bytes: zipOf(t, map[string]string{"word/document.xml": "<w/>", "[Content_Types].xml": "<x/>"}), want: []string{"Word document"}},
		{name: "binary.xlsx", bytes: zipOf(t, map[string]string{"xl/workbook.bin": "x"}), want: []string{".xlsb"}},
		{name: "truncated.xlsx", bytes: goodBytes[:len(goodBytes)/2], want: []string{"truncated.xlsx", "damaged or incomplete"}},
		{name: "junk.csv", bytes: junk, want: []string{"junk.csv", "binary data"}},
		{name: "page.xls", bytes: []byte("<html><table><tr><td>帐号</td></tr></table></html>"), want: []string{"HTML"}},
		{name: "report.pdf", bytes: []byte("%PDF-1.7\n..."), want: []string{"a PDF document"}},
		{name: "workbook-no-xml.xlsx", bytes: zipOf(t, map[string]string{"xl/workbook.xml": "not xml at all", "[Content_Types].xml": "<x/>"}), want: []string{"workbook-no-xml.xlsx", "damaged .xlsx workbook"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.path
			if path == "" {
				path = filepath.Join(dir, tc.name)
				if tc.bytes != nil {
					writeFile(t, path, tc.bytes)
				}
			}
			_, err := OpenWorkbook(path)
			ie := inputErr(t, err, tc.want...)
			t.Log(ie)
			if ie.File != path {
				t.Errorf("File = %q; want %q", ie.File, path)
			}
			// The same through Read, as roster and as contacts.
			_, _, err = Read(Options{Roster: path, Contacts: []string{good}})
			inputErr(t, err, tc.want...)
			_, _, err = Read(Options{Roster: good, Contacts: []string{path}})
			inputErr(t, err, tc.want...)
		})
	}
}

func TestTextNamedXLSXIsReadAsCSV(t *testing.T) {
	path := tempPath(t, "roster.xlsx")
	writeFile(t, path, []byte("帐号,姓名\nzhangsan,张三\n"))
	contacts := tempPath(t, "c.csv")
	writeFile(t, contacts, []byte("userid,name\nzhangsan,x\n"))
	in, sum, err := Read(Options{Roster: path, Contacts: []string{contacts}})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Members) != 1 || in.Members[0].Name != "张三" {
		t.Errorf("members = %+v", in.Members)
	}
	if sum.Files[0].Format != "csv" || !strings.Contains(sum.Files[0].Note, "read as CSV") {
		t.Errorf("file summary = %+v", sum.Files[0])
	}
}

func TestUTF8CheckerAcrossChunks(t *testing.T) {
	text := []byte("帐号,姓名\n张三,𠀀😀é\n")
	for split := 0; split <= len(text); split++ {
		for split2 := split; split2 <= len(text); split2++ {
			var u utf8Checker
			u.write(text[:split])
			u.write(text[split:split2])
			u.write(text[split2:])
			if !u.valid() {
				t.Fatalf("valid text split at %d,%d judged invalid", split, split2)
			}
		}
	}
	gbk := []byte{0xd5, 0xc5, 0xc8, 0xfd} // 张三 in GBK
	for split := 0; split <= len(gbk); split++ {
		var u utf8Checker
		u.write(gbk[:split])
		u.write(gbk[split:])
		if u.valid() {
			t.Errorf("GBK split at %d judged UTF-8", split)
		}
	}
	var u utf8Checker
	u.write([]byte("ok\xe5\xbc")) // cut rune at the end of the file
	if u.valid() {
		t.Error("truncated rune at EOF judged valid")
	}
	if !utf8.Valid([]byte("ok")) {
		t.Fatal("sanity")
	}
}

func TestSniffDelimiter(t *testing.T) {
	for in, want := range map[string]rune{
		"a,b,c\n1,2,3\n":     ',',
		"a\tb\tc\n1\t2\t3\n": '\t',
		"a;b;c\n1;2;3\n":     ';',
		"成员列表导出\n帐号,部门\nz,销售部;市场部\n": ',',
		"only\n": ',',
	} {
		if got := sniffDelimiter([]byte(in)); got != want {
			t.Errorf("sniffDelimiter(%q) = %q; want %q", in, got, want)
		}
	}
}

// TestProbeLeavesWorkbookHash: the probe tells a workbook from its head
// and leaves its hash to Read, which takes it on a goroutine of its own
// (zipDigest) and records the SHA-256 of the file's bytes; a CSV is hashed
// whole by the probe, as the CSV reader checks the digest at the file's
// end.
func TestProbeLeavesWorkbookHash(t *testing.T) {
	dir := t.TempDir()
	wbPath := filepath.Join(dir, "roster.xlsx")
	writeXLSX(t, wbPath, sheetData{"成员列表", rowsOf([]string{"帐号"}, []string{"zhangsan"})})
	csvPath := filepath.Join(dir, "contacts.csv")
	if err := os.WriteFile(csvPath, []byte("添加人账号,客户ID\nzhangsan,wm1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path   string
		format fileFormat
		hashed bool
	}{{wbPath, formatXLSX, false}, {csvPath, formatCSV, true}} {
		p, err := probeFile(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		want, err := hashFile(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		if p.format != tc.format || (p.sha256 == want) != tc.hashed || (p.sha256 == "") == tc.hashed {
			t.Errorf("%s: format %v, sha256 %q; want format %v, hashed by the probe: %v", tc.path, p.format, p.sha256, tc.format, tc.hashed)
		}
	}
	in, _, err := Read(Options{Roster: wbPath, Contacts: []string{csvPath}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range in.Files {
		if want, _ := hashFile(f.Path); f.SHA256 != want {
			t.Errorf("%s: recorded sha256 %q; want %q", f.Path, f.SHA256, want)
		}
	}
	if len(in.Files) != 2 {
		t.Errorf("files recorded: %+v", in.Files)
	}
}
