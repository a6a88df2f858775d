package ingest

import (
	"hash/maphash"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// A contacts sheet that repeats another, row for row — a copy of the data
// sheet kept in the same workbook, or the same export saved twice under
// different names or formats — would count every contact twice, and with
// WeCom's customer export (no external ids, D20) nothing else would tell.
// Each contacts sheet gets a running digest of its mapped cells, row by
// row, in field order (so column order and unmapped columns do not
// matter); a sheet whose digest and row count equal an earlier sheet's is
// reported and its counts are backed out from a snapshot taken before it.
// Memory: one digest per sheet, and a snapshot that grows with the
// members, not with the rows. Partial repeats (a sheet holding some of
// another's rows) are left to the external ids (duplicate-contact).

// sheetDigest is a running 64-bit digest of a sheet's mapped cells: each
// cell's text hashed on its own (maphash, seeded per process: digests are
// only compared within a run), folded in by d = (d ^ x) · K. For a given x
// that step is a bijection of d (K is odd), so two sheets that differ in a
// single cell never get one digest, and any other difference does with a
// chance of about 2⁻⁶⁴. It replaced FNV-1a over every byte, a multiply a
// byte in a chain, which cost the contacts pass ~0.1 s a million rows.
type sheetDigest struct{ h uint64 }

// digestSeed seeds the cells' hashes; digestMul is K (odd).
var digestSeed = maphash.MakeSeed()

const digestMul = 0x9e3779b97f4a7c15

// Marks folded in besides the cells: the end of a row, and a cell that
// cannot be read (a formula without a result, an error value).
const (
	digestRowEnd     = 0xfe
	digestUnreadable = 0x5bd1e995 << 16
)

func newSheetDigest(form string, h header) *sheetDigest {
	d := &sheetDigest{}
	d.add(form)
	for _, c := range h.Col {
		if c >= 0 {
			d.add("+")
		} else {
			d.add("-")
		}
	}
	return d
}

func (d *sheetDigest) add(s string) { d.fold(maphash.String(digestSeed, s)) }

func (d *sheetDigest) fold(x uint64) { d.h = (d.h ^ x) * digestMul }

// row adds one data row: every mapped field's text as written. The kind
// counts only for a formula or an error value, so that one differs from
// a blank while the same export as xlsx (number and date cells) and as
// CSV (text) still compare equal.
func (d *sheetDigest) row(t *table, row []Cell) {
	for _, c := range t.h.Col {
		if c < 0 {
			continue
		}
		if c >= len(row) {
			d.add("")
			continue
		}
		x := maphash.String(digestSeed, row[c].Text)
		if unreadable(row[c]) {
			x ^= digestUnreadable | uint64(row[c].Kind)
		}
		d.fold(x)
	}
	d.fold(digestRowEnd)
}

// seenSheet is a contacts sheet already read.
type seenSheet struct {
	digest uint64
	rows   int
	file   string
	sheet  string
}

// contactsSnapshot is what a contacts sheet can change, taken before it.
type contactsSnapshot struct {
	members []memberCounts
	details map[string]int // len(Details[k]) for every k present
	ids     map[string]int // len(CustomerIDs[k])

	unknown          []audit.OwnerCount
	unknownCustomers int
	dups             []audit.OwnerCount
	itemised, withID int
	summary          int
	summaries        int
	itemisedSheets   int
}

type memberCounts struct {
	customers, external   int
	contactRows, inExport bool
}

func (r *reader) snapshotContacts() *contactsSnapshot {
	st := &r.contacts
	s := &contactsSnapshot{
		members:          make([]memberCounts, len(r.in.Members)),
		details:          make(map[string]int, len(r.in.Details)),
		ids:              make(map[string]int, len(r.in.CustomerIDs)),
		unknown:          append([]audit.OwnerCount(nil), r.in.UnknownOwners...),
		unknownCustomers: r.in.UnknownOwnerCustomers,
		dups:             append([]audit.OwnerCount(nil), r.in.DuplicateContacts...),
		itemised:         st.itemised, withID: st.itemisedWithID, summary: st.summary,
		summaries: len(st.summaries), itemisedSheets: len(st.itemisedSheets),
	}
	for i, m := range r.in.Members {
		s.members[i] = memberCounts{m.Customers, m.ExternalContacts, m.ContactRows, m.InCustomerExport}
	}
	for k, d := range r.in.Details {
		s.details[k] = len(d)
	}
	for k, ids := range r.in.CustomerIDs {
		s.ids[k] = len(ids)
	}
	return s
}

// restore backs out everything the sheets read since s was taken.
func (r *reader) restore(s *contactsSnapshot) {
	st := &r.contacts
	for i, m := range r.in.Members {
		c := s.members[i]
		m.Customers, m.ExternalContacts, m.ContactRows, m.InCustomerExport = c.customers, c.external, c.contactRows, c.inExport
	}
	for k, d := range r.in.Details {
		if n, ok := s.details[k]; ok {
			r.in.Details[k] = d[:n]
		} else {
			delete(r.in.Details, k)
		}
	}
	for k, ids := range r.in.CustomerIDs {
		if n, ok := s.ids[k]; ok {
			r.in.CustomerIDs[k] = ids[:n]
		} else {
			delete(r.in.CustomerIDs, k)
		}
	}
	r.in.UnknownOwners, r.in.UnknownOwnerCustomers = s.unknown, s.unknownCustomers
	for k, i := range st.unknown {
		if i >= len(s.unknown) {
			delete(st.unknown, k)
		}
	}
	r.in.DuplicateContacts = s.dups
	for k, i := range st.dups {
		if i >= len(s.dups) {
			delete(st.dups, k)
		}
	}
	st.itemised, st.itemisedWithID, st.summary = s.itemised, s.withID, s.summary
	st.summaries, st.itemisedSheets = st.summaries[:s.summaries], st.itemisedSheets[:s.itemisedSheets]
}

// repeatOf returns the earlier sheet t repeats, or nil, and remembers t.
func (r *reader) repeatOf(t *table) *seenSheet {
	st := &r.contacts
	if t.sum.Rows == 0 {
		return nil
	}
	for i := range st.sheets {
		if p := &st.sheets[i]; p.digest == t.digest.h && p.rows == t.sum.Rows {
			return p
		}
	}
	st.sheets = append(st.sheets, seenSheet{digest: t.digest.h, rows: t.sum.Rows, file: t.src.base, sheet: t.name()})
	return nil
}

// countOnce reads one contacts sheet through read and, when it repeats an
// earlier one, backs its counts out and says so in the summary.
func (r *reader) countOnce(t *table, form string, read func() error) error {
	snap := r.snapshotContacts()
	t.digest = newSheetDigest(form, t.h)
	if err := read(); err != nil {
		return err
	}
	p := r.repeatOf(t)
	if p == nil {
		return nil
	}
	r.restore(snap)
	var where any = p.file
	if p.sheet != "" {
		where = rules.Msg("ingest.sheet.where", catalog.Args{"file": p.file, "sheet": p.sheet})
	}
	args := catalog.Args{"rows": t.sum.Rows, "where": where}
	why := rules.Msg("ingest.dupsheet.why", args)
	t.sum.Skipped = true
	t.sum.Why, t.sum.WhyZH = why.In("en"), why.In("zh")
	pl := audit.Place{File: t.src.base, Sheet: t.name(), Row: t.sum.HeaderRow}
	r.probs.add(pl, rules.Msg("ingest.dupsheet.problem", args))
	return nil
}
