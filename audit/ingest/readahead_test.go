package ingest

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

// genSheet makes rows on demand into one reused slice, as the real readers
// do, skips some row numbers, and can stop with an error: what readAhead
// must pass on unchanged.
type genSheet struct {
	rows     int
	n, num   int
	row      []Cell
	err      error // given after the last row, when set
	closed   bool
	filter   []int
	filterAt int // rows given when the filter was set
}

func (g *genSheet) Name() string { return "gen" }

func (g *genSheet) Next() bool {
	if g.n == g.rows {
		return false
	}
	g.n++
	g.num += 1 + g.n%3 // rows 2, 3 past the last are missing now and then
	g.row = g.row[:0]
	for c := 0; c < g.n%5; c++ {
		g.row = append(g.row, Cell{Text: fmt.Sprintf("r%dc%d", g.num, c), Kind: KindString})
	}
	return true
}

func (g *genSheet) Row() []Cell           { return g.row }
func (g *genSheet) RowNumber() int        { return g.num }
func (g *genSheet) Close() error          { g.closed = true; return nil }
func (g *genSheet) SetColumns(cols []int) { g.filter, g.filterAt = cols, g.n }

func (g *genSheet) Err() error {
	if g.n == g.rows {
		return g.err
	}
	return nil
}

type seenRow struct {
	num   int
	cells []Cell
}

func readAllRows(s Sheet) (rows []seenRow, last int, err error) {
	for s.Next() {
		rows = append(rows, seenRow{s.RowNumber(), slices.Clone(s.Row())})
	}
	return rows, s.RowNumber(), s.Err()
}

// TestReadAhead: the same rows, numbers and error as the sheet read
// directly, across batch boundaries and for an empty rest.
func TestReadAhead(t *testing.T) {
	stop := errors.New("damaged")
	for _, n := range []int{0, 1, readAheadRows - 1, readAheadRows, readAheadRows*readAheadBatches*3 + 7} {
		for _, err := range []error{nil, stop} {
			want, wantLast, wantErr := readAllRows(&genSheet{rows: n, err: err})
			src := &genSheet{rows: n, err: err}
			ra := readAhead(src)
			got, last, gotErr := readAllRows(ra)
			if !slices.EqualFunc(got, want, func(a, b seenRow) bool { return a.num == b.num && slices.Equal(a.cells, b.cells) }) {
				t.Fatalf("%d rows, error %v: the rows differ", n, err)
			}
			if last != wantLast || gotErr != wantErr {
				t.Errorf("%d rows: after the end RowNumber %d, Err %v; want %d, %v", n, last, gotErr, wantLast, wantErr)
			}
			if ra.Next() {
				t.Errorf("%d rows: Next after the end", n)
			}
			if err := ra.Close(); err != nil || !src.closed {
				t.Errorf("%d rows: Close %v, source closed %v", n, err, src.closed)
			}
		}
	}
}

// TestReadAheadHeaderThenFilter: rows read from the source before the
// wrapper (the header) stay read, and a filter set before the first Next
// reaches the source.
func TestReadAheadHeaderThenFilter(t *testing.T) {
	src := &genSheet{rows: 10}
	src.Next()
	ra := readAhead(src)
	if ra.RowNumber() != src.RowNumber() {
		t.Errorf("RowNumber before the first Next: %d; want the source's %d", ra.RowNumber(), src.RowNumber())
	}
	ra.SetColumns([]int{0, 2})
	if !slices.Equal(src.filter, []int{0, 2}) || src.filterAt != 1 {
		t.Errorf("filter %v set after row %d; want [0 2] after the header", src.filter, src.filterAt)
	}
	rows, _, _ := readAllRows(ra)
	if len(rows) != 9 {
		t.Errorf("%d rows after the header; want 9", len(rows))
	}
	ra.Close()
}

// TestReadAheadCloseEarly: Close in the middle of a long sheet, or before
// any row, stops the producer and closes the source.
func TestReadAheadCloseEarly(t *testing.T) {
	for _, read := range []int{0, 1, readAheadRows + 1} {
		src := &genSheet{rows: 1 << 20}
		ra := readAhead(src)
		for i := 0; i < read; i++ {
			if !ra.Next() {
				t.Fatal("early end")
			}
		}
		if err := ra.Close(); err != nil || !src.closed {
			t.Fatalf("Close after %d rows: %v, source closed %v", read, err, src.closed)
		}
		if read > 0 {
			select {
			case <-ra.done:
			default:
				t.Fatalf("Close after %d rows left the producer running", read)
			}
		}
		if src.n == src.rows {
			t.Errorf("Close after %d rows: the source was read to its end", read)
		}
	}
}
