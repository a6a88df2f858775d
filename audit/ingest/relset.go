package ingest

import "hash/maphash"

// relSet remembers which relationships (owner key, external id) the
// contacts pass has seen, for the duplicate-contact check, in about five
// bytes each (issue 18; a Go map of the keys takes ~60, a set of 64-bit
// hashes 11–23 with its growth).
//
// It is a fingerprint set: each relationship is a 32-bit fingerprint in an
// open-addressing table (linear probing) whose home slot comes from 32
// further bits of the same 64-bit hash. The table is sized up front from
// the exports' row estimate (contactRowHint) at relSetLoad; when the
// estimate was low and the table fills, a further table is added (the
// fingerprints cannot be rehashed: the home bits are not kept), so nothing
// is ever rebuilt and a good estimate means one allocation.
//
// A fingerprint set can say "seen" for a relationship it has not seen
// (two relationships, one fingerprint). So Add's "seen" is only a
// candidate: the contacts pass confirms it exactly (dupcheck.go) and never
// reports a duplicate on a fingerprint alone. A false candidate needs a
// stored fingerprint equal to the new one among the slots a lookup
// compares — on average fewer than (1+1/(1-load)²)/2 ≈ 8.5 slots at
// relSetLoad — so its chance per row is below 8.5/2^31 ≈ 4·10⁻⁹: about
// one in 250 runs over a million rows and one in 25 over ten million has
// one at all. What a false candidate costs is time (the exact check
// rereads the exports' owner and id columns), never a wrong count.
type relSet struct {
	tables []relTable
	hint   int // rows expected in all, for the size of a further table
	// touched is what addAll's first loop read; nothing uses it.
	touched uint32
}

// relTable is one fixed-size table of fingerprints; 0 is an empty slot.
type relTable struct {
	slots []uint32
	n     int // fingerprints stored
	max   int // n at which the table counts as full
}

// relSetLoad is the share of slots a table fills before the next one is
// added: low enough that probes stay short, high enough that a
// relationship costs 4/0.75 ≈ 5.3 bytes.
const relSetLoad = 0.75

// relSetMin is the smallest table, for a small or unknown estimate.
const relSetMin = 1 << 12

func newRelSet(hint int) *relSet {
	s := &relSet{hint: max(hint, relSetMin)}
	s.grow(s.hint)
	return s
}

func (s *relSet) grow(rows int) {
	n := int(float64(max(rows, relSetMin))/relSetLoad) + 1
	s.tables = append(s.tables, relTable{slots: make([]uint32, n), max: int(float64(n) * relSetLoad)})
}

// ownerSeed and idSeed seed the relationship hash. Per process: a
// fingerprint decides nothing on its own, so no output depends on them.
var ownerSeed, idSeed = maphash.MakeSeed(), maphash.MakeSeed()

// relHash is the 64-bit hash of a relationship: the owner key's hash
// (computed once per run of the owner's rows, dupState.see) and the
// external id's, each seeded, combined. Two seeds, so that (a, b) and
// (b, a) do not hash alike; the xor of two independent uniform hashes is
// uniform, which is all the fingerprint set's arithmetic assumes.
func relHash(k, extID string) uint64 { return ownerHash(k) ^ idHash(extID) }

func ownerHash(k string) uint64 { return maphash.String(ownerSeed, k) }

func idHash(extID string) uint64 { return maphash.String(idSeed, extID) }

// relHashFunc, when set, replaces relHash everywhere (tests force
// collisions to reach the exact checks).
var relHashFunc func(k, extID string) uint64

// relHashOf is relHash, or the test's replacement.
func relHashOf(k, extID string) uint64 {
	if relHashFunc != nil {
		return relHashFunc(k, extID)
	}
	return relHash(k, extID)
}

// Add records the fingerprint h and reports whether it is new. false means
// a fingerprint equal to h was stored before: the same relationship, or
// (rarely) another with the same fingerprint.
func (s *relSet) Add(h uint64) bool {
	if s.has(h) {
		return false
	}
	fp, home := relSplit(h)
	t := &s.tables[len(s.tables)-1]
	if t.n >= t.max {
		// The estimate was low: a further table as large as all before
		// (doubling), or the estimate, whichever is more.
		total := 0
		for _, t := range s.tables {
			total += t.max
		}
		s.grow(max(total, s.hint))
		t = &s.tables[len(s.tables)-1]
	}
	t.put(home, fp)
	return true
}

// relSplit is h's fingerprint (never 0, the empty slot) and home.
func relSplit(h uint64) (fp, home uint32) { return uint32(h) | 1, uint32(h >> 32) }

// has reports whether a fingerprint equal to h's was stored.
func (s *relSet) has(h uint64) bool {
	fp, home := relSplit(h)
	for i := range s.tables {
		if s.tables[i].has(home, fp) {
			return true
		}
	}
	return false
}

// addAll adds every hash of hs: a run's relationships, as the run ends
// (dupcheck.go). The tables are megabytes, so each relationship's home slot
// is a cache miss, and Add's probes, one after the other, would wait for
// each in turn; so a first loop only reads the home slots, with loads that
// depend on nothing before them, for the processor to fetch those lines in
// parallel, and the adds then find them in cache.
func (s *relSet) addAll(hs []uint64) {
	var x uint32
	for i := range s.tables {
		t := &s.tables[i]
		for _, h := range hs {
			x |= t.slots[t.start(uint32(h>>32))]
		}
	}
	s.touched = x // kept, so that the loads are not left out
	for _, h := range hs {
		s.Add(h)
	}
}

// start is the home slot: home scaled onto the table (no modulo, any size).
func (t *relTable) start(home uint32) int {
	return int((uint64(home) * uint64(len(t.slots))) >> 32)
}

func (t *relTable) has(home, fp uint32) bool {
	slots := t.slots
	for i := t.start(home); ; {
		switch slots[i] {
		case 0:
			return false
		case fp:
			return true
		}
		if i++; i == len(slots) {
			i = 0
		}
	}
}

func (t *relTable) put(home, fp uint32) {
	slots := t.slots
	i := t.start(home)
	for slots[i] != 0 {
		if i++; i == len(slots) {
			i = 0
		}
	}
	slots[i] = fp
	t.n++
}
