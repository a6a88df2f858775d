package pipeline

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/capacity"
)

// Capacity end to end (issue 28): real roster and contact workbooks of known
// growth, read by ingest (the add-time hook) and forecast. The tolerance is
// the one docs/capacity.md states: within 10 % of the days to the true date
// (at least 3, at most 14 days).

var capAsOf = audit.NewDate(2026, 11, 30)

type growthMember struct {
	userid, status, departure, receiver string
	base                                int     // customers added 1–3 years ago
	perWeek                             float64 // steady adds over the last year
	spike                               int     // extra adds in one week five weeks ago
}

func writeGrowth(t *testing.T, dir string, ms []growthMember, addTimes bool) (roster, contacts string) {
	t.Helper()
	rng := rand.New(rand.NewPCG(11, 12))
	rf := excelize.NewFile()
	defer rf.Close()
	rows := [][]any{{"姓名", "账号", "部门", "状态", "离职日期", "客户联系", "激活状态", "实名认证", "最近登录时间", "接替人"}}
	for _, m := range ms {
		rows = append(rows, []any{"成员" + m.userid, m.userid, "销售部", m.status, m.departure, "是", "已激活", "是", "2026-11-20", m.receiver})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := rf.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	roster = filepath.Join(dir, "roster.xlsx")
	if err := rf.SaveAs(roster); err != nil {
		t.Fatal(err)
	}
	cf := excelize.NewFile()
	defer cf.Close()
	sw, err := cf.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	head := []any{"客户名称", "客户ID", "添加人账号", "添加时间"}
	if !addTimes {
		head = head[:3]
	}
	_ = sw.SetRow("A1", head)
	n := 1
	add := func(owner string, at time.Time) {
		n++
		row := []any{"客户", fmt.Sprintf("wm%07d", n), owner, at.Format("2006-01-02 15:04")}
		if !addTimes {
			row = row[:3]
		}
		cell, _ := excelize.CoordinatesToCellName(1, n)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	asOf := capAsOf.Time()
	for _, m := range ms {
		for range m.base {
			add(m.userid, asOf.AddDate(0, 0, -365-rng.IntN(730)))
		}
		for range int(m.perWeek * 52) {
			add(m.userid, asOf.AddDate(0, 0, -rng.IntN(364)).Add(9*time.Hour))
		}
		for range m.spike {
			add(m.userid, asOf.AddDate(0, 0, -35-rng.IntN(7)))
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	contacts = filepath.Join(dir, "contacts.xlsx")
	if err := cf.SaveAs(contacts); err != nil {
		t.Fatal(err)
	}
	return roster, contacts
}

func TestCapacityFromExports(t *testing.T) {
	steady := []growthMember{
		{userid: "a", base: 2000, perWeek: 70}, // 10 a day
		{userid: "b", base: 1500, perWeek: 35}, // 5 a day
		{userid: "c", base: 1000, perWeek: 35}, // 5 a day
	}
	// 4,500 + 52 × 140 = 11,780 today; cap 15,000: 3,220 left at 20 a day.
	cases := []struct {
		name      string
		ms        []growthMember
		addTimes  bool
		campaigns []capacity.Campaign
		truth     int // days to the enterprise cap; -1: unknown
		member    string
		memberDay int // days to that member's cap (5,000)
	}{
		{name: "steady", ms: steady, addTimes: true, truth: 161, member: "a", memberDay: 0},
		{name: "campaign spike", ms: []growthMember{
			{userid: "a", base: 2000, perWeek: 70, spike: 1500}, steady[1], steady[2],
		}, addTimes: true, truth: 86}, // 13,280 today: 1,720 left at 20 a day
		{name: "planned campaign", ms: steady, addTimes: true,
			campaigns: []capacity.Campaign{{Date: capAsOf.Time().AddDate(0, 0, 30), Customers: 2000}},
			truth:     61}, // 600 by day 30, +2,000, then 620 at 20 a day
		{name: "a member leaving and handing over", ms: []growthMember{
			steady[0],
			{userid: "b", base: 1500, perWeek: 35, status: "待离职", departure: "2026-12-30", receiver: "c"},
			steady[2],
		}, addTimes: true,
			// Enterprise: 20 a day for 30 days (600), then 15 a day: 2,620 / 15 → 30 + 175.
			truth: 205,
			// c: 2,820 + 5 a day; on day 30, 2,970 + 3,320 = 6,290 ≥ 5,000: day 30.
			member: "c", memberDay: 30},
		{name: "no add times", ms: steady, addTimes: false, truth: -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			roster, contacts := writeGrowth(t, dir, c.ms, c.addTimes)
			profile := filepath.Join(dir, "profile.yaml")
			if err := os.WriteFile(profile, []byte("verified: true\ndaily_active_users: 80\nenterprise_cap: 15000\nexpansion_lead_days: 5\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := Read(Files{Roster: roster, Contacts: []string{contacts}, Profile: profile},
				Options{AsOf: capAsOf, Campaigns: c.campaigns})
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.Audit("test")
			if err != nil {
				t.Fatal(err)
			}
			r := res.Capacity
			if r == nil {
				t.Fatal("no capacity section")
			}
			e := r.Enterprise
			if c.truth < 0 {
				if e.Known || len(e.Reaches) > 0 || len(r.Weeks) != 0 || len(r.Cover()) != 0 {
					t.Fatalf("a forecast without add times: %+v", e)
				}
				for _, m := range append(r.Members, r.Receivers...) {
					if m.Known {
						t.Errorf("member %s has a forecast without add times", m.UserID)
					}
				}
				return
			}
			if !e.Known {
				t.Fatalf("unknown: %s", e.Unknown.In("en"))
			}
			if r.LeadDays != 5 || r.LeadDefault {
				t.Errorf("lead time %d (default %v), want the profile's 5", r.LeadDays, r.LeadDefault)
			}
			checkDays(t, "enterprise", e.Reaches[0].Date, c.truth)
			if c.member != "" {
				var got *capacity.MemberOutlook
				for i := range r.Members {
					if r.Members[i].UserID == c.member {
						got = &r.Members[i]
					}
				}
				if got == nil {
					t.Fatalf("member %s not listed: %+v", c.member, r.Members)
				}
				checkDays(t, c.member, got.Reaches[0].Date, c.memberDay)
			}
		})
	}
}

func checkDays(t *testing.T, what string, got time.Time, truth int) {
	t.Helper()
	if got.IsZero() {
		t.Fatalf("%s: no date, want %d days ahead", what, truth)
	}
	d := int(got.Sub(capAsOf.Time()).Hours() / 24)
	tol := max(3, min(14, truth/10))
	t.Logf("%s: forecast %d days ahead, truth %d (tolerance %d)", what, d, truth, tol)
	if d < truth-tol || d > truth+tol {
		t.Errorf("%s: forecast %d days ahead, truth %d (tolerance %d)", what, d, truth, tol)
	}
}
