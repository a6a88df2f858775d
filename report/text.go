package report

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// labels is the one place for the text of every report, in zh and en.
// Writers look labels up with L; a missing key is a programming error that
// the tests catch (TestLabelsComplete).
var labels = map[string]rules.Text{
	"title":                {ZH: "企业微信离职交接审计报告", EN: "WeCom offboarding handover audit"},
	"company":              {ZH: "企业", EN: "Company"},
	"as_of":                {ZH: "审计日期", EN: "As of"},
	"verdict":              {ZH: "结论", EN: "Verdict"},
	"tool_version":         {ZH: "工具版本", EN: "Tool version"},
	"rules_version":        {ZH: "规则集版本", EN: "Rule-set version"},
	"severity":             {ZH: "严重程度", EN: "Severity"},
	"rule":                 {ZH: "规则", EN: "Rule"},
	"member":               {ZH: "成员", EN: "Member"},
	"userid":               {ZH: "账号", EN: "Userid"},
	"name":                 {ZH: "姓名", EN: "Name"},
	"department":           {ZH: "部门", EN: "Department"},
	"status":               {ZH: "状态", EN: "Status"},
	"departure_date":       {ZH: "离职日期", EN: "Departure date"},
	"limit_date":           {ZH: "交接截止日", EN: "Limit date"},
	"days_to_limit":        {ZH: "距截止日天数", EN: "Days to limit"},
	"in_scope":             {ZH: "客户联系范围内", EN: "In scope"},
	"customers":            {ZH: "客户数", EN: "Customers"},
	"external":             {ZH: "外部联系人数", EN: "External contacts"},
	"groups":               {ZH: "客户群数", EN: "Groups"},
	"receiver":             {ZH: "接替人", EN: "Receiver"},
	"receivers":            {ZH: "接替人", EN: "Receivers"},
	"cap":                  {ZH: "上限", EN: "Cap"},
	"incoming":             {ZH: "接收数", EN: "Incoming"},
	"load":                 {ZH: "交接后客户数", EN: "Load"},
	"over_by":              {ZH: "超出", EN: "Over by"},
	"count":                {ZH: "数量", EN: "Count"},
	"message":              {ZH: "说明", EN: "Message"},
	"remediation":          {ZH: "处理建议", EN: "Remediation"},
	"source":               {ZH: "依据", EN: "Source"},
	"title_col":            {ZH: "标题", EN: "Title"},
	"file":                 {ZH: "文件", EN: "File"},
	"sheet":                {ZH: "工作表", EN: "Sheet"},
	"row":                  {ZH: "行", EN: "Row"},
	"column":               {ZH: "列", EN: "Column"},
	"problem":              {ZH: "问题", EN: "Problem"},
	"role":                 {ZH: "用途", EN: "Role"},
	"rows":                 {ZH: "行数", EN: "Rows"},
	"sha256":               {ZH: "SHA-256", EN: "SHA-256"},
	"yes":                  {ZH: "是", EN: "yes"},
	"no":                   {ZH: "否", EN: "no"},
	"unknown":              {ZH: "未知", EN: "unknown"},
	"active":               {ZH: "在职", EN: "active"},
	"departing":            {ZH: "待离职", EN: "departing"},
	"departed":             {ZH: "已离职", EN: "departed"},
	"critical":             {ZH: "严重", EN: "critical"},
	"high":                 {ZH: "高", EN: "high"},
	"medium":               {ZH: "中", EN: "medium"},
	"low":                  {ZH: "低", EN: "low"},
	"info":                 {ZH: "提示", EN: "info"},
	"enterprise_cap":       {ZH: "企业客户上限", EN: "Enterprise cap"},
	"enterprise_customers": {ZH: "企业客户关系数", EN: "Enterprise customers"},
	"headroom":             {ZH: "剩余额度", EN: "Headroom"},
	"expansions_needed":    {ZH: "需要企业扩容次数", EN: "Expansions needed"},
	"expansion_eligible":   {ZH: "可申请扩容", EN: "Expansion eligible"},
	"external_at_risk":     {ZH: "将丢失的外部联系人", EN: "External contacts at risk"},
	"verified":             {ZH: "企业已认证", EN: "Verified"},
	"daily_active_users":   {ZH: "每日使用人数", EN: "Daily active users"},
	"leavers":              {ZH: "离职成员", EN: "Leavers"},
	"receivers_over_cap":   {ZH: "超上限的接替人", EN: "Receivers over cap"},
	"assumed":              {ZH: "假设", EN: "Assumed"},
	"contact_name":         {ZH: "联系人", EN: "Contact"},
	"external_id":          {ZH: "外部联系人ID", EN: "External id"},
	"kind":                 {ZH: "类型", EN: "Kind"},
	"kind_customer":        {ZH: "客户", EN: "customer"},
	"kind_external":        {ZH: "外部联系人", EN: "external contact"},
	"added_at":             {ZH: "添加时间", EN: "Added"},
	"reason":               {ZH: "原因", EN: "Reason"},
	"passed":               {ZH: "通过", EN: "passed"},
	"failed":               {ZH: "未通过", EN: "failed"},
	"none":                 {ZH: "无", EN: "none"},

	// workbook (report/xlsx.go): sheet names, section titles, column headers
	// and notes only the workbook uses. Sheet names stay under Excel's 31
	// characters and avoid []:*?/\.
	"sheet_summary":        {ZH: "汇总", EN: "Summary"},
	"sheet_findings":       {ZH: "问题清单", EN: "Findings"},
	"sheet_departing":      {ZH: "离职成员", EN: "Departing"},
	"sheet_receivers":      {ZH: "接替人", EN: "Receivers"},
	"sheet_at_risk":        {ZH: "将丢失的联系人", EN: "At-risk contacts"},
	"sheet_enterprise":     {ZH: "企业额度", EN: "Enterprise"},
	"sheet_data_problems":  {ZH: "数据问题", EN: "Data problems"},
	"sheet_inputs":         {ZH: "输入文件", EN: "Inputs"},
	"key_figures":          {ZH: "关键数字", EN: "Key figures"},
	"findings_total":       {ZH: "问题总数", EN: "Findings"},
	"findings_by_severity": {ZH: "各严重程度问题数", EN: "Findings by severity"},
	"top_receivers":        {ZH: "接替人负载（按占上限比例从高到低）", EN: "Receiver load (highest share of cap first)"},
	"top_receivers_more":   {ZH: "仅列出前 %d 名，共 %d 名接替人；完整列表见“接替人”工作表。", EN: "Top %d of %d receivers; every receiver is on the Receivers sheet."},
	"chart_receiver_load":  {ZH: "接替人交接后客户数与上限", EN: "Receiver load against cap"},
	"no_receivers":         {ZH: "本次没有计划的接替人，因此没有负载图。", EN: "No receivers are planned in this run, so there is no load chart."},
	"no_findings":          {ZH: "未发现问题，因此没有问题分布图。", EN: "No findings, so there is no findings chart."},
	"masked_note":          {ZH: "联系人姓名和电话已脱敏。", EN: "Contact names and phone numbers are masked."},
	"member_name":          {ZH: "成员姓名", EN: "Member name"},
	"unassigned":           {ZH: "未分配客户数", EN: "Unassigned customers"},
	"transferable":         {ZH: "可交接", EN: "Transferable"},
	"expired":              {ZH: "已过交接期", EN: "Expired"},
	"login_stale":          {ZH: "离职前超一年未登录", EN: "Login stale"},
	"eligible":             {ZH: "符合接替条件", EN: "Eligible"},
	"reasons":              {ZH: "不符合原因", EN: "Reasons"},
	"handover_from":        {ZH: "交接自", EN: "Handed over from"},
	"field":                {ZH: "项目", EN: "Field"},
	"value":                {ZH: "值", EN: "Value"},
	"not_in_roster":        {ZH: "不在通讯录", EN: "not in roster"},
	"assumed_value":        {ZH: "（假设）", EN: " (assumed)"},
	"cap_after_expansions": {ZH: "扩容后企业上限", EN: "Cap after expansions"},
	"at_cap":               {ZH: "已达企业上限", EN: "At enterprise cap"},
	"run":                  {ZH: "本次审计", EN: "This run"},
	// verdict and three-state checks (issue 13).
	"state_pass":        {ZH: "通过", EN: "passed"},
	"state_fail":        {ZH: "未通过", EN: "failed"},
	"state_unknown":     {ZH: "未知", EN: "unknown"},
	"handover":          {ZH: "交接状态", EN: "Handover"},
	"handover_ready":    {ZH: "可交接", EN: "ready"},
	"handover_blocked":  {ZH: "受阻", EN: "blocked"},
	"handover_unknown":  {ZH: "未知", EN: "unknown"},
	"act_by":            {ZH: "最迟处理日", EN: "Act by"},
	"delete_account":    {ZH: "账号可以删除吗", EN: "May the account be deleted"},
	"gate_why":          {ZH: "原因", EN: "Why"},
	"lost_col":          {ZH: "已丢失", EN: "Lost"},
	"at_risk_col":       {ZH: "有风险", EN: "At risk"},
	"next_actions":      {ZH: "下一步（负责人 · 截止）", EN: "Next actions (who · due)"},
	"next_due":          {ZH: "最近截止", EN: "Next due"},
	"overdue_col":       {ZH: "已逾期", EN: "Overdue"},
	"route":             {ZH: "方式", EN: "Route"},
	"act_by_deletion":   {ZH: "离职日，须在删除账号前处理", EN: "departure date: act before the account is deleted"},
	"act_by_handover":   {ZH: "交接截止日", EN: "handover limit date"},
	"verdict_level":     {ZH: "结论级别", EN: "Verdict level"},
	"level_ready":       {ZH: "可交接", EN: "Ready"},
	"level_at_risk":     {ZH: "有风险", EN: "At risk"},
	"level_incomplete":  {ZH: "不完整", EN: "Incomplete"},
	"level_blocked":     {ZH: "全部受阻", EN: "Blocked"},
	"at_least":          {ZH: "至少 %s（部分未知）", EN: "at least %s (some unknown)"},
	"handovers_ready":   {ZH: "可交接的离职成员", EN: "Handovers ready"},
	"handovers_blocked": {ZH: "交接受阻的离职成员", EN: "Handovers blocked"},
	"handovers_unknown": {ZH: "交接状态未知的离职成员", EN: "Handovers unknown"},
	// pdf: labels used by the PDF report (report/pdf.go). Kept as one block
	// at the end of the map so that parallel additions merge cleanly.
	"pdf_subject":             {ZH: "离职交接前的合规审计", EN: "Pre-offboarding compliance audit"},
	"pdf_page_of":             {ZH: "第 {page} 页 / 共 {pages} 页", EN: "Page {page} of {pages}"},
	"pdf_generated_by":        {ZH: "由 auditor {version} 根据输入文件生成，所有日期以审计日期为准。", EN: "Generated by auditor {version} from the input files; every date counts from the as-of date."},
	"pdf_pii_masked":          {ZH: "本报告已对联系人姓名脱敏。", EN: "Contact names in this report are masked."},
	"pdf_findings_by_sev":     {ZH: "各严重程度的问题数", EN: "Findings by severity"},
	"pdf_exec_summary":        {ZH: "执行摘要", EN: "Executive summary"},
	"pdf_key_figures":         {ZH: "关键数据", EN: "Key figures"},
	"pdf_receivers_count":     {ZH: "接替人数", EN: "Receivers"},
	"pdf_chart_title":         {ZH: "接替人交接后客户数与上限", EN: "Receiver load against cap"},
	"pdf_chart_own":           {ZH: "自有客户", EN: "Own customers"},
	"pdf_chart_incoming":      {ZH: "接收的客户", EN: "Incoming customers"},
	"pdf_chart_near":          {ZH: "接近上限", EN: "Near cap"},
	"pdf_chart_over":          {ZH: "超出上限", EN: "Over cap"},
	"pdf_chart_cap_tick":      {ZH: "竖线：该接替人的上限", EN: "Tick: that receiver's cap"},
	"pdf_chart_axis":          {ZH: "客户数", EN: "Customers"},
	"pdf_chart_top":           {ZH: "仅显示相对上限负载最高的 {n} 名接替人（共 {total} 名），完整列表见审计工作簿。", EN: "Showing the {n} receivers with the highest load against cap, of {total}; the workbook lists all."},
	"pdf_no_receivers":        {ZH: "本次审计中没有计划的接替人。", EN: "No receivers are planned in this audit."},
	"pdf_findings":            {ZH: "问题清单", EN: "Findings"},
	"pdf_no_findings":         {ZH: "未发现问题。", EN: "No findings."},
	"pdf_findings_n":          {ZH: "{severity}（{n} 项）", EN: "{severity} ({n})"},
	"pdf_handover_sheets":     {ZH: "离职交接单", EN: "Handover sheets"},
	"pdf_handover_sheet":      {ZH: "离职交接单", EN: "Handover sheet"},
	"pdf_no_leavers":          {ZH: "本次审计没有离职成员。", EN: "No departing members in this audit."},
	"pdf_checks":              {ZH: "检查项", EN: "Checks"},
	"pdf_result":              {ZH: "结果", EN: "Result"},
	"pdf_check":               {ZH: "检查", EN: "Check"},
	"pdf_no_checks":           {ZH: "没有检查记录。", EN: "No checks recorded."},
	"pdf_at_risk":             {ZH: "将丢失的联系人（共 {total} 个）", EN: "Contacts at risk ({total})"},
	"pdf_at_risk_shown":       {ZH: "仅列出前 {n} 个，共 {total} 个；完整清单见审计工作簿。", EN: "The first {n} of {total} are listed; the workbook has the full list."},
	"pdf_lost":                {ZH: "将随账号丢失的联系人", EN: "Contacts to be lost"},
	"pdf_sheet_n":             {ZH: "离职交接单 第 {n} 份 / 共 {total} 份", EN: "Handover sheet {n} of {total}"},
	"pdf_no_at_risk":          {ZH: "没有列出将丢失的联系人（联系人导出为汇总表时无法逐个列出）。", EN: "No contacts at risk are listed (a summary contact export cannot list them one by one)."},
	"pdf_allocated":           {ZH: "分配数", EN: "Allocated"},
	"pdf_own":                 {ZH: "自有客户", EN: "Own"},
	"pdf_not_in_roster":       {ZH: "不在通讯录中", EN: "not in the roster"},
	"pdf_no_receiver_planned": {ZH: "未指定接替人。", EN: "No receiver planned."},
	"pdf_unassigned":          {ZH: "未分配客户", EN: "Unassigned customers"},
	"pdf_transferable":        {ZH: "可办理离职继承", EN: "Transferable"},
	"pdf_expired":             {ZH: "已超过交接期限", EN: "past the limit date"},
	"pdf_login_stale":         {ZH: "离职前一年内未登录", EN: "no login in the year before leaving"},
	"pdf_expired_days":        {ZH: "已过期 {days} 天", EN: "expired {days|day|days} ago"},
	"pdf_days":                {ZH: "{days} 天", EN: "{days|day|days}"},
	"pdf_eligible":            {ZH: "符合条件", EN: "Eligible"},
	"pdf_sign_off":            {ZH: "签字确认", EN: "Sign-off"},
	"pdf_sign_note":           {ZH: "签字即表示已阅读本交接单，确认上述交接安排及未通过的检查项已知悉。", EN: "By signing, each party confirms having read this sheet and knowing the handover plan and every failed check above."},
	"pdf_sign_role":           {ZH: "角色", EN: "Role"},
	"pdf_sign_hr":             {ZH: "人力资源（HR）", EN: "HR"},
	"pdf_sign_manager":        {ZH: "离职成员的上级", EN: "Leaver's manager"},
	"pdf_sign_receiver":       {ZH: "接替人", EN: "Receiver"},
	"pdf_signature":           {ZH: "签字", EN: "Signature"},
	"pdf_date":                {ZH: "日期", EN: "Date"},
	"pdf_appendix":            {ZH: "附录", EN: "Appendix"},
	"pdf_inputs":              {ZH: "输入文件", EN: "Inputs"},
	"pdf_no_inputs":           {ZH: "没有记录输入文件。", EN: "No input files recorded."},
	"pdf_data_problems":       {ZH: "数据问题（共 {total} 条）", EN: "Data problems ({total})"},
	"pdf_data_problems_shown": {ZH: "仅列出前 {n} 条，共 {total} 条；完整清单见审计工作簿。", EN: "The first {n} of {total} are listed; the workbook has them all."},
	"pdf_rules_in_force":      {ZH: "生效的规则", EN: "Rules in force"},
	"pdf_rules_disabled":      {ZH: "已停用的规则：{ids}", EN: "Disabled rules: {ids}"},
	"pdf_document":            {ZH: "文档信息", EN: "Document"},
	"pdf_font_note":           {ZH: "字体：霞鹜文楷（LXGW WenKai），SIL 开源字体许可证 1.1。", EN: "Font: LXGW WenKai, SIL Open Font License 1.1."},
	"pdf_role_roster":         {ZH: "通讯录", EN: "roster"},
	"pdf_role_contacts":       {ZH: "联系人导出", EN: "contacts"},
	"pdf_role_groups":         {ZH: "客户群", EN: "groups"},
	"pdf_role_plan":           {ZH: "离职交接表", EN: "handover sheet"},
	"pdf_role_profile":        {ZH: "企业信息", EN: "profile"},
	"pdf_role_rules":          {ZH: "规则文件", EN: "rules"},
	"pdf_cap_after":           {ZH: "扩容后上限 {cap}", EN: "cap {cap} after them"},
	"pdf_remediation_prefix":  {ZH: "处理建议：", EN: "Remediation: "},

	// documents (issue 14): the audit trail, the handover records, the
	// action table. One block, so that parallel additions merge cleanly.
	"not_stated":           {ZH: "未说明", EN: "not stated"},
	"trail":                {ZH: "审计记录", EN: "Audit trail"},
	"sheet_trail":          {ZH: "审计记录", EN: "Audit trail"},
	"report_id":            {ZH: "报告编号", EN: "Report id"},
	"generated_at":         {ZH: "生成时间", EN: "Generated"},
	"command_line":         {ZH: "命令行", EN: "Command line"},
	"rule_set_hash":        {ZH: "规则集 SHA-256", EN: "Rule-set SHA-256"},
	"exported_at":          {ZH: "文件记载的保存时间", EN: "Saved (as the file states)"},
	"thresholds":           {ZH: "生效的阈值", EN: "Thresholds in force"},
	"setting":              {ZH: "参数", EN: "Setting"},
	"meaning":              {ZH: "含义", EN: "Meaning"},
	"sources_legend":       {ZH: "规则依据说明", EN: "Sources the rules cite"},
	"fact":                 {ZH: "事实", EN: "Fact"},
	"published":            {ZH: "公开来源", EN: "Published in"},
	"trail_id_note":        {ZH: "报告编号由输入文件、规则集、审计日期和工具版本计算得出：同样的输入重新运行得到同样的编号。", EN: "The report id is computed from the input files, the rule set, the as-of date and the tool version: running the same inputs again gives the same id."},
	"trail_domain_note":    {ZH: "各依据的详细说明见项目文档 docs/domain.md。", EN: "Each source is explained at length in the project's docs/domain.md."},
	"role_roster":          {ZH: "通讯录", EN: "roster"},
	"role_contacts":        {ZH: "联系人导出", EN: "contacts"},
	"role_groups":          {ZH: "客户群", EN: "groups"},
	"role_plan":            {ZH: "离职交接表", EN: "handover sheet"},
	"role_profile":         {ZH: "企业信息", EN: "profile"},
	"role_rules":           {ZH: "规则文件", EN: "rules"},
	"role_workbook":        {ZH: "审计工作簿", EN: "audit workbook"},
	"pdf_footer_id":        {ZH: "报告编号 {id}", EN: "Report {id}"},
	"pdf_footer_sheet":     {ZH: "交接单 {n}/{total}", EN: "Sheet {n}/{total}"},
	"pdf_continued":        {ZH: "（续）", EN: " (continued)"},
	"pdf_sign_leaver":      {ZH: "交接人（离职成员）", EN: "Leaver (handing over)"},
	"pdf_sign_witness":     {ZH: "监交人", EN: "Witness"},
	"pdf_report_sign_off":  {ZH: "报告签批", EN: "Report sign-off"},
	"pdf_report_sign_note": {ZH: "编制人确认报告据所列输入文件生成；审核人已核对结论与各交接单；批准人同意据此执行交接与删除账号。", EN: "The preparer confirms the report was produced from the inputs listed; the reviewer has checked the conclusions against the handover sheets; the approver agrees to hand over and delete accounts on this basis."},
	"pdf_prepared_by":      {ZH: "编制人", EN: "Prepared by"},
	"pdf_reviewed_by":      {ZH: "审核人", EN: "Reviewed by"},
	"pdf_approved_by":      {ZH: "批准人", EN: "Approved by"},
	"pdf_at_risk_where":    {ZH: "完整清单：本报告附录“将丢失的联系人”。", EN: "Full list: the appendix “Contacts at risk” of this report."},
	"pdf_at_risk_book":     {ZH: "完整清单：审计工作簿 {file} 的“{sheet}”工作表（SHA-256 {sha}）。", EN: "Full list: sheet “{sheet}” of the audit workbook {file} (SHA-256 {sha})."},
	"pdf_at_risk_count":    {ZH: "将丢失的联系人：{n}。", EN: "Contacts at risk: {n}."},
	"pdf_at_risk_all":      {ZH: "将丢失的联系人（完整清单）", EN: "Contacts at risk (full list)"},
	"pdf_at_risk_of":       {ZH: "{who}：{n}", EN: "{who}: {n}"},
	"pdf_at_risk_too_many": {ZH: "共 {total} 个联系人，超过 PDF 可列出的 {max} 个；完整清单在审计工作簿 {file} 的“{sheet}”工作表（SHA-256 {sha}）。", EN: "{total} contacts, more than the {max} a PDF lists; the full list is sheet “{sheet}” of the audit workbook {file} (SHA-256 {sha})."},
	"pdf_actions_too_many": {ZH: "以上为最紧急的 {n} 名，共 {total} 名离职成员；完整清单在审计工作簿 {file} 的“{sheet}”工作表（SHA-256 {sha}）。", EN: "The {n} most urgent of {total} leavers; the full list is sheet “{sheet}” of the audit workbook {file} (SHA-256 {sha})."},
	"pdf_sheets_apart":     {ZH: "本次共 {n} 名离职成员，超过 {max} 名，每人的离职交接单是一个单独的 PDF 文件，放在本报告旁的文件夹 {dir} 中：{dir}/<userid>.pdf（文件名不能包含的字符替换为 _）。每份交接单带有本报告编号 {id}、自己的页码和签字栏。同一次运行的 JSON 报告（report_set）列出每个文件及其 SHA-256。", EN: "This run has {n} leavers, more than {max}: each leaver's handover sheet is a PDF of its own in the folder {dir} beside this report, {dir}/<userid>.pdf (characters a file name cannot hold are replaced by _). Each sheet carries this report's id {id}, page numbers of its own and its sign-off block. The JSON report of the same run lists every file with its SHA-256 (report_set)."},
	"pdf_sheet_of_report":  {ZH: "属于报告 {id}（{file}）", EN: "Part of report {id} ({file})"},
	"pdf_passed_list":      {ZH: "通过的 {n}", EN: "{n} passed"},
	"pdf_actions":          {ZH: "需要处理的离职成员（{n}）", EN: "Leavers who need something done ({n})"},
	"pdf_actions_none":     {ZH: "所有交接均可进行，无需额外处理。", EN: "Every handover can go ahead; nothing else to do."},
	"pdf_do_not_delete":    {ZH: "删除账号不早于 / 最迟处理日", EN: "Do not delete before / act by"},
	"pdf_at_stake":         {ZH: "涉及", EN: "At stake"},
	"pdf_action":           {ZH: "处理事项", EN: "Action"},
	"pdf_owner":            {ZH: "负责", EN: "Owner"},
	"chart_ineligible":     {ZH: "不符合接替条件", EN: "Not eligible"},
	"chart_over_cap":       {ZH: "超出上限", EN: "Over cap"},
	"chart_within":         {ZH: "未超上限", EN: "Within cap"},
}

// L returns the label in lang; an unknown key comes back as itself so that a
// missing label is visible in the report rather than blank.
func L(key, lang string) string {
	if t, ok := labels[key]; ok {
		return t.In(lang)
	}
	return key
}

// SeverityLabel is the severity's name in lang.
func SeverityLabel(s rules.Severity, lang string) string { return L(s.String(), lang) }

// StatusLabel is a status's name in lang.
func StatusLabel(s audit.Status, lang string) string { return L(s.String(), lang) }

// TriLabel renders yes/no/unknown in lang.
func TriLabel(t audit.Tri, lang string) string { return L(t.String(), lang) }

// CheckStateLabel is a check's state with its mark: ✓ passed, ✗ failed,
// ? unknown. Unknown is never drawn as ✓.
func CheckStateLabel(st audit.CheckState, lang string) string {
	switch st {
	case audit.Fail:
		return "✗ " + L("state_fail", lang)
	case audit.CheckUnknown:
		return "? " + L("state_unknown", lang)
	}
	return "✓ " + L("state_pass", lang)
}

// HandoverLabel is a leaver's handover state in lang.
func HandoverLabel(s audit.HandoverState, lang string) string { return L("handover_"+s.String(), lang) }

// LevelLabel is the verdict level's name in lang.
func LevelLabel(v audit.VerdictLevel, lang string) string { return L("level_"+v.String(), lang) }

// ActByLabel is the act-by date with what it is for, or 未知 / unknown.
func ActByLabel(l *audit.Leaver, lang string) string {
	if l.ActBy.IsZero() {
		return L("unknown", lang)
	}
	why := L("act_by_handover", lang)
	if l.ActByDeletion {
		why = L("act_by_deletion", lang)
	}
	if lang == "en" {
		return l.ActBy.String() + " (" + why + ")"
	}
	return l.ActBy.String() + "（" + why + "）"
}

// TransferableLabel says whether WeCom would take the resigned-member
// transfer: unknown when the deadline checks could not be settled.
func TransferableLabel(l *audit.Leaver, lang string) string {
	return TriLabel(audit.Transferability(l), lang)
}

// ExternalLabel is a leaver's plain external contacts, or 未知 / unknown.
func ExternalLabel(l *audit.Leaver, lang string) string {
	if !audit.ExternalKnown(l) {
		return L("unknown", lang)
	}
	return audit.Thousands(l.External)
}

// GroupsLabel is a leaver's groups, or 未知 / unknown without a groups export.
func GroupsLabel(l *audit.Leaver, lang string) string {
	if l.GroupsUnknown {
		return L("unknown", lang)
	}
	return audit.Thousands(l.Groups)
}

// ExternalAtRiskLabel is the enterprise's external contacts at risk: a
// lower bound, said so, when some leavers' contacts cannot be seen.
func ExternalAtRiskLabel(res *audit.Result, lang string) string {
	return lowerBound(res, res.Enterprise.ExternalAtRisk, lang)
}

// lowerBound is n, or "at least n (some unknown)" when some leavers'
// external contacts cannot be seen, or plain unknown when nothing is known.
func lowerBound(res *audit.Result, n int, lang string) string {
	switch {
	case len(res.Enterprise.ExternalUnknownFor) == 0:
		return audit.Thousands(n)
	case n == 0:
		return L("unknown", lang)
	}
	return fmt.Sprintf(L("at_least", lang), audit.Thousands(n))
}

// ExpansionsLabel is the expansions needed, a lower bound when some
// external contacts are unknown.
func ExpansionsLabel(res *audit.Result, lang string) string {
	return lowerBound(res, res.Enterprise.ExpansionsNeeded, lang)
}

// Verdict is the one-paragraph conclusion shared by stdout, the JSON, the
// workbook and the PDF: the level, the handovers leaver by leaver, what
// the critical findings put at risk, and what the inputs could not show.
func Verdict(res *audit.Result, lang string) string {
	v := res.Verdict
	n := len(res.Departing)
	// What is lost is the decisions' (past the limit, or no login before
	// leaving): the verdict adds them up and decides nothing itself.
	lost := 0
	for i := range res.Departing {
		if c := res.Departing[i].Decision.Lost.Customers; c != nil {
			lost += *c
		}
	}
	var risks []string
	if k := res.Enterprise.ExternalAtRisk; k > 0 {
		risks = append(risks, Lf(lang, fmt.Sprintf("%s 个外部联系人将随账号删除而丢失", audit.Thousands(k)),
			fmt.Sprintf("%s will be lost with the accounts", plural(k, "external contact", "external contacts"))))
	}
	if lost > 0 {
		risks = append(risks, Lf(lang, fmt.Sprintf("%s 个客户已无法交接（已过交接期限或离职前一年内未登录）", audit.Thousands(lost)),
			fmt.Sprintf("%s can no longer be handed over (past the limit date, or no login in the year before leaving)", plural(lost, "customer", "customers"))))
	}
	if res.Enterprise.AtCap {
		risks = append(risks, Lf(lang, "企业客户数已达上限，所有交接都被阻止", "the enterprise is at its customer cap, which blocks every handover"))
	}
	var b strings.Builder
	if lang == "en" {
		b.WriteString(LevelLabel(v.Level, lang) + ": ")
		switch {
		case n == 0:
			b.WriteString("no departing member was audited.")
		case v.Ready == n && n == 1:
			b.WriteString("the one handover can go ahead.")
		case v.Ready == n:
			fmt.Fprintf(&b, "all %s can go ahead.", plural(n, "handover", "handovers"))
		default:
			fmt.Fprintf(&b, "%d of %s can go ahead; %d blocked, %d unknown.", v.Ready, plural(n, "handover", "handovers"), v.Blocked, v.Unknown)
		}
		if len(risks) > 0 {
			r := strings.Join(risks, "; ")
			b.WriteString(" " + strings.ToUpper(r[:1]) + r[1:] + " unless fixed before the accounts are deleted.")
		}
		if s := res.Summary; s.Total() > 0 {
			fmt.Fprintf(&b, " %s: %d critical, %d high.", capitalizeFirst(plural(s.Total(), "finding", "findings")), s.Critical, s.High)
		}
		for _, m := range v.Missing {
			b.WriteString(" Not shown: " + m.Hides.In("en") + "; " + m.Add.In("en") + ".")
		}
		return b.String()
	}
	b.WriteString(LevelLabel(v.Level, lang) + "：")
	switch {
	case n == 0:
		b.WriteString("本次没有审计任何离职成员。")
	case v.Ready == n:
		fmt.Fprintf(&b, "%d 名离职成员均可交接。", n)
	default:
		fmt.Fprintf(&b, "%d 名离职成员中 %d 名可交接，%d 名受阻，%d 名未知。", n, v.Ready, v.Blocked, v.Unknown)
	}
	if len(risks) > 0 {
		b.WriteString("若不在删除账号前处理：" + strings.Join(risks, "；") + "。")
	}
	if s := res.Summary; s.Total() > 0 {
		fmt.Fprintf(&b, "共 %d 项问题，其中严重 %d 项、高风险 %d 项。", s.Total(), s.Critical, s.High)
	}
	for _, m := range v.Missing {
		b.WriteString("无法看到：" + m.Hides.In("zh") + "；请" + m.Add.In("zh") + "。")
	}
	return b.String()
}

// plural is "1 finding" or "2 findings", with thousands separators.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return audit.Thousands(n) + " " + many
}

func capitalizeFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Count writes n with its noun: in English "1 finding", "2 findings"; in
// Chinese the number and the measure word, "2 项问题" (zh is the whole unit
// after the number, "项问题").
func Count(lang string, n int, zh, one, many string) string {
	if lang != "en" {
		return audit.Thousands(n) + " " + zh
	}
	if n == 1 {
		return "1 " + one
	}
	return audit.Thousands(n) + " " + many
}

// MaskName keeps a name's first character: 张三丰 → 张**, John → J***.
func MaskName(s string) string {
	n := utf8.RuneCountInString(s)
	if n <= 1 {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	_ = r
	return s[:size] + strings.Repeat("*", n-1)
}

// MaskPhone keeps the first three and last four digits: 13800000000 → 138****0000.
func MaskPhone(s string) string {
	rs := []rune(s)
	if len(rs) <= 7 {
		return strings.Repeat("*", len(rs))
	}
	return string(rs[:3]) + strings.Repeat("*", len(rs)-7) + string(rs[len(rs)-4:])
}
