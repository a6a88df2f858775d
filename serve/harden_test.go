package serve

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

func TestSweepStale(t *testing.T) {
	tmp := t.TempDir()
	mk := func(name, owner string, age time.Duration) string {
		t.Helper()
		d := filepath.Join(tmp, name)
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(d, "up", "1"), 0o700); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(d, "up", "1", "roster.xlsx"), []byte("x"), 0o600)
		if owner != "" {
			os.WriteFile(filepath.Join(d, ownerFile), []byte(owner), 0o600)
		}
		old := time.Now().Add(-age)
		os.Chtimes(d, old, old)
		return d
	}
	// A process that has ended: its id names no process now (unless
	// reused within the test, which the pid allocator makes improbable).
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	dead := cmd.Process.Pid
	live := os.Getppid() // the go test driver, alive while we run
	cases := []struct {
		dir  string
		gone bool
	}{
		{mk("auditor-serve-dead", fmt.Sprint(dead), time.Minute), true},
		{mk("auditor-serve-live", fmt.Sprint(live), 48*time.Hour), false},
		{mk("auditor-serve-noowner-young", "", time.Hour), false},
		{mk("auditor-serve-noowner-old", "", 25*time.Hour), true},
		{mk("auditor-serve-garbled-young", "not a pid", time.Hour), false},
		{mk("auditor-serve-garbled-old", "not a pid", 25*time.Hour), true},
		{mk("other-dead", fmt.Sprint(dead), 48*time.Hour), false},
	}
	// A link named like a folder is not followed nor removed.
	target := mk("target", fmt.Sprint(dead), 48*time.Hour)
	if err := os.Symlink(target, filepath.Join(tmp, "auditor-serve-link")); err != nil && runtime.GOOS != "windows" {
		t.Fatal(err)
	}
	swept := sweepStale(tmp, time.Now())
	for _, c := range cases {
		_, err := os.Stat(c.dir)
		if gone := os.IsNotExist(err); gone != c.gone {
			t.Errorf("%s: removed %v, want %v", filepath.Base(c.dir), gone, c.gone)
		}
	}
	if _, err := os.Stat(filepath.Join(target, "up", "1", "roster.xlsx")); err != nil {
		t.Errorf("the link's target was swept: %v", err)
	}
	if len(swept) != 3 {
		t.Errorf("swept %v, want 3 folders", swept)
	}
	// New sweeps at start, and keeps its own folder.
	s, err := New(Config{TempDir: tmp, Today: today, Now: func() (time.Time, error) { return testGenerated, nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(sweepStale(tmp, time.Now())) != 0 {
		t.Error("a second sweep removed something: the live server's folder?")
	}
	if _, err := os.Stat(s.Dir()); err != nil {
		t.Errorf("own folder: %v", err)
	}
}

// The command removes the uploads on every signal it can catch: Ctrl+C,
// SIGTERM and SIGHUP (the terminal window closed).
func TestSignalsRemoveUploads(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX signals; Windows' console close is SIGTERM (signals_windows.go)")
	}
	bin := buildCLI(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			tmp := t.TempDir()
			cmd := exec.Command(bin, "serve", "--no-browser")
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stderr = io.Discard
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			line, err := bufio.NewReader(out).ReadString('\n')
			if err != nil {
				t.Fatal(err)
			}
			u := strings.TrimSpace(line)
			ts := &testServer{t: t, base: u[:strings.Index(u, "/?")], c: &http.Client{}}
			ts.c.Jar, _ = cookiejar.New(nil)
			resp, err := ts.c.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if r, body := ts.upload(map[string][]byte{"roster.csv": []byte("账号,姓名\nzhangsan,张三\n")}); r.StatusCode != 200 {
				t.Fatalf("upload: %d %s", r.StatusCode, body)
			}
			dirs, _ := filepath.Glob(filepath.Join(tmp, folderPrefix+"*", "up", "*", "roster.csv"))
			if len(dirs) != 1 {
				t.Fatalf("upload on disk: %v", dirs)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, out)
			cmd.Wait()
			if left, _ := filepath.Glob(filepath.Join(tmp, folderPrefix+"*")); len(left) != 0 {
				t.Errorf("after %v: left %v", sig, left)
			}
		})
	}
}

func TestOpenerFile(t *testing.T) {
	ts := startTestServer(t, Config{})
	p, err := ts.s.OpenerFile(mustAddr(t, ts.base))
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(p) != ts.s.Dir() {
		t.Errorf("opener %s outside the private folder", p)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "url="+ts.base+"/?token="+ts.s.Token()) {
		t.Errorf("opener does not forward to the address: %s", b)
	}
	if info, _ := os.Stat(p); runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("opener mode %o", info.Mode().Perm())
	}
	resp, err := ts.c.Get(ts.s.URL(mustAddr(t, ts.base)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Errorf("opener still there once the token was used: %v", err)
	}
}

// A 100-character Chinese name (300 bytes, more than any system allows)
// and Windows' special names are stored under names every system takes,
// and no answer names the private folder.
func TestUploadNamesEveryOSTakes(t *testing.T) {
	ts := newTestServer(t, Config{})
	long := strings.Repeat("客", 100) + ".csv"
	resp, body := ts.upload(map[string][]byte{long: []byte("账号,姓名\na,b\n"), "CON": []byte("x"), "NUL.csv": []byte("账号,姓名\na,b\n"), "x.csv.": []byte("账号,姓名\na,b\n"), "empty.csv": nil},
		long, "CON", "NUL.csv", "x.csv.", "empty.csv")
	if resp.StatusCode != http.StatusOK || strings.Contains(string(body), ts.s.Dir()) {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var names []string
	for _, f := range ts.state().Files {
		names = append(names, f.Name)
		if len(f.Name) > 255 {
			t.Errorf("%q: %d bytes", f.Name, len(f.Name))
		}
		if strings.Contains(f.Error, ts.s.Dir()) || strings.Contains(f.Why, ts.s.Dir()) {
			t.Errorf("%s: private path in %q / %q", f.Name, f.Error, f.Why)
		}
	}
	want := []string{strings.Repeat("客", 83) + ".csv", "_CON", "_NUL.csv", "x.csv", "empty.csv"}
	if strings.Join(names, "|") != strings.Join(want, "|") {
		t.Errorf("names %q, want %q", names, want)
	}
	// The same long name again: the number fits too.
	ts.upload(map[string][]byte{long: []byte("账号,姓名\na,b\n")})
	st := ts.state()
	if n := st.Files[len(st.Files)-1].Name; n != strings.Repeat("客", 82)+" (2).csv" {
		t.Errorf("second long name %q (%d bytes)", n, len(n))
	}
}

// Cancel stops a run while it reads a large export, and the server takes
// new work at once.
func TestCancelRun(t *testing.T) {
	ts := newTestServer(t, Config{})
	var big strings.Builder
	big.WriteString("添加人账号,客户ID,客户名称\n")
	for i := 0; i < 600_000; i++ {
		fmt.Fprintf(&big, "u%d,wm%07d,c\n", i%50, i)
	}
	ts.upload(map[string][]byte{"roster.csv": []byte("账号,姓名,状态,离职日期\nu1,甲,离职,2026-11-20\n"), "contacts.csv": []byte(big.String())}, "roster.csv", "contacts.csv")
	if resp, body := ts.postJSON("/api/run", runRequest{AsOf: "2026-11-30"}); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("run: %d %s", resp.StatusCode, body)
	}
	start := time.Now()
	resp, body := ts.do(http.MethodPost, "/api/run/cancel", nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("cancel: %d %s", resp.StatusCode, body)
	}
	var st stateView
	json.Unmarshal(body, &st)
	if st.Busy || st.Run == nil || st.Run.Stage != "cancelled" {
		t.Fatalf("after cancel: busy %v, run %+v", st.Busy, st.Run)
	}
	t.Logf("cancelled in %v", time.Since(start))
	if resp, _ := ts.do(http.MethodGet, "/api/result", nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("result after cancel: %d", resp.StatusCode)
	}
	if n := countFiles(t, ts.s.run.dir); n != 0 {
		t.Errorf("%d report files left by the cancelled run", n)
	}
	// Nothing to cancel now.
	if resp, _ := ts.do(http.MethodPost, "/api/run/cancel", nil, nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("cancel with no run: %d", resp.StatusCode)
	}
	// The files can change again.
	if resp, body := ts.postJSON("/api/files/2/role", map[string]string{"role": "ignore"}); resp.StatusCode != http.StatusOK {
		t.Errorf("role after cancel: %d %s", resp.StatusCode, body)
	}
}

// The page finds out that its result is stale from the state's generation
// and run, and a download of an earlier run's report says why.
func TestStaleResult(t *testing.T) {
	ts := newTestServer(t, Config{})
	st := ts.uploadSamples()
	ts.postJSON("/api/run", runRequest{AsOf: "2026-11-30"})
	ru := ts.wait()
	if resp, _ := ts.do(http.MethodGet, fmt.Sprintf("/download/audit-2026-11-30.pdf?run=%d", ru.ID), nil, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("download: %d", resp.StatusCode)
	}
	gen := ts.state().Gen
	ts.postJSON("/api/files/"+st.Files[len(st.Files)-1].ID+"/role", map[string]string{"role": "ignore"})
	if g := ts.state().Gen; g == gen {
		t.Error("the generation did not change with the files")
	}
	ts.postJSON("/api/run", runRequest{AsOf: "2026-11-30"})
	if ru2 := ts.wait(); ru2.ID == ru.ID {
		t.Fatal("same run id")
	}
	resp, body := ts.do(http.MethodGet, fmt.Sprintf("/download/audit-2026-11-30.pdf?run=%d", ru.ID), nil, map[string]string{"Accept-Language": "en"})
	if resp.StatusCode != http.StatusGone || !strings.Contains(string(body), "earlier audit") {
		t.Errorf("earlier run's download: %d %s", resp.StatusCode, body)
	}
}

// The leavers come most urgent first, in the decision's order: overdue,
// then unknown dates, then by the next step's due date; and columns are
// named as HR knows them.
func TestLeaverUrgencyAndColumns(t *testing.T) {
	ts := newTestServer(t, Config{})
	st := ts.uploadSamples()
	for _, f := range st.Files {
		for _, c := range f.Columns {
			if strings.Contains(c, "←") || strings.HasPrefix(c, "userid") || strings.Contains(c, "_") && !strings.Contains(c, "→") {
				t.Errorf("%s: column %q in internal words", f.Name, c)
			}
		}
	}
	ts.postJSON("/api/run", runRequest{AsOf: "2026-11-30"})
	ts.wait()
	_, body := ts.do(http.MethodGet, "/api/result", nil, map[string]string{"Accept-Language": "en"})
	var r resultView
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Leavers) < 3 {
		t.Fatalf("%d leavers", len(r.Leavers))
	}
	overdue := 0
	for i, l := range r.Leavers {
		if l.Flag == "overdue" {
			overdue++
		}
		if i == 0 {
			continue
		}
		p := r.Leavers[i-1]
		if p.Urgency > l.Urgency || p.Urgency == l.Urgency && p.Urgency > 0 && p.NextDue > l.NextDue {
			t.Errorf("row %d (%s, %d, %s) before row %d (%s, %d, %s)", i, p.UserID, p.Urgency, p.NextDue, i+1, l.UserID, l.Urgency, l.NextDue)
		}
		if l.Flag != "overdue" && (l.Flag == "unknown_date") != (l.NextDue == "") {
			t.Errorf("%s: flag %q with next step due %q", l.UserID, l.Flag, l.NextDue)
		}
	}
	if overdue == 0 || r.Leavers[0].Flag != "overdue" {
		t.Errorf("the samples have an expired handover; first row %s flag %q", r.Leavers[0].UserID, r.Leavers[0].Flag)
	}
}

// FuzzSafeName: whatever the browser sends, the stored name is one every
// system takes.
func FuzzSafeName(f *testing.F) {
	for _, s := range []string{"roster.xlsx", "CON", "nul.csv", "x.csv.", strings.Repeat("名", 100) + ".xlsx", `C:\a\b.csv`, "../..", "COM¹ .txt", " . "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		n := safeName(in)
		switch {
		case n == "", len(n) > maxNameBytes, !utf8.ValidString(n), strings.ContainsAny(n, `/\<>:"|?*`),
			strings.HasPrefix(n, "."), strings.HasSuffix(n, "."), strings.HasSuffix(n, " "), windowsDevice(n):
			t.Errorf("safeName(%q) = %q", in, n)
		}
		for _, r := range n {
			if unicode.IsControl(r) {
				t.Errorf("safeName(%q) = %q: control character", in, n)
			}
		}
	})
}

// The page says what the audit JSON says (issue 22): each leaver's gate,
// overdue flag and number of next steps are those of the decision in the
// audit-<as-of>.json the page offers for download.
func TestPageRendersTheDecision(t *testing.T) {
	ts := newTestServer(t, Config{})
	ts.uploadSamples()
	ts.postJSON("/api/run", runRequest{AsOf: "2026-11-30"})
	ts.wait()
	_, body := ts.do(http.MethodGet, "/api/result", nil, map[string]string{"Accept-Language": "en"})
	var r resultView
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	var name string
	for _, d := range r.Downloads {
		if strings.HasPrefix(d, "audit-") && strings.HasSuffix(d, ".json") {
			name = d
		}
	}
	if name == "" {
		t.Fatalf("no audit JSON among the downloads %v", r.Downloads)
	}
	_, body = ts.do(http.MethodGet, "/download/"+name, nil, nil)
	var doc struct {
		Departing []struct {
			UserID   string `json:"userid"`
			Decision struct {
				Gate    string            `json:"delete_account"`
				Overdue bool              `json:"overdue"`
				Next    []json.RawMessage `json:"next_actions"`
			} `json:"decision"`
		} `json:"departing"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	page := map[string]leaverView{}
	for _, l := range r.Leavers {
		page[l.UserID] = l
	}
	if len(doc.Departing) == 0 || len(page) != len(doc.Departing) {
		t.Fatalf("page lists %d leavers, the JSON %d", len(page), len(doc.Departing))
	}
	for _, l := range doc.Departing {
		p := page[l.UserID]
		if p.Gate != l.Decision.Gate || p.Overdue != l.Decision.Overdue || len(p.Steps) != len(l.Decision.Next) {
			t.Errorf("%s: page gate %s overdue %v steps %d; JSON %s %v %d", l.UserID, p.Gate, p.Overdue, len(p.Steps),
				l.Decision.Gate, l.Decision.Overdue, len(l.Decision.Next))
		}
		if p.GateText == "" || (len(p.Steps) > 0 && p.NextAction != p.Steps[0]) {
			t.Errorf("%s: gate label %q, next action %q", l.UserID, p.GateText, p.NextAction)
		}
	}
}
