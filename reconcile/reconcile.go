// Package reconcile holds what WeCom actually did against the handover plan
// (`auditor reconcile`, issue #15): per customer and per leaver, done,
// waiting, refused, cap reached, not started, moved elsewhere or unknown;
// the findings that follow, and a follow-up plan for what is left, made with
// plan's placement rules.
//
// Like audit and plan it is pure: the outcome files are read by
// outcomes.go and sheet.go, the engine reads no clock and prints nothing.
package reconcile

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/plan"
	"github.com/wecom-audit/auditor/rules"
)

// Schema is the reconcile JSON's schema id.
const Schema = "auditor/reconcile/v1"

// Config is what Run needs besides the inputs.
type Config struct {
	AsOf        audit.Date
	ToolVersion string
	// Fill is passed to the follow-up plan (0: near_cap_ratio).
	Fill float64
}

// Counts are one leaver's customers per state. Lost counts customers that
// can no longer be handed over (refused a resigned-member handover, or past
// the limit date); they are also counted under their state.
type Counts struct {
	Planned        int `json:"planned"`
	Done           int `json:"done"`
	Waiting        int `json:"waiting"`
	Refused        int `json:"refused"`
	CapReached     int `json:"cap_reached"`
	NotStarted     int `json:"not_started"`
	MovedElsewhere int `json:"moved_elsewhere"`
	Unknown        int `json:"unknown"`
	Lost           int `json:"lost"`
}

func (c *Counts) add(state string) {
	switch state {
	case rules.StateDone:
		c.Done++
	case rules.StateWaiting:
		c.Waiting++
	case rules.StateRefused:
		c.Refused++
	case rules.StateCapReached:
		c.CapReached++
	case rules.StateNotStarted:
		c.NotStarted++
	case rules.StateMovedElsewhere:
		c.MovedElsewhere++
	default:
		c.Unknown++
	}
}

// Open is the customers still to act on.
func (c Counts) Open() int {
	return c.Waiting + c.CapReached + c.NotStarted + c.Unknown + c.Refused - c.Lost
}

// Customer is one customer of one leaver and what happened to it.
type Customer struct {
	ExternalID string
	Name       string
	State      string
	Receiver   string // who took it (done, waiting, moved elsewhere), as the outcome says
	// Date is the takeover date (done), the automatic takeover date
	// (waiting), or zero.
	Date  audit.Date
	Route Route
	// StillWithLeaver: refused an on-job transfer, so the leaver keeps it.
	StillWithLeaver bool
	Lost            bool
	ErrCode         int
	// Reason says why, in both languages (status label or error meaning).
	Reason rules.Text
	// Evidence is the outcome record the state rests on (zero for unknown).
	Evidence audit.Place
}

// Group is one customer group of a leaver.
type Group struct {
	ChatID   string
	Name     string
	State    string
	NewOwner string
	ErrCode  int
	Reason   rules.Text
	Evidence audit.Place
}

// Leaver is one departing or departed member and its handover's outcome.
type Leaver struct {
	UserID        string
	Name          string
	Status        audit.Status
	DepartureDate audit.Date
	LimitDate     audit.Date
	DaysToLimit   int
	// Route is how its customers move: on-job while the account exists
	// (departing), resigned-member once deleted (departed).
	Route   Route
	Planned []audit.Allocation
	// External is the plain external contacts it holds: they cannot be
	// handed over (D1, D2) and keep the case open until it is in scope.
	External int
	Counts   Counts
	IDsKnown bool // the exports list its customers' ids
	// Customers are the customers behind the counts (only when IDsKnown or
	// an outcome names them).
	Customers []Customer
	Groups    []Group
	// Closed: nothing left to do (every customer done, moved elsewhere or
	// lost; every group handed over). ClosedOn is the last takeover date
	// seen, zero when none is known.
	Closed   bool
	ClosedOn audit.Date
	// WaitingUntil is the latest automatic takeover date of a waiting customer.
	WaitingUntil audit.Date
	// Decision is the audit's decision for this leaver moved forward with
	// the outcomes (audit.Advance): the same object as the audit's when no
	// outcome concerns the leaver. Closed follows it: a leaver is closed
	// only once the account may be deleted and nothing is at risk.
	Decision audit.Decision
	audit    audit.Leaver
	seen     bool // some outcome record concerns this leaver
}

// AuditLeaver is the leaver as the audit saw them, carrying the decision
// moved forward with the outcomes: what the decision's renderers take.
func (l *Leaver) AuditLeaver() audit.Leaver {
	al := l.audit
	al.Decision = l.Decision
	return al
}

// OpenGroups is the groups not handed over yet.
func (l *Leaver) OpenGroups() int {
	n := 0
	for _, g := range l.Groups {
		if g.State != rules.StateDone {
			n++
		}
	}
	return n
}

// Finding is one reconcile finding that fired.
type Finding struct {
	Rule        string
	Severity    rules.Severity
	Member      string
	Receiver    string
	Count       int
	Code        int
	Title       rules.Text
	Message     rules.Text
	Remediation rules.Text
	Source      []string
}

// Result is the finished reconciliation.
type Result struct {
	AsOf             audit.Date
	ToolVersion      string
	RulesVersion     string
	ReconcileVersion string
	Company          string
	ChineseHeaders   bool
	Inputs           []audit.InputFile
	Assumed          []string
	AssumedZH        []string
	Leavers          []Leaver
	Findings         []Finding
	DataProblems     []audit.DataProblem
	// Unmatched counts outcome records about customers of no leaver of the
	// inputs (listed in DataProblems, up to a bound).
	Unmatched int
	Summary   audit.Summary
	Rules     *rules.ReconcileSet
	// AuditRules is the audit rule set in force (the follow-up plan's).
	AuditRules *rules.Set
	// Audit is the audit the reconciliation started from: the decisions'
	// words need its enterprise and receivers (explain.ContextOf).
	Audit *audit.Result
	// FollowUp re-plans what is left: cap-reached and not-started customers
	// and open groups, with plan's placement rules.
	FollowUp *plan.Plan
}

// Totals adds every leaver's counts.
func (r *Result) Totals() Counts {
	var t Counts
	for _, l := range r.Leavers {
		c := l.Counts
		t.Planned += c.Planned
		t.Done += c.Done
		t.Waiting += c.Waiting
		t.Refused += c.Refused
		t.CapReached += c.CapReached
		t.NotStarted += c.NotStarted
		t.MovedElsewhere += c.MovedElsewhere
		t.Unknown += c.Unknown
		t.Lost += c.Lost
	}
	return t
}

// WorstSeverity is the most severe finding's severity (Info when none).
func (r *Result) WorstSeverity() rules.Severity {
	w := rules.Info
	for _, f := range r.Findings {
		if f.Severity > w {
			w = f.Severity
		}
	}
	return w
}

// maxUnmatchedListed bounds the data problems for unmatched records.
const maxUnmatchedListed = 200

// Run reconciles the outcomes against the inputs (roster, contacts, groups
// and the plan as HR's handover sheet) as of cfg.AsOf.
func Run(in *audit.Inputs, out *Outcomes, rs *rules.Set, rr *rules.ReconcileSet, cfg Config) (*Result, error) {
	if in == nil || out == nil || rs == nil || rr == nil {
		return nil, fmt.Errorf("reconcile: missing inputs, outcomes or rule sets")
	}
	if cfg.AsOf.IsZero() {
		return nil, fmt.Errorf("reconcile: no as-of date")
	}
	ar, err := audit.Run(in, rs, audit.Config{AsOf: cfg.AsOf, ToolVersion: cfg.ToolVersion})
	if err != nil {
		return nil, err
	}
	res := &Result{
		AsOf: cfg.AsOf, ToolVersion: cfg.ToolVersion, RulesVersion: rs.Version, ReconcileVersion: rr.Version,
		Company: ar.Company, ChineseHeaders: in.ChineseHeaders, Assumed: ar.Assumed, AssumedZH: ar.AssumedZH,
		DataProblems: append([]audit.DataProblem(nil), ar.DataProblems...), Rules: rr, AuditRules: rs, Audit: ar,
	}
	res.Inputs = append(append(res.Inputs, ar.Inputs...), out.Files...)
	e := &engine{in: in, rs: rs, rr: rr, res: res, asOf: cfg.AsOf, byID: map[string]int{}, byKey: map[string]int{}}
	e.leavers(ar)
	e.customers(out.Customers)
	e.groups(out.Groups)
	for i := range res.Leavers {
		e.close(&res.Leavers[i])
	}
	e.findings()
	fp, err := FollowUp(in, rs, res, plan.Config{AsOf: cfg.AsOf, Fill: cfg.Fill, ToolVersion: cfg.ToolVersion})
	if err != nil {
		return nil, fmt.Errorf("follow-up plan: %w", err)
	}
	res.FollowUp = fp
	return res, nil
}

type engine struct {
	in   *audit.Inputs
	rs   *rules.Set
	rr   *rules.ReconcileSet
	res  *Result
	asOf audit.Date
	// byID finds the leaver holding a customer id; byKey a leaver by userid key.
	byID  map[string]int
	byKey map[string]int
	// chosen is the record each customer's state rests on, by leaver and id.
	chosen map[[2]string]*CustomerOutcome
}

func (e *engine) leavers(ar *audit.Result) {
	for _, al := range ar.Departing {
		l := Leaver{UserID: al.UserID, Name: al.Name, Status: al.Status, DepartureDate: al.DepartureDate,
			LimitDate: al.LimitDate, DaysToLimit: al.DaysToLimit, Planned: al.Receivers, Route: RouteOnJob, External: al.External,
			Decision: al.Decision, audit: al}
		if al.Status == audit.Departed {
			l.Route = RouteResigned
		}
		k := audit.Key(al.UserID)
		seen := map[string]bool{}
		for _, d := range e.in.Details[k] {
			if !d.Customer || d.ExternalID == "" || seen[d.ExternalID] {
				continue
			}
			seen[d.ExternalID] = true
			l.Customers = append(l.Customers, Customer{ExternalID: d.ExternalID, Name: d.Name, State: rules.StateUnknown})
		}
		l.IDsKnown = len(l.Customers) > 0 && len(l.Customers) == al.Customers
		l.Counts.Planned = max(al.Customers, len(l.Customers))
		for _, g := range e.in.Groups {
			if audit.Key(g.Owner) == k {
				l.Groups = append(l.Groups, Group{ChatID: g.ChatID, Name: g.Name, State: rules.StateUnknown,
					Reason: rules.Msg("reconcile.why.group_not_in_outcomes", nil)})
			}
		}
		idx := len(e.res.Leavers)
		e.byKey[k] = idx
		for _, c := range l.Customers {
			if _, dup := e.byID[c.ExternalID]; !dup {
				e.byID[c.ExternalID] = idx
			}
		}
		e.res.Leavers = append(e.res.Leavers, l)
	}
}

// rank orders records of one customer: a takeover status is the outcome
// itself, a call's answer only says whether the process started, and the
// unassigned list that nothing has started.
func rank(k Kind) int {
	switch k {
	case KindStatus:
		return 3
	case KindCall:
		return 2
	}
	return 1
}

// better reports whether record a should replace b as a customer's evidence.
func better(a, b *CustomerOutcome) bool {
	// A customer who refused an on-job transfer stays with the member; once
	// the account is deleted it shows in the unassigned list: that is newer.
	if a.Kind == KindUnassigned && b.Kind == KindStatus && b.Status == 3 && b.Route == RouteOnJob {
		return true
	}
	if rank(a.Kind) != rank(b.Kind) {
		return rank(a.Kind) > rank(b.Kind)
	}
	// Same kind: the later takeover wins; without dates, the later record.
	if !a.Time.IsZero() && !b.Time.IsZero() && !a.Time.Equal(b.Time) {
		return a.Time.After(b.Time)
	}
	return true
}

func (e *engine) unmatched(c *CustomerOutcome, why rules.Text) {
	e.res.Unmatched++
	if e.res.Unmatched <= maxUnmatchedListed {
		e.res.DataProblems = append(e.res.DataProblems, audit.DataProblem{Place: c.Place, Problem: why})
	}
}

func (e *engine) customers(recs []CustomerOutcome) {
	e.chosen = map[[2]string]*CustomerOutcome{}
	for i := range recs {
		c := &recs[i]
		li := -1
		if c.Leaver != "" {
			if j, ok := e.byKey[audit.Key(c.Leaver)]; ok {
				li = j
			} else if m := e.memberByName(c.Leaver); m != "" {
				li = e.byKey[audit.Key(m)]
				c.Leaver = m
			}
		} else if j, ok := e.byID[c.ExternalID]; ok {
			li = j
		}
		if li < 0 {
			var leaver any = c.Leaver
			if c.Leaver == "" {
				leaver = rules.Msg("reconcile.unnamed_member", nil)
			}
			e.unmatched(c, rules.Msg("reconcile.problem.not_a_leaver", catalog.Args{"customer": dashed(c.ExternalID, c.Name), "leaver": leaver}))
			continue
		}
		l := &e.res.Leavers[li]
		if c.ExternalID == "" {
			// A console export may carry names only: a name that is unique
			// among the leaver's customers identifies it.
			id, ok := uniqueName(l, c.Name)
			if !ok {
				e.unmatched(c, rules.Msg("reconcile.problem.name_not_unique", catalog.Args{"member": l.UserID, "name": c.Name}))
				continue
			}
			c.ExternalID = id
		}
		if !hasCustomer(l, c.ExternalID) {
			// WeCom says it was the leaver's customer though the exports do
			// not list it: it counts.
			l.Customers = append(l.Customers, Customer{ExternalID: c.ExternalID, Name: c.Name, State: rules.StateUnknown})
			l.Counts.Planned = max(l.Counts.Planned, len(l.Customers))
		}
		l.seen = true
		key := [2]string{audit.Key(l.UserID), c.ExternalID}
		if prev, ok := e.chosen[key]; !ok || better(c, prev) {
			e.chosen[key] = c
		}
	}
	for i := range e.res.Leavers {
		l := &e.res.Leavers[i]
		for j := range l.Customers {
			cu := &l.Customers[j]
			if rec, ok := e.chosen[[2]string{audit.Key(l.UserID), cu.ExternalID}]; ok {
				e.classify(l, cu, rec)
			} else {
				cu.State = rules.StateUnknown
				cu.Reason = rules.Msg("reconcile.why.customer_not_in_outcomes", nil)
			}
			if cu.State != rules.StateDone && cu.State != rules.StateMovedElsewhere && !cu.Lost &&
				!l.LimitDate.IsZero() && e.asOf.After(l.LimitDate) {
				cu.Lost = true
			}
		}
	}
}

func (e *engine) memberByName(name string) string {
	found := ""
	for _, m := range e.in.Members {
		if m.Name == name {
			if found != "" {
				return ""
			}
			found = m.UserID
		}
	}
	return found
}

func uniqueName(l *Leaver, name string) (string, bool) {
	id := ""
	for _, c := range l.Customers {
		if name != "" && c.Name == name {
			if id != "" {
				return "", false
			}
			id = c.ExternalID
		}
	}
	return id, id != ""
}

func hasCustomer(l *Leaver, id string) bool {
	for _, c := range l.Customers {
		if c.ExternalID == id {
			return true
		}
	}
	return false
}

func dashed(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (e *engine) classify(l *Leaver, cu *Customer, rec *CustomerOutcome) {
	cu.Evidence = rec.Place
	cu.Route = rec.Route
	if cu.Route == RouteUnknown {
		// The roster dates the deletion (InferRoute); else the leaver's
		// route today.
		r := *rec
		r.Leaver = l.UserID
		if cu.Route = InferRoute(r, e.in); cu.Route == RouteUnknown {
			cu.Route = l.Route
		}
	}
	cu.Receiver = rec.Receiver
	if cu.Name == "" {
		cu.Name = rec.Name
	}
	switch rec.Kind {
	case KindStatus:
		st, _ := e.rr.Status(rec.Status)
		cu.State, cu.Reason, cu.Date = st.State, st.Label, rec.Time
	case KindCall:
		if rec.ErrCode == 0 {
			// 0 only starts the process: the customer moves after 24 hours
			// unless they decline (API/96325, API/96331, D13).
			cu.State = rules.StateWaiting
			w := e.rr.Limits.TakeoverWaitHours
			cu.Reason = rules.Msg("reconcile.why.waiting", catalog.Args{"hours": w})
			break
		}
		cu.ErrCode = rec.ErrCode
		if ec, ok := e.rr.Error(rec.ErrCode, "customer"); ok {
			cu.State, cu.Reason = ec.State, ec.Meaning
		} else {
			cu.State = rules.StateUnknown
			cu.Reason = rules.Msg("reconcile.why.code_not_in_rules", catalog.Args{"code": strconv.Itoa(rec.ErrCode)})
		}
	case KindUnassigned:
		cu.State = rules.StateNotStarted
		cu.Reason = rules.Msg("reconcile.why.unassigned", nil)
		if l.DepartureDate.IsZero() && !rec.Time.IsZero() {
			// dimission_time: the departure date no export carries (API/92124).
			l.DepartureDate = rec.Time
			l.LimitDate = rec.Time.AddDays(e.rs.Limits.HandoverWindowDays)
			l.DaysToLimit = e.asOf.DaysUntil(l.LimitDate)
		}
	}
	if cu.State == rules.StateRefused {
		if cu.Route == RouteOnJob {
			cu.StillWithLeaver = true
		} else {
			cu.Lost = true
		}
	}
	if (cu.State == rules.StateDone || cu.State == rules.StateWaiting) && cu.Receiver != "" && len(l.Planned) > 0 && !planned(l, cu.Receiver) {
		cu.State = rules.StateMovedElsewhere
	}
}

func planned(l *Leaver, receiver string) bool {
	for _, a := range l.Planned {
		if audit.Key(a.UserID) == audit.Key(receiver) {
			return true
		}
	}
	return false
}

// groupProgress orders group states: a group's handover only moves forward.
func groupProgress(s string) int {
	switch s {
	case rules.StateDone:
		return 4
	case rules.StateWaiting:
		return 3
	case rules.StateNotStarted:
		return 2
	case rules.StateNormal:
		return 1
	}
	return 0
}

func (e *engine) groups(recs []GroupOutcome) {
	where := map[string][2]int{}
	for i := range e.res.Leavers {
		for j, g := range e.res.Leavers[i].Groups {
			if g.ChatID != "" {
				where[g.ChatID] = [2]int{i, j}
			}
		}
	}
	for i := range recs {
		r := &recs[i]
		pos, ok := where[r.ChatID]
		if !ok {
			continue // a group of no leaver: not this reconciliation's business
		}
		l := &e.res.Leavers[pos[0]]
		l.seen = true
		g := &l.Groups[pos[1]]
		state, reason, code := rules.StateUnknown, rules.Text{}, 0
		switch {
		case r.ErrCode != 0:
			code = r.ErrCode
			if ec, ok := e.rr.Error(r.ErrCode, "group"); ok {
				state, reason = ec.State, ec.Meaning
			} else {
				reason = rules.Msg("reconcile.why.code_unknown", catalog.Args{"code": strconv.Itoa(r.ErrCode)})
			}
		case r.Status >= 0:
			st, _ := e.rr.GroupStatus(r.Status)
			state, reason = st.State, st.Label
			if state == rules.StateNormal && l.Status.Leaving() {
				// Owner still active: the leaver's account exists and the
				// group has not moved yet.
				state = rules.StateNotStarted
			}
		case r.Owner != "":
			if audit.Key(r.Owner) == audit.Key(l.UserID) {
				state, reason = rules.StateNotStarted, rules.Msg("reconcile.why.leaver_owns", nil)
			} else {
				state, reason = rules.StateDone, rules.Msg("reconcile.why.owned_by", catalog.Args{"owner": r.Owner})
				g.NewOwner = r.Owner
			}
		}
		if groupProgress(state) >= groupProgress(g.State) {
			g.State, g.Reason, g.ErrCode, g.Evidence = state, reason, code, r.Place
			if r.NewOwner != "" {
				g.NewOwner = r.NewOwner
			}
		}
	}
}

func (e *engine) close(l *Leaver) {
	c := Counts{Planned: l.Counts.Planned}
	for _, cu := range l.Customers {
		c.add(cu.State)
		if cu.Lost {
			c.Lost++
		}
		if (cu.State == rules.StateDone || cu.State == rules.StateMovedElsewhere) && cu.Date.After(l.ClosedOn) {
			l.ClosedOn = cu.Date
		}
		if cu.State == rules.StateWaiting && cu.Date.After(l.WaitingUntil) {
			l.WaitingUntil = cu.Date
		}
	}
	// Customers the exports count but no id names: nothing says what
	// happened to them.
	if n := c.Planned - len(l.Customers); n > 0 {
		c.Unknown += n
	}
	l.Counts = c
	// The decision moves forward with what the outcomes say; the case is
	// closed only when it lets the account be deleted with nothing at risk.
	p := audit.Progress{Seen: l.seen, WaitingUntil: l.WaitingUntil, GroupsKnown: true, GroupsOpen: l.OpenGroups()}
	for _, cu := range l.Customers {
		switch {
		case cu.Lost:
			p.Lost++
		case cu.State == rules.StateDone || cu.State == rules.StateMovedElsewhere:
			p.Moved++
		case cu.State == rules.StateWaiting:
			p.Waiting++
		case cu.State == rules.StateUnknown:
			p.Unknown++
		default:
			p.Open++
		}
	}
	p.Unknown += c.Planned - len(l.Customers)
	l.Decision = audit.Advance(l.Decision, &l.audit, p, e.asOf)
	l.Closed = l.Decision.Closed()
	if !l.Closed {
		l.ClosedOn = audit.Date{}
	}
}

func (e *engine) fire(id string, l *Leaver, receiver string, count, code int, params catalog.Args) {
	def, ok := e.rr.Finding(id)
	if !ok {
		return
	}
	p := catalog.Args{"member": l.UserID, "name": l.Name, "receiver": receiver, "count": audit.Thousands(count),
		"days": fmt.Sprint(l.DaysToLimit), "limit_date": dashed(l.LimitDate.String(), "—"),
		// English nouns agree with their number: "1 customer", "2 customers".
		"customers": plural(count, "customer", "customers"), "customer_groups": plural(count, "customer group", "customer groups"),
		"days_left": plural(l.DaysToLimit, "day", "days")}
	for k, v := range params {
		p[k] = v
	}
	if l.Name == "" {
		p["name"] = l.UserID
	}
	f := Finding{Rule: id, Severity: def.Severity, Member: l.UserID, Receiver: receiver, Count: count, Code: code,
		Title: def.Title, Remediation: def.Remediation, Source: def.Source,
		Message: rules.Fill(def.Message, p)}
	if code != 0 {
		if ec, ok := e.rr.Error(code, "customer"); ok {
			f.Remediation = ec.Remediation
			f.Source = ec.Source
		}
	}
	e.res.Findings = append(e.res.Findings, f)
}

func (e *engine) findings() {
	for i := range e.res.Leavers {
		l := &e.res.Leavers[i]
		var lostRefused, lostExpired, onjobRefused, cap, notStarted, unknown, waiting int
		errs := map[int]int{}
		moved := map[string]int{}
		for _, cu := range l.Customers {
			switch {
			case cu.State == rules.StateRefused && !cu.Lost:
				onjobRefused++
			case cu.State == rules.StateRefused:
				lostRefused++
			case cu.Lost:
				lostExpired++
			case cu.ErrCode != 0 && cu.State != rules.StateWaiting:
				errs[cu.ErrCode]++
			case cu.State == rules.StateCapReached:
				cap++
			case cu.State == rules.StateNotStarted:
				notStarted++
			case cu.State == rules.StateUnknown:
				unknown++
			case cu.State == rules.StateWaiting:
				waiting++
			case cu.State == rules.StateMovedElsewhere:
				moved[dashed(cu.Receiver, "?")]++
			}
		}
		unknown += l.Counts.Planned - len(l.Customers)
		if lostRefused > 0 {
			e.fire("reconcile-lost-refused", l, "", lostRefused, 0, nil)
		}
		if lostExpired > 0 {
			e.fire("reconcile-lost-expired", l, "", lostExpired, 0, nil)
		}
		if onjobRefused > 0 {
			e.fire("reconcile-refused-onjob", l, "", onjobRefused, 0, nil)
		}
		if cap > 0 {
			e.fire("reconcile-cap-reached", l, "", cap, 0, nil)
		}
		if notStarted > 0 {
			e.fire("reconcile-not-started", l, "", notStarted, 0, nil)
		}
		codes := make([]int, 0, len(errs))
		for c := range errs {
			codes = append(codes, c)
		}
		sort.Ints(codes)
		for _, c := range codes {
			m := rules.Msg("reconcile.error_code", catalog.Args{"code": strconv.Itoa(c)})
			if ec, ok := e.rr.Error(c, "customer"); ok {
				m = ec.Meaning
			}
			e.fireText("reconcile-transfer-error", l, errs[c], c, m)
		}
		recv := make([]string, 0, len(moved))
		for r := range moved {
			recv = append(recv, r)
		}
		sort.Strings(recv)
		for _, r := range recv {
			e.fire("reconcile-moved-elsewhere", l, r, moved[r], 0, nil)
		}
		if unknown > 0 {
			e.fire("reconcile-unknown", l, "", unknown, 0, nil)
		}
		if waiting > 0 {
			// {when}: by the date the files give, or so many hours after a
			// call whose date they do not give.
			until := dashed(l.WaitingUntil.String(), "—")
			when := rules.Msg("reconcile.when.by", catalog.Args{"until": until})
			if l.WaitingUntil.IsZero() {
				when = rules.Msg("reconcile.when.unknown", catalog.Args{"hours": e.rr.Limits.TakeoverWaitHours})
			}
			e.fire("reconcile-waiting", l, "", waiting, 0, catalog.Args{"until": until, "when": when})
		}
		if l.Status == audit.Departing {
			if open := l.Counts.Planned - l.Counts.Done - l.Counts.MovedElsewhere - l.Counts.Lost; open > 0 {
				e.fire("reconcile-delete-blocked", l, "", open, 0, nil)
			}
		}
		if n := l.OpenGroups(); n > 0 {
			e.fire("reconcile-groups-open", l, "", n, 0, nil)
		}
	}
	sort.SliceStable(e.res.Findings, func(i, j int) bool {
		a, b := e.res.Findings[i], e.res.Findings[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if ka, kb := strings.ToLower(a.Member), strings.ToLower(b.Member); ka != kb {
			return ka < kb
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Receiver < b.Receiver
	})
	for _, f := range e.res.Findings {
		e.res.Summary.Add(f.Severity)
	}
}

// fireText fires a finding whose {meaning} is a text of its own.
func (e *engine) fireText(id string, l *Leaver, count, code int, meaning rules.Text) {
	e.fire(id, l, "", count, code, catalog.Args{"code": strconv.Itoa(code), "meaning": meaning})
}

// plural writes "1 customer", "2 customers", with thousands separators.
func plural(n int, one, many string) string {
	if n == 1 || n == -1 {
		return audit.Thousands(n) + " " + one
	}
	return audit.Thousands(n) + " " + many
}
