package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// The audit trail: what ties every page of every document to one run, and
// lets a reviewer redo the run and get the same documents.

// RuleSetHash is the SHA-256 of the rule set in force, in the canonical JSON
// of `auditor rules --format json` without the version: the same thresholds,
// severities and texts give the same hash whether they came from the
// built-in rules or a --rules file that says the same.
func RuleSetHash(rs *rules.Set) string {
	if rs == nil {
		return ""
	}
	// The version is left out: an override file that changes nothing is
	// versioned "base+override" but applies the same rules.
	doc := struct {
		Limits rules.Limits `json:"limits"`
		Rules  []rules.Rule `json:"rules"`
	}{rs.Limits, rs.Rules()}
	b, err := json.Marshal(doc)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ReportID is the run's id: a hash of every input's role and SHA-256 (the
// exports, the profile, and the earlier reports and the waiver file when the
// run was given them), the rule set, the as-of date and the tool version.
// The same inputs, rules, date and version give the same id in zh and en,
// masked or not, whenever they run; any change to one of them gives
// another. A run compared with a history folder that holds no earlier
// report is another id too: its findings are marked new where a run
// without the folder leaves them unmarked. It is shown as four
// groups of four hex digits (64 bits: collisions between two runs of one
// enterprise are out of reach).
func ReportID(res *audit.Result, opt Options) string {
	if opt.ReportID != "" {
		return opt.ReportID
	}
	h := sha256.New()
	fmt.Fprintf(h, "auditor report id v1\nversion %s\nas-of %s\nrules %s\n", res.ToolVersion, res.AsOf, RuleSetHash(res.Rules))
	for _, in := range res.Inputs {
		fmt.Fprintf(h, "input %s %s\n", in.Role, in.SHA256)
	}
	if opt.RulesFile != nil {
		fmt.Fprintf(h, "input rules %s\n", opt.RulesFile.SHA256)
	}
	if res.History != nil {
		fmt.Fprintf(h, "series compared\n")
	}
	if res.Waivers != nil {
		fmt.Fprintf(h, "series waivers\n")
	}
	x := strings.ToUpper(hex.EncodeToString(h.Sum(nil))[:16])
	return x[0:4] + "-" + x[4:8] + "-" + x[8:12] + "-" + x[12:16]
}

// generated is the time the documents carry: the generation time from cmd,
// or the as-of date at midnight UTC when none was given (tests, library
// use), so that output stays deterministic either way.
func generated(res *audit.Result, opt Options) time.Time {
	if !opt.Generated.IsZero() {
		return opt.Generated.UTC()
	}
	if !res.AsOf.IsZero() {
		return res.AsOf.Time().UTC()
	}
	return time.Unix(0, 0).UTC()
}

// generatedText is the generation time as printed, or "not stated".
func generatedText(opt Options, lang string) string {
	if opt.Generated.IsZero() {
		return L("not_stated", lang)
	}
	return opt.Generated.UTC().Format("2006-01-02 15:04:05") + " UTC"
}

// commandLine quotes arguments that need it, as a shell would read them.
func commandLine(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n\"'\\$`*?[]{}()<>|&;#~") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out[i] = a
	}
	return strings.Join(out, " ")
}

// trailInput is one row of the inputs table of the trail.
type trailInput struct {
	Role, Path, SHA256 string
	Rows               int
	HasRows            bool
	Exported           string // the time the file states, or ""
}

func trailInputs(res *audit.Result, opt Options) []trailInput {
	var out []trailInput
	for _, in := range res.Inputs {
		t := trailInput{Role: in.Role, Path: in.Path, SHA256: in.SHA256, Rows: in.Rows, HasRows: hasRows(in.Role)}
		if ts, ok := opt.ExportTimes[in.Path]; ok && !ts.IsZero() {
			t.Exported = ts.UTC().Format("2006-01-02 15:04:05") + " UTC"
		}
		out = append(out, t)
	}
	if opt.RulesFile != nil {
		out = append(out, trailInput{Role: "rules", Path: opt.RulesFile.Path, SHA256: opt.RulesFile.SHA256})
	}
	for _, m := range opt.PullManifests {
		out = append(out, trailInput{Role: m.Role, Path: m.Path, SHA256: m.SHA256})
	}
	return out
}

// hasRows tells the inputs that are tables: the profile, the earlier
// reports and the waiver file have no rows to count.
func hasRows(role string) bool {
	switch role {
	case "profile", "previous_report", "earlier_report", "waivers":
		return false
	}
	return true
}

// threshold is one number of the rule set in force.
type threshold struct {
	Key   string // rule-set field, as in rules/default.yaml
	Label rules.Text
	Value string
}

// thresholds lists every limit of the rule set with what it means.
func thresholds(rs *rules.Set) []threshold {
	if rs == nil {
		return nil
	}
	l := rs.Limits
	n := func(v int) string { return audit.Thousands(v) }
	return []threshold{
		{"member_cap_default", rules.Text{ZH: "成员客户上限（默认）", EN: "Member customer cap (default)"}, n(l.MemberCapDefault)},
		{"member_cap_max", rules.Text{ZH: "成员客户上限（扩容后最大）", EN: "Member customer cap (most after expansion)"}, n(l.MemberCapMax)},
		{"enterprise_cap_initial", rules.Text{ZH: "企业客户上限（初始）", EN: "Enterprise customer cap (initial)"}, n(l.EnterpriseCapInitial)},
		{"enterprise_expansion_step", rules.Text{ZH: "每次企业扩容增加", EN: "Each enterprise expansion adds"}, n(l.EnterpriseExpansionStep)},
		{"unverified_enterprise_cap", rules.Text{ZH: "未认证企业的客户上限", EN: "Cap of an unverified enterprise"}, n(l.UnverifiedEnterpriseCap)},
		{"expansion_min_daily_active_users", rules.Text{ZH: "申请企业扩容须超过的每日使用人数", EN: "Daily active users an expansion needs more than"}, n(l.ExpansionMinDailyActiveUsers)},
		{"handover_window_days", rules.Text{ZH: "离职后可交接的天数", EN: "Days after leaving a handover is possible"}, n(l.HandoverWindowDays)},
		{"login_window_days", rules.Text{ZH: "登录时效（天）", EN: "Login window (days)"}, n(l.LoginWindowDays)},
		{"deadline_warning_days", rules.Text{ZH: "截止日前提醒的天数", EN: "Days before the limit date a warning starts"}, n(l.DeadlineWarningDays)},
		{"groups_per_owner_per_day", rules.Text{ZH: "每位原群主每天可转接的客户群", EN: "Groups per original owner per day"}, n(l.GroupsPerOwnerPerDay)},
		{"groups_per_call", rules.Text{ZH: "每次调用可转接的客户群", EN: "Groups per call"}, n(l.GroupsPerCall)},
		{"customers_per_call", rules.Text{ZH: "每次调用可转接的客户", EN: "Customers per call"}, n(l.CustomersPerCall)},
		{"near_cap_ratio", rules.Text{ZH: "接近上限的比例", EN: "Near-cap ratio"}, strconv.FormatFloat(l.NearCapRatio*100, 'f', -1, 64) + " %"},
	}
}

// citedSources is every source code the rules in force cite, in order
// (D1, D2, … D10, D11).
func citedSources(rs *rules.Set) []string {
	if rs == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, r := range rs.Rules() {
		if !r.Enabled {
			continue
		}
		for _, s := range r.Source {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return sourceLess(out[i], out[j]) })
	return out
}

func sourceLess(a, b string) bool {
	na, ea := strconv.Atoi(strings.TrimPrefix(a, "D"))
	nb, eb := strconv.Atoi(strings.TrimPrefix(b, "D"))
	if ea == nil && eb == nil {
		return na < nb
	}
	return a < b
}

// fact is one WeCom fact a rule cites: what it says, and where it is
// published. docs/domain.md tells the same facts at length.
type fact struct {
	Text   rules.Text
	Source string
}

// SourceLegend is the text of a source code the rules cite, in lang, with
// where it is published; ok is false for a code the legend does not know.
func SourceLegend(code, lang string) (text, source string, ok bool) {
	f, ok := facts[code]
	if !ok {
		return "", "", false
	}
	return f.Text.In(lang), f.Source, true
}

const (
	srcSeed   = "鸟哥笔记《关于企业微信扩容，知识点合集》(niaogebiji.com, 2022-02-10)"
	srcAPI    = "developer.work.weixin.qq.com/document/path/"
	srcImport = "WeCom admin console: 通讯录批量导入模板.xlsx"
)

// facts is the legend of the source codes (docs/domain.md, in short).
var facts = map[string]fact{
	"D1":  {rules.Text{ZH: "在客户联系使用范围内的成员添加的是“客户”，范围外的成员添加的是“外部联系人”。", EN: "A member inside the customer-contact scope adds customers; one outside it adds plain external contacts."}, srcSeed},
	"D2":  {rules.Text{ZH: "离职时客户可以分配给其他成员（离职继承），外部联系人不能，删除成员时随之删除。", EN: "Customers can be handed over when their owner leaves; plain external contacts cannot and are deleted with the member."}, srcSeed},
	"D3":  {rules.Text{ZH: "把成员加入使用范围后，其外部联系人转为客户，并开始占用企业客户上限。", EN: "Adding a member to the scope turns their external contacts into customers, which then count against the enterprise cap."}, "crm.bytell.cn/blog/wework/1359"},
	"D4":  {rules.Text{ZH: "外部联系人另有每名成员 5,000 的上限，与企业客户上限无关。", EN: "Plain external contacts have their own limit of 5,000 per member, apart from the enterprise cap."}, srcSeed},
	"D5":  {rules.Text{ZH: "企业客户上限按客户关系计数（两名成员添加同一客户计两次），初始 50,000。", EN: "The enterprise cap counts customer relationships (one customer of two members counts twice); it starts at 50,000."}, srcSeed},
	"D6":  {rules.Text{ZH: "成员客户上限初始 5,000，最多可扩容至 20,000。", EN: "A member's customer cap starts at 5,000 and can be raised to at most 20,000."}, srcSeed},
	"D7":  {rules.Text{ZH: "未认证企业的客户上限为 200。", EN: "An unverified enterprise may have 200 customers."}, srcSeed},
	"D8":  {rules.Text{ZH: "企业达到客户上限时，成员不能添加、接受或分配客户，所有交接都被阻止。", EN: "At the enterprise cap no member can add, accept or be assigned customers, so every handover is blocked."}, srcSeed},
	"D9":  {rules.Text{ZH: "企业扩容免费、次数不限，每次增加 50,000；须已认证且每日使用人数超过 50。", EN: "Enterprise expansion is free and unlimited, +50,000 each time, for a verified enterprise with more than 50 daily active users."}, srcSeed},
	"D10": {rules.Text{ZH: "应尽早申请扩容：常在活动期间才发现达到上限，为时已晚。", EN: "Apply for expansion early: the cap is usually noticed during a campaign, when it is too late."}, srcSeed},
	"D11": {rules.Text{ZH: "接替成员须配置了客户联系、已激活、已实名，并在一年内登录过。", EN: "The receiver must be set up for customer contact, activated, real-name verified and have logged in within the last year."}, srcAPI + "96331"},
	"D12": {rules.Text{ZH: "离职成员须离职不超过一年，且离职前一年内登录过；超过一年不能再转接。", EN: "The departed member must have left at most a year ago and logged in during the year before leaving; after a year transfer is refused."}, srcAPI + "96331"},
	"D13": {rules.Text{ZH: "每次最多转接 100 个客户；转接后 24 小时客户自动接替，除非客户拒绝。", EN: "At most 100 customers per call; the customer moves 24 hours after the transfer unless they decline."}, srcAPI + "96331"},
	"D14": {rules.Text{ZH: "转接结果包括：接替完毕、等待接替、客户拒绝、接替成员客户数已达上限。", EN: "A transfer ends as done, waiting, declined by the customer, or refused because the receiver is at its customer cap."}, srcAPI + "96333"},
	"D15": {rules.Text{ZH: "接替成员已有的客户转给他时不增加其客户数。", EN: "A customer the receiver already has adds nothing to the receiver's count."}, srcAPI + "96325"},
	"D16": {rules.Text{ZH: "在职继承要求双方一年内登录过，每个客户 90 天内最多转接两次；离职继承须先删除账号。", EN: "On-job transfer needs both members to have logged in within a year, at most twice per customer in 90 days; the departed-member transfer needs the account deleted first."}, srcAPI + "96325"},
	"D17": {rules.Text{ZH: "离职成员的客户群可转给新群主（条件同接替人），每次最多 100 个，每位原群主每天最多 300 个。", EN: "A departed member's groups go to a new owner who meets the receiver's conditions, at most 100 per call and 300 per original owner per day."}, srcAPI + "96334"},
	"D18": {rules.Text{ZH: "只有客户群、没有客户的离职成员不出现在“待分配”列表中，容易遗漏。", EN: "A departed member with groups but no customers is missing from WeCom's unassigned list and easily forgotten."}, "developers.weixin.qq.com community answers"},
	"D19": {rules.Text{ZH: "通讯录模板：第 9 行为表头，账号 1–32 位，不区分大小写；多个部门以“；”分隔，第一个为主部门。", EN: "Address-book template: header on row 9; userids of 1–32 characters, case-insensitive; departments joined by ；, the first is the main one."}, srcImport},
	"D20": {rules.Text{ZH: "客户列表导出每行一个客户与成员的关系，没有客户 ID 和类型列，只列客户。", EN: "The customer-list export has one row per customer–member relationship, no customer id or kind column, and lists customers only."}, "WeCom admin console, 客户联系 → 客户 → 导出"},
	"D21": {rules.Text{ZH: "导出文件不含离职状态、离职日期、使用范围和接替人，这些记在 HR 的离职交接表中。", EN: "The exports carry no leave status, departure date, scope or receiver; HR keeps those in its handover sheet."}, "the columns of the exports (D19, D20)"},
	"D22": {rules.Text{ZH: "中文 Windows 上的 Excel 以 GBK/GB18030 保存 CSV；手机号和账号须保持为文本。", EN: "Excel on Chinese Windows saves CSV as GBK/GB18030; phone numbers and userids must stay text."}, "Excel on Chinese Windows saves CSV in code page 936 (GBK)"},
}
