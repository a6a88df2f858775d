package report

import (
	"time"

	"github.com/wecom-audit/auditor/capacity"
	"github.com/wecom-audit/auditor/catalog"
)

// The JSON report's capacity object (issue 28). Unknown is null: a pace,
// date or act-by that cannot be known is never 0 or "".
type jsonCapacity struct {
	Method          string              `json:"method"`
	Source          *string             `json:"pace_source"` // add_times, history; null when unknown
	HistoryPoints   []jsonTotal         `json:"history_points"`
	LeadDays        int                 `json:"lead_days"`
	LeadDaysDefault bool                `json:"lead_days_default"`
	Campaigns       []jsonCampaign      `json:"campaigns"`
	Eligible        *bool               `json:"expansion_eligible"`
	Enterprise      jsonOutlook         `json:"enterprise"`
	Weeks           []jsonWeek          `json:"weeks"`
	Months          []jsonMonth         `json:"months"`
	Projection      []jsonPoint         `json:"projection"`
	Members         []jsonMemberOutlook `json:"members"`
	Receivers       []jsonMemberOutlook `json:"receivers"`
	MembersUnknown  int                 `json:"members_unknown"`
	Cover           []string            `json:"cover"`
	Steps           []string            `json:"steps"`
}

// jsonTotal is one total the pace came from (pace_source history).
type jsonTotal struct {
	AsOf      string `json:"as_of"`
	Customers int    `json:"customers"`
}

type jsonCampaign struct {
	Date      string `json:"date"`
	Customers int    `json:"customers"`
}

type jsonOutlook struct {
	Known     bool        `json:"known"`
	Unknown   *string     `json:"unknown_reason"`
	Cap       int         `json:"cap"`
	Customers int         `json:"customers"`
	Pace      *float64    `json:"pace_per_week"`
	PaceLow   *float64    `json:"pace_per_week_low"`
	PaceHigh  *float64    `json:"pace_per_week_high"`
	Reaches   []jsonReach `json:"reaches"`
	ActBy     *string     `json:"act_by"`
	Due       *bool       `json:"due"`
	Overdue   *bool       `json:"overdue"`
}

// jsonReach: a null date is beyond the two-year horizon.
type jsonReach struct {
	Cap   int     `json:"cap"`
	Date  *string `json:"date"`
	Early *string `json:"earliest"`
	Late  *string `json:"latest"`
}

type jsonMemberOutlook struct {
	UserID   string `json:"userid"`
	Name     string `json:"name"`
	Receiver bool   `json:"receiver"`
	Incoming int    `json:"incoming"`
	AtMax    bool   `json:"at_member_max"`
	jsonOutlook
}

type jsonWeek struct {
	End   string `json:"end"`
	Added int    `json:"added"`
	Total int    `json:"total"`
}

type jsonMonth struct {
	Month string `json:"month"`
	Added int    `json:"added"`
}

type jsonPoint struct {
	Date  string `json:"date"`
	Total int    `json:"total"`
	Low   int    `json:"low"`
	High  int    `json:"high"`
}

// CapacityMethod names the forecast's method, for the documents.
func CapacityMethod(lang string) string {
	return catalog.T(lang, "capacity.method.add_times", nil)
}

// CapacityMethodOf is the method the forecast's pace came from: the add
// times (CapacityMethod) or the totals of earlier reports (--history).
func CapacityMethodOf(r *capacity.Report, lang string) string {
	if r != nil && r.Source == capacity.SourceHistory {
		return catalog.T(lang, "capacity.method.history", catalog.Args{"n": len(r.HistoryPoints)})
	}
	return CapacityMethod(lang)
}

// jsonCapacityHead is the forecast without its members and receivers,
// which grow with the enterprise and are streamed (capacityStream).
func jsonCapacityHead(r *capacity.Report, lang string) *jsonCapacity {
	j := &jsonCapacity{Method: CapacityMethodOf(r, lang), HistoryPoints: []jsonTotal{}, LeadDays: r.LeadDays, LeadDaysDefault: r.LeadDefault,
		Campaigns: []jsonCampaign{}, Eligible: r.Eligible, Enterprise: jsonOutlookOf(r.Enterprise, lang),
		Weeks: []jsonWeek{}, Months: []jsonMonth{}, Projection: []jsonPoint{}, Members: []jsonMemberOutlook{}, Receivers: []jsonMemberOutlook{},
		MembersUnknown: r.MembersUnknown, Cover: []string{}, Steps: []string{}}
	if r.Source != "" {
		src := r.Source
		j.Source = &src
	}
	for _, p := range r.HistoryPoints {
		j.HistoryPoints = append(j.HistoryPoints, jsonTotal{ymdOf(p.Date), p.Customers})
	}
	for _, c := range r.Campaigns {
		j.Campaigns = append(j.Campaigns, jsonCampaign{ymdOf(c.Date), c.Customers})
	}
	for _, w := range r.Weeks {
		j.Weeks = append(j.Weeks, jsonWeek{ymdOf(w.End), w.Added, w.Total})
	}
	for _, m := range r.Months {
		j.Months = append(j.Months, jsonMonth{m.Month, m.Added})
	}
	for _, p := range r.Projection {
		j.Projection = append(j.Projection, jsonPoint{ymdOf(p.Date), p.Total, p.Low, p.High})
	}
	for _, t := range r.Cover() {
		j.Cover = append(j.Cover, t.In(lang))
	}
	for _, t := range r.Steps() {
		j.Steps = append(j.Steps, t.In(lang))
	}
	return j
}

// capacityStream writes the capacity object (null when not forecast) in
// jsonCapacity's order, its members and receivers one by one.
func capacityStream(s *jsonStream, prefix string, r *capacity.Report, lang string) {
	if r == nil {
		s.raw("null")
		return
	}
	j := jsonCapacityHead(r, lang)
	o := s.object(prefix)
	o.field("method", j.Method)
	o.field("pace_source", j.Source)
	o.field("history_points", j.HistoryPoints)
	o.field("lead_days", j.LeadDays)
	o.field("lead_days_default", j.LeadDaysDefault)
	o.field("campaigns", j.Campaigns)
	o.field("expansion_eligible", j.Eligible)
	o.field("enterprise", j.Enterprise)
	o.field("weeks", j.Weeks)
	o.field("months", j.Months)
	o.field("projection", j.Projection)
	o.key("members")
	jsonArray(s, o.inner(), len(r.Members), func(i int) jsonMemberOutlook { return jsonMemberOf(r.Members[i], lang) })
	o.key("receivers")
	jsonArray(s, o.inner(), len(r.Receivers), func(i int) jsonMemberOutlook { return jsonMemberOf(r.Receivers[i], lang) })
	o.field("members_unknown", j.MembersUnknown)
	o.field("cover", j.Cover)
	o.field("steps", j.Steps)
	o.end()
}

// CapacityOutlook is one forecast as the JSON report's capacity object has
// it (the enterprise, a member): the serve page shows the same values.
type CapacityOutlook = jsonOutlook

// CapacityOutlookOf is o as the JSON report writes it.
func CapacityOutlookOf(o capacity.Outlook, lang string) CapacityOutlook {
	return jsonOutlookOf(o, lang)
}

func jsonOutlookOf(o capacity.Outlook, lang string) jsonOutlook {
	j := jsonOutlook{Known: o.Known, Cap: o.Cap, Customers: o.Customers, Reaches: []jsonReach{}}
	if !o.Known {
		why := o.Unknown.In(lang)
		j.Unknown = &why
		return j
	}
	f := func(v float64) *float64 { v = float64(int(v*10+0.5)) / 10; return &v }
	b := func(v bool) *bool { return &v }
	j.Pace, j.PaceLow, j.PaceHigh = f(o.Pace.Weekly), f(o.Pace.Low), f(o.Pace.High)
	for _, rc := range o.Reaches {
		j.Reaches = append(j.Reaches, jsonReach{Cap: rc.Cap, Date: timep(rc.Date), Early: timep(rc.Early), Late: timep(rc.Late)})
	}
	j.ActBy, j.Due, j.Overdue = timep(o.ActBy), b(o.Due), b(o.Overdue)
	return j
}

func ymdOf(t time.Time) string { return t.Format("2006-01-02") }

func timep(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := ymdOf(t)
	return &s
}

func jsonMemberOf(m capacity.MemberOutlook, lang string) jsonMemberOutlook {
	return jsonMemberOutlook{UserID: m.UserID, Name: m.Name, Receiver: m.Receiver,
		Incoming: m.Incoming, AtMax: m.AtMax, jsonOutlook: jsonOutlookOf(m.Outlook, lang)}
}
