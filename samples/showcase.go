package samples

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// ShowcaseFiles are the sample enterprise's files, as HR would pass them.
var ShowcaseFiles = struct {
	Roster, Customers, External, Summary, Groups, Plan, Profile string
}{
	"roster.xlsx", "customers.xlsx", "external-contacts.csv", "contact-summary.xlsx", "groups.xlsx", "handover.xlsx", "profile.yaml",
}

// ShowcaseAsOf is the date the README audits the showcase on.
const ShowcaseAsOf = "2026-11-30"

type showMember struct {
	name, userid, dept, status, scope, activated, realName, lastLogin, cap, receiver string
	customers, external                                                              int
}

// showcase is a small enterprise built so that most rules fire, each for a
// reason a WeCom administrator will recognise (as of 2026-11-30).
var showcase = []showMember{
	{"张三", "zhangsan", "销售部/华东大区", "待离职", "否", "已激活", "是", "2026-11-28", "", "", 0, 312},
	{"王芳", "wangfang", "销售部/华东大区", "待离职", "是", "已激活", "是", "2026-11-29", "", "zhaolei", 290, 0},
	{"赵磊", "zhaolei", "销售部/华东大区", "在职", "是", "已激活", "是", "2026-11-29", "", "", 60, 0},
	{"李强", "liqiang", "销售部/华南大区", "已离职", "是", "已激活", "是", "2025-11-01", "", "", 40, 0},
	{"陈静", "chenjing", "客户成功部", "已离职", "是", "已激活", "是", "2025-12-01", "", "liuyang", 120, 0},
	{"刘洋", "liuyang", "客户成功部", "待离职", "是", "已激活", "是", "2026-11-27", "", "", 30, 0},
	{"孙丽", "sunli", "渠道部/代理商管理", "已离职", "是", "已激活", "是", "2025-08-01", "", "zhuli", 25, 0},
	{"黄伟", "huangwei", "市场部", "待离职", "是", "已激活", "是", "2026-11-20", "", "", 80, 0},
	{"周敏", "zhoumin", "财务部", "待离职", "否", "已激活", "是", "2026-11-02", "", "", 0, 0},
	{"吴鹏", "wupeng", "产品部", "待离职", "", "已激活", "是", "2026-11-25", "", "", 0, 0},
	{"徐杰", "xujie", "售后服务部", "待离职", "是", "已激活", "是", "2026-11-26", "", "guojun", 10, 0},
	{"郭军", "guojun", "售后服务部", "在职", "是", "已激活", "否", "2026-11-29", "", "", 15, 0},
	{"马刚", "magang", "销售部/华北大区", "待离职", "是", "已激活", "是", "2026-11-29", "", "ghost01", 55, 0},
	{"朱丽", "zhuli", "渠道部/代理商管理", "在职", "是", "已激活", "是", "2026-11-29", "", "", 70, 0},
	{"胡涛", "hutao", "客户成功部", "在职", "是", "已禁用", "是", "2026-10-01", "", "", 20, 0},
	{"高峰", "gaofeng", "销售部/华北大区", "在职", "是", "已激活", "是", "2026-11-29", "8000", "", 30, 0},
	{"林雨", "linyu", "市场部", "在职", "是", "已激活", "是", "2026-11-29", "30000", "", 12, 0},
	{"王堃", "wangkun", "销售部/华南大区", "在职", "是", "已激活", "是", "2026-11-29", "", "", 18, 0},
	{"李喆", "lizhe", "渠道部/代理商管理", "待离职", "否", "未激活", "是", "2026-11-29", "", "", 0, 45},
	{"张玥", "zhangyue", "销售部/华东大区", "在职", "是", "已激活", "是", "2026-11-29", "", "", 22, 0},
	{"ZhangSan", "ZhangSan", "销售部/华东大区", "在职", "是", "已激活", "是", "2026-11-29", "", "", 0, 0},
}

// showDates are departure dates (the handover sheet carries them, D21).
var showDates = map[string]string{
	"zhangsan": "2026-12-05", "wangfang": "2026-12-10", "liqiang": "2025-11-20", "chenjing": "2025-12-15",
	"liuyang": "2026-12-20", "sunli": "2026-10-01", "huangwei": "2026-12-18", "zhoumin": "2026-12-31",
	"wupeng": "2026-12-08", "magang": "2026-12-12", "lizhe": "2026-12-03",
}

// bulk are the sales teams whose books only appear in the per-member
// summary export: they bring the enterprise close to its cap.
func bulk() []showMember {
	var ms []showMember
	for i := 1; i <= 40; i++ {
		ms = append(ms, showMember{name: fmt.Sprintf("销售%02d", i), userid: fmt.Sprintf("sales%02d", i), dept: "销售部/电销中心",
			status: "在职", scope: "是", activated: "已激活", realName: "是", lastLogin: "2026-11-29", customers: 792})
	}
	// zhaolei and gaofeng hold big books too, listed in the summary export.
	ms = append(ms,
		showMember{userid: "zhaolei", customers: 4810},
		showMember{userid: "gaofeng", customers: 7990},
		showMember{userid: "zhuli", customers: 4420})
	return ms
}

// Showcase writes the sample enterprise into dir.
func Showcase(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	all := append([]showMember(nil), showcase...)
	for _, b := range bulk() {
		if b.name != "" {
			all = append(all, b)
		}
	}
	if err := showRoster(filepath.Join(dir, ShowcaseFiles.Roster), all); err != nil {
		return err
	}
	if err := showCustomers(filepath.Join(dir, ShowcaseFiles.Customers)); err != nil {
		return err
	}
	if err := showExternal(filepath.Join(dir, ShowcaseFiles.External)); err != nil {
		return err
	}
	if err := showSummary(filepath.Join(dir, ShowcaseFiles.Summary)); err != nil {
		return err
	}
	if err := showGroups(filepath.Join(dir, ShowcaseFiles.Groups)); err != nil {
		return err
	}
	if err := showPlan(filepath.Join(dir, ShowcaseFiles.Plan)); err != nil {
		return err
	}
	profile := "# 企业概况 (SPEC §2.6)\ncompany: 示例科技有限公司\nverified: true\ndaily_active_users: 45\nenterprise_cap: 50000\nmember_cap_default: 5000\nnear_cap_ratio: 0.9\n"
	return os.WriteFile(filepath.Join(dir, ShowcaseFiles.Profile), []byte(profile), 0o644)
}

func writeSheet(path, sheet string, rows [][]any) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return err
		}
	}
	return saveAtomic(f, path)
}

func showRoster(path string, ms []showMember) error {
	rows := [][]any{
		{"通讯录导出"},
		{"企业：示例科技有限公司    导出时间：2026-11-30 09:00"},
		{"姓名", "账号", "部门", "状态", "客户联系", "激活状态", "实名认证", "最近登录时间", "客户上限", "接替人", "手机"},
	}
	for i, m := range ms {
		var capCell any
		if m.cap != "" {
			capCell = m.cap
		}
		rows = append(rows, []any{m.name, m.userid, m.dept, m.status, m.scope, m.activated, m.realName, m.lastLogin, capCell, m.receiver,
			fmt.Sprintf("138%08d", 10000000+i*7919)})
	}
	return writeSheet(path, "成员列表", rows)
}

// showCustomers is a customer export in WeCom's shape (D20) with the
// external id column SCRM exports add.
func showCustomers(path string) error {
	rows := [][]any{{"客户名称", "描述", "添加人", "添加人账号", "添加人所属部门", "添加时间", "来源", "手机", "企业", "客户ID"}}
	id := 0
	add := func(owner, ownerName, dept string, n int, shareWith int) {
		for i := 0; i < n; i++ {
			id++
			ext := fmt.Sprintf("wmAbC%06d", id)
			if shareWith > 0 && i < shareWith {
				// Customers the receiver already has: no double count (D15).
				ext = fmt.Sprintf("wmShared%04d", i)
			}
			rows = append(rows, []any{customerName(id), "", ownerName, owner, dept, fmt.Sprintf("2025-%02d-%02d 10:%02d", 1+id%12, 1+id%28, id%60),
				sources[id%len(sources)], fmt.Sprintf("+86 139%08d", id*3571%100000000), "", ext})
		}
	}
	for _, m := range showcase {
		switch m.userid {
		case "wangfang":
			add(m.userid, m.name, m.dept, m.customers, 20)
		case "zhaolei":
			add(m.userid, m.name, m.dept, m.customers, 20)
		default:
			add(m.userid, m.name, m.dept, m.customers, 0)
		}
	}
	// A formula-looking contact name must stay text in every report.
	rows = append(rows, []any{"=HYPERLINK(\"http://example.com\",\"点我\")", "", "张玥", "zhangyue", "销售部/华东大区", "2026-01-05 09:00", "其他", "", "", "wmAbC999999"})
	// A departed temp whose account is already gone from the roster.
	for i := 0; i < 6; i++ {
		rows = append(rows, []any{customerName(900 + i), "", "临时工", "temp01", "市场部", "2026-02-01 10:00", "其他", "", "", fmt.Sprintf("wmTemp%02d", i)})
	}
	// The same customer exported twice for zhangyue.
	rows = append(rows, []any{customerName(5), "", "张玥", "zhangyue", "销售部/华东大区", "2026-01-05 09:00", "其他", "", "", "wmAbC999999"})
	// An unreadable date: reported with its place, the row kept.
	rows = append(rows, []any{customerName(7), "", "王堃", "wangkun", "销售部/华南大区", "去年", "其他", "", "", "wmAbC888888"})
	return writeSheet(path, "客户列表", rows)
}

func customerName(i int) string {
	first := []string{"上海", "杭州", "深圳", "北京", "苏州", "成都"}
	kind := []string{"贸易", "科技", "物流", "餐饮", "建材", "医疗"}
	return first[i%len(first)] + kind[(i/6)%len(kind)] + fmt.Sprintf("有限公司-%s", string(surnames[i%len(surnames)])+"经理")
}

// showExternal lists the plain external contacts of members outside the
// scope, as Excel on a Chinese Windows saves CSV: GBK (D22).
func showExternal(path string) error {
	var b bytes.Buffer
	b.WriteString("成员账号,外部联系人ID,外部联系人,联系人类型,添加时间\r\n")
	n := 0
	for _, m := range showcase {
		for i := 0; i < m.external; i++ {
			n++
			fmt.Fprintf(&b, "%s,wo%07d,%s,外部联系人,2026/%d/%d\r\n", m.userid, n, string(surnames[n%len(surnames)])+given[n%len(given)], 1+n%11, 1+n%28)
		}
	}
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(b.Bytes())
	if err != nil {
		return err
	}
	return os.WriteFile(path, gbk, 0o644)
}

func showSummary(path string) error {
	rows := [][]any{{"成员账号", "客户数", "外部联系人数"}}
	for _, m := range bulk() {
		rows = append(rows, []any{m.userid, m.customers, 0})
	}
	return writeSheet(path, "成员客户统计", rows)
}

func showGroups(path string) error {
	rows := [][]any{{"群ID", "群名称", "群主账号", "群人数"}}
	owners := []struct {
		owner string
		n     int
	}{{"liuyang", 320}, {"wangfang", 3}, {"liqiang", 2}, {"zhaolei", 4}}
	i := 0
	for _, o := range owners {
		for g := 0; g < o.n; g++ {
			i++
			rows = append(rows, []any{fmt.Sprintf("wrOgQhDgAA%06d", i), fmt.Sprintf("%s客户群%d", o.owner, g+1), o.owner, 5 + i%200})
		}
	}
	return writeSheet(path, "客户群列表", rows)
}

// showPlan is HR's handover sheet (离职交接表): dates, receivers and one
// split handover with counts.
func showPlan(path string) error {
	rows := [][]any{{"离职人账号", "姓名", "离职日期", "接替人账号", "数量", "备注"}}
	for _, m := range showcase {
		date, ok := showDates[m.userid]
		if !ok && m.status == "在职" {
			continue
		}
		switch m.userid {
		case "liuyang":
			rows = append(rows, []any{m.userid, m.name, date, "zhuli", 20, "拆分交接"}, []any{m.userid, m.name, date, "hutao", 10, "拆分交接"})
			continue
		case "xujie":
			rows = append(rows, []any{m.userid, m.name, nil, m.receiver, nil, "离职日期待定"})
			continue
		}
		rows = append(rows, []any{m.userid, m.name, date, m.receiver, nil, ""})
	}
	return writeSheet(path, "离职交接表", rows)
}
