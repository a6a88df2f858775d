// Package capacity forecasts when the enterprise and each member reach their
// customer caps (issue 28): the growth measured from the add times (添加时间)
// of the contact exports, a robust recent pace, the dates the caps are
// reached with a range, and when to apply for an expansion. It is pure: no
// files, no clock; every date comes from the as-of date it is given.
package capacity

import (
	"math"
	"time"
)

// Weeks and Months are how far back the growth is kept: the 52 whole weeks
// (364 days) and the 13 calendar months (as-of's own, partial, and the 12
// before it) up to the as-of date.
const (
	Weeks  = 52
	Months = 13
)

// Series is the customer relationships one member (or the enterprise) added,
// by week and by calendar month before the as-of date. Its size is fixed, so
// the growth of an export takes memory per member, never per contact.
type Series struct {
	// Weeks[0] is the 7 days ending on the as-of date, Weeks[1] the 7 before.
	Weeks [Weeks]int32
	// Months[0] is the as-of date's month up to the as-of date.
	Months [Months]int32
	// Earlier counts adds before the 52 weeks; Later adds after the as-of
	// date (the export and --as-of disagree; ingest reports each row).
	Earlier, Later int
	// Undated counts customers whose add time is absent or unreadable.
	Undated int
	// First is the earliest add time seen (zero: none).
	First time.Time
}

// Dated is the number of customers with a readable add time.
func (s *Series) Dated() int {
	n := s.Earlier + s.Later
	for _, w := range s.Weeks {
		n += int(w)
	}
	return n
}

// Growth is the add-time aggregation of one read of the contact exports: the
// enterprise's full series, and for each member key (audit.Key of the
// userid) only what a member's forecast reads (recent).
type Growth struct {
	AsOf       time.Time
	Enterprise Series
	// at indexes members by key. The members' growth lives in one slice
	// of fixed-size values rather than a *Series each: 64 bytes a member
	// instead of 320 and an allocation, 12 MB instead of 54 for a roster
	// of 200,000 (issue 24).
	at      map[string]int32
	members []recent
	// lastK and lastI are the key Add last looked up and its index. lastK
	// is a key of at (the caller's string, kept by the map anyway).
	lastK string
	lastI int32
}

// recent is a member's growth as the forecast reads it (paceOf,
// historyGap): the last PaceWeeks weekly counts, how many adds are dated,
// and the earliest. Months, the older weeks and the undated count are only
// ever drawn for the enterprise.
type recent struct {
	weeks [PaceWeeks]int32
	dated int32
	// first is the earliest add's day, in days since 1970-01-01 (valid
	// when dated > 0): a day number, not a time.Time, which would be 24
	// bytes.
	first int32
}

// NewGrowth starts an empty aggregation for an as-of date.
func NewGrowth(asOf time.Time) *Growth {
	return &Growth{AsOf: day(asOf), at: map[string]int32{}}
}

// Add counts one customer relationship of the member with key k ("" for an
// owner the roster lacks: the enterprise only) added on the day added (zero:
// no add time).
func (g *Growth) Add(k string, added time.Time) {
	asOf, dn := civilDay(g.AsOf), int64(noDay)
	if !added.IsZero() {
		dn = civilDay(added)
	}
	g.Enterprise.add(asOf, dn)
	if k == "" {
		return
	}
	// An export lists a member's contacts together: the key of the row
	// before is looked up once for its whole run.
	i := g.lastI
	if k != g.lastK || len(g.members) == 0 {
		var ok bool
		if i, ok = g.at[k]; !ok {
			i = int32(len(g.members))
			g.at[k] = i
			g.members = append(g.members, recent{})
		}
		g.lastK, g.lastI = k, i
	}
	g.members[i].add(asOf, dn)
}

// member is the member's growth as a Series holding what the forecast
// reads of it: the recent weeks, the dated count (the rest of it as
// Earlier) and the earliest add; false when the member added nobody.
func (g *Growth) member(k string) (Series, bool) {
	i, ok := g.at[k]
	if !ok {
		return Series{}, false
	}
	r := &g.members[i]
	var s Series
	n := 0
	for w, c := range r.weeks {
		s.Weeks[w] = c
		n += int(c)
	}
	s.Earlier = int(r.dated) - n
	if r.dated > 0 {
		s.First = time.Unix(int64(r.first)*secondsPerDay, 0).UTC()
	}
	return s, true
}

const secondsPerDay = 24 * 60 * 60

func (r *recent) add(asOf, added int64) {
	if added == noDay {
		return // the forecast reads the dated adds only
	}
	if d := int32(added); r.dated == 0 || d < r.first {
		r.first = d
	}
	r.dated++
	if d := asOf - added; d >= 0 && d < 7*PaceWeeks {
		r.weeks[d/7]++
	}
}

func (s *Series) add(asOf, added int64) {
	if added == noDay {
		s.Undated++
		return
	}
	if s.First.IsZero() || added < civilDay(s.First) {
		s.First = time.Unix(added*secondsPerDay, 0).UTC()
	}
	d := asOf - added // 0: added on the as-of date
	switch {
	case d < 0:
		s.Later++
		return
	case d < 7*Weeks:
		s.Weeks[d/7]++
	default:
		s.Earlier++
	}
	// 13 calendar months back from the as-of date's are at most 397 days:
	// an older add is in none of them, and its month is not worked out.
	if d > monthsDays {
		return
	}
	if m := monthOfDay(asOf) - monthOfDay(added); m < Months {
		s.Months[m]++
	}
}

// monthsDays bounds the days between the as-of date and an add in one of
// the Months calendar months up to it (31 days a month, and more).
const monthsDays = 31 * (Months + 1)

// noDay stands for the zero time among day numbers: no add time.
const noDay = math.MinInt64

// civilDay is t's calendar day (in t's own location, as day takes it) in
// days since 1970-01-01. Growth.Add counts every contact of an export by
// it: whole-number arithmetic instead of time.Date, Sub and Date again per
// row, which cost a million-row read ~0.15 CPU-s (issue 24). A UTC time,
// which every date ingest hands over is, needs no calendar at all.
func civilDay(t time.Time) int64 {
	if t.Location() == time.UTC {
		return floorDiv(t.Unix(), secondsPerDay)
	}
	y, m, d := t.Date()
	return daysFromCivil(int64(y), int64(m), int64(d))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// daysFromCivil and civilFromDays convert between a proleptic Gregorian
// date and its day number (Howard Hinnant's algorithms, exact for every
// int64 year in range).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int64) (y, m int64) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	m = (mp+2)%12 + 1
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m
}

// monthOfDay is the month index (year*12 + month - 1) of the day numbered z.
func monthOfDay(z int64) int64 {
	y, m := civilFromDays(z)
	return y*12 + m - 1
}

// day is t's calendar day at midnight UTC, the form every date here takes.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// daysBetween is the whole days from a to b (negative when b is earlier).
func daysBetween(a, b time.Time) int {
	return int(day(b).Sub(day(a)).Hours() / 24)
}
