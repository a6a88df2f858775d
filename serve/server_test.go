package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/pipeline"
	"github.com/wecom-audit/auditor/report"
)

const samplesDir = "../samples"

var sampleFiles = []string{"roster.xlsx", "customers.xlsx", "external-contacts.csv", "contact-summary.xlsx", "groups.xlsx", "handover.xlsx", "profile.yaml"}

// testServer is a Server listening on loopback, with a client that has
// traded the token for the cookie.
type testServer struct {
	t    *testing.T
	s    *Server
	base string // http://127.0.0.1:port
	c    *http.Client
}

// testGenerated is the test server's generation time for the reports.
var testGenerated = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

func today() audit.Date { d, _ := audit.ParseISODate("2026-11-30"); return d }

func newTestServer(t *testing.T, cfg Config) *testServer {
	t.Helper()
	ts := startTestServer(t, cfg)
	resp, err := ts.c.Get(ts.s.URL(mustAddr(t, ts.base)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("token login: status %d", resp.StatusCode)
	}
	return ts
}

// startTestServer is a server whose token has not been used yet.
func startTestServer(t *testing.T, cfg Config) *testServer {
	t.Helper()
	if cfg.Today == nil {
		cfg.Today = today
	}
	if cfg.Now == nil {
		cfg.Now = func() (time.Time, error) { return testGenerated, nil }
	}
	if cfg.ToolVersion == "" {
		cfg.ToolVersion = "test"
	}
	cfg.TempDir = t.TempDir()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	l, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { s.Serve(l); close(done) }()
	t.Cleanup(func() { l.Close(); <-done; s.Close() })
	jar, _ := cookiejar.New(nil)
	return &testServer{t: t, s: s, base: "http://" + l.Addr().String(), c: &http.Client{Jar: jar}}
}

// do sends a request with the page's own Origin unless told otherwise.
func (ts *testServer) do(method, path string, body io.Reader, hdr map[string]string) (*http.Response, []byte) {
	ts.t.Helper()
	req, err := http.NewRequest(method, ts.base+path, body)
	if err != nil {
		ts.t.Fatal(err)
	}
	if method != http.MethodGet {
		req.Header.Set("Origin", ts.base)
	}
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
			continue
		}
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := ts.c.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func (ts *testServer) postJSON(path string, v any) (*http.Response, []byte) {
	b, _ := json.Marshal(v)
	return ts.do(http.MethodPost, path, bytes.NewReader(b), map[string]string{"Content-Type": "application/json"})
}

// upload sends files (name → bytes) in one multipart request.
func (ts *testServer) upload(files map[string][]byte, order ...string) (*http.Response, []byte) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if len(order) == 0 {
		for n := range files {
			order = append(order, n)
		}
	}
	for _, n := range order {
		w, _ := mw.CreateFormFile("file", n)
		w.Write(files[n])
	}
	mw.Close()
	return ts.do(http.MethodPost, "/api/files", &b, map[string]string{"Content-Type": mw.FormDataContentType()})
}

func (ts *testServer) uploadSamples() stateView {
	files := map[string][]byte{}
	for _, n := range sampleFiles {
		b, err := os.ReadFile(filepath.Join(samplesDir, n))
		if err != nil {
			ts.t.Fatal(err)
		}
		files[n] = b
	}
	resp, body := ts.upload(files, sampleFiles...)
	if resp.StatusCode != http.StatusOK {
		ts.t.Fatalf("upload: %d %s", resp.StatusCode, body)
	}
	var st stateView
	json.Unmarshal(body, &st)
	return st
}

func (ts *testServer) state() stateView {
	_, body := ts.do(http.MethodGet, "/api/state", nil, nil)
	var st stateView
	if err := json.Unmarshal(body, &st); err != nil {
		ts.t.Fatalf("state: %v: %s", err, body)
	}
	return st
}

// wait polls until the run is done or failed.
func (ts *testServer) wait() *runView {
	for i := 0; i < 6000; i++ {
		st := ts.state()
		if st.Run != nil && (st.Run.Stage == "done" || st.Run.Stage == "failed") && !st.Busy {
			return st.Run
		}
		time.Sleep(10 * time.Millisecond)
	}
	ts.t.Fatal("run did not finish")
	return nil
}

func TestListenLoopbackOnly(t *testing.T) {
	for _, tc := range []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1:0", true},
		{"localhost:0", true},
		{"127.0.0.2:0", true},
		{"0.0.0.0:0", false},
		{":0", false}, // every interface
		{"192.168.1.10:0", false},
		{"example.com:80", false},
		{"[::]:0", false},
		{"127.0.0.1", false},
		{"127.0.0.1:http", false},
	} {
		l, err := Listen(tc.addr)
		if l != nil {
			l.Close()
		}
		if tc.ok && err != nil && !strings.Contains(err.Error(), "cannot assign") {
			t.Errorf("%s: refused: %v", tc.addr, err)
		}
		if !tc.ok && err == nil {
			t.Errorf("%s: accepted", tc.addr)
		}
	}
}

func TestTokenThenCookie(t *testing.T) {
	ts := startTestServer(t, Config{})
	anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(c *http.Client, path string, cookies ...*http.Cookie) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", ts.base+path, nil)
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	for _, path := range []string{"/", "/api/state", "/static/app.js", "/download/audit-2026-11-30.pdf", "/?token=wrong", "/?token=" + ts.s.Token() + "x"} {
		if resp := get(anon, path); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s without the cookie: status %d, want 403", path, resp.StatusCode)
		}
	}
	resp := get(anon, "/?token="+ts.s.Token())
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("token: status %d, Location %q; want 303 to / (token out of the address bar)", resp.StatusCode, resp.Header.Get("Location"))
	}
	sc := resp.Header.Get("Set-Cookie")
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(ts.base, "http://"))
	for _, want := range []string{"auditor_session_" + port + "=", "HttpOnly", "SameSite=Strict", "Path=/"} {
		if !strings.Contains(sc, want) {
			t.Errorf("Set-Cookie %q lacks %s", sc, want)
		}
	}
	if strings.Contains(sc, ts.s.Token()) {
		t.Error("the cookie carries the URL's token; it must be a separate secret")
	}
	session := resp.Cookies()[0]
	if resp := get(anon, "/api/state", session); resp.StatusCode != http.StatusOK {
		t.Errorf("with the cookie: status %d", resp.StatusCode)
	}
	// The token works once: a second browser (no cookie) with the same
	// address, from the history or a process list, is refused.
	if resp := get(anon, "/?token="+ts.s.Token()); resp.StatusCode != http.StatusForbidden || len(resp.Cookies()) != 0 {
		t.Errorf("token used twice: status %d, cookies %v; want 403 and none", resp.StatusCode, resp.Cookies())
	}
	// The browser that has the cookie is let in from its history's
	// address, to the page without the token.
	if resp := get(anon, "/?token="+ts.s.Token(), session); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Errorf("signed-in browser with the used address: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// A cookie with the wrong value, or the right value under another
	// port's name, is refused.
	for _, ck := range []*http.Cookie{{Name: session.Name, Value: strings.Repeat("0", 64)}, {Name: "auditor_session", Value: session.Value}, {Name: "auditor_session_1", Value: session.Value}} {
		if resp := get(anon, "/api/state", ck); resp.StatusCode != http.StatusForbidden {
			t.Errorf("cookie %s=%.8s…: status %d", ck.Name, ck.Value, resp.StatusCode)
		}
	}
}

// Two servers on one computer: signing in to the second leaves the first
// page's cookie alone (one cookie name per port).
func TestTwoServersKeepTheirCookies(t *testing.T) {
	a := newTestServer(t, Config{})
	b := startTestServer(t, Config{})
	b.c.Jar = a.c.Jar // the same browser
	resp, err := b.c.Get(b.s.URL(mustAddr(t, b.base)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, ts := range []*testServer{a, b} {
		if resp, body := ts.do(http.MethodGet, "/api/state", nil, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("%s after both sign-ins: %d %s", ts.base, resp.StatusCode, body)
		}
	}
}

func TestHostChecked(t *testing.T) {
	ts := newTestServer(t, Config{})
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(ts.base, "http://"))
	var session *http.Cookie
	for _, c := range ts.c.Jar.Cookies(&url.URL{Scheme: "http", Host: strings.TrimPrefix(ts.base, "http://")}) {
		session = c
	}
	for host, want := range map[string]int{
		"evil.example:" + port:     http.StatusMisdirectedRequest, // DNS rebinding
		"evil.example":             http.StatusMisdirectedRequest,
		"127.0.0.1:1":              http.StatusMisdirectedRequest, // another port
		"192.168.1.10:" + port:     http.StatusMisdirectedRequest,
		"localhost:" + port:        http.StatusOK,
		"127.0.0.1:" + port:        http.StatusOK,
		"LOCALHOST:" + port:        http.StatusOK,
		"localhost.:" + port:       http.StatusMisdirectedRequest,
		"127.0.0.1.nip.io:" + port: http.StatusMisdirectedRequest,
	} {
		// The cookie as a browser that reached the server under this name
		// would have it, so that only the Host check can refuse.
		resp, body := ts.do(http.MethodGet, "/api/state", nil, map[string]string{"Host": host, "Cookie": session.String()})
		if resp.StatusCode != want {
			t.Errorf("Host %s: status %d %s, want %d", host, resp.StatusCode, body, want)
		}
	}
}

func TestOriginChecked(t *testing.T) {
	ts := newTestServer(t, Config{})
	for origin, want := range map[string]int{
		"http://evil.example":    http.StatusForbidden,
		"null":                   http.StatusForbidden,
		"":                       http.StatusForbidden, // a post must say where it comes from
		"https://" + ts.base[7:]: http.StatusForbidden,
		ts.base + "/x":           http.StatusForbidden,
		ts.base:                  http.StatusOK,
	} {
		resp, body := ts.do(http.MethodPost, "/api/reset", nil, map[string]string{"Origin": origin})
		if resp.StatusCode != want {
			t.Errorf("Origin %q: status %d %s, want %d", origin, resp.StatusCode, body, want)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	ts := newTestServer(t, Config{})
	for _, path := range []string{"/", "/static/app.js", "/api/state"} {
		resp, _ := ts.do(http.MethodGet, path, nil, nil)
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "connect-src 'self'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if resp.Header.Get("Referrer-Policy") != "no-referrer" || resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: missing Referrer-Policy or X-Frame-Options", path)
		}
	}
}

// The page and its files name nothing outside the server.
func TestPageLoadsNothingExternal(t *testing.T) {
	for _, name := range []string{"assets/page.html", "assets/app.js", "assets/app.css"} {
		b, err := assets.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"http://", "https://", "//cdn", "@import", "url(http", "url(//", `url("http`, `url("//`} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
		// Every url() names the server's own /static/.
		for _, m := range regexp.MustCompile(`url\("?([^")]*)`).FindAllSubmatch(b, -1) {
			if !strings.HasPrefix(string(m[1]), "/static/") {
				t.Errorf("%s: url(%s) is not the server's own", name, m[1])
			}
		}
	}
}

func TestPageLanguage(t *testing.T) {
	ts := newTestServer(t, Config{})
	for _, tc := range []struct{ accept, query, want string }{
		{"zh-CN,zh;q=0.9,en;q=0.8", "", "企业微信离职交接审计"},
		{"en-US,en;q=0.9", "", "WeCom offboarding handover audit"},
		{"de-DE", "", "WeCom offboarding handover audit"},
		{"en-US", "?lang=zh", "企业微信离职交接审计"},
	} {
		resp, body := ts.do(http.MethodGet, "/"+tc.query, nil, map[string]string{"Accept-Language": tc.accept})
		if resp.StatusCode != 200 || !bytes.Contains(body, []byte("<h1>"+tc.want+"</h1>")) {
			t.Errorf("Accept-Language %q %s: want %s", tc.accept, tc.query, tc.want)
		}
	}
	// The switch is remembered.
	_, body := ts.do(http.MethodGet, "/", nil, map[string]string{"Accept-Language": "en-US"})
	if !bytes.Contains(body, []byte("企业微信离职交接审计")) {
		t.Error("?lang=zh not remembered")
	}
}

func TestRoutes(t *testing.T) {
	ts := newTestServer(t, Config{})
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{"GET", "/", 200},
		{"GET", "/static/app.js", 200},
		{"GET", "/static/app.css", 200},
		{"GET", "/static/wenkai-regular.ttf", 200},
		{"GET", "/static/wenkai-bold.ttf", 404},
		{"GET", "/static/page.html", 404},
		{"GET", "/static/..%2fserver.go", 404},
		{"GET", "/api/state", 200},
		{"GET", "/api/result", 404},
		{"GET", "/api/check?member=zhangsan", 404},
		{"GET", "/download/audit-2026-11-30.pdf", 404},
		{"POST", "/api/files/1/role", 400},
		{"POST", "/api/files/1/delete", 404},
		{"POST", "/api/reset", 200},
		{"POST", "/api/run", 400},
		{"GET", "/nothing", 404},
		{"DELETE", "/api/state", 405},
	} {
		resp, body := ts.do(tc.method, tc.path, nil, nil)
		if resp.StatusCode != tc.want {
			t.Errorf("%s %s: status %d %s, want %d", tc.method, tc.path, resp.StatusCode, body, tc.want)
		}
	}
}

func TestBadUploads(t *testing.T) {
	ts := newTestServer(t, Config{MaxFileBytes: 64 << 10, MaxFiles: 3})
	// Not multipart.
	resp, _ := ts.do(http.MethodPost, "/api/files", strings.NewReader("x"), map[string]string{"Content-Type": "text/plain"})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("text body: %d", resp.StatusCode)
	}
	// Multipart without a file part.
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("note", "hi")
	mw.Close()
	resp, _ = ts.do(http.MethodPost, "/api/files", &b, map[string]string{"Content-Type": mw.FormDataContentType()})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("no file part: %d", resp.StatusCode)
	}
	// Too large: refused, nothing kept.
	resp, body := ts.upload(map[string][]byte{"big.csv": bytes.Repeat([]byte("a,b\n"), 20<<10)})
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "big.csv") {
		t.Errorf("too large: %d %s", resp.StatusCode, body)
	}
	if n := countFiles(t, ts.s.Dir()); n != 0 {
		t.Errorf("%d files left on disk after a refused upload", n)
	}
	// Too many.
	four := map[string][]byte{}
	for i := range 4 {
		four[fmt.Sprintf("f%d.csv", i)] = []byte(fmt.Sprintf("账号,姓名\nu%d,x\n", i))
	}
	resp, _ = ts.upload(four)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("4 files over a limit of 3: %d", resp.StatusCode)
	}
	if n := countFiles(t, ts.s.Dir()); n != 0 {
		t.Errorf("%d files left on disk after a refused upload", n)
	}
	// A PDF named .xlsx: kept, with the reader's message, and the run says it.
	resp, body = ts.upload(map[string][]byte{"roster.xlsx": []byte("%PDF-1.4\n...")})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("pdf upload: %d %s", resp.StatusCode, body)
	}
	st := ts.state()
	if len(st.Files) != 1 || !strings.Contains(st.Files[0].Error, "roster.xlsx") || !strings.Contains(st.Files[0].Error, "PDF") || strings.Contains(st.Files[0].Error, ts.s.Dir()) {
		t.Errorf("pdf: %+v", st.Files)
	}
	ts.postJSON("/api/files/"+st.Files[0].ID+"/role", map[string]string{"role": "roster"})
	resp, body = ts.postJSON("/api/run", map[string]string{})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "PDF") {
		t.Errorf("run with a PDF roster: %d %s", resp.StatusCode, body)
	}
	// A bad role, an unknown file.
	resp, _ = ts.postJSON("/api/files/"+st.Files[0].ID+"/role", map[string]string{"role": "../../etc"})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad role: %d", resp.StatusCode)
	}
	resp, _ = ts.postJSON("/api/files/999/role", map[string]string{"role": "roster"})
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown file: %d", resp.StatusCode)
	}
}

// The browser's file name is never a path: only its last element, cleaned,
// inside the server's own folder.
func TestUploadNamesAreNotPaths(t *testing.T) {
	ts := newTestServer(t, Config{})
	resp, body := ts.upload(map[string][]byte{
		"../../../../tmp/evil.csv":       []byte("账号,姓名\na,b\n"),
		`C:\Users\hr\Desktop\roster.csv`: []byte("账号,姓名\nc,d\n"),
		"..":                             []byte("账号,姓名\ne,f\n"),
	})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	names := map[string]bool{}
	for _, f := range ts.state().Files {
		names[f.Name] = true
	}
	for _, want := range []string{"evil.csv", "roster.csv", "upload"} {
		if !names[want] {
			t.Errorf("no upload named %q: %v", want, names)
		}
	}
	err := filepath.Walk(ts.s.Dir(), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && !strings.HasPrefix(p, ts.s.Dir()+string(filepath.Separator)) {
			t.Errorf("file outside the private folder: %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(ts.s.Dir()), "evil.csv")); err == nil {
		t.Error("an upload escaped the private folder")
	}
}

// countFiles counts the uploads and reports in dir: the owner file, which
// is there for the server's life, does not count.
func countFiles(t *testing.T, dir string) int {
	n := 0
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && p != filepath.Join(dir, ownerFile) {
			n++
		}
		return nil
	})
	return n
}

func TestPrivateFolder(t *testing.T) {
	ts := newTestServer(t, Config{})
	info, err := os.Stat(ts.s.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o700 && os.PathSeparator == '/' {
		t.Errorf("private folder mode %o, want 700", perm)
	}
	ts.uploadSamples()
	ts.postJSON("/api/run", runRequest{AsOf: "2026-11-30"})
	if r := ts.wait(); r.Stage != "done" {
		t.Fatalf("run: %+v", r)
	}
	runDir := ts.s.run.dir
	if _, err := os.Stat(filepath.Join(runDir, "out", "audit-2026-11-30.pdf")); err != nil {
		t.Fatal(err)
	}
	// Changing the files replaces the run: its reports go.
	st := ts.state()
	ts.postJSON("/api/files/"+st.Files[len(st.Files)-1].ID+"/role", map[string]string{"role": "ignore"})
	if _, err := os.Stat(runDir); !os.IsNotExist(err) {
		t.Errorf("replaced run's folder still there: %v", err)
	}
	resp, _ := ts.do(http.MethodGet, "/download/audit-2026-11-30.pdf", nil, nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("download after the run was replaced: %d", resp.StatusCode)
	}
	// Reset removes the uploads; Close the folder.
	ts.do(http.MethodPost, "/api/reset", nil, nil)
	if n := countFiles(t, ts.s.Dir()); n != 0 {
		t.Errorf("%d files after reset", n)
	}
	ts.s.Close()
	if _, err := os.Stat(ts.s.Dir()); !os.IsNotExist(err) {
		t.Errorf("private folder left after Close: %v", err)
	}
}

// A full run over the sample enterprise: every route that needs a result,
// and downloads that are the pipeline's bytes for the same inputs.
func TestRunSamples(t *testing.T) {
	ts := newTestServer(t, Config{})
	st := ts.uploadSamples()
	want := map[string]string{"roster.xlsx": "roster", "customers.xlsx": "contacts", "external-contacts.csv": "contacts",
		"contact-summary.xlsx": "contacts", "groups.xlsx": "groups", "handover.xlsx": "plan", "profile.yaml": "profile"}
	for _, f := range st.Files {
		if f.Role != want[f.Name] {
			t.Errorf("%s: role %q, want %q", f.Name, f.Role, want[f.Name])
		}
	}
	resp, body := ts.postJSON("/api/run", runRequest{AsOf: "2026-11-30", Lang: "en"})
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("run: %d %s", resp.StatusCode, body)
	}
	if r := ts.wait(); r.Stage != "done" {
		t.Fatalf("run: %+v", r)
	}
	_, body = ts.do(http.MethodGet, "/api/result", nil, map[string]string{"Accept-Language": "en"})
	var rv resultView
	if err := json.Unmarshal(body, &rv); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(rv.Verdict, rv.LevelText+": ") || rv.Level == "" || rv.Level == "ready" || rv.Worst != "critical" || len(rv.Leavers) == 0 || len(rv.Findings) == 0 || len(rv.Plan.Handovers) == 0 {
		t.Errorf("result: verdict %q worst %q, %d leavers, %d findings, %d plan rows", rv.Verdict, rv.Worst, len(rv.Leavers), len(rv.Findings), len(rv.Plan.Handovers))
	}
	if !strings.Contains(rv.Validate, "roster.xlsx") || strings.Contains(rv.Validate, ts.s.Dir()) {
		t.Errorf("validate text names the private folder or not the file:\n%s", rv.Validate)
	}
	// The check of one leaver, and of an unknown userid.
	_, body = ts.do(http.MethodGet, "/api/check?member=wangfang", nil, map[string]string{"Accept-Language": "en"})
	if !strings.Contains(string(body), "receiver-over-cap") {
		t.Errorf("check: %s", body)
	}
	resp, body = ts.do(http.MethodGet, "/api/check?member=wangfan", nil, nil)
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "wangfang") {
		t.Errorf("check unknown: %d %s", resp.StatusCode, body)
	}
	// Downloads: the bytes pipeline writes for the same inputs, named as
	// the page named them (the command line run from the samples folder).
	expect := expectedOutputs(t, "en", strings.Fields(rv.Command[0]))
	if len(rv.Downloads) != len(expect) {
		t.Errorf("downloads %v, want %d", rv.Downloads, len(expect))
	}
	for _, n := range rv.Downloads {
		resp, got := ts.do(http.MethodGet, "/download/"+n, nil, nil)
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: %d %s", n, resp.StatusCode, resp.Header.Get("Content-Disposition"))
		}
		if !bytes.Equal(got, expect[n]) {
			t.Errorf("%s: %d bytes differ from the pipeline's %d", n, len(got), len(expect[n]))
		}
	}
	resp, _ = ts.do(http.MethodGet, "/download/..%2f..%2fetc%2fpasswd", nil, nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("download of a path: %d", resp.StatusCode)
	}
}

// expectedOutputs runs the pipeline over the samples as the command line
// does from the samples folder.
func expectedOutputs(t *testing.T, lang string, commandLine []string) map[string][]byte {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir(samplesDir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	sess, err := pipeline.Read(pipeline.Files{Roster: "roster.xlsx", Contacts: []string{"customers.xlsx", "external-contacts.csv", "contact-summary.xlsx"},
		Groups: "groups.xlsx", Plan: "handover.xlsx", Profile: "profile.yaml"}, pipeline.Options{AsOf: today()})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sess.Audit("test")
	if err != nil {
		t.Fatal(err)
	}
	ws, _ := report.ParseFormats("xlsx,pdf,json")
	opt := report.Options{Lang: lang}
	if err := sess.Trail(&opt, commandLine, testGenerated); err != nil {
		t.Fatal(err)
	}
	outs := pipeline.ReportOutputs(res, ws, opt)
	p, err := sess.Plan(0, nil, "test")
	if err != nil {
		t.Fatal(err)
	}
	outs = append(outs, pipeline.PlanOutputs(p, sess.AsOf, lang)...)
	m := map[string][]byte{}
	for _, o := range outs {
		var b bytes.Buffer
		if err := o.Write(&b); err != nil {
			t.Fatal(err)
		}
		m[o.Name] = b.Bytes()
	}
	return m
}

// One run at a time: a second start, an upload or a role change while one
// runs is refused with 409, and checks of a finished run may run side by
// side.
func TestConcurrentRuns(t *testing.T) {
	ts := newTestServer(t, Config{})
	ts.uploadSamples()
	var wg sync.WaitGroup
	codes := make([]int, 6)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, _ := ts.postJSON("/api/run", runRequest{AsOf: "2026-11-30"})
			codes[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	started := 0
	for _, c := range codes {
		switch c {
		case http.StatusAccepted:
			started++
		case http.StatusConflict:
		default:
			t.Errorf("status %d", c)
		}
	}
	if started < 1 {
		t.Fatal("no run started")
	}
	// While one runs (or after), the state is consistent and the run ends.
	if r := ts.wait(); r.Stage != "done" {
		t.Fatalf("run: %+v", r)
	}
	var cw sync.WaitGroup
	for _, m := range []string{"wangfang", "zhangsan", "liqiang", "zhaolei", "wangfang"} {
		cw.Add(1)
		go func() {
			defer cw.Done()
			resp, body := ts.do(http.MethodGet, "/api/check?member="+url.QueryEscape(m), nil, nil)
			if resp.StatusCode != 200 {
				t.Errorf("check %s: %d %s", m, resp.StatusCode, body)
			}
		}()
	}
	cw.Wait()
}

// While a run is in progress, nothing about its files may change.
func TestBusyRefusesChanges(t *testing.T) {
	ts := newTestServer(t, Config{})
	ts.uploadSamples()
	ts.s.mu.Lock()
	ts.s.busy = true // as while a run reads its files
	ts.s.mu.Unlock()
	for _, tc := range []func() (*http.Response, []byte){
		func() (*http.Response, []byte) { return ts.postJSON("/api/run", runRequest{}) },
		func() (*http.Response, []byte) { return ts.upload(map[string][]byte{"x.csv": []byte("a\n")}) },
		func() (*http.Response, []byte) {
			return ts.postJSON("/api/files/1/role", map[string]string{"role": "ignore"})
		},
		func() (*http.Response, []byte) { return ts.do(http.MethodPost, "/api/files/1/delete", nil, nil) },
		func() (*http.Response, []byte) { return ts.do(http.MethodPost, "/api/reset", nil, nil) },
	} {
		if resp, body := tc(); resp.StatusCode != http.StatusConflict {
			t.Errorf("while busy: %d %s", resp.StatusCode, body)
		}
	}
	ts.s.mu.Lock()
	ts.s.busy = false
	ts.s.mu.Unlock()
}

func TestRunForm(t *testing.T) {
	ts := newTestServer(t, Config{})
	ts.uploadSamples()
	st := ts.state()
	// Without the profile file, the form's fields make profile.yaml.
	for _, f := range st.Files {
		if f.Role == "profile" {
			ts.postJSON("/api/files/"+f.ID+"/role", map[string]string{"role": "ignore"})
		}
	}
	for _, tc := range []struct {
		req  runRequest
		code int
		want string
	}{
		{runRequest{AsOf: "2026-13-01"}, 400, "YYYY-MM-DD"},
		{runRequest{Period: "2026/11"}, 400, "YYYY-MM"},
		{runRequest{Lang: "fr"}, 400, ""},
	} {
		resp, body := ts.postJSON("/api/run", tc.req)
		if resp.StatusCode != tc.code || !strings.Contains(string(body), tc.want) {
			t.Errorf("%+v: %d %s", tc.req, resp.StatusCode, body)
		}
	}
	resp, body := ts.postJSON("/api/run", runRequest{AsOf: "2026-11-30", Company: `示例 "公司"`, Verified: "true", DailyActiveUsers: "abc"})
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if r := ts.wait(); r.Stage != "failed" || !strings.Contains(r.Error, "profile.yaml") || !strings.Contains(r.Error, "daily_active_users") {
		t.Errorf("bad daily users: %+v", r)
	}
	ts.postJSON("/api/run", runRequest{AsOf: "2026-11-30", Company: `示例 "公司"`, Verified: "true", DailyActiveUsers: "80", EnterpriseCap: "100000"})
	if r := ts.wait(); r.Stage != "done" {
		t.Fatalf("run: %+v", r)
	}
	_, body = ts.do(http.MethodGet, "/api/result", nil, nil)
	var rv resultView
	json.Unmarshal(body, &rv)
	if rv.Company != `示例 "公司"` {
		t.Errorf("company %q", rv.Company)
	}
	found := false
	for _, n := range rv.Downloads {
		found = found || n == "profile.yaml"
	}
	if !found || !strings.Contains(strings.Join(rv.Command, " "), "--profile profile.yaml") {
		t.Errorf("profile.yaml not offered: %v %v", rv.Downloads, rv.Command)
	}
	// Without roster or contacts the run says what is missing.
	for _, f := range ts.state().Files {
		ts.postJSON("/api/files/"+f.ID+"/role", map[string]string{"role": "ignore"})
	}
	resp, body = ts.postJSON("/api/run", runRequest{})
	if resp.StatusCode != 400 || !strings.Contains(string(body), "roster") {
		t.Errorf("no roster: %d %s", resp.StatusCode, body)
	}
}

func TestSafeName(t *testing.T) {
	long := strings.Repeat("名", 100) + ".xlsx" // 305 bytes
	for in, want := range map[string]string{
		"roster.xlsx":                       "roster.xlsx",
		"../../etc/passwd":                  "passwd",
		`C:\Users\hr\通讯录.xlsx`:              "通讯录.xlsx",
		"..":                                "upload",
		".hidden":                           "hidden",
		"a\x00b\x1f.csv":                    "a_b_.csv",
		"":                                  "upload",
		long:                                strings.Repeat("名", 83) + ".xlsx", // 249 + 5 bytes
		strings.Repeat("a", 300):            strings.Repeat("a", 255),
		strings.Repeat("ab", 126) + "é.csv": strings.Repeat("ab", 125) + "a.csv", // é would be cut in two
		"CON":                               "_CON",
		"con.txt":                           "_con.txt",
		"NUL.csv":                           "_NUL.csv",
		"nul.tar.gz":                        "_nul.tar.gz",
		"AUX":                               "_AUX",
		"PRN.xlsx":                          "_PRN.xlsx",
		"COM1.csv":                          "_COM1.csv",
		"lpt9":                              "_lpt9",
		"COM¹.csv":                          "_COM¹.csv",
		"COM0.csv":                          "COM0.csv",
		"CONSOLE.csv":                       "CONSOLE.csv",
		"x.csv.":                            "x.csv",
		"x.csv . .":                         "x.csv",
		"roster.xlsx   ":                    "roster.xlsx",
		"...":                               "upload",
	} {
		got := safeName(in)
		if got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
		if len(got) > 255 || !utf8.ValidString(got) {
			t.Errorf("safeName(%q) = %q: %d bytes, valid UTF-8 %v", in, got, len(got), utf8.ValidString(got))
		}
	}
}

func TestAcceptLang(t *testing.T) {
	for h, want := range map[string]string{
		"zh-CN,zh;q=0.9": "zh", "zh-TW": "zh", "en-GB,zh;q=0.5": "en", "zh;q=0.9,en;q=0.1": "zh", "": "en", "fr-FR": "en", "garbage;;": "en",
	} {
		if got := acceptLang(h); got != want {
			t.Errorf("acceptLang(%q) = %s, want %s", h, got, want)
		}
	}
}
