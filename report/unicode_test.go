package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wecom-audit/auditor/audit"
)

// planeSamples holds characters from every plane of Unicode and the awkward
// corners of the BMP: an emoji (plane 1), 𠀀 and 𪚥 (plane 2), a plane-3 CJK
// character, unassigned planes 4–13, a tag character (plane 14), private use
// (planes 15 and 16), a BMP private-use character, a combining mark, RTL
// text, a zero-width joiner sequence, a noncharacter and a control.
var planeSamples = func() []string {
	s := []string{
		"😀", "👨‍👩‍👧", "🇨🇳", "𠀀", "𪚥", "\U00030000", "\U000E0041", "\U000F0000", "\U0010FFFD",
		"\uE000", "e\u0301", "שלום", "\u200d", "\uFFFE", "\x07", "王😀堃",
	}
	for p := rune(4); p <= 13; p++ {
		s = append(s, string(p<<16|0x1234))
	}
	return s
}()

// everyString sets every string in v (struct fields, slices, pointers, maps'
// values cannot be set and are skipped; the result has none) to val(i), where
// i counts the strings set so far, so that each field gets a different
// sample. It returns how many it set.
func everyString(v reflect.Value, val func(i int) string, n *int) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			everyString(v.Elem(), val, n)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanSet() {
				everyString(f, val, n)
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.String && v.Len() == 0 {
			v.Set(reflect.Append(v, reflect.ValueOf("").Convert(v.Type().Elem())))
		}
		for i := 0; i < v.Len(); i++ {
			everyString(v.Index(i), val, n)
		}
	case reflect.String:
		v.SetString(val(*n))
		*n++
	}
}

// unicodeResult is the PDF fixture with every text field of the result, the
// rule set excepted (it is validated on load), replaced.
func unicodeResult(val func(i int) string) (*audit.Result, int) {
	res := pdfFixture()
	rs := res.Rules
	res.Rules = nil
	n := 0
	everyString(reflect.ValueOf(res), val, &n)
	res.Rules = rs
	return res, n
}

// TestEveryPlaneInEveryField feeds characters from every plane of Unicode
// into every text field of the result and writes every report: none may fail
// or panic; the PDF shows the placeholder for what its font cannot draw; the
// workbook and the JSON keep the text as written.
func TestEveryPlaneInEveryField(t *testing.T) {
	// Every field holds every sample, rotated so that each field starts
	// with another plane (a wrap or an ellipsis then cuts in other places).
	res, n := unicodeResult(func(i int) string {
		k := i % len(planeSamples)
		return "A" + strings.Join(planeSamples[k:], "") + strings.Join(planeSamples[:k], "") + "中"
	})
	if n < 40 {
		t.Fatalf("only %d text fields were filled: the walker does not reach the result", n)
	}
	for _, lang := range []string{"zh", "en"} {
		for _, ext := range Formats {
			w, _ := ForFormat(ext)
			var buf bytes.Buffer
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("%s %s: panic: %v", ext, lang, p)
					}
				}()
				if err := w.Write(&buf, res, Options{Lang: lang}); err != nil {
					t.Fatalf("%s %s: %v", ext, lang, err)
				}
			}()
			if buf.Len() == 0 {
				t.Fatalf("%s %s: empty report", ext, lang)
			}
			if ext == "json" {
				var doc map[string]any
				if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
					t.Fatalf("json: %v", err)
				}
				// The company keeps every character as written.
				if c, _ := doc["company"].(string); !strings.Contains(c, "😀") || !strings.Contains(c, "𠀀") || !utf8.ValidString(c) {
					t.Errorf("json company = %q: the text as written is gone", c)
				}
			}
		}
	}
}

// TestPDFPlaceholderVisible checks that an emoji becomes the visible
// placeholder in the PDF's text while the workbook keeps the emoji.
func TestPDFPlaceholderVisible(t *testing.T) {
	res := pdfFixture()
	res.Company = "星辰😀科技"
	res.Departing[0].Name = "王𠀀"
	pages := pdfText(t, writePDF(t, res, Options{Lang: "zh"}), false)
	all := strings.Join(pages, "")
	for _, want := range []string{"星辰□科技", "王□"} {
		if !strings.Contains(squeeze(all), want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if strings.Contains(all, "😀") {
		t.Errorf("PDF text holds the emoji the font cannot draw")
	}
	f := openXLSX(t, writeXLSX(t, res, Options{Lang: "zh"}))
	if got := cellValue(t, f, "汇总", "B3"); got != "星辰😀科技" {
		t.Errorf("workbook company = %q, want the name as written", got)
	}
}

// FuzzReportText writes every report with one fuzzed string in every text
// field of the result.
func FuzzReportText(f *testing.F) {
	// Few seeds: each run writes three reports. TestEveryPlaneInEveryField
	// covers every sample; testdata/fuzz keeps what the fuzzer found.
	f.Add(strings.Join(planeSamples, ""))
	f.Add("王😀")
	f.Fuzz(func(t *testing.T, s string) {
		res, _ := unicodeResult(func(int) string { return s })
		for _, ext := range Formats {
			w, _ := ForFormat(ext)
			if err := w.Write(&bytes.Buffer{}, res, Options{Lang: "en"}); err != nil {
				t.Fatalf("%s: %v", ext, err)
			}
		}
	})
}
