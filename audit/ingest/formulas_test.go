package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/audit"
)

// fakeWorkbook is a Workbook over cells in memory, for what the xlsx
// readers do not produce yet or cannot be written to a file: formula
// kinds and pivot tables (the contract in sheet.go).
type fakeWorkbook struct {
	names  []string
	sheets map[string][][]Cell
	pivots map[string]bool
}

func (w *fakeWorkbook) SheetNames() []string { return w.names }
func (w *fakeWorkbook) Close() error         { return nil }
func (w *fakeWorkbook) OpenSheet(name string) (Sheet, error) {
	return &namedSheet{sliceSheet: sliceSheet{rows: w.sheets[name]}, name: name}, nil
}
func (w *fakeWorkbook) HasPivotTable(sheet string) bool { return w.pivots[sheet] }

type namedSheet struct {
	sliceSheet
	name string
}

func (s *namedSheet) Name() string { return s.name }

// fakeSheet is one sheet of a fake workbook.
type fakeSheet struct {
	name  string
	rows  [][]Cell
	pivot bool
}

// withFakes makes Read open the named paths as fake workbooks; other paths
// are opened as usual.
func withFakes(t *testing.T, files map[string][]fakeSheet) {
	t.Helper()
	prev := openInputFile
	t.Cleanup(func() { openInputFile = prev })
	openInputFile = func(path string) (Workbook, *probe, error) {
		sheets, ok := files[path]
		if !ok {
			return prev(path)
		}
		wb := &fakeWorkbook{sheets: map[string][][]Cell{}, pivots: map[string]bool{}}
		for _, s := range sheets {
			wb.names = append(wb.names, s.name)
			wb.sheets[s.name] = s.rows
			wb.pivots[s.name] = s.pivot
		}
		sum := sha256.Sum256([]byte(path))
		return wb, &probe{format: formatXLSX, sha256: hex.EncodeToString(sum[:]), noFile: true}, nil
	}
}

// Cell constructors for fake rows.
func str(s string) Cell { return Cell{Text: s, Kind: KindString} }

var formula = Cell{Kind: KindFormula}

func errv(s string) Cell { return Cell{Text: s, Kind: KindError} }

func cells(cs ...Cell) []Cell { return cs }

func strs(ss ...string) []Cell {
	out := make([]Cell, len(ss))
	for i, s := range ss {
		out[i] = str(s)
	}
	return out
}

// problemWith finds a data problem at file, row and column whose English
// text holds every part.
func problemWith(in *audit.Inputs, file string, row int, column string, parts ...string) *audit.DataProblem {
	for i, p := range in.Problems {
		if p.File != file || p.Row != row || p.Column != column {
			continue
		}
		ok := true
		for _, s := range parts {
			ok = ok && (strings.Contains(p.Problem.In("en"), s) || strings.Contains(p.Problem.In("zh"), s))
		}
		if ok {
			return &in.Problems[i]
		}
	}
	return nil
}

const formulaEN = "formula without a saved result: open and save in Excel or WPS, or paste as values"
const formulaZH = "公式没有保存结果：在 Excel/WPS 中打开并保存，或粘贴为数值"

// TestFormulaCells: every role, a formula without a saved result and a
// cached error in a mapped cell are a data problem naming the cell and
// what to do, and the field is unknown — never what a blank would mean.
func TestFormulaCells(t *testing.T) {
	rosterHdr := strs("帐号", "姓名", "状态", "接替人", "客户上限")
	contactsHdr := strs("添加人账号", "客户名称", "联系人类型", "客户ID")
	planHdr := strs("离职人账号", "接替人账号", "数量")
	groupsHdr := strs("群ID", "群主账号", "群人数")
	baseRoster := [][]Cell{rosterHdr,
		strs("lisi", "李四", "待离职", "wangwu"),
		strs("wangwu", "王五", "在职"),
		strs("zhaoliu", "赵六", "在职"),
	}
	baseContacts := [][]Cell{contactsHdr, strs("lisi", "客户A", "客户", "wm1"), strs("wangwu", "客户B", "客户", "wm2")}
	with := func(rows [][]Cell, extra ...[]Cell) [][]Cell {
		return append(append([][]Cell(nil), rows...), extra...)
	}
	for _, c := range []struct {
		name                string
		roster, contacts    [][]Cell
		plan, groups        [][]Cell
		file                string // where the problem is
		row                 int
		column, ref, detail string
		check               func(t *testing.T, in *audit.Inputs)
	}{
		{name: "roster status formula", file: "roster.xlsx", row: 5, column: "状态", ref: "C5", detail: "not taken as active",
			roster: with(baseRoster, cells(str("sunqi"), str("孙七"), formula)),
			check: func(t *testing.T, in *audit.Inputs) {
				if m := in.Member("sunqi"); m == nil || m.Status != audit.StatusUnknown {
					t.Errorf("sunqi = %+v; want status unknown", m)
				}
			}},
		{name: "roster status #N/A", file: "roster.xlsx", row: 5, column: "状态", ref: "C5", detail: "error value #N/A",
			roster: with(baseRoster, cells(str("sunqi"), str("孙七"), errv("#N/A"))),
			check: func(t *testing.T, in *audit.Inputs) {
				if m := in.Member("sunqi"); m == nil || m.Status != audit.StatusUnknown {
					t.Errorf("sunqi = %+v; want status unknown", m)
				}
			}},
		{name: "roster receiver formula", file: "roster.xlsx", row: 5, column: "接替人", ref: "D5", detail: "not taken as none",
			roster: with(baseRoster, cells(str("sunqi"), str("孙七"), str("已离职"), formula)),
			check: func(t *testing.T, in *audit.Inputs) {
				if m := in.Member("sunqi"); m == nil || !m.ReceiverUnknown || m.Receiver != "" || m.Status != audit.Departed {
					t.Errorf("sunqi = %+v; want receiver unknown", m)
				}
			}},
		{name: "roster cap #REF!", file: "roster.xlsx", row: 5, column: "客户上限", ref: "E5", detail: "#REF!",
			roster: with(baseRoster, cells(str("sunqi"), str("孙七"), str("在职"), str(""), errv("#REF!"))),
			check: func(t *testing.T, in *audit.Inputs) {
				if m := in.Member("sunqi"); m == nil || m.Cap != 0 || m.CapInvalid != "" {
					t.Errorf("sunqi = %+v; want the default cap, not an invalid one", m)
				}
			}},
		{name: "roster userid formula", file: "roster.xlsx", row: 5, column: "帐号", ref: "A5", detail: "the row is ignored",
			roster: with(baseRoster, cells(formula, str("孙七"), str("在职"))),
			check: func(t *testing.T, in *audit.Inputs) {
				if len(in.Members) != 3 || problemWith(in, "roster.xlsx", 5, "帐号", "no userid on this row") != nil {
					t.Errorf("members %d; the formula row must be reported once, as a formula", len(in.Members))
				}
			}},
		{name: "contacts owner formula", file: "c.xlsx", row: 4, column: "添加人账号", ref: "A4", detail: "not counted",
			contacts: with(baseContacts, cells(formula, str("客户C"), str("客户"), str("wm3"))),
			check: func(t *testing.T, in *audit.Inputs) {
				if n := in.Member("lisi").Customers + in.Member("wangwu").Customers; n != 2 || len(in.UnknownOwners) != 0 {
					t.Errorf("customers %d, unknown owners %+v", n, in.UnknownOwners)
				}
			}},
		{name: "contacts kind #N/A", file: "c.xlsx", row: 4, column: "联系人类型", ref: "C4", detail: "counted as a customer",
			contacts: with(baseContacts, cells(str("lisi"), str("客户C"), errv("#N/A"), str("wm3"))),
			check: func(t *testing.T, in *audit.Inputs) {
				if m := in.Member("lisi"); m.Customers != 2 {
					t.Errorf("lisi customers %d", m.Customers)
				}
				if p := problemWith(in, "c.xlsx", 4, "联系人类型", "cannot read contact kind"); p != nil {
					t.Errorf("the error value is also reported as an unreadable kind: %+v", p)
				}
			}},
		{name: "plan receiver formula", file: "plan.xlsx", row: 3, column: "接替人账号", ref: "B3", detail: "split is unknown",
			plan: [][]Cell{planHdr, strs("lisi", "wangwu", "10"), cells(str("lisi"), formula, str("5"))},
			check: func(t *testing.T, in *audit.Inputs) {
				if h := in.Handovers[1]; !h.ReceiverUnknown || h.Receiver != "" || h.CountUnknown || h.Count != 5 {
					t.Errorf("handover = %+v", h)
				}
			}},
		{name: "plan count formula", file: "plan.xlsx", row: 3, column: "数量", ref: "C3", detail: "not shared evenly",
			plan: [][]Cell{planHdr, strs("lisi", "wangwu", "10"), cells(str("lisi"), str("zhaoliu"), formula)},
			check: func(t *testing.T, in *audit.Inputs) {
				if h := in.Handovers[1]; !h.CountUnknown || h.HasCount || h.Receiver != "zhaoliu" {
					t.Errorf("handover = %+v", h)
				}
			}},
		{name: "groups owner error", file: "groups.xlsx", row: 3, column: "群主账号", ref: "B3", detail: "#NAME?",
			groups: [][]Cell{groupsHdr, strs("g1", "lisi", "3"), cells(str("g2"), errv("#NAME?"), str("4"))},
			check: func(t *testing.T, in *audit.Inputs) {
				if len(in.Groups) != 1 || in.Member("lisi").Groups != 1 {
					t.Errorf("groups = %+v", in.Groups)
				}
			}},
		{name: "formula filled down past the data is a blank row", file: "", contacts: with(baseContacts,
			cells(str(""), str(""), formula), cells(str(""), str(""), formula)),
			check: func(t *testing.T, in *audit.Inputs) {
				for _, p := range in.Problems {
					if p.File == "c.xlsx" {
						t.Errorf("problem %+v for a row of formulas without an owner", p)
					}
				}
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := map[string][]fakeSheet{}
			opt := Options{Roster: "roster.xlsx", Contacts: []string{"c.xlsx"}, AsOf: day("2026-11-30")}
			files["roster.xlsx"] = []fakeSheet{{name: "成员", rows: or(c.roster, baseRoster)}}
			files["c.xlsx"] = []fakeSheet{{name: "客户", rows: or(c.contacts, baseContacts)}}
			if c.plan != nil {
				opt.Plan = "plan.xlsx"
				files["plan.xlsx"] = []fakeSheet{{name: "交接", rows: c.plan}}
			}
			if c.groups != nil {
				opt.Groups = "groups.xlsx"
				files["groups.xlsx"] = []fakeSheet{{name: "群", rows: c.groups}}
			}
			withFakes(t, files)
			in, _, err := Read(opt)
			if err != nil {
				t.Fatal(err)
			}
			if c.file != "" {
				p := problemWith(in, c.file, c.row, c.column, "cell "+c.ref+": ", c.detail)
				if p == nil {
					t.Fatalf("no problem at %s row %d %s (%s, %q); problems: %+v", c.file, c.row, c.column, c.ref, c.detail, in.Problems)
				}
				formulaText := strings.Contains(p.Problem.In("en"), formulaEN) && strings.Contains(p.Problem.In("zh"), formulaZH)
				errorText := strings.Contains(p.Problem.In("en"), "error value #") && strings.Contains(p.Problem.In("en"), "paste as values") && strings.Contains(p.Problem.In("zh"), "粘贴为数值")
				if !formulaText && !errorText {
					t.Errorf("problem = %q / %q; want what to do", p.Problem.In("en"), p.Problem.In("zh"))
				}
			}
			c.check(t, in)
		})
	}
}

func or(a, b [][]Cell) [][]Cell {
	if a != nil {
		return a
	}
	return b
}

// TestWholeColumnUnreadable: a column none of whose cells can be read stops
// the run with an *InputError (exit 2) naming the column and what to do.
func TestWholeColumnUnreadable(t *testing.T) {
	hdr := strs("帐号", "姓名", "状态")
	contacts := [][]Cell{strs("添加人账号", "客户名称"), strs("a", "x")}
	for _, c := range []struct {
		name   string
		roster [][]Cell
		c      [][]Cell
		want   []string
	}{
		{"roster userid all formulas", [][]Cell{hdr, cells(formula, str("张三"), str("在职")), cells(formula, str("李四"), str("在职"))}, contacts,
			[]string{"roster.xlsx, sheet 成员, column 帐号: no cell of this required column can be read: its 2 cells hold formulas without a saved result (first at A2); open the file in Excel or WPS and save it"}},
		{"roster status all #N/A", [][]Cell{hdr, cells(str("a"), str("张三"), errv("#N/A")), cells(str("b"), str("李四"), errv("#N/A")), cells(str("c"), str("王五"))}, contacts,
			[]string{"column 状态: no cell of this column can be read: its 2 cells hold error values (#N/A and the like) (first at C2)"}},
		{"contacts owner all formulas", [][]Cell{hdr, strs("a", "张三", "在职")}, [][]Cell{strs("添加人账号", "客户名称"), cells(formula, str("x"))},
			[]string{"c.xlsx, sheet 客户, column 添加人账号: no cell of this required column can be read: its 1 cell holds"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			withFakes(t, map[string][]fakeSheet{
				"roster.xlsx": {{name: "成员", rows: c.roster}},
				"c.xlsx":      {{name: "客户", rows: c.c}},
			})
			_, _, err := Read(Options{Roster: "roster.xlsx", Contacts: []string{"c.xlsx"}})
			inputErr(t, err, c.want...)
		})
	}
}

// TestFormulaFiles: the same on workbooks excelize writes with formulas
// and no saved results, as openpyxl and scripts do, once the xlsx reader
// reports them (the reader's side of issue 12).
func TestFormulaFiles(t *testing.T) {
	dir := t.TempDir()
	roster := dir + "/roster.xlsx"
	f := excelize.NewFile()
	s := "Sheet1"
	for i, row := range [][]any{{"帐号", "姓名", "状态", "接替人"}, {"lisi", "李四", "待离职", nil}, {"wangwu", "王五", nil},
		{"zhaoliu", "赵六", "在职"}, {"sunqi", "孙七", "在职"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow(s, cell, &row)
	}
	// A VLOOKUP'd receiver with no cached value, and a status that is one
	// (SetCellFormula on an empty cell writes no <v>: no saved result).
	f.SetCellFormula(s, "D2", `VLOOKUP(A2,Sheet2!A:B,2,FALSE)`)
	f.SetCellFormula(s, "C3", `IF(B3="","","在职")`)
	if err := f.SaveAs(roster); err != nil {
		t.Fatal(err)
	}
	f.Close()
	wb, err := OpenWorkbook(roster)
	if err != nil {
		t.Fatal(err)
	}
	sh, _ := wb.OpenSheet(s)
	sh.Next()
	sh.Next()
	kind := KindEmpty
	if r := sh.Row(); len(r) > 3 {
		kind = r[3].Kind
	}
	sh.Close()
	wb.Close()
	if kind != KindFormula {
		t.Fatalf("the xlsx reader reads a formula without a saved result as %s; want KindFormula", kind)
	}
	c := dir + "/c.csv"
	writeFile(t, c, []byte("添加人账号,客户名称\nlisi,x\n"))
	in, _, err := Read(Options{Roster: roster, Contacts: []string{c}})
	if err != nil {
		t.Fatal(err)
	}
	if m := in.Member("lisi"); !m.ReceiverUnknown {
		t.Errorf("lisi = %+v; want receiver unknown", m)
	}
	if m := in.Member("wangwu"); m.Status != audit.StatusUnknown {
		t.Errorf("wangwu = %+v; want status unknown", m)
	}
	if problemWith(in, "roster.xlsx", 2, "接替人", "cell D2: "+formulaEN) == nil {
		t.Errorf("problems = %+v", in.Problems)
	}
}

func TestColumnName(t *testing.T) {
	for c, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := columnName(c); got != want {
			t.Errorf("columnName(%d) = %q; want %q", c, got, want)
		}
	}
}

// TestAddedAfterAsOf: a contact added after the as-of date is a data
// problem on its row and the 添加时间 column, and still counted.
func TestAddedAfterAsOf(t *testing.T) {
	dir := t.TempDir()
	roster, c := dir+"/roster.csv", dir+"/c.csv"
	writeFile(t, roster, []byte("userid\nlisi\n"))
	writeFile(t, c, []byte(csvOf(
		[]string{"添加人账号", "客户名称", "添加时间"},
		[]string{"lisi", "客户A", "2026-11-30 18:00"},
		[]string{"lisi", "客户B", "2026-12-01"},
		[]string{"lisi", "客户C", ""},
	)))
	in, _, err := Read(Options{Roster: roster, Contacts: []string{c}, AsOf: day("2026-11-30")})
	if err != nil {
		t.Fatal(err)
	}
	if p := problemWith(in, "c.csv", 3, "添加时间", "added on 2026-12-01, after the as-of date 2026-11-30", "晚于审计日期"); p == nil {
		t.Errorf("problems = %+v", in.Problems)
	}
	if len(in.Problems) != 1 {
		t.Errorf("problems = %+v; want the one on row 3 (the as-of day itself is not after)", in.Problems)
	}
	if in.Member("lisi").Customers != 3 {
		t.Errorf("customers = %d", in.Member("lisi").Customers)
	}
}

// fakeCSV is a quick CSV builder with real quoting, for the sheet tests.
func fakeCSV(rows ...[]string) []byte {
	var b bytes.Buffer
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(c, ",\"\n") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

var _ = fmt.Sprintf
