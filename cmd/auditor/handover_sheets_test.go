package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// TestCLISheetsSaidOnce: with --sheets none or --sheets-for, the terminal
// says which handover sheets were not written in the very sentence the
// JSON holds (handover_sheets.said), in either language; with every sheet
// written it says nothing of them; a run without a PDF has no sheets to
// speak of.
func TestCLISheetsSaidOnce(t *testing.T) {
	tests := []struct {
		lang, format string
		flags        []string
		written      int  // sheets written of the showcase's 12 leavers
		said         bool // a sentence on stdout and in the JSON
	}{
		{"en", "pdf,json", nil, 12, false},
		{"en", "pdf,json", []string{"--sheets", "none"}, 0, true},
		{"zh", "pdf,json", []string{"--sheets", "none"}, 0, true},
		{"en", "pdf,json", []string{"--sheets-for", "ZhangSan,liqiang"}, 2, true},
		{"zh", "pdf,json", []string{"--sheets-for", "zhangsan", "--sheets-for", "liqiang"}, 2, true},
		{"en", "json", []string{"--sheets", "none"}, -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.format+" "+strings.Join(tt.flags, " "), func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"audit", "--quiet", "--out", out, "--format", tt.format, "--lang", tt.lang}, tt.flags...)
			code, stdout, stderr := runCLI(t, append(args, sample()...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var doc struct {
				Sheets *struct {
					Written int    `json:"written"`
					Said    string `json:"said"`
				} `json:"handover_sheets"`
			}
			b, err := os.ReadFile(filepath.Join(out, "audit-2026-11-30.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			// The temporary folder's name holds the test's, flags included.
			speaks := strings.Contains(stdout, "handover sheet") || strings.Contains(stdout, "交接单")
			if tt.written < 0 {
				if doc.Sheets != nil {
					t.Errorf("a run without a PDF speaks of sheets: %+v", doc.Sheets)
				}
				if speaks {
					t.Errorf("stdout speaks of sheets:\n%s", stdout)
				}
				return
			}
			if doc.Sheets == nil || doc.Sheets.Written != tt.written {
				t.Fatalf("handover_sheets %+v; want %d written", doc.Sheets, tt.written)
			}
			if (doc.Sheets.Said != "") != tt.said {
				t.Fatalf("said %q; want a sentence: %v", doc.Sheets.Said, tt.said)
			}
			if tt.said && !strings.Contains(stdout, doc.Sheets.Said+"\n") {
				t.Errorf("stdout does not say the JSON's sentence %q:\n%s", doc.Sheets.Said, stdout)
			}
			if !tt.said && speaks {
				t.Errorf("stdout speaks of sheets not written:\n%s", stdout)
			}
			hasHan := strings.ContainsFunc(doc.Sheets.Said, func(r rune) bool { return unicode.Is(unicode.Han, r) })
			if tt.said && hasHan != (tt.lang == "zh") {
				t.Errorf("%s sentence in the wrong language: %q", tt.lang, doc.Sheets.Said)
			}
		})
	}
}

// TestCLISheetsRefused: a --sheets value the tool does not know, a
// --sheets-for that contradicts --sheets, or that names someone who is not
// leaving, is exit 2 with the reason, in the user's language.
func TestCLISheetsRefused(t *testing.T) {
	tests := []struct {
		flags []string
		en    string // what the English message must hold
		zh    string
	}{
		{[]string{"--sheets", "some"}, `unknown --sheets value "some"`, `--sheets 的值 "some" 无效`},
		{[]string{"--sheets", "all", "--sheets-for", "zhangsan"}, "--sheets-for cannot be used with --sheets all", "--sheets-for 不能与 --sheets all 同时使用"},
		{[]string{"--sheets-for", "zhangsan,nobody"}, `not a departing member of this audit: "nobody"`, `本次审计的离职成员中没有 "nobody"`},
	}
	for _, tt := range tests {
		for lang, want := range map[string]string{"en": tt.en, "zh": tt.zh} {
			t.Run(lang+" "+strings.Join(tt.flags, " "), func(t *testing.T) {
				out := t.TempDir()
				args := append([]string{"audit", "--quiet", "--out", out, "--format", "json", "--lang", lang}, tt.flags...)
				code, _, stderr := runCLI(t, append(args, sample()...)...)
				if code != 2 {
					t.Errorf("exit %d; want 2", code)
				}
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
				if entries, _ := os.ReadDir(out); len(entries) != 0 {
					t.Errorf("a refused run wrote %d files", len(entries))
				}
			})
		}
	}
}
