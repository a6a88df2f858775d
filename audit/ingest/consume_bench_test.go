package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"testing"
)

// BenchmarkContactRows isolates the contacts pass — what readContactRows
// does with each row (owner, kind, id, duplicate check, date, counts) — from
// the xlsx reader: the rows come from memory, as the fast reader hands them
// over (the mapped columns, a date cell as its text). "grouped" lists each
// member's contacts together, as WeCom's exports do; "interleaved" has
// every row of another owner than the one before (the worst case for the
// duplicate check's run). One row in 1,000 repeats the row before.
func BenchmarkContactRows(b *testing.B) {
	const members = 2000
	rows := benchRows()
	for _, order := range []string{"grouped", "interleaved"} {
		b.Run(order, func(b *testing.B) {
			dir := b.TempDir()
			roster, _ := writeBenchInputs(b, dir, members, 1)
			contacts := filepath.Join(dir, "contacts.csv")
			// A file of as many lines as rows, so that the duplicate
			// check's table is sized as for a real export of that size.
			writeFile(b, contacts, bytes.Repeat([]byte("x\n"), rows+1))
			sheet := [][]Cell{strs("客户名称", "添加人账号", "客户ID", "联系人类型", "添加时间")}
			for r := 0; r < rows; r++ {
				id := r
				if r%1000 == 999 {
					id = r - 1 // the row before, again
				}
				owner := id % members
				if order == "grouped" {
					owner = id * members / rows
				}
				kind := "客户"
				if r%7 == 0 {
					kind = "外部联系人"
				}
				sheet = append(sheet, []Cell{
					str(fmt.Sprintf("客户%d", id)), str(fmt.Sprintf("user%05d", owner)),
					str(fmt.Sprintf("wm%016x", id)), str(kind),
					{Text: "2025-03-01 10:30:00", Kind: KindDate},
				})
			}
			prev := openInputFile
			b.Cleanup(func() { openInputFile = prev })
			openInputFile = func(path string) (Workbook, *probe, error) {
				if path != contacts {
					return prev(path)
				}
				wb := &fakeWorkbook{names: []string{"客户列表"}, sheets: map[string][][]Cell{"客户列表": sheet}}
				sum := sha256.Sum256([]byte(path))
				return wb, &probe{format: formatXLSX, sha256: hex.EncodeToString(sum[:]), noFile: true}, nil
			}
			b.ReportAllocs()
			runtime.GC()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				in, _, err := Read(Options{Roster: roster, Contacts: []string{contacts}})
				if err != nil {
					b.Fatal(err)
				}
				if got := in.Files[1].Rows; got != rows {
					b.Fatalf("read %d rows; want %d", got, rows)
				}
				if len(in.DuplicateContacts) == 0 {
					b.Fatal("no duplicates found")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(rows*b.N), "ns/row")
		})
	}
}

// BenchmarkCleanText: cells as exports hold them — ASCII ids and dates,
// Chinese names and kinds — and a padded one, each on its own.
func BenchmarkCleanText(b *testing.B) {
	for _, c := range []struct{ name, s string }{
		{"id", "wm0123456789abcdef"}, {"date", "2025-03-01 10:30:00"}, {"chinese", "客户名称一"},
		{"padded", " padded\u3000"}, {"empty", ""},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				benchSink += len(cleanText(c.s))
			}
		})
	}
}

var benchSink int

// BenchmarkRelSetFold: a million relationships added a run of 200 at a
// time, as the duplicate check folds each run into the fingerprint set;
// "touch" is addAll (the home slots read first), "plain" Add one by one.
func BenchmarkRelSetFold(b *testing.B) {
	const n, run = 1_000_000, 200
	rng := rand.New(rand.NewPCG(1, 2))
	hs := make([]uint64, n)
	for i := range hs {
		hs[i] = rng.Uint64()
	}
	for _, mode := range []string{"touch", "plain"} {
		b.Run(mode, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				s := newRelSet(n)
				for j := 0; j < n; j += run {
					if mode == "touch" {
						s.addAll(hs[j : j+run])
					} else {
						for _, h := range hs[j : j+run] {
							s.Add(h)
						}
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*b.N), "ns/rel")
		})
	}
}
