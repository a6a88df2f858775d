package ingest

import (
	"archive/zip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2026-11-03", "2026/11/3", "2026.11.3", "2026年11月3日", "2026-11-03 14:05", "2026-11-03T14:05:06.123+08:00",
		"46329", "46329.5", "20261103", "２０２６－１１－０３", "2026-02-29", "11/3/2026", "", "-1", "1e5", "9999-12-31",
		"2026-11-03 24:00", "2026年11月3日 9:05:07Z",
	} {
		f.Add(s, uint8(KindString))
		f.Add(s, uint8(KindNumber))
	}
	f.Add("2026-11-03 00:00:00", uint8(KindDate))
	f.Fuzz(func(t *testing.T, s string, kind uint8) {
		d, ok := parseDate(Cell{Text: s, Kind: CellKind(kind % 5)})
		if !ok {
			if !d.IsZero() {
				t.Fatalf("not ok but date %v", d)
			}
			return
		}
		if d.IsZero() || d.Year() < 1900 || d.Year() > 9999 {
			t.Fatalf("parseDate(%q) = %v", s, d)
		}
		// What we print, we read back as the same day.
		back, ok := parseDate(Cell{Text: d.String()})
		if !ok || !back.Equal(d) {
			t.Fatalf("round trip of %q: %v -> %v %v", s, d, back, ok)
		}
	})
}

// fuzzRows splits text into rows (lines) of cells (commas).
func fuzzRows(data string) [][]Cell {
	var rows [][]Cell
	for _, line := range strings.Split(data, "\n") {
		rows = append(rows, textRow(strings.Split(line, ",")...))
	}
	return rows
}

func FuzzFindHeader(f *testing.F) {
	f.Add("填写须知\n\n姓名,帐号,部门\n张三,zhangsan,销售部")
	f.Add("所属成员账号,客户ID,联系人类型\nzhangsan,wm1,客户")
	f.Add("ＵＳＥＲ＿ＩＤ,Leave Date\n")
	f.Add("external_userid,name\n")
	f.Add(strings.Repeat("x\n", 60) + "userid")
	f.Add("群主账号,群ID,群ID\n")
	f.Add("离职人账号,离职日期,接替人,数量\n")
	f.Fuzz(func(t *testing.T, data string) {
		for _, role := range []*roleSpec{rosterRole, contactsRole, groupsRole, planRole} {
			rows := fuzzRows(data)
			h, ok, pv, err := findHeader(&sliceSheet{rows: rows}, role)
			if err != nil {
				t.Fatal(err)
			}
			_ = pv.text().In("zh") + pv.text().In("en")
			if !ok {
				continue
			}
			if h.Row < 1 || h.Row > headerSearchRows || h.Row > len(rows) {
				t.Fatalf("%s: header row %d", role.Role, h.Row)
			}
			row := rows[h.Row-1]
			used := map[int]bool{}
			for fi, fs := range role.Fields {
				c := h.Col[fi]
				if c < 0 {
					if fs.Required {
						t.Fatalf("%s: required %s missing but header found", role.Role, fs.Name)
					}
					continue
				}
				if used[c] {
					t.Fatalf("%s: column %d used twice", role.Role, c)
				}
				used[c] = true
				// The cell must equal one of the field's aliases after
				// normalisation: never a look-alike.
				n := normHeader(row[c].Text)
				match := false
				for _, a := range fs.Aliases {
					if normHeader(a) == n {
						match = true
					}
				}
				if !match {
					t.Fatalf("%s: %q taken as %s", role.Role, row[c].Text, fs.Name)
				}
			}
			// Merging the row below (issue 12) never maps a column twice nor
			// loses a field already mapped.
			if h.Row < len(rows) {
				before := append([]int(nil), h.Col...)
				h2 := h
				h2.Col, h2.Text = append([]int(nil), h.Col...), append([]string(nil), h.Text...)
				role.mergeRows(&h2, rows[h.Row])
				seen := map[int]bool{}
				for fi, c := range h2.Col {
					if before[fi] >= 0 && c != before[fi] {
						t.Fatalf("%s: merge moved %s", role.Role, role.Fields[fi].Name)
					}
					if c >= 0 && seen[c] {
						t.Fatalf("%s: merge mapped column %d twice", role.Role, c)
					}
					seen[c] = true
				}
			}
			// No earlier row has the header.
			for i := 0; i < h.Row-1; i++ {
				if _, ok := role.matchHeader(rows[i]); ok {
					t.Fatalf("%s: row %d also has the header, found %d", role.Role, i+1, h.Row)
				}
			}
		}
	})
}

func FuzzDecodeCSV(f *testing.F) {
	gbk, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("帐号,姓名\nzhangsan,张三\n"))
	f.Add(gbk)
	f.Add([]byte("\xef\xbb\xbf帐号,姓名\r\nzhangsan,\"张\n三\"\r\n"))
	f.Add([]byte("\xff\xfe" + "a\x00\t\x00b\x00\n\x00"))
	f.Add([]byte("a;b;c\n1;2;3\n"))
	f.Add([]byte("\"unterminated,quote\n"))
	f.Add([]byte("a,b\n\xe5\xbc"))
	// Issue 12: UTF-16 without a BOM (both orders), the ="…" text trick,
	// delimiters inside quoted fields.
	f.Add([]byte("a\x00\t\x00b\x00\n\x00=\x00\"\x00x\x00\"\x00\n\x00"))
	f.Add([]byte("\x00a\x00\t\x00b\x00\n"))
	f.Add([]byte("帐号,手机\r\n\"=\"\"zhangsan\"\"\",=\"0138\"\r\n=\"a\"\"b\"\r\n"))
	f.Add([]byte("a\tb\n\"x,y,z\"\t\"1;2\"\n5\" screen\t\"\n\""))
	// Issue 23: mostly Chinese UTF-16LE without a BOM, told from the text.
	f.Add([]byte("\x01\x4f\x1a\x4e\x1a\x90\xaf\x8b\x55\x5f\x0d\x00\x0a\x00\xd3\x59\x0d\x54\x09\x00\x26\x8d\xf7\x53\x0a\x00"))
	for _, name := range []string{"roster-gbk.csv", "contacts-bom.csv", "contacts-utf16.csv", "plan-title.csv"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		wb, err := OpenWorkbook(path)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
			return
		}
		defer wb.Close()
		for _, name := range wb.SheetNames() {
			sh, err := wb.OpenSheet(name)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for sh.Next() {
				n++
				if sh.RowNumber() != n {
					t.Fatalf("row number %d; want %d", sh.RowNumber(), n)
				}
				for _, c := range sh.Row() {
					if !utf8.ValidString(c.Text) {
						t.Fatalf("cell %q is not UTF-8", c.Text)
					}
					if c.Kind != KindString && c.Kind != KindEmpty {
						t.Fatalf("CSV cell %q of kind %s", c.Text, c.Kind)
					}
					if u := excelText(c.Text); u != c.Text && len(u) >= len(c.Text) {
						t.Fatalf("excelText(%q) = %q: not unwrapped once", c.Text, u)
					}
				}
			}
			sh.Close()
		}
	})
}

// FuzzReadXLSX feeds arbitrary bytes, seeded with real workbooks and
// their truncations, through Read as roster and contacts: any outcome but
// a panic or an error that is not an *InputError is fine.
func FuzzReadXLSX(f *testing.F) {
	dir := f.TempDir()
	seed := filepath.Join(dir, "seed.xlsx")
	writeXLSX(f, seed,
		sheetData{"成员列表", [][]any{{"说明"}, {"帐号", "状态", "离职日期"}, {"zhangsan", "待离职", 46329}}},
		sheetData{"客户", rowsOf([]string{"userid", "客户ID", "类型"}, []string{"zhangsan", "wm1", "外部联系人"})},
	)
	b, err := os.ReadFile(seed)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:len(b)-22]) // central directory cut
	f.Add(b[:len(b)/3])
	f.Add(zipOf(f, map[string]string{"xl/workbook.xml": "<workbook><sheets><sheet name=\"a\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"}))
	f.Add(append(append([]byte{}, magicOLE...), oleEncStrm...))
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "f.xlsx")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		contacts := filepath.Join(dir, "c.csv")
		if err := os.WriteFile(contacts, []byte("userid\nzhangsan\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, opt := range []Options{
			{Roster: path, Contacts: []string{contacts}},
			{Roster: contacts, Contacts: []string{path}},
		} {
			_, _, err := Read(opt)
			if err != nil {
				var ie *InputError
				if !errors.As(err, &ie) {
					t.Fatalf("error %v is not an *InputError", err)
				}
				if ie.Error() == "" || ie.File == "" {
					t.Fatalf("empty error %+v", ie)
				}
			}
		}
	})
}

// FuzzXLSXParts keeps the zip valid and fuzzes what is inside it: the
// worksheet, the shared strings and the styles, where a byte-level fuzzer
// rarely gets past the zip's checksums.
func FuzzXLSXParts(f *testing.F) {
	seed := filepath.Join(f.TempDir(), "seed.xlsx")
	dateStyle := 0
	{
		x := excelize.NewFile()
		x.SetSheetName("Sheet1", "成员列表")
		dateStyle, _ = x.NewStyle(&excelize.Style{NumFmt: 14})
		x.SetSheetRow("成员列表", "A1", &[]any{"帐号", "状态", "离职日期", "客户联系"})
		x.SetSheetRow("成员列表", "A2", &[]any{"zhangsan", "待离职", 46329, true})
		x.SetCellStyle("成员列表", "C2", "C2", dateStyle)
		if err := x.SaveAs(seed); err != nil {
			f.Fatal(err)
		}
		x.Close()
	}
	parts := readZip(f, seed)
	f.Add(parts["xl/worksheets/sheet1.xml"], parts["xl/sharedStrings.xml"], parts["xl/styles.xml"])
	f.Add(`<worksheet><sheetData><row r="99999999"><c r="A1" t="s"><v>7</v></c></row></sheetData></worksheet>`, parts["xl/sharedStrings.xml"], parts["xl/styles.xml"])
	f.Add(`<worksheet><sheetData><row><c r="ZZZZZ1" s="1"><v>1e308</v></c><c t="d"><v>2026-11-03T00:00:00Z</v></c></row></sheetData></worksheet>`, "", `<styleSheet><cellXfs><xf numFmtId="-5"/></cellXfs></styleSheet>`)
	f.Fuzz(func(t *testing.T, sheet, sst, styles string) {
		dir := t.TempDir()
		p := map[string]string{}
		for k, v := range parts {
			p[k] = v
		}
		p["xl/worksheets/sheet1.xml"], p["xl/sharedStrings.xml"], p["xl/styles.xml"] = sheet, sst, styles
		path := filepath.Join(dir, "f.xlsx")
		writeFile(t, path, zipOf(t, p))
		contacts := filepath.Join(dir, "c.csv")
		writeFile(t, contacts, []byte("userid\nzhangsan\n"))
		_, _, err := Read(Options{Roster: path, Contacts: []string{contacts}})
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
		}
	})
}

func readZip(tb testing.TB, path string) map[string]string {
	zr, err := zip.OpenReader(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer zr.Close()
	out := map[string]string{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			tb.Fatal(err)
		}
		out[f.Name] = string(b)
	}
	return out
}
