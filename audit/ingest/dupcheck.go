package ingest

import (
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
)

// The duplicate-contact check (issue 18): the same relationship (owner,
// external id) listed twice, within or across sheets and files, counts
// once, and the extra rows are reported. It must never report a duplicate
// that is not one, yet it may keep only a few bytes per relationship: memory
// grows with the members, not with the rows.
//
// So it works in three steps, each exact about what it decides:
//
//  1. The current run of rows with the same owner keeps its external ids as
//     they are, in a small index of their hashes (exports list a member's
//     contacts together; memory grows with the largest member's contacts,
//     up to relRunMax rows, past which the run is folded as in step 2 and
//     goes on; a single row of another owner inside the run does not end
//     it). A row whose id is in the run is a duplicate, for certain.
//  2. When a run ends, its relationships go into a fingerprint set (relSet,
//     ~5 bytes a relationship, sized up front). A row not in its run is new,
//     for certain, when its owner has had no earlier run: every earlier row
//     of the owner is then in the run. Otherwise the set says "new" (certain:
//     every earlier run left its fingerprints) or "maybe seen". Nearly every
//     row stops at 1 or here; in an export that lists each owner's contacts
//     together the set is only written, a run at a time, never asked.
//  3. "Maybe seen" makes the row a candidate: it is held back, uncounted.
//     After the last export, if there are any, the owner and id columns of
//     every itemised sheet are read again, keeping only the rows whose hash
//     is a candidate's, and each candidate is a duplicate exactly when the
//     same owner and id came on an earlier row. The held rows that are not
//     duplicates are then counted as any other row.
//
// The second read happens when the same owner's contacts are listed in two
// runs with a repeated relationship (one export covering another) or,
// about once in 250 runs over a million rows of owners listed in several
// runs (relSet), when two relationships share a fingerprint. It costs
// time, never a wrong count.

// relVerdict is what steps 1 and 2 decided about a row.
type relVerdict uint8

const (
	relNew relVerdict = iota
	relDuplicate
	relCandidate
)

// dupState is the duplicate check's part of the contacts pass.
type dupState struct {
	rels *relSet
	// run is the current owner's run of rows; last the one before, kept so
	// that a stray row of another owner in the middle of a run (a row
	// misfiled by hand) does not end it.
	run, last *relRun
	// folded holds the owner keys with a run in rels (step 2): one entry per
	// owner, not per row.
	folded map[string]struct{}
	// sheets lists the itemised sheets with an external id column, in the
	// order read: a row's position is its index here and its row number.
	sheets  []relSheet
	pending []pendingRel
}

// relSheet is where to find a sheet's owner and id columns again.
type relSheet struct {
	path, sheet      string
	headerRow        int
	ownerCol, extCol int
}

// pendingRel is a candidate held back until step 3.
type pendingRel struct {
	pos      uint64
	fp       uint64
	owner, k string
	extID    string
	row      []Cell
	n        int
	count    func(row []Cell, n int) // counts the row once it is not a duplicate
}

// relRun holds the external ids of the current run of one owner's rows:
// id i is buf[ends[i-1]:ends[i]] (from 0 for the first), its relationship
// hash hs[i]. idx finds them by hash: open addressing over a power-of-two
// table, at most half full, whose entries are gen<<32 | i+1. idx is a
// prefix of idxBuf sized for this run, not the largest run so far: one
// member with 100,000 contacts must not spread every later run's few
// hundred entries over megabytes (a cache miss a row). A new run, or a
// larger prefix, is gen++ — entries of other generations read as empty —
// so nothing is ever cleared.
type relRun struct {
	k      string
	kh     uint64 // ownerHash(k)
	folded bool   // k had an earlier run (its rows are in rels)
	buf    []byte
	ends   []int
	hs     []uint64
	idx    []uint64
	idxBuf []uint64
	gen    uint32
}

// relRunIndexMin is the smallest index, in entries (512 bytes).
const relRunIndexMin = 64

func (u *relRun) reset(k string, folded bool) {
	u.k, u.kh, u.folded = k, ownerHash(k), folded
	u.buf, u.ends, u.hs = u.buf[:0], u.ends[:0], u.hs[:0]
	u.idx = u.idxBuf[:min(relRunIndexMin, len(u.idxBuf))]
	u.nextGen()
}

// nextGen starts a generation of idx's entries.
func (u *relRun) nextGen() {
	if u.gen++; u.gen == 0 {
		// After 2^32 generations: entries of generation 0 could come back
		// to life.
		clear(u.idxBuf)
		u.gen = 1
	}
}

// id is the run's i-th external id.
func (u *relRun) id(i int) []byte {
	start := 0
	if i > 0 {
		start = u.ends[i-1]
	}
	return u.buf[start:u.ends[i]]
}

// has reports whether the run holds extID, whose hash is h.
func (u *relRun) has(h uint64, extID string) bool {
	if len(u.idx) == 0 {
		return false
	}
	mask := uint64(len(u.idx) - 1)
	for j := h & mask; ; j = (j + 1) & mask {
		e := u.idx[j]
		if uint32(e>>32) != u.gen {
			return false // empty, or left by another generation
		}
		if i := int(uint32(e)) - 1; u.hs[i] == h && string(u.id(i)) == extID {
			return true
		}
	}
}

func (u *relRun) add(h uint64, extID string) {
	u.buf = append(u.buf, extID...)
	u.ends = append(u.ends, len(u.buf))
	u.hs = append(u.hs, h)
	if 2*len(u.hs) > len(u.idx) {
		// Twice the size, rebuilt from hs under a new generation.
		n := max(relRunIndexMin, 2*len(u.idx))
		if n > len(u.idxBuf) {
			u.idxBuf = make([]uint64, n)
		}
		u.idx = u.idxBuf[:n]
		u.nextGen()
		for i, h := range u.hs {
			u.put(h, i)
		}
		return
	}
	u.put(h, len(u.hs)-1)
}

func (u *relRun) put(h uint64, i int) {
	mask := uint64(len(u.idx) - 1)
	j := h & mask
	for uint32(u.idx[j]>>32) == u.gen {
		j = (j + 1) & mask
	}
	u.idx[j] = uint64(u.gen)<<32 | uint64(i+1)
}

func (d *dupState) start(hint int) {
	*d = dupState{rels: newRelSet(hint), run: &relRun{}, last: &relRun{}, folded: map[string]struct{}{}}
}

// sheet records an itemised sheet with an id column about to be read and
// returns its index for the rows' positions.
func (d *dupState) sheet(t *table) uint64 {
	d.sheets = append(d.sheets, relSheet{
		path: t.src.path, sheet: t.name(), headerRow: t.h.Row,
		ownerCol: t.h.Col[cOwner], extCol: t.h.Col[cExtID],
	})
	return uint64(len(d.sheets) - 1)
}

// see runs steps 1 and 2 for a row of owner key k with external id extID,
// and returns the relationship's hash.
func (d *dupState) see(k, extID string) (relVerdict, uint64) {
	if k != d.run.k {
		d.run, d.last = d.last, d.run
		if k != d.run.k {
			d.fold(d.run)
			_, folded := d.folded[k]
			d.run.reset(k, folded)
		}
	}
	u := d.run
	var h uint64
	if relHashFunc != nil {
		h = relHashFunc(k, extID)
	} else {
		h = u.kh ^ idHash(extID)
	}
	if u.has(h, extID) {
		return relDuplicate, h
	}
	u.add(h, extID)
	v := relNew
	if u.folded && d.rels.has(h) {
		v = relCandidate
	}
	if len(u.hs) >= relRunMax {
		// The run goes on, but its rows so far go to the fingerprint set,
		// which the owner's later rows are then asked about, as an owner
		// with an earlier run is.
		d.fold(u)
		u.reset(k, true)
	}
	return v, h
}

// relRunMax bounds a run's exact index (about 52 bytes a row: the id, its
// end, its hash and two index slots), so that what it costs is bounded by
// it and not by the largest book in an export. No member can hold more
// than 20,000 customers (D6), so a real export's runs stay under it; past
// it, a repeat of a row already folded is a candidate, confirmed exactly
// by the second read like any other: slower, never wrong.
var relRunMax = 1 << 16 // a variable: tests shrink it to split runs

// fold ends run u: its relationships go into the fingerprint set, and its
// owner is marked as having had a run.
func (d *dupState) fold(u *relRun) {
	if len(u.hs) == 0 {
		return
	}
	d.rels.addAll(u.hs)
	if !u.folded {
		d.folded[strings.Clone(u.k)] = struct{}{}
	}
}

// hold keeps a candidate row for step 3, with a copy of its cells (the
// reader reuses the row) that shares nothing with the reader's buffers.
func (d *dupState) hold(sheet uint64, n int, fp uint64, owner, k, extID string, row []Cell, count func([]Cell, int)) {
	cp := make([]Cell, len(row))
	for i, c := range row {
		cp[i] = Cell{Text: strings.Clone(c.Text), Kind: c.Kind}
	}
	d.pending = append(d.pending, pendingRel{
		pos: sheet<<32 | uint64(uint32(n)), fp: fp, owner: strings.Clone(owner), k: strings.Clone(k),
		extID: strings.Clone(extID), row: cp, n: n, count: count,
	})
}

// confirmDuplicates is step 3.
func (r *reader) confirmDuplicates() error {
	d := &r.contacts.dup
	onConfirm(len(d.pending))
	if len(d.pending) == 0 {
		return nil
	}
	want := make(map[uint64]struct{}, len(d.pending))
	for _, p := range d.pending {
		want[p.fp] = struct{}{}
	}
	first := make(map[string]uint64, 2*len(d.pending))
	for i, s := range d.sheets {
		err := s.scan(func(n int, k, extID string) {
			if _, ok := want[relHashOf(k, extID)]; !ok {
				return
			}
			key := k + "\x00" + extID
			if _, seen := first[key]; !seen {
				first[key] = uint64(i)<<32 | uint64(uint32(n))
			}
		})
		if err != nil {
			return err
		}
	}
	for _, p := range d.pending {
		at, ok := first[p.k+"\x00"+p.extID]
		if !ok {
			return inputError(InputError{File: d.sheets[p.pos>>32].path, Sheet: d.sheets[p.pos>>32].sheet, Row: p.n}, "ingest.error.row_gone", nil)
		}
		if at < p.pos {
			r.duplicateContact(p.owner, p.k)
		} else {
			p.count(p.row, p.n)
		}
	}
	d.pending = nil
	return nil
}

// scan reads the sheet's owner and id columns again, passing the rows that
// have both, as the contacts pass reads them.
func (s relSheet) scan(fn func(n int, k, extID string)) error {
	wb, err := OpenWorkbook(s.path)
	if err != nil {
		return err
	}
	defer wb.Close()
	sh, err := wb.OpenSheet(s.sheet)
	if err != nil {
		return inputError(InputError{File: s.path, Sheet: s.sheet}, "ingest.error.cannot_reread_sheet", catalog.Args{"reason": err.Error()})
	}
	defer sh.Close()
	if cf, ok := sh.(ColumnFilter); ok {
		cf.SetColumns([]int{s.ownerCol, s.extCol})
	}
	// As the contacts pass: a cell whose value is unknown (a formula
	// without a result, an error value) is neither an owner nor an id.
	at := func(row []Cell, c int) string {
		if c < 0 || c >= len(row) || unreadable(row[c]) {
			return ""
		}
		return row[c].Text
	}
	for sh.Next() {
		n := sh.RowNumber()
		if n <= s.headerRow {
			continue
		}
		row := sh.Row()
		owner := userID(at(row, s.ownerCol))
		if owner == "" {
			continue
		}
		if extID := cleanText(at(row, s.extCol)); extID != "" {
			fn(n, audit.Key(owner), extID)
		}
	}
	if err := sh.Err(); err != nil {
		return brokeOff(s.path, s.sheet, sh.RowNumber()+1, err)
	}
	return nil
}

// duplicateContact counts an extra row of a relationship listed before.
func (r *reader) duplicateContact(owner, k string) {
	st := &r.contacts
	i, ok := st.dups[k]
	if !ok {
		// Owner and key may be parts of a row: cloned, not to keep it.
		i = len(r.in.DuplicateContacts)
		st.dups[strings.Clone(k)] = i
		r.in.DuplicateContacts = append(r.in.DuplicateContacts, audit.OwnerCount{UserID: strings.Clone(owner)})
	}
	r.in.DuplicateContacts[i].Count++
}

// onConfirm is told how many rows step 3 checks (tests).
var onConfirm = func(held int) {}
