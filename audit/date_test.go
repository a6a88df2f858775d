package audit

import (
	"testing"
	"time"
)

// TestDate: the day number behaves as the time.Time it replaced — the
// same day back, the zero date the zero time, days counted across months,
// years and 1970, and DaysUntil saturating as a time.Duration does.
func TestDate(t *testing.T) {
	for _, c := range []struct {
		name  string
		d     Date
		str   string
		year  int
		month time.Month
	}{
		{"zero", Date{}, "", 1, time.January},
		{"as-of", NewDate(2026, 11, 30), "2026-11-30", 2026, time.November},
		{"leap day", NewDate(2024, 2, 29), "2024-02-29", 2024, time.February},
		{"before 1970", NewDate(1899, 12, 30), "1899-12-30", 1899, time.December},
		{"1970", NewDate(1970, 1, 1), "1970-01-01", 1970, time.January},
		{"normalised", NewDate(2026, 12, 32), "2027-01-01", 2027, time.January},
		{"of a time elsewhere", DateOf(time.Date(2026, 11, 30, 23, 30, 0, 0, time.FixedZone("CST", 8*3600))), "2026-11-30", 2026, time.November},
		{"added days", NewDate(2026, 11, 30).AddDays(32), "2027-01-01", 2027, time.January},
		{"taken days", NewDate(2026, 3, 1).AddDays(-1), "2026-02-28", 2026, time.February},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.d.String(); got != c.str {
				t.Errorf("String = %q; want %q", got, c.str)
			}
			if c.d.Year() != c.year || c.d.Month() != c.month {
				t.Errorf("Year, Month = %d, %v; want %d, %v", c.d.Year(), c.d.Month(), c.year, c.month)
			}
			if c.d.IsZero() != (c.str == "") || c.d.Time().IsZero() != c.d.IsZero() {
				t.Errorf("IsZero = %v, Time().IsZero = %v", c.d.IsZero(), c.d.Time().IsZero())
			}
			if tm := c.d.Time(); !c.d.IsZero() && (tm.Location() != time.UTC || tm.Hour() != 0 || DateOf(tm) != c.d) {
				t.Errorf("Time = %v: not the day at midnight UTC", tm)
			}
			if c.str != "" {
				if p, err := ParseISODate(c.str); err != nil || p != c.d {
					t.Errorf("ParseISODate(%q) = %v, %v", c.str, p, err)
				}
			}
		})
	}
	asOf := NewDate(2026, 11, 30)
	for _, c := range []struct {
		name     string
		from, to Date
		days     int
	}{
		{"same day", asOf, asOf, 0},
		{"a year on", asOf, NewDate(2027, 11, 30), 365},
		{"back", asOf, NewDate(2026, 11, 1), -29},
		{"across 1970", NewDate(1969, 12, 31), NewDate(1970, 1, 2), 2},
		{"from the zero date, saturated", Date{}, asOf, int(time.Duration(1<<63-1).Hours() / 24)},
		{"to the zero date, saturated", asOf, Date{}, int(time.Duration(-1<<63).Hours() / 24)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.from.DaysUntil(c.to); got != c.days {
				t.Errorf("DaysUntil = %d; want %d", got, c.days)
			}
			if c.days > 0 && !(c.from.Before(c.to) && c.to.After(c.from)) || c.days == 0 && !c.from.Equal(c.to) {
				t.Errorf("order of %v and %v", c.from, c.to)
			}
		})
	}
}
