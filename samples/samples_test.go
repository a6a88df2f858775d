package samples

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the showcase files in samples/")

func sheetRows(t *testing.T, path string) map[string][][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		out[sh] = rows
	}
	return out
}

// TestShowcaseUpToDate keeps the committed sample enterprise equal to what
// Showcase writes; run with -update after changing showcase.go.
func TestShowcaseUpToDate(t *testing.T) {
	if *update {
		if err := Showcase("."); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	if err := Showcase(dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{ShowcaseFiles.Roster, ShowcaseFiles.Customers, ShowcaseFiles.Summary, ShowcaseFiles.Groups, ShowcaseFiles.Plan} {
		if got, want := sheetRows(t, filepath.Join(dir, name)), sheetRows(t, name); !reflect.DeepEqual(got, want) {
			t.Errorf("samples/%s is out of date: run go test ./samples -run TestShowcaseUpToDate -update", name)
		}
	}
	for _, name := range []string{ShowcaseFiles.External, ShowcaseFiles.Profile} {
		got, _ := os.ReadFile(filepath.Join(dir, name))
		want, _ := os.ReadFile(name)
		if string(got) != string(want) {
			t.Errorf("samples/%s is out of date: run with -update", name)
		}
	}
}

func TestGenerate(t *testing.T) {
	tests := []struct {
		name              string
		members, contacts int
		inline            bool
	}{
		{"small", 10, 50, false},
		{"small inline", 10, 50, true},
		{"no contacts", 2, 0, false},
		{"more members than contacts", 300, 100, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := Generate(dir, Config{Members: tt.members, Contacts: tt.contacts, Seed: 7, InlineStrings: tt.inline}); err != nil {
				t.Fatal(err)
			}
			roster := sheetRows(t, filepath.Join(dir, Files.Roster))["成员列表"]
			if len(roster) != tt.members+2 || roster[1][1] != "账号" {
				t.Errorf("roster has %d rows, header %v", len(roster), roster[1])
			}
			contacts := 0
			for _, rows := range sheetRows(t, filepath.Join(dir, Files.Contacts)) {
				contacts += len(rows) - 1
				if len(rows) > 1 && (len(rows[1]) != 9 || !strings.HasPrefix(rows[1][1], "wm")) {
					t.Errorf("contact row %q", rows[1])
				}
			}
			if contacts != tt.contacts {
				t.Errorf("contacts rows = %d, want %d", contacts, tt.contacts)
			}
		})
	}
	if err := Generate(t.TempDir(), Config{Members: 1}); err == nil {
		t.Error("one member accepted")
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		if err := Generate(d, Config{Members: 20, Contacts: 200, Seed: 42}); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{Files.Roster, Files.Contacts, Files.Groups, Files.Plan} {
		if !reflect.DeepEqual(sheetRows(t, filepath.Join(a, name)), sheetRows(t, filepath.Join(b, name))) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
}

func BenchmarkGenerate100k(b *testing.B) {
	for b.Loop() {
		if err := Generate(b.TempDir(), Config{Members: 1000, Contacts: 100_000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
