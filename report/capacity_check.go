package report

import (
	"fmt"
	"io"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/capacity"
	"github.com/wecom-audit/auditor/catalog"
)

// checkCapacity is the part of the capacity forecast about one check: the
// enterprise's cap and the member's receivers (issue 28).
type checkCapacity struct {
	Enterprise jsonOutlook         `json:"enterprise"`
	Receivers  []jsonMemberOutlook `json:"receivers"`
}

// capacityReceivers are the forecasts of the leaver's receivers.
func capacityReceivers(r *capacity.Report, l audit.Leaver) []capacity.MemberOutlook {
	if r == nil {
		return nil
	}
	want := map[string]bool{}
	for _, a := range l.Receivers {
		want[audit.Key(a.UserID)] = true
	}
	var out []capacity.MemberOutlook
	for _, m := range r.Receivers {
		if want[audit.Key(m.UserID)] {
			out = append(out, m)
		}
	}
	return out
}

// outlookLine is one line of text: the cap, when it is reached and by when
// to ask for the expansion, or why it is unknown.
func outlookLine(o capacity.Outlook, lang string) string {
	if !o.Known {
		// The count and the cap are facts even when the date is not: 49,805
		// of 50,000 says enough to act on.
		if o.Cap > 0 {
			return fmt.Sprintf("%s %s/%s · %s", L("customers", lang), fmtInt(o.Customers), fmtInt(o.Cap), CapacityUnknown(o, lang))
		}
		return CapacityUnknown(o, lang)
	}
	rc := o.Reaches[0]
	s := fmt.Sprintf("%s %s/%s · %s · %s%s", L("customers", lang), fmtInt(o.Customers), fmtInt(rc.Cap),
		capacity.PaceText(o.Pace).In(lang), catalog.T(lang, "capacity.label.cap_reached", nil), capacity.ReachText(rc).In(lang))
	if a := CapacityActBy(o, lang); a != "" {
		s += " · " + a
	}
	return s
}

// CapacityLine is a forecast in the one line every document gives it (the
// check, the workbook, the PDF and the serve page).
func CapacityLine(o capacity.Outlook, lang string) string { return outlookLine(o, lang) }

// CapacityUnknown is an unknown forecast as the documents say it:
// "unknown: <why>".
func CapacityUnknown(o capacity.Outlook, lang string) string {
	return catalog.T(lang, "capacity.label.unknown", nil) + o.Unknown.In(lang)
}

// CapacityActBy is "ask for the expansion: <date>" ("now" when the date has
// passed); "" when the cap is not reached within the horizon or the
// forecast is unknown.
func CapacityActBy(o capacity.Outlook, lang string) string {
	if !o.Known || o.ActBy.IsZero() {
		return ""
	}
	by := ymdOf(o.ActBy)
	if o.Overdue {
		by = catalog.T(lang, "capacity.label.now", nil)
	}
	return catalog.T(lang, "capacity.label.ask_for_the_expansion", nil) + by
}

// capacityNoMembers is what the members' table says when it lists nobody:
// "none" when the forecasts say so; when the enterprise's pace is unknown
// so is every member's, and "none" would read as "nobody fills up".
func capacityNoMembers(r *capacity.Report, lang string) string {
	if !r.Enterprise.Known {
		return CapacityUnknown(r.Enterprise, lang)
	}
	return catalog.T(lang, "capacity.label.none", nil)
}

// capacityCheckText prints the capacity lines of `auditor check`.
func capacityCheckText(w io.Writer, mc *MemberCheck, lang string) {
	r := mc.Capacity
	if r == nil {
		return
	}
	fmt.Fprintf(w, "\n%s\n", catalog.T(lang, "capacity.label.capacity_forecast", nil))
	fmt.Fprintf(w, "  %s%s\n", catalog.T(lang, "capacity.label.enterprise", nil), outlookLine(r.Enterprise, lang))
	for _, m := range capacityReceivers(r, mc.Leaver) {
		fmt.Fprintf(w, "  %s %s (+%s)%s%s\n", L("receiver", lang), m.UserID, fmtInt(m.Incoming), catalog.T(lang, "capacity.label.colon", nil), outlookLine(m.Outlook, lang))
	}
}

func checkCapacityJSON(mc *MemberCheck, lang string) *checkCapacity {
	r := mc.Capacity
	if r == nil {
		return nil
	}
	c := &checkCapacity{Enterprise: jsonOutlookOf(r.Enterprise, lang), Receivers: []jsonMemberOutlook{}}
	for _, m := range capacityReceivers(r, mc.Leaver) {
		c.Receivers = append(c.Receivers, jsonMemberOf(m, lang))
	}
	return c
}
