package serve

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/wecom-audit/auditor/report"
)

// -screenshots rewrites docs/serve-en.png and docs/serve-zh.png from the
// browser test.
var screenshots = flag.Bool("screenshots", false, "write the page's screenshots to ../docs")

// findBrowser is Debian's chromium (what .ci/run installs), or another
// Chromium-based browser on PATH, or $AUDITOR_CHROME.
func findBrowser() string {
	if p := os.Getenv("AUDITOR_CHROME"); p != "" {
		return p
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowser drives the page in headless Chromium as HR would use it:
// pick the sample exports, check the roles, run, read the verdict and the
// action table, download the PDF, and compare it with the bytes the
// command line writes for the command the page shows.
func TestBrowser(t *testing.T) {
	chrome := findBrowser()
	if chrome == "" {
		t.Skip("no Chromium found (apt-get install chromium, or set AUDITOR_CHROME)")
	}
	if testing.Short() {
		t.Skip("-short")
	}
	// The command line's binary, and its version for the server, so that
	// the documents name the same tool.
	bin := buildCLI(t)
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	ver := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(string(out)), "auditor version"))
	ts := startTestServer(t, Config{ToolVersion: ver})

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.WindowSize(1280, 1000),
		// Root in CI: Chromium's sandbox needs an unprivileged user.
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		// No network beyond loopback on CI machines: nothing to phone home to.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.Flag("accept-lang", "en-US,en"),
		// Under -race on a busy two-core CI machine Chromium can take
		// longer than the default 20 s to say where it listens.
		chromedp.WSURLReadTimeout(90*time.Second),
	)
	// Start Chromium here, before anything is checked: chromedp starts a
	// browser on the first action when the context has none, so after a
	// failed start any later action would start a second one, and both
	// close the same channel when they exit (a panic in chromedp's
	// goroutine). Chromium has died as it started on a loaded machine (a
	// crash report and no socket, once in a whole `go test ./...`): it is
	// started again, in a fresh profile, up to three times. Only the start
	// is tried again; what the test checks comes after.
	var ctx context.Context
	for attempt := 1; ; attempt++ {
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(opts, chromedp.UserDataDir(t.TempDir()))...)
		bctx, cancelBrowser := chromedp.NewContext(actx)
		tctx, cancelTimeout := context.WithTimeout(bctx, 3*time.Minute)
		err := chromedp.Do(tctx)
		if err == nil {
			ctx = tctx
			defer cancelAlloc()
			defer cancelBrowser()
			defer cancelTimeout()
			break
		}
		cancelTimeout()
		cancelBrowser()
		cancelAlloc()
		if attempt == 3 {
			t.Fatalf("start Chromium: %v", err)
		}
		t.Logf("start Chromium, attempt %d: %v; starting it again", attempt, err)
	}
	dl := t.TempDir()
	// Subscribed before anything runs: the session buffers from here on.
	progress := chromedp.Events(ctx, browser.DownloadProgress)

	var paths []string
	for _, n := range sampleFiles {
		p, err := filepath.Abs(filepath.Join(samplesDir, n))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	// The browser is opened as the command opens it: on the file that
	// forwards to the address, so the token is on no command line.
	opener, err := ts.s.OpenerFile(mustAddr(t, ts.base))
	if err != nil {
		t.Fatal(err)
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return v
	}
	eval := func(js string) int {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	if err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dl, EventsEnabled: ptr(true),
			})
			return err
		}),
		// The address the opener forwards to. (chromedp loses the page when
		// a file:// page forwards to http://, a change of renderer; the
		// forwarding itself is plain HTML, TestOpenerFile checks it.)
		chromedp.Navigate(openerTarget(t, opener)),
		chromedp.WaitReady(chromedp.ID("file-input")),
		chromedp.SetUploadFiles(chromedp.ID("file-input"), paths),
		chromedp.WaitVisible(chromedp.CSS(`#files tbody tr:nth-child(7)`)),
	); err != nil {
		t.Fatal(err)
	}
	if loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`)); err != nil || loc != ts.base+"/" {
		t.Errorf("after the opener: at %q (%v), want %s/ without the token", loc, err, ts.base)
	}
	// The token is spent: this test's own client, "another tab" below,
	// is given the browser's cookie as a second tab would share it.
	ts.c.Jar.SetCookies(mustURL(t, ts.base), []*http.Cookie{{Name: ts.s.cookie, Value: ts.s.session}})
	if resp, _ := ts.do(http.MethodGet, "/?token="+ts.s.Token(), nil, map[string]string{"Cookie": ""}); resp.StatusCode != http.StatusOK {
		t.Errorf("token again, in the signed-in browser: %d", resp.StatusCode)
	}
	roles, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("#files tbody tr")).map(r => r.dataset.role).join(",")`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "roster,contacts,contacts,contacts,groups,plan,profile"; roles != want {
		t.Errorf("roles %s, want %s", roles, want)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("report-lang"), "en"),
		chromedp.Click(chromedp.ID("run")),
		chromedp.WaitVisible(chromedp.ID("result")),
	); err != nil {
		t.Fatal(err)
	}
	res := ts.s.finished().res
	if v, want := text("#verdict-text"), report.Verdict(res, "en"); v != want {
		t.Errorf("verdict %q, want the reports' %q", v, want)
	}
	// The verdict is scrolled into view after the run.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const b = document.getElementById("verdict").getBoundingClientRect(); return b.top >= 0 && b.bottom <= innerHeight; })()`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("verdict not in view after the run: %v", err)
	}
	// At 1280 px nothing is cut off: no sideways scrolling, and every
	// row's last cell (the Check button) inside the window.
	if n := eval(`document.documentElement.scrollWidth - innerWidth`); n > 0 {
		t.Errorf("page is %d px wider than the 1280 px window", n)
	}
	if n := eval(`Math.max(...Array.from(document.querySelectorAll("#actions tr > :last-child, #actions button")).map(e => Math.ceil(e.getBoundingClientRect().right))) - innerWidth`); n > 0 {
		t.Errorf("leaver table's last column ends %d px past the window", n)
	}
	// Twelve leavers fit on one page: no pager.
	if n := eval(`document.getElementById("leaver-pages").offsetParent === null ? 0 : 1`); n != 0 {
		t.Error("a pager is shown for a one-page table")
	}
	// Most urgent first: the samples' expired handover is row 1, flagged.
	if f, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#actions tbody tr").dataset.flag`)); err != nil || f != "overdue" {
		t.Errorf("first leaver's flag %q (%v), want overdue", f, err)
	}
	// Search narrows the table; sorting by customers puts the most first.
	eval(`(() => { const s = document.getElementById("leaver-search"); s.value = "zhangsan"; s.dispatchEvent(new Event("input")); return 0; })()`)
	if n := eval(`document.querySelectorAll("#actions tbody tr").length`); n != 1 {
		t.Errorf("search zhangsan: %d rows", n)
	}
	eval(`(() => { const s = document.getElementById("leaver-search"); s.value = ""; s.dispatchEvent(new Event("input")); return 0; })()`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#actions th[data-sort=customers]`))); err != nil {
		t.Fatal(err)
	}
	if ok := eval(`(() => { const v = Array.from(document.querySelectorAll("#actions tbody tr td:nth-child(5) div:first-child")).map(d => Number(d.textContent.replace(/,/g, ""))); return v.every((x, i) => i === 0 || v[i-1] >= x) && v.length > 1 ? 1 : 0; })()`); ok != 1 {
		t.Errorf("sort by customers: not descending: %s", text("#actions tbody"))
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#actions th[data-sort=urgency]`))); err != nil {
		t.Fatal(err)
	}
	if n := eval(`document.querySelectorAll("#actions tbody tr").length`); n != len(res.Departing) || n == 0 {
		t.Errorf("action table has %d rows, want one per leaver (%d)", n, len(res.Departing))
	}
	// zhangsan's plain external contacts are lost: the row says so.
	if row := text(`#actions tr[data-userid="zhangsan"]`); !strings.Contains(row, "external-contacts-lost") || !strings.Contains(row, "312") {
		t.Errorf("zhangsan's row: %q", row)
	}
	// The capacity forecast: the samples' add times are too few, so the
	// enterprise is unknown with the reports' reason, and every receiver of
	// a planned handover has a row, unknown too.
	if ent, why := text("#cap-enterprise"), report.CapacityUnknown(res.Capacity.Enterprise, "en"); !strings.Contains(ent, why) || !strings.Contains(ent, "49,805 / 50,000") {
		t.Errorf("capacity enterprise %q, want %q", ent, why)
	}
	if n := eval(`document.querySelectorAll("#cap-members tbody tr").length`); n != len(res.Capacity.Receivers) || n == 0 {
		t.Errorf("capacity table has %d rows, want one per receiver (%d)", n, len(res.Capacity.Receivers))
	}
	if n := eval(`document.querySelectorAll("#cap-members .flag.unknown").length`); n != len(res.Capacity.Receivers) {
		t.Errorf("%d receivers flagged unknown, want %d", n, len(res.Capacity.Receivers))
	}
	// The severity filter leaves only the critical findings.
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("filter-sev"), "critical")); err != nil {
		t.Fatal(err)
	}
	eval(`document.getElementById("filter-sev").dispatchEvent(new Event("change")), 0`)
	shown := eval(`document.querySelectorAll("#findings tbody tr").length`)
	crit := eval(`document.querySelectorAll("#findings tbody tr[data-severity=critical]").length`)
	if shown == 0 || shown != crit || shown != res.Summary.Critical {
		t.Errorf("critical filter: %d rows, %d critical, want %d", shown, crit, res.Summary.Critical)
	}
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("filter-sev"), "")); err != nil {
		t.Fatal(err)
	}
	eval(`document.getElementById("filter-sev").dispatchEvent(new Event("change")), 0`)
	// One leaver's check, from the table's button.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#actions tr[data-userid="wangfang"] button`)),
		chromedp.WaitVisible(chromedp.ID("check-out")),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("check-out").textContent.includes("receiver-over-cap")`)); err != nil {
		t.Errorf("check: %v: %q", err, text("#check-out"))
	}
	if *screenshots {
		shoot(t, ctx, "../docs/serve-en.png")
	}

	// The PDF, downloaded by the browser.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#downloads a[data-name="audit-2026-11-30.pdf"]`))); err != nil {
		t.Fatal(err)
	}
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			break
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("download canceled")
		}
	}
	got, err := os.ReadFile(filepath.Join(dl, "audit-2026-11-30.pdf"))
	if err != nil {
		t.Fatal(err)
	}

	// The command line's bytes for the command the page shows, run from
	// the samples folder.
	want := cliPDF(t, bin, text("#command"))
	if !bytes.Equal(got, want) {
		t.Fatalf("downloaded PDF (%d bytes) differs from the CLI's (%d bytes)", len(got), len(want))
	}
	t.Logf("downloaded PDF equals the CLI's: %d bytes", len(got))

	// The page in Chinese, with the same result.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("lang-switch")),
		chromedp.WaitVisible(chromedp.ID("result")),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("verdict-text").textContent === `+strconv.Quote(report.Verdict(res, "zh")))); err != nil {
		t.Errorf("zh verdict: %v: %q", err, text("#verdict-text"))
	}
	if *screenshots {
		shoot(t, ctx, "../docs/serve-zh.png")
	}

	// Another tab adds a file (an empty one): this page's result is then
	// stale, says so, offers no download, and refreshes on request.
	if resp, body := ts.upload(map[string][]byte{"empty.csv": nil}); resp.StatusCode != http.StatusOK {
		t.Fatalf("other tab's upload: %d %s", resp.StatusCode, body)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("stale"))); err != nil {
		t.Fatalf("stale result not flagged: %v", err)
	}
	if n := eval(`document.querySelectorAll("#downloads a[href]").length`); n != 0 {
		t.Errorf("%d downloads still offered on a stale result", n)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("refresh")), chromedp.WaitVisible(chromedp.CSS(`#files tbody tr:nth-child(8)`))); err != nil {
		t.Fatal(err)
	}
	if vis := eval(`document.getElementById("result").hidden || document.getElementById("stale").hidden ? 1 : 0`); vis != 1 {
		t.Error("after refresh the stale result is still shown")
	}
	// A 0-byte file is 0 B, not 1 KB.
	if row := text(`#files tbody tr:nth-child(8)`); !strings.Contains(row, "empty.csv") || !strings.Contains(row, "0 B") {
		t.Errorf("empty file's row %q, want 0 B", row)
	}

	// A run over a large export is cancelled from the page.
	var big strings.Builder
	big.WriteString("添加人账号,客户ID\n")
	for i := 0; i < 1_500_000; i++ {
		fmt.Fprintf(&big, "u%d,wm%08d\n", i%50, i)
	}
	if resp, body := ts.upload(map[string][]byte{"big.csv": []byte(big.String())}); resp.StatusCode != http.StatusOK {
		t.Fatalf("big upload: %d %s", resp.StatusCode, body)
	}
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#files tbody tr:nth-child(9)`)),
		chromedp.Click(chromedp.ID("run")), chromedp.WaitVisible(chromedp.ID("cancel")), chromedp.Click(chromedp.ID("cancel"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("run-error").textContent === `+strconv.Quote(tr("stage_cancelled", "zh")))); err != nil {
		t.Errorf("cancel: %v: %q", err, text("#run-error"))
	}
	st := ts.state()
	if st.Busy || st.Run == nil || st.Run.Stage != "cancelled" {
		t.Errorf("after Cancel: busy %v run %+v", st.Busy, st.Run)
	}

	// 450 leavers: the table is paged, 100 rows a page.
	for _, f := range st.Files {
		switch f.Name {
		case "big.csv", "roster.xlsx", "handover.xlsx", "empty.csv":
			ts.do(http.MethodPost, "/api/files/"+f.ID+"/delete", nil, nil)
		}
	}
	var roster strings.Builder
	roster.WriteString("账号,姓名,状态,离职日期\n")
	for i := 0; i < 450; i++ {
		fmt.Fprintf(&roster, "m%03d,成员%d,离职,2026-%02d-%02d\n", i, i, 10+i%2, 1+i%28)
	}
	if resp, body := ts.upload(map[string][]byte{"big-roster.csv": []byte(roster.String())}); resp.StatusCode != http.StatusOK {
		t.Fatalf("roster upload: %d %s", resp.StatusCode, body)
	}
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#files tbody tr`)),
		chromedp.Click(chromedp.ID("run")), chromedp.WaitVisible(chromedp.ID("result"))); err != nil {
		t.Fatal(err)
	}
	if n := eval(`document.querySelectorAll("#actions tbody tr").length`); n != 100 {
		t.Errorf("first page: %d rows, want 100", n)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("page-next"))); err != nil {
		t.Fatal(err)
	}
	if p := text("#page-text"); !strings.Contains(p, "2") || !strings.Contains(p, "5") {
		t.Errorf("pager after Next: %q, want page 2 of 5", p)
	}
	if n := eval(`document.documentElement.scrollWidth - innerWidth`); n > 0 {
		t.Errorf("paged table: page is %d px wider than the window", n)
	}
}

// openerTarget is the address the opener file forwards to.
func openerTarget(t *testing.T, p string) string {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), `content="0;url=`)
	u, _, ok2 := strings.Cut(rest, `"`)
	if !ok || !ok2 {
		t.Fatalf("opener without a forward: %s", b)
	}
	return html.UnescapeString(u)
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func ptr[T any](v T) *T { return &v }

func mustAddr(t *testing.T, base string) net.Addr {
	a, err := net.ResolveTCPAddr("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func shoot(t *testing.T, ctx context.Context, path string) {
	// Wait for the embedded web font, so that the picture shows the page
	// as HR sees it.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.fonts.load("16px auditor-wenkai", "中文").then(() => document.fonts.ready).then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("fonts: %v", err)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// cliPDF runs the page's audit command as it stands, in a copy of the
// samples folder, with the generation time the test server uses
// (SOURCE_DATE_EPOCH), and returns the PDF it writes.
func cliPDF(t *testing.T, bin, command string) []byte {
	t.Helper()
	line := strings.SplitN(command, "\n", 2)[0]
	args := strings.Fields(line)
	if len(args) < 2 || args[0] != "auditor" || args[1] != "audit" {
		t.Fatalf("page's command %q", line)
	}
	dir := t.TempDir()
	entries, err := os.ReadDir(samplesDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(samplesDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), fmt.Sprintf("SOURCE_DATE_EPOCH=%d", testGenerated.Unix()))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", line, err, b)
	}
	b, err := os.ReadFile(filepath.Join(dir, "auditor-report", "audit-2026-11-30.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func buildCLI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "auditor")
	build := exec.Command("go", "build", "-o", bin, "../cmd/auditor")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
