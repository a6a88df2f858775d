// Package history compares a run with the earlier reports of its series
// (the JSON reports a monthly batch keeps) and applies the accepted risks
// of a waiver file. It reads files; the comparison itself is a pure
// function of the reports and the result.
package history

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/audit/ingest"
	"github.com/wecom-audit/auditor/capacity"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// Report is what the comparison needs from an earlier JSON report. Fields
// written by this version only (fingerprint, first_seen, trend) are
// optional, so a report of an earlier auditor/v1 version still serves as
// the previous one.
type Report struct {
	Path   string
	SHA256 string // of the file's bytes
	AsOf   audit.Date

	Schema    string
	Company   string
	Findings  []Finding
	Departing []Leaver
	Summary   audit.Summary
	Trend     []audit.TrendPoint
	// Customers is the enterprise's customers the report gave
	// (enterprise.customers); nil when it has none. The capacity forecast
	// takes its pace from these totals when the exports carry no add times.
	Customers *int
	// PreviousSHA256 and PreviousAsOf are the report's own link to the one
	// before it ("" and zero when it was written without a history).
	PreviousSHA256 string
	PreviousAsOf   audit.Date
}

// Finding is one finding of an earlier report.
type Finding struct {
	Fingerprint string
	Rule        string
	Severity    rules.Severity
	Member      string
	Receiver    string
	Count       int
	CountUnit   string
	// FirstSeen and FirstCount as that report recorded them (zero when it
	// was written without a history).
	FirstSeen  audit.Date
	FirstCount int
	HasFirst   bool
}

// Leaver is one departing member of an earlier report. A count the report
// has as null (unknown) or does not have at all is nil.
type Leaver struct {
	UserID    string
	Name      string
	Customers *int
	External  *int
	LimitDate audit.Date
}

type rawReport struct {
	Schema   *string `json:"schema"`
	AsOf     *string `json:"as_of"`
	Company  *string `json:"company"`
	Findings []struct {
		Fingerprint string `json:"fingerprint"`
		Rule        string `json:"rule"`
		Severity    string `json:"severity"`
		Member      string `json:"member"`
		Receiver    string `json:"receiver"`
		Count       int    `json:"count"`
		CountUnit   string `json:"count_unit"`
		FirstSeen   string `json:"first_seen"`
		FirstCount  *int   `json:"first_count"`
	} `json:"findings"`
	Departing []struct {
		UserID    string `json:"userid"`
		Name      string `json:"name"`
		Customers *int   `json:"customers"`
		External  *int   `json:"external_contacts"`
		LimitDate string `json:"limit_date"`
	} `json:"departing"`
	Summary    map[string]*int `json:"summary"`
	Enterprise *struct {
		Customers *int `json:"customers"`
	} `json:"enterprise"`
	Previous *struct {
		SHA256 string `json:"sha256"`
		AsOf   string `json:"as_of"`
	} `json:"previous"`
	Trend []struct {
		AsOf     string `json:"as_of"`
		Critical int    `json:"critical"`
		High     int    `json:"high"`
		Medium   int    `json:"medium"`
		Low      int    `json:"low"`
		Info     int    `json:"info"`
	} `json:"trend"`
}

// Load reads an earlier JSON report. A file that is not an auditor report,
// or one of another schema, is refused with a message naming the file.
func Load(path string) (*Report, error) {
	// The digest recorded is that of the bytes parsed; a report being
	// rewritten while read is refused (ingest.ReadFileHeld).
	data, _, err := ingest.ReadFileHeld(path, 0)
	if err != nil {
		return nil, previousError(path, "history.previous.unreadable", catalog.Args{"reason": catalog.Reason(err)})
	}
	return parse(path, data)
}

// ReportError is a previous report that cannot be used: its path and the
// problem as a catalogue message (history.previous.*), said in English by
// Error and in a language by In.
type ReportError struct {
	Path string
	Text rules.Text
}

func (e *ReportError) Error() string { return e.In("en") }

// In is the error in lang (catalog.Localizer).
func (e *ReportError) In(lang string) string {
	return catalog.T(lang, "history.previous.where", catalog.Args{"path": e.Path, "problem": e.Text})
}

// DirError is a --history folder that cannot be used: the folder and the
// problem, said in the reader's language.
type DirError struct {
	Dir  string
	Text rules.Text
}

func (e *DirError) Error() string { return e.In("en") }

// In is the error in lang (catalog.Localizer).
func (e *DirError) In(lang string) string {
	return catalog.T(lang, "history.dir.where", catalog.Args{"dir": e.Dir, "problem": e.Text})
}

func dirError(dir, id string, args catalog.Args) error {
	return &DirError{Dir: dir, Text: rules.Msg(id, args)}
}

func previousError(path, id string, args catalog.Args) error {
	return &ReportError{Path: path, Text: rules.Msg(id, args)}
}

func parse(path string, data []byte) (*Report, error) {
	var raw rawReport
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, previousError(path, "history.previous.not_json", catalog.Args{"reason": err.Error()})
	}
	if raw.Schema == nil || raw.AsOf == nil {
		return nil, previousError(path, "history.previous.no_schema", nil)
	}
	if *raw.Schema != audit.Schema {
		return nil, previousError(path, "history.previous.schema", catalog.Args{"schema": strconv.Quote(*raw.Schema), "want": strconv.Quote(audit.Schema)})
	}
	sum := sha256.Sum256(data)
	r := &Report{Path: path, SHA256: hex.EncodeToString(sum[:]), Schema: *raw.Schema}
	var err error
	if r.AsOf, err = audit.ParseISODate(*raw.AsOf); err != nil {
		return nil, previousError(path, "history.previous.as_of", catalog.Args{"value": strconv.Quote(*raw.AsOf)})
	}
	if raw.Company != nil {
		r.Company = *raw.Company
	}
	for i, f := range raw.Findings {
		sev, err := rules.ParseSeverity(f.Severity)
		if err != nil {
			return nil, previousError(path, "history.previous.finding", catalog.Args{"index": strconv.Itoa(i), "reason": err.Error()})
		}
		pf := Finding{Fingerprint: strings.ToLower(f.Fingerprint), Rule: f.Rule, Severity: sev, Member: f.Member, Receiver: f.Receiver, Count: f.Count, CountUnit: f.CountUnit}
		if pf.Fingerprint == "" {
			pf.Fingerprint = audit.FingerprintOf(f.Rule, f.Member, f.Receiver)
		}
		if f.FirstSeen != "" {
			if pf.FirstSeen, err = audit.ParseISODate(f.FirstSeen); err != nil {
				return nil, previousError(path, "history.previous.first_seen", catalog.Args{"index": strconv.Itoa(i), "value": strconv.Quote(f.FirstSeen)})
			}
			pf.HasFirst = true
			pf.FirstCount = f.Count
			if f.FirstCount != nil {
				pf.FirstCount = *f.FirstCount
			}
		}
		r.Findings = append(r.Findings, pf)
	}
	for _, l := range raw.Departing {
		pl := Leaver{UserID: l.UserID, Name: l.Name, Customers: l.Customers, External: l.External}
		if l.LimitDate != "" {
			pl.LimitDate, _ = audit.ParseISODate(l.LimitDate)
		}
		r.Departing = append(r.Departing, pl)
	}
	if e := raw.Enterprise; e != nil && e.Customers != nil && *e.Customers >= 0 {
		r.Customers = e.Customers
	}
	if p := raw.Previous; p != nil {
		r.PreviousSHA256 = strings.ToLower(p.SHA256)
		r.PreviousAsOf, _ = audit.ParseISODate(p.AsOf)
	}
	get := func(k string) int {
		if v := raw.Summary[k]; v != nil {
			return *v
		}
		return 0
	}
	r.Summary = audit.Summary{Critical: get("critical"), High: get("high"), Medium: get("medium"), Low: get("low"), Info: get("info")}
	for _, p := range raw.Trend {
		d, err := audit.ParseISODate(p.AsOf)
		if err != nil {
			continue // a damaged trend point only costs a point of the chart
		}
		r.Trend = append(r.Trend, audit.TrendPoint{AsOf: d, Summary: audit.Summary{Critical: p.Critical, High: p.High, Medium: p.Medium, Low: p.Low, Info: p.Info}})
	}
	return r, nil
}

// LoadDir reads the earlier reports in a history folder: every
// audit-*.json file. Reports for the as-of date of this run are skipped
// (they are this run's own report from an earlier attempt, about to be
// replaced); the rest come back oldest first. Two reports for one date are
// refused: the chain would fork.
func LoadDir(dir string, asOf audit.Date) ([]*Report, error) {
	st, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, dirError(dir, "history.dir.missing", nil)
		}
		return nil, dirError(dir, "history.dir.unreadable", catalog.Args{"reason": catalog.Reason(err)})
	}
	if !st.IsDir() {
		return nil, dirError(dir, "history.dir.not_folder", nil)
	}
	paths, err := filepath.Glob(filepath.Join(dir, "audit-*.json"))
	if err != nil {
		return nil, dirError(dir, "history.dir.unreadable", catalog.Args{"reason": catalog.Reason(err)})
	}
	sort.Strings(paths)
	var out []*Report
	byDate := map[audit.Date]string{}
	for _, p := range paths {
		r, err := Load(p)
		if err != nil {
			return nil, err
		}
		if r.AsOf.Equal(asOf) {
			continue
		}
		if other, dup := byDate[r.AsOf]; dup {
			return nil, dirError(dir, "history.dir.two_reports", catalog.Args{"first": filepath.Base(other), "second": filepath.Base(p), "as_of": r.AsOf.String()})
		}
		byDate[r.AsOf] = p
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].AsOf.Before(out[j].AsOf) })
	return out, nil
}

// ChainBreaks checks the links of a history folder's reports, oldest
// first: each report that records a previous one must name the report
// before it in the folder, by SHA-256. A break (a report edited, replaced or
// missing) does not stop the run — the comparison uses the reports as they
// are — but it is said, so that a reviewer looks.
func ChainBreaks(chain []*Report) []Break {
	var out []Break
	for i := 1; i < len(chain); i++ {
		r, before := chain[i], chain[i-1]
		if r.PreviousSHA256 == "" || r.PreviousSHA256 == before.SHA256 {
			continue
		}
		args := catalog.Args{"at": filepath.Base(r.Path), "prev": filepath.Base(before.Path),
			"named_sha": r.PreviousSHA256[:min(12, len(r.PreviousSHA256))]}
		if r.PreviousAsOf.Equal(before.AsOf) {
			args["named_as_of"], args["prev_sha"] = r.PreviousAsOf.String(), before.SHA256[:12]
			out = append(out, Break{rules.Msg("history.chain.changed", args)})
			continue
		}
		if r.PreviousAsOf.IsZero() {
			args["named_as_of"] = rules.Msg("history.unknown_date", nil)
		} else {
			args["named_as_of"] = r.PreviousAsOf.String()
		}
		out = append(out, Break{rules.Msg("history.chain.missing", args)})
	}
	return out
}

// Break is a link of the history chain that does not hold, in either
// language (In); as a string it is English, for the terminal's warnings.
type Break struct{ rules.Text }

func (b Break) String() string { return b.In("en") }

// Totals are the enterprise's customers the reports gave, by as-of date:
// what the capacity forecast falls back on (capacity.PaceFromTotals).
// Reports without the total are left out.
func Totals(chain []*Report) []capacity.Total {
	out := []capacity.Total{}
	for _, r := range chain {
		if r.Customers != nil {
			out = append(out, capacity.Total{Date: r.AsOf.Time(), Customers: *r.Customers})
		}
	}
	return out
}
