package ingest

import "sync"

// readAheadSheet reads another Sheet's rows on a goroutine of its own and
// hands them over in batches, so that on two cores parsing a sheet and
// what the caller does with each row overlap instead of adding up (issue 8:
// on a 1,000,000-row export the fast reader's parsing and the contacts pass
// cost about the same). It keeps the Sheet contract: the same rows, row
// numbers and error, in the same order.
//
// The producer copies each row's cells into its batch: a Row slice is only
// valid until the next Next, but the cells' strings are ordinary immutable Go
// strings every reader makes afresh, so copying the Cell values is all the
// contract asks for. At most readAheadBatches batches exist, so memory is
// bounded whatever the sheet's size and however slow the caller.
type readAheadSheet struct {
	src  Sheet
	name string

	started bool
	full    chan *rowBatch // batches read, in order; closed at the end
	free    chan *rowBatch // batches handed back for reuse
	stop    chan struct{}  // closed by Close: the producer gives up
	done    chan struct{}  // closed when the producer has returned
	once    sync.Once

	// Written by the producer before it closes full; read after that.
	err     error
	lastNum int // src.RowNumber() once it stopped

	cur  *rowBatch
	i    int // the current row's index in cur
	n    int // the current row's number
	row  []Cell
	over bool
}

// rowBatch is a run of consecutive rows: row i's cells are
// cells[ends[i-1]:ends[i]] (from 0 for the first), and its number nums[i].
type rowBatch struct {
	cells []Cell
	ends  []int
	nums  []int
}

// readAheadRows rows a batch, readAheadBatches batches at most: large enough
// that handing a batch over costs nothing per row, small enough that the
// batches (a few hundred KB each for an export's row) stay in cache.
const (
	readAheadRows    = 1024
	readAheadBatches = 4
)

var (
	_ Sheet        = (*readAheadSheet)(nil)
	_ ColumnFilter = (*readAheadSheet)(nil)
)

// readAhead wraps src. Nothing is read until the first Next, so the caller
// can still set a column filter (SetColumns) after finding the header on
// src; from the first Next on, src belongs to the producer until Close.
func readAhead(src Sheet) *readAheadSheet {
	return &readAheadSheet{src: src, name: src.Name()}
}

func (a *readAheadSheet) Name() string { return a.name }

// SetColumns passes the filter on to src, if it has one; it must come
// before the first Next.
func (a *readAheadSheet) SetColumns(cols []int) {
	if a.started {
		panic("ingest: SetColumns after the read-ahead started")
	}
	if cf, ok := a.src.(ColumnFilter); ok {
		cf.SetColumns(cols)
	}
}

func (a *readAheadSheet) start() {
	a.started = true
	a.full = make(chan *rowBatch, readAheadBatches)
	a.free = make(chan *rowBatch, readAheadBatches)
	a.stop = make(chan struct{})
	a.done = make(chan struct{})
	for i := 0; i < readAheadBatches; i++ {
		a.free <- &rowBatch{}
	}
	go a.produce()
}

// produce fills free batches from src until src ends or Close says stop.
func (a *readAheadSheet) produce() {
	defer close(a.done)
	defer close(a.full)
	for {
		var b *rowBatch
		select {
		case b = <-a.free:
		case <-a.stop:
			return
		}
		b.cells, b.ends, b.nums = b.cells[:0], b.ends[:0], b.nums[:0]
		more := true
		for len(b.nums) < readAheadRows {
			if more = a.src.Next(); !more {
				break
			}
			b.cells = append(b.cells, a.src.Row()...)
			b.ends = append(b.ends, len(b.cells))
			b.nums = append(b.nums, a.src.RowNumber())
		}
		if !more {
			a.err, a.lastNum = a.src.Err(), a.src.RowNumber()
		}
		if len(b.nums) > 0 {
			select {
			case a.full <- b:
			case <-a.stop:
				return
			}
		}
		if !more {
			return
		}
	}
}

func (a *readAheadSheet) Next() bool {
	if a.over {
		return false
	}
	if !a.started {
		a.start()
	}
	a.i++
	if a.cur == nil || a.i >= len(a.cur.nums) {
		if a.cur != nil {
			a.free <- a.cur // never blocks: there are only readAheadBatches
		}
		var ok bool
		if a.cur, ok = <-a.full; !ok {
			a.cur, a.over = nil, true
			a.n = a.lastNum
			a.row = nil
			return false
		}
		a.i = 0
	}
	start := 0
	if a.i > 0 {
		start = a.cur.ends[a.i-1]
	}
	end := a.cur.ends[a.i]
	a.row = a.cur.cells[start:end:end]
	a.n = a.cur.nums[a.i]
	return true
}

func (a *readAheadSheet) Row() []Cell { return a.row }

func (a *readAheadSheet) RowNumber() int {
	if !a.started {
		return a.src.RowNumber()
	}
	return a.n
}

// Err is src's error once every row before it has been read here.
func (a *readAheadSheet) Err() error {
	if !a.started {
		return a.src.Err()
	}
	if !a.over {
		return nil
	}
	return a.err
}

// Close stops the producer, waits for it, and closes src.
func (a *readAheadSheet) Close() error {
	if a.started {
		a.once.Do(func() { close(a.stop) })
		<-a.done
	}
	a.over = true
	return a.src.Close()
}

// Position is the underlying sheet's, when it knows it: the producer may be
// a few batches ahead of the rows handed out, which a progress line can bear.
func (a *readAheadSheet) Position() (done, total int64) {
	if p, ok := a.src.(Positioner); ok {
		return p.Position()
	}
	return 0, 0
}
