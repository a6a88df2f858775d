package main

import (
	"archive/zip"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/wecom-audit/auditor/pull/wecomtest"
)

// smallEnterprise: two receivers, a member who quit (status 5: departing)
// inside the scope, one who quit outside it, a member outside the scope
// who stays, and a member deleted already, found only in the unassigned
// list.
func smallEnterprise() *wecomtest.Enterprise {
	cu := func(ids ...string) []wecomtest.Customer {
		var out []wecomtest.Customer
		for i, id := range ids {
			out = append(out, wecomtest.Customer{ExternalID: id, Name: "客户" + id, CreateTime: 1735660800 + int64(i)*86400})
		}
		return out
	}
	dim := time.Date(2026, 11, 10, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)).Unix()
	return &wecomtest.Enterprise{
		CorpID: "wwcorp-roundtrip", ContactSecret: "CONTACT-SECRET-rt-4f9a1c", AddressbookSecret: "BOOK-SECRET-rt-77d02e",
		Members: []wecomtest.Member{
			{UserID: "alice", Name: "王丽", Status: 1, Follow: true, Customers: cu("wmA1", "wmA2", "wmA3")},
			{UserID: "bob", Name: "李强", Status: 1, Follow: true, Customers: cu("wmB1", "wmB2")},
			{UserID: "carol", Name: "陈静", Status: 5, Follow: true, Customers: cu("wmC1", "wmC2", "wmC3", "wmC4", "wmC5")},
			{UserID: "dave", Name: "赵磊", Status: 1},
			{UserID: "eve", Name: "孙悦", Status: 5},
		},
		Unassigned: []wecomtest.Unassigned{
			{Handover: "gone1", External: "wmG1", Dimission: dim},
			{Handover: "gone1", External: "wmG2", Dimission: dim},
			{Handover: "gone1", External: "wmG3", Dimission: dim},
		},
		Groups: []wecomtest.Group{
			{ChatID: "wrC1", Name: "陈静的客户群", Owner: "carol", Members: 12},
			{ChatID: "wrA1", Name: "王丽的客户群", Owner: "alice", Members: 4},
		},
		Transfers: map[string][]wecomtest.Transfer{},
	}
}

func setCreds(t *testing.T, e *wecomtest.Enterprise) {
	t.Setenv("WECOM_CORPID", e.CorpID)
	t.Setenv("WECOM_CONTACT_SECRET", e.ContactSecret)
	t.Setenv("WECOM_ADDRESSBOOK_SECRET", e.AddressbookSecret)
}

// noSecret fails when a secret or an access token appears in any file
// under dir or in the outputs.
func noSecret(t *testing.T, e *wecomtest.Enterprise, dir string, outputs ...string) {
	t.Helper()
	bad := []string{e.ContactSecret, e.AddressbookSecret, "TOKEN-"}
	check := func(where, s string) {
		for _, b := range bad {
			if strings.Contains(s, b) {
				t.Errorf("%s holds a secret or token (%q)", where, b)
			}
		}
	}
	for i, o := range outputs {
		check("output "+string(rune('0'+i)), o)
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		check(p, string(b))
		if strings.HasSuffix(p, ".xlsx") {
			z, err := zip.OpenReader(p)
			if err != nil {
				return err
			}
			defer z.Close()
			for _, f := range z.File {
				r, _ := f.Open()
				x, _ := io.ReadAll(r)
				r.Close()
				check(p+"!"+f.Name, string(x))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func xlsxHas(t *testing.T, path, s string) bool {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		r, _ := f.Open()
		x, _ := io.ReadAll(r)
		r.Close()
		if strings.Contains(string(x), s) {
			return true
		}
	}
	return false
}

// TestPullRoundTrip: pull → audit → plan → pull --outcomes → reconcile
// against the stand-in, at page size 1 so that every cursor is followed.
func TestPullRoundTrip(t *testing.T) {
	e := smallEnterprise()
	srv := wecomtest.New(e, wecomtest.Knobs{PageSize: 1, ExpireTokensAfter: 9})
	defer srv.Close()
	setCreds(t, e)
	root := t.TempDir()
	in := filepath.Join(root, "in")
	code, stdout, stderr := runCLI(t, "pull", "--out", in, "--api-base", srv.URL, "--quiet")
	if code != 0 {
		t.Fatalf("pull: exit %d: %s %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "6 members (2 outside the customer-contact scope, 1 departed member found only in the unassigned list), 13 member–customer relationships, 2 groups in ") {
		t.Errorf("pull summary: %s", stdout)
	}
	var man struct {
		Kind, APIBase, Credentials string
		Endpoints                  []struct {
			Endpoint       string
			Pages, Records int
		}
		Files []struct{ Name, SHA256 string }
	}
	b, err := os.ReadFile(filepath.Join(in, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &man); err != nil {
		t.Fatal(err)
	}
	if man.Kind != "inputs" || man.Credentials != "environment" || len(man.Files) != 3 {
		t.Errorf("manifest: %+v", man)
	}
	for _, ep := range man.Endpoints {
		if ep.Endpoint == "externalcontact/batch/get_by_user" && ep.Pages != 10 {
			t.Errorf("batch/get_by_user: %d pages at page size 1, want 10 (one per customer)", ep.Pages)
		}
	}
	if srv.Calls("gettoken") < 3 {
		t.Errorf("gettoken called %d times: the tokens that expired mid-run were not fetched again", srv.Calls("gettoken"))
	}

	rep := filepath.Join(root, "report")
	args := []string{"--roster", filepath.Join(in, "roster.csv"), "--contacts", filepath.Join(in, "contacts.csv"),
		"--groups", filepath.Join(in, "groups.csv"), "--as-of", "2026-11-30", "--quiet"}
	code, so2, se2 := runCLI(t, append([]string{"audit", "--out", rep, "--format", "json,xlsx"}, args...)...)
	if code != 0 && code != 1 {
		t.Fatalf("audit: exit %d: %s %s", code, so2, se2)
	}
	var doc struct {
		Leavers []struct {
			UserID, Status string
			DepartureDate  string `json:"departure_date"`
			InScope        *bool  `json:"in_scope"`
			Customers      int
			External       *int `json:"external_contacts"`
		} `json:"departing"`
	}
	b, err = os.ReadFile(filepath.Join(rep, "audit-2026-11-30.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, l := range doc.Leavers {
		ext := "null"
		if l.External != nil {
			ext = string(rune('0' + *l.External))
		}
		scope := "?"
		if l.InScope != nil && *l.InScope {
			scope = "in"
		} else if l.InScope != nil {
			scope = "out"
		}
		got[l.UserID] = l.Status + " " + l.DepartureDate + " " + scope + " customers=" + string(rune('0'+l.Customers)) + " external=" + ext
	}
	want := map[string]string{
		// Outside the scope, customer-only export: external contacts unknown, never 0.
		"eve": "departing  out customers=0 external=null",
		// In the scope: its contacts are customers (D1).
		"carol": "departing  in customers=5 external=0",
		// Only in the unassigned list: departed on dimission_time.
		"gone1": "departed 2026-11-10 in customers=3 external=0",
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("leaver %s: %q, want %q", id, got[id], w)
		}
	}
	if len(got) != 3 {
		t.Errorf("leavers %v, want eve, carol, gone1", got)
	}
	if !xlsxHas(t, filepath.Join(rep, "audit-2026-11-30.xlsx"), "manifest.json") {
		t.Error("the audit trail does not name the pull's manifest")
	}

	code, so3, se3 := runCLI(t, append([]string{"plan", "--out", rep}, args...)...)
	if code != 0 && code != 1 {
		t.Fatalf("plan: exit %d: %s %s", code, so3, se3)
	}
	planFile := filepath.Join(rep, "plan-2026-11-30.xlsx")
	var pl struct {
		Batches []struct {
			Leaver, Receiver string
			ExternalIDs      []string `json:"external_ids"`
		} `json:"batches"`
	}
	b, err = os.ReadFile(filepath.Join(rep, "plan-2026-11-30.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &pl); err != nil {
		t.Fatal(err)
	}
	// WeCom's answers to the plan: the first customer of each batch taken
	// over, the rest waiting, on the route the plan chose.
	for _, x := range pl.Batches {
		route := "onjob"
		if x.Leaver == "gone1" {
			route = "resigned"
		}
		k := route + "|" + x.Leaver + "|" + x.Receiver
		for i, id := range x.ExternalIDs {
			st := 2
			if i == 0 {
				st = 1
			}
			e.Transfers[k] = append(e.Transfers[k], wecomtest.Transfer{External: id, Status: st, TakeoverTime: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC).Unix()})
		}
	}
	if len(e.Transfers) == 0 {
		t.Fatalf("the plan has no batches: %s", b)
	}
	outc := filepath.Join(root, "outcomes")
	code, so4, se4 := runCLI(t, "pull", "--outcomes", "--plan", planFile, "--out", outc, "--api-base", srv.URL, "--quiet")
	if code != 0 {
		t.Fatalf("pull --outcomes: exit %d: %s %s", code, so4, se4)
	}
	rec := filepath.Join(root, "rec")
	code, so5, se5 := runCLI(t, append([]string{"reconcile", "--out", rec, "--plan", planFile, "--outcomes", outc, "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("reconcile: exit %d: %s %s", code, so5, se5)
	}
	var rd struct {
		Inputs []struct{ Role, Path string } `json:"inputs"`
	}
	b, err = os.ReadFile(filepath.Join(rec, "reconcile-2026-11-30.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rd); err != nil {
		t.Fatal(err)
	}
	named := false
	for _, in := range rd.Inputs {
		named = named || (in.Role == "pull manifest" && strings.HasSuffix(in.Path, "manifest.json"))
	}
	if !named {
		t.Errorf("the reconcile trail does not name the pull's manifest: %+v", rd.Inputs)
	}
	// carol's 5 and gone1's 3 customers planned; one per batch taken over.
	if !strings.Contains(so5, "8 个客户：接替完毕 2，等待 6，拒绝 0，达到上限 0，未开始 0，转给他人 0，未知 0，流失 0") {
		t.Errorf("reconcile: %s", so5)
	}
	noSecret(t, e, root, stdout, stderr, so2, se2, so3, se3, so4, se4, so5, se5)
}

// TestPullRefuses: bad flags, credentials and answers are exit 2 with a
// message naming what is wrong, and no secret.
func TestPullRefuses(t *testing.T) {
	e := smallEnterprise()
	srv := wecomtest.New(e, wecomtest.Knobs{ErrCode: map[string]int{"externalcontact/batch/get_by_user": 48002}})
	defer srv.Close()
	dir := t.TempDir()
	world := filepath.Join(t.TempDir(), "world.yaml")
	os.WriteFile(world, []byte("corpid: c\ncontact_secret: "+e.ContactSecret+"\n"), 0o644)
	os.Chmod(world, 0o644)
	tests := []struct {
		name string
		env  bool
		args []string
		want string
	}{
		{"no credentials", false, []string{"--out", dir}, "WECOM_CORPID and WECOM_CONTACT_SECRET missing"},
		{"outcomes without plan", true, []string{"--out", dir, "--outcomes"}, "--outcomes and --plan go together"},
		{"plain http to another host", true, []string{"--out", dir, "--api-base", "http://qyapi.weixin.qq.com"}, "plain http only to a loopback address"},
		{"world-readable credentials", false, []string{"--out", dir, "--credentials", world}, "readable by others"},
		{"errcode", true, []string{"--out", filepath.Join(dir, "x"), "--api-base", srv.URL}, "externalcontact/batch/get_by_user answered errcode 48002 (the API is not permitted for this secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.env {
				setCreds(t, e)
			} else {
				t.Setenv("WECOM_CORPID", "")
				t.Setenv("WECOM_CONTACT_SECRET", "")
				t.Setenv("WECOM_ADDRESSBOOK_SECRET", "")
			}
			code, stdout, stderr := runCLI(t, append([]string{"pull", "--quiet"}, tt.args...)...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
			if tt.name == "world-readable credentials" && runtime.GOOS == "windows" {
				return
			}
			noSecret(t, e, dir, stdout, stderr)
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "x", "manifest.json")); err == nil {
		t.Error("a failed pull wrote its manifest")
	}
}
