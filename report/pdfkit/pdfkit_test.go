package pdfkit

import (
	"bytes"
	"fmt"
	"go/build"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

// newDoc is a document with one page begun, on the whole embedded font.
func newDoc(t *testing.T) *Doc {
	t.Helper()
	d := New(Meta{Title: "test", Lang: "en", Stamp: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)}, nil)
	d.F.AddPage()
	return d
}

func TestGlyphPlaceholderDrawable(t *testing.T) {
	set := drawableSet()
	for _, r := range []rune{Placeholder, '王', '堃', 'A', '✓', '✗', '→', '—', '…', '·'} {
		if !set.has(r) {
			t.Errorf("the embedded fonts cannot draw %q", r)
		}
	}
	for _, r := range []rune{'😀', 0x20000, 0xE000} {
		if Drawable(string(r)) != string(Placeholder) {
			t.Errorf("Drawable(%q) = %q, want the placeholder", r, Drawable(string(r)))
		}
	}
	if s := "王堃 plain"; Drawable(s) != s {
		t.Errorf("Drawable changed drawable text")
	}
}

func TestCanBreak(t *testing.T) {
	for _, c := range []struct {
		a, b rune
		want bool
	}{
		{'王', '堃', true},  // between Han characters
		{'a', 'b', false}, // inside a Latin word
		{' ', 'a', true},  // after a space
		{'a', ' ', false}, // before a space: the space ends the line
		{' ', ' ', false},
		{'王', '，', false}, // never before a closing mark
		{'，', '王', true},
		{'（', '王', false}, // never after an opening mark
		{'王', '（', true},
		{'a', '.', false},
		{'“', 'a', false},
		{'a', '王', true}, // Latin next to Han
		{'/', 'b', true},
		{'-', 'b', true},
		{'a', '/', false},
		{'カ', 'ナ', true}, // kana are wide too
		{'Ａ', 'Ｂ', true}, // full-width forms
	} {
		if got := canBreak(c.a, c.b); got != c.want {
			t.Errorf("canBreak(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// TestWrapLine breaks mixed Chinese and English text by the rules of
// both, with every wide character 2 units wide and every other 1.
func TestWrapLine(t *testing.T) {
	width := func(r rune) float64 {
		if wide(r) {
			return 2
		}
		return 1
	}
	for _, c := range []struct {
		text string
		wmax float64
		want []string
	}{
		{"", 10, []string{""}},
		{"fits", 10, []string{"fits"}},
		{"hand over the customers", 10, []string{"hand over", "the", "customers"}},
		// A full-width comma never starts a line: 三 goes with it.
		{"一二三，四五", 6, []string{"一二", "三，四", "五"}},
		// An opening bracket never ends a line: it goes with 丙.
		{"甲乙（丙）", 6, []string{"甲乙", "（丙）"}},
		// English inside Chinese breaks at its spaces, not inside the word.
		{"用户 wangfang 离职", 10, []string{"用户", "wangfang", "离职"}},
		// A Latin word next to Han breaks between them, spaces or not.
		{"交接给wangfang", 8, []string{"交接给", "wangfang"}},
		// An English full stop stays with its word.
		{"end. Next", 4, []string{"end.", "Next"}},
		// After a slash or a hyphen.
		{"a/b/c", 3, []string{"a/", "b/c"}},
		{"on-job", 4, []string{"on-", "job"}},
		// A token with no place to break is cut at the edge.
		{"0123456789abcdef", 6, []string{"012345", "6789ab", "cdef"}},
		// Spaces at a break are dropped, not carried to the next line.
		{"ab   cd", 3, []string{"ab", "cd"}},
	} {
		got := wrapLine(c.text, c.wmax, width)
		if !slices.Equal(got, c.want) {
			t.Errorf("wrapLine(%q, %v) = %q, want %q", c.text, c.wmax, got, c.want)
		}
	}
}

// TestWrap: with the real font, every line fits and no character is lost
// or added but the spaces at breaks; a line break always breaks.
func TestWrap(t *testing.T) {
	d := newDoc(t)
	d.Font(false, 9)
	for _, c := range []struct {
		text string
		w    float64
		n    int // lines, 0: any
	}{
		{"", 50, 1},
		{"one\ntwo\r\nthree", 100, 3},
		{"接替人赵昇现有 4,870 个客户，本次从李喆接收 2,000 个、从张玥接收 290 个，交接后为 7,160 个，超出其成员上限 5,000 共 2,160 个。", 40, 0},
		{"Receiver zhaosheng holds 4,870 customers and would receive 2,000 from lizhe (transfer status 4: receiver reached its customer cap).", 40, 0},
		{"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 30, 0},
	} {
		lines := d.Wrap(c.text, c.w)
		if c.n > 0 && len(lines) != c.n {
			t.Errorf("Wrap(%q): %d lines %q, want %d", c.text, len(lines), lines, c.n)
		}
		for _, l := range lines {
			if d.StrWidth(l) > c.w-2*d.F.GetCellMargin()+1e-9 {
				t.Errorf("Wrap(%q): line %q is %.2f mm wide, over %v", c.text, l, d.StrWidth(l), c.w)
			}
			if r := []rune(l); len(r) > 0 && (noLineStart(r[0]) || noLineEnd(r[len(r)-1])) {
				t.Errorf("Wrap(%q): line %q starts or ends with a mark it may not", c.text, l)
			}
		}
		squash := func(s string) string { return strings.NewReplacer(" ", "", "\n", "", "\r", "").Replace(s) }
		if got := squash(strings.Join(lines, "")); got != squash(c.text) {
			t.Errorf("Wrap(%q) lost text: %q", c.text, lines)
		}
	}
	// Paragraphs as split at each line break, an empty one included; a
	// byte that is not UTF-8 drawn as U+FFFD, one for each byte.
	for _, c := range []struct {
		text string
		want []string
	}{
		{"a\n", []string{"a", ""}},
		{"\n\nb", []string{"", "", "b"}},
		{"ab\xff\xfecd", []string{"ab\uFFFD\uFFFDcd"}},
	} {
		if got := d.Wrap(c.text, 100); !slices.Equal(got, c.want) {
			t.Errorf("Wrap(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestNeed: a new page exactly when what is needed does not fit above the
// bottom margin.
func TestNeed(t *testing.T) {
	for _, c := range []struct {
		name     string
		above, h float64 // above: mm left above the bottom margin
		newPage  bool
	}{
		{"fits", 50, 10, false},
		{"fits exactly", 10, 10, false},
		{"a hair over", 10, 10.01, true},
		{"nothing left, nothing needed", 0, 0, false},
		{"nothing left", 0, 1, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := newDoc(t)
			d.F.SetY(d.Bottom() - c.above)
			d.Need(c.h)
			if got := d.F.PageNo() == 2; got != c.newPage {
				t.Errorf("page %d after Need(%v) with %v mm left", d.F.PageNo(), c.h, c.above)
			}
			if c.newPage && d.F.GetY() != Top {
				t.Errorf("the new page's content starts at %v, want %v", d.F.GetY(), Top)
			}
		})
	}
}

// TestTableRowTallerThanAPage: a row of more lines than a page holds is
// split across pages line by line, each page under the repeated header,
// and a row that does not fit moves whole to the next page.
func TestTableRowTallerThanAPage(t *testing.T) {
	const n = 150 // lines in the tall row; a page holds about 60 at 8 pt
	d := newDoc(t)
	var tall []string
	for i := 1; i <= n; i++ {
		tall = append(tall, fmt.Sprintf("line%03d", i))
	}
	w := d.ContentW()
	tb := d.Table(8, Col{Head: "Heading", W: w * 0.3, Align: "L"}, Col{Head: "Text", W: w * 0.7, Align: "L"})
	tb.Row(Plain("first"), Plain("short"))
	tb.Row(Plain("tall"), Plain(strings.Join(tall, "\n")))
	d.F.SetY(d.Bottom() - 2*LineH(8)) // room for one line, not for a 3-line row
	tb.Row(Plain("moves"), Plain("1\n2\n3"))
	// Page 1: the header, the first row and the tall row's first 61
	// lines; page 2: 63 more; page 3: the last 26, then the 3-line row
	// finds no room and moves to page 4.
	pages := d.F.PageNo()
	if pages != 4 {
		t.Errorf("%d pages, want 4", pages)
	}
	if d.F.GetY() > d.Bottom() {
		t.Errorf("the last row ends at %.1f mm, below the bottom margin %.1f", d.F.GetY(), d.Bottom())
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("no pdftotext: the header on every page is not checked")
	}
	var buf bytes.Buffer
	if err := d.F.Output(&buf); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = &buf
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	texts := strings.Split(strings.TrimRight(string(out), "\f"), "\f")
	if len(texts) != pages {
		t.Fatalf("pdftotext read %d pages, want %d", len(texts), pages)
	}
	next := 1
	for p, text := range texts {
		if strings.Count(text, "Heading") != 1 {
			t.Errorf("page %d: the header appears %d times, want once:\n%s", p+1, strings.Count(text, "Heading"), text)
		}
		// The lines of the tall row, in order, none lost or repeated.
		for _, f := range strings.Fields(text) {
			if strings.HasPrefix(f, "line") {
				if f != fmt.Sprintf("line%03d", next) {
					t.Fatalf("page %d: %s where line%03d was due", p+1, f, next)
				}
				next++
			}
		}
	}
	if next != n+1 {
		t.Errorf("%d of %d lines of the tall row drawn", next-1, n)
	}
	if last := texts[len(texts)-1]; !strings.Contains(last, "moves") || strings.Contains(last, "line") {
		t.Errorf("the row that did not fit is not alone on the last page:\n%s", last)
	}
}

// TestFit: text that does not fit is shortened with an ellipsis, and fits.
func TestFit(t *testing.T) {
	d := newDoc(t)
	d.Font(false, 8)
	for _, c := range []struct {
		s    string
		w    float64
		same bool
	}{
		{"short", 50, true},
		{"销售一部/华东大区；渠道管理部 · 交接单 · 王堃（wmXyZ123）", 30, false},
		{"a rather long English heading that cannot fit", 20, false},
	} {
		got := d.Fit(c.s, c.w)
		if (got == c.s) != c.same {
			t.Errorf("Fit(%q, %v) = %q", c.s, c.w, got)
		}
		if !c.same && (!strings.HasSuffix(got, "…") || d.StrWidth(got) > c.w) {
			t.Errorf("Fit(%q, %v) = %q, %.1f mm wide", c.s, c.w, got, d.StrWidth(got))
		}
	}
}

// TestHooksKeepTheFace: a page break inside a paragraph runs the header
// and footer, which set faces of their own; the paragraph's next line is
// measured and drawn in its own face.
func TestHooksKeepTheFace(t *testing.T) {
	d := newDoc(t)
	heads := 0
	d.OnPage(func() {
		heads++
		d.RunningHead("left", "right")
		d.F.SetXY(MarginX, Top)
	}, func() { d.RunningFoot("id", "", "1") })
	d.F.SetY(d.Bottom() - 1)
	d.Para("bold text in 14 pt", 14, true, Text)
	if heads != 1 || !d.bold || d.size != 14 {
		t.Errorf("after the break: %d headers, bold %v, size %v; want 1, true, 14", heads, d.bold, d.size)
	}
}

// TestImportsNoDocument: the kit knows no audit and no words. Of the
// module it imports the font and fpdf (third_party/fpdf, upstream's with
// the patches of its PATCHES.md) alone, never report, audit, catalog or
// rules (the words come in as arguments).
func TestImportsNoDocument(t *testing.T) {
	p, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	const module = "github.com/wecom-audit/auditor/"
	for _, imp := range p.Imports {
		if strings.HasPrefix(imp, module) && imp != module+"report/fonts" && imp != module+"third_party/fpdf" {
			t.Errorf("the kit imports %s", imp)
		}
	}
}
