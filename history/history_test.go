package history_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/audit/ingest"
	"github.com/wecom-audit/auditor/history"
	"github.com/wecom-audit/auditor/report"
	"github.com/wecom-audit/auditor/rules"
)

var update = flag.Bool("update", false, "rewrite testdata/ golden files")

// readSamples reads the showcase enterprise once.
func readSamples(t *testing.T) *audit.Inputs {
	t.Helper()
	s := "../samples/"
	in, _, err := ingest.Read(ingest.Options{
		Roster:       s + "roster.xlsx",
		Contacts:     []string{s + "customers.xlsx", s + "external-contacts.csv", s + "contact-summary.xlsx"},
		Groups:       s + "groups.xlsx",
		Plan:         s + "handover.xlsx",
		Profile:      s + "profile.yaml",
		AsOf:         audit.NewDate(2026, 11, 30),
		MemberCapMax: rules.Default().Limits.MemberCapMax,
	})
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// variant copies the inputs with the members copied too, so that a month's
// changes do not leak into the next.
func variant(in *audit.Inputs, change func(in *audit.Inputs)) *audit.Inputs {
	c := *in
	c.Members = make([]*audit.Member, len(in.Members))
	for i, m := range in.Members {
		mm := *m
		c.Members[i] = &mm
	}
	if change != nil {
		change(&c)
	}
	return &c
}

// month is one run of the series.
type month struct {
	asOf    audit.Date
	in      *audit.Inputs
	waivers []history.Waiver
}

// runMonth audits one month against the history folder, as the monthly
// batch does, and writes its JSON report into the folder.
func runMonth(t *testing.T, dir string, m month) (*audit.Result, []byte) {
	t.Helper()
	res, err := audit.Run(m.in, rules.Default(), audit.Config{AsOf: m.asOf, ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	chain, err := history.LoadDir(dir, m.asOf)
	if err != nil {
		t.Fatal(err)
	}
	if err := history.Compare(res, chain); err != nil {
		t.Fatal(err)
	}
	if m.waivers != nil {
		history.ApplyWaivers(res, m.waivers)
	}
	var buf bytes.Buffer
	if err := (&report.JSONWriter{}).Write(&buf, res, report.Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "audit-"+m.asOf.String()+".json"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return res, buf.Bytes()
}

func find(res *audit.Result, rule, member string) *audit.Finding {
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Rule == rule && audit.Key(f.Member) == audit.Key(member) {
			return f
		}
	}
	return nil
}

// TestThreeMonths runs the samples through three consecutive month ends:
// September as exported, October unchanged, November with one leaver's
// external contacts converted (resolved), a new leaver (appearing), a
// member renamed with their userid's case changed (still the same member)
// and three waivers: one in force, one expired, one unused.
func TestThreeMonths(t *testing.T) {
	base := readSamples(t)
	// The new leaver of November: the first active member with customers,
	// given plain external contacts so that external-contacts-lost fires.
	var newcomer string
	for _, m := range base.Members {
		if !m.Status.Leaving() && m.Customers > 0 {
			newcomer = m.UserID
			break
		}
	}
	if newcomer == "" {
		t.Fatal("samples: no active member with customers to make a new leaver of")
	}
	sep, oct, nov := audit.NewDate(2026, 9, 30), audit.NewDate(2026, 10, 31), audit.NewDate(2026, 11, 30)
	novIn := variant(base, func(in *audit.Inputs) {
		for _, m := range in.Members {
			switch audit.Key(m.UserID) {
			case "lizhe":
				m.ExternalContacts = 0 // converted into customers: resolved
			case "zhangsan":
				m.UserID, m.Name = "ZhangSan", "张三丰" // renamed, same userid
			case audit.Key(newcomer):
				m.Status, m.DepartureDate = audit.Departing, audit.NewDate(2026, 12, 15)
				m.ExternalContacts = 7
			}
		}
	})
	fpOf := func(rule, member string) string { return audit.FingerprintOf(rule, member, "") }
	waivers := []history.Waiver{
		{Fingerprint: fpOf("external-contacts-lost", "zhangsan"), Reason: "contacts exported to CRM", AcceptedBy: "王芳 (compliance)", Expires: audit.NewDate(2027, 3, 31), Line: 1},
		{Fingerprint: fpOf("handover-login-stale", "sunli"), Reason: "awaiting WeCom support", AcceptedBy: "HR", Expires: audit.NewDate(2026, 11, 15), Line: 5},
		{Fingerprint: fpOf("external-contacts-lost", "lizhe"), Reason: "to be converted", AcceptedBy: "HR", Expires: audit.NewDate(2027, 1, 31), Line: 9},
	}

	// The reports are written to a folder named as the batch names it, from
	// a temporary working folder: the reports list each other among their
	// inputs, by path, and a temporary path would change every run.
	goldenDir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	dir := "reports"
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	results := map[audit.Date]*audit.Result{}
	var novJSON []byte
	for _, m := range []month{
		{asOf: sep, in: variant(base, nil)},
		{asOf: oct, in: variant(base, nil)},
		{asOf: nov, in: novIn, waivers: waivers},
	} {
		res, js := runMonth(t, dir, m)
		results[m.asOf] = res
		novJSON = js
	}

	tests := []struct {
		name      string
		asOf      audit.Date
		rule      string
		member    string
		status    string
		firstSeen audit.Date
		months    int
		waived    bool
		expired   bool // the waiver matched but ran out
	}{
		{"first run: every finding is new", sep, "external-contacts-lost", "lizhe", audit.StatusNew, sep, 0, false, false},
		{"second run: persisting since September", oct, "external-contacts-lost", "lizhe", audit.StatusPersisting, sep, 1, false, false},
		{"third run: persisting through the chain", nov, "handover-login-stale", "sunli", audit.StatusPersisting, sep, 2, false, true},
		{"renamed member (userid case and name changed) is the same member", nov, "external-contacts-lost", "ZhangSan", audit.StatusPersisting, sep, 2, true, false},
		{"new leaver's finding appears", nov, "external-contacts-lost", newcomer, audit.StatusNew, nov, 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := find(results[tt.asOf], tt.rule, tt.member)
			if f == nil {
				t.Fatalf("%s: no %s finding for %s", tt.asOf, tt.rule, tt.member)
			}
			h := f.History
			if h == nil {
				t.Fatal("finding has no history")
			}
			if h.Status != tt.status || !h.FirstSeen.Equal(tt.firstSeen) || h.MonthsOpen != tt.months {
				t.Errorf("status %s first seen %s months %d, want %s %s %d", h.Status, h.FirstSeen, h.MonthsOpen, tt.status, tt.firstSeen, tt.months)
			}
			if f.Waived() != tt.waived {
				t.Errorf("waived %v, want %v", f.Waived(), tt.waived)
			}
			if got := f.Waiver != nil && f.Waiver.Expired; got != tt.expired {
				t.Errorf("expired waiver %v, want %v", got, tt.expired)
			}
		})
	}

	novRes := results[nov]
	t.Run("resolved finding listed once, with the date last seen", func(t *testing.T) {
		var got []audit.ResolvedFinding
		for _, r := range novRes.History.Resolved {
			if r.Rule == "external-contacts-lost" {
				got = append(got, r)
			}
		}
		if len(got) != 1 || got[0].Member != "lizhe" || !got[0].LastSeen.Equal(oct) || !got[0].FirstSeen.Equal(sep) {
			t.Fatalf("resolved external-contacts-lost: %+v, want lizhe first seen %s last seen %s", got, sep, oct)
		}
		if find(novRes, "external-contacts-lost", "lizhe") != nil {
			t.Error("a resolved finding is still among the findings")
		}
		// liqiang's no-receiver gave way to handover-expired: escalated,
		// not resolved.
		for _, r := range novRes.History.Resolved {
			if r.Member == "liqiang" {
				t.Errorf("liqiang's %s is listed as resolved; handover-expired replaced it", r.Rule)
			}
		}
		escalated := false
		for _, r := range novRes.History.Escalated {
			escalated = escalated || r.Rule == "no-receiver" && r.Member == "liqiang" && strings.Join(r.FollowedBy, ",") == "handover-expired"
		}
		if f := find(novRes, "handover-expired", "liqiang"); !escalated || f == nil || f.History.Status != audit.StatusEscalated {
			t.Errorf("no-receiver liqiang escalated %v, handover-expired %+v; want escalated to handover-expired", escalated, f)
		}
	})
	t.Run("leaver changes", func(t *testing.T) {
		changes := map[string]string{}
		for _, c := range novRes.History.Leavers {
			changes[audit.Key(c.UserID)] = c.Change
		}
		if changes[audit.Key(newcomer)] != audit.LeaverAppeared {
			t.Errorf("%s: change %q, want appeared (all: %v)", newcomer, changes[audit.Key(newcomer)], changes)
		}
		if _, listed := changes["zhangsan"]; listed {
			t.Errorf("the renamed member is listed as a change: %v", changes)
		}
	})
	t.Run("waivers: applied, expired, unused; fail-on ignores only those in force", func(t *testing.T) {
		w := novRes.Waivers
		if w.Applied != 1 || len(w.Expired) != 1 || len(w.Unused) != 1 {
			t.Fatalf("waivers %+v, want 1 applied, 1 expired, 1 unused", w)
		}
		if w.Unused[0].Line != 9 || w.Expired[0].Line != 5 {
			t.Errorf("expired line %d, unused line %d, want 5 and 9", w.Expired[0].Line, w.Unused[0].Line)
		}
		// The waived critical stays in the report and in the summary.
		if find(novRes, "external-contacts-lost", "zhangsan") == nil {
			t.Error("the waived finding left the report")
		}
		all := variant(novIn, nil)
		res, _ := audit.Run(all, rules.Default(), audit.Config{AsOf: nov})
		crit := []history.Waiver{}
		for _, f := range res.Findings {
			if f.Severity == rules.Critical {
				crit = append(crit, history.Waiver{Fingerprint: f.Fingerprint, Reason: "r", AcceptedBy: "a", Expires: nov})
			}
		}
		if res.WorstCounted() != rules.Critical {
			t.Fatalf("worst counted %v before waivers, want critical", res.WorstCounted())
		}
		history.ApplyWaivers(res, crit)
		if res.WorstCounted() == rules.Critical || res.Worst() != rules.Critical {
			t.Errorf("every critical waived (through today): worst counted %v, worst %v", res.WorstCounted(), res.Worst())
		}
	})
	t.Run("chain: previous is the October report's SHA-256", func(t *testing.T) {
		chain, err := history.LoadDir(dir, nov)
		if err != nil {
			t.Fatal(err)
		}
		if len(chain) != 2 || novRes.History.PreviousSHA256 != chain[1].SHA256 || !novRes.History.PreviousAsOf.Equal(oct) {
			t.Errorf("previous %s %s, want %s of the October report", novRes.History.PreviousSHA256, novRes.History.PreviousAsOf, chain[len(chain)-1].SHA256)
		}
		if n := len(novRes.History.Trend); n != 3 {
			t.Errorf("trend has %d points, want 3", n)
		}
	})
	t.Run("--previous alone follows the chain through the report's own fields", func(t *testing.T) {
		prev, err := history.Load(filepath.Join(dir, "audit-"+oct.String()+".json"))
		if err != nil {
			t.Fatal(err)
		}
		res, _ := audit.Run(variant(novIn, nil), rules.Default(), audit.Config{AsOf: nov})
		if err := history.Compare(res, []*history.Report{prev}); err != nil {
			t.Fatal(err)
		}
		f := find(res, "handover-login-stale", "sunli")
		if f == nil || !f.History.FirstSeen.Equal(sep) || len(res.History.Trend) != 3 {
			t.Errorf("first seen %v, trend %d points; want %s and 3 points", f, len(res.History.Trend), sep)
		}
	})
	golden(t, goldenDir, "chain-2026-11-30.json", novJSON)
}

func golden(t *testing.T, dir, name string, got []byte) {
	t.Helper()
	path := filepath.Join(dir, name)
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./history -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test ./history -update and review the diff", name)
	}
}

func TestCompareRefuses(t *testing.T) {
	res := &audit.Result{AsOf: audit.NewDate(2026, 11, 30), Company: "示例科技有限公司"}
	tests := []struct {
		name string
		prev *history.Report
		want string
	}{
		{"another company", &history.Report{Path: "p.json", AsOf: audit.NewDate(2026, 10, 31), Company: "别的公司"}, "is for company"},
		{"a later as-of", &history.Report{Path: "p.json", AsOf: audit.NewDate(2026, 12, 31), Company: "示例科技有限公司"}, "later than this run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := history.Compare(res, []*history.Report{tt.prev})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "p.json") {
				t.Errorf("error %v, want one naming p.json and saying %q", err, tt.want)
			}
		})
	}
}

func TestLoadRefuses(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, body, want string
	}{
		{"another schema", `{"schema":"auditor/v0","as_of":"2026-10-31","findings":[]}`, `schema "auditor/v0"`},
		{"not a report", `{"hello":1}`, "not an auditor JSON report"},
		{"not JSON", `<html>`, "not an auditor JSON report"},
		{"bad date", `{"schema":"` + audit.Schema + `","as_of":"31.10.2026"}`, "is not a date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, "prev.json")
			os.WriteFile(p, []byte(tt.body), 0o644)
			_, err := history.Load(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestLoadDir(t *testing.T) {
	rep := func(asOf string) string {
		return `{"schema":"` + audit.Schema + `","as_of":"` + asOf + `","company":"c","findings":[],"departing":[],"summary":{"critical":0}}`
	}
	t.Run("skips this run's own date, sorts the rest", func(t *testing.T) {
		dir := t.TempDir()
		for name, asOf := range map[string]string{"audit-2026-11-30.json": "2026-11-30", "audit-b.json": "2026-09-30", "audit-a.json": "2026-10-31", "notes.json": "x"} {
			os.WriteFile(filepath.Join(dir, name), []byte(rep(asOf)), 0o644)
		}
		rs, err := history.LoadDir(dir, audit.NewDate(2026, 11, 30))
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 2 || rs[0].AsOf.String() != "2026-09-30" || rs[1].AsOf.String() != "2026-10-31" {
			t.Errorf("got %d reports", len(rs))
		}
	})
	t.Run("two reports for one date", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "audit-1.json"), []byte(rep("2026-10-31")), 0o644)
		os.WriteFile(filepath.Join(dir, "audit-2.json"), []byte(rep("2026-10-31")), 0o644)
		if _, err := history.LoadDir(dir, audit.NewDate(2026, 11, 30)); err == nil || !strings.Contains(err.Error(), "both reports for 2026-10-31") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("missing folder", func(t *testing.T) {
		if _, err := history.LoadDir(filepath.Join(t.TempDir(), "nope"), audit.NewDate(2026, 11, 30)); err == nil {
			t.Error("no error for a missing folder")
		}
	})
}

func TestMonthsBetween(t *testing.T) {
	d := func(s string) audit.Date {
		v, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return audit.DateOf(v)
	}
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"2026-09-30", "2026-11-30", 2},
		{"2026-08-31", "2026-09-30", 1}, // end of a shorter month
		{"2026-09-15", "2026-10-14", 0},
		{"2026-09-15", "2026-10-15", 1},
		{"2026-01-31", "2026-02-28", 1},
		{"2025-11-30", "2026-11-30", 12},
		{"2026-11-30", "2026-10-31", 0}, // backwards
	} {
		if got := audit.MonthsBetween(d(tt.a), d(tt.b)); got != tt.want {
			t.Errorf("MonthsBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestFingerprint(t *testing.T) {
	a := audit.FingerprintOf("no-receiver", "ZhangSan", "")
	if a != audit.FingerprintOf("no-receiver", " zhangsan ", "") {
		t.Error("userids differing in case give different fingerprints")
	}
	if a == audit.FingerprintOf("no-receiver", "zhangsan", "lisi") || a == audit.FingerprintOf("receiver-unknown", "zhangsan", "") {
		t.Error("receiver or rule does not change the fingerprint")
	}
	if len(a) != 16 {
		t.Errorf("fingerprint %q is not 16 hex digits", a)
	}
}

func TestChainBreaks(t *testing.T) {
	dir := t.TempDir()
	write := func(name, asOf, prev, prevAsOf string) {
		body := `{"schema":"` + audit.Schema + `","as_of":"` + asOf + `","company":"c","findings":[],"departing":[],"summary":{}`
		if prev != "" {
			body += `,"previous":{"sha256":"` + prev + `","as_of":"` + prevAsOf + `"}`
		}
		os.WriteFile(filepath.Join(dir, name), []byte(body+"}"), 0o644)
	}
	write("audit-2026-09-30.json", "2026-09-30", "", "")
	first, err := history.Load(filepath.Join(dir, "audit-2026-09-30.json"))
	if err != nil {
		t.Fatal(err)
	}
	write("audit-2026-10-31.json", "2026-10-31", first.SHA256, "2026-09-30")
	write("audit-2026-11-30.json", "2026-11-30", strings.Repeat("ab", 32), "2026-10-31")
	chain, err := history.LoadDir(dir, audit.NewDate(2026, 12, 31))
	if err != nil {
		t.Fatal(err)
	}
	breaks := history.ChainBreaks(chain)
	if len(breaks) != 1 || !strings.Contains(breaks[0].String(), "breaks at audit-2026-11-30.json") || !strings.Contains(breaks[0].In("zh"), "被修改过") {
		t.Errorf("breaks %q, want one at the November report", breaks)
	}
}
