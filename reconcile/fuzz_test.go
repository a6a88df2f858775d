package reconcile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wecom-audit/auditor/rules"
)

// FuzzReadOutcomes: any bytes give outcomes or an error, never a panic.
func FuzzReadOutcomes(f *testing.F) {
	for _, s := range []string{
		`{"errcode":0,"customer":[{"external_userid":"wm1","status":1,"takeover_time":1588262400}]}`,
		`{"api":"externalcontact/resigned/transfer_result","request":{"handover_userid":"a"},"response":{"customer":[{"external_userid":"wm1","errcode":40128}]}}`,
		`[{"info":[{"handover_userid":"a","external_userid":"wm1","dimission_time":1550838571}]}]`,
		`{"group_chat_list":[{"chat_id":"g","status":3}]}`,
		"客户ID,原跟进成员,接替状态\nwm1,a,接替完毕\n",
	} {
		f.Add([]byte(s))
	}
	rr := rules.Reconcile()
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(dir, "o")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Skip()
		}
		out, err := ReadOutcomes([]string{p}, rr)
		if err == nil && out == nil {
			t.Fatal("no outcomes and no error")
		}
	})
}
