package rules

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wecom-audit/auditor/catalog"
)

//go:embed default.yaml
var defaultYAML []byte

// DefaultYAML returns the embedded default rule set as written.
func DefaultYAML() []byte { return bytes.Clone(defaultYAML) }

// Text is a sentence a person will read, kept as a fact: the id of a
// message in the catalogue and its arguments, rendered in the reader's
// language only when a document is written (Msg). A Text read back from an
// earlier report's JSON, which stored both languages, keeps them as they
// were written (ZH, EN) so that history shows what was said then.
type Text struct {
	ID   string       `yaml:"-" json:"-"`
	Args catalog.Args `yaml:"-" json:"-"`
	ZH   string       `yaml:"zh" json:"zh"`
	EN   string       `yaml:"en" json:"en"`
}

// Msg is message id of the catalogue with its arguments.
func Msg(id string, args catalog.Args) Text { return Text{ID: id, Args: args} }

// In returns the text in lang ("zh" or "en"); anything but "en" is Chinese.
func (t Text) In(lang string) string {
	if t.ID != "" {
		return catalog.T(lang, t.ID, t.Args)
	}
	if lang == "en" {
		return t.EN
	}
	return t.ZH
}

// joined is texts said one after another, each language with its own
// separator; it is a catalog.Localizer, so a message can carry it.
type joined struct {
	zh, en string
	ts     []Text
}

func (j joined) In(lang string) string {
	parts := make([]string, len(j.ts))
	for i, t := range j.ts {
		parts[i] = t.In(lang)
	}
	if lang == "en" {
		return strings.Join(parts, j.en)
	}
	return strings.Join(parts, j.zh)
}

// List is texts as one list, joined the way each language lists reasons
// (as catalog.List: "a; b" in English, a full-width semicolon in Chinese).
func List(ts []Text) Text {
	return Msg("rules.text", catalog.Args{"text": joined{zh: "；", en: "; ", ts: ts}})
}

// Names is names that are not translated (keys, formats, flags) as one
// list: "a, b" in English, joined with an enumeration comma in Chinese.
func Names(names []string) Text {
	ts := make([]Text, len(names))
	for i, n := range names {
		ts[i] = Text{ZH: n, EN: n}
	}
	return Msg("rules.text", catalog.Args{"text": joined{zh: "、", en: ", ", ts: ts}})
}

// Sentences is whole sentences one after another: run together in Chinese,
// a space apart in English.
func Sentences(ts []Text) Text {
	return Msg("rules.text", catalog.Args{"text": joined{zh: "", en: " ", ts: ts}})
}

// filled is a template (a rule's message, which a rule file may write) with
// its placeholders' values, rendered by Render in the language asked for.
type filled struct {
	t    Text
	args catalog.Args
}

func (f filled) In(lang string) string {
	p := make(map[string]string, len(f.args))
	for k, v := range f.args {
		p[k] = catalog.Format(lang, v)
	}
	return Render(f.t.In(lang), p)
}

// Fill is template t with its {name} and {name|one|many} placeholders
// filled from args, each value said in the language the text is read in.
func Fill(t Text, args catalog.Args) Text {
	return Msg("rules.text", catalog.Args{"text": filled{t: t, args: args}})
}

// Arg is one placeholder's value for FillArgs.
type Arg struct {
	Name  string
	Value Text
}

// FillArgs is Fill with texts for values, kept as a list instead of a map
// of boxed values: a finding's message is kept until the reports are
// written, and a layoff has tens of thousands of them, the map and its
// boxes ~650 bytes each, the list ~380 (issue 24).
func FillArgs(t Text, args []Arg) Text {
	return Msg("rules.text", catalog.Args{"text": filledArgs{t: t, args: args}})
}

// filledArgs is filled with its values in a list.
type filledArgs struct {
	t    Text
	args []Arg
}

func (f filledArgs) In(lang string) string {
	p := make(map[string]string, len(f.args))
	for _, a := range f.args {
		p[a.Name] = a.Value.In(lang)
	}
	return Render(f.t.In(lang), p)
}

// IsZero tells whether the text says nothing.
func (t Text) IsZero() bool { return t.ID == "" && t.ZH == "" && t.EN == "" }

// Equal tells whether two texts say the same in both languages.
func (t Text) Equal(u Text) bool { return t.In("zh") == u.In("zh") && t.In("en") == u.In("en") }

// MarshalJSON writes both languages, as reports always have.
func (t Text) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ZH string `json:"zh"`
		EN string `json:"en"`
	}{t.In("zh"), t.In("en")})
}

// Limits are WeCom's numbers. They are data so that a policy change is a
// data change (DOMAIN.md, introduction).
type Limits struct {
	MemberCapDefault             int     `yaml:"member_cap_default" json:"member_cap_default"`
	MemberCapMax                 int     `yaml:"member_cap_max" json:"member_cap_max"`
	EnterpriseCapInitial         int     `yaml:"enterprise_cap_initial" json:"enterprise_cap_initial"`
	EnterpriseExpansionStep      int     `yaml:"enterprise_expansion_step" json:"enterprise_expansion_step"`
	UnverifiedEnterpriseCap      int     `yaml:"unverified_enterprise_cap" json:"unverified_enterprise_cap"`
	ExpansionMinDailyActiveUsers int     `yaml:"expansion_min_daily_active_users" json:"expansion_min_daily_active_users"`
	HandoverWindowDays           int     `yaml:"handover_window_days" json:"handover_window_days"`
	LoginWindowDays              int     `yaml:"login_window_days" json:"login_window_days"`
	DeadlineWarningDays          int     `yaml:"deadline_warning_days" json:"deadline_warning_days"`
	GroupsPerOwnerPerDay         int     `yaml:"groups_per_owner_per_day" json:"groups_per_owner_per_day"`
	GroupsPerCall                int     `yaml:"groups_per_call" json:"groups_per_call"`
	CustomersPerCall             int     `yaml:"customers_per_call" json:"customers_per_call"`
	NearCapRatio                 float64 `yaml:"near_cap_ratio" json:"near_cap_ratio"`
}

// Rule is one rule's definition. Its result is an audit.Finding, kept apart.
type Rule struct {
	ID          string   `json:"id"`
	Severity    Severity `json:"severity"`
	Enabled     bool     `json:"enabled"`
	Source      []string `json:"source"`
	Title       Text     `json:"title"`
	Message     Text     `json:"message"`
	Remediation Text     `json:"remediation"`
	// Passed is the reason shown when the rule is checked for a member and
	// does not fire (handover sheets list every check); optional.
	Passed Text `json:"passed"`
	// Count is the unit of a finding's count (CountUnits): what the number
	// in the JSON "count" field means for this rule.
	Count string `json:"count_unit"`
}

// CountUnits are the units a rule's count may have, with what each means.
var CountUnits = map[string]Text{
	"relationships": Msg("rules.count.relationships", nil),
	"groups":        Msg("rules.count.groups", nil),
	"load":          Msg("rules.count.load", nil),
	"overflow":      Msg("rules.count.overflow", nil),
	"expansions":    Msg("rules.count.expansions", nil),
	"rows":          Msg("rules.count.rows", nil),
	"none":          Msg("rules.count.none", nil),
}

// Set is a validated rule set.
type Set struct {
	Version string
	Limits  Limits
	rules   []Rule
	byID    map[string]int
	// reconcile is the reconcile set with the override's numbers; nil: embedded.
	reconcile *ReconcileSet
}

// Rules returns the rules in file order.
func (s *Set) Rules() []Rule { return s.rules }

// Rule returns the rule with the id; ok is false when there is none.
func (s *Set) Rule(id string) (Rule, bool) {
	i, ok := s.byID[id]
	if !ok {
		return Rule{}, false
	}
	return s.rules[i], true
}

// IDs returns every rule id, sorted.
func (s *Set) IDs() []string {
	ids := make([]string, 0, len(s.rules))
	for _, r := range s.rules {
		ids = append(ids, r.ID)
	}
	sort.Strings(ids)
	return ids
}

// rawSet is the file as decoded, before validation. Pointers tell "absent"
// from "zero" so that an override file can change one field of one rule.
type rawSet struct {
	Version   string        `yaml:"version"`
	Limits    rawLimits     `yaml:"limits"`
	Rules     []rawRule     `yaml:"rules"`
	Reconcile *rawReconcile `yaml:"reconcile"` // override files only (reconcile_override.go)
}

type rawLimits struct {
	MemberCapDefault             *int     `yaml:"member_cap_default"`
	MemberCapMax                 *int     `yaml:"member_cap_max"`
	EnterpriseCapInitial         *int     `yaml:"enterprise_cap_initial"`
	EnterpriseExpansionStep      *int     `yaml:"enterprise_expansion_step"`
	UnverifiedEnterpriseCap      *int     `yaml:"unverified_enterprise_cap"`
	ExpansionMinDailyActiveUsers *int     `yaml:"expansion_min_daily_active_users"`
	HandoverWindowDays           *int     `yaml:"handover_window_days"`
	LoginWindowDays              *int     `yaml:"login_window_days"`
	DeadlineWarningDays          *int     `yaml:"deadline_warning_days"`
	GroupsPerOwnerPerDay         *int     `yaml:"groups_per_owner_per_day"`
	GroupsPerCall                *int     `yaml:"groups_per_call"`
	CustomersPerCall             *int     `yaml:"customers_per_call"`
	NearCapRatio                 *float64 `yaml:"near_cap_ratio"`
}

type rawRule struct {
	ID          string   `yaml:"id"`
	Severity    *string  `yaml:"severity"`
	Enabled     *bool    `yaml:"enabled"`
	Source      []string `yaml:"source"`
	Title       *rawText `yaml:"title"`
	Message     *rawText `yaml:"message"`
	Remediation *rawText `yaml:"remediation"`
	Passed      *rawText `yaml:"passed"`
	Count       *string  `yaml:"count"`
}

type rawText struct {
	ZH *string `yaml:"zh"`
	EN *string `yaml:"en"`
}

// Default returns the embedded default rule set.
func Default() *Set {
	s, err := Parse(defaultYAML, nil)
	if err != nil {
		// The embedded file is tested; failing here is a build defect.
		panic(fmt.Sprintf("embedded rules/default.yaml: %v", err))
	}
	return s
}

// Load returns the default rule set with the override file applied, if any.
func Load(override io.Reader) (*Set, error) {
	if override == nil {
		return Default(), nil
	}
	b, err := io.ReadAll(override)
	if err != nil {
		return nil, err
	}
	return Parse(defaultYAML, b)
}

// Parse decodes base (a full rule set) and applies override (may be nil),
// then validates the result. Errors name the rule they concern.
func Parse(base, override []byte) (*Set, error) {
	var raw rawSet
	if err := decodeStrict(base, &raw); err != nil {
		return nil, yamlError(err)
	}
	s := &Set{Version: raw.Version, byID: map[string]int{}}
	applyLimits(&s.Limits, raw.Limits)
	for _, rr := range raw.Rules {
		if _, dup := s.byID[rr.ID]; dup {
			return nil, ruleError("rules.error.twice", catalog.Args{"rule": rr.ID})
		}
		r := Rule{ID: rr.ID, Enabled: true}
		catalogTexts(&r)
		if err := applyRule(&r, rr); err != nil {
			return nil, err
		}
		s.byID[r.ID] = len(s.rules)
		s.rules = append(s.rules, r)
	}
	if override != nil {
		var ov rawSet
		if err := decodeStrict(override, &ov); err != nil {
			return nil, yamlError(err)
		}
		if ov.Version != "" {
			s.Version = s.Version + "+" + ov.Version
		} else {
			s.Version = s.Version + "+local"
		}
		applyLimits(&s.Limits, ov.Limits)
		for _, rr := range ov.Rules {
			i, ok := s.byID[rr.ID]
			if !ok {
				return nil, ruleError("rules.error.no_such_rule", catalog.Args{"rule": strconv.Quote(rr.ID), "known": Names(s.IDs())})
			}
			if err := applyRule(&s.rules[i], rr); err != nil {
				return nil, err
			}
		}
		if ov.Reconcile != nil {
			rr, err := applyReconcile(ov.Reconcile)
			if err != nil {
				return nil, err
			}
			s.reconcile = rr
		}
	}
	if err := s.validate(); err != nil {
		return nil, err
	}
	return s, nil
}

func decodeStrict(b []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

func applyLimits(l *Limits, r rawLimits) {
	setInt := func(dst *int, src *int) {
		if src != nil {
			*dst = *src
		}
	}
	setInt(&l.MemberCapDefault, r.MemberCapDefault)
	setInt(&l.MemberCapMax, r.MemberCapMax)
	setInt(&l.EnterpriseCapInitial, r.EnterpriseCapInitial)
	setInt(&l.EnterpriseExpansionStep, r.EnterpriseExpansionStep)
	setInt(&l.UnverifiedEnterpriseCap, r.UnverifiedEnterpriseCap)
	setInt(&l.ExpansionMinDailyActiveUsers, r.ExpansionMinDailyActiveUsers)
	setInt(&l.HandoverWindowDays, r.HandoverWindowDays)
	setInt(&l.LoginWindowDays, r.LoginWindowDays)
	setInt(&l.DeadlineWarningDays, r.DeadlineWarningDays)
	setInt(&l.GroupsPerOwnerPerDay, r.GroupsPerOwnerPerDay)
	setInt(&l.GroupsPerCall, r.GroupsPerCall)
	setInt(&l.CustomersPerCall, r.CustomersPerCall)
	if r.NearCapRatio != nil {
		l.NearCapRatio = *r.NearCapRatio
	}
}

func applyRule(r *Rule, rr rawRule) error {
	if rr.Severity != nil {
		sev, err := ParseSeverity(*rr.Severity)
		if err != nil {
			return ruleError("rules.error.severity", catalog.Args{"rule": rr.ID, "value": strconv.Quote(*rr.Severity), "known": Names(severityList())})
		}
		r.Severity = sev
	}
	if rr.Enabled != nil {
		r.Enabled = *rr.Enabled
	}
	if rr.Source != nil {
		r.Source = rr.Source
	}
	applyText(&r.Title, rr.Title)
	applyText(&r.Message, rr.Message)
	applyText(&r.Remediation, rr.Remediation)
	applyText(&r.Passed, rr.Passed)
	if rr.Count != nil {
		r.Count = *rr.Count
	}
	return nil
}

// catalogTexts gives a rule its words from the catalogue (catalog/rules.yaml,
// rule.<id>.title, .message, .remediation, .passed) where it has them; a
// rule file that writes its own zh and en replaces them (applyText).
func catalogTexts(r *Rule) {
	for part, t := range map[string]*Text{"title": &r.Title, "message": &r.Message, "remediation": &r.Remediation, "passed": &r.Passed} {
		if id := "rule." + r.ID + "." + part; catalog.Has(id) {
			*t = Msg(id, nil)
		}
	}
}

// applyText applies a rule file's zh and en to t. A text from the catalogue
// becomes literal first, so that a file giving one language keeps the
// other as the catalogue says it.
func applyText(t *Text, r *rawText) {
	if r == nil {
		return
	}
	if t.ID != "" {
		*t = Text{ZH: t.In("zh"), EN: t.In("en")}
	}
	if r.ZH != nil {
		t.ZH = *r.ZH
	}
	if r.EN != nil {
		t.EN = *r.EN
	}
}

var (
	idPattern     = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	sourcePattern = regexp.MustCompile(`^(D[0-9]+|seed)$`)
)

func (s *Set) validate() error {
	l := s.Limits
	positive := []struct {
		name string
		v    int
	}{
		{"member_cap_default", l.MemberCapDefault},
		{"member_cap_max", l.MemberCapMax},
		{"enterprise_cap_initial", l.EnterpriseCapInitial},
		{"enterprise_expansion_step", l.EnterpriseExpansionStep},
		{"unverified_enterprise_cap", l.UnverifiedEnterpriseCap},
		{"handover_window_days", l.HandoverWindowDays},
		{"login_window_days", l.LoginWindowDays},
		{"groups_per_owner_per_day", l.GroupsPerOwnerPerDay},
		{"groups_per_call", l.GroupsPerCall},
		{"customers_per_call", l.CustomersPerCall},
	}
	for _, p := range positive {
		if p.v <= 0 {
			return ruleError("rules.error.positive", catalog.Args{"field": "limits." + p.name, "value": strconv.Itoa(p.v)})
		}
	}
	if l.DeadlineWarningDays < 0 {
		return ruleError("rules.error.negative", catalog.Args{"field": "limits.deadline_warning_days", "value": strconv.Itoa(l.DeadlineWarningDays)})
	}
	if l.ExpansionMinDailyActiveUsers < 0 {
		return ruleError("rules.error.negative", catalog.Args{"field": "limits.expansion_min_daily_active_users", "value": strconv.Itoa(l.ExpansionMinDailyActiveUsers)})
	}
	if l.MemberCapDefault > l.MemberCapMax {
		return ruleError("rules.error.cap_default", catalog.Args{"value": strconv.Itoa(l.MemberCapDefault), "max": strconv.Itoa(l.MemberCapMax)})
	}
	if !(l.NearCapRatio > 0 && l.NearCapRatio <= 1) {
		return ruleError("rules.error.ratio", catalog.Args{"value": strconv.FormatFloat(l.NearCapRatio, 'g', -1, 64)})
	}
	for _, r := range s.rules {
		if !idPattern.MatchString(r.ID) {
			return ruleError("rules.error.id", catalog.Args{"rule": strconv.Quote(r.ID)})
		}
		if _, ok := severityNames[r.Severity]; !ok {
			return ruleError("rules.error.no_severity", catalog.Args{"rule": r.ID})
		}
		if len(r.Source) == 0 {
			return ruleError("rules.error.no_source", catalog.Args{"rule": r.ID})
		}
		for _, src := range r.Source {
			if !sourcePattern.MatchString(src) {
				return ruleError("rules.error.source", catalog.Args{"rule": r.ID, "value": strconv.Quote(src)})
			}
		}
		if _, ok := CountUnits[r.Count]; !ok {
			return ruleError("rules.error.count", catalog.Args{"rule": r.ID, "value": strconv.Quote(r.Count), "known": Names(countUnitNames())})
		}
		for name, t := range map[string]Text{"title": r.Title, "message": r.Message, "remediation": r.Remediation} {
			if strings.TrimSpace(t.In("zh")) == "" || strings.TrimSpace(t.In("en")) == "" {
				return ruleError("rules.error.text", catalog.Args{"rule": r.ID, "field": name})
			}
		}
	}
	return nil
}

// placeholder matches {name} in message templates.
var placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)

// plural matches {name|one|many}: the value and the noun that agrees with
// it, "1 customer", "2 customers" (English templates; Chinese needs none).
var plural = regexp.MustCompile(`\{([a-z_]+)\|([^{}|]*)\|([^{}|]*)\}`)

// Render fills a template's {name} placeholders from params, and its
// {name|one|many} placeholders with the value and the agreeing noun; unknown
// names are left as written so that a typo in a rule file shows in the
// report.
func Render(tmpl string, params map[string]string) string {
	tmpl = plural.ReplaceAllStringFunc(tmpl, func(m string) string {
		p := plural.FindStringSubmatch(m)
		v, ok := params[p[1]]
		if !ok {
			return m
		}
		if strings.TrimSpace(v) == "1" {
			return v + " " + p[2]
		}
		return v + " " + p[3]
	})
	return placeholder.ReplaceAllStringFunc(tmpl, func(m string) string {
		if v, ok := params[m[1:len(m)-1]]; ok {
			return v
		}
		return m
	})
}

// countUnitNames lists the count units, sorted, for error messages.
func countUnitNames() []string {
	names := make([]string, 0, len(CountUnits))
	for n := range CountUnits {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
