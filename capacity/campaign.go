package capacity

import (
	"strconv"
	"strings"
	"time"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// Campaign is a planned campaign: on Date the enterprise expects to add
// Customers customer relationships on top of its usual pace.
type Campaign struct {
	Date      time.Time
	Customers int
}

// String is the form ParseCampaign reads: 2027-01-15:+8000.
func (c Campaign) String() string {
	return c.Date.Format("2006-01-02") + ":+" + strconv.Itoa(c.Customers)
}

// CampaignError is a campaign that cannot be read or used: a catalogue
// message (capacity.campaign.*), said in English by Error and in the
// user's language by In.
type CampaignError struct{ Text rules.Text }

func (e *CampaignError) Error() string { return e.Text.In("en") }

// In is the error in lang (catalog.Localizer).
func (e *CampaignError) In(lang string) string { return e.Text.In(lang) }

func campaignError(id, campaign string, args catalog.Args) error {
	if args == nil {
		args = catalog.Args{}
	}
	args["campaign"] = campaign
	return &CampaignError{rules.Msg(id, args)}
}

// ParseCampaign reads DATE:+N (as in --campaign 2027-01-15:+8000; the plus
// sign is optional, thousands may be written 8,000 or 8_000).
func ParseCampaign(s string) (Campaign, error) {
	date, n, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return Campaign{}, campaignError("capacity.campaign.form", strconv.Quote(s), nil)
	}
	d, err := time.Parse("2006-01-02", strings.TrimSpace(date))
	if err != nil {
		return Campaign{}, campaignError("capacity.campaign.date", strconv.Quote(s), nil)
	}
	n = strings.TrimPrefix(strings.TrimSpace(n), "+")
	n = strings.NewReplacer(",", "", "_", "", "，", "").Replace(n)
	c, err := strconv.Atoi(n)
	if err != nil || c <= 0 {
		return Campaign{}, campaignError("capacity.campaign.customers", strconv.Quote(s), nil)
	}
	return Campaign{Date: d, Customers: c}, nil
}

// CheckCampaigns refuses a campaign on or before the as-of date: its
// customers are already in the exports.
func CheckCampaigns(cs []Campaign, asOf time.Time) error {
	for _, c := range cs {
		if !c.Date.After(day(asOf)) {
			return campaignError("capacity.campaign.past", c.String(), catalog.Args{"as_of": day(asOf).Format("2006-01-02")})
		}
	}
	return nil
}

// addWorkdays moves n working days (Monday to Friday) from t: back when n
// is negative. Public holidays and make-up working days (调休) are not
// known here, so a lead time across a holiday errs short by those days.
func addWorkdays(t time.Time, n int) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		t = t.AddDate(0, 0, step)
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return t
}
