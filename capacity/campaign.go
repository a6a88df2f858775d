package capacity

import (
	"fmt"
	"strconv"
	"strings"
	"time"
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

// ParseCampaign reads DATE:+N (as in --campaign 2027-01-15:+8000; the plus
// sign is optional, thousands may be written 8,000 or 8_000).
func ParseCampaign(s string) (Campaign, error) {
	date, n, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return Campaign{}, fmt.Errorf("campaign %q: want DATE:+CUSTOMERS, such as 2027-01-15:+8000", s)
	}
	d, err := time.Parse("2006-01-02", strings.TrimSpace(date))
	if err != nil {
		return Campaign{}, fmt.Errorf("campaign %q: the date must be YYYY-MM-DD", s)
	}
	n = strings.TrimPrefix(strings.TrimSpace(n), "+")
	n = strings.NewReplacer(",", "", "_", "", "，", "").Replace(n)
	c, err := strconv.Atoi(n)
	if err != nil || c <= 0 {
		return Campaign{}, fmt.Errorf("campaign %q: the customers expected must be a whole number above 0", s)
	}
	return Campaign{Date: d, Customers: c}, nil
}

// CheckCampaigns refuses a campaign on or before the as-of date: its
// customers are already in the exports.
func CheckCampaigns(cs []Campaign, asOf time.Time) error {
	for _, c := range cs {
		if !c.Date.After(day(asOf)) {
			return fmt.Errorf("campaign %s is not after the as-of date %s; its customers would already be in the exports", c, day(asOf).Format("2006-01-02"))
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
