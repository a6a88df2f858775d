package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// benchRows is the contacts workbook's size; AUDITOR_BENCH_ROWS=1000000
// gives docs/spec.md §5's figure.
func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("AUDITOR_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// writeBenchInputs writes a roster of members and a contacts workbook of
// rows with the StreamWriter, as WeCom's export lays it out.
func writeBenchInputs(tb testing.TB, dir string, members, rows int) (roster, contacts string) {
	tb.Helper()
	roster = filepath.Join(dir, "roster.csv")
	f, err := os.Create(roster)
	if err != nil {
		tb.Fatal(err)
	}
	fmt.Fprintln(f, "帐号,姓名,状态,离职日期,接替人")
	for i := 0; i < members; i++ {
		status, date, recv := "在职", "", ""
		if i%50 == 0 {
			status, date, recv = "待离职", "2026-12-05", fmt.Sprintf("user%05d", i+1)
		}
		fmt.Fprintf(f, "user%05d,成员%d,%s,%s,%s\n", i, i, status, date, recv)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}

	contacts = filepath.Join(dir, "contacts.xlsx")
	x := excelize.NewFile()
	defer x.Close()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	date, _ := x.NewStyle(&excelize.Style{NumFmt: 22})
	if err := sw.SetRow("A1", []any{"客户名称", "添加人", "添加人账号", "客户ID", "联系人类型", "添加时间"}); err != nil {
		tb.Fatal(err)
	}
	added := time.Date(2025, 3, 1, 10, 30, 0, 0, time.UTC)
	for r := 0; r < rows; r++ {
		kind := "客户"
		if r%7 == 0 {
			kind = "外部联系人"
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		owner := r % members
		if err := sw.SetRow(cell, []any{
			fmt.Sprintf("客户%d", r), fmt.Sprintf("成员%d", owner), fmt.Sprintf("user%05d", owner),
			fmt.Sprintf("wm%016x", r), kind, excelize.Cell{StyleID: date, Value: added},
		}); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := x.SaveAs(contacts); err != nil {
		tb.Fatal(err)
	}
	return roster, contacts
}

func BenchmarkReadContactsXLSX(b *testing.B) {
	rows := benchRows()
	roster, contacts := writeBenchInputs(b, b.TempDir(), 2000, rows)
	b.ReportAllocs()
	runtime.GC()
	b.ResetTimer()
	var heap uint64
	peak := watchPeakHeap()
	for i := 0; i < b.N; i++ {
		in, _, err := Read(Options{Roster: roster, Contacts: []string{contacts}})
		if err != nil {
			b.Fatal(err)
		}
		if got := in.Files[1].Rows; got != rows {
			b.Fatalf("read %d rows; want %d", got, rows)
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heap = ms.HeapAlloc
		runtime.KeepAlive(in)
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(heap)/(1<<20), "MiB-retained")
	b.ReportMetric(float64(peak())/(1<<20), "MiB-peak-heap")
}

// watchPeakHeap samples the live heap every 20 ms until the returned
// function is called, which gives the highest seen: memory must grow with
// the members, not the contact rows (docs/spec.md §5).
func watchPeakHeap() func() uint64 {
	stop := make(chan struct{})
	done := make(chan uint64)
	go func() {
		var peak uint64
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
			select {
			case <-stop:
				done <- peak
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(stop)
		return <-done
	}
}

func BenchmarkReadContactsCSV(b *testing.B) {
	rows := benchRows()
	dir := b.TempDir()
	roster, _ := writeBenchInputs(b, dir, 2000, 1)
	contacts := filepath.Join(dir, "contacts.csv")
	f, err := os.Create(contacts)
	if err != nil {
		b.Fatal(err)
	}
	fmt.Fprintln(f, "客户名称,添加人,添加人账号,客户ID,联系人类型,添加时间")
	for r := 0; r < rows; r++ {
		kind := "客户"
		if r%7 == 0 {
			kind = "外部联系人"
		}
		owner := r % 2000
		fmt.Fprintf(f, "客户%d,成员%d,user%05d,wm%016x,%s,2025-03-01 10:30\n", r, owner, owner, r, kind)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	runtime.GC()
	b.ResetTimer()
	peak := watchPeakHeap()
	for i := 0; i < b.N; i++ {
		in, _, err := Read(Options{Roster: roster, Contacts: []string{contacts}})
		if err != nil {
			b.Fatal(err)
		}
		if got := in.Files[1].Rows; got != rows {
			b.Fatalf("read %d rows; want %d", got, rows)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak())/(1<<20), "MiB-peak-heap")
}
