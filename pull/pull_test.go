package pull

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/wecom-audit/auditor/pull/wecomtest"
)

func enterprise() *wecomtest.Enterprise {
	e := wecomtest.Generate(40, 300)
	return e
}

func creds(e *wecomtest.Enterprise) Credentials {
	return Credentials{CorpID: e.CorpID, ContactSecret: e.ContactSecret, AddressbookSecret: e.AddressbookSecret, Source: "test"}
}

var fast = Options{Backoff: time.Millisecond, BackoffLimit: time.Millisecond, Timeout: 2 * time.Second}

func pullWith(t *testing.T, e *wecomtest.Enterprise, k wecomtest.Knobs, opt Options) (*Result, string, *wecomtest.Server, error) {
	t.Helper()
	srv := wecomtest.New(e, k)
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, creds(e), opt)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	res, err := Inputs(context.Background(), c, Config{Out: dir, Version: "test", Now: time.Now})
	return res, dir, srv, err
}

// TestFaults: every knob of the stand-in, at small page sizes: the pull
// either completes with the whole enterprise or stops naming the endpoint
// and code, with nothing under the final names.
func TestFaults(t *testing.T) {
	tests := []struct {
		name    string
		k       wecomtest.Knobs
		opt     Options
		wantErr string // "" = completes
		check   func(t *testing.T, r *Result, srv *wecomtest.Server)
	}{
		{name: "page size 1", k: wecomtest.Knobs{PageSize: 1}},
		{name: "page size 7", k: wecomtest.Knobs{PageSize: 7}},
		{name: "token expires mid-run", k: wecomtest.Knobs{PageSize: 3, ExpireTokensAfter: 20},
			check: func(t *testing.T, r *Result, srv *wecomtest.Server) {
				if srv.Calls("gettoken") != 4 {
					t.Errorf("gettoken %d times, want 4 (two secrets, each fetched again once)", srv.Calls("gettoken"))
				}
			}},
		{name: "45009", k: wecomtest.Knobs{PageSize: 5, FrequencyLimit: 4},
			check: func(t *testing.T, r *Result, srv *wecomtest.Server) {
				retries := 0
				for _, e := range r.Manifest.Endpoints {
					retries += e.Retries
				}
				if retries == 0 {
					t.Error("no retry recorded")
				}
			}},
		{name: "45033", k: wecomtest.Knobs{FrequencyLimit: 5, FrequencyCode: 45033}},
		{name: "5xx then fine", k: wecomtest.Knobs{Fail5xx: 3}},
		{name: "slow answers within the timeout", k: wecomtest.Knobs{Delay: 5 * time.Millisecond, PageSize: 50}},
		{name: "84061 from the unassigned list", k: wecomtest.Knobs{None: map[string]bool{"externalcontact/get_unassigned_list": true}},
			check: func(t *testing.T, r *Result, srv *wecomtest.Server) {
				if r.Departed != 0 || r.Contacts != 300 {
					t.Errorf("departed %d, contacts %d; want 0 and 300", r.Departed, r.Contacts)
				}
			}},
		{name: "81017: owner_filter", k: wecomtest.Knobs{VisibleOver1000: true, PageSize: 2},
			check: func(t *testing.T, r *Result, srv *wecomtest.Server) {
				if r.Groups != 4 {
					t.Errorf("groups %d, want 4", r.Groups)
				}
			}},
		{name: "errcode stops", k: wecomtest.Knobs{ErrCode: map[string]int{"user/get": 60011}},
			wantErr: "WeCom API user/get answered errcode 60011 (no permission for the members, departments or tags"},
		{name: "transfer code from the dictionary", k: wecomtest.Knobs{ErrCode: map[string]int{"externalcontact/groupchat/get": 90501}},
			wantErr: "errcode 90501 ("},
		{name: "malformed JSON", k: wecomtest.Knobs{Malformed: map[string]bool{"externalcontact/batch/get_by_user": true}},
			wantErr: "WeCom API externalcontact/batch/get_by_user: the answer is not the documented JSON"},
		{name: "too slow", k: wecomtest.Knobs{Delay: 300 * time.Millisecond}, opt: Options{Timeout: 50 * time.Millisecond, Retries: 1, Backoff: time.Millisecond},
			wantErr: "no answer in time"},
		{name: "5xx to the end", k: wecomtest.Knobs{Fail5xx: 100}, wantErr: "HTTP status 502"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			if opt.Backoff == 0 {
				opt = fast
			}
			e := enterprise()
			res, dir, srv, err := pullWith(t, e, tt.k, opt)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				for _, s := range []string{e.ContactSecret, e.AddressbookSecret, "TOKEN-"} {
					if strings.Contains(err.Error(), s) {
						t.Errorf("the error shows a secret or token: %v", err)
					}
				}
				ents, _ := os.ReadDir(dir)
				if len(ents) != 0 {
					t.Errorf("a failed pull left %v under DIR", ents)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// 40 members (4 outside the scope) plus 0 departed-only (40/100);
			// 300 customers; 4 groups.
			if res.Members != 40 || res.Outside != 4 || res.Groups != 4 {
				t.Errorf("members %d outside %d groups %d", res.Members, res.Outside, res.Groups)
			}
			if tt.check != nil {
				tt.check(t, res, srv)
			} else if res.Contacts != 300 {
				t.Errorf("contacts %d, want 300", res.Contacts)
			}
			for _, n := range []string{RosterFile, ContactsFile, GroupsFile, ManifestName} {
				if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

func TestSameResultAtAnyPageSize(t *testing.T) {
	var first []ManifestFile
	for _, ps := range []int{0, 1, 3, 64} {
		res, _, _, err := pullWith(t, enterprise(), wecomtest.Knobs{PageSize: ps}, fast)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = res.Manifest.Files
			continue
		}
		for i, f := range res.Manifest.Files {
			if f.SHA256 != first[i].SHA256 {
				t.Errorf("page size %d: %s differs from the pull at full pages", ps, f.Name)
			}
		}
	}
}

func TestWrongSecret(t *testing.T) {
	e := enterprise()
	srv := wecomtest.New(e, wecomtest.Knobs{})
	defer srv.Close()
	cr := creds(e)
	cr.ContactSecret = "WRONG-SECRET-abc"
	c, _ := NewClient(srv.URL, cr, fast)
	_, err := Inputs(context.Background(), c, Config{Out: t.TempDir(), Now: time.Now})
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != 40001 || strings.Contains(err.Error(), "WRONG-SECRET") {
		t.Fatalf("error %v", err)
	}
}

func TestCheckBase(t *testing.T) {
	for _, tt := range []struct {
		base string
		ok   bool
	}{
		{"https://qyapi.weixin.qq.com", true},
		{"https://proxy.example.com/wecom/", true},
		{"http://127.0.0.1:8080", true},
		{"http://[::1]:9", true},
		{"http://localhost:1234", true},
		{"http://qyapi.weixin.qq.com", false},
		{"http://10.0.0.1", false},
		{"ftp://x", false},
		{"qyapi.weixin.qq.com", false},
		{"https://u:p@x.com", false},
	} {
		_, err := CheckBase(tt.base)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.base, err)
		}
	}
}

func TestCredentialsFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "wecom.yaml")
	body := "corpid: wwabc\ncontact_secret: S3CRET-contact\naddressbook_secret: S3CRET-book\n"
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := FromFile(p)
	if err != nil || c.ContactSecret != "S3CRET-contact" || c.AddressbookSecret != "S3CRET-book" || c.Source != "file "+p {
		t.Fatalf("%v %v", c, err)
	}
	if s := c.String() + " " + c.GoString(); strings.Contains(s, "S3CRET") {
		t.Errorf("String shows a secret: %s", s)
	}
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := FromFile(p); err == nil || !strings.Contains(err.Error(), "readable by others") {
		if runtime.GOOS != "windows" {
			t.Errorf("a world-readable file was accepted: %v", err)
		}
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("corpid: x\ncontact_secrt: S3CRET-typo\n"), 0o600)
	if _, err := FromFile(bad); err == nil || strings.Contains(err.Error(), "S3CRET") {
		t.Errorf("a misspelt key: %v", err)
	}
	if _, err := FromEnv(func(string) string { return "" }); err == nil || !strings.Contains(err.Error(), EnvCorpID) {
		t.Errorf("empty environment: %v", err)
	}
}

func TestPacer(t *testing.T) {
	c, _ := NewClient("http://127.0.0.1:1", Credentials{}, Options{Limits: Limits{PerMinute: 5, PerHour: 1000}})
	var slept time.Duration
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return t0.Add(slept) }
	sleep := func(_ context.Context, d time.Duration) error { slept += d; return nil }
	p := c.pacer("x")
	for range 5 {
		p.wait(context.Background(), c.now, sleep)
	}
	if slept != 0 {
		t.Fatalf("the first 5 calls waited %v", slept)
	}
	p.wait(context.Background(), c.now, sleep)
	if slept < 11*time.Second || slept > 13*time.Second {
		t.Errorf("the 6th call of a 5-a-minute limit waited %v, want about 12 s", slept)
	}
}

func TestNoRosterWithoutAddressbookSecret(t *testing.T) {
	e := enterprise()
	srv := wecomtest.New(e, wecomtest.Knobs{})
	defer srv.Close()
	cr := creds(e)
	cr.AddressbookSecret = ""
	c, _ := NewClient(srv.URL, cr, fast)
	dir := t.TempDir()
	res, err := Inputs(context.Background(), c, Config{Out: dir, Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, RosterFile)); err == nil || res.Members != 0 || len(res.Manifest.Notes) == 0 {
		t.Errorf("a roster without the address-book secret")
	}
	if srv.Calls("user/get")+srv.Calls("user/list_id") != 0 {
		t.Error("address-book endpoints called without the secret")
	}
}

// TestErrorsSayThemselves: a pull's errors say themselves in both
// languages and keep their cause for errors.Is and errors.As, never a
// secret with it.
func TestErrorsSayThemselves(t *testing.T) {
	_, err := FromFile(filepath.Join(t.TempDir(), "none.yaml"))
	var pe *Error
	if !errors.As(err, &pe) || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a missing credentials file: %v (%T)", err, err)
	}
	if zh := pe.In("zh"); !strings.Contains(zh, "none.yaml：文件不存在") {
		t.Errorf("zh: %q", zh)
	}
	if en := err.Error(); !strings.Contains(en, "none.yaml: no such file") {
		t.Errorf("en: %q", en)
	}

	// Nothing listens on port 1: gettoken fails in the network.
	c, err := NewClient("http://127.0.0.1:1", Credentials{CorpID: "c", ContactSecret: "SECRET-c", Source: "test"},
		Options{Retries: 1, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.token(context.Background(), secretContact)
	var op *net.OpError
	if !errors.As(err, &pe) || !errors.As(err, &op) {
		t.Fatalf("a refused connection: %v (%T)", err, err)
	}
	if zh := pe.In("zh"); !strings.HasPrefix(zh, "企业微信接口 gettoken：网络错误：") {
		t.Errorf("zh: %q", zh)
	}
	for e := error(err); e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), "SECRET-") {
			t.Errorf("%T shows the secret: %v", e, e)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = c.token(ctx, secretContact)
	if !errors.As(err, &pe) || !errors.Is(err, context.Canceled) || pe.In("zh") != "企业微信接口 gettoken：已取消" || err.Error() != "WeCom API gettoken: cancelled" {
		t.Errorf("a cancelled pull: %v (%T)", err, err)
	}

	if _, err := CheckBase("ftp://x"); !errors.As(err, &pe) || !strings.Contains(pe.In("zh"), "应为 https:// 地址") {
		t.Errorf("ftp: %v", err)
	}
}

// TestCommitThatFailsLeavesNothingStaged: a pull whose files cannot all
// be put in place (here contacts.csv's name is taken by a folder) ends with
// an error naming the file, no .pull- folder left behind, no manifest in
// the folder and the staged files closed (removing them would fail on
// Windows otherwise).
func TestCommitThatFailsLeavesNothingStaged(t *testing.T) {
	for _, tc := range []struct {
		name    string
		blocked string // the name a folder takes in the output folder
	}{
		{"the first file", "groups.csv"},
		{"the second file", ContactsFile},
		{"the manifest", ManifestName},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, tc.blocked, "x"), 0o755); err != nil {
				t.Fatal(err)
			}
			st, err := newStage(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{"groups.csv", ContactsFile} {
				sf, err := st.createCSV(name, "test", "a", "b")
				if err != nil {
					t.Fatal(err)
				}
				if err := sf.row("1", "2"); err != nil {
					t.Fatal(err)
				}
			}
			_, err = st.commit(&Manifest{Tool: ManifestTool, Kind: "inputs"})
			if err == nil || !strings.Contains(err.Error(), tc.blocked) {
				t.Fatalf("commit: %v; want an error naming %s", err, tc.blocked)
			}
			left, err := filepath.Glob(filepath.Join(dir, ".pull-*"))
			if err != nil {
				t.Fatal(err)
			}
			if len(left) != 0 {
				t.Errorf("left behind: %v", left)
			}
			if tc.blocked != ManifestName {
				if _, err := os.Stat(filepath.Join(dir, ManifestName)); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("a manifest is in the folder (%v) though the pull did not finish", err)
				}
			}
			for _, sf := range st.files {
				if err := sf.f.Close(); err == nil {
					t.Errorf("%s was still open", sf.name)
				}
			}
		})
	}
}
