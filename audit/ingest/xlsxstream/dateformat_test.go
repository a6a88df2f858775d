package xlsxstream

import "testing"

func TestIsDateFormatCode(t *testing.T) {
	for code, want := range map[string]bool{
		"yyyy-mm-dd":                     true,
		`yyyy"年"m"月"d"日"`:                true,
		"[$-804]yyyy年m月d日":               true,
		"m/d/yy h:mm":                    true,
		"h:mm AM/PM":                     true,
		"[h]:mm:ss":                      true,
		"[DBNum1][$-804]yyyy\"年\"m\"月\"": true,
		"General":                        false,
		"0":                              false,
		"#,##0.00":                       false,
		"0.00E+00":                       false,
		"@":                              false,
		`0"天"`:                           false,
		`#,##0 "days"`:                   false,
		`0.00_);[Red](0.00)`:             false,
		`\d0`:                            false,
		"[Red]0":                         false,
		"0;yyyy":                         false,
		"[unclosed":                      false,
	} {
		if got := isDateFormatCode(code); got != want {
			t.Errorf("isDateFormatCode(%q) = %v; want %v", code, got, want)
		}
	}
	for id, want := range map[int]bool{0: false, 1: false, 14: true, 22: true, 31: true, 49: false, 57: true, 58: true, 59: false} {
		if got := isBuiltinDateFormat(id); got != want {
			t.Errorf("isBuiltinDateFormat(%d) = %v", id, got)
		}
	}
}
