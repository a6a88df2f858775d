package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// files writes CSV inputs into a fresh folder and returns its path.
func files(t *testing.T, contents map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range contents {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type auditJSON struct {
	Enterprise struct {
		ExternalAtRisk     *int     `json:"external_contacts_at_risk"`
		ExternalAtLeast    int      `json:"external_contacts_at_risk_at_least"`
		ExternalUnknownFor []string `json:"external_contacts_unknown_for"`
	} `json:"enterprise"`
	Assumed   []string `json:"assumed"`
	Departing []struct {
		UserID   string  `json:"userid"`
		External *int    `json:"external_contacts"`
		Groups   *int    `json:"groups"`
		Handover string  `json:"handover"`
		ActBy    *string `json:"act_by"`
		ActByFor *string `json:"act_by_for"`
		Checks   []struct {
			Rule, State, Reason string
		} `json:"checks"`
	} `json:"departing"`
	Findings []struct {
		Rule      string `json:"rule"`
		Count     int    `json:"count"`
		CountUnit string `json:"count_unit"`
	} `json:"findings"`
	DataProblems []struct {
		Row     int    `json:"row"`
		Column  string `json:"column"`
		Problem string `json:"problem"`
	} `json:"data_problems"`
	Verdict struct {
		Level     string         `json:"level"`
		Text      string         `json:"text"`
		Handovers map[string]int `json:"handovers"`
		Missing   []struct{ Input, Hides, Add string }
	} `json:"verdict"`
}

func auditTo(t *testing.T, args ...string) (int, string, auditJSON) {
	t.Helper()
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, append([]string{"audit", "--out", out, "--format", "json", "--lang", "en", "--as-of", "2026-11-30"}, args...)...)
	if code == 2 {
		t.Fatalf("exit 2: %s", stderr)
	}
	var doc auditJSON
	b, err := os.ReadFile(filepath.Join(out, "audit-2026-11-30.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return code, stdout, doc
}

// A roster with no status column and no handover sheet: nobody can be seen
// leaving, and the verdict says so instead of "Ready" (issue 13).
func TestCLINobodyCanBeSeenLeaving(t *testing.T) {
	dir := files(t, map[string]string{
		"roster.csv":   "userid,name,customer_contact\nzhangsan,张三,是\nlisi,李四,是\n",
		"contacts.csv": "添加人账号,客户ID,联系人类型\nzhangsan,wm1,客户\nlisi,wm2,客户\n",
	})
	code, stdout, doc := auditTo(t, "--roster", filepath.Join(dir, "roster.csv"), "--contacts", filepath.Join(dir, "contacts.csv"))
	if code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
	if doc.Verdict.Level != "incomplete" {
		t.Errorf("verdict level %q, want incomplete", doc.Verdict.Level)
	}
	if !strings.HasPrefix(stdout, "Incomplete:") || !strings.Contains(stdout, "no status column") {
		t.Errorf("stdout verdict does not say what is missing:\n%s", stdout)
	}
	if !strings.Contains(strings.Join(doc.Assumed, "\n"), "no departing member can be identified") {
		t.Errorf("assumed does not say so: %q", doc.Assumed)
	}
}

// The leavers: he18 without a departure date, wangwu outside the
// scope with a customer-only export, others ready or blocked.
func TestCLIUnknownIsNeverPassed(t *testing.T) {
	dir := files(t, map[string]string{
		"roster.csv": "userid,name,status,departure_date,customer_contact,last_login,receiver\n" +
			"he18,何十八,departing,,是,2026-11-01,zhaolei\n" +
			"wangwu,王五,departing,2026-12-02,否,2026-11-01,\n" +
			"wangfang,王芳,departing,2026-12-10,是,2026-11-01,zhaolei\n" +
			"zhaolei,赵磊,active,,是,2026-11-20,\n",
		// WeCom's customer export: no kind column, customers only (D20).
		"customers.csv": "添加人账号,客户ID,客户名称,添加时间\n" +
			"he18,wm1,甲,2026-01-05\nwangfang,wm2,乙,2026-02-01\nwangfang,wm3,丙,2026-03-01\nzhaolei,wm4,丁,2026-12-25\n",
		"groups.csv": "群ID,群名称,群主账号\n",
	})
	_, stdout, doc := auditTo(t, "--roster", filepath.Join(dir, "roster.csv"), "--contacts", filepath.Join(dir, "customers.csv"), "--groups", filepath.Join(dir, "groups.csv"))
	by := map[string]int{}
	for i, l := range doc.Departing {
		by[l.UserID] = i
	}
	check := func(user, rule string) string {
		for _, c := range doc.Departing[by[user]].Checks {
			if c.Rule == rule {
				return c.State
			}
		}
		t.Fatalf("%s: no %s check", user, rule)
		return ""
	}
	he := doc.Departing[by["he18"]]
	if s := check("he18", "handover-expired"); s != "unknown" {
		t.Errorf("he18 handover-expired = %s, want unknown", s)
	}
	if he.Handover != "unknown" || he.ActBy != nil {
		t.Errorf("he18 handover %q act_by %v, want unknown and null", he.Handover, he.ActBy)
	}
	ww := doc.Departing[by["wangwu"]]
	if ww.External != nil {
		t.Errorf("wangwu external_contacts = %d, want null", *ww.External)
	}
	if s := check("wangwu", "external-contacts-lost"); s != "unknown" {
		t.Errorf("wangwu external-contacts-lost = %s, want unknown", s)
	}
	if ww.Handover != "blocked" || ww.ActBy == nil || *ww.ActBy != "2026-12-02" || *ww.ActByFor != "deletion" {
		t.Errorf("wangwu handover %q act_by %v %v, want blocked by 2026-12-02 (deletion)", ww.Handover, ww.ActBy, ww.ActByFor)
	}
	if doc.Enterprise.ExternalAtRisk != nil || len(doc.Enterprise.ExternalUnknownFor) != 1 {
		t.Errorf("external_contacts_at_risk = %v, unknown for %q; want null and [wangwu]", doc.Enterprise.ExternalAtRisk, doc.Enterprise.ExternalUnknownFor)
	}
	wf := doc.Departing[by["wangfang"]]
	if wf.Handover != "ready" || wf.ActBy == nil || *wf.ActBy != "2027-12-10" {
		t.Errorf("wangfang handover %q act_by %v, want ready by 2027-12-10", wf.Handover, wf.ActBy)
	}
	// Leaver by leaver, not one word for all; and the missing kinds named.
	v := doc.Verdict
	if v.Level != "incomplete" || v.Handovers["ready"] != 1 || v.Handovers["blocked"] != 1 || v.Handovers["unknown"] != 1 {
		t.Errorf("verdict %q %v, want incomplete with 1 ready, 1 blocked, 1 unknown", v.Level, v.Handovers)
	}
	if !strings.Contains(stdout, "1 of 3 handovers can go ahead") || !strings.Contains(stdout, "contact export lists customers only") {
		t.Errorf("stdout verdict:\n%s", stdout)
	}
	for _, f := range doc.Findings {
		if f.CountUnit == "" {
			t.Errorf("finding %s has no count_unit", f.Rule)
		}
	}
	// A contact added after the as-of date is a data problem.
	found := false
	for _, p := range doc.DataProblems {
		if p.Row == 5 && p.Column == "添加时间" && strings.Contains(p.Problem, "after the as-of date") {
			found = true
		}
	}
	if !found {
		t.Errorf("no data problem for the contact added on 2026-12-25: %+v", doc.DataProblems)
	}
}

// --period 2025-11 on 2026-11-30 (the report): members who left in
// 2025-12 and 2026-10 and still hold customers are audited, as docs/spec.md §1 says;
// those who hold nothing and later departures are not.
func TestCLIPeriod(t *testing.T) {
	dir := files(t, map[string]string{
		"roster.csv": "userid,status,departure_date,customer_contact,last_login,receiver\n" +
			"nov25,departed,2025-11-10,是,2025-11-01,keeper\n" +
			"dec25,departed,2025-12-10,是,2025-12-01,keeper\n" +
			"oct26,departed,2026-10-10,是,2026-10-01,keeper\n" +
			"empty,departed,2026-10-10,是,2026-10-01,\n" +
			"dec26,departing,2026-12-20,是,2026-11-01,keeper\n" +
			"nodate,departing,,是,2026-11-01,\n" +
			"keeper,active,,是,2026-11-20,\n",
		"contacts.csv": "添加人账号,客户ID,联系人类型\ndec25,wm1,客户\noct26,wm2,客户\ndec26,wm3,客户\nkeeper,wm4,客户\n",
	})
	_, _, doc := auditTo(t, "--roster", filepath.Join(dir, "roster.csv"), "--contacts", filepath.Join(dir, "contacts.csv"), "--period", "2025-11")
	var got []string
	for _, l := range doc.Departing {
		got = append(got, l.UserID)
	}
	if want := "nov25 dec25 oct26 nodate"; strings.Join(got, " ") != want {
		t.Errorf("--period 2025-11 audited %q, want %q", got, want)
	}
	code, stdout, _ := runCLI(t, "audit", "--help")
	if code != 0 || !strings.Contains(stdout, "members already departed") || !strings.Contains(stdout, "no departure date") {
		t.Errorf("audit --help does not say what --period includes:\n%s", stdout)
	}
}

// validate prints every data problem, grouped by kind (file, sheet,
// column), the first 20 of each and a count of the rest (docs/spec.md §1).
func TestCLIValidatePrintsProblems(t *testing.T) {
	var contacts strings.Builder
	contacts.WriteString("添加人账号,客户ID,联系人类型,添加时间\n")
	for i := 0; i < 25; i++ {
		fmt.Fprintf(&contacts, "zhangsan,wm%d,客户,someday%d\n", i, i)
	}
	contacts.WriteString("zhangsan,wm99,朋友,2026-01-01\n")
	dir := files(t, map[string]string{
		"roster.csv":   "userid,status,customer_cap\nzhangsan,active,abc\n",
		"contacts.csv": contacts.String(),
	})
	code, stdout, stderr := runCLI(t, "validate", "--lang", "en", "--as-of", "2026-11-30",
		"--roster", filepath.Join(dir, "roster.csv"), "--contacts", filepath.Join(dir, "contacts.csv"))
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	for _, want := range []string{
		"roster.csv › customer_cap: 1 problem",
		"contacts.csv › 添加时间: 25 problems",
		`row 2: cannot read "someday0" as a date`,
		`row 21: cannot read "someday19" as a date`,
		"… and 5 more of this kind not listed",
		"contacts.csv › 联系人类型: 1 problem",
		`row 27: cannot read contact kind "朋友"`,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("validate output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "someday20") {
		t.Errorf("the 21st problem of a kind is listed:\n%s", stdout)
	}
}

// The plan: LiLei is on two roster rows (two people), so the plan
// routes nothing to them, and the summary counts the plain external
// contacts and the enterprise expansion it cannot get.
func TestCLIPlanAvoidsDuplicateReceiver(t *testing.T) {
	dir := files(t, map[string]string{
		"roster.csv": "userid,name,status,departure_date,customer_contact,last_login,receiver\n" +
			"zhangsan,张三,departing,2026-12-05,是,2026-11-01,LiLei\n" +
			"wangwu,王五,departing,2026-12-02,否,2026-11-01,\n" +
			"LiLei,李雷,active,,是,2026-11-20,\n" +
			"lilei,李蕾,active,,是,2026-11-20,\n" +
			"zhaolei,赵磊,active,,是,2026-11-20,\n",
		"contacts.csv": "添加人账号,客户ID,联系人类型\nzhangsan,wm1,客户\nzhangsan,wm2,客户\nzhangsan,wm3,客户\nwangwu,wx1,外部联系人\nwangwu,wx2,外部联系人\nzhaolei,wm9,客户\n",
		"profile.yaml": "verified: true\ndaily_active_users: 45\nenterprise_cap: 5\n",
	})
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "plan", "--out", out, "--lang", "en", "--as-of", "2026-11-30",
		"--roster", filepath.Join(dir, "roster.csv"), "--contacts", filepath.Join(dir, "contacts.csv"), "--profile", filepath.Join(dir, "profile.yaml"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "plan-2026-11-30.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Handovers []struct{ UserID, Receiver string } `json:"handovers"`
		Summary   map[string]int                      `json:"summary"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, h := range doc.Handovers {
		if strings.EqualFold(h.Receiver, "lilei") {
			t.Errorf("plan routes %s's customers to the duplicate userid %s", h.UserID, h.Receiver)
		}
	}
	if doc.Summary["external_contacts_unplaced"] != 2 || doc.Summary["enterprise_expansions_not_eligible"] != 1 {
		t.Errorf("summary = %v, want 2 external contacts unplaced and 1 expansion not eligible", doc.Summary)
	}
	for _, want := range []string{"2 plain external contacts", "1 expansion it is not eligible for"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("plan stdout lacks %q:\n%s", want, stdout)
		}
	}
}
