package ingest

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/wecom-audit/auditor/audit"
)

// TestRelSet: every fingerprint added is found again (whatever the size
// estimate: a low one adds tables, never loses one), and a good estimate
// keeps a relationship to about five bytes.
func TestRelSet(t *testing.T) {
	const n = 200_000
	for _, tt := range []struct {
		name      string
		hint      int
		maxTables int
		maxBytes  int
	}{
		{"exact estimate", n, 1, 6 * n},
		{"no estimate", 0, 8, 12 * n},
		{"low estimate", n / 10, 8, 12 * n},
		{"high estimate", 2 * n, 1, 12 * n},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newRelSet(tt.hint)
			rng := rand.New(rand.NewPCG(1, 2))
			hs := make([]uint64, n)
			fresh := 0
			for i := range hs {
				hs[i] = rng.Uint64()
				if s.Add(hs[i]) {
					fresh++
				}
			}
			// A fingerprint may repeat by chance (~4e-9 a row); with this
			// seed none does, and the test says so if that ever changes.
			if fresh != n {
				t.Errorf("%d of %d distinct hashes were new", fresh, n)
			}
			for i, h := range hs {
				if s.Add(h) {
					t.Fatalf("hash %d not found after adding it", i)
				}
			}
			if len(s.tables) > tt.maxTables {
				t.Errorf("%d tables; want at most %d", len(s.tables), tt.maxTables)
			}
			if b := s.bytes(); b > tt.maxBytes {
				t.Errorf("%d bytes for %d relationships (%.1f each); want at most %d", b, n, float64(b)/n, tt.maxBytes)
			}
		})
	}
}

// TestDuplicatesExactUnderCollisions: the duplicate check decides the
// same, row for row, when every relationship shares one fingerprint (all
// of them reach the exact checks) as with the real hash: a fingerprint
// alone never makes a duplicate, and a held-back row that is none is
// counted like any other.
func TestDuplicatesExactUnderCollisions(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	writeFile(t, roster, []byte(csvOf(
		[]string{"userid", "status", "receiver"},
		[]string{"leaver", "departing", "taker"},
		[]string{"taker", "", ""},
		[]string{"other", "", ""},
	)))
	c1 := filepath.Join(dir, "c1.csv")
	writeFile(t, c1, []byte(csvOf(
		[]string{"owner_userid", "external_userid", "name", "type"},
		[]string{"leaver", "wmA", "甲", "客户"},    // 2
		[]string{"leaver", "wmB", "乙", "客户"},    // 3
		[]string{"leaver", "wmA", "甲", "客户"},    // 4 duplicate, same run
		[]string{"taker", "wmA", "甲", "客户"},     // 5 another owner: not a duplicate
		[]string{"other", "wmC", "丙", "外部联系人"},  // 6
		[]string{"leaver", "wmC", "丙", "bogus"}, // 7 new (a second run of leaver), bad kind
		[]string{"leaver", "wmB", "乙", "客户"},    // 8 duplicate of row 3, another run
		[]string{"ghost", "wmZ", "", "客户"},      // 9 unknown owner
		[]string{"ghost", "wmZ", "", "客户"},      // 10 duplicate, same run
	)))
	c2 := filepath.Join(dir, "c2.xlsx")
	writeXLSX(t, c2,
		sheetData{"p1", rowsOf(
			[]string{"owner_userid", "external_userid", "name", "type"},
			[]string{"leaver", "wmD", "丁", "客户"}, // new
			[]string{"leaver", "wmC", "丙", "客户"}, // duplicate of c1 row 7
			[]string{"taker", "wmE", "戊", "客户"},  // new
		)},
		sheetData{"p2", rowsOf(
			[]string{"owner_userid", "external_userid", "name", "type"},
			[]string{"other", "wmC", "丙", "外部联系人"}, // duplicate of c1 row 6
			[]string{"ghost", "wmZ", "", "客户"},     // duplicate of c1 row 9
			[]string{"leaver", "wmF", "己", "客户"},   // new
		)},
	)
	type outcome struct {
		customers, external map[string]int
		dups, unknown       []audit.OwnerCount
		details             []string
		kindProblems        int
	}
	read := func(t *testing.T) outcome {
		in, _, err := Read(Options{Roster: roster, Contacts: []string{c1, c2}})
		if err != nil {
			t.Fatal(err)
		}
		o := outcome{customers: map[string]int{}, external: map[string]int{}}
		for _, m := range in.Members {
			o.customers[m.UserID], o.external[m.UserID] = m.Customers, m.ExternalContacts
		}
		byUser := func(a, b audit.OwnerCount) int { return cmp.Compare(a.UserID, b.UserID) }
		o.dups = slices.SortedFunc(slices.Values(in.DuplicateContacts), byUser)
		o.unknown = slices.SortedFunc(slices.Values(in.UnknownOwners), byUser)
		for _, d := range in.Details["leaver"] {
			o.details = append(o.details, fmt.Sprintf("%s %s %v", d.ExternalID, d.Name, d.Customer))
		}
		slices.Sort(o.details)
		for _, p := range in.Problems {
			if p.File == "c1.csv" && p.Row == 7 && p.Column == "type" {
				o.kindProblems++
			}
		}
		return o
	}
	want := outcome{
		customers: map[string]int{"leaver": 5, "taker": 2, "other": 0},
		external:  map[string]int{"leaver": 0, "taker": 0, "other": 1},
		dups:      []audit.OwnerCount{{UserID: "ghost", Count: 2}, {UserID: "leaver", Count: 3}, {UserID: "other", Count: 1}},
		unknown:   []audit.OwnerCount{{UserID: "ghost", Count: 1}},
		details: []string{
			"wmA 甲 true", "wmB 乙 true", "wmC 丙 true", "wmD 丁 true", "wmF 己 true",
		},
		kindProblems: 1,
	}
	for _, tt := range []struct {
		name string
		hash func(k, extID string) uint64
	}{
		{"real hash", relHash},
		{"one fingerprint for all", func(string, string) uint64 { return 42 }},
		{"one fingerprint per owner", func(k, _ string) uint64 { return relHash(k, "") }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defer func(h func(string, string) uint64) { relHashFunc = h }(relHashFunc)
			relHashFunc = tt.hash
			got := read(t)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

// TestContactRowHint: the estimate is exact for a part shorter than the
// sample, close for a long one, and 0 for what is not a readable file.
func TestContactRowHint(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.xlsx")
	writeXLSX(t, small, sheetData{"a", rowsOf([]string{"owner_userid", "external_userid"}, []string{"x", "wm1"}, []string{"y", "wm2"})},
		sheetData{"b", rowsOf([]string{"owner_userid"}, []string{"z"})})
	if got := fileRowHint(small); got != 5 {
		t.Errorf("small workbook: %d rows; want 5", got)
	}
	big := filepath.Join(dir, "big.csv")
	rows := [][]string{{"owner_userid", "external_userid"}}
	for i := range 20_000 {
		rows = append(rows, []string{fmt.Sprintf("member%04d", i%500), fmt.Sprintf("wm%012x", i)})
	}
	writeFile(t, big, []byte(csvOf(rows...)))
	if got := fileRowHint(big); got < len(rows) || got > len(rows)*12/10 {
		t.Errorf("big CSV: %d rows; want %d to %d", got, len(rows), len(rows)*12/10)
	}
	if got := contactRowHint([]string{filepath.Join(dir, "missing.csv"), small}); got != 5 {
		t.Errorf("missing + small: %d; want 5", got)
	}
}

// TestDuplicateRunSurvivesStrayRow: a row of another owner inside a run
// does not end it, so a repeated row after it is found in the run (step 1)
// instead of being held back for the second read; two rows of other owners
// do end it, and the owner's next run asks the fingerprint set (step 2).
// With one fingerprint for all, the rows held are exactly the rows of an
// owner's second run that are not in that run.
func TestDuplicateRunSurvivesStrayRow(t *testing.T) {
	defer func(h func(string, string) uint64, c func(int)) { relHashFunc, onConfirm = h, c }(relHashFunc, onConfirm)
	relHashFunc = func(string, string) uint64 { return 7 } // every row reaches the exact checks
	for _, tt := range []struct {
		name string
		rows [][]string
		dups []audit.OwnerCount
		held int
	}{
		{"one stray row", [][]string{{"a", "wm1"}, {"a", "wm2"}, {"b", "wm1"}, {"a", "wm1"}, {"a", "wm2"}},
			[]audit.OwnerCount{{UserID: "a", Count: 2}}, 0},
		{"two stray rows end the run", [][]string{{"a", "wm1"}, {"b", "wm1"}, {"c", "wm1"}, {"a", "wm2"}, {"a", "wm1"}},
			[]audit.OwnerCount{{UserID: "a", Count: 1}}, 2},
		{"a second run without repeats", [][]string{{"a", "wm1"}, {"b", "wm1"}, {"c", "wm1"}, {"a", "wm2"}, {"a", "wm3"}, {"a", "wm2"}},
			[]audit.OwnerCount{{UserID: "a", Count: 1}}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			held := -1
			onConfirm = func(n int) { held = n }
			dir := t.TempDir()
			roster := filepath.Join(dir, "roster.csv")
			writeFile(t, roster, []byte("userid\na\nb\nc\n"))
			c := filepath.Join(dir, "c.csv")
			writeFile(t, c, []byte(csvOf(append([][]string{{"owner_userid", "external_userid"}}, tt.rows...)...)))
			in, _, err := Read(Options{Roster: roster, Contacts: []string{c}})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(in.DuplicateContacts, tt.dups) {
				t.Errorf("duplicates = %+v; want %+v", in.DuplicateContacts, tt.dups)
			}
			if held != tt.held {
				t.Errorf("%d rows held for a second read; want %d", held, tt.held)
			}
		})
	}
}
