package report

import (
	"archive/zip"
	"bytes"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// seriesFixture is fixture() with a history of 14 monthly runs (more than
// the 12 a chart shows), persisting findings and one waived finding.
func seriesFixture() *audit.Result {
	res := fixture()
	h := &audit.History{PreviousSHA256: strings.Repeat("cd", 32), PreviousAsOf: audit.NewDate(2026, 10, 31)}
	first := audit.NewDate(2025, 9, 30)
	for i := 0; i < 14; i++ {
		d := audit.NewDate(2025, time.Month(10+i), 1).AddDays(-1) // month ends, 2025-09-30 … 2026-10-31
		h.Trend = append(h.Trend, audit.TrendPoint{AsOf: d, Summary: audit.Summary{Critical: 1 + i%3, High: 3 + i%4, Medium: 5, Low: 2, Info: 1}})
	}
	h.Trend = append(h.Trend, audit.TrendPoint{AsOf: res.AsOf, Summary: res.Summary})
	before := 40
	h.Resolved = []audit.ResolvedFinding{{Fingerprint: audit.FingerprintOf("no-receiver", "liqiang", ""), Rule: "no-receiver", Severity: rules.High, Member: "liqiang", Count: 40, FirstSeen: first, LastSeen: h.PreviousAsOf}}
	h.Leavers = []audit.LeaverChange{{UserID: "liqiang", Name: "李强", Change: audit.LeaverRemoved, CustomersBefore: &before}}
	res.History = h
	res.Waivers = &audit.Waivers{Applied: 1,
		Expired: []audit.WaiverUse{{Fingerprint: "405c9b4b4e325f2b", Reason: "awaiting support", AcceptedBy: "HR", Expires: audit.NewDate(2026, 11, 15), Expired: true, Rule: "handover-login-stale", Member: "sunli"}},
		Unused:  []audit.WaiverUse{{Fingerprint: "0000000000000000", Reason: "old", AcceptedBy: "HR", Expires: audit.NewDate(2027, 1, 31), Line: 9}},
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		f.Fingerprint = audit.FingerprintOf(f.Rule, f.Member, f.Receiver)
		f.History = &audit.FindingHistory{Status: audit.StatusNew, FirstSeen: res.AsOf, FirstCount: f.Count}
		if f.Severity.AtLeast(rules.High) {
			f.History = &audit.FindingHistory{Status: audit.StatusPersisting, FirstSeen: first, MonthsOpen: audit.MonthsBetween(first, res.AsOf), FirstCount: f.Count, PreviousCount: f.Count}
		}
	}
	res.Findings[0].Waiver = &audit.FindingWaiver{Reason: "exported to the CRM", AcceptedBy: "王芳", Expires: audit.NewDate(2027, 3, 31)}
	return res
}

// countColour counts the pixels of exactly one colour in a PNG.
func countColour(t *testing.T, path string, r, g, b uint8) int {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	img, err := png.Decode(fh)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if uint8(cr>>8) == r && uint8(cg>>8) == g && uint8(cb>>8) == b {
				n++
			}
		}
	}
	return n
}

// renderPage renders one page of a PDF to PNG with pdftoppm.
func renderPage(t *testing.T, pdf []byte, page int) string {
	t.Helper()
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Skip("pdftoppm not installed (apt-get install poppler-utils)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	p := strconv.Itoa(page)
	if out, err := exec.Command(bin, "-png", "-r", "60", "-f", p, "-l", p, "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	return filepath.Join(dir, "page.png")
}

func TestPDFTrend(t *testing.T) {
	var with, without bytes.Buffer
	if err := (&PDFWriter{}).Write(&with, seriesFixture(), Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	if err := (&PDFWriter{}).Write(&without, fixture(), Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, with.Bytes(), false)
	// The cover's action table lists every leaver and may run onto the
	// next pages before the summary.
	summary := squeeze(strings.Join(pages[1:min(4, len(pages))], ""))
	for _, want := range []string{"Resolvedsincethepreviousaudit(2026-10-31)", "no-receiverliqiang2025-09-302026-10-3140", "Leaverssincethepreviousaudit", "李强(liqiang)nolongerlisted40→—", "Persistingcriticalandhighfindings", "Trend:findingsperaudit", "2025-12-31", "2026-11-30", "Thelast12audits(of15)", "14months"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary page lacks %q:\n%s", want, pages[1])
		}
	}
	if strings.Contains(summary, "2025-11-30") {
		t.Error("the chart shows more than 12 runs")
	}
	all := squeeze(strings.Join(pages, ""))
	for _, want := range []string{"[Acceptedrisk:exportedtotheCRM—王芳,2027-03-31]", "Waivers:1findingwaived·1expired(countedagain)·1unused", "Waiverexpired405c9b4b4e325f2bhandover-login-stalesunli", "Unusedwaiver0000000000000000"} {
		if !strings.Contains(all, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	if strings.Contains(squeeze(strings.Join(pdfText(t, without.Bytes(), false), "")), "Trend:") {
		t.Error("a run without history shows a trend")
	}
	// The drawn chart: its critical segments are the only large areas of
	// the critical colour on the page.
	c := severityColor(rules.Critical)
	page := 2
	for i, p := range pages {
		if strings.Contains(squeeze(p), "Trend:") {
			page = i + 1
			break
		}
	}
	n := countColour(t, renderPage(t, with.Bytes(), page), uint8(c.R), uint8(c.G), uint8(c.B))
	n0 := countColour(t, renderPage(t, without.Bytes(), page), uint8(c.R), uint8(c.G), uint8(c.B))
	if n < n0+500 {
		t.Errorf("summary page: %d pixels of the critical colour with a history, %d without; the trend bars are missing", n, n0)
	}
}

func TestXLSXTrend(t *testing.T) {
	var buf bytes.Buffer
	if err := (&XLSXWriter{}).Write(&buf, seriesFixture(), Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(L("sheet_summary", "en"))
	if err != nil {
		t.Fatal(err)
	}
	var trendRow, persistingRow int
	for i, r := range rows {
		if len(r) > 0 && r[0] == L("trend", "en") {
			trendRow = i + 1
		}
		if len(r) > 0 && r[0] == L("persisting_top", "en") {
			persistingRow = i + 1
		}
	}
	if trendRow == 0 || persistingRow == 0 || persistingRow > trendRow {
		t.Fatalf("summary: persisting at row %d, trend at row %d", persistingRow, trendRow)
	}
	if got := rows[trendRow+1][0]; got != "2025-12-31" {
		t.Errorf("first trend row %q, want 2025-12-31 (the last 12 runs)", got)
	}
	if got := rows[trendRow+12][0]; got != "2026-11-30" {
		t.Errorf("last trend row %q, want this run", got)
	}
	// The chart is native: a stacked column chart over the trend rows.
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/charts/chart") {
			continue
		}
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		x := string(b)
		if strings.Contains(x, `<grouping val="stacked"`) && strings.Contains(x, "$A$"+itoa(trendRow+2)+":$A$"+itoa(trendRow+13)) {
			found = true
			if n := strings.Count(x, "<ser>"); n != 5 {
				t.Errorf("trend chart has %d series, want one per severity", n)
			}
		}
	}
	if !found {
		t.Error("no stacked column chart over the trend rows")
	}
	// The findings sheet carries the fingerprint, status and waiver.
	frows, _ := f.GetRows(L("sheet_findings", "en"))
	head := strings.Join(frows[0], "|")
	for _, want := range []string{"Fingerprint", "Status", "First seen", "Waiver"} {
		if !strings.Contains(head, want) {
			t.Errorf("findings header lacks %q: %s", want, head)
		}
	}
	if !strings.Contains(strings.Join(frows[1], "|"), "Accepted risk: exported to the CRM") {
		t.Errorf("waived finding not marked: %v", frows[1])
	}

	if !strings.Contains(strings.Join(rows[persistingRow-3], "|"), "1 finding waived · 1 expired (counted again) · 1 unused") {
		t.Errorf("no waiver line above the persisting findings: %v", rows[persistingRow-3])
	}
	// Resolved findings and leaver changes have sheets of their own.
	for sheet, want := range map[string]string{"sheet_resolved": "no-receiver|high|liqiang", "sheet_leaver_changes": "liqiang|李强|no longer listed|40"} {
		rows, err := f.GetRows(L(sheet, "en"))
		if err != nil || len(rows) != 2 || !strings.HasPrefix(strings.Join(rows[1], "|"), want) {
			t.Errorf("sheet %s: %q, %v; want a row starting %q", L(sheet, "en"), rows, err, want)
		}
	}

	// Through LibreOffice when it is installed: the chart must render.
	soffice, err := exec.LookPath("soffice")
	if err != nil || testing.Short() {
		t.Log("LibreOffice not installed (or -short): workbook chart not rendered")
		return
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "trend.xlsx")
	os.WriteFile(in, buf.Bytes(), 0o644)
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"), "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "trend.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	png := renderPage(t, pdf, 1)
	if n := countColour(t, png, 0xC0, 0x00, 0x00); n < 100 {
		t.Errorf("LibreOffice's rendering of the summary has %d pixels of the critical colour; the trend chart did not render", n)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
