package ingest

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseValues: the yes/no, status, activation, kind and whole-number
// parsers never panic, and what they accept survives the normalisation they
// promise (full-width and case do not change the answer).
func FuzzParseValues(f *testing.F) {
	for _, s := range []string{"是", "否", "已开启", "未开启", "YES", "no", "True", "0", "1", "Y", "n",
		"在职", "待离职", "离职中", "已离职", "离职", "active", "Departing", "departed",
		"已激活", "未激活", "已禁用", "客户", "外部联系人", "customer", "External",
		"5000", "5,000", "５０００", "5000.0", "5000.5", "1e4", "-3", "", " ", "\u3000是\u3000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, okB := parseBool(s)
		tri, okT := parseTri(s)
		if okB != okT && s != "" {
			// parseTri may accept more (empty as unknown) but never disagrees.
			if okB && tri == 0 {
				t.Errorf("parseBool(%q) = %v but parseTri says unknown", s, b)
			}
		}
		parseStatus(s)
		parseActivation(s)
		parseRealName(s)
		parseKind(s)
		n, ok := parseInt(s)
		if ok && n < 0 && !strings.Contains(s, "-") {
			t.Errorf("parseInt(%q) = %d, negative without a sign", s, n)
		}
		if utf8.ValidString(s) {
			if b2, ok2 := parseBool(strings.ToUpper(s)); ok2 != okB || b2 != b {
				if !strings.ContainsAny(s, "ß") { // ToUpper changes some letters' length
					t.Errorf("parseBool is case-sensitive for %q", s)
				}
			}
		}
	})
}

// FuzzParseProfile: any bytes give a profile or an error, never a panic,
// and an accepted profile holds values in their documented ranges.
func FuzzParseProfile(f *testing.F) {
	f.Add([]byte("company: 示例\nverified: true\ndaily_active_users: 120\nenterprise_cap: 100000\nmember_cap_default: 5000\nnear_cap_ratio: 0.9\n"))
	f.Add([]byte("verified: 是\nenterprise_cap: \"100,000\"\n"))
	f.Add([]byte("verifed: true\n"))
	f.Add([]byte("a: [\n"))
	f.Add([]byte("---\n---\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := parseProfile(b)
		if err != nil {
			return
		}
		if p.NearCapRatio != nil && !(*p.NearCapRatio > 0 && *p.NearCapRatio <= 1) {
			t.Errorf("near_cap_ratio %v accepted", *p.NearCapRatio)
		}
		if p.EnterpriseCap != nil && *p.EnterpriseCap <= 0 {
			t.Errorf("enterprise_cap %d accepted", *p.EnterpriseCap)
		}
		if p.DailyActiveUsers != nil && *p.DailyActiveUsers < 0 {
			t.Errorf("daily_active_users %d accepted", *p.DailyActiveUsers)
		}
	})
}
