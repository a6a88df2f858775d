package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/catalog"
)

func TestParseSheets(t *testing.T) {
	tests := []struct {
		mode    string
		forIDs  []string
		want    SheetChoice
		wantErr string // the catalogue id of the error
	}{
		{"", nil, SheetChoice{Mode: SheetsAuto}, ""},
		{"auto", nil, SheetChoice{Mode: SheetsAuto}, ""},
		{" ALL ", nil, SheetChoice{Mode: SheetsAll}, ""},
		{"none", nil, SheetChoice{Mode: SheetsNone}, ""},
		{"auto", []string{"a, b", "c"}, SheetChoice{Mode: SheetsFor, For: []string{"a", "b", "c"}}, ""},
		{"some", nil, SheetChoice{}, "report.error.sheets_mode"},
		{"all", []string{"a"}, SheetChoice{}, "report.error.sheets_both"},
		{"none", []string{"a"}, SheetChoice{}, "report.error.sheets_both"},
		{"auto", []string{" , "}, SheetChoice{}, "report.error.sheets_for_empty"},
	}
	for _, tt := range tests {
		t.Run(tt.mode+strings.Join(tt.forIDs, "|"), func(t *testing.T) {
			got, err := ParseSheets(tt.mode, tt.forIDs)
			if tt.wantErr != "" {
				var me *msgError
				if !errors.As(err, &me) || me.id != tt.wantErr {
					t.Fatalf("err %v; want %s", err, tt.wantErr)
				}
				for _, lang := range []string{"zh", "en"} {
					if !strings.Contains(me.In(lang), "--sheets") {
						t.Errorf("%s: %q does not name the flag", lang, me.In(lang))
					}
				}
				return
			}
			if err != nil || got.Mode != tt.want.Mode || !slices.Equal(got.For, tt.want.For) {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestSheetChoiceCheck(t *testing.T) {
	res := pdfBigResult(3, 5)
	if err := (SheetChoice{Mode: SheetsFor, For: []string{"LEAVER001", "leaver002"}}).Check(res); err != nil {
		t.Errorf("leavers named in another case: %v", err)
	}
	err := SheetChoice{Mode: SheetsFor, For: []string{"leaver001", "nobody", "recv000"}}.Check(res)
	var me *msgError
	if !errors.As(err, &me) || me.id != "report.error.sheets_for_unknown" {
		t.Fatalf("err %v; want sheets_for_unknown", err)
	}
	if en := me.In("en"); !strings.Contains(en, `"nobody", "recv000"`) || strings.Contains(en, "leaver001") {
		t.Errorf("names the wrong userids: %q", en)
	}
	if err := (SheetChoice{Mode: SheetsAll}).Check(res); err != nil {
		t.Errorf("--sheets all: %v", err)
	}
}

// TestPickedSheets: which leavers get a handover sheet, in a run whose
// sheets are pages of the main PDF and in one whose sheets are files of
// their own; the JSON, the PDF and the terminal say the same sentence of
// the ones not written; a sheet picked is byte for byte the sheet of the
// same leaver when every sheet is written.
func TestPickedSheets(t *testing.T) {
	defer func(a, m int) { splitAbove, sheetsAutoMax = a, m }(splitAbove, sheetsAutoMax)
	splitAbove, sheetsAutoMax = 3, 5
	tests := []struct {
		name    string
		leavers int
		choice  SheetChoice
		want    []string // the userids with a sheet
		said    string   // catalogue id of the sentence, "" when all are written
	}{
		{"auto, pages of the PDF", 3, SheetChoice{}, []string{"leaver000", "leaver001", "leaver002"}, ""},
		{"auto, files, at the most", 5, SheetChoice{}, []string{"leaver000", "leaver001", "leaver002", "leaver003", "leaver004"}, ""},
		{"auto, over the most", 6, SheetChoice{}, nil, "report.sheets_over"},
		{"all, over the most", 6, SheetChoice{Mode: SheetsAll}, []string{"leaver000", "leaver001", "leaver002", "leaver003", "leaver004", "leaver005"}, ""},
		{"none, pages", 2, SheetChoice{Mode: SheetsNone}, nil, "report.sheets_none"},
		{"none, files", 6, SheetChoice{Mode: SheetsNone}, nil, "report.sheets_none"},
		{"for, pages", 3, SheetChoice{Mode: SheetsFor, For: []string{"LEAVER002"}}, []string{"leaver002"}, "report.sheets_for"},
		{"for, files", 6, SheetChoice{Mode: SheetsFor, For: []string{"leaver004", "leaver001"}}, []string{"leaver001", "leaver004"}, "report.sheets_for"},
	}
	_, poppler := exec.LookPath("pdftotext")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := pdfBigResult(tt.leavers, 12)
			ws, err := ParseFormats("xlsx,pdf,json")
			if err != nil {
				t.Fatal(err)
			}
			opt := Options{Lang: "en", Sheets: tt.choice}
			dir := t.TempDir()
			if _, err := SaveAll(dir, Outputs(res, ws, opt), nil); err != nil {
				t.Fatal(err)
			}
			split := tt.leavers > splitAbove && len(tt.want) > 0
			base := filepath.Join(dir, "audit-"+res.AsOf.String())

			// The JSON: how many, which, and the sentence.
			var js struct {
				Sheets jsonSheets `json:"handover_sheets"`
			}
			b, err := os.ReadFile(base + ".json")
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &js); err != nil {
				t.Fatal(err)
			}
			said := ""
			if tt.said != "" {
				said = catalog.T("en", tt.said, catalog.Args{"n": tt.leavers, "k": len(tt.want), "max": sheetsAutoMax})
			}
			if js.Sheets.Leavers != tt.leavers || js.Sheets.Written != len(tt.want) || js.Sheets.Said != said {
				t.Errorf("JSON handover_sheets %+v; want %d leavers, %d written, said %q", js.Sheets, tt.leavers, len(tt.want), said)
			}
			if term := SheetsSaid(res, tt.choice, "en"); term != said {
				t.Errorf("the terminal says %q; the JSON %q", term, said)
			}

			// The files: one per leaver picked, named as in a run of all.
			entries, err := os.ReadDir(filepath.Join(dir, handoverDir))
			if !split {
				if !os.IsNotExist(err) {
					t.Errorf("%s/ made (err %v), %d entries", handoverDir, err, len(entries))
				}
			} else {
				var got []string
				for _, e := range entries {
					got = append(got, strings.TrimSuffix(e.Name(), ".pdf"))
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("%s/ holds %v; want %v", handoverDir, got, tt.want)
				}
				if js.Sheets.Folder != handoverDir {
					t.Errorf("JSON folder %q", js.Sheets.Folder)
				}
			}
			if split && tt.choice.Mode == SheetsFor {
				// The same bytes as the sheet of a run that writes them all.
				allDir := t.TempDir()
				o := opt
				o.Sheets = SheetChoice{Mode: SheetsAll}
				if _, err := SaveAll(allDir, Outputs(res, ws, o), nil); err != nil {
					t.Fatal(err)
				}
				for _, id := range tt.want {
					a, err1 := os.ReadFile(filepath.Join(dir, handoverDir, id+".pdf"))
					b, err2 := os.ReadFile(filepath.Join(allDir, handoverDir, id+".pdf"))
					if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
						t.Errorf("%s: sheet differs from the run of all sheets (%v, %v)", id, err1, err2)
					}
				}
			}
			if poppler != nil {
				return // the PDF's text is checked where poppler is installed
			}
			pdf, err := os.ReadFile(base + ".pdf")
			if err != nil {
				t.Fatal(err)
			}
			text := squeeze(strings.Join(pdfText(t, pdf, false), ""))
			if said != "" && !strings.Contains(text, squeeze(said)) {
				t.Errorf("the main PDF does not say %q", said)
			}
			for i := range res.Departing {
				l := &res.Departing[i]
				holds := strings.Contains(text, squeeze("Handover sheet · "+l.Name))
				if want := !split && slices.Contains(tt.want, l.UserID); holds != want {
					t.Errorf("main PDF holds the sheet of %s: %v; want %v", l.UserID, holds, want)
				}
			}
		})
	}
}
