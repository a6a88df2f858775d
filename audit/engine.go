package audit

import (
	"fmt"
	"slices"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"sort"
	"strings"

	"github.com/wecom-audit/auditor/rules"
)

// Config is what the engine needs besides the inputs and the rule set. The
// audit date is a value: the engine never reads the clock, so a run is
// reproducible (docs/spec.md §1, --as-of).
type Config struct {
	AsOf        Date
	ToolVersion string
	// Period narrows the departing members audited to departure dates in
	// that month (YYYY-MM); "" audits every leaver.
	Period string
}

// engine carries one run's state. Checks live in one file per family:
// scope.go, deadlines.go, receivers.go, enterprise.go, quality.go.
type engine struct {
	in    *Inputs
	rs    *rules.Set
	cfg   Config
	lim   rules.Limits
	idx   map[string]*Member
	res   *Result
	plans map[string][]Handover // handover-sheet rows by leaver key
	// leavers are the audited departing members, with their working state.
	leavers []*leaverState
	// defs are the rules the checks point to, by id (ruleDef).
	defs map[string]*rules.Rule
	// whys are the catalogue's reasons without arguments that checks share
	// (sharedWhy).
	whys map[whyKey]*rules.Text
}

// whyKey is a reason without arguments: the same words for every leaver.
type whyKey struct{ id, zh, en string }

// leaverState is a leaver while the engine works on it.
type leaverState struct {
	m      *Member
	out    *Leaver // its place in the result's Departing: no copy is made
	allocs []allocation
	// checked has bit i set once LeaverRules[i] is evaluated for this
	// leaver: a map per leaver cost ~600 bytes, 30 MB in a layoff of
	// 50,000 (issue 24).
	checked uint64
}

// leaverRuleAt is each leaver rule's place in LeaverRules: its bit in
// leaverState.checked and its place in the list of checks.
var leaverRuleAt = func() map[string]int {
	at := make(map[string]int, len(LeaverRules))
	for i, id := range LeaverRules {
		at[id] = i
	}
	if len(LeaverRules) > 64 {
		panic("audit: more leaver rules than bits in leaverState.checked")
	}
	return at
}()

// isChecked reports whether the rule was evaluated for the leaver. A rule
// outside LeaverRules (none today) is looked for among the checks.
func (l *leaverState) isChecked(id string) bool {
	if i, ok := leaverRuleAt[id]; ok {
		return l.checked&(1<<i) != 0
	}
	for _, c := range l.out.Checks {
		if c.Rule() == id {
			return true
		}
	}
	return false
}

func (l *leaverState) markChecked(id string) {
	if i, ok := leaverRuleAt[id]; ok {
		l.checked |= 1 << i
	}
}

type allocation struct {
	receiver string // as written
	key      string
	member   *Member // nil when not in the roster
	count    int
	whole    bool // the whole book goes to this one receiver (overlap credit applies)
}

// Run audits the inputs against the rule set on the configured date.
func Run(in *Inputs, rs *rules.Set, cfg Config) (*Result, error) {
	if cfg.AsOf.IsZero() {
		return nil, fmt.Errorf("audit: no as-of date")
	}
	// Work on a list of our own: the handover sheet overrides the status of
	// the members it names, and a caller (plan) may run the engine again on
	// other sheets. applyHandoverSheet copies those members before it
	// changes them; the rest are shared (a copy of every member was 55 MB
	// of 200,000, issue 24).
	own := *in
	own.Members = slices.Clone(in.Members)
	in = &own
	e := &engine{in: in, rs: rs, cfg: cfg, idx: in.Index()}
	if err := e.limits(); err != nil {
		return nil, err
	}
	e.res = &Result{
		AsOf:           cfg.AsOf,
		ToolVersion:    cfg.ToolVersion,
		RulesVersion:   rs.Version,
		Company:        in.Profile.Company,
		ChineseHeaders: in.ChineseHeaders,
		Inputs:         append([]InputFile(nil), in.Files...),
		Assumed:        append([]string(nil), in.Assumed...),
		AssumedZH:      append([]string(nil), in.AssumedZH...),
		DataProblems:   append([]DataProblem(nil), in.Problems...),
		Rules:          rs,
	}
	e.applyHandoverSheet()
	if err := e.selectLeavers(); err != nil {
		return nil, err
	}
	for _, l := range e.leavers {
		e.checkScope(l)
		e.checkDeadlines(l)
		e.checkGroups(l)
	}
	e.planReceivers()
	e.checkReceivers()
	e.checkEnterprise()
	e.checkMembers()
	e.checkDataQuality()
	e.collectAtRisk()
	e.finish()
	e.verdict()
	e.decide()
	return e.res, nil
}

// limits applies the profile's facts about this enterprise over the rule
// set's numbers (docs/spec.md §3, precedence of numbers).
func (e *engine) limits() error {
	e.lim = e.rs.Limits
	p := e.in.Profile
	if p.MemberCapDefault != nil {
		v := *p.MemberCapDefault
		if v <= 0 || v > e.lim.MemberCapMax {
			return fmt.Errorf("profile: member_cap_default %d must be between 1 and %d", v, e.lim.MemberCapMax)
		}
		e.lim.MemberCapDefault = v
	}
	if p.NearCapRatio != nil {
		v := *p.NearCapRatio
		if !(v > 0 && v <= 1) {
			return fmt.Errorf("profile: near_cap_ratio %v must be in (0, 1]", v)
		}
		e.lim.NearCapRatio = v
	}
	if p.EnterpriseCap != nil && *p.EnterpriseCap <= 0 {
		return fmt.Errorf("profile: enterprise_cap %d must be positive", *p.EnterpriseCap)
	}
	if p.DailyActiveUsers != nil && *p.DailyActiveUsers < 0 {
		return fmt.Errorf("profile: daily_active_users %d must not be negative", *p.DailyActiveUsers)
	}
	return nil
}

// sheetPlans groups the handover sheet's rows by leaver key, keys in the
// order they first appear. A sheet lists a leaver's rows together as a
// rule: then each leaver's rows are a window on the sheet's own, not a
// copy (10 MB of a 50,000-row sheet, issue 24).
func sheetPlans(hs []Handover) (map[string][]Handover, []string) {
	plans := map[string][]Handover{}
	var order []string
	together := true
	last, start := "", 0
	for i, h := range hs {
		k := Key(h.UserID)
		if k != last {
			if _, seen := plans[k]; seen || k == "" {
				together = false
				break
			}
			if last != "" {
				plans[last] = hs[start:i:i]
			}
			plans[k] = nil
			order = append(order, k)
			last, start = k, i
		}
	}
	if together {
		if last != "" {
			plans[last] = hs[start:len(hs):len(hs)]
		}
		return plans, order
	}
	plans, order = map[string][]Handover{}, nil
	for _, h := range hs {
		k := Key(h.UserID)
		if k == "" {
			continue
		}
		if _, seen := plans[k]; !seen {
			order = append(order, k)
		}
		plans[k] = append(plans[k], h)
	}
	return plans, order
}

// applyHandoverSheet lets HR's sheet win over the roster's status, date and
// receiver for the members it names (docs/spec.md §2.4).
func (e *engine) applyHandoverSheet() {
	var order []string
	e.plans, order = sheetPlans(e.in.Handovers)
	copies := map[*Member]*Member{}
	for _, k := range order {
		rows := e.plans[k]
		orig := e.idx[k]
		if orig == nil {
			// The readers report a sheet row naming nobody in the roster.
			delete(e.plans, k)
			continue
		}
		// The first row with a readable date gives the date (first row
		// wins, docs/spec.md §3); the readers report rows that disagree.
		// A sheet that gives no date for the member (many HR sheets have
		// only userid, receiver and count) leaves the roster's date, if
		// any, rather than erase it.
		date := orig.DepartureDate
		for _, h := range rows {
			if h.HasDate {
				date = h.DepartureDate
				break
			}
		}
		status := Departed
		if date.IsZero() || date.After(e.cfg.AsOf) {
			status = Departing
		}
		if orig.DepartureDate == date && orig.Status == status && orig.Receiver == "" && !orig.ReceiverUnknown {
			continue // the roster says the same already: nothing to copy
		}
		// The caller's member stays as it was (Run).
		c := *orig
		m := &c
		copies[orig] = m
		e.idx[k] = m
		m.DepartureDate, m.Status = date, status
		m.Receiver, m.ReceiverUnknown = "", false
	}
	if len(copies) == 0 {
		return
	}
	for i, m := range e.in.Members {
		if c, ok := copies[m]; ok {
			e.in.Members[i] = c
		}
	}
}

// selectLeavers picks the audited departing members, honouring --period.
func (e *engine) selectLeavers() error {
	var y, mo int
	if e.cfg.Period != "" {
		if _, err := fmt.Sscanf(e.cfg.Period, "%4d-%2d", &y, &mo); err != nil || mo < 1 || mo > 12 || len(e.cfg.Period) != 7 {
			return fmt.Errorf("period %q: want YYYY-MM", e.cfg.Period)
		}
	}
	var ms []*Member
	for _, m := range e.in.Members {
		if !m.Status.Leaving() {
			continue
		}
		if e.cfg.Period != "" && !e.inPeriod(m, y, mo) {
			continue
		}
		ms = append(ms, m)
	}
	if len(ms) == 0 {
		return nil
	}
	// The leavers are built in place in the result, each with room for
	// every leaver rule's check, so that nothing is copied or regrown
	// (issue 24: 50,000 leavers).
	e.res.Departing = make([]Leaver, len(ms))
	e.leavers = make([]*leaverState, len(ms))
	states := make([]leaverState, len(ms))
	for i, m := range ms {
		out := &e.res.Departing[i]
		*out = Leaver{
			UserID:        m.UserID,
			Name:          m.Name,
			Department:    strings.Join(m.Departments, "; "),
			Status:        m.Status,
			DepartureDate: m.DepartureDate,
			InScope:       e.scopeOf(m),
			Customers:     m.Customers,
			External:      m.ExternalContacts,
			Groups:        m.Groups,
			GroupsUnknown: e.in.Gaps.NoGroupsFile,
			Checks:        make([]Check, 0, len(LeaverRules)),
		}
		states[i] = leaverState{m: m, out: out}
		e.leavers[i] = &states[i]
	}
	return nil
}

// inPeriod applies --period (docs/spec.md §1): a departure date in the month; or
// already departed (on or before as-of) and still holding customers,
// external contacts or groups — or contacts the customer-only export cannot
// show, which may be held; or no departure date at all.
func (e *engine) inPeriod(m *Member, y, mo int) bool {
	d := m.DepartureDate
	switch {
	case d.IsZero():
		return true
	case d.Year() == y && int(d.Month()) == mo:
		return true
	case d.After(e.cfg.AsOf):
		return false
	}
	unseen := e.in.Gaps.CustomerOnlyContacts && e.scopeOf(m) != Yes && m.ExternalContacts == 0
	return m.Customers+m.ExternalContacts+m.Groups > 0 || unseen
}

// capOf is a member's customer cap: its own when valid, else the default.
func (e *engine) capOf(m *Member) int {
	if m.Cap > 0 && m.Cap <= e.lim.MemberCapMax && m.CapInvalid == "" {
		return m.Cap
	}
	return e.lim.MemberCapDefault
}

// params are a message's placeholder values in both languages.
type params map[string]rules.Text

func same(s string) rules.Text { return rules.Text{ZH: s, EN: s} }

// num formats a count with thousands separators, as WeCom's console does.
func num(n int) rules.Text { return same(group(n)) }

// Thousands writes n with thousands separators (41,200), as WeCom's console
// shows counts; every report formats counts through it.
func Thousands(n int) string { return thousands.Sprintf("%d", n) }

var thousands = message.NewPrinter(language.English)

func group(n int) string { return Thousands(n) }

// args are the params as a message's arguments, each a text said in the
// message's language, in the order of their names (a map's order would
// vary from run to run).
func (p params) args() []rules.Arg {
	out := make([]rules.Arg, 0, len(p))
	for k, v := range p {
		out = append(out, rules.Arg{Name: k, Value: v})
	}
	slices.SortFunc(out, func(a, b rules.Arg) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// memberParams are the placeholders every member finding shares.
func memberParams(m *Member) params {
	name := m.Name
	if name == "" {
		name = m.UserID
	}
	return params{"member": same(m.UserID), "name": same(name)}
}

// fire records a finding when the rule is enabled; it returns whether it did.
func (e *engine) fire(id, member, receiver string, count int, p params) bool {
	r, ok := e.rs.Rule(id)
	if !ok || !r.Enabled {
		return false
	}
	if p == nil {
		p = params{}
	}
	if _, ok := p["count"]; !ok {
		p["count"] = num(count)
	}
	e.res.Findings = append(e.res.Findings, Finding{
		Rule:        id,
		Severity:    r.Severity,
		Member:      member,
		Receiver:    receiver,
		Count:       count,
		CountUnit:   r.Count,
		Title:       r.Title,
		Message:     rules.FillArgs(r.Message, p.args()),
		Remediation: r.Remediation,
		Source:      r.Source,
	})
	return true
}

// check records a rule evaluated for a leaver: failed with the finding's
// message, or passed with the rule's pass reason.
func (e *engine) check(l *leaverState, id string, failed bool, reason rules.Text) {
	if !failed {
		e.setCheck(l, id, Pass, rules.Text{})
		return
	}
	e.setCheck(l, id, Fail, reason)
}

// passBecause records a passed check with its own reason (a rule that does
// not apply to the leaver says why).
func (e *engine) passBecause(l *leaverState, id string, reason rules.Text) {
	e.setCheck(l, id, Pass, reason)
}

// unknown records a check the inputs cannot settle; reason says what is
// missing and which input would settle it.
func (e *engine) unknown(l *leaverState, id string, reason rules.Text) {
	e.setCheck(l, id, CheckUnknown, reason)
}

// setCheck records a check once per rule and leaver; a passed check
// without a reason gets the rule's pass reason.
func (e *engine) setCheck(l *leaverState, id string, state CheckState, reason rules.Text) {
	r, ok := e.rs.Rule(id)
	if !ok || !r.Enabled || l.isChecked(id) {
		return
	}
	l.markChecked(id)
	if state == Pass && reason.IsZero() {
		l.out.Checks = append(l.out.Checks, PassedCheck(e.ruleDef(id, r)))
		return
	}
	if reason.ID != "" && len(reason.Args) == 0 {
		l.out.Checks = append(l.out.Checks, Check{State: state, why: e.sharedWhy(reason), def: e.ruleDef(id, r)})
		return
	}
	l.out.Checks = append(l.out.Checks, NewCheck(e.ruleDef(id, r), state, reason))
}

// sharedWhy is the one copy of a reason without arguments that every check
// giving it points to. Most reasons of a passed check are such fixed words
// ("holds nothing", "does not apply"): a copy per check was 210,000 of
// them, 13 MB, in a layoff of 50,000 (issue 24). A check never changes its
// reason, so sharing it is safe.
func (e *engine) sharedWhy(t rules.Text) *rules.Text {
	k := whyKey{t.ID, t.ZH, t.EN}
	if p, ok := e.whys[k]; ok {
		return p
	}
	if e.whys == nil {
		e.whys = map[whyKey]*rules.Text{}
	}
	p := new(rules.Text)
	*p = t
	e.whys[k] = p
	return p
}

// ruleDef is the one copy of rule r that every check of it points to.
// The copy is made in its own variable: taking r's address would move the
// parameter to the heap on every call, a rule's few hundred bytes for each
// of a layoff's 750,000 checks (227 MB allocated, issue 24).
func (e *engine) ruleDef(id string, r rules.Rule) *rules.Rule {
	if d, ok := e.defs[id]; ok {
		return d
	}
	if e.defs == nil {
		e.defs = map[string]*rules.Rule{}
	}
	d := new(rules.Rule)
	*d = r
	e.defs[id] = d
	return d
}

// fireFor fires a leaver's finding and records the check.
func (e *engine) fireFor(l *leaverState, id string, cond bool, receiver string, count int, p params) {
	if !cond {
		e.check(l, id, false, rules.Text{})
		return
	}
	if e.fire(id, l.m.UserID, receiver, count, p) {
		f := e.res.Findings[len(e.res.Findings)-1]
		e.check(l, id, true, f.Message)
	}
}

// problem records a data problem, said in words only when rendered.
func (e *engine) problem(at Place, t rules.Text) {
	e.res.DataProblems = append(e.res.DataProblems, DataProblem{Place: at, Problem: t})
}

// assume records an assumption in both languages (Result.Assumed and
// AssumedZH, which the readers' lines share).
func (e *engine) assume(t rules.Text) {
	en, zh := t.In("en"), t.In("zh")
	// Keep the two lists in step even when the readers gave no Chinese.
	for len(e.res.AssumedZH) < len(e.res.Assumed) {
		e.res.AssumedZH = append(e.res.AssumedZH, e.res.Assumed[len(e.res.AssumedZH)])
	}
	e.res.Assumed = append(e.res.Assumed, en)
	e.res.AssumedZH = append(e.res.AssumedZH, zh)
}

// finish sorts everything that reports show, so that output is
// deterministic, and counts severities.
func (e *engine) finish() {
	for _, l := range e.leavers {
		e.settle(l)
	}
	fs := e.res.Findings
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if ka, kb := Key(a.Member), Key(b.Member); ka != kb {
			return ka < kb
		}
		return Key(a.Receiver) < Key(b.Receiver)
	})
	assignFingerprints(fs)
	for _, f := range fs {
		e.res.Summary.Add(f.Severity)
	}
	sort.SliceStable(e.res.DataProblems, func(i, j int) bool {
		a, b := e.res.DataProblems[i].Place, e.res.DataProblems[j].Place
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Sheet != b.Sheet {
			return a.Sheet < b.Sheet
		}
		return a.Row < b.Row
	})
}
