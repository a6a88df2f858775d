package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/capacity"
	"github.com/wecom-audit/auditor/rules"
)

// jsonDocOf builds the whole document, as JSONWriter.Write did before it
// streamed (issue 24): the reference the stream's bytes are checked against.
// The document types mirror docs/spec.md §4.1 field for field; they are separate
// from audit's types so that the schema only changes on purpose. Write
// streams jsonDoc's members in this order rather than building it; the
// tests build it whole (jsonDocOf) to check the stream's bytes.
type jsonDoc struct {
	Schema       string            `json:"schema"`
	AsOf         string            `json:"as_of"`
	ToolVersion  string            `json:"tool_version"`
	RulesVersion string            `json:"rules_version"`
	Company      string            `json:"company"`
	Lang         string            `json:"lang"`
	Inputs       []jsonInput       `json:"inputs"`
	Enterprise   jsonEnterprise    `json:"enterprise"`
	Assumed      []string          `json:"assumed"`
	Departing    []jsonLeaver      `json:"departing"`
	Receivers    []jsonReceiver    `json:"receivers"`
	Findings     []jsonFinding     `json:"findings"`
	DataProblems []jsonDataProblem `json:"data_problems"`
	Summary      map[string]int    `json:"summary"`
	Verdict      jsonVerdict       `json:"verdict"`
	// The series (json_history.go): null or empty without earlier reports
	// or a waiver file.
	Previous      *jsonPrevious      `json:"previous"`
	Resolved      []jsonResolved     `json:"resolved"`
	LeaverChanges []jsonLeaverChange `json:"leaver_changes"`
	Trend         []jsonTrendPoint   `json:"trend"`
	Waivers       *jsonWaivers       `json:"waivers"`
	// ReportSet: the other files written with this one (json_set.go).
	ReportSet []jsonSetFile `json:"report_set,omitempty"`
	// HandoverSheets: which leavers have a handover sheet, when the set
	// holds a PDF (handover_pick.go).
	HandoverSheets *jsonSheets   `json:"handover_sheets,omitempty"`
	Capacity       *jsonCapacity `json:"capacity"` // capacity_json.go; null when not forecast
}

func jsonDocOf(res *audit.Result, opt Options) jsonDoc {
	lang := opt.Lang
	doc := jsonDoc{
		Schema:       audit.Schema,
		AsOf:         res.AsOf.String(),
		ToolVersion:  res.ToolVersion,
		RulesVersion: res.RulesVersion,
		Company:      res.Company,
		Lang:         lang,
		Inputs:       jsonInputs(res.Inputs, lang),
		Capacity:     jsonCapacityOf(res.Capacity, lang),
		Enterprise:   jsonEnterpriseOf(res.Enterprise),
		Assumed:      append([]string{}, res.AssumedIn(lang)...),
		Departing:    []jsonLeaver{},
		Receivers:    []jsonReceiver{},
		Findings:     []jsonFinding{},
		DataProblems: []jsonDataProblem{},
		Summary:      jsonSummaryOf(res.Summary),
		Verdict:      jsonVerdictOf(res, lang),
	}
	for i := range res.Departing {
		doc.Departing = append(doc.Departing, jsonLeaverOf(&res.Departing[i], lang))
	}
	for i := range res.Receivers {
		doc.Receivers = append(doc.Receivers, jsonReceiverOf(&res.Receivers[i]))
	}
	for _, f := range res.Findings {
		doc.Findings = append(doc.Findings, jsonFindingOf(f, lang))
	}
	for i := range res.DataProblems {
		doc.DataProblems = append(doc.DataProblems, jsonDataProblemOf(&res.DataProblems[i], lang))
	}
	doc.Previous = jsonPreviousOf(res)
	doc.Resolved, doc.LeaverChanges = []jsonResolved{}, []jsonLeaverChange{}
	if h := res.History; h != nil {
		for i := range h.Resolved {
			doc.Resolved = append(doc.Resolved, jsonResolvedOf(&h.Resolved[i]))
		}
		for i := range h.Leavers {
			doc.LeaverChanges = append(doc.LeaverChanges, jsonLeaverChangeOf(&h.Leavers[i]))
		}
	}
	for _, p := range jsonTrendOf(res) {
		doc.Trend = append(doc.Trend, jsonTrendPointOf(p))
	}
	doc.Waivers = jsonWaiversOf(res)
	doc.ReportSet = setJSON(opt)
	if opt.withPDF {
		hs := jsonSheetsOf(res, opt)
		doc.HandoverSheets = &hs
	}
	return doc
}

func jsonCapacityOf(r *capacity.Report, lang string) *jsonCapacity {
	if r == nil {
		return nil
	}
	j := jsonCapacityHead(r, lang)
	for _, m := range r.Members {
		j.Members = append(j.Members, jsonMemberOf(m, lang))
	}
	for _, m := range r.Receivers {
		j.Receivers = append(j.Receivers, jsonMemberOf(m, lang))
	}
	return j
}

// referenceJSON encodes the whole document at once, with the encoder's
// settings the writer had before it streamed.
func referenceJSON(w io.Writer, res *audit.Result, opt Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(jsonDocOf(res, opt))
}

// checkJSONStream compares the streamed JSON with the reference, in both
// languages, and says where they part.
func checkJSONStream(t *testing.T, res *audit.Result, opt Options) {
	t.Helper()
	for _, lang := range []string{"zh", "en"} {
		opt.Lang = lang
		var got, want bytes.Buffer
		if err := (&JSONWriter{}).Write(&got, res, opt); err != nil {
			t.Fatal(err)
		}
		if err := referenceJSON(&want, res, opt); err != nil {
			t.Fatal(err)
		}
		if g, w := got.Bytes(), want.Bytes(); !bytes.Equal(g, w) {
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			from := max(0, i-200)
			t.Fatalf("%s: the stream parts from the document at byte %d of %d/%d\n--- stream ---\n%s\n--- document ---\n%s",
				lang, i, len(g), len(w), g[from:min(len(g), i+200)], w[from:min(len(w), i+200)])
		}
		if !json.Valid(got.Bytes()) {
			t.Fatalf("%s: not valid JSON", lang)
		}
	}
}

// historyFixture is pdfFixture with everything the series adds: a previous
// report, findings with history (escalated, persisting, waived), resolved
// findings, leaver changes, a trend, waivers, a report set and HTML-like
// text the encoder must not escape.
func historyFixture() *audit.Result {
	res := pdfFixture()
	res.Company = `<Acme & "Sons">`
	res.History = &audit.History{
		PreviousSHA256: "abc123", PreviousAsOf: audit.NewDate(2026, 10, 31),
		Resolved: []audit.ResolvedFinding{{Fingerprint: "f1", Rule: "no-receiver", Severity: rules.High, Member: "a<b>", Count: 3,
			CountUnit: "customers", FirstSeen: audit.NewDate(2026, 8, 31), LastSeen: audit.NewDate(2026, 10, 31), FollowedBy: []string{"x"}},
			{Fingerprint: "f2", Rule: "r2", Severity: rules.Low}},
		Leavers: []audit.LeaverChange{{UserID: "u1", Name: "名", Change: audit.LeaverAppeared, CustomersNow: new(7)},
			{UserID: "u2", Change: audit.LeaverRemoved, CustomersBefore: new(0), ExternalBefore: new(2), LimitDate: audit.NewDate(2027, 1, 1)}},
		Trend: []audit.TrendPoint{{AsOf: audit.NewDate(2026, 10, 31), Summary: audit.Summary{High: 2}}, {AsOf: res.AsOf, Summary: res.Summary}},
	}
	res.Waivers = &audit.Waivers{Applied: 1, Expired: []audit.WaiverUse{{Fingerprint: "w1", Reason: "ok & fine", Line: 3}}}
	for i := range res.Findings {
		f := &res.Findings[i]
		f.Fingerprint = fmt.Sprintf("fp%d", i)
		switch i % 3 {
		case 0:
			f.History = &audit.FindingHistory{Status: audit.StatusPersisting, FirstSeen: audit.NewDate(2026, 9, 30), MonthsOpen: 2, FirstCount: 1, PreviousCount: 2}
		case 1:
			f.History = &audit.FindingHistory{Status: audit.StatusEscalated, EscalatedFrom: []audit.ReplacedFinding{{Fingerprint: "old", Rule: "r", Severity: rules.Medium}}}
			f.Waiver = &audit.FindingWaiver{Reason: "<accepted>", AcceptedBy: "ops", Expires: audit.NewDate(2027, 1, 1)}
		}
	}
	return res
}

// TestJSONStreamMatchesDocument holds the streaming writer to the bytes of
// the whole document encoded at once: the fixtures, the sample enterprise,
// a generated one of 300 members, a result with a series, an empty one.
func TestJSONStreamMatchesDocument(t *testing.T) {
	set := []audit.InputFile{{Path: "audit-2026-11-30.pdf", Role: "pdf", SHA256: "00ff"}, {Path: "audit-2026-11-30.xlsx", Role: "xlsx", SHA256: "11ee"}}
	cases := map[string]struct {
		res func(t *testing.T) *audit.Result
		opt Options
	}{
		"empty":     {func(*testing.T) *audit.Result { return &audit.Result{AsOf: audit.NewDate(2026, 11, 30)} }, Options{}},
		"fixture":   {func(*testing.T) *audit.Result { return pdfFixture() }, Options{}},
		"history":   {func(*testing.T) *audit.Result { return historyFixture() }, Options{Set: set}},
		"samples":   {sampleResult, Options{}},
		"generated": {generatedResult, Options{Set: set}},
		"sheets for": {generatedResult, Options{Set: set, withPDF: true, HandoverDir: handoverDir,
			Sheets: SheetChoice{Mode: SheetsFor, For: []string{"nobody", "NOBODY2"}}}},
		"sheets all": {sampleResult, Options{withPDF: true}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) { checkJSONStream(t, c.res(t), c.opt) })
	}
}
