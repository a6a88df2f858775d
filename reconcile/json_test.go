package reconcile

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// small is two leavers: alice (departing, on-job) with three customers
// planned to bob, and carol (departed) with two.
func small() *audit.Inputs {
	ok := func(id string) *audit.Member {
		return &audit.Member{UserID: id, Name: id, Activated: audit.Yes, RealName: audit.Yes, ScopeRoster: audit.Yes}
	}
	alice, carol := ok("alice"), ok("carol")
	alice.Status, alice.DepartureDate, alice.Customers = audit.Departing, audit.NewDate(2026, 12, 20), 3
	carol.Status, carol.DepartureDate, carol.Customers = audit.Departed, audit.NewDate(2026, 10, 1), 2
	det := func(ids ...string) []audit.ContactDetail {
		var ds []audit.ContactDetail
		for _, id := range ids {
			ds = append(ds, audit.ContactDetail{ExternalID: id, Name: "客户" + id, Customer: true})
		}
		return ds
	}
	return &audit.Inputs{
		Members:     []*audit.Member{alice, carol, ok("bob"), ok("dave")},
		Handovers:   []audit.Handover{{UserID: "alice", Receiver: "bob", DepartureDate: alice.DepartureDate, HasDate: true}, {UserID: "carol", Receiver: "bob", DepartureDate: carol.DepartureDate, HasDate: true}},
		Details:     map[string][]audit.ContactDetail{"alice": det("wm1", "wm2", "wm3"), "carol": det("wm4", "wm5")},
		CustomerIDs: map[string][]uint64{},
	}
}

func TestJSONGolden(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.json"), []byte(`{"api":"externalcontact/transfer_result","request":{"handover_userid":"alice","takeover_userid":"bob"},
"response":{"errcode":0,"errmsg":"ok","customer":[{"external_userid":"wm1","status":1,"takeover_time":1795831200},{"external_userid":"wm2","status":3,"takeover_time":0}],"next_cursor":""}}`), 0o644)
	// A bare resigned page: no userids, matched by the customer id.
	os.WriteFile(filepath.Join(dir, "b.json"), []byte(`{"errcode":0,"errmsg":"ok","customer":[{"external_userid":"wm4","status":1,"takeover_time":1795831200},{"external_userid":"wm9","status":1,"takeover_time":1795831200}]}`), 0o644)
	os.WriteFile(filepath.Join(dir, "c.csv"), []byte("客户名称,原跟进成员,接替成员,接替状态,接替时间\n客户wm5,carol,dave,接替完毕,2026-11-29\n"), 0o644)
	rr := rules.Reconcile()
	out, err := ReadOutcomes([]string{dir}, rr)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(small(), out, rules.Default(), rr, Config{AsOf: audit.NewDate(2026, 11, 30), ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range res.Inputs {
		res.Inputs[i].Path = filepath.Base(res.Inputs[i].Path)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, res); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "reconcile.golden.json")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("JSON differs from %s (run with -update and review the diff)", golden)
	}
	// What the golden file must say, so that -update cannot bless a wrong answer.
	a, c := res.Leavers[0], res.Leavers[1]
	if a.Counts.Done != 1 || a.Counts.Refused != 1 || a.Counts.Unknown != 1 || a.Counts.Lost != 0 || !a.Customers[1].StillWithLeaver {
		t.Errorf("alice: %+v", a.Counts)
	}
	if c.Counts.Done != 1 || c.Counts.MovedElsewhere != 1 || !c.Closed || c.ClosedOn != audit.NewDate(2026, 11, 29) {
		t.Errorf("carol: %+v closed %v on %s", c.Counts, c.Closed, c.ClosedOn)
	}
	if res.Unmatched != 1 {
		t.Errorf("unmatched = %d, want 1 (wm9)", res.Unmatched)
	}
}
