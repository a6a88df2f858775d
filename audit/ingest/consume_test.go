package ingest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/wecom-audit/auditor/audit"
)

// oldCleanText is cleanText as it was before its ASCII fast path: the
// reference the fast path must agree with on every input.
func oldCleanText(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u3000' || r == '\u200b' || r == '\ufeff'
	})
}

// cleanPieces are what a cell's ends can be made of, at every boundary the
// fast path has: ASCII blanks and non-blanks, the non-ASCII blanks
// (Latin-1's U+0085 and U+00A0, U+3000, U+200B, a BOM, U+2028), non-ASCII
// non-blanks, and invalid UTF-8 (lone continuation bytes, a truncated
// U+3000, a lone lead byte, 0xFF, an encoded surrogate).
var cleanPieces = []string{
	"", " ", "\t", "\n", "\v", "\f", "\r", "\x00", "\x1c", "\x7f", "a", "0",
	"\u0085", "\u00a0", "\u3000", "\u200b", "\ufeff", "\u2028", "\u1680",
	"中", "é", "\U0001F600", "\ufffd",
	"\x80", "\xbf", "\xe3\x80", "\xe3", "\xff", "\xc2", "\xed\xa0\x80",
}

// TestCleanTextMatchesTrimFunc: every string of up to three pieces (each
// end and the middle at every boundary of the fast path), every string of
// one or two bytes, and random strings of those pieces read as before.
func TestCleanTextMatchesTrimFunc(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if got, want := cleanText(s), oldCleanText(s); got != want {
			t.Fatalf("cleanText(%q) = %q; TrimFunc gives %q", s, got, want)
		}
	}
	for _, a := range cleanPieces {
		for _, b := range cleanPieces {
			for _, c := range cleanPieces {
				check(a + b + c)
			}
		}
	}
	for i := range 256 {
		check(string([]byte{byte(i)}))
		for j := range 256 {
			check(string([]byte{byte(i), byte(j)}))
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100_000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(cleanPieces[rng.IntN(len(cleanPieces))])
		}
		check(b.String())
	}
}

// FuzzCleanText: the fast path and strings.TrimFunc agree on any input.
func FuzzCleanText(f *testing.F) {
	for _, s := range cleanPieces {
		f.Add(s)
		f.Add(" " + s + "x" + s + "\t")
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := cleanText(s), oldCleanText(s); got != want {
			t.Errorf("cleanText(%q) = %q; TrimFunc gives %q", s, got, want)
		}
	})
}

// TestValidDateMatchesTime: daysIn agrees with time.Date's normalisation
// for every day 1–31 of every month of every year validDate accepts.
func TestValidDateMatchesTime(t *testing.T) {
	for y := 1900; y <= 9999; y++ {
		for m := 1; m <= 12; m++ {
			for d := 1; d <= 31; d++ {
				want := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Day() == d
				got, ok := validDate(y, m, d)
				if ok != want || (ok && got != audit.NewDate(y, time.Month(m), d)) {
					t.Fatalf("validDate(%d, %d, %d) = %v, %v; want ok %v", y, m, d, got, ok, want)
				}
			}
		}
	}
}

// TestDuplicatesMatchNaiveSet: over random exports — owners in runs of 1 to
// 300 rows (the run's index grows past its first size), stray rows, owners
// coming back in later runs and later files, ids from a small pool so that
// repeats are common — the duplicate check counts exactly what a plain set
// of (owner, id) counts, with the real hash and with every relationship on
// one fingerprint, and with runs split at relRunMax (shrunk to a few rows,
// so that the split is reached in nearly every run).
func TestDuplicatesMatchNaiveSet(t *testing.T) {
	owners := []string{"a", "b", "c", "d", "e"}
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 6 {
		dir := t.TempDir()
		roster := filepath.Join(dir, "roster.csv")
		writeFile(t, roster, []byte("userid\n"+strings.Join(owners, "\n")+"\n"))
		seen := map[[2]string]bool{}
		want := map[string]int{}
		customers := map[string]int{}
		var files []string
		for f := range 2 {
			rows := [][]string{{"owner_userid", "external_userid"}}
			for len(rows) < 2000 {
				o := owners[rng.IntN(len(owners))]
				for range 1 + rng.IntN(300) {
					owner := o
					if rng.IntN(20) == 0 {
						owner = owners[rng.IntN(len(owners))] // a stray row
					}
					id := fmt.Sprintf("wm%d", rng.IntN(400))
					rows = append(rows, []string{owner, id})
					if k := [2]string{owner, id}; seen[k] {
						want[owner]++
					} else {
						seen[k] = true
						customers[owner]++
					}
				}
			}
			p := filepath.Join(dir, fmt.Sprintf("c%d.csv", f))
			writeFile(t, p, []byte(csvOf(rows...)))
			files = append(files, p)
		}
		for _, hash := range []struct {
			name   string
			fn     func(k, extID string) uint64
			runMax int
		}{
			{"real hash", nil, relRunMax},
			{"one fingerprint", func(string, string) uint64 { return 9 }, relRunMax},
			{"real hash, runs split every 7 rows", nil, 7},
			{"one fingerprint, runs split every 7 rows", func(string, string) uint64 { return 9 }, 7},
		} {
			if hash.fn != nil && trial > 1 {
				continue // quadratic in the run: two trials are enough
			}
			t.Run(fmt.Sprintf("%d %s", trial, hash.name), func(t *testing.T) {
				defer func(h func(string, string) uint64, m int) { relHashFunc, relRunMax = h, m }(relHashFunc, relRunMax)
				relHashFunc, relRunMax = hash.fn, hash.runMax
				in, _, err := Read(Options{Roster: roster, Contacts: files})
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]int{}
				for _, d := range in.DuplicateContacts {
					got[d.UserID] = d.Count
				}
				if !maps.Equal(got, want) {
					t.Errorf("duplicates = %v; want %v", got, want)
				}
				for _, m := range in.Members {
					if m.Customers != customers[m.UserID] {
						t.Errorf("%s: %d customers; want %d", m.UserID, m.Customers, customers[m.UserID])
					}
				}
			})
		}
	}
}

// TestRelRun: a run finds exactly the ids added since its reset, through
// the index's growth and across resets (the generation wrapping to 0
// included), with hashes that collide in the index.
func TestRelRun(t *testing.T) {
	u := &relRun{}
	rng := rand.New(rand.NewPCG(7, 8))
	for run := range 40 {
		if run == 20 {
			u.gen = ^uint32(0) // the next reset wraps
		}
		u.reset(fmt.Sprintf("owner%d", run), false)
		in := map[string]bool{}
		for range rng.IntN(500) {
			id := fmt.Sprintf("wm%d", rng.IntN(300))
			h := fnv64a(id) % 3 // ids collide, in the index and in full
			if got := u.has(h, id); got != in[id] {
				t.Fatalf("run %d: has(%q) = %v; want %v", run, id, got, in[id])
			}
			if !in[id] {
				u.add(h, id)
				in[id] = true
			}
		}
		for id := range in {
			if !u.has(fnv64a(id)%3, id) {
				t.Fatalf("run %d: %q added but not found", run, id)
			}
		}
	}
}

// TestSheetDigest: equal sheets digest alike; a sheet differing in one
// cell, in where a cell ends, in a formula for a blank, in the order of its
// rows or in its column layout does not.
func TestSheetDigest(t *testing.T) {
	digest := func(cols []int, rows ...[]Cell) uint64 {
		tb := &table{h: header{Col: cols}}
		d := newSheetDigest("itemised", tb.h)
		for _, r := range rows {
			d.row(tb, r)
		}
		return d.h
	}
	cols := []int{0, -1, 1}
	base := digest(cols, strs("a", "b"), strs("c", "d"))
	if again := digest(cols, strs("a", "b"), strs("c", "d")); again != base {
		t.Fatal("the same rows digest differently")
	}
	for name, got := range map[string]uint64{
		"one cell":      digest(cols, strs("a", "b"), strs("c", "e")),
		"cell boundary": digest(cols, strs("ab", ""), strs("c", "d")),
		"row order":     digest(cols, strs("c", "d"), strs("a", "b")),
		"formula":       digest(cols, strs("a", "b"), cells(str("c"), formula)),
		"short row":     digest(cols, strs("a", "b"), strs("c")),
		"layout":        digest([]int{0, 1, -1}, strs("a", "b"), strs("c", "d")),
	} {
		if got == base {
			t.Errorf("%s: same digest as the original", name)
		}
	}
	// A row shorter than the mapped columns reads as blanks, as a blank
	// cell does.
	if digest(cols, strs("a", "b"), strs("c")) != digest(cols, strs("a", "b"), strs("c", "")) {
		t.Error("a missing cell and a blank one digest differently")
	}
}

// TestIsBlank: isBlank's shortcuts agree with the definition for every
// rune, and for values beyond Unicode.
func TestIsBlank(t *testing.T) {
	for r := rune(-2); r <= unicode.MaxRune+2; r++ {
		want := unicode.IsSpace(r) || r == '\u3000' || r == '\u200b' || r == '\ufeff'
		if got := isBlank(r); got != want {
			t.Fatalf("isBlank(%U) = %v; want %v", r, got, want)
		}
	}
}
