package capacity

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// The method's constants, stated in docs/capacity.md.
const (
	// PaceWeeks is the window of the pace: the last 13 whole weeks (91 days).
	PaceWeeks = 13
	// PaceTrim is how many of the busiest and of the quietest weeks the
	// pace leaves out: a campaign week (or two) does not set the pace.
	PaceTrim = 2
	// MinCoverage is the share of customers that must carry an add time for
	// a forecast; below it the growth seen is not the growth there is.
	MinCoverage = 0.95
	// HorizonDays is how far ahead dates are given; beyond, "not within two
	// years" (a pace that slow says nothing about a date).
	HorizonDays = 730
	// DefaultLeadDays is the enterprise expansion's lead time in working
	// days when the profile gives none: checking eligibility, the letter
	// signed by hand by the legal representative, the upload and WeCom's
	// review take about two working weeks.
	DefaultLeadDays = 10
	// MemberLeadDays is a member expansion's lead time: the member asks
	// from the mobile workbench and the admin confirms the card.
	MemberLeadDays = 2
	// MemberWindowDays: members (other than receivers of planned
	// handovers, always listed) are listed when they may fill up within it.
	MemberWindowDays = 90
	// maxLevels is how many enterprise caps are dated: the cap and the two
	// expansions after it.
	maxLevels = 3
	// projectionWeeks is how far the chart's projection reaches at least.
	projectionWeeks = 26
)

// Enterprise is the enterprise's side of the input.
type Enterprise struct {
	Cap, Customers int
	// Step is what one expansion adds (50,000, D9).
	Step int
	// Verified and DailyActiveUsers: nil when unknown. MinDailyActiveUsers
	// is the eligibility threshold (more than 50, D9).
	Verified            *bool
	DailyActiveUsers    *int
	MinDailyActiveUsers int
}

// Member is one roster member.
type Member struct {
	UserID, Name string
	Key          string // audit.Key(UserID): the Growth key
	Cap          int
	Customers    int
	// Leaving: the member is departing or departed; from LeavesOn on (the
	// as-of date when departed or undated) the member adds nobody.
	Leaving  bool
	LeavesOn time.Time
}

// Handover is a planned handover of Customers to the member keyed To, on
// Date (the departure date, or the as-of date when it has passed or is
// unknown: the receiver's load jumps that day).
type Handover struct {
	From, To  string // member keys
	Date      time.Time
	Customers int
}

// Input is everything a forecast needs.
type Input struct {
	AsOf       time.Time
	Growth     *Growth // nil: no itemised contact export was read
	Enterprise Enterprise
	Members    []Member
	Handovers  []Handover
	Campaigns  []Campaign
	// LeadDays is the enterprise expansion's lead time in working days; 0
	// takes DefaultLeadDays.
	LeadDays     int
	MemberCapMax int
	// History is the enterprise's totals of earlier reports (--history),
	// the pace's source when the add times cannot give it; nil when no
	// history was given.
	History []Total
}

// Pace is customers added per week: the central pace and its range.
type Pace struct{ Weekly, Low, High float64 }

// Reach is when a cap is reached: Date at the central pace, Early at the
// high end of the range, Late at its low end. A zero date is beyond
// HorizonDays (never "unknown": an Outlook that is not Known has no Reach).
type Reach struct {
	Cap               int
	Date, Early, Late time.Time
}

// Outlook is the forecast for the enterprise or one member.
type Outlook struct {
	Known bool
	// Unknown says why there is no forecast (when !Known).
	Unknown   rules.Text
	Pace      Pace
	Cap       int
	Customers int
	// Reaches: for the enterprise its cap and the expansions after it, as
	// far as they fall within the horizon; for a member its cap.
	Reaches []Reach
	// ActBy is the last day to ask for the expansion (zero when the cap is
	// not reached within the horizon); Due when that day falls within the
	// lead time from the as-of date (or has passed: ActBy is then the
	// as-of date and Overdue is set).
	ActBy   time.Time
	Due     bool
	Overdue bool
}

// MemberOutlook is one member's forecast.
type MemberOutlook struct {
	UserID, Name string
	// Incoming is what planned handovers bring; Receiver when there is any.
	Receiver bool
	Incoming int
	// AtMax: the member's cap is already the most a member can have
	// (20,000, D6): no expansion can help.
	AtMax bool
	Outlook
}

// Week is one past week: the 7 days ending on End, the customers added in
// it and the total at its end.
type Week struct {
	End          time.Time
	Added, Total int
}

// Month is one calendar month's adds ("2026-11").
type Month struct {
	Month string
	Added int
}

// Point is the projected enterprise total on Date at the central pace and
// at the two ends of the range.
type Point struct {
	Date             time.Time
	Total, Low, High int
}

// Report is the capacity section of an audit.
type Report struct {
	AsOf        time.Time
	LeadDays    int
	LeadDefault bool
	Campaigns   []Campaign
	// Weeks (52, oldest first) and Months (13, oldest first) are empty
	// when the exports carry no add times, or carry them on fewer than
	// MinCoverage of the customers.
	Weeks  []Week
	Months []Month
	// PastUnknown says why there are no past weeks when the exports carry
	// add times on too few customers (zero otherwise).
	PastUnknown rules.Text
	Projection  []Point
	Enterprise  Outlook
	// Members are the members who may fill up within MemberWindowDays:
	// receivers of planned handovers first, then the soonest.
	Members []MemberOutlook
	// Receivers are every receiver of a planned handover, known or not, in
	// roster order (auditor check shows a leaver's).
	Receivers []MemberOutlook
	// MembersUnknown counts members with customers (not leaving) whose
	// forecast is unknown.
	MembersUnknown int
	// Source is where the enterprise's pace was measured: SourceAddTimes
	// or SourceHistory; "" when it is unknown.
	Source string
	// HistoryPoints are the totals the pace came from (Source is
	// SourceHistory): the earlier reports' and this run's, oldest first.
	HistoryPoints []Total
	// Eligible is whether the enterprise may expand (nil: unknown).
	Eligible *bool
	// MinDailyActiveUsers and MemberCapMax are the rule set's numbers the
	// advice states.
	MinDailyActiveUsers, MemberCapMax int
	// ExpansionStep is what one enterprise expansion adds (D9).
	ExpansionStep int
}

// Forecast computes the capacity section.
func Forecast(in Input) *Report {
	asOf := day(in.AsOf)
	r := &Report{AsOf: asOf, LeadDays: in.LeadDays, Campaigns: slices.Clone(in.Campaigns),
		MinDailyActiveUsers: in.Enterprise.MinDailyActiveUsers, MemberCapMax: in.MemberCapMax, ExpansionStep: in.Enterprise.Step}
	if r.LeadDays <= 0 {
		r.LeadDays, r.LeadDefault = DefaultLeadDays, true
	}
	sort.SliceStable(r.Campaigns, func(i, j int) bool { return r.Campaigns[i].Date.Before(r.Campaigns[j].Date) })
	r.Eligible = eligible(in.Enterprise)
	ent := in.Enterprise
	g := in.Growth
	// The past weeks' totals are today's less what was added since: with
	// add times on too few customers the others' adds are missing and the
	// past would be drawn flat, a history made up as a date would be.
	if g != nil && g.Enterprise.Dated() > 0 {
		if dated := g.Enterprise.Dated(); float64(dated) >= MinCoverage*float64(ent.Customers) {
			r.Weeks, r.Months = pastWeeks(&g.Enterprise, asOf, ent.Customers), pastMonths(&g.Enterprise, asOf)
		} else {
			r.PastUnknown = rules.Msg("capacity.unknown.few_add_times", catalog.Args{"dated": dated, "customers": ent.Customers})
		}
	}

	// The enterprise.
	eo := Outlook{Cap: ent.Cap, Customers: ent.Customers}
	if why, ok := historyGap(enterpriseSeries(g), ent.Customers, asOf, true); ok {
		eo.Known, r.Source = true, SourceAddTimes
		eo.Pace = paceOf(&g.Enterprise)
	} else if in.History != nil {
		// The add times cannot give the pace: the earlier reports' totals.
		p, pts, hwhy, hok := PaceFromTotals(in.History, asOf, ent.Customers)
		if hok {
			eo.Known, eo.Pace, r.Source, r.HistoryPoints = true, p, SourceHistory, pts
		} else {
			eo.Unknown = rules.Msg("capacity.unknown.both", catalog.Args{"why": why, "history": hwhy})
		}
	} else {
		eo.Unknown = why
	}
	var leaves []event // the enterprise's pace without each leaver's
	if eo.Known {
		for _, m := range in.Members {
			// A leaver's own pace needs the add times: from history the
			// enterprise's pace keeps the leavers' adds (errs early).
			if !m.Leaving || r.Source != SourceAddTimes {
				continue
			}
			if s, ok := g.member(m.Key); ok {
				p := paceOf(&s)
				leaves = append(leaves, event{day: max(0, daysBetween(asOf, m.LeavesOn)), rate: -p.Weekly / 7})
			}
		}
		for _, c := range r.Campaigns {
			leaves = append(leaves, event{day: daysBetween(asOf, c.Date), jump: float64(c.Customers)})
		}
		path := func(weekly float64) curve {
			return newCurve(float64(ent.Customers), weekly/7, leaves)
		}
		mid, lo, hi := path(eo.Pace.Weekly), path(eo.Pace.Low), path(eo.Pace.High)
		for lvl := 0; lvl < maxLevels; lvl++ {
			c := ent.Cap + lvl*max(ent.Step, 1)
			rc := Reach{Cap: c, Date: mid.reach(c, asOf), Early: hi.reach(c, asOf), Late: lo.reach(c, asOf)}
			eo.Reaches = append(eo.Reaches, rc)
			if rc.Late.IsZero() || ent.Step <= 0 {
				break
			}
		}
		actBy(&eo, asOf, r.LeadDays)
		weeks := projectionWeeks
		if late := eo.Reaches[0].Late; !late.IsZero() {
			weeks = max(weeks, min(Weeks, daysBetween(asOf, late)/7+2))
		}
		for w := 0; w <= weeks; w++ {
			t := 7 * w
			r.Projection = append(r.Projection, Point{Date: asOf.AddDate(0, 0, t),
				Total: mid.at(t), Low: lo.at(t), High: hi.at(t)})
		}
	}
	r.Enterprise = eo

	// The members: a receiver's load jumps on the day of each handover.
	incoming := map[string][]event{}
	for _, h := range in.Handovers {
		if h.Customers > 0 {
			incoming[h.To] = append(incoming[h.To], event{day: max(0, daysBetween(asOf, h.Date)), jump: float64(h.Customers)})
		}
	}
	for _, m := range in.Members {
		evs := incoming[m.Key]
		if m.Leaving {
			continue
		}
		mo := MemberOutlook{UserID: m.UserID, Name: m.Name, Receiver: len(evs) > 0, AtMax: in.MemberCapMax > 0 && m.Cap >= in.MemberCapMax}
		for _, e := range evs {
			mo.Incoming += int(e.jump)
		}
		mo.Cap, mo.Customers = m.Cap, m.Customers
		// The member's series is a value here, not a pointer returned:
		// one on the heap per member was 64 MB of garbage (issue 24).
		var s *Series
		ms, has := Series{}, false
		if g != nil {
			ms, has = g.member(m.Key)
		}
		if has {
			s = &ms
		}
		switch why, ok := historyGap(s, m.Customers, asOf, false); {
		case !eo.Known:
			mo.Unknown = eo.Unknown
		case !ok:
			mo.Unknown = why
		default:
			mo.Known = true
			if s != nil {
				mo.Pace = paceOf(s)
			}
		}
		if !mo.Known {
			if m.Customers > 0 && eo.Known {
				r.MembersUnknown++
			}
			if mo.Receiver {
				r.Receivers = append(r.Receivers, mo)
			}
			continue
		}
		path := func(weekly float64) curve { return newCurve(float64(m.Customers), weekly/7, evs) }
		rc := Reach{Cap: m.Cap, Date: path(mo.Pace.Weekly).reach(m.Cap, asOf),
			Early: path(mo.Pace.High).reach(m.Cap, asOf), Late: path(mo.Pace.Low).reach(m.Cap, asOf)}
		mo.Reaches = []Reach{rc}
		actBy(&mo.Outlook, asOf, MemberLeadDays)
		if mo.Receiver {
			r.Receivers = append(r.Receivers, mo)
		}
		if !rc.Early.IsZero() && daysBetween(asOf, rc.Early) <= MemberWindowDays {
			r.Members = append(r.Members, mo)
		}
	}
	sort.SliceStable(r.Members, func(i, j int) bool {
		a, b := r.Members[i], r.Members[j]
		if a.Receiver != b.Receiver {
			return a.Receiver
		}
		ea, eb := a.early(), b.early()
		if !ea.Equal(eb) {
			switch {
			case ea.IsZero():
				return false
			case eb.IsZero():
				return true
			}
			return ea.Before(eb)
		}
		return strings.ToLower(a.UserID) < strings.ToLower(b.UserID)
	})
	return r
}

// early is the earliest date the first cap may be reached (zero: unknown
// or beyond the horizon).
func (o *Outlook) early() time.Time {
	if !o.Known || len(o.Reaches) == 0 {
		return time.Time{}
	}
	return o.Reaches[0].Early
}

// actBy sets the last day to ask: the lead time before the earliest date
// the cap may be reached.
func actBy(o *Outlook, asOf time.Time, lead int) {
	early := o.early()
	if early.IsZero() {
		return
	}
	o.ActBy = addWorkdays(early, -lead)
	if o.ActBy.Before(asOf) {
		o.ActBy, o.Overdue = asOf, true
	}
	o.Due = !o.ActBy.After(addWorkdays(asOf, lead))
}

// enterpriseSeries is the enterprise's series, nil without a growth.
func enterpriseSeries(g *Growth) *Series {
	if g == nil {
		return nil
	}
	return &g.Enterprise
}

// historyGap tells whether a series can carry a forecast, and why not.
func historyGap(s *Series, customers int, asOf time.Time, enterprise bool) (rules.Text, bool) {
	if s == nil || s.Dated() == 0 {
		if !enterprise && customers == 0 {
			return rules.Text{}, true // adds nobody: a pace of 0 is what the export shows
		}
		return rules.Msg("capacity.unknown.no_add_times", nil), false
	}
	dated := s.Dated()
	if float64(dated) < MinCoverage*float64(customers) {
		return rules.Msg("capacity.unknown.few_add_times", catalog.Args{"dated": dated, "customers": customers}), false
	}
	if s.First.After(asOf.AddDate(0, 0, -7*PaceWeeks)) {
		return rules.Msg("capacity.unknown.short_history", catalog.Args{"date": s.First.Format("2006-01-02")}), false
	}
	return rules.Text{}, true
}

// paceOf is the pace of the last PaceWeeks weeks: the mean of the weeks
// left when the PaceTrim busiest and quietest are set aside; its range is
// the lower and upper quartile week (never narrower than the pace itself).
func paceOf(s *Series) Pace {
	w := make([]float64, PaceWeeks)
	for i := range w {
		w[i] = float64(s.Weeks[i])
	}
	slices.Sort(w)
	sum := 0.0
	for _, v := range w[PaceTrim : PaceWeeks-PaceTrim] {
		sum += v
	}
	mid := sum / float64(PaceWeeks-2*PaceTrim)
	return Pace{Weekly: mid, Low: math.Min(w[3], mid), High: math.Max(w[PaceWeeks-4], mid)}
}

func eligible(e Enterprise) *bool {
	v := func(b bool) *bool { return &b }
	if e.Verified != nil && !*e.Verified {
		return v(false)
	}
	if e.DailyActiveUsers != nil && *e.DailyActiveUsers <= e.MinDailyActiveUsers {
		return v(false)
	}
	if e.Verified == nil || e.DailyActiveUsers == nil {
		return nil
	}
	return v(true)
}

func pastWeeks(s *Series, asOf time.Time, customers int) []Week {
	out := make([]Week, Weeks)
	after := s.Later // added after the end of the week in hand
	for j := 0; j < Weeks; j++ {
		out[Weeks-1-j] = Week{End: asOf.AddDate(0, 0, -7*j), Added: int(s.Weeks[j]), Total: max(0, customers-after)}
		after += int(s.Weeks[j])
	}
	return out
}

func pastMonths(s *Series, asOf time.Time) []Month {
	out := make([]Month, Months)
	for j := 0; j < Months; j++ {
		out[Months-1-j] = Month{Month: asOf.AddDate(0, -j, 1-asOf.Day()).Format("2006-01"), Added: int(s.Months[j])}
	}
	return out
}

// event changes a curve from day (0 = as-of) on: a jump in the total, a
// change of the daily rate.
type event struct {
	day        int
	jump, rate float64
}

// curve is a total over the days ahead: piecewise linear between events.
type curve struct {
	n0, rate float64
	evs      []event // sorted by day
}

func newCurve(n0, rate float64, evs []event) curve {
	evs = slices.Clone(evs)
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].day < evs[j].day })
	return curve{n0: n0, rate: rate, evs: evs}
}

// at is the total at the end of day t (whole customers, rounded down).
func (c curve) at(t int) int {
	v, rate, d := c.n0, c.rate, 0
	for _, e := range c.evs {
		if e.day > t {
			break
		}
		v += math.Max(rate, 0) * float64(e.day-d)
		v += e.jump
		rate += e.rate
		d = e.day
	}
	v += math.Max(rate, 0) * float64(t-d)
	return int(math.Floor(v + 1e-9))
}

// reach is the first day the total is at least level, or zero beyond the
// horizon.
func (c curve) reach(level int, asOf time.Time) time.Time {
	target := float64(level)
	v, rate, d := c.n0, c.rate, 0
	found := -1
	for i := 0; i <= len(c.evs) && found < 0; i++ {
		end := HorizonDays + 1
		if i < len(c.evs) {
			end = min(c.evs[i].day, end)
		}
		if v >= target-1e-9 {
			found = d
			break
		}
		if r := math.Max(rate, 0); r > 0 {
			if t := d + int(math.Ceil((target-v)/r-1e-9)); t < end {
				found = t
				break
			}
		}
		if i == len(c.evs) || end > HorizonDays {
			break
		}
		v += math.Max(rate, 0) * float64(end-d)
		d = end
		v += c.evs[i].jump
		rate += c.evs[i].rate
	}
	if found < 0 || found > HorizonDays {
		return time.Time{}
	}
	return asOf.AddDate(0, 0, found)
}
