package report

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/audit/ingest"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
	"github.com/wecom-audit/auditor/samples"
)

// sampleResult audits the sample enterprise of samples/ (12 leavers).
func sampleResult(t *testing.T) *audit.Result {
	t.Helper()
	dir := filepath.Join("..", "samples")
	p := func(n string) string { return filepath.Join(dir, n) }
	in, _, err := ingest.Read(ingest.Options{
		Roster:   p("roster.xlsx"),
		Contacts: []string{p("customers.xlsx"), p("external-contacts.csv"), p("contact-summary.xlsx")},
		Groups:   p("groups.xlsx"), Plan: p("handover.xlsx"), Profile: p("profile.yaml"),
		AsOf: audit.NewDate(2026, 11, 30), MemberCapMax: rules.Default().Limits.MemberCapMax,
	})
	if err != nil {
		t.Fatalf("read the samples: %v", err)
	}
	res, err := audit.Run(in, rules.Default(), audit.Config{AsOf: audit.NewDate(2026, 11, 30), ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// generatedResult audits a synthetic enterprise of 300 members: 13 leavers.
func generatedResult(t *testing.T) *audit.Result {
	t.Helper()
	dir := t.TempDir()
	if err := samples.Generate(dir, samples.Config{Members: 300, Contacts: 20000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	f := samples.Files
	p := func(n string) string { return filepath.Join(dir, n) }
	in, _, err := ingest.Read(ingest.Options{
		Roster: p(f.Roster), Contacts: []string{p(f.Contacts)}, Groups: p(f.Groups), Plan: p(f.Plan), Profile: p(f.Profile),
		AsOf: audit.NewDate(2026, 11, 30), MemberCapMax: rules.Default().Limits.MemberCapMax,
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := audit.Run(in, rules.Default(), audit.Config{AsOf: audit.NewDate(2026, 11, 30), ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestHandoverSheetsStandAlone checks, page by page, that every handover
// sheet starts on a page of its own, that its sign-off shares its page with
// the sheet's heading, that the sign-off lists the leaver, the receivers who
// take customers, the manager, HR and a witness, and that the footer of each
// of its pages carries the report id and the sheet's number.
func TestHandoverSheetsStandAlone(t *testing.T) {
	results := map[string]func(t *testing.T) *audit.Result{
		"fixture": func(*testing.T) *audit.Result { return pdfFixture() },
		"engine": func(t *testing.T) *audit.Result {
			res, err := pdfEngineResult()
			if err != nil {
				t.Fatal(err)
			}
			return res
		},
		"samples":   sampleResult,
		"generated": generatedResult,
	}
	for name, mk := range results {
		t.Run(name, func(t *testing.T) {
			res := mk(t)
			for _, lang := range []string{"zh", "en"} {
				opt := Options{Lang: lang}
				id := ReportID(res, opt)
				pages := pdfText(t, writePDF(t, res, opt), false)
				n := len(res.Departing)
				signOff := squeeze(L("pdf_sign_off", lang))
				for i := range res.Departing {
					l := &res.Departing[i]
					head := squeeze(rules.Render(L("pdf_sheet_n", lang), map[string]string{"n": strconv.Itoa(i + 1), "total": strconv.Itoa(n)}))
					who := squeeze(l.UserID)
					var own []int // pages that carry this sheet's heading
					for k, p := range pages {
						if strings.Contains(squeeze(p), head+"·") || strings.HasPrefix(strings.TrimSpace(squeeze(p)), head) || strings.Contains(squeeze(p), head+squeeze(l.Name)) {
							own = append(own, k)
						}
					}
					if len(own) == 0 {
						t.Fatalf("%s %s: sheet %d (%s) has no page with its heading %q", name, lang, i+1, l.UserID, head)
					}
					signed := 0
					for _, k := range own {
						p := squeeze(pages[k])
						if !strings.Contains(p, who) {
							t.Errorf("%s %s: page %d of sheet %d does not name %s", name, lang, k+1, i+1, l.UserID)
						}
						foot := squeeze(rules.Render(L("pdf_footer_sheet", lang), map[string]string{"n": strconv.Itoa(i + 1), "total": strconv.Itoa(n)}))
						if !strings.Contains(p, foot) || !strings.Contains(p, id) {
							t.Errorf("%s %s: page %d of sheet %d lacks %q or the report id %s in its footer", name, lang, k+1, i+1, foot, id)
						}
						if strings.Contains(p, signOff) {
							signed++
							for _, role := range []string{"pdf_sign_leaver", "pdf_sign_manager", "pdf_sign_hr", "pdf_sign_witness"} {
								if !strings.Contains(p, squeeze(L(role, lang))) {
									t.Errorf("%s %s: sign-off of sheet %d lacks the line %q", name, lang, i+1, L(role, lang))
								}
							}
							eligible := map[string]bool{}
							for _, r := range res.Receivers {
								eligible[audit.Key(r.UserID)] = r.Eligible
							}
							for _, a := range l.Receivers {
								// Only receivers who can take the customers sign.
								if a.Customers > 0 && a.Known && eligible[audit.Key(a.UserID)] && !strings.Contains(p, squeeze(a.UserID)) {
									t.Errorf("%s %s: sign-off of sheet %d lacks receiver %s", name, lang, i+1, a.UserID)
								}
							}
						}
					}
					if signed != 1 {
						t.Errorf("%s %s: sheet %d (%s): %d of its pages carry the sign-off, want 1 sharing a page with the heading", name, lang, i+1, l.UserID, signed)
					}
					// The sheet's first page is its own: nothing of the sheet before.
					if first := own[0]; first > 0 && i > 0 {
						prev := squeeze(rules.Render(L("pdf_footer_sheet", lang), map[string]string{"n": strconv.Itoa(i + 1), "total": strconv.Itoa(n)}))
						if strings.Contains(squeeze(pages[first-1]), prev) {
							t.Errorf("%s %s: sheet %d does not start on a new page", name, lang, i+1)
						}
					}
					// The sign-off never stands alone: its page also holds
					// checks of the sheet.
					for _, k := range own {
						p := squeeze(pages[k])
						if strings.Contains(p, signOff) && !strings.ContainsAny(p, "✓✗") && !strings.Contains(p, squeeze(CheckStateLabel(audit.CheckUnknown, lang))) {
							t.Errorf("%s %s: the sign-off of sheet %d stands alone on page %d", name, lang, i+1, k+1)
						}
					}
					// The small enterprises fit every sheet on at most two
					// pages (the checks and the next-actions table).
					if name == "fixture" && len(own) > 2 {
						t.Errorf("%s %s: sheet %d (%s) runs over %d pages", name, lang, i+1, l.UserID, len(own))
					}
				}
			}
		})
	}
}

// TestReceiverOfNothingDoesNotSign: a receiver planned for 0 customers gets
// no signature line.
func TestReceiverOfNothingDoesNotSign(t *testing.T) {
	res := pdfFixture()
	d := newPDFDoc(res, "en", Options{})
	l := res.Departing[1]
	l.Receivers = append([]audit.Allocation{{UserID: "nobody0", Customers: 0, Known: true}}, l.Receivers...)
	for _, s := range d.signers(&l) {
		if strings.Contains(s.name, "nobody0") {
			t.Fatalf("a receiver of 0 customers has a signature line: %+v", s)
		}
	}
}

// TestCoverActionTable: the cover names every leaver with the decision's
// gate and the due date of each next action.
func TestCoverActionTable(t *testing.T) {
	res := sampleResult(t)
	for _, lang := range []string{"zh", "en"} {
		pages := pdfText(t, writePDF(t, res, Options{Lang: lang}), false)
		// The cover table may continue onto the next pages.
		cover := squeeze(pages[0] + pages[1] + pages[2])
		if !strings.Contains(cover, squeeze(catalog.T(lang, "gate.question", nil))) {
			t.Fatalf("%s: the cover has no action table", lang)
		}
		for i := range res.Departing {
			l := &res.Departing[i]
			if !strings.Contains(cover, squeeze(l.UserID)) {
				t.Errorf("%s: cover lacks leaver %s", lang, l.UserID)
			}
			if due := l.Decision.NextDue(); !due.IsZero() && !strings.Contains(cover, due.String()) {
				t.Errorf("%s: cover lacks the next due date %s of %s", lang, due, l.UserID)
			}
		}
	}
}
