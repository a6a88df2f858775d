package xlsxstream

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

var updateTemplates = flag.Bool("update-templates", false, "rewrite testdata/wecom-template from lookalikeTemplate")

// templateDir holds look-alikes of WeCom's address-book import template
// (通讯录批量导入模板.xlsx, DOMAIN D19): sheet 成员列表, eight merged
// instruction rows, the header on row 9. The real files are not ours to
// copy (../shared/real has two, used when present); these are written by
// lookalikeTemplate with instructions of our own wording and invented
// members, so that the template checks run on a fresh clone.
var templateDir = filepath.Join("testdata", "wecom-template")

// templateHeaders are the template's columns, as WeCom names them.
var templateHeaders = []string{"姓名", "帐号", "别名", "职务", "部门", "性别", "手机", "座机", "个人邮箱", "地址", "企业简称"}

// lookalikeTemplate writes the template with members rows: the blank
// template's one example row when members is 1, else members 小李NN.
// Phone numbers are stored as numbers, as in the filled real template.
func lookalikeTemplate(path string, members int) error {
	f := excelize.NewFile()
	defer f.Close()
	const sh = "成员列表"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	notes := []string{
		"填写说明：",
		"1、请勿增加、删除或改动本表的成员信息列；",
		"2、红色列必须填写，其余列可不填（手机与个人邮箱至少填一项）；单元格内不要使用中文逗号“，”；",
		"3、帐号是成员的唯一标识，1 至 32 位，可用字母、数字、点(.)、减号(-)、下划线(_)；帐号相同的行会覆盖导入；",
		"4、部门按上下级用“/”分隔，从最上级写起，例如“示例公司/销售部/华南组”；多个部门用“；”分隔，第一个为主部门；",
		"5、手机号可填国内或国际号码，国际号码以“+”和国家地区码开头；",
		"6、网页类字段写作“网页名称；网页地址”，地址以 http:// 或 https:// 开头；",
		"7、企业简称须为已通过认证的简称。",
	}
	noteStyle, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	if err != nil {
		return err
	}
	required, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FF0000"}})
	if err != nil {
		return err
	}
	optional, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for i, n := range notes {
		a, l := fmt.Sprintf("A%d", i+1), fmt.Sprintf("L%d", i+1)
		if err := f.SetCellStr(sh, a, n); err != nil {
			return err
		}
		if err := f.MergeCell(sh, a, l); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, a, l, noteStyle); err != nil {
			return err
		}
	}
	for i, h := range templateHeaders {
		cell, _ := excelize.CoordinatesToCellName(i+1, 9)
		if err := f.SetCellStr(sh, cell, h); err != nil {
			return err
		}
		st := optional
		if h == "姓名" || h == "帐号" || h == "部门" {
			st = required
		}
		if err := f.SetCellStyle(sh, cell, cell, st); err != nil {
			return err
		}
	}
	for i := 0; i < members; i++ {
		row := []any{"张三（示例）", "sanzhang", "jackzhang", "产品经理", "示例公司/华南研发部", "男", "13800000000", "020-88880000", "sanzhang@example.com"}
		if members > 1 {
			n := i + 11
			row = []any{fmt.Sprintf("小李%d", n), fmt.Sprintf("xiaoli%d", n), fmt.Sprintf("xiaoli%d", n), "销售", "示例公司/销售部",
				"女", 13800000012 + i, fmt.Sprintf("020-8888%04d", n), fmt.Sprintf("xiaoli%d@example.com", n)}
		}
		if err := f.SetSheetRow(sh, fmt.Sprintf("A%d", 10+i), &row); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sh, "A", "L", 20); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// templateFiles are the look-alikes: the blank template and a filled one.
var templateFiles = []struct {
	name    string
	members int
}{
	{"wecom-address-book-template-lookalike.xlsx", 1},
	{"wecom-address-book-template-lookalike-filled.xlsx", 17},
}

// TestTemplateLookalikes: the committed look-alikes are what
// lookalikeTemplate writes (run with -update-templates after changing it),
// with the layout of the real template: header on row 9 under eight
// merged rows.
func TestTemplateLookalikes(t *testing.T) {
	for _, c := range templateFiles {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(templateDir, c.name)
			if *updateTemplates {
				if err := os.MkdirAll(templateDir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := lookalikeTemplate(path, c.members); err != nil {
					t.Fatal(err)
				}
			}
			fresh := filepath.Join(t.TempDir(), c.name)
			if err := lookalikeTemplate(fresh, c.members); err != nil {
				t.Fatal(err)
			}
			want, got := templateRows(t, fresh), templateRows(t, path)
			if !slices.EqualFunc(want, got, slices.Equal) {
				t.Fatalf("%s is not what lookalikeTemplate writes (run go test -run TestTemplateLookalikes -update-templates)", path)
			}
			if len(got) != 9+c.members || !slices.Equal(got[8], templateHeaders) {
				t.Errorf("%d rows, row 9 = %q", len(got), got[8])
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			merged, err := f.GetMergeCells("成员列表")
			if err != nil || len(merged) != 8 {
				t.Errorf("%d merged ranges (%v); want the 8 instruction rows", len(merged), err)
			}
		})
	}
}

func templateRows(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("成员列表")
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
