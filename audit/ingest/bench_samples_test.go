package ingest

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// BenchmarkReadSamples reads a folder written by `auditor samples` (or
// several, separated by commas: their contact exports are read in one run,
// with the first one's roster), as bench/run.sh and bench/linear.sh do,
// so that `go test -bench ReadSamples -memprofile` profiles the ingest of a
// real-sized export (issue 18):
//
//	AUDITOR_BENCH_SAMPLES=bench/out/data-shared-1000000-5000 \
//	  go test -run '^$' -bench ReadSamples -benchtime 1x -memprofile mem.prof ./audit/ingest
func BenchmarkReadSamples(b *testing.B) {
	dirs := os.Getenv("AUDITOR_BENCH_SAMPLES")
	if dirs == "" {
		b.Skip("AUDITOR_BENCH_SAMPLES names no samples folder")
	}
	var opt Options
	for i, d := range strings.Split(dirs, ",") {
		if !filepath.IsAbs(d) {
			d = filepath.Join("..", "..", d)
		}
		if i == 0 {
			opt.Roster = filepath.Join(d, "roster.xlsx")
			opt.Plan = filepath.Join(d, "handover.xlsx")
		}
		opt.Contacts = append(opt.Contacts, filepath.Join(d, "contacts.xlsx"))
	}
	b.ReportAllocs()
	runtime.GC()
	b.ResetTimer()
	peak := watchPeakHeap()
	rows := 0
	for i := 0; i < b.N; i++ {
		in, _, err := Read(opt)
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for _, f := range in.Files[1:] {
			rows += f.Rows
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak())/(1<<20), "MiB-peak-heap")
}
