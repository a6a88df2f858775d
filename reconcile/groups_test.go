package reconcile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// TestGroupOutcomes: groupchat/list statuses 0–3, groupchat/get owners and
// every group transfer error, in the documented shapes (API/93414,
// API/96338, API/92127), end in the states docs/reconcile.md lists.
func TestGroupOutcomes(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"list.json": `{"errcode":0,"errmsg":"ok","group_chat_list":[{"chat_id":"g0","status":0},{"chat_id":"g1","status":1},{"chat_id":"g2","status":2},{"chat_id":"g3","status":3}],"next_cursor":""}`,
		"get.json":  `{"errcode":0,"errmsg":"ok","group_chat":{"chat_id":"g4","name":"销售群","owner":"bob","create_time":1572505490,"member_list":[]}}`,
		"xfer.json": `{"api":"externalcontact/groupchat/transfer","request":{"chat_id_list":["g5","g6","g7","g8","g9","g10"],"new_owner":"bob"},"response":{"errcode":0,"errmsg":"ok","failed_chat_list":[{"chat_id":"g5","errcode":90500,"errmsg":"x"},{"chat_id":"g6","errcode":90501,"errmsg":"x"},{"chat_id":"g7","errcode":90503,"errmsg":"x"},{"chat_id":"g8","errcode":90507,"errmsg":"x"},{"chat_id":"g9","errcode":90508,"errmsg":"x"}]}}`,
	}
	for n, b := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rr := rules.Reconcile()
	out, err := ReadOutcomes([]string{dir}, rr)
	if err != nil {
		t.Fatal(err)
	}
	in := &audit.Inputs{
		Members: []*audit.Member{
			{UserID: "alice", Status: audit.Departed, DepartureDate: audit.NewDate(2026, 11, 1), Groups: 11},
			{UserID: "bob", Activated: audit.Yes, RealName: audit.Yes, ScopeRoster: audit.Yes},
		},
		Details:     map[string][]audit.ContactDetail{},
		CustomerIDs: map[string][]uint64{},
	}
	for i := 0; i <= 10; i++ {
		in.Groups = append(in.Groups, audit.Group{ChatID: "g" + itoa(i), Owner: "alice"})
	}
	res, err := Run(in, out, rules.Default(), rr, Config{AsOf: audit.NewDate(2026, 11, 30)})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"g0": "not_started", "g1": "not_started", "g2": "waiting", "g3": "done", "g4": "done",
		"g5": "not_started", "g6": "not_started", "g7": "not_started", "g8": "waiting", "g9": "done", "g10": "waiting",
	}
	l := res.Leavers[0]
	for _, g := range l.Groups {
		if g.State != want[g.ChatID] {
			t.Errorf("%s: %s (%s), want %s", g.ChatID, g.State, g.Reason.In("en"), want[g.ChatID])
		}
	}
	if l.Closed || l.OpenGroups() != 8 {
		t.Errorf("closed %v, open groups %d, want open with 8", l.Closed, l.OpenGroups())
	}
	found := false
	for _, f := range res.Findings {
		found = found || (f.Rule == "reconcile-groups-open" && f.Count == 8)
	}
	if !found {
		t.Error("reconcile-groups-open with 8 groups did not fire")
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return "1" + string(rune('0'+i-10))
}
