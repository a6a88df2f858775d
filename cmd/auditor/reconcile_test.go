package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// withPlan is sample() with the handover sheet replaced by the given plan.
func withPlan(plan string, extra ...string) []string {
	args := sample()
	for i, a := range args {
		if a == "--plan" {
			args[i+1] = plan
		}
	}
	return append(args, extra...)
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

type obj = map[string]any

// call is a saved API call as IT keeps it: the request beside the response
// (transfer_result's handover and takeover userids are request parameters).
func call(api string, req, resp obj) obj { return obj{"api": api, "request": req, "response": resp} }

var takeover = time.Date(2026, 11, 28, 10, 0, 0, 0, time.FixedZone("CST", 8*3600)).Unix()

// TestReconcileRoundTrip runs audit → plan → outcomes → reconcile → follow-up
// plan on the samples, with outcome files built from the documented
// response shapes (API/96333, API/94088, API/96325, API/92124, API/93414,
// API/92127) holding every takeover status and every error code.
func TestReconcileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI(t, append([]string{"audit"}, sample("--out", dir, "--quiet", "--format", "json")...)...); code != 0 {
		t.Fatalf("audit: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "plan", "--out", dir, "--quiet"); code != 2 || !strings.Contains(stderr, "roster") {
		t.Fatalf("plan without inputs: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, append([]string{"plan"}, sample("--out", dir, "--quiet")...)...); code != 0 {
		t.Fatalf("plan: exit %d: %s", code, stderr)
	}
	var pl struct {
		Batches []struct {
			Leaver, Receiver string
			ExternalIDs      []string `json:"external_ids"`
		} `json:"batches"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "plan-2026-11-30.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &pl); err != nil {
		t.Fatal(err)
	}
	ids := map[string][]string{}
	for _, x := range pl.Batches {
		k := x.Leaver + ">" + x.Receiver
		ids[k] = append(ids[k], x.ExternalIDs...)
	}
	need := func(k string, n int) []string {
		if len(ids[k]) < n {
			t.Fatalf("plan has %d ids for %s, want %d", len(ids[k]), k, n)
		}
		return ids[k]
	}
	out := filepath.Join(dir, "outcomes")
	os.Mkdir(out, 0o755)

	// wangfang (departing): on-job transfer_result with statuses 1–5.
	w := need("wangfang>zhangyue", 290)
	var cs []obj
	for i, id := range w {
		st := []int{1, 1, 1, 2, 3, 4, 5}[i%7]
		cs = append(cs, obj{"external_userid": id, "status": st, "takeover_time": takeover})
	}
	writeJSON(t, filepath.Join(out, "01-onjob-result.json"), call("externalcontact/transfer_result",
		obj{"handover_userid": "wangfang", "takeover_userid": "zhangyue", "cursor": ""},
		obj{"errcode": 0, "errmsg": "ok", "customer": cs, "next_cursor": ""}))

	// huangwei (departing): transfer_customer answers, every customer error code.
	h := need("huangwei>linyu", 80)
	codes := []int{40096, 40097, 40098, 40099, 40100, 40128, 40129, 40130, 40131, 41054}
	cs = nil
	for i, id := range h {
		code := 0
		if i < len(codes) {
			code = codes[i]
		}
		cs = append(cs, obj{"external_userid": id, "errcode": code})
	}
	writeJSON(t, filepath.Join(out, "02-transfer-customer.json"), call("externalcontact/transfer_customer",
		obj{"handover_userid": "huangwei", "takeover_userid": "linyu"}, obj{"errcode": 0, "errmsg": "ok", "customer": cs}))

	// chenjing (departed): resigned transfer_result pages and the unassigned list.
	c := need("chenjing>linyu", 120)
	page := func(ids []string, st int) []obj {
		var o []obj
		for _, id := range ids {
			o = append(o, obj{"external_userid": id, "status": st, "takeover_time": takeover})
		}
		return o
	}
	writeJSON(t, filepath.Join(out, "03-resigned-page1.json"), call("externalcontact/resigned/transfer_result",
		obj{"handover_userid": "chenjing", "takeover_userid": "linyu"}, obj{"errcode": 0, "errmsg": "ok", "customer": page(c[:100], 1), "next_cursor": "NEXT"}))
	writeJSON(t, filepath.Join(out, "04-resigned-page2.json"), call("externalcontact/resigned/transfer_result",
		obj{"handover_userid": "chenjing", "takeover_userid": "linyu", "cursor": "NEXT"}, obj{"errcode": 0, "errmsg": "ok", "customer": page(c[100:105], 3), "next_cursor": ""}))
	var info []obj
	for _, id := range c[105:] {
		info = append(info, obj{"handover_userid": "chenjing", "external_userid": id, "dimission_time": takeover - 86400*300})
	}
	writeJSON(t, filepath.Join(out, "05-unassigned.json"), obj{"errcode": 0, "errmsg": "ok", "info": info, "is_last": true, "next_cursor": ""})

	// magang (departing): the console's export, 5 taken over by someone not in the plan.
	m := need("magang>wangkun", 55)
	var sb strings.Builder
	sb.WriteString("客户ID,客户名称,原跟进成员,接替成员,接替状态,接替时间\n")
	for i, id := range m {
		r := "wangkun"
		if i < 5 {
			r = "zhaolei"
		}
		fmt.Fprintf(&sb, "%s,客户%d,magang,%s,接替完毕,2026-11-28 10:00\n", id, i, r)
	}
	os.WriteFile(filepath.Join(out, "06-console.csv"), []byte(sb.String()), 0o644)

	rdir := filepath.Join(dir, "reconcile")
	code, stdout, stderr := runCLI(t, append([]string{"reconcile"}, withPlan(filepath.Join(dir, "plan-2026-11-30.xlsx"),
		"--outcomes", out, "--out", rdir, "--quiet", "--lang", "en")...)...)
	if code != 0 {
		t.Fatalf("reconcile: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "Reconciliation:") {
		t.Errorf("stdout: %s", stdout)
	}
	var rep struct {
		Schema  string `json:"schema"`
		Leavers []struct {
			UserID                                                                        string `json:"userid"`
			Planned, Done, Waiting, Refused, CapReached, NotStarted, MovedElsewhere, Lost int
			Unknown                                                                       int     `json:"unknown"`
			Closed                                                                        bool    `json:"closed"`
			ClosedOn                                                                      *string `json:"closed_on"`
			Customers                                                                     []struct {
				ExternalID string `json:"external_id"`
				State      string `json:"state"`
				Lost       bool   `json:"lost"`
				Still      bool   `json:"still_with_leaver"`
				ErrCode    *int   `json:"errcode"`
			} `json:"customers"`
			Decision struct {
				Gate    string   `json:"delete_account"`
				LostWhy []string `json:"lost_why"`
				Lost    struct {
					Customers *int `json:"customers"`
				} `json:"lost"`
				AtRisk struct {
					Customers *int `json:"customers"`
				} `json:"at_risk"`
			} `json:"decision"`
		} `json:"leavers"`
		Findings []struct{ Rule, Member string } `json:"findings"`
	}
	b, err = os.ReadFile(filepath.Join(rdir, "reconcile-2026-11-30.json"))
	if err != nil {
		t.Fatal(err)
	}
	// Go's JSON is case-insensitive on keys, but snake_case needs tags.
	b = []byte(strings.NewReplacer(`"cap_reached"`, `"capreached"`, `"not_started"`, `"notstarted"`, `"moved_elsewhere"`, `"movedelsewhere"`).Replace(string(b)))
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Schema != "auditor/reconcile/v1" {
		t.Errorf("schema %q", rep.Schema)
	}
	by := map[string]int{}
	for i, l := range rep.Leavers {
		by[l.UserID] = i
	}
	// Each planned customer is in exactly one state (lost is a property
	// beside it), and a leaver is closed only when the decision lets the
	// account be deleted with nothing at risk (issue 22).
	for _, l := range rep.Leavers {
		if sum := l.Done + l.Waiting + l.Refused + l.CapReached + l.NotStarted + l.MovedElsewhere + l.Unknown; sum != l.Planned {
			t.Errorf("%s: states add up to %d, planned %d", l.UserID, sum, l.Planned)
		}
		if open := l.Decision.Gate != "allowed" || l.Decision.AtRisk.Customers == nil || *l.Decision.AtRisk.Customers > 0; l.Closed && open {
			t.Errorf("%s: closed %v with delete_account %s, at risk %v", l.UserID, l.Closed, l.Decision.Gate, l.Decision.AtRisk.Customers)
		}
	}
	if g := rep.Leavers[by["wangfang"]].Decision.Gate; g != "not_yet" {
		t.Errorf("wangfang: delete_account %s with customers still open", g)
	}
	if d := rep.Leavers[by["chenjing"]].Decision; d.Lost.Customers == nil || *d.Lost.Customers != 5 || fmt.Sprint(d.LostWhy) != "[refused]" {
		t.Errorf("chenjing: lost %v (%v), want 5 refused", d.Lost.Customers, d.LostWhy)
	}
	wf := rep.Leavers[by["wangfang"]]
	// i%7: 0,1,2 done; 3 waiting; 4 refused; 5 cap; 6 no record (unknown).
	count := func(n, r int) int { // how many i in [0,n) have i%7 == r
		return n/7 + map[bool]int{true: 1}[n%7 > r]
	}
	want := []int{count(290, 0) + count(290, 1) + count(290, 2), count(290, 3), count(290, 4), count(290, 5), count(290, 6)}
	got := []int{wf.Done, wf.Waiting, wf.Refused, wf.CapReached, wf.Unknown}
	if fmt.Sprint(got) != fmt.Sprint(want) || wf.Planned != 290 || wf.Lost != 0 || wf.Closed {
		t.Errorf("wangfang: done/waiting/refused/cap/unknown = %v, want %v (planned %d, lost %d, closed %v)", got, want, wf.Planned, wf.Lost, wf.Closed)
	}
	for _, cu := range wf.Customers {
		if cu.State == "refused" && (!cu.Still || cu.Lost) {
			t.Fatalf("an on-job refusal keeps the customer with the leaver: %+v", cu)
		}
	}
	hw := rep.Leavers[by["huangwei"]]
	states := map[int]string{}
	for _, cu := range hw.Customers {
		if cu.ErrCode != nil {
			states[*cu.ErrCode] = cu.State
		}
	}
	wantCodes := map[int]string{40096: "notstarted", 40097: "notstarted", 40098: "notstarted", 40099: "capreached", 40100: "waiting",
		40128: "notstarted", 40129: "waiting", 40130: "notstarted", 40131: "unknown", 41054: "notstarted"}
	for code, st := range wantCodes {
		if got := strings.ReplaceAll(states[code], "_", ""); got != st {
			t.Errorf("error %d: state %q, want %q", code, states[code], st)
		}
	}
	if hw.Waiting != 70+2 {
		t.Errorf("huangwei waiting = %d, want 72 (70 started, 40100 and 40129)", hw.Waiting)
	}
	cj := rep.Leavers[by["chenjing"]]
	if cj.Done != 100 || cj.Refused != 5 || cj.Lost != 5 || cj.NotStarted != 15 || cj.Unknown != 0 {
		t.Errorf("chenjing: %+v", cj)
	}
	mg := rep.Leavers[by["magang"]]
	if mg.Done != 50 || mg.MovedElsewhere != 5 || !mg.Closed || mg.ClosedOn == nil || *mg.ClosedOn != "2026-11-28" {
		t.Errorf("magang: done %d moved %d closed %v on %v", mg.Done, mg.MovedElsewhere, mg.Closed, mg.ClosedOn)
	}
	fired := map[string]bool{}
	for _, f := range rep.Findings {
		fired[f.Rule+"/"+f.Member] = true
	}
	for _, k := range []string{"reconcile-refused-onjob/wangfang", "reconcile-cap-reached/wangfang", "reconcile-lost-refused/chenjing",
		"reconcile-not-started/chenjing", "reconcile-transfer-error/huangwei", "reconcile-moved-elsewhere/magang",
		"reconcile-delete-blocked/wangfang", "reconcile-lost-expired/liqiang", "reconcile-unknown/wangfang"} {
		if !fired[k] {
			t.Errorf("finding %s did not fire", k)
		}
	}
	if fired["reconcile-delete-blocked/magang"] {
		t.Error("magang is closed: deleting the account is not blocked")
	}
	// The follow-up plan re-plans the cap-reached and not-started customers,
	// never to the receiver WeCom said is at its cap.
	var fp struct {
		Handovers []struct {
			UserID   string `json:"userid"`
			Receiver string `json:"receiver"`
			Count    *int   `json:"count"`
		} `json:"handovers"`
	}
	b, err = os.ReadFile(filepath.Join(rdir, "followup-plan-2026-11-30.json"))
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(b, &fp)
	placed := map[string]int{}
	for _, ho := range fp.Handovers {
		if ho.UserID == "wangfang" && ho.Receiver == "zhangyue" {
			t.Errorf("follow-up plan gives wangfang's customers to zhangyue again, which is at its cap")
		}
		if ho.Count != nil {
			placed[ho.UserID] += *ho.Count
		}
	}
	if placed["wangfang"] != count(290, 5) || placed["chenjing"] != 15 {
		t.Errorf("follow-up placed %v, want wangfang %d (cap reached), chenjing 15 (not started)", placed, count(290, 5))
	}
	reconcilePDFText(t, filepath.Join(rdir, "reconcile-2026-11-30.pdf"))
	for _, f := range []string{"reconcile-2026-11-30.xlsx", "reconcile-2026-11-30.pdf", "followup-plan-2026-11-30.xlsx"} {
		if st, err := os.Stat(filepath.Join(rdir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	// The follow-up plan is itself a handover sheet the audit reads.
	if code, _, stderr := runCLI(t, append([]string{"audit"}, withPlan(filepath.Join(rdir, "followup-plan-2026-11-30.xlsx"), "--out", filepath.Join(dir, "a2"), "--format", "json", "--quiet")...)...); code != 0 {
		t.Errorf("audit of the follow-up plan: exit %d: %s", code, stderr)
	}
}

// TestReconcileBadOutcomes: every unreadable outcome file stops the run with
// exit 2 and says where, never a guess.
func TestReconcileBadOutcomes(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, file, body, want string
	}{
		{"status", "a.json", `{"errcode":0,"customer":[{"external_userid":"wm1","status":7}]}`, "customer[0].status: status 7 is not one of"},
		{"failed call", "b.json", `{"errcode":40001,"errmsg":"invalid credential"}`, "errcode: the call failed (errcode 40001"},
		{"shape", "c.json", `{"errcode":0,"info":[{"handover_userid":"x","external_userid":5}]}`, "info[0]: does not have the documented shape"},
		{"unknown", "d.json", `{"errcode":0,"data":[]}`, "not a WeCom response this tool reads"},
		{"group status", "e.json", `{"errcode":0,"group_chat_list":[{"chat_id":"wr1","status":9}]}`, "group_chat_list[0].status: status 9"},
		{"sheet status", "f.csv", "客户ID,原跟进成员,接替状态\nwm1,wangfang,接替完毕\nwm2,wangfang,已转走\n", "f.csv, row 3, column 接替状态: \"已转走\" is not a takeover status"},
		{"sheet date", "g.csv", "客户ID,原跟进成员,接替状态,接替时间\nwm1,wangfang,1,11/3/2026\n", "row 2, column 接替时间: \"11/3/2026\" is not a date"},
		{"sheet header", "h.csv", "客户ID,成员,结果\nwm1,wangfang,1\n", "no header row with the required columns leaver"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.file)
			os.WriteFile(p, []byte(c.body), 0o644)
			code, _, stderr := runCLI(t, append([]string{"reconcile"}, sample("--outcomes", p, "--out", filepath.Join(dir, "out"), "--quiet")...)...)
			if code != 2 || !strings.Contains(stderr, c.want) || !strings.Contains(stderr, c.file) {
				t.Fatalf("exit %d, stderr %q, want 2 and %q", code, stderr, c.want)
			}
		})
	}
}

// TestPlanOnJobLimit: `plan --outcomes` with earlier on-job transfers keeps
// customers moved twice in the last 90 days out of on-job batches; they
// wait for the account's deletion (API/96325, rules/reconcile.yaml).
func TestPlanOnJobLimit(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI(t, append([]string{"plan"}, sample("--out", dir, "--quiet")...)...); code != 0 {
		t.Fatalf("plan: exit %d: %s", code, stderr)
	}
	type batch struct {
		Leaver, Receiver, Route string
		Customers               int
		ExternalIDs             []string `json:"external_ids"`
	}
	read := func(p string) []batch {
		var pl struct{ Batches []batch }
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		json.Unmarshal(b, &pl)
		return pl.Batches
	}
	var w []string
	for _, b := range read(filepath.Join(dir, "plan-2026-11-30.json")) {
		want := "onjob"
		if b.Leaver == "chenjing" || b.Leaver == "liqiang" || b.Leaver == "sunli" {
			want = "resigned"
		}
		if b.Route != want {
			t.Errorf("%s → %s: route %q, want %q", b.Leaver, b.Receiver, b.Route, want)
		}
		if b.Leaver == "wangfang" {
			w = append(w, b.ExternalIDs...)
		}
	}
	// Two on-job moves in the window for w[0:3]; one for w[3]; two, but one
	// of them 100 days ago, for w[4].
	day := func(d int) int64 { return takeover - int64(d)*86400 }
	var cs []obj
	for _, id := range w[:3] {
		cs = append(cs, obj{"external_userid": id, "status": 1, "takeover_time": day(60)}, obj{"external_userid": id, "status": 1, "takeover_time": day(10)})
	}
	cs = append(cs, obj{"external_userid": w[3], "status": 1, "takeover_time": day(10)},
		obj{"external_userid": w[4], "status": 1, "takeover_time": day(100)}, obj{"external_userid": w[4], "status": 1, "takeover_time": day(5)})
	hist := filepath.Join(dir, "earlier.json")
	writeJSON(t, hist, call("externalcontact/transfer_result", obj{"handover_userid": "someone", "takeover_userid": "wangfang"},
		obj{"errcode": 0, "customer": cs}))
	out2 := filepath.Join(dir, "p2")
	if code, _, stderr := runCLI(t, append([]string{"plan"}, sample("--out", out2, "--quiet", "--outcomes", hist)...)...); code != 0 {
		t.Fatalf("plan --outcomes: exit %d: %s", code, stderr)
	}
	held := map[string]bool{}
	total := 0
	for _, b := range read(filepath.Join(out2, "plan-2026-11-30.json")) {
		if b.Leaver != "wangfang" {
			continue
		}
		total += b.Customers
		if b.Route == "resigned" {
			for _, id := range b.ExternalIDs {
				held[id] = true
			}
		}
	}
	if total != len(w) || len(held) != 3 || !held[w[0]] || !held[w[1]] || !held[w[2]] || held[w[3]] || held[w[4]] {
		t.Errorf("held for resigned transfer: %v of %d (want exactly the first 3 of %d)", held, total, len(w))
	}
	// --rules sets the stricter reading (once per window): w[3] and w[4],
	// moved once inside the window, wait too.
	strict := filepath.Join(dir, "strict.yaml")
	if err := os.WriteFile(strict, []byte("reconcile:\n  limits:\n    onjob_transfers_per_window: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out3 := filepath.Join(dir, "p3")
	if code, _, stderr := runCLI(t, append([]string{"plan"}, sample("--out", out3, "--quiet", "--outcomes", hist, "--rules", strict)...)...); code != 0 {
		t.Fatalf("plan --rules: exit %d: %s", code, stderr)
	}
	held = map[string]bool{}
	for _, b := range read(filepath.Join(out3, "plan-2026-11-30.json")) {
		if b.Leaver == "wangfang" && b.Route == "resigned" {
			for _, id := range b.ExternalIDs {
				held[id] = true
			}
		}
	}
	if len(held) != 5 || !held[w[3]] || !held[w[4]] {
		t.Errorf("with onjob_transfers_per_window 1, held: %v (want the first 5)", held)
	}
}
