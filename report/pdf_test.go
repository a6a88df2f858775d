package report

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/report/fonts"
	"github.com/wecom-audit/auditor/rules"
)

// Flags of their own names, so that they never clash with another writer's
// -update in the same test binary.
var (
	updatePDF = flag.Bool("update-pdf", false, "rewrite testdata/pdf golden files")
	pdfOut    = flag.String("pdf-out", "", "also write the fixture PDFs to this directory, to look at them")
)

func writePDF(t testing.TB, res *audit.Result, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := (&PDFWriter{}).Write(&buf, res, opt); err != nil {
		t.Fatalf("write pdf: %v", err)
	}
	return buf.Bytes()
}

// pdfText extracts the text of a PDF with poppler's pdftotext, one string per
// page. The test is skipped when pdftotext is not installed.
func pdfText(t *testing.T, pdf []byte, layout bool) []string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	// -raw keeps the content stream's order, in which each table cell's
	// lines are drawn together, so wrapped cell text reads contiguously;
	// -layout is for the golden files, which people read.
	args := []string{"-enc", "UTF-8", "-raw"}
	if layout {
		args = []string{"-enc", "UTF-8", "-layout"}
	}
	out, err := exec.Command(bin, append(args, in, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	// pdftotext ends the last page with a form feed too.
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	return pages
}

// squeeze removes all white space, so that text wrapped over lines or cells
// still matches.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
}

// fixturePages is the page count of the fixture in each language; a change
// in layout shows here first.
var fixturePages = map[string]int{"zh": 16, "en": 17}

func TestPDFText(t *testing.T) {
	res := pdfFixture()
	for _, tc := range []struct {
		lang     string
		page     func(i, n int) string
		headings []string
		want     []string
	}{
		{
			lang:     "zh",
			page:     func(i, n int) string { return "第" + strconv.Itoa(i) + "页/共" + strconv.Itoa(n) + "页" },
			headings: []string{"执行摘要", "问题清单", "离职交接单", "附录", "签字确认", "接替人交接后客户数与上限"},
			want: []string{
				"王堃", "李喆", "张玥", "赵昇", "孙犇", "陈燚", "堃喆玥昇犇燚",
				"wmXyZ123", "wmRecv02", "wmEXT000001AbCdEf", "ghost.user",
				"示例科技有限公司", "2026-11-30", "93,120", "100,000", "7,160/5,000",
				"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
				"完整清单：本报告附录“将丢失的联系人”。", "王堃（wmXyZ123）：45 个联系人", "仅列出前50条，共60条", "已过期60天", "不在通讯录中",
				"=HYPERLINK(\"http://x\")03", "欧阳娜娜01",
			},
		},
		{
			lang:     "en",
			page:     func(i, n int) string { return "Page" + strconv.Itoa(i) + "of" + strconv.Itoa(n) },
			headings: []string{"Executivesummary", "Findings", "Handoversheets", "Appendix", "Sign-off", "Receiverloadagainstcap"},
			want: []string{
				"王堃", "李喆", "张玥", "赵昇", "wmXyZ123", "wmRecv02", "93,120", "7,160/5,000",
				"Fulllist:theappendix“Contactsatrisk”ofthisreport.", "王堃 (wmXyZ123): 45 contacts", "Thefirst50of60arelisted", "expired60daysago", "notintheroster",
			},
		},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			pdf := writePDF(t, res, Options{Lang: tc.lang})
			if *pdfOut != "" {
				if err := os.WriteFile(filepath.Join(*pdfOut, "fixture-"+tc.lang+".pdf"), pdf, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			pages := pdfText(t, pdf, false)
			n := len(pages)
			if want := fixturePages[tc.lang]; n != want {
				t.Errorf("fixture has %d pages in %s, want %d", n, tc.lang, want)
			}
			for i, p := range pages {
				if want := tc.page(i+1, n); !strings.Contains(squeeze(p), want) {
					t.Errorf("page %d lacks %q", i+1, want)
				}
			}
			all := squeeze(strings.Join(pages, "\n"))
			if v := squeeze(Verdict(res, tc.lang)); !strings.Contains(squeeze(pages[0]), v) {
				t.Errorf("cover lacks the verdict %q", v)
			}
			for _, s := range append(tc.headings, tc.want...) {
				if !strings.Contains(all, squeeze(s)) {
					t.Errorf("PDF text lacks %q", s)
				}
			}
			// One handover sheet per leaver, each with its sign-off block.
			sheets := 0
			for _, p := range pages {
				if strings.Contains(squeeze(p), squeeze(L("pdf_sign_off", tc.lang))) {
					sheets++
				}
			}
			if sheets != len(res.Departing) {
				t.Errorf("%d pages carry a sign-off block, want one per leaver (%d)", sheets, len(res.Departing))
			}
			// Every at-risk contact of 王堃 is in the appendix, the 45th too.
			if !strings.Contains(all, "wmEXT000045AbCdEf") {
				t.Error("the 45th at-risk contact is not listed; the appendix lists them all")
			}
			// Every rule id in force is listed in the appendix.
			for _, r := range res.Rules.Rules() {
				if !strings.Contains(all, r.ID) {
					t.Errorf("appendix lacks rule %s", r.ID)
				}
			}
		})
	}
}

// TestPDFEngineResult renders what the audit engine really produces: every
// leaver's checks with their reasons, in both languages.
func TestPDFEngineResult(t *testing.T) {
	res, err := pdfEngineResult()
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Departing) < 3 || len(res.Findings) == 0 {
		t.Fatalf("engine gave %d leavers and %d findings; the scenario needs more", len(res.Departing), len(res.Findings))
	}
	for _, lang := range []string{"zh", "en"} {
		pdf := writePDF(t, res, Options{Lang: lang})
		if *pdfOut != "" {
			if err := os.WriteFile(filepath.Join(*pdfOut, "engine-"+lang+".pdf"), pdf, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		all := squeeze(strings.Join(pdfText(t, pdf, false), ""))
		for _, l := range res.Departing {
			if !strings.Contains(all, squeeze(l.Name)) || !strings.Contains(all, l.UserID) {
				t.Errorf("%s: leaver %s %s missing", lang, l.Name, l.UserID)
			}
			for _, c := range l.Checks {
				if r := squeeze(c.Reason().In(lang)); r != "" && !strings.Contains(all, r) {
					t.Errorf("%s: %s check %s: reason %q missing", lang, l.UserID, c.Rule(), c.Reason().In(lang))
				}
			}
		}
		for _, f := range res.Findings {
			if !strings.Contains(all, squeeze(f.Message.In(lang))) {
				t.Errorf("%s: finding %s %s: message missing", lang, f.Rule, f.Member)
			}
		}
		if !strings.Contains(all, squeeze(Verdict(res, lang))) {
			t.Errorf("%s: verdict missing", lang)
		}
	}
}

func TestPDFGolden(t *testing.T) {
	res := pdfFixture()
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			text := strings.Join(pdfText(t, writePDF(t, res, Options{Lang: lang}), true), "\f\n")
			golden := filepath.Join("testdata", "pdf", "fixture-"+lang+".txt")
			if *updatePDF {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./report -run TestPDFGolden -update-pdf)", err)
			}
			if text != string(want) {
				t.Errorf("text of the %s PDF differs from %s; look at the PDF, then rerun with -update-pdf", lang, golden)
			}
		})
	}
}

func TestPDFDeterministic(t *testing.T) {
	res := pdfFixture()
	for _, opt := range []Options{{Lang: "zh"}, {Lang: "en", MaskPII: true}} {
		a := writePDF(t, res, opt)
		b := writePDF(t, pdfFixture(), opt)
		if !bytes.Equal(a, b) {
			t.Errorf("%+v: two writes of the same result differ", opt)
		}
	}
}

// TestPDFFontsEmbedded checks that every font is the embedded TrueType face:
// a base-14 font would render Chinese as nothing and would not be embedded.
func TestPDFFontsEmbedded(t *testing.T) {
	pdf := writePDF(t, pdfFixture(), Options{Lang: "zh"})
	for _, base14 := range []string{"/Helvetica", "/Times", "/Courier", "/Arial", "/Symbol", "/ZapfDingbats"} {
		if bytes.Contains(pdf, []byte(base14)) {
			t.Errorf("PDF names the base-14 font %s", base14)
		}
	}
	if n := bytes.Count(pdf, []byte("/FontFile2")); n != 1 {
		t.Errorf("%d embedded TrueType font files, want 1 (bold is the regular face stroked)", n)
	}

	if bin, err := exec.LookPath("pdffonts"); err == nil {
		dir := t.TempDir()
		in := filepath.Join(dir, "in.pdf")
		if err := os.WriteFile(in, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(bin, in).Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(out), "\n")[2:] {
			if f := strings.Fields(line); len(f) > 0 && !strings.Contains(line, " yes ") {
				t.Errorf("font not embedded: %s", line)
			}
		}
	}
}

func TestPDFMetadata(t *testing.T) {
	bin, err := exec.LookPath("pdfinfo")
	if err != nil {
		t.Skip("pdfinfo not installed (apt-get install poppler-utils)")
	}
	for _, tc := range []struct{ lang, title, subject string }{
		{"zh", "企业微信离职交接审计报告 2026-11-30", "示例科技有限公司 · 离职交接前的合规审计"},
		{"en", "WeCom offboarding handover audit 2026-11-30", "示例科技有限公司 · Pre-offboarding compliance audit"},
	} {
		in := filepath.Join(t.TempDir(), "in.pdf")
		if err := os.WriteFile(in, writePDF(t, pdfFixture(), Options{Lang: tc.lang}), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(bin, "-isodates", in).Output()
		if err != nil {
			t.Fatal(err)
		}
		info := map[string]string{}
		for _, line := range strings.Split(string(out), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok {
				info[k] = strings.TrimSpace(v)
			}
		}
		for k, want := range map[string]string{
			"Title": tc.title, "Author": "auditor", "Subject": tc.subject, "Creator": "auditor 0.9.0-test",
			"CreationDate": "2026-11-30T00:00:00Z", "ModDate": "2026-11-30T00:00:00Z", "Page size": "595.28 x 841.89 pts (A4)",
		} {
			if info[k] != want {
				t.Errorf("%s: %s is %q, want %q", tc.lang, k, info[k], want)
			}
		}
	}
}

func TestPDFMaskPII(t *testing.T) {
	res := pdfFixture()
	for _, tc := range []struct {
		mask          bool
		want, notWant string
	}{
		{false, "欧阳娜娜01", "欧*****"},
		{true, "欧*****", "欧阳娜娜01"},
	} {
		all := squeeze(strings.Join(pdfText(t, writePDF(t, res, Options{Lang: "zh", MaskPII: tc.mask}), false), ""))
		if !strings.Contains(all, tc.want) || strings.Contains(all, tc.notWant) {
			t.Errorf("mask=%v: want %q and not %q", tc.mask, tc.want, tc.notWant)
		}
		// Members sign the sheet: their names are never masked.
		if !strings.Contains(all, "王堃") {
			t.Errorf("mask=%v: the leaver's name is missing", tc.mask)
		}
	}
}

// TestPDFEdgeCases renders results that are empty, huge or awkward.
func TestPDFEdgeCases(t *testing.T) {
	long := pdfFixture()
	// A message far taller than a page must continue on the next page under
	// a repeated header instead of running off the page.
	long.Findings[0].Message.ZH = strings.Repeat("这是一段很长的说明文字，用来检查表格行能否跨页续排。", 400) + "结尾标记"
	long.Findings[0].Message.EN = strings.Repeat("A very long message that checks a table row can continue across pages. ", 300) + "END-MARKER"

	many := pdfFixture()
	for i := 0; i < 40; i++ {
		many.Receivers = append(many.Receivers, audit.Receiver{UserID: "r" + strconv.Itoa(i), Cap: 5000, Customers: 100 * i, Load: 100*i + 50})
	}

	expand := pdfFixture()
	expand.Enterprise.ExpansionsNeeded, expand.Enterprise.CapAfterExpansions = 2, 200000
	expand.Enterprise.VerifiedAssumed = true

	for _, tc := range []struct {
		name string
		res  *audit.Result
		lang string
		want []string
	}{
		{"empty-en", &audit.Result{AsOf: audit.NewDate(2026, 11, 30), Rules: rules.Default()}, "en",
			[]string{"Ready:nodepartingmemberwasaudited.", "Nofindings.", "Nodepartingmembersinthisaudit.", "Noreceiversareplanned", "Page1of"}},
		{"empty-zh-no-rules", &audit.Result{}, "zh", []string{"未发现问题。", "第1页"}},
		{"long-row-zh", long, "zh", []string{"结尾标记"}},
		{"long-row-en", long, "en", []string{"END-MARKER"}},
		{"expansions-zh", expand, "zh", []string{"2（扩容后上限200,000）", "是（假设）"}},
		{"many-receivers-en", many, "en", []string{"Showingthe25receiverswiththehighestloadagainstcap,of43"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf := writePDF(t, tc.res, Options{Lang: tc.lang})
			if *pdfOut != "" {
				if err := os.WriteFile(filepath.Join(*pdfOut, tc.name+".pdf"), pdf, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			pages := pdfText(t, pdf, false)
			all := squeeze(strings.Join(pages, ""))
			for _, s := range tc.want {
				if !strings.Contains(all, s) {
					t.Errorf("lacks %q", s)
				}
			}
			for i, p := range pages {
				if !strings.Contains(squeeze(p), squeeze(L("pdf_page_of", tc.lang)[:3])) {
					t.Errorf("page %d has no page number", i+1)
				}
			}
		})
	}
}

func TestPDFNilResult(t *testing.T) {
	if err := (&PDFWriter{}).Write(&bytes.Buffer{}, nil, Options{}); err == nil {
		t.Error("nil result: want an error")
	}
	if err := (&PDFWriter{}).Write(&bytes.Buffer{}, pdfFixture(), Options{Lang: "fr"}); err == nil {
		t.Error("unknown language: want an error")
	}
}

func TestPDFRegistered(t *testing.T) {
	w, err := ForFormat("pdf")
	if err != nil {
		t.Fatal(err)
	}
	if FileName(w, audit.NewDate(2026, 11, 30)) != "audit-2026-11-30.pdf" {
		t.Errorf("file name %q", FileName(w, audit.NewDate(2026, 11, 30)))
	}
}

// TestPDFLabels checks that every label pdf.go asks for exists in both
// languages: L would otherwise print the key itself.
func TestPDFLabels(t *testing.T) {
	src, err := os.ReadFile("pdf.go")
	if err != nil {
		t.Fatal(err)
	}
	keys := regexp.MustCompile(`d\.lf?\("([a-z0-9_]+)"`).FindAllSubmatch(src, -1)
	if len(keys) < 30 {
		t.Fatalf("found only %d label uses in pdf.go; has the pattern changed?", len(keys))
	}
	for _, k := range keys {
		lb, ok := labels[string(k[1])]
		if !ok || lb.ZH == "" || lb.EN == "" {
			t.Errorf("label %q missing in zh or en", k[1])
		}
	}
}

func TestFmtInt(t *testing.T) {
	for in, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 41200: "41,200", 1048576: "1,048,576", -2160: "-2,160"} {
		if got := fmtInt(in); got != want {
			t.Errorf("fmtInt(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestNiceStep(t *testing.T) {
	for _, tc := range []struct{ raw, want float64 }{{0, 1}, {0.3, 1}, {1432, 2000}, {2100, 2500}, {1000, 1000}, {3600, 5000}, {7001, 10000}} {
		if got := niceStep(tc.raw); got != tc.want {
			t.Errorf("niceStep(%v) = %v, want %v", tc.raw, got, tc.want)
		}
	}
}

// BenchmarkPDF renders the test fixture, and 50 leavers with 100,000
// contacts at risk (the PDF lists 30 per leaver; the walk is over all).
func BenchmarkPDF(b *testing.B) {
	for _, bc := range []struct {
		name string
		res  *audit.Result
	}{
		{"fixture", pdfFixture()},
		{"50-leavers-100k-contacts", pdfBigResult(50, 100000)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var size int
			for b.Loop() {
				var buf bytes.Buffer
				if err := (&PDFWriter{}).Write(&buf, bc.res, Options{Lang: "zh"}); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(size), "bytes/pdf")
			if *pdfOut != "" {
				var buf bytes.Buffer
				if err := (&PDFWriter{}).Write(&buf, bc.res, Options{Lang: "zh"}); err == nil {
					_ = os.WriteFile(filepath.Join(*pdfOut, "bench-"+bc.name+".pdf"), buf.Bytes(), 0o644)
				}
			}
		})
	}
}

// TestPDFFontCoverage checks that both embedded faces have a glyph for every
// character the report's own text uses and for rare name characters: a
// missing glyph prints as an empty box, which text extraction cannot see.
func TestPDFFontCoverage(t *testing.T) {
	need := map[rune]bool{}
	add := func(s string) {
		for _, r := range s {
			if r > ' ' {
				need[r] = true
			}
		}
	}
	add("堃喆玥昇犇燚王李张赵孙陈欧阳娜上官婉儿✓✗—…·•→“”（）：；，。、％／")
	for r := rune('!'); r <= '~'; r++ {
		need[r] = true
	}
	for _, lb := range labels {
		add(lb.ZH)
		add(lb.EN)
	}
	for _, r := range rules.Default().Rules() {
		for _, tx := range []rules.Text{r.Title, r.Message, r.Remediation} {
			add(tx.ZH)
			add(tx.EN)
		}
	}
	for name, font := range map[string][]byte{"regular": fonts.Regular()} {
		has, err := ttfHasRunes(font)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// The reader itself: a non-character is never mapped.
		if has('\uffff') || !has('A') {
			t.Fatalf("%s: cmap reader is wrong", name)
		}
		var missing []string
		for r := range need {
			if !has(r) {
				missing = append(missing, string(r))
			}
		}
		if len(missing) > 0 {
			t.Errorf("%s face lacks glyphs for %q", name, missing)
		}
	}
}

// ttfHasRunes reads a TrueType font's Unicode cmap (format 4 or 12), enough
// to ask whether a character has a glyph.
func ttfHasRunes(b []byte) (func(rune) bool, error) {
	u16 := func(o int) int { return int(b[o])<<8 | int(b[o+1]) }
	u32 := func(o int) int { return u16(o)<<16 | u16(o+2) }
	if len(b) < 12 {
		return nil, os.ErrInvalid
	}
	cmap := -1
	for i := 0; i < u16(4); i++ {
		rec := 12 + 16*i
		if string(b[rec:rec+4]) == "cmap" {
			cmap = u32(rec + 8)
		}
	}
	if cmap < 0 {
		return nil, os.ErrNotExist
	}
	best, bestFmt := -1, 0
	for i := 0; i < u16(cmap+2); i++ {
		rec := cmap + 4 + 8*i
		platform, enc, off := u16(rec), u16(rec+2), cmap+u32(rec+4)
		if platform == 3 && (enc == 1 || enc == 10) || platform == 0 {
			if f := u16(off); f == 12 || (f == 4 && bestFmt != 12) {
				best, bestFmt = off, f
			}
		}
	}
	switch bestFmt {
	case 12:
		n := u32(best + 12)
		return func(r rune) bool {
			for g := 0; g < n; g++ {
				o := best + 16 + 12*g
				if int(r) >= u32(o) && int(r) <= u32(o+4) {
					return true
				}
			}
			return false
		}, nil
	case 4:
		segs := u16(best+6) / 2
		ends, starts := best+14, best+16+2*segs
		deltas, ranges := starts+2*segs, starts+4*segs
		return func(r rune) bool {
			for s := 0; s < segs; s++ {
				if int(r) > u16(ends+2*s) || int(r) < u16(starts+2*s) {
					continue
				}
				ro := u16(ranges + 2*s)
				if ro == 0 {
					return (int(r)+u16(deltas+2*s))&0xffff != 0
				}
				gi := u16(ranges + 2*s + ro + 2*(int(r)-u16(starts+2*s)))
				return gi != 0
			}
			return false
		}, nil
	}
	return nil, os.ErrNotExist
}
