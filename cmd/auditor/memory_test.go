package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// The limit follows the live heap: the base while the live data is small,
// twice the live heap above half the base, back to the base when the live
// data falls; nothing once stopped.
func TestMemoryLimitFollowsLiveHeap(t *testing.T) {
	const mb = 1 << 20
	var live int64
	var set []int64
	m := &memoryLimit{base: 320 * mb, live: func() int64 { return live },
		set: func(n int64) int64 { set = append(set, n); return 0 }}
	m.mu.Lock()
	m.current = m.base
	m.mu.Unlock()
	for _, tt := range []struct {
		name string
		live int64
		want int64
	}{
		{"small run: the base", 40 * mb, 320 * mb},
		{"at half the base", 160 * mb, 320 * mb},
		{"live data past half the base: twice it", 230 * mb, 460 * mb},
		{"more live", 300 * mb, 600 * mb},
		{"the read's data let go: back to the base", 120 * mb, 320 * mb},
	} {
		live = tt.live
		m.collected()
		if m.current != tt.want {
			t.Errorf("%s: limit %d MB, want %d MB", tt.name, m.current/mb, tt.want/mb)
		}
	}
	if want := []int64{460 * mb, 600 * mb, 320 * mb}; len(set) != len(want) || set[0] != want[0] || set[1] != want[1] || set[2] != want[2] {
		t.Errorf("limits set %v, want %v (only changes are set)", set, want)
	}
	m.stop()
	if set[len(set)-1] != math.MaxInt64 {
		t.Errorf("stop set %d, want no limit", set[len(set)-1])
	}
	n := len(set)
	live = 900 * mb
	m.collected()
	if len(set) != n {
		t.Errorf("a stopped limit was changed to %d", set[len(set)-1])
	}
}

// The hook is called by a real collection, and re-armed for the next one.
func TestMemoryLimitHearsCollections(t *testing.T) {
	got := make(chan int64, 16)
	m := &memoryLimit{base: 1 << 30, live: func() int64 { return 1 << 31 },
		set: func(n int64) int64 { got <- n; return 0 }}
	m.start()
	defer m.stop()
	if n := <-got; n != 1<<30 {
		t.Fatalf("start set %d, want the base", n)
	}
	for round := range 2 {
		deadline := time.After(30 * time.Second)
	wait:
		for {
			runtime.GC()
			select {
			case n := <-got:
				if n != 1<<32 {
					t.Fatalf("round %d: set %d, want twice the live heap", round, n)
				}
				break wait
			case <-deadline:
				t.Fatalf("round %d: no collection reached the hook", round)
			case <-time.After(10 * time.Millisecond):
			}
		}
		// The second round sees no change (same live heap), so nothing is
		// set; make the live heap move to hear it again.
		m.mu.Lock()
		m.current = 0
		m.mu.Unlock()
	}
}

// The process's limit is set unless GOMEMLIMIT says otherwise.
func TestStartMemoryLimit(t *testing.T) {
	if _, ok := os.LookupEnv("GOMEMLIMIT"); ok {
		t.Skip("GOMEMLIMIT is set in this environment: startMemoryLimit leaves the limit to it")
	}
	before := debug.SetMemoryLimit(-1)
	stop := startMemoryLimit()
	if got := debug.SetMemoryLimit(-1); got < softMemoryBase {
		t.Errorf("limit %d, want at least %d", got, softMemoryBase)
	}
	stop()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("after stop: limit %d, want none", got)
	}
	debug.SetMemoryLimit(before)

	t.Setenv("GOMEMLIMIT", "off")
	debug.SetMemoryLimit(math.MaxInt64)
	stop = startMemoryLimit()
	defer stop()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("GOMEMLIMIT set: limit %d, want it left alone", got)
	}
}
