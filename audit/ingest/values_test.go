package ingest

import (
	"hash/fnv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   Cell
		want string // "" = not ok
	}{
		{Cell{Text: "2026-11-03"}, "2026-11-03"},
		{Cell{Text: "2026/11/3"}, "2026-11-03"},
		{Cell{Text: "2026.11.3"}, "2026-11-03"},
		{Cell{Text: "2026年11月3日"}, "2026-11-03"},
		{Cell{Text: "2026年11月3日 14:05"}, "2026-11-03"},
		{Cell{Text: "2026-11-03 14:05"}, "2026-11-03"},
		{Cell{Text: "2026-11-03 14:05:59"}, "2026-11-03"},
		{Cell{Text: "2026/11/3 9:05"}, "2026-11-03"},
		{Cell{Text: "2026-11-03T14:05:06Z"}, "2026-11-03"},
		{Cell{Text: "2026-11-03T14:05:06.123+08:00"}, "2026-11-03"},
		{Cell{Text: " 2026-11-03 "}, "2026-11-03"},
		{Cell{Text: "２０２６－１１－０３"}, "2026-11-03"},             // full-width
		{Cell{Text: "２０２６年１１月３日"}, "2026-11-03"},             // full-width digits
		{Cell{Text: "\u30002026-11-03\u3000"}, "2026-11-03"}, // ideographic spaces
		{Cell{Text: "20261103"}, "2026-11-03"},
		{Cell{Text: "2026-11-03", Kind: KindDate}, "2026-11-03"},
		{Cell{Text: "2026-11-03 14:05:00", Kind: KindDate}, "2026-11-03"},
		// Excel serials: 46329 is 2026-11-03; the fraction is the time.
		{Cell{Text: "46329", Kind: KindNumber}, "2026-11-03"},
		{Cell{Text: "46329.5868", Kind: KindNumber}, "2026-11-03"},
		{Cell{Text: "46329"}, "2026-11-03"}, // a serial typed as text (CSV)
		{Cell{Text: "18264"}, "1950-01-01"},
		{Cell{Text: "61"}, ""},          // 1900-03-01: outside the window
		{Cell{Text: "3"}, ""},           // a stray count, not a day in 1900
		{Cell{Text: "13800138000"}, ""}, // a phone number
		{Cell{Text: "109575"}, ""},      // 2200-01-01
		{Cell{Text: "-46329"}, ""},      // negative
		{Cell{Text: "2026-02-29"}, ""},  // not a leap year
		{Cell{Text: "2024-02-29"}, "2024-02-29"},
		{Cell{Text: "2026-13-01"}, ""},
		{Cell{Text: "2026-11-31"}, ""},
		{Cell{Text: "2026-11-3x"}, ""},
		{Cell{Text: "2026-11/03"}, ""}, // mixed separators
		{Cell{Text: "11/3/2026"}, ""},  // M/D/Y is ambiguous: refused
		{Cell{Text: "3/11/2026"}, ""},
		{Cell{Text: "26/11/3"}, ""},
		{Cell{Text: "2026-11"}, ""},
		{Cell{Text: "2026年11月3"}, ""},
		{Cell{Text: "2026-11-03 25:00"}, ""},
		{Cell{Text: "2026-11-03 14:5"}, ""},
		{Cell{Text: "2026-11-0314:05"}, ""},
		{Cell{Text: "2026-11-03 nonsense"}, ""},
		{Cell{Text: "20261303"}, ""},
		{Cell{Text: "从未登录"}, ""},
		{Cell{Text: "TRUE", Kind: KindBool}, ""},
		{Cell{Text: ""}, ""},
		{Cell{Text: "0899-01-01"}, ""},
	}
	for _, tc := range tests {
		d, ok := parseDate(tc.in)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tc.want {
			t.Errorf("parseDate(%q, %v) = %q, %v; want %q", tc.in.Text, tc.in.Kind, got, ok, tc.want)
		}
	}
}

// TestReaderDate: a date cell's text reads as the same day through
// readerDate as through parseDate's general path, which ignores the kind.
func TestReaderDate(t *testing.T) {
	texts := []string{"2026-11-03", "2026-11-03 14:05:59", "2024-02-29 00:00:01", "2026-02-29", "2026-02-30 10:00:00",
		"1899-12-31", "1899-12-31 12:00:00", "1900-01-01", "9999-12-31 23:59:59", "2026-11-03 24:00:00",
		"2026-11-03 23:60:00", "2026-11-03 23:59:60", "2026-11-03 23:59:61", "2026-00-03", "2026-11-00",
		"2026-1-03 14:05:59", "2026/11/03 14:05:59", "2026-11-03T14:05:59", "2026-11-03 14:05", "20261103",
		" 2026-11-03", "2026-11-03 ", "２０２６-11-03", "+026-11-03", "2026-11-03 14:0x:59", ""}
	for i := 0; i < 2000; i++ {
		tm := time.Date(1890+i%150, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i*7919) * time.Minute)
		texts = append(texts, readerDateText(tm))
	}
	for _, s := range texts {
		want, wantOK := parseDate(Cell{Text: s, Kind: KindString})
		got, ok := parseDate(Cell{Text: s, Kind: KindDate})
		if ok != wantOK || got != want {
			t.Errorf("parseDate(%q) as a date cell: %v %v; as text: %v %v", s, got, ok, want, wantOK)
		}
	}
}

// readerDateText is a date cell's text as the xlsx readers write it:
// 2006-01-02, with 15:04:05 when it has a time of day.
func readerDateText(t time.Time) string {
	if h, m, s := t.Clock(); h == 0 && m == 0 && s == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02 15:04:05")
}

// BenchmarkParseDate: the added_at cell of a contacts row, as the xlsx
// readers give a date cell (readerDate) and as text.
func BenchmarkParseDate(b *testing.B) {
	for _, k := range []CellKind{KindDate, KindString} {
		c := Cell{Text: "2025-03-01 10:30:00", Kind: k}
		b.Run(k.String(), func(b *testing.B) {
			for b.Loop() {
				if _, ok := parseDate(c); !ok {
					b.Fatal(c)
				}
			}
		})
	}
}

func TestParseBool(t *testing.T) {
	tests := []struct {
		in     string
		want   bool
		wantOK bool
	}{
		{"是", true, true}, {"否", false, true},
		{"已开启", true, true}, {"未开启", false, true},
		{"yes", true, true}, {"YES", true, true}, {"No", false, true},
		{"true", true, true}, {"TRUE", true, true}, {"False", false, true},
		{"1", true, true}, {"0", false, true},
		{"Y", true, true}, {"n", false, true},
		{"ｙｅｓ", true, true}, {"１", true, true}, {"\u3000是\u3000", true, true},
		{"", false, false}, {"maybe", false, false}, {"2", false, false}, {"是的吗", false, false},
	}
	for _, tc := range tests {
		got, ok := parseBool(tc.in)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("parseBool(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
	// parseTri: empty is Unknown and fine.
	if v, ok := parseTri(" "); v != audit.Unknown || !ok {
		t.Errorf("parseTri(blank) = %v, %v", v, ok)
	}
	if v, ok := parseTri("否"); v != audit.No || !ok {
		t.Errorf("parseTri(否) = %v, %v", v, ok)
	}
	if v, ok := parseTri("x"); v != audit.Unknown || ok {
		t.Errorf("parseTri(x) = %v, %v", v, ok)
	}
}

func TestParseStatus(t *testing.T) {
	tests := []struct {
		in     string
		want   audit.Status
		wantOK bool
	}{
		{"在职", audit.Active, true}, {"active", audit.Active, true}, {"Active", audit.Active, true}, {"", audit.Active, true},
		{"待离职", audit.Departing, true}, {"离职中", audit.Departing, true}, {"DEPARTING", audit.Departing, true},
		{"已离职", audit.Departed, true}, {"离职", audit.Departed, true}, {"departed", audit.Departed, true},
		{"ｄｅｐａｒｔｅｄ", audit.Departed, true},
		{"退出企业", audit.Departed, true}, {"Quit", audit.Departed, true},
		{"已激活", audit.Active, true}, {"已禁用", audit.Active, true}, {"未激活", audit.Active, true},
		{"休假", audit.Active, false}, {"left", audit.Active, false},
	}
	for _, tc := range tests {
		got, ok := parseStatus(tc.in)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("parseStatus(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestParseActivation(t *testing.T) {
	tests := []struct {
		in     string
		want   activation
		wantOK bool
	}{
		{"已激活", activation{Activated: audit.Yes}, true},
		{"未激活", activation{Activated: audit.No}, true},
		{"已禁用", activation{Disabled: true}, true},
		{"yes", activation{Activated: audit.Yes}, true},
		{"否", activation{Activated: audit.No}, true},
		{"TRUE", activation{Activated: audit.Yes}, true},
		{"", activation{}, true},
		{"退出企业", activation{Disabled: true}, true},
		{"not activated", activation{Activated: audit.No}, true},
		{"休假", activation{}, false},
	}
	for _, tc := range tests {
		got, ok := parseActivation(tc.in)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("parseActivation(%q) = %+v, %v; want %+v, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
	for in, want := range map[string]audit.Tri{"已实名": audit.Yes, "未实名": audit.No, "是": audit.Yes, "N": audit.No, "": audit.Unknown} {
		if got, ok := parseRealName(in); got != want || !ok {
			t.Errorf("parseRealName(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	if _, ok := parseRealName("待定"); ok {
		t.Error("parseRealName(待定) ok")
	}
}

func TestParseKind(t *testing.T) {
	tests := []struct {
		in           string
		customer, ok bool
	}{
		{"客户", true, true}, {"customer", true, true}, {"Customer", true, true},
		{"外部联系人", false, true}, {"external", false, true}, {"EXTERNAL", false, true},
		{"微信用户", false, false}, {"", false, false},
	}
	for _, tc := range tests {
		c, ok := parseKind(tc.in)
		if c != tc.customer || ok != tc.ok {
			t.Errorf("parseKind(%q) = %v, %v; want %v, %v", tc.in, c, ok, tc.customer, tc.ok)
		}
	}
}

func TestParseInt(t *testing.T) {
	tests := []struct {
		in     string
		want   int
		wantOK bool
	}{
		{"5000", 5000, true}, {"5,000", 5000, true}, {"1,234,567", 1234567, true},
		{"５０００", 5000, true}, {"５，０００", 5000, true}, {" 5000 ", 5000, true},
		{"5000.0", 5000, true}, {"5000.00", 5000, true}, {"0", 0, true}, {"-5", -5, true}, {"+7", 7, true},
		{"5000.5", 0, false}, {"50,00", 0, false}, {",500", 0, false}, {"1e4", 0, false},
		{"abc", 0, false}, {"", 0, false}, {"-", 0, false}, {".", 0, false}, {"5 000", 0, false},
		{"99999999999999999999999", 0, false},
	}
	for _, tc := range tests {
		got, ok := parseInt(tc.in)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("parseInt(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestTextNormalisation(t *testing.T) {
	tests := []struct{ in, fold, clean string }{
		{"ｚｈａｎｇｓａｎ", "zhangsan", "ｚｈａｎｇｓａｎ"},
		{"\u3000lisi\u00a0", "lisi", "lisi"},
		{"张三（示例）", "张三(示例)", "张三（示例）"},
		{"\ufeffwang", "wang", "wang"},
		{"plain", "plain", "plain"},
	}
	for _, tc := range tests {
		if got := foldText(tc.in); got != tc.fold {
			t.Errorf("foldText(%q) = %q; want %q", tc.in, got, tc.fold)
		}
		if got := cleanText(tc.in); got != tc.clean {
			t.Errorf("cleanText(%q) = %q; want %q", tc.in, got, tc.clean)
		}
	}
	depts := []struct {
		in   string
		want []string
	}{
		{"腾讯公司/广州研发部；腾讯公司/微信事业群", []string{"腾讯公司/广州研发部", "腾讯公司/微信事业群"}},
		{"销售部;市场部 ; ", []string{"销售部", "市场部"}},
		{"", nil},
	}
	for _, tc := range depts {
		if got := splitDepartments(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("splitDepartments(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestFNV64aMatchesStdlib(t *testing.T) {
	for _, parts := range [][]string{{""}, {"wmAbc"}, {"zhangsan", "wm_123"}, {"a", ""}, {"", "b"}} {
		h := fnv.New64a()
		for i, p := range parts {
			if i > 0 {
				h.Write([]byte{0})
			}
			h.Write([]byte(p))
		}
		if got, want := fnv64a(parts...), h.Sum64(); got != want {
			t.Errorf("fnv64a(%q) = %x; want %x", parts, got, want)
		}
	}
}

func TestIsPlainNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "13800138000": true, "-1.5": true, "1.23456789012346E+17": true, "46329.5868055556": true,
		"": false, "-": false, "1.": false, ".5": false, "1e": false, "00123": true, "1,000": false, "+1": false, "abc": false,
	} {
		if got := isPlainNumber(s); got != want {
			t.Errorf("isPlainNumber(%q) = %v; want %v", s, got, want)
		}
	}
}

// TestWordKeyAgreesWithVocabulary: the vocabulary is validated with
// rules.FoldWord; the readers key their tables with wordKey. They must agree
// on every word, or two words the file keeps apart could meet here.
func TestWordKeyAgreesWithVocabulary(t *testing.T) {
	v := rules.Vocabulary()
	for _, vocab := range []string{"yes_no", "status", "activation", "real_name", "kind"} {
		for m, words := range v.Words[vocab] {
			for _, w := range words {
				if got, want := wordKey(w), rules.FoldWord(w); got != want {
					t.Errorf("%s.%s: wordKey(%q) = %q, rules.FoldWord = %q", vocab, m, w, got, want)
				}
			}
		}
	}
	for _, w := range v.Meaning("totals", "total") {
		if !isTotalsWord(w) || !isTotalsWord(strings.ToUpper(w)+"：") {
			t.Errorf("totals word %q is not read as one", w)
		}
	}
}
