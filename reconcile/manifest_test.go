package reconcile

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/rules"
)

const pullPage = `[{"api":"externalcontact/resigned/transfer_result","request":{"handover_userid":"gone1","takeover_userid":"alice","cursor":""},"response":{"errcode":0,"errmsg":"ok","customer":[{"external_userid":"wmG1","status":1,"takeover_time":1764288000}],"next_cursor":""}}]`

func writePull(t *testing.T, kind, page, listedSum string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "transfer_result-resigned.json"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	if listedSum == "" {
		s := sha256.Sum256([]byte(page))
		listedSum = hex.EncodeToString(s[:])
	}
	m := fmt.Sprintf(`{"tool":"auditor pull","kind":%q,"files":[{"name":"transfer_result-resigned.json","sha256":%q}]}`, kind, listedSum)
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(m), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestPullFolder(t *testing.T) {
	rs := rules.Reconcile()
	tests := []struct {
		name, kind, sum, wantErr string
	}{
		{name: "as written", kind: "outcomes"},
		{name: "changed", kind: "outcomes", sum: strings.Repeat("0", 64), wantErr: "changed since the pull"},
		{name: "an input pull", kind: "inputs", wantErr: "reconcile --outcomes reads a folder written by `auditor pull --outcomes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writePull(t, tt.kind, pullPage, tt.sum)
			out, err := ReadOutcomes([]string{dir}, rs)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Customers) != 1 || out.Customers[0].Leaver != "gone1" || out.Customers[0].Route != RouteResigned {
				t.Errorf("customers %+v", out.Customers)
			}
			if len(out.Files) != 2 || out.Files[0].Role != "pull manifest" {
				t.Errorf("files %+v: the manifest is not named", out.Files)
			}
		})
	}
	// A missing listed file.
	dir := writePull(t, "outcomes", pullPage, "")
	os.Remove(filepath.Join(dir, "transfer_result-resigned.json"))
	if _, err := ReadOutcomes([]string{dir}, rs); err == nil || !strings.Contains(err.Error(), "not in the folder") {
		t.Errorf("missing file: %v", err)
	}
}

// FuzzPullManifest: any manifest.json is read or refused, never a panic.
func FuzzPullManifest(f *testing.F) {
	f.Add([]byte(`{"tool":"auditor pull","kind":"outcomes","files":[]}`))
	f.Add([]byte(`{"tool":"auditor pull","kind":"outcomes","files":[{"name":"../x","sha256":"00"}]}`))
	f.Add([]byte(`{"tool":"auditor pull","kind":"inputs"}`))
	f.Add([]byte(`{"tool":1}`))
	rs := rules.Reconcile()
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "manifest.json"), b, 0o644)
		ReadOutcomes([]string{dir}, rs)
	})
}
