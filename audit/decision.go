package audit

import "encoding/json"

// Gate is whether HR may delete a leaver's account today.
type Gate int8

const (
	// GateNotYet: deleting the account now would lose something that can
	// still be saved; Decision.Until names what it waits on.
	GateNotYet Gate = iota
	// GateAllowed: deleting the account loses nothing that can still be
	// saved (what is already lost is recorded in Decision.Lost).
	GateAllowed
	// GateUnknown: the inputs cannot tell whether deletion loses anything;
	// Decision.Settle names what would settle it.
	GateUnknown
)

func (g Gate) String() string {
	switch g {
	case GateAllowed:
		return "allowed"
	case GateUnknown:
		return "unknown"
	}
	return "not_yet"
}

// MarshalJSON writes the gate's word.
func (g Gate) MarshalJSON() ([]byte, error) { return json.Marshal(g.String()) }

// MarshalJSON writes no route as null.
func (r Route) MarshalJSON() ([]byte, error) {
	if r == RouteNone {
		return []byte("null"), nil
	}
	return json.Marshal(string(r))
}

// Owner is who carries out an action.
type Owner string

const (
	OwnerHR         Owner = "hr"          // HR: records, handover sheet, exports
	OwnerAdmin      Owner = "admin"       // a WeCom admin: scope, transfers, deletion
	OwnerSuperAdmin Owner = "super_admin" // the super admin: the enterprise expansion (D23)
	OwnerReceiver   Owner = "receiver"    // the receiving member: their own expansion (D9)
	OwnerMember     Owner = "member"      // the departing member: a login before leaving (D12)
)

// Route is how a leaver's customers move (D11, D16).
type Route string

const (
	RouteNone     Route = ""
	RouteOnJob    Route = "on_job"   // on-job transfer (route.on_job), while the account exists
	RouteResigned Route = "resigned" // resigned-member transfer (route.resigned), once the account is deleted
)

// Action codes: each names one thing to do, in the order WeCom needs them
// done. Their words live in the catalogue (package catalog), keyed by code.
const (
	ActFindDepartureDate = "find-departure-date" // HR: when does the member leave
	ActFindLastLogin     = "find-last-login"     // HR: the roster's last login
	ActFindGroups        = "find-groups"         // HR: the groups export
	ActFixHandoverSheet  = "fix-handover-sheet"  // HR: an unreadable receiver or count
	ActCheckScope        = "check-scope"         // admin: is the member in the scope
	ActLogInBeforeLeave  = "log-in-before-leaving"
	ActMeetEligibility   = "meet-expansion-eligibility"
	ActFindEligibility   = "confirm-expansion-eligibility"
	ActEnterpriseExpand  = "request-enterprise-expansion"
	ActAddToScope        = "add-to-scope"
	ActExportAgain       = "export-again"
	ActNameReceiver      = "name-receiver"
	ActReplaceReceiver   = "replace-receiver"
	ActMemberExpansion   = "member-expansion"
	ActSplitHandover     = "split-handover"
	ActDeleteAccount     = "delete-account"
	ActHandOverCustomers = "hand-over-customers"
	ActHandOverGroups    = "hand-over-groups"
	ActWait24h           = "wait-24h"
	ActCheckOutcome      = "check-outcome"
	ActRecordLoss        = "record-loss"
)

// Reasons a receiver is replaced (Action.Reason).
const (
	ReasonNotInRoster = "not_in_roster"
	ReasonIneligible  = "ineligible"
)

// Action is one next step for a leaver.
type Action struct {
	Code  string `json:"action"`
	Owner Owner  `json:"owner"`
	Route Route  `json:"route"`
	// Due is the last day to do it; zero when it cannot be known (no
	// departure date). Overdue: as-of is after Due and it can still be done.
	Due     Date `json:"-"`
	Overdue bool `json:"overdue"`
	// WaitsOn is the code of the action that must be done first; "" when
	// it can start now.
	WaitsOn string `json:"waits_on,omitempty"`
	// Receiver and Count are the action's parameters where it has them.
	Receiver string `json:"receiver,omitempty"`
	Count    *int   `json:"count,omitempty"`
	// Reason qualifies replace-receiver (ReasonNotInRoster, ReasonIneligible).
	Reason string `json:"reason,omitempty"`
}

// MarshalJSON writes Due as YYYY-MM-DD or null.
func (a Action) MarshalJSON() ([]byte, error) {
	type plain Action
	var due *string
	if !a.Due.IsZero() {
		s := a.Due.String()
		due = &s
	}
	return json.Marshal(struct {
		plain
		Due *string `json:"due"`
	}{plain(a), due})
}

// Counts are customers, plain external contacts and groups; nil is unknown.
type Counts struct {
	Customers        *int `json:"customers"`
	ExternalContacts *int `json:"external_contacts"`
	Groups           *int `json:"groups"`
}

// Total is the sum when every part is known.
func (c Counts) Total() (int, bool) {
	if c.Customers == nil || c.ExternalContacts == nil || c.Groups == nil {
		return 0, false
	}
	return *c.Customers + *c.ExternalContacts + *c.Groups, true
}

// Any tells that some part is known to be above zero.
func (c Counts) Any() bool {
	for _, p := range []*int{c.Customers, c.ExternalContacts, c.Groups} {
		if p != nil && *p > 0 {
			return true
		}
	}
	return false
}

// Loss reasons (Decision.LostWhy).
const (
	LostPastLimit = "past_limit" // left more than a year ago (D12)
	LostNoLogin   = "no_login"   // no login in the year before leaving (D12, D16)
	LostRefused   = "refused"    // the customer refused the resigned-member transfer (D13)
)

// Decision is one leaver's situation, decided once by the engine and
// rendered by every document: may the account be deleted, what is lost,
// what is at risk, what to do next, by whom and by when. No document works
// any of it out again.
type Decision struct {
	DeleteAccount Gate `json:"delete_account"`
	// Until lists the actions deletion waits on (not_yet).
	Until []string `json:"until"`
	// Settle lists the actions that would settle an unknown gate.
	Settle []string `json:"settle"`
	// Lost is what can no longer be saved as of the audit date.
	Lost    Counts   `json:"lost"`
	LostWhy []string `json:"lost_why"`
	// AtRisk is what is still held and would be lost if nothing is done.
	AtRisk Counts `json:"at_risk"`
	// Route is how the customers move: on-job while the member is still
	// there, resigned-member once they have left (D16).
	Route Route    `json:"route"`
	Next  []Action `json:"next_actions"`
	// Overdue: some next action is past its due date, or the handover's
	// limit date has passed (Expired).
	Overdue bool `json:"overdue"`
}

// NextDue is the earliest due date among the next actions (zero if none).
func (d *Decision) NextDue() Date {
	var due Date
	for _, a := range d.Next {
		if !a.Due.IsZero() && (due.IsZero() || a.Due.Before(due)) {
			due = a.Due
		}
	}
	return due
}

func intp(n int) *int { return &n }

// decide works out every audited leaver's decision from the finished
// checks, the receivers' loads and the enterprise picture. It runs last,
// after the verdict, and reads only the audit's own facts.
func (e *engine) decide() {
	recv := map[string]*Receiver{}
	for i := range e.res.Receivers {
		recv[Key(e.res.Receivers[i].UserID)] = &e.res.Receivers[i]
	}
	for i := range e.res.Departing {
		l := &e.res.Departing[i]
		l.Decision = Decide(l, &e.res.Enterprise, recv, e.lim.MemberCapMax, e.cfg.AsOf)
	}
}

// checkState returns the state of a leaver's check, and whether it ran.
func checkState(l *Leaver, rule string) (CheckState, bool) {
	for _, c := range l.Checks {
		if c.Rule() == rule {
			return c.State, true
		}
	}
	return Pass, false
}

func failed(l *Leaver, rule string) bool {
	s, ok := checkState(l, rule)
	return ok && s == Fail
}

func unsettled(l *Leaver, rule string) bool {
	s, ok := checkState(l, rule)
	return ok && s == CheckUnknown
}

// ExternalKnown tells whether the leaver's plain external contacts can be
// counted: not when the exports list customers only and the member is not
// known to be in the scope, and not when the member is outside (or not
// known to be inside) the scope and no export lists any contact of theirs —
// the exports never show what such a member holds (D20, D24).
func ExternalKnown(l *Leaver) bool {
	if l.ExternalUnknown {
		return false
	}
	if l.InScope != Yes && l.External == 0 && l.Customers == 0 {
		return false
	}
	return true
}

// Transferability is whether WeCom accepts the leaver's customer transfer:
// no past the limit or without a login in the year before leaving (D12);
// unknown while the departure date or the last login is unknown, or the
// expiry check could not be settled.
func Transferability(l *Leaver) Tri {
	switch {
	case !l.Transferable:
		return No
	case l.DepartureDate.IsZero(), !ExternalKnown(l) && l.Customers == 0:
		// Nothing known to move and contacts that cannot be counted:
		// whether anything can be handed over is unknown.
		return Unknown
	}
	for _, c := range l.Checks {
		if (c.Rule() == "handover-login-stale" || c.Rule() == "handover-expired") && c.State == CheckUnknown {
			return Unknown
		}
	}
	return Yes
}

// Decide is the decision for one leaver. recv holds the run's receivers by
// key; maxCap is the most a member can be expanded to (D6).
func Decide(l *Leaver, ent *Enterprise, recv map[string]*Receiver, maxCap int, asOf Date) Decision {
	var d Decision
	departed := !l.DepartureDate.IsZero() && !l.DepartureDate.After(asOf)
	extKnown := ExternalKnown(l)

	held := Counts{Customers: intp(l.Customers)}
	if extKnown {
		held.ExternalContacts = intp(l.External)
	}
	if !l.GroupsUnknown {
		held.Groups = intp(l.Groups)
	}

	// What is already lost: past the limit nothing can move any more; a
	// member who left without a login in the year before leaving cannot
	// hand customers over by either route (D12, D16) — their groups still
	// can (D17) and their contacts still vanish only with the account.
	d.Lost = Counts{Customers: intp(0), ExternalContacts: intp(0), Groups: intp(0)}
	d.AtRisk = held
	switch {
	case l.Expired:
		d.Lost = held
		d.AtRisk = Counts{Customers: intp(0), ExternalContacts: intp(0), Groups: intp(0)}
		d.LostWhy = []string{LostPastLimit}
	case l.LoginStale && departed:
		d.Lost.Customers = intp(l.Customers)
		d.AtRisk.Customers = intp(0)
		d.LostWhy = []string{LostNoLogin}
	}
	if !d.Lost.Any() {
		d.LostWhy = nil
	}

	// The route: on-job while the member is still there; once they have
	// left, resigned-member transfer, which needs the account deleted
	// first (D16). Nothing to move: no route.
	movable := (d.AtRisk.Customers != nil && *d.AtRisk.Customers > 0) || (d.AtRisk.Groups != nil && *d.AtRisk.Groups > 0)
	if movable || !extKnown || l.External > 0 {
		d.Route = RouteOnJob
		if departed {
			d.Route = RouteResigned
		}
	}

	b := &builder{asOf: asOf}
	// Before the departure (and, once departed, before deletion): what
	// must happen while the account exists. Past the limit, only the loss
	// is left to record.
	beforeDeletion := l.DepartureDate
	handoverBy := l.DepartureDate
	if departed {
		handoverBy = l.LimitDate
	}

	if l.Expired {
		b.add(Action{Code: ActRecordLoss, Owner: OwnerHR, Due: asOf})
		b.add(Action{Code: ActDeleteAccount, Owner: OwnerAdmin, Due: asOf})
		return b.finish(d, l)
	}

	// 1. What the inputs cannot tell: found out first.
	if l.DepartureDate.IsZero() {
		b.settle(Action{Code: ActFindDepartureDate, Owner: OwnerHR})
	}
	if unsettled(l, "handover-login-stale") && !l.DepartureDate.IsZero() && !l.GroupsUnknown {
		b.settle(Action{Code: ActFindLastLogin, Owner: OwnerHR, Due: beforeDeletion})
	}
	if l.GroupsUnknown {
		b.settle(Action{Code: ActFindGroups, Owner: OwnerHR, Due: beforeDeletion})
	}
	if l.ReceiversUnknown {
		b.settle(Action{Code: ActFixHandoverSheet, Owner: OwnerHR, Due: handoverBy})
	}
	if l.InScope == Unknown {
		b.settle(Action{Code: ActCheckScope, Owner: OwnerAdmin, Due: beforeDeletion})
	}

	// 2. A login before leaving, while the member is still there (D12).
	if l.LoginStale && !departed && l.Customers > 0 {
		b.add(Action{Code: ActLogInBeforeLeave, Owner: OwnerMember, Due: l.DepartureDate})
	}

	// 3. The enterprise expansion, when this leaver waits on it: at the
	// cap nothing can be assigned (D8); plain contacts turned into
	// customers need room (D3).
	convert := l.External > 0 || (!extKnown && l.InScope == No)
	needsRoom := (ent.AtCap && movable) || (failed(l, "conversion-needs-expansion") || (convert && ent.ExpansionsNeeded > 0 && ent.AtCap))
	if needsRoom && ent.ExpansionsNeeded > 0 {
		switch {
		case ent.ExpansionEligible == nil:
			b.add(Action{Code: ActFindEligibility, Owner: OwnerSuperAdmin, Due: beforeDeletion})
		case !*ent.ExpansionEligible:
			b.add(Action{Code: ActMeetEligibility, Owner: OwnerSuperAdmin, Due: beforeDeletion})
		}
		b.add(Action{Code: ActEnterpriseExpand, Owner: OwnerSuperAdmin, Due: beforeDeletion, Count: intp(ent.ExpansionsNeeded)})
	}

	// 4. The scope: plain external contacts are saved only by bringing
	// the member into it before deletion (D2, D3); then a fresh export
	// shows them as customers to place.
	if convert {
		a := Action{Code: ActAddToScope, Owner: OwnerAdmin, Due: beforeDeletion}
		if extKnown {
			a.Count = intp(l.External)
		}
		b.add(a)
		b.add(Action{Code: ActExportAgain, Owner: OwnerHR, Due: beforeDeletion})
		if !extKnown {
			// What the member holds shows only once they are in the
			// scope and the contacts are exported again (D3, D20).
			b.settles = append(b.settles, ActAddToScope, ActExportAgain)
		}
	}

	// 5. Receivers: someone eligible with room for every customer.
	receivers := func() {
		if !movable || l.ReceiversUnknown {
			return
		}
		if failed(l, "no-receiver") {
			a := Action{Code: ActNameReceiver, Owner: OwnerHR, Due: handoverBy}
			if l.Unassigned > 0 {
				a.Count = intp(l.Unassigned)
			}
			b.add(a)
		}
		for _, a := range l.Receivers {
			r := recv[Key(a.UserID)]
			switch {
			case !a.Known:
				b.add(Action{Code: ActReplaceReceiver, Owner: OwnerHR, Due: handoverBy, Receiver: a.UserID, Reason: ReasonNotInRoster, Count: intp(a.Customers)})
			case r != nil && !r.Eligible:
				b.add(Action{Code: ActReplaceReceiver, Owner: OwnerHR, Due: handoverBy, Receiver: a.UserID, Reason: ReasonIneligible, Count: intp(a.Customers)})
			case r != nil && r.OverBy > 0 && r.Cap < maxCap:
				b.add(Action{Code: ActMemberExpansion, Owner: OwnerReceiver, Due: handoverBy, Receiver: a.UserID, Count: intp(r.OverBy)})
			case r != nil && r.OverBy > 0:
				b.add(Action{Code: ActSplitHandover, Owner: OwnerHR, Due: handoverBy, Receiver: a.UserID, Count: intp(r.OverBy)})
			}
		}
	}

	// 6. The handover, the 24-hour wait and the outcome (D13, D14), and
	// deletion: last while the member is there (on-job); first once they
	// have left, since resigned-member transfer needs the account gone
	// (D16) and keeps customers and groups waiting for a year (D11, D18).
	handOver := func() {
		if d.AtRisk.Customers != nil && *d.AtRisk.Customers > 0 {
			b.add(Action{Code: ActHandOverCustomers, Owner: OwnerAdmin, Route: d.Route, Due: handoverBy, Count: intp(*d.AtRisk.Customers)})
		}
		if d.AtRisk.Groups != nil && *d.AtRisk.Groups > 0 {
			b.add(Action{Code: ActHandOverGroups, Owner: OwnerAdmin, Route: d.Route, Due: handoverBy, Count: intp(*d.AtRisk.Groups)})
		}
		if movable {
			b.add(Action{Code: ActWait24h, Owner: OwnerAdmin, Due: handoverBy})
			b.add(Action{Code: ActCheckOutcome, Owner: OwnerHR, Due: handoverBy})
		}
	}
	if d.Lost.Any() {
		b.add(Action{Code: ActRecordLoss, Owner: OwnerHR, Due: asOf})
	}
	if departed {
		// Once they have left, deletion opens the resigned-member route:
		// it is due in time for that handover, by the limit date.
		b.add(Action{Code: ActDeleteAccount, Owner: OwnerAdmin, Due: handoverBy})
		receivers()
		handOver()
	} else {
		receivers()
		handOver()
		b.add(Action{Code: ActDeleteAccount, Owner: OwnerAdmin, Due: beforeDeletion})
	}
	return b.finish(d, l)
}

// builder collects a leaver's actions in order, each waiting on the one
// before it in the chain; what settles an unknown waits on nothing.
type builder struct {
	asOf    Date
	acts    []Action
	settles []string
	last    string
}

func (b *builder) add(a Action) {
	a.WaitsOn = b.last
	b.last = a.Code
	b.acts = append(b.acts, a)
}

func (b *builder) settle(a Action) {
	b.settles = append(b.settles, a.Code)
	b.acts = append(b.acts, a)
	b.last = a.Code
}

// finish sets due and overdue, the gate and what it waits on.
func (b *builder) finish(d Decision, l *Leaver) Decision {
	for i := range b.acts {
		a := &b.acts[i]
		a.Overdue = !a.Due.IsZero() && b.asOf.After(a.Due)
		d.Overdue = d.Overdue || a.Overdue
	}
	// Past the limit the handover itself was missed: the leaver is
	// overdue even though recording the loss is due only today.
	d.Overdue = d.Overdue || l.Expired
	// An exact copy: grown by append, a leaver's actions had room for up
	// to twice their number, kept with the result (8 MB of a layoff's
	// 50,000 leavers, issue 24).
	d.Next = make([]Action, len(b.acts))
	copy(d.Next, b.acts)
	d.Settle = append([]string{}, b.settles...)
	// Deletion loses what is at risk. While the member is still there
	// (or the date is unknown) everything held waits on the handover: not
	// yet while something known is at risk, unknown while a part cannot
	// be counted or a check is unsettled. Once they have left, deletion
	// keeps customers and groups waiting in resigned-member transfer
	// (route.resigned; D11, D17) and loses only plain external contacts
	// (D2); past the limit, nothing more is lost by it.
	_, known := d.AtRisk.Total()
	departed := !l.DepartureDate.IsZero() && !l.DepartureDate.After(b.asOf)
	switch {
	case l.Expired:
		d.DeleteAccount = GateAllowed
	case departed:
		switch ext := d.AtRisk.ExternalContacts; {
		case ext == nil:
			d.DeleteAccount = GateUnknown
		case *ext > 0:
			d.DeleteAccount = GateNotYet
		default:
			d.DeleteAccount = GateAllowed
		}
	case d.AtRisk.Any():
		d.DeleteAccount = GateNotYet
	case !known || len(d.Settle) > 0:
		d.DeleteAccount = GateUnknown
	default:
		d.DeleteAccount = GateAllowed
	}
	if d.DeleteAccount == GateNotYet {
		for _, a := range d.Next {
			if a.Code == ActDeleteAccount {
				break
			}
			d.Until = append(d.Until, a.Code)
		}
	}
	if d.Until == nil {
		d.Until = []string{}
	}
	if d.LostWhy == nil {
		d.LostWhy = []string{}
	}
	return d
}
