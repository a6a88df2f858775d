package serve

import (
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/catalog"
)

// TestAnswersInPageLanguage: the refusals before the page (421, 403) and
// the form's errors are in the asking page's language, Chinese or English.
func TestAnswersInPageLanguage(t *testing.T) {
	ts := newTestServer(t, Config{})
	ts.uploadSamples()
	for _, tc := range []struct {
		name, method, path, body string
		fresh                    bool // before sign-in
		hdr                      map[string]string
		code                     int
		want                     map[string]string // lang → a phrase of the answer
	}{
		{"bad host", http.MethodGet, "/api/state", "", false, map[string]string{"Host": "evil.example"}, http.StatusMisdirectedRequest,
			map[string]string{"zh": "本服务只响应", "en": "this server answers only to"}},
		{"other site", http.MethodPost, "/api/reset", "", false, map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden,
			map[string]string{"zh": "拒绝来自其他网站的请求", "en": "request from another site refused"}},
		{"wrong token", http.MethodGet, "/?token=nope", "", true, nil, http.StatusForbidden,
			map[string]string{"zh": "地址中的令牌不对", "en": "wrong token"}},
		{"not signed in", http.MethodGet, "/api/state", "", true, nil, http.StatusForbidden,
			map[string]string{"zh": "尚未登录", "en": "not signed in"}},
		{"as-of", http.MethodPost, "/api/run", `{"as_of":"2026-13-01"}`, false, map[string]string{"Content-Type": "application/json"}, http.StatusBadRequest,
			map[string]string{"zh": "审计日期 2026-13-01 无效", "en": "As-of date 2026-13-01: want YYYY-MM-DD"}},
		{"member", http.MethodGet, "/api/check?member=", "", false, nil, http.StatusNotFound,
			map[string]string{"zh": "还没有审计结果", "en": "No audit result yet"}},
	} {
		for lang, want := range tc.want {
			t.Run(tc.name+"/"+lang, func(t *testing.T) {
				hdr := map[string]string{"Accept-Language": map[string]string{"zh": "zh-CN,zh;q=0.9", "en": "en-US"}[lang]}
				for k, v := range tc.hdr {
					hdr[k] = v
				}
				on := ts
				if tc.fresh {
					on = startTestServer(t, Config{})
				}
				resp, body := on.do(tc.method, tc.path, strings.NewReader(tc.body), hdr)
				if resp.StatusCode != tc.code || !strings.Contains(string(body), want) {
					t.Errorf("status %d %q, want %d and %q", resp.StatusCode, body, tc.code, want)
				}
			})
		}
	}
}

// pageKey finds a page message asked for by key: s.msg(r, "key"),
// s.msgf(r, "key", …), tr("key", …) in Go; T.key, T["key"] in the script
// and the page's template.
var pageKey = regexp.MustCompile(`(?:msgf?\(r, "|tr\("|\bT\.|T\[")([a-z_]+)`)

// TestPageKeysExist: every page message the server or the page's script
// asks for is in the catalogue (page.<key>), so no raw key reaches HR.
func TestPageKeysExist(t *testing.T) {
	for _, src := range []string{"files.go", "run.go", "server.go", "result.go", "page.go", "texts.go", "assets/app.js", "assets/page.html"} {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range pageKey.FindAllStringSubmatch(string(b), -1) {
			key := m[1]
			if strings.HasSuffix(key, "_") {
				continue // a prefix completed at run time (role_, stage_, flag_, field_)
			}
			if !catalog.Has("page." + key) {
				t.Errorf("%s asks for %q, which catalog/page.yaml lacks", src, key)
			}
		}
	}
	// The prefixes completed at run time, with every value they take.
	for _, k := range []string{"role_roster", "role_contacts", "role_groups", "role_plan", "role_profile", "role_ignore",
		"stage_reading", "stage_auditing", "stage_writing", "stage_planning", "stage_failed", "stage_cancelled",
		"flag_overdue", "flag_unknown_date"} {
		if !catalog.Has("page." + k) {
			t.Errorf("page.%s missing", k)
		}
	}
}

// TestRunFailureInPageLanguage: a run stopped by a bad profile form says
// why in the asking page's language, naming the profile's line either way.
func TestRunFailureInPageLanguage(t *testing.T) {
	ts := newTestServer(t, Config{})
	ts.uploadSamples()
	for _, f := range ts.state().Files {
		if f.Role == "profile" {
			ts.postJSON("/api/files/"+f.ID+"/role", map[string]string{"role": "ignore"})
		}
	}
	resp, body := ts.postJSON("/api/run", runRequest{AsOf: "2026-11-30", DailyActiveUsers: "abc"})
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	ts.wait()
	for lang, want := range map[string][]string{
		"zh": {"profile.yaml", "第 2 行", "daily_active_users"},
		"en": {"profile.yaml", "line 2", "daily_active_users"},
	} {
		_, body := ts.do(http.MethodGet, "/api/state?lang="+lang, nil, nil)
		var st stateView
		if err := json.Unmarshal(body, &st); err != nil || st.Run == nil {
			t.Fatalf("%s: state %v %s", lang, err, body)
		}
		for _, w := range want {
			if !strings.Contains(st.Run.Error, w) {
				t.Errorf("%s: run error %q lacks %q", lang, st.Run.Error, w)
			}
		}
	}
}
