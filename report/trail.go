package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// The audit trail: what ties every page of every document to one run, and
// lets a reviewer redo the run and get the same documents.

// RuleSetHash is the SHA-256 of the rule set in force, in the canonical JSON
// of `auditor rules --format json` without the version: the same thresholds,
// severities and texts give the same hash whether they came from the
// built-in rules or a --rules file that says the same.
func RuleSetHash(rs *rules.Set) string {
	if rs == nil {
		return ""
	}
	// The version is left out: an override file that changes nothing is
	// versioned "base+override" but applies the same rules.
	doc := struct {
		Limits rules.Limits `json:"limits"`
		Rules  []rules.Rule `json:"rules"`
	}{rs.Limits, rs.Rules()}
	b, err := json.Marshal(doc)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ReportID is the run's id: a hash of every input's role and SHA-256 (the
// exports, the profile, and the earlier reports and the waiver file when the
// run was given them), the rule set, the as-of date and the tool version.
// The same inputs, rules, date and version give the same id in zh and en,
// masked or not, whenever they run; any change to one of them gives
// another. A run compared with a history folder that holds no earlier
// report is another id too: its findings are marked new where a run
// without the folder leaves them unmarked. It is shown as four
// groups of four hex digits (64 bits: collisions between two runs of one
// enterprise are out of reach).
func ReportID(res *audit.Result, opt Options) string {
	if opt.ReportID != "" {
		return opt.ReportID
	}
	h := sha256.New()
	fmt.Fprintf(h, "auditor report id v1\nversion %s\nas-of %s\nrules %s\n", res.ToolVersion, res.AsOf, RuleSetHash(res.Rules))
	for _, in := range res.Inputs {
		fmt.Fprintf(h, "input %s %s\n", in.Role, in.SHA256)
	}
	if opt.RulesFile != nil {
		fmt.Fprintf(h, "input rules %s\n", opt.RulesFile.SHA256)
	}
	if res.History != nil {
		fmt.Fprintf(h, "series compared\n")
	}
	if res.Waivers != nil {
		fmt.Fprintf(h, "series waivers\n")
	}
	x := strings.ToUpper(hex.EncodeToString(h.Sum(nil))[:16])
	return x[0:4] + "-" + x[4:8] + "-" + x[8:12] + "-" + x[12:16]
}

// generated is the time the documents carry: the generation time from cmd,
// or the as-of date at midnight UTC when none was given (tests, library
// use), so that output stays deterministic either way.
func generated(res *audit.Result, opt Options) time.Time {
	if !opt.Generated.IsZero() {
		return opt.Generated.UTC()
	}
	if !res.AsOf.IsZero() {
		return res.AsOf.Time().UTC()
	}
	return time.Unix(0, 0).UTC()
}

// generatedText is the generation time as printed, or "not stated".
func generatedText(opt Options, lang string) string {
	if opt.Generated.IsZero() {
		return L("not_stated", lang)
	}
	return opt.Generated.UTC().Format("2006-01-02 15:04:05") + " UTC"
}

// commandLine quotes arguments that need it, as a shell would read them.
func commandLine(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n\"'\\$`*?[]{}()<>|&;#~") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out[i] = a
	}
	return strings.Join(out, " ")
}

// trailInput is one row of the inputs table of the trail.
type trailInput struct {
	Role, Path, SHA256 string
	Rows               int
	HasRows            bool
	Exported           string // the time the file states, or ""
}

func trailInputs(res *audit.Result, opt Options) []trailInput {
	var out []trailInput
	for _, in := range res.Inputs {
		t := trailInput{Role: in.Role, Path: in.Path, SHA256: in.SHA256, Rows: in.Rows, HasRows: hasRows(in.Role)}
		if ts, ok := opt.ExportTimes[in.Path]; ok && !ts.IsZero() {
			t.Exported = ts.UTC().Format("2006-01-02 15:04:05") + " UTC"
		}
		out = append(out, t)
	}
	if opt.RulesFile != nil {
		out = append(out, trailInput{Role: "rules", Path: opt.RulesFile.Path, SHA256: opt.RulesFile.SHA256})
	}
	for _, m := range opt.PullManifests {
		out = append(out, trailInput{Role: m.Role, Path: m.Path, SHA256: m.SHA256})
	}
	return out
}

// hasRows tells the inputs that are tables: the profile, the earlier
// reports and the waiver file have no rows to count.
func hasRows(role string) bool {
	switch role {
	case "profile", "previous_report", "earlier_report", "waivers":
		return false
	}
	return true
}

// threshold is one number of the rule set in force.
type threshold struct {
	Key   string // rule-set field, as in rules/default.yaml
	Label rules.Text
	Value string
}

// thresholds lists every limit of the rule set with what it means.
func thresholds(rs *rules.Set) []threshold {
	if rs == nil {
		return nil
	}
	l := rs.Limits
	n := func(v int) string { return audit.Thousands(v) }
	return []threshold{
		{"member_cap_default", rules.Msg("report.threshold.member_cap_default", nil), n(l.MemberCapDefault)},
		{"member_cap_max", rules.Msg("report.threshold.member_cap_max", nil), n(l.MemberCapMax)},
		{"enterprise_cap_initial", rules.Msg("report.threshold.enterprise_cap_initial", nil), n(l.EnterpriseCapInitial)},
		{"enterprise_expansion_step", rules.Msg("report.threshold.enterprise_expansion_step", nil), n(l.EnterpriseExpansionStep)},
		{"unverified_enterprise_cap", rules.Msg("report.threshold.unverified_enterprise_cap", nil), n(l.UnverifiedEnterpriseCap)},
		{"expansion_min_daily_active_users", rules.Msg("report.threshold.expansion_min_daily_active_users", nil), n(l.ExpansionMinDailyActiveUsers)},
		{"handover_window_days", rules.Msg("report.threshold.handover_window_days", nil), n(l.HandoverWindowDays)},
		{"login_window_days", rules.Msg("report.threshold.login_window_days", nil), n(l.LoginWindowDays)},
		{"deadline_warning_days", rules.Msg("report.threshold.deadline_warning_days", nil), n(l.DeadlineWarningDays)},
		{"groups_per_owner_per_day", rules.Msg("report.threshold.groups_per_owner_per_day", nil), n(l.GroupsPerOwnerPerDay)},
		{"groups_per_call", rules.Msg("report.threshold.groups_per_call", nil), n(l.GroupsPerCall)},
		{"customers_per_call", rules.Msg("report.threshold.customers_per_call", nil), n(l.CustomersPerCall)},
		{"near_cap_ratio", rules.Msg("report.threshold.near_cap_ratio", nil), strconv.FormatFloat(l.NearCapRatio*100, 'f', -1, 64) + " %"},
	}
}

// citedSources is every source code the rules in force cite, in order
// (D1, D2, … D10, D11).
func citedSources(rs *rules.Set) []string {
	if rs == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, r := range rs.Rules() {
		if !r.Enabled {
			continue
		}
		for _, s := range r.Source {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return sourceLess(out[i], out[j]) })
	return out
}

func sourceLess(a, b string) bool {
	na, ea := strconv.Atoi(strings.TrimPrefix(a, "D"))
	nb, eb := strconv.Atoi(strings.TrimPrefix(b, "D"))
	if ea == nil && eb == nil {
		return na < nb
	}
	return a < b
}

// fact is one WeCom fact a rule cites: what it says, and where it is
// published. docs/domain.md tells the same facts at length.
type fact struct {
	Text   rules.Text
	Source rules.Text
}

// SourceLegend is the text of a source code the rules cite, in lang, with
// where it is published; ok is false for a code the legend does not know.
func SourceLegend(code, lang string) (text, source string, ok bool) {
	f, ok := facts[code]
	if !ok {
		return "", "", false
	}
	return f.Text.In(lang), f.Source.In(lang), true
}

// facts is the legend of the source codes (docs/domain.md, in short).
var facts = map[string]fact{
	"D1":  {rules.Msg("report.fact.D1", nil), rules.Msg("report.fact.D1_source", nil)},
	"D2":  {rules.Msg("report.fact.D2", nil), rules.Msg("report.fact.D2_source", nil)},
	"D3":  {rules.Msg("report.fact.D3", nil), rules.Msg("report.fact.D3_source", nil)},
	"D4":  {rules.Msg("report.fact.D4", nil), rules.Msg("report.fact.D4_source", nil)},
	"D5":  {rules.Msg("report.fact.D5", nil), rules.Msg("report.fact.D5_source", nil)},
	"D6":  {rules.Msg("report.fact.D6", nil), rules.Msg("report.fact.D6_source", nil)},
	"D7":  {rules.Msg("report.fact.D7", nil), rules.Msg("report.fact.D7_source", nil)},
	"D8":  {rules.Msg("report.fact.D8", nil), rules.Msg("report.fact.D8_source", nil)},
	"D9":  {rules.Msg("report.fact.D9", nil), rules.Msg("report.fact.D9_source", nil)},
	"D10": {rules.Msg("report.fact.D10", nil), rules.Msg("report.fact.D10_source", nil)},
	"D11": {rules.Msg("report.fact.D11", nil), rules.Msg("report.fact.D11_source", nil)},
	"D12": {rules.Msg("report.fact.D12", nil), rules.Msg("report.fact.D12_source", nil)},
	"D13": {rules.Msg("report.fact.D13", nil), rules.Msg("report.fact.D13_source", nil)},
	"D14": {rules.Msg("report.fact.D14", nil), rules.Msg("report.fact.D14_source", nil)},
	"D15": {rules.Msg("report.fact.D15", nil), rules.Msg("report.fact.D15_source", nil)},
	"D16": {rules.Msg("report.fact.D16", nil), rules.Msg("report.fact.D16_source", nil)},
	"D17": {rules.Msg("report.fact.D17", nil), rules.Msg("report.fact.D17_source", nil)},
	"D18": {rules.Msg("report.fact.D18", nil), rules.Msg("report.fact.D18_source", nil)},
	"D19": {rules.Msg("report.fact.D19", nil), rules.Msg("report.fact.D19_source", nil)},
	"D20": {rules.Msg("report.fact.D20", nil), rules.Msg("report.fact.D20_source", nil)},
	"D21": {rules.Msg("report.fact.D21", nil), rules.Msg("report.fact.D21_source", nil)},
	"D22": {rules.Msg("report.fact.D22", nil), rules.Msg("report.fact.D22_source", nil)},
}
