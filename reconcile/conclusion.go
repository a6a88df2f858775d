package reconcile

import (
	"fmt"
	"strings"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/catalog/explain"
	"github.com/wecom-audit/auditor/rules"
)

// labels of the reconcile workbook and PDF, zh and en.
var labels = map[string]rules.Text{
	"closure":         {ZH: "交接结案", EN: "Closure"},
	"customers":       {ZH: "客户", EN: "Customers"},
	"groups":          {ZH: "客户群", EN: "Groups"},
	"findings":        {ZH: "发现", EN: "Findings"},
	"lost":            {ZH: "流失客户", EN: "Lost customers"},
	"codes":           {ZH: "错误码", EN: "Error codes"},
	"inputs":          {ZH: "输入文件", EN: "Inputs"},
	"member":          {ZH: "成员账号", EN: "Member"},
	"name":            {ZH: "姓名", EN: "Name"},
	"status":          {ZH: "状态", EN: "Status"},
	"route":           {ZH: "继承方式", EN: "Route"},
	"limit_date":      {ZH: "期限", EN: "Limit date"},
	"planned":         {ZH: "计划", EN: "Planned"},
	"done":            {ZH: "接替完毕", EN: "Done"},
	"waiting":         {ZH: "等待接替", EN: "Waiting"},
	"refused":         {ZH: "客户拒绝", EN: "Refused"},
	"cap_reached":     {ZH: "达到上限", EN: "Cap reached"},
	"not_started":     {ZH: "未开始", EN: "Not started"},
	"moved_elsewhere": {ZH: "转给他人", EN: "Moved elsewhere"},
	"unknown":         {ZH: "未知", EN: "Unknown"},
	"normal":          {ZH: "群主正常", EN: "Owner active"},
	"lost_n":          {ZH: "流失", EN: "Lost"},
	"open_groups":     {ZH: "未完成的群", EN: "Open groups"},
	"closing":         {ZH: "结论", EN: "Conclusion"},
	"customer_id":     {ZH: "客户ID", EN: "Customer ID"},
	"customer":        {ZH: "客户名称", EN: "Customer"},
	"leaver":          {ZH: "离职成员", EN: "Leaver"},
	"receiver":        {ZH: "接替成员", EN: "Receiver"},
	"state":           {ZH: "结果", EN: "Outcome"},
	"date":            {ZH: "日期", EN: "Date"},
	"errcode":         {ZH: "错误码", EN: "Error code"},
	"reason":          {ZH: "说明", EN: "Reason"},
	"evidence":        {ZH: "依据", EN: "Evidence"},
	"chat_id":         {ZH: "群ID", EN: "Chat ID"},
	"new_owner":       {ZH: "新群主", EN: "New owner"},
	"rule":            {ZH: "规则", EN: "Rule"},
	"severity":        {ZH: "严重度", EN: "Severity"},
	"count":           {ZH: "数量", EN: "Count"},
	"message":         {ZH: "说明", EN: "Message"},
	"remediation":     {ZH: "处理办法", EN: "Remediation"},
	"source":          {ZH: "来源", EN: "Source"},
	"scope":           {ZH: "对象", EN: "Scope"},
	"meaning":         {ZH: "含义", EN: "Meaning"},
	"role":            {ZH: "角色", EN: "Role"},
	"file":            {ZH: "文件", EN: "File"},
	"rows":            {ZH: "行数", EN: "Rows"},
	"sha256":          {ZH: "SHA-256", EN: "SHA-256"},
	"onjob":           {ZH: "在职继承", EN: "on-job transfer"},
	"resigned":        {ZH: "离职继承", EN: "resigned-member transfer"},
	"departing":       {ZH: "待离职", EN: "departing"},
	"departed":        {ZH: "已离职", EN: "departed"},
	"yes":             {ZH: "是", EN: "yes"},
	"none":            {ZH: "无", EN: "none"},
}

// L returns a reconcile label in lang; an unknown key is returned as is.
func L(key, lang string) string {
	if t, ok := labels[key]; ok {
		return t.In(lang)
	}
	return key
}

// Conclusion is a leaver's closing line: "handover complete on <date>", or
// what is still open.
func Conclusion(l *Leaver, lang string) string {
	c := l.Counts
	if l.Closed && c.Planned == 0 && len(l.Groups) == 0 {
		return pick(lang, "无需交接：没有客户或客户群", "Nothing to hand over: no customers or groups")
	}
	if l.Closed {
		lost := ""
		if c.Lost > 0 {
			lost = fmt.Sprintf(pick(lang, "（%d 个客户流失）", " (%d customers lost)"), c.Lost)
		}
		if l.ClosedOn.IsZero() {
			return pick(lang, "交接已完成（完成日期未知）", "Handover complete (date unknown)") + lost
		}
		return fmt.Sprintf(pick(lang, "交接已于 %s 完成", "Handover complete on %s"), l.ClosedOn) + lost
	}
	var parts []string
	add := func(n int, zh, en string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf(pick(lang, zh, en), n))
		}
	}
	add(c.Waiting, "%d 个等待接替", "%d waiting")
	add(c.CapReached, "%d 个因接替成员达到上限需重新分配", "%d to hand over again (receiver at their cap)")
	add(c.NotStarted-lostAmong(l, rules.StateNotStarted), "%d 个尚未开始", "%d not started")
	add(c.Refused-lostAmong(l, rules.StateRefused), "%d 个拒绝在职继承、仍在原成员名下", "%d refused the on-job transfer and stay with the member")
	add(c.Unknown-lostAmong(l, rules.StateUnknown), "%d 个结果未知", "%d with no outcome seen")
	add(l.OpenGroups(), "%d 个客户群未完成", "%d groups not handed over")
	add(c.Lost, "%d 个客户已流失", "%d customers lost")
	// The rest is the decision's, in its own words: whether the account
	// may be deleted, and what is still at risk (unknown stays unknown).
	d := &l.Decision
	parts = append(parts, catalog.T(lang, "label.at_risk", nil)+pick(lang, "：", ": ")+explain.CountsOrNone(lang, d.AtRisk),
		catalog.T(lang, "gate.question", nil)+pick(lang, "：", ": ")+explain.Gate(lang, d.DeleteAccount))
	sep := pick(lang, "；", "; ")
	return pick(lang, "尚未完成：", "Still open: ") + strings.Join(parts, sep)
}

func lostAmong(l *Leaver, state string) int {
	n := 0
	for _, c := range l.Customers {
		if c.Lost && c.State == state {
			n++
		}
	}
	return n
}

func pick(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}
