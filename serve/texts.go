package serve

import (
	"net/http"
	"strings"

	"golang.org/x/text/language"

	"github.com/wecom-audit/auditor/audit/ingest"
)

// text is one label of the page in both languages.
type text struct{ zh, en string }

// texts are every word of the page; the page's script gets them too, so
// nothing it shows is in one language only. {0}, {1} are filled by msgf.
var texts = map[string]text{
	"title":          {"企业微信离职交接审计", "WeCom offboarding handover audit"},
	"tagline":        {"在本机运行：文件不会离开这台电脑。", "Runs on this computer: no file leaves it."},
	"lang_switch":    {"English", "中文"},
	"step_files":     {"1. 放入导出文件", "1. Drop the exports"},
	"drop_hint":      {"把通讯录、客户/外部联系人导出、客户群、离职交接表和企业信息文件拖到这里，或", "Drag the roster, the customer / external-contact exports, the groups, the handover sheet and the profile here, or"},
	"pick":           {"选择文件", "choose files"},
	"limits":         {"最多 {0} 个文件，每个不超过 {1}。", "At most {0} files, each up to {1}."},
	"uploading":      {"正在上传…", "Uploading…"},
	"col_file":       {"文件", "File"},
	"col_role":       {"用途", "Role"},
	"col_read":       {"识别结果", "What was found"},
	"remove":         {"移除", "Remove"},
	"reset":          {"全部清除", "Remove all"},
	"no_files":       {"还没有文件。", "No files yet."},
	"role_roster":    {"通讯录", "Roster"},
	"role_contacts":  {"客户/外部联系人", "Contacts"},
	"role_groups":    {"客户群", "Groups"},
	"role_plan":      {"离职交接表", "Handover sheet"},
	"role_profile":   {"企业信息 (YAML)", "Enterprise profile (YAML)"},
	"role_ignore":    {"不使用", "Not used"},
	"header_at":      {"表头在第 {0} 行", "header on row {0}"},
	"sheet":          {"工作表", "sheet"},
	"not_recognised": {"未识别出表头：请选择用途", "No known header found: choose the role"},
	"step_options":   {"2. 审计设置", "2. Settings"},
	"as_of":          {"审计日期", "As-of date"},
	"period":         {"只审计该月离职 (YYYY-MM，可空)", "Only departures in month (YYYY-MM, optional)"},
	"report_lang":    {"报告语言", "Report language"},
	"lang_auto":      {"按表头自动", "From the headers"},
	"mask_pii":       {"报告中隐藏客户姓名和手机号", "Mask contact names and phone numbers in the reports"},
	"profile_form":   {"企业信息（没有企业信息文件时填写）", "Enterprise profile (when no profile file is given)"},
	"company":        {"企业名称", "Company"},
	"verified":       {"企业已认证", "Verified enterprise"},
	"unknown_opt":    {"未知", "unknown"},
	"yes":            {"是", "yes"},
	"no":             {"否", "no"},
	"dau":            {"日活跃成员数", "Daily active users"},
	"ent_cap":        {"企业客户上限", "Enterprise customer cap"},
	"run":            {"开始审计", "Run the audit"},
	"stage_reading":  {"正在读取", "Reading"},
	"stage_auditing": {"正在审计…", "Auditing…"},
	"stage_writing":  {"正在生成报告…", "Writing the reports…"},
	"stage_planning": {"正在制定交接方案…", "Planning the handovers…"},
	"stage_failed":   {"无法完成审计", "The audit could not run"},
	"rows":           {"行", "rows"},
	"step_result":    {"3. 结论", "3. Verdict"},
	"as_of_is":       {"审计日期 {0}", "As of {0}"},
	"actions":        {"离职成员待办", "What to do for each leaver"},
	"col_member":     {"成员", "Member"},
	"col_handover":   {"交接", "Handover"},
	"col_act_by":     {"最迟处理日", "Act by"},
	"col_departure":  {"离职日期", "Departure"},
	"col_limit":      {"交接截止", "Limit date"},
	"col_customers":  {"客户", "Customers"},
	"col_external":   {"外部联系人", "External contacts"},
	"col_groups":     {"客户群", "Groups"},
	"col_receivers":  {"接替人", "Receivers"},
	"col_failed":     {"未通过的检查", "Failed checks"},
	"col_next":       {"账号可以删除吗 · 下一步", "May the account be deleted · next step"},
	"overdue":        {"已逾期", "overdue"},
	"check_btn":      {"查看", "Check"},
	"all_ok":         {"全部通过", "all passed"},
	"days_left":      {"{0} 天", "{0} days"},
	"findings":       {"问题", "Findings"},
	"filter_sev":     {"严重程度", "Severity"},
	"filter_rule":    {"规则", "Rule"},
	"all":            {"全部", "all"},
	"col_severity":   {"严重程度", "Severity"},
	"col_rule":       {"规则", "Rule"},
	"col_message":    {"说明", "What"},
	"col_fix":        {"处理办法", "What to do"},
	"no_findings":    {"没有问题。", "No findings."},
	"shown_of":       {"显示 {0} / {1} 项", "{0} of {1} shown"},
	"check_title":    {"单人检查", "One member's check"},
	"check_hint":     {"输入账号（在职成员按今天离职检查）", "Type a userid (an active member is checked as if leaving today)"},
	"plan_title":     {"建议的交接方案", "Proposed handover plan"},
	"col_receiver":   {"接替人", "Receiver"},
	"col_count":      {"数量", "Count"},
	"expansions":     {"需申请的扩容", "Expansions to request"},
	"col_what":       {"扩容", "Expansion"},
	"col_from_to":    {"上限", "Cap"},
	"col_eligible":   {"可申请", "Eligible"},
	"col_for":        {"为", "For"},
	"unplaceable":    {"无法安置", "Unplaceable"},
	"downloads":      {"下载", "Downloads"},
	"dl_hint":        {"与命令行对同样输入写出的文件逐字节相同：", "Byte for byte what the command line writes for the same inputs:"},
	"what_was_read":  {"读取情况（同 auditor validate）", "What was read (as auditor validate prints it)"},
	"data_problems":  {"{0} 个数据问题", "{0} data problems"},
	"data_problem":   {"1 个数据问题", "1 data problem"},
	"stopped":        {"auditor serve 已停止。", "auditor serve has stopped."},
	// errors
	"err_busy":          {"正在审计，请等待完成。", "An audit is running; wait for it to finish."},
	"err_not_multipart": {"上传格式不对：请用页面上传文件。", "Not a file upload: use the page to add files."},
	"err_no_file":       {"请求中没有文件。", "No file in the request."},
	"err_count":         {"文件太多：最多 {0} 个。", "Too many files: at most {0}."},
	"err_file_size":     {"{0} 太大：每个文件不超过 {1}。", "{0} is too large: each file may be up to {1}."},
	"err_total":         {"文件总大小超过 {0}。", "The files add up to more than {0}."},
	"err_role":          {"未知的用途。", "Unknown role."},
	"err_no_such_file":  {"没有这个文件。", "No such file."},
	"err_form":          {"设置无法读取。", "The settings could not be read."},
	"err_as_of":         {"审计日期 {0} 无效：请写 YYYY-MM-DD。", "As-of date {0}: want YYYY-MM-DD."},
	"err_period":        {"月份 {0} 无效：请写 YYYY-MM。", "Month {0}: want YYYY-MM."},
	"err_two":           {"只能有一个“{0}”文件：把多余的改为“不使用”。", "Only one file can be the {0}: set the others to Not used."},
	"err_need_roster":   {"缺少通讯录：请放入通讯录导出，或把它的用途改为“通讯录”。", "No roster: add the roster export, or set its role to Roster."},
	"err_need_contacts": {"缺少客户/外部联系人导出：至少需要一个。", "No contacts export: at least one is needed."},
	"err_no_result":     {"还没有审计结果。", "No audit result yet."},
	"err_member":        {"请输入账号。", "Type a userid."},
	"err_not_running":   {"没有正在进行的审计。", "No audit is running."},
	"err_stale_download": {"这份报告属于之前的一次审计：输入已在另一个标签页中更改。请回到页面并刷新。",
		"This report belongs to an earlier audit: the inputs were changed in another tab. Go back to the page and refresh it."},
	"err_save": {"{0} 无法保存：{1}", "{0} could not be saved: {1}"},
	// cancelling, staleness, the leaver table
	"cancel":            {"取消审计", "Cancel the audit"},
	"cancelling":        {"正在取消…", "Cancelling…"},
	"stage_cancelled":   {"审计已取消。", "The audit was cancelled."},
	"stale":             {"文件或设置已在另一个标签页或窗口中更改：下面的结论和下载已不对应当前输入。", "The files or settings were changed in another tab or window: the verdict and downloads below no longer match them."},
	"refresh":           {"刷新", "Refresh"},
	"search":            {"搜索成员、账号或接替人", "Search member, userid or receiver"},
	"leavers_shown":     {"{0} / {1} 人", "{0} of {1} leavers"},
	"leaver_shown":      {"{0} / 1 人", "{0} of 1 leaver"},
	"page_of":           {"第 {0} / {1} 页", "page {0} of {1}"},
	"prev":              {"上一页", "Previous"},
	"next":              {"下一页", "Next"},
	"flag_overdue":      {"已逾期", "overdue"},
	"flag_unknown_date": {"日期未知", "date unknown"},
	"sort_hint":         {"点击列标题排序", "Click a column heading to sort"},
	"col_dates":         {"离职 / 截止", "Departure / limit"},
	"col_counts":        {"客户 · 外部 · 群", "Customers · external · groups"},
	// the capacity forecast (issue 28); the sentences come from the report
	"cap_title":           {"客户容量预测", "Customer capacity forecast"},
	"cap_enterprise":      {"企业", "Enterprise"},
	"cap_load":            {"客户数 / 上限", "Customers / cap"},
	"cap_pace":            {"增长速度", "Pace"},
	"cap_reach":           {"达到上限", "Cap reached"},
	"cap_act_by":          {"申请企业扩容", "Apply for the expansion"},
	"cap_member_act":      {"申请成员扩容", "Member expansion"},
	"cap_incoming":        {"交接转入", "Handed over"},
	"cap_members":         {"接替人与即将满额的成员", "Receivers and members filling up"},
	"cap_no_members":      {"没有成员会在 90 天内达到客户上限。", "No member may reach their cap within 90 days."},
	"cap_members_unknown": {"另有 {0} 名成员的预测未知。", "{0} more members' forecasts are unknown."},
	"cap_by":              {"{0} 前", "by {0}"},
	"cap_now":             {"立即", "now"},
	"cap_not_within":      {"两年内不会达到", "not within two years"},
	"cap_due":             {"即将到期", "due"},
	"cap_overdue":         {"已逾期", "overdue"},
	"cap_unknown":         {"未知", "unknown"},
	"cap_receiver":        {"接替人", "receiver"},
	"cap_at_max":          {"已达成员上限，无法再扩容", "at the most a member can have"},
	"cap_method":          {"方法：{0}；扩容需提前 {1} 个工作日准备。", "Method: {0}; an enterprise expansion takes {1} working days to prepare."},
	"cap_campaigns":       {"计划活动：{0}", "Planned campaigns: {0}"},
	"cap_steps":           {"扩容需要做什么", "What an expansion takes"},
	// the fields of each role, as the columns are called in WeCom's exports
	"field_roster_userid":              {"成员账号", "member account"},
	"field_roster_name":                {"姓名", "name"},
	"field_roster_department":          {"部门", "department"},
	"field_roster_status":              {"在职状态", "status"},
	"field_roster_departure_date":      {"离职日期", "departure date"},
	"field_roster_customer_contact":    {"客户联系权限", "customer contact permission"},
	"field_roster_customer_cap":        {"客户上限", "customer cap"},
	"field_roster_activated":           {"激活状态", "activated"},
	"field_roster_real_name":           {"实名认证", "real-name verified"},
	"field_roster_last_login":          {"最近登录时间", "last login"},
	"field_roster_receiver":            {"接替人", "receiver"},
	"field_contacts_owner":             {"添加人账号", "member who added the contact"},
	"field_contacts_external_id":       {"客户ID", "customer ID"},
	"field_contacts_contact_name":      {"客户名称", "customer name"},
	"field_contacts_kind":              {"联系人类型", "contact type"},
	"field_contacts_added_at":          {"添加时间", "added on"},
	"field_contacts_customers":         {"客户数", "customers"},
	"field_contacts_external_contacts": {"外部联系人数", "external contacts"},
	"field_groups_chat_id":             {"客户群ID", "group ID"},
	"field_groups_name":                {"群名称", "group name"},
	"field_groups_owner":               {"群主账号", "group owner"},
	"field_groups_members":             {"群人数", "members"},
	"field_plan_userid":                {"离职成员账号", "leaver's account"},
	"field_plan_departure_date":        {"离职日期", "departure date"},
	"field_plan_receiver":              {"接替人账号", "receiver's account"},
	"field_plan_count":                 {"分配数量", "count"},
}

// columnText is one recognised column as HR knows it: the header as
// written in the file, then the field it was read as, in the words of
// WeCom's own exports ("账号 → 成员账号"); the header alone when the two
// are the same words.
func columnText(role string, c ingest.MappedColumn, lang string) string {
	label := c.Field
	if _, ok := texts["field_"+role+"_"+c.Field]; ok {
		label = tr("field_"+role+"_"+c.Field, lang)
	}
	if strings.EqualFold(strings.TrimSpace(c.Header), label) {
		return c.Header
	}
	return c.Header + " → " + label
}

// pageLang is the page's language: the lang cookie set by the switch, else
// the browser's Accept-Language.
func (s *Server) pageLang(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "zh" || l == "en" {
		return l
	}
	if c, err := r.Cookie(s.langCk); err == nil && (c.Value == "zh" || c.Value == "en") {
		return c.Value
	}
	return acceptLang(r.Header.Get("Accept-Language"))
}

var langMatcher = language.NewMatcher([]language.Tag{language.English, language.Chinese})

// acceptLang picks zh or en from an Accept-Language header; English when
// the browser prefers neither.
func acceptLang(h string) string {
	tags, _, err := language.ParseAcceptLanguage(h)
	if err != nil || len(tags) == 0 {
		return "en"
	}
	_, i, conf := langMatcher.Match(tags...)
	if i == 1 && conf != language.No {
		return "zh"
	}
	return "en"
}

func (s *Server) msg(r *http.Request, key string) string { return tr(key, s.pageLang(r)) }

func (s *Server) msgf(r *http.Request, key string, args ...string) string {
	m := tr(key, s.pageLang(r))
	for i, a := range args {
		m = strings.ReplaceAll(m, "{"+string(rune('0'+i))+"}", a)
	}
	return m
}

func tr(key, lang string) string {
	t, ok := texts[key]
	if !ok {
		return key
	}
	if lang == "zh" {
		return t.zh
	}
	return t.en
}

// textsFor is the page's words in one language, for its script.
func textsFor(lang string) map[string]string {
	m := make(map[string]string, len(texts))
	for k := range texts {
		m[k] = tr(k, lang)
	}
	return m
}
