package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/pull/wecomtest"
	"github.com/wecom-audit/auditor/rules"
)

// TestFatalErrorsInUsersLanguage: with --lang zh, or --lang auto on a
// Chinese locale, a fatal error is said in Chinese and still names the file
// and the row; with --lang en, or no Chinese locale, in English. Bad input
// exits 2 either way.
func TestFatalErrorsInUsersLanguage(t *testing.T) {
	dir := t.TempDir()
	outcomes := filepath.Join(dir, "f.csv")
	if err := os.WriteFile(outcomes, []byte("客户ID,原跟进成员,接替状态\nwm1,wangfang,接替完毕\nwm2,wangfang,已转走\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	profile := filepath.Join(dir, "profile.yaml")
	if err := os.WriteFile(profile, []byte("company: x\nverified: maybe\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	reconcileArgs := func(lang ...string) []string {
		return append([]string{"reconcile"}, sample(append([]string{"--outcomes", outcomes, "--out", filepath.Join(dir, "out"), "--quiet"}, lang...)...)...)
	}
	for _, tc := range []struct {
		name   string
		locale string
		args   []string
		want   []string // every one in stderr
	}{
		{"bad outcome sheet, --lang zh", "C", reconcileArgs("--lang", "zh"), []string{"f.csv", "第 3 行", "接替状态"}},
		{"bad outcome sheet, --lang en", "zh_CN.UTF-8", reconcileArgs("--lang", "en"), []string{"f.csv, row 3, column 接替状态"}},
		{"bad outcome sheet, auto on a Chinese locale", "zh_CN.UTF-8", reconcileArgs(), []string{"f.csv", "第 3 行"}},
		{"bad outcome sheet, auto elsewhere", "en_US.UTF-8", reconcileArgs("--lang=auto"), []string{"f.csv, row 3"}},
		{"no inputs, --lang zh", "C", []string{"audit", "--lang", "zh"}, []string{"缺少通讯录（--roster）和客户联系导出（--contacts）"}},
		{"no inputs, --lang en", "C", []string{"audit", "--lang", "en"}, []string{"no roster (通讯录, --roster) and no contact export"}},
		{"misspelt flag, --lang zh", "C", []string{"audit", "--lang", "zh", "--rooster", "x"}, []string{"未知的参数 --rooster；是不是 --roster？"}},
		{"no such file, Chinese locale", "zh_CN.UTF-8", []string{"validate", filepath.Join(dir, "nothing.xlsx")}, []string{"nothing.xlsx：文件或文件夹不存在"}},
		{"unknown member, --lang zh", "C", append([]string{"check"}, sample("--member", "nobody", "--lang", "zh")...), []string{"中没有成员 \"nobody\""}},
		{"bad profile, --lang zh", "C", append([]string{"audit"}, append(sample("--lang", "zh", "--out", filepath.Join(dir, "out2")), "--profile", profile)...), []string{"profile.yaml", "第 2 行"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("LC_ALL", tc.locale)
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", "")
			code, _, stderr := runCLI(t, tc.args...)
			if code != exitUnusable {
				t.Errorf("exit %d, want %d; stderr %q", code, exitUnusable, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q lacks %q", stderr, w)
				}
			}
		})
	}
}

// TestInputErrorsSayNoOtherLanguage runs bad inputs of every reader (the
// profile, campaigns, outcome files, the xlsx reader's bounds, verify, the
// flags) with --lang zh and --lang en: exit status 2, the message in that
// language with its file and line or column, and no sentence of the other
// language (the input's own words aside: its file names, keys and values).
func TestInputErrorsSayNoOtherLanguage(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	out := filepath.Join(dir, "out")
	withProfile := func(name, yaml string) []string {
		return append([]string{"audit"}, sample("--quiet", "--out", out, "--profile", write(name, []byte(yaml)))...)
	}
	outcomes := func(paths ...string) []string {
		args := []string{"--quiet", "--out", out}
		for _, p := range paths {
			args = append(args, "--outcomes", p)
		}
		return append([]string{"reconcile"}, sample(args...)...)
	}
	sheet := "客户ID,原跟进成员,接替状态\nwm1,wangfang,接替完毕\n"
	if err := os.MkdirAll(filepath.Join(dir, "no-outcomes"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("no-reports/readme.txt", []byte("x"))
	write("not-a-report/audit-2026-11-30.json", []byte("{}"))

	for _, tc := range []struct {
		name  string
		args  []string
		zh    []string // every one in stderr with --lang zh
		en    []string // and with --lang en
		input []string // the input's own words, which may be in either language
	}{
		{"profile: unknown key", withProfile("key.yaml", "company: x\nfoo: 1\n"),
			[]string{"key.yaml，第 2 行：未知的键 \"foo\"；企业信息文件的键为 company"},
			[]string{"key.yaml, line 2: unknown key \"foo\"; the profile's keys are company"}, nil},
		{"profile: value out of range", withProfile("ratio.yaml", "company: x\nnear_cap_ratio: 2\n"),
			[]string{"ratio.yaml，第 2 行：near_cap_ratio 应为大于 0 且不超过 1 的数（如 0.9），而不是 \"2\""},
			[]string{"ratio.yaml, line 2: near_cap_ratio must be a number above 0 and at most 1, such as 0.9, not \"2\""}, nil},
		{"profile: lead time", withProfile("lead.yaml", "expansion_lead_days: 500\n"),
			[]string{"lead.yaml，第 1 行：expansion_lead_days 应为 1 到 120 之间的工作日天数"},
			[]string{"lead.yaml, line 1: expansion_lead_days must be a whole number of working days from 1 to 120"}, nil},
		{"profile: two documents", withProfile("docs.yaml", "company: x\n---\ncompany: y\n"),
			[]string{"docs.yaml，第 2 行：包含多个 YAML 文档"},
			[]string{"docs.yaml, line 2: holds more than one YAML document"}, nil},
		{"profile: campaign", withProfile("campaign.yaml", "campaigns: [\"2027-01-15\"]\n"),
			[]string{"campaign.yaml，第 1 行：计划活动 \"2027-01-15\"：应写作 日期:+客户数"},
			[]string{"campaign.yaml, line 1: campaign \"2027-01-15\": want DATE:+CUSTOMERS"}, nil},
		{"--campaign: customers", append([]string{"audit"}, sample("--quiet", "--out", out, "--campaign", "2027-01-15:+x")...),
			[]string{"--campaign：计划活动 \"2027-01-15:+x\"：预计新增客户数应为大于 0 的整数"},
			[]string{"--campaign: campaign \"2027-01-15:+x\": the customers expected must be a whole number above 0"}, nil},
		{"--campaign: before the as-of date", append([]string{"audit"}, sample("--quiet", "--out", out, "--campaign", "2026-01-15:+500")...),
			[]string{"计划活动 2026-01-15:+500 不晚于审计日期 2026-11-30"},
			[]string{"campaign 2026-01-15:+500 is not after the as-of date 2026-11-30"}, nil},
		{"outcomes: undocumented status", outcomes(write("status.json", []byte(`{"errcode":0,"customer":[{"external_userid":"wm1","status":9}]}`))),
			[]string{"status.json，列 customer[0].status：状态 9 不是接口文档中的接替状态"},
			[]string{"status.json, column customer[0].status: status 9 is not one of the documented takeover statuses"}, nil},
		{"outcomes: empty folder", outcomes(filepath.Join(dir, "no-outcomes")),
			[]string{"no-outcomes：文件夹中没有交接结果文件"},
			[]string{"no-outcomes: the folder holds no outcome files"}, nil},
		{"outcomes: the same file twice", outcomes(write("a.csv", []byte(sheet)), write("b.csv", []byte(sheet))),
			[]string{"b.csv：与之前给出的", "a.csv 内容相同"},
			[]string{"b.csv: has the same content as", "a.csv, given before"}, nil},
		{"outcomes: bad status in a sheet", outcomes(write("f.csv", []byte(sheet+"wm2,wangfang,已转走\n"))),
			[]string{"f.csv，第 3 行，列 接替状态：\"已转走\" 不是接替状态"},
			[]string{"f.csv, row 3, column 接替状态: \"已转走\" is not"}, []string{"接替状态", "已转走", "接替完毕", "等待接替", "客户拒绝", "接替成员客户达到上限"}},
		{"contacts: a zip of too many entries", append([]string{"audit"}, sample("--quiet", "--out", out, "--contacts", write("entries.xlsx", manyEntries(t, 10_001)))...),
			[]string{"entries.xlsx：是含 10,001 个条目的 zip 压缩包", "超过 10,000 个即拒绝读取"},
			[]string{"entries.xlsx: is a zip archive of 10001 entries", "more than 10000 is refused"}, nil},
		{"verify: no report", []string{"verify", filepath.Join(dir, "no-reports")},
			[]string{"no-reports：其中没有可核对的 JSON 报告"},
			[]string{"no-reports: holds no JSON report"}, nil},
		{"verify: not a report", []string{"verify", filepath.Join(dir, "not-a-report")},
			[]string{"audit-2026-11-30.json：不是 auditor 的 JSON 报告"},
			[]string{"audit-2026-11-30.json: is not an auditor JSON report"}, nil},
		{"validate: no header of any role", []string{"validate", write("x.csv", []byte("a,b\n1,2\n"))},
			[]string{"x.csv：无法识别为输入文件：前 50 行中没有通讯录、客户联系、客户群或离职交接表的表头"},
			[]string{"x.csv", "no header of a roster, contacts, groups or handover sheet in the first 50 rows"}, nil},
		{"waivers: unknown field", append([]string{"audit"}, sample("--quiet", "--out", out, "--waivers", write("waivers.yaml", []byte("- foo: 1\n")))...),
			[]string{"waivers.yaml，第 1 行：foo：未知的字段（豁免项的字段为 fingerprint、reason、accepted_by、expires）"},
			[]string{"waivers.yaml, line 1: foo: unknown field (a waiver has fingerprint, reason, accepted_by, expires)"}, nil},
		{"previous report: not a report", append([]string{"audit"}, sample("--quiet", "--out", out, "--previous", write("previous.json", []byte("{}")))...),
			[]string{"上次报告 ", "previous.json：不是 auditor 的 JSON 报告（没有 schema 或 as_of）"},
			[]string{"previous report ", "previous.json: not an auditor JSON report (no schema or as_of)"}, nil},
		{"--history: no such folder", append([]string{"audit"}, sample("--quiet", "--out", out, "--history", filepath.Join(dir, "no-such-history"))...),
			[]string{"--history ", "no-such-history：文件夹不存在"},
			[]string{"--history ", "no-such-history: no such folder"}, []string{"no-such-history", "audit-*.json", "--history", "--out"}},
		{"--history: a file, not a folder", append([]string{"audit"}, sample("--quiet", "--out", out, "--history", write("history.json", []byte("{}")))...),
			[]string{"history.json：不是文件夹（单个报告请用 --previous）"},
			[]string{"history.json: not a folder (give a single report with --previous)"}, nil},
		{"rules: unknown rule", append([]string{"audit"}, sample("--quiet", "--out", out, "--rules", write("rule.yaml", []byte("rules:\n  - id: no-such-rule\n")))...),
			[]string{"规则文件 ", "rule.yaml：没有规则 \"no-such-rule\"（已有的规则："},
			[]string{"rules file ", "rule.yaml: no rule \"no-such-rule\" (the rules are "}, append([]string{"no-such-rule"}, rules.Default().IDs()...)},
		{"rules: bad severity", append([]string{"audit"}, sample("--quiet", "--out", out, "--rules", write("severity.yaml", []byte("rules:\n  - id: no-receiver\n    severity: urgent\n")))...),
			[]string{"severity.yaml：规则 no-receiver：严重程度 \"urgent\" 无法识别，应为 critical、high、medium、low、info 之一"},
			[]string{"severity.yaml: rule no-receiver: severity \"urgent\" is not one of critical, high, medium, low, info"}, nil},
		{"rules: limit out of range", append([]string{"audit"}, sample("--quiet", "--out", out, "--rules", write("limit.yaml", []byte("limits:\n  near_cap_ratio: 1.5\n")))...),
			[]string{"limit.yaml：limits.near_cap_ratio 应为大于 0 且不超过 1 的数，而不是 1.5"},
			[]string{"limit.yaml: limits.near_cap_ratio must be a number above 0 and at most 1, not 1.5"}, nil},
		{"--format", append([]string{"audit"}, sample("--quiet", "--out", out, "--format", "doc")...),
			[]string{"--format：未知或不可用的报告格式 \"doc\""},
			[]string{"--format: unknown or unavailable report format \"doc\""}, nil},
		{"--fail-on", append([]string{"audit"}, sample("--quiet", "--out", out, "--fail-on", "huge")...),
			[]string{"--fail-on \"huge\"：只能是 critical、high、medium、low、info 或 none"},
			[]string{"--fail-on \"huge\": want critical, high, medium, low, info or none"}, nil},
		{"--period", append([]string{"audit"}, sample("--period", "x")...),
			[]string{"--period \"x\"：请写 YYYY-MM"},
			[]string{"--period \"x\": want YYYY-MM"}, nil},
	} {
		saysNoOtherLanguage(t, dir, tc.name, tc.args, tc.zh, tc.en, tc.input)
	}
}

// saysNoOtherLanguage runs args with --lang zh and --lang en: exit status
// 2, every one of zh (en) in stderr, and no sentence of the other
// language once dir and the input's own words are taken out.
func saysNoOtherLanguage(t *testing.T, dir, name string, args, zh, en, input []string) {
	t.Helper()
	for _, lang := range []string{"zh", "en"} {
		t.Run(name+", "+lang, func(t *testing.T) {
			t.Setenv("LC_ALL", "C")
			code, _, stderr := runCLI(t, append(args, "--lang", lang)...)
			if code != exitUnusable {
				t.Errorf("exit %d, want %d; stderr %q", code, exitUnusable, stderr)
			}
			want := zh
			if lang == "en" {
				want = en
			}
			for _, w := range want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q lacks %q", stderr, w)
				}
			}
			said := strings.ReplaceAll(stderr, dir, "")
			for _, w := range input {
				said = strings.ReplaceAll(said, w, "")
			}
			if lang == "zh" && englishSentence.MatchString(said) {
				t.Errorf("English in %q: %q", stderr, englishSentence.FindString(said))
			}
			if lang == "en" && han.MatchString(said) {
				t.Errorf("Chinese in %q", stderr)
			}
		})
	}
}

// TestPullErrorsSayNoOtherLanguage: a pull that cannot start or go on (its
// --credentials file, its --api-base, an answer of the API's of a shape
// WeCom's documents do not describe) says so in the user's language, with
// the file or endpoint, exit status 2.
func TestPullErrorsSayNoOtherLanguage(t *testing.T) {
	dir := t.TempDir()
	e := smallEnterprise()
	e.Members[3].Status = 3 // dave: a status user/get does not document
	srv := wecomtest.New(e, wecomtest.Knobs{})
	defer srv.Close()
	setCreds(t, e)
	creds := func(name, body string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		// WriteFile's mode is masked by the umask; say it again.
		if err := os.Chmod(p, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pull := func(args ...string) []string {
		return append([]string{"pull", "--quiet", "--out", filepath.Join(dir, "out")}, args...)
	}
	type pullCase struct {
		name   string
		args   []string
		zh, en []string
		input  []string
	}
	cases := []pullCase{
		{"pull: credentials not YAML", pull("--credentials", creds("list.yaml", "- corpid\n- secret\n")),
			[]string{"--credentials ", "list.yaml：不是含 corpid、contact_secret 和 addressbook_secret 的 YAML 映射（第 1 行）"},
			[]string{"--credentials ", "list.yaml: not a YAML map of corpid, contact_secret and addressbook_secret (line 1)"}, nil},
		{"pull: credentials without the secret", pull("--credentials", creds("nosecret.yaml", "corpid: wwx\n")),
			[]string{"凭据文件 ", "nosecret.yaml 缺少 contact_secret"},
			[]string{"credentials from file ", "nosecret.yaml: contact_secret missing"}, nil},
		{"pull: no credentials file", pull("--credentials", filepath.Join(dir, "none.yaml")),
			[]string{"--credentials ", "none.yaml：文件不存在"},
			[]string{"--credentials ", "none.yaml: no such file"}, nil},
		{"pull: plain http --api-base", pull("--api-base", "http://qyapi.weixin.qq.com"),
			[]string{"--api-base http://qyapi.weixin.qq.com：明文 http 只能用于本机回环地址（127.0.0.1、::1、localhost）；请使用 https"},
			[]string{"--api-base http://qyapi.weixin.qq.com: plain http only to a loopback address (127.0.0.1, ::1, localhost); use https"}, []string{"--api-base", "http://"}},
		{"pull: --api-base not an address", pull("--api-base", "qyapi"),
			[]string{"--api-base \"qyapi\"：不是形如 https://qyapi.weixin.qq.com 的地址"},
			[]string{"--api-base \"qyapi\": not an address such as https://qyapi.weixin.qq.com"}, nil},
		{"pull: undocumented member status", pull("--api-base", srv.URL),
			[]string{"企业微信接口 user/get：成员 dave 的 status 为 3，不是接口文档中的 1、2、4、5 之一"},
			[]string{"WeCom API user/get: member dave has status 3, not one of the documented 1, 2, 4, 5"}, nil},
	}
	if runtime.GOOS != "windows" { // Windows has no group or other bits
		world := creds("world.yaml", "corpid: wwx\ncontact_secret: "+e.ContactSecret+"\n")
		if err := os.Chmod(world, 0o644); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, pullCase{"pull: credentials readable by others", pull("--credentials", world),
			[]string{"--credentials ", "world.yaml：其他用户可以读取该文件（权限 0644）；请运行 chmod 600 ", "world.yaml"},
			[]string{"--credentials ", "world.yaml: readable by others (mode 0644); run chmod 600 ", "world.yaml"}, nil})
	}
	for _, tc := range cases {
		saysNoOtherLanguage(t, dir, tc.name, tc.args, tc.zh, tc.en, tc.input)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "manifest.json")); err == nil {
		t.Error("a failed pull wrote its manifest")
	}
}

var (
	// englishSentence is three English words in a row: a phrase, not a
	// key, a format name or a flag.
	englishSentence = regexp.MustCompile(`[A-Za-z]{2,}(?:[ ,'-]+[A-Za-z]{2,}){2,}`)
	han             = regexp.MustCompile(`\p{Han}`)
)

// manyEntries is an xlsx-looking zip (it holds xl/workbook.xml) of n
// entries, past what any workbook holds.
func manyEntries(t *testing.T, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("xl/media/image%d.png", i)
		if i == 0 {
			name = "xl/workbook.xml"
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
