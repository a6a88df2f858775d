package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// escalationFixture is seriesFixture with what a month can bring: a
// brand-new critical finding (ZhangSan's external contacts), a no-receiver
// finding that became handover-expired for the same member (kunzhe:
// escalated, not resolved) and leavers whose counts are unknown in one
// report or the other.
func escalationFixture() *audit.Result {
	res := seriesFixture()
	h := res.History
	first := audit.NewDate(2025, 9, 30)
	for i := range res.Findings {
		f := &res.Findings[i]
		switch f.Rule {
		case "external-contacts-lost":
			f.History = &audit.FindingHistory{Status: audit.StatusNew, FirstSeen: res.AsOf, FirstCount: f.Count}
		case "handover-expired":
			f.History = &audit.FindingHistory{Status: audit.StatusEscalated, FirstSeen: res.AsOf, FirstCount: f.Count,
				EscalatedFrom: []audit.ReplacedFinding{{Fingerprint: audit.FingerprintOf("no-receiver", "kunzhe", ""), Rule: "no-receiver", Severity: rules.High, Count: 40, FirstSeen: first}}}
		}
	}
	h.Escalated = []audit.ResolvedFinding{{Fingerprint: audit.FingerprintOf("no-receiver", "kunzhe", ""), Rule: "no-receiver", Severity: rules.High, Member: "kunzhe",
		Count: 40, FirstSeen: first, LastSeen: h.PreviousAsOf, FollowedBy: []string{"handover-expired"}}}
	// A rule that counts nothing, persisting: its count is no "0 → 0".
	res.Findings = append(res.Findings, audit.Finding{Rule: "departing-outside-scope", Severity: rules.High, Member: "zhoumin", CountUnit: "none",
		Fingerprint: audit.FingerprintOf("departing-outside-scope", "zhoumin", ""),
		History:     &audit.FindingHistory{Status: audit.StatusPersisting, FirstSeen: first, MonthsOpen: audit.MonthsBetween(first, res.AsOf)}})
	n40, n5 := 40, 5
	h.Leavers = append(h.Leavers,
		// External contacts unknown now (a customer-only export), not listed before.
		audit.LeaverChange{UserID: "yuesheng", Name: "岳生", Change: audit.LeaverAppeared, CustomersNow: &n40},
		// Unknown before, known now.
		audit.LeaverChange{UserID: "kunzhe", Name: "坤哲", Change: audit.LeaverExpired, CustomersBefore: &n40, CustomersNow: &n40, ExternalNow: &n5},
	)
	return res
}

func TestPDFNewAndEscalated(t *testing.T) {
	for _, tt := range []struct {
		lang string
		want []string
		not  []string
	}{
		{"en", []string{
			"Newandescalatedsincethepreviousaudit(2026-10-31)",
			"criticalnew", // the brand-new critical, marked new
			"criticalescalatedfromno-receiver",
			"Escalatedsincethepreviousaudit(2026-10-31),notresolved",
			"岳生(yuesheng)appeared—→40—→unknown",
			"坤哲(kunzhe)expired40→40unknown→5",
			"departing-outside-scopezhoumin2025-09-3014months—",
		}, []string{"0→0"}},
		{"zh", []string{
			"自上次审计（2026-10-31）以来新增和升级的问题",
			"升级自no-receiver",
			"自上次审计（2026-10-31）以来升级（未解决）",
			"—→未知",
			"未知→5",
		}, []string{"0→0"}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			var buf bytes.Buffer
			if err := (&PDFWriter{}).Write(&buf, escalationFixture(), Options{Lang: tt.lang}); err != nil {
				t.Fatal(err)
			}
			all := squeeze(strings.Join(pdfText(t, buf.Bytes(), false), ""))
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("PDF lacks %q", w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(all, w) {
					t.Errorf("PDF has %q", w)
				}
			}
			// The escalated no-receiver is not among the resolved: the
			// resolved table has liqiang's only.
			if i := strings.Index(all, "Resolvedsincethepreviousaudit"); tt.lang == "en" && (i < 0 || strings.Contains(all[i:i+200], "kunzhe")) {
				t.Errorf("resolved table missing or listing the escalated finding: %q", all[max(i, 0):max(i, 0)+200])
			}
		})
	}
}

func TestPDFNewNone(t *testing.T) {
	res := seriesFixture()
	for i := range res.Findings {
		res.Findings[i].History.Status = audit.StatusPersisting
	}
	var buf bytes.Buffer
	if err := (&PDFWriter{}).Write(&buf, res, Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	all := squeeze(strings.Join(pdfText(t, buf.Bytes(), false), ""))
	if !strings.Contains(all, "Nofindingisneworescalatedsincethepreviousaudit.") {
		t.Error("a run with nothing new does not say so")
	}
}

func TestXLSXNewAndEscalated(t *testing.T) {
	var buf bytes.Buffer
	if err := (&XLSXWriter{}).Write(&buf, escalationFixture(), Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := func(key string) []string {
		rows, err := f.GetRows(L(key, "en"))
		if err != nil {
			t.Fatalf("sheet %s: %v", L(key, "en"), err)
		}
		var out []string
		for _, r := range rows {
			out = append(out, strings.Join(r, "|"))
		}
		return out
	}
	tests := []struct {
		sheet string
		want  []string // rows after the header, each a prefix
	}{
		{"sheet_new", []string{
			"external-contacts-lost|critical|new|ZhangSan",
			"handover-expired|critical|escalated from no-receiver|kunzhe",
			"custom-info|info|new|wangfang",
		}},
		{"sheet_escalated", []string{"no-receiver|high|kunzhe||40|2025-09-30|2026-10-31|" + audit.FingerprintOf("no-receiver", "kunzhe", "") + "|handover-expired"}},
		{"sheet_resolved", []string{"no-receiver|high|liqiang"}},
		{"sheet_leaver_changes", []string{
			// The fixture's liqiang has no external count before: unknown.
			"liqiang|李强|no longer listed|40||unknown",
			"yuesheng|岳生|appeared||40||unknown",
			"kunzhe|坤哲|expired|40|40|unknown|5",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			rows := sheet(tt.sheet)
			// The fixture's other findings below high are new too; on
			// that sheet only the rows the test names are checked, in
			// order.
			got := rows[1:]
			if tt.sheet != "sheet_new" && len(got) != len(tt.want) {
				t.Fatalf("%d rows, want %d: %q", len(got), len(tt.want), got)
			}
			k := 0
			for _, r := range got {
				if k < len(tt.want) && strings.HasPrefix(r, tt.want[k]) {
					k++
				}
			}
			if k != len(tt.want) {
				t.Errorf("rows %q lack %q (in order)", got, tt.want[k])
			}
		})
	}
	// The findings sheet says escalated too.
	found := false
	for _, r := range sheet("sheet_findings") {
		found = found || strings.Contains(r, "kunzhe") && strings.Contains(r, "escalated from no-receiver")
	}
	if !found {
		t.Error("findings sheet does not mark the escalated finding")
	}
}
