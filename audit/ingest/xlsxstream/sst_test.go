package xlsxstream

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
)

// sstItems is a table of n items with strings of every length class: the
// plain form, entities, a rich-text item (encoding/xml's path) and, every
// 97th, one longer than the test's item room.
func sstItems(n, long int) (xml string, want []string) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	fmt.Fprintf(&b, `<sst xmlns="%s" count="%d" uniqueCount="%d">`, nsMain, n, n)
	for i := 0; i < n; i++ {
		switch {
		case i%97 == 5:
			s := strings.Repeat(fmt.Sprintf("长%d", i), long/4)
			b.WriteString("<si><t>" + s + "</t></si>")
			want = append(want, s)
		case i%13 == 3:
			fmt.Fprintf(&b, `<si><r><t>rich </t></r><r><rPr><b/></rPr><t>%d</t></r></si>`, i)
			want = append(want, fmt.Sprintf("rich %d", i))
		case i%11 == 2:
			fmt.Fprintf(&b, `<si><t>a &amp; b %d</t></si>`, i)
			want = append(want, fmt.Sprintf("a & b %d", i))
		case i%7 == 1:
			b.WriteString("<si/>")
			want = append(want, "")
		default:
			fmt.Fprintf(&b, "<si><t>客户%d号</t></si>", i)
			want = append(want, fmt.Sprintf("客户%d号", i))
		}
	}
	b.WriteString("</sst>")
	return b.String(), want
}

// withSlabs runs f with the table's memory mapped or in the Go heap, and
// with the item room set low so that growth happens within a small table.
func withSlabs(t *testing.T, mapped bool, room int64, f func(t *testing.T)) {
	t.Helper()
	oldMap, oldRoom := mapSlabs, itemRoom
	mapSlabs, itemRoom = mapped, room
	defer func() { mapSlabs, itemRoom = oldMap, oldRoom }()
	f(t)
}

// TestSharedStringsGrowth reads one table with size hints that are right,
// absent, too small and too large, and a uniqueCount that lies either way,
// mapped and in the Go heap: the same strings every time, and the memory
// where it was asked for. An item room of 256 bytes makes the text grow
// many times within the table, and its long items (1 KB) outgrow the room
// itself.
func TestSharedStringsGrowth(t *testing.T) {
	xmlText, want := sstItems(3000, 1024)
	size := int64(len(xmlText))
	cases := []struct {
		name   string
		hint   int64
		unique string // replaces uniqueCount="3000"; "" keeps it
	}{
		{"honest", size, ""},
		{"no hint", 0, ""},
		{"hint too small", 100, ""},
		{"hint too large", 50 * size, ""},
		{"uniqueCount too small", size, `uniqueCount="2"`},
		{"uniqueCount too large", size, `uniqueCount="900000000"`},
		{"no uniqueCount", size, `x="1"`},
	}
	modes := []bool{false}
	if canMap {
		modes = append(modes, true)
	}
	for _, mapped := range modes {
		for _, c := range cases {
			t.Run(fmt.Sprintf("mapped=%v/%s", mapped, c.name), func(t *testing.T) {
				withSlabs(t, mapped, 256, func(t *testing.T) {
					x := xmlText
					if c.unique != "" {
						x = strings.Replace(x, `uniqueCount="3000"`, c.unique, 1)
					}
					tb, err := readSharedStrings(strings.NewReader(x), "sst", c.hint, 1<<30)
					if err != nil {
						t.Fatal(err)
					}
					defer tb.close()
					if tb.len() != len(want) {
						t.Fatalf("%d strings, want %d", tb.len(), len(want))
					}
					for i, w := range want {
						if got := string(tb.at(i)); got != w {
							t.Fatalf("string %d = %q, want %q", i, got, w)
						}
					}
					if got := tb.mem.text.mem != nil; got != mapped {
						t.Errorf("text mapped = %v, want %v", got, mapped)
					}
					if got := tb.mem.offs.mem != nil; got != mapped {
						t.Errorf("offsets mapped = %v, want %v", got, mapped)
					}
				})
			})
		}
	}
}

// TestSharedStringsFreed: a table closed, and tables refused half-way
// (by their bound, by an item encoding/xml cannot read, by an early end),
// give their memory back at once and read as empty.
func TestSharedStringsFreed(t *testing.T) {
	xmlText, _ := sstItems(3000, 1024)
	size := int64(len(xmlText))
	var made []*sharedStrings
	tableMade = func(t *sharedStrings) { made = append(made, t) }
	defer func() { tableMade = nil }()

	tb, err := readSharedStrings(strings.NewReader(xmlText), "sst", size, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	if tb.mem.text.s == nil || tb.mem.offs.s == nil {
		t.Fatal("no memory held before Close")
	}
	tb.close()
	// Refused: the bound is a tenth of the table; an item that does not
	// decode; the part cut short.
	bad := strings.Replace(xmlText, "</sst>", "", 1) // a valid prefix, then the end
	for _, c := range []struct {
		xml   string
		limit int64
	}{
		{xmlText, size / 10},
		{strings.Replace(xmlText, "<si><r><t>rich </t></r>", "<si><r><t>rich </r></t>", 1), 1 << 30},
		{bad, 1 << 30},
	} {
		if _, err := readSharedStrings(strings.NewReader(c.xml), "sst", size, c.limit); err == nil {
			t.Fatal("a bad table was read")
		}
	}
	if len(made) != 4 {
		t.Fatalf("%d tables made, want 4", len(made))
	}
	for i, m := range made {
		if m.mem.text.s != nil || m.mem.offs.s != nil || m.mem.text.mem != nil || m.mem.offs.mem != nil {
			t.Errorf("table %d still holds its memory", i)
		}
		if m.len() != 0 {
			t.Errorf("table %d reads %d strings after it was freed", i, m.len())
		}
	}
}

// TestSharedStringsAfterClose: closing the workbook while a sheet is open
// keeps the table until the sheet is closed; a sheet read after Close
// fails with an error instead of reading freed memory; a sheet cannot be
// opened once the workbook is closed. In both orders of closing.
func TestSharedStringsAfterClose(t *testing.T) {
	var sheet strings.Builder
	sheet.WriteString(fastSheetHead)
	items := make([]string, 200)
	for i := range items {
		items[i] = fmt.Sprintf("<t>s%d</t>", i)
	}
	for r := 1; r <= 2000; r++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c></row>`, r, r, r%200)
	}
	sheet.WriteString(fastSheetTail)
	path := fastRawWorkbook(t, sheet.String(), fastSST(items...))

	for _, wbFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("workbook closed first=%v", wbFirst), func(t *testing.T) {
			w, err := openFastAs(path, false)
			if err != nil {
				t.Fatal(err)
			}
			sh, err := w.OpenSheet("Sheet1")
			if err != nil {
				t.Fatal(err)
			}
			fs, ok := sh.(*fastSheet)
			if !ok {
				t.Fatalf("sheet read by %T, want the fast reader", sh)
			}
			if !sh.Next() || sh.Row()[0].Text != "s1" {
				t.Fatalf("row 1 = %v, err %v", sh.Row(), sh.Err())
			}
			mem := w.sst.mem
			if wbFirst {
				w.Close()
				if mem.text.s == nil {
					t.Fatal("the table was freed under an open sheet")
				}
				if !sh.Next() {
					t.Fatalf("row 2 after the workbook's Close: %v", sh.Err())
				}
				sh.Close()
			} else {
				sh.Close()
				if mem.text.s == nil {
					t.Fatal("the table was freed with the workbook open")
				}
				w.Close()
			}
			if mem.text.s != nil || mem.offs.s != nil {
				t.Fatal("the table outlived its workbook and sheet")
			}
			if sh.Next() {
				t.Fatal("Next read a row after Close")
			}
			if err := sh.Err(); err == nil || !strings.Contains(err.Error(), "after Close") {
				t.Fatalf("Err after Close = %v", err)
			}
			if fs.wb.sst.len() != 0 {
				t.Fatal("a freed table still has strings")
			}
			if _, err := w.OpenSheet("Sheet1"); err == nil || !strings.Contains(err.Error(), "closed") {
				t.Fatalf("OpenSheet after Close: %v", err)
			}
		})
	}
}

// BenchmarkSharedStrings reads the shared strings of the workbook in
// AUDITOR_BENCH_SST (the 1M-row export:
// bench/out/data-shared-1000000-5000/contacts.xlsx), or of the generated
// benchmark workbook, from memory: the parse alone, without inflating.
func BenchmarkSharedStrings(b *testing.B) {
	path := os.Getenv("AUDITOR_BENCH_SST")
	if path == "" {
		path = benchWorkbook(b, "shared")
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		b.Fatal(err)
	}
	defer zr.Close()
	var raw []byte
	for _, f := range zr.File {
		if f.Name == "xl/sharedStrings.xml" {
			rc, err := f.Open()
			if err != nil {
				b.Fatal(err)
			}
			raw, err = io.ReadAll(rc)
			rc.Close()
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	if raw == nil {
		b.Fatal("no shared strings")
	}
	b.SetBytes(int64(len(raw)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tb, err := readSharedStrings(bytes.NewReader(raw), "sst", int64(len(raw)), 1<<30)
		if err != nil {
			b.Fatal(err)
		}
		tb.close()
	}
}

// TestSlabMapRefused: a mapping the system refuses (here one larger than
// the address space) falls back to the Go heap at the heap's size.
func TestSlabMapRefused(t *testing.T) {
	if !canMap || strconv.IntSize < 64 {
		t.Skip("no mappings here")
	}
	sl := newSlab[uint32](16, 1<<50)
	defer sl.free()
	if sl.mem != nil || len(sl.s) != 16 {
		t.Fatalf("got %d elements, mapped %v; want 16 in the heap", len(sl.s), sl.mem != nil)
	}
}

// TestSharedStringsItemForms reads items of the plain form and its near
// misses (entities, escapes, controls, "]]>", CRs, invalid UTF-8, other
// markup) at window sizes from one byte up, and holds every string to
// what excelize's own type decodes from the item (decodeStringItem). A
// table with an item excelize cannot read must not read either.
func TestSharedStringsItemForms(t *testing.T) {
	items := []string{
		`<si><t>plain</t></si>`,
		`<si><t>客户名称</t></si>`,
		`<si><t></t></si>`,
		`<si/>`,
		`<si><t>a_x005F_b_x0041_c_x00_</t></si>`,
		`<si><t>_x005f_x0041_</t></si>`,
		`<si><t>tab	and
newline</t></si>`,
		"<si><t>cr\r\nlf\rend</t></si>",
		`<si><t>[VIP] ]] &gt; x</t></si>`,
		`<si><t>&lt;&amp;&#20013;&#x6587;</t></si>`,
		`<si><t xml:space="preserve"> padded </t></si>`,
		`<si><t>x</t><phoneticPr fontId="1"/></si>`,
		`<si><r><t>run</t></r><r><t> two</t></r></si>`,
		`<si><t>` + strings.Repeat("长串", 300) + `</t></si>`,
		`<si><t>\uFFFD ok</t></si>`,
		`<si><t>emoji 😀</t></si>`,
		`<si><t>plain</t></si>`,
	}
	var want []string
	var b strings.Builder
	b.WriteString(fastSSTHead)
	for i, it := range items {
		s, err := decodeStringItem([]byte(it))
		if err != nil {
			t.Fatalf("item %d: excelize's type cannot read %q: %v", i, it, err)
		}
		want = append(want, s)
		b.WriteString(it)
		if i%3 == 0 {
			b.WriteString("\n") // space between items, as some writers put it
		}
	}
	b.WriteString("</sst>")
	table := b.String()

	bad := map[string]string{
		"control character": "<si><t>a\x01b</t></si>",
		"invalid UTF-8":     "<si><t>a\xffb</t></si>",
		"]]> in text":       "<si><t>a]]>b</t></si>",
		"U+FFFE":            "<si><t>a\uFFFEb</t></si>",
	}
	defer func(w int) { scanWindow = w }(scanWindow)
	windows := []int{1, 2, 3, 5, 7, 8, 13, 16, 31, 64, 97, 1000, 4096, 256 << 10}
	for _, w := range windows {
		scanWindow = w
		tb, err := readSharedStrings(strings.NewReader(table), "sst", int64(len(table)), 1<<30)
		if err != nil {
			t.Fatalf("window %d: %v", w, err)
		}
		if tb.len() != len(want) {
			t.Fatalf("window %d: %d strings, want %d", w, tb.len(), len(want))
		}
		for i := range want {
			if got := string(tb.at(i)); got != want[i] {
				t.Errorf("window %d, item %d %q: %q, want %q", w, i, items[i], got, want[i])
			}
		}
		tb.close()
		for name, it := range bad {
			if _, err := decodeStringItem([]byte(it)); err == nil {
				t.Fatalf("%s: excelize's type reads %q", name, it)
			}
			x := strings.Replace(table, "<si><t>plain</t></si>", it, 1)
			if _, err := readSharedStrings(strings.NewReader(x), "sst", int64(len(x)), 1<<30); err == nil {
				t.Errorf("window %d: a table with %s was read", w, name)
			}
		}
	}
}

// TestOpenHeadReadsOnDemand: a workbook opened with OpenHead reads its
// shared strings only as far as the rows read need them, gives the rows
// Open gives, and where the table holds what the fast reader leaves to
// excelize past the strings read, hands the sheet to excelize there.
func TestOpenHeadReadsOnDemand(t *testing.T) {
	var items []string
	for i := range 2000 {
		items = append(items, fmt.Sprintf("<t>s%d</t>", i))
	}
	var rows strings.Builder
	for r := 1; r <= 1000; r++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="s"><v>%d</v></c></row>`, r, r, 2*r-2, r, 2*r-1)
	}
	sheet := fastSheetHead + rows.String() + fastSheetTail
	cases := []struct {
		name   string
		sst    string
		handed int // sheets handed to excelize reading all the rows
		// rows is how many rows OpenHead gives before an error, for a
		// table excelize cannot read at all (it gives none): 0 when the
		// rows are excelize's, all of them.
		rows int
	}{
		{"plain table", fastSST(items...), 0, 0},
		{"element past the header's strings", strings.Replace(fastSST(items...), "<si><t>s100</t></si>", "<extLst/><si><t>s100</t></si>", 1), 1, 0},
		{"bad item past the header's strings", strings.Replace(fastSST(items...), "<t>s100</t>", "<t>s100<t>", 1), 0, 50},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := fastRawWorkbook(t, sheet, c.sst)
			w, err := openFastAs(path, true)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			sh, err := w.OpenSheet("Sheet1")
			if err != nil {
				t.Fatal(err)
			}
			if !sh.Next() || sh.Row()[1].Text != "s1" {
				t.Fatalf("first row %v, err %v", sh.Row(), sh.Err())
			}
			if n := w.sst.len(); n != 2 {
				t.Errorf("after the first row the table holds %d strings, want 2", n)
			}
			sh.Close()
			want, _, err := fastReadAll(path, false)
			if err != nil {
				t.Fatal(err)
			}
			got, handed, err := fastReadAllAs(path, true, true)
			if err != nil {
				t.Fatal(err)
			}
			if c.rows > 0 {
				// Open leaves such a workbook to excelize, which fails on
				// it; OpenHead fails where the rows reach the bad item.
				if len(got[0].Rows) != c.rows || got[0].Err == "" || want[0].Err == "" {
					t.Errorf("OpenHead gave %d rows and error %q, want %d and an error", len(got[0].Rows), got[0].Err, c.rows)
				}
			} else if d := fastSheetsDiff(want, got); d != "" {
				t.Error(d)
			}
			if handed != c.handed {
				t.Errorf("handed %d sheets to excelize, want %d", handed, c.handed)
			}
		})
	}
}
