package ingest

import (
	"slices"
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

var (
	cOwner     = contactsRole.field("owner")
	cExtID     = contactsRole.field("external_id")
	cName      = contactsRole.field("contact_name")
	cKind      = contactsRole.field("kind")
	cAdded     = contactsRole.field("added_at")
	cCustomers = contactsRole.field("customers")
	cExternal  = contactsRole.field("external_contacts")
)

// contactState is what the contacts pass keeps across sheets and files.
//
// What the contacts pass holds, by what it grows with (issue 18):
//   - per relationship (row with an external id), of every member: the
//     duplicate check's fingerprint, 4 bytes in a table 3/4 full, so about
//     5.3 bytes, allocated once up front from the exports' estimated rows
//     (rowhint.go; a low estimate adds a further table, relset.go). Nothing
//     else grows with all the rows.
//   - per relationship of a leaver or a receiver only (what overlap credit
//     and the at-risk listing need): its customer id's 64-bit hash,
//     Inputs.CustomerIDs, 8 bytes (grown by appending, then sorted and
//     packed into one slice of exactly their number, compactCustomerIDs);
//     and for leavers the contact itself, Inputs.Details: a 64-byte
//     audit.ContactDetail and its id and name, cloned out of the row.
//   - per owner: the member's counts, and for owners the roster lacks,
//     owners with duplicates and owners in runs (unknown, dups, dup.folded)
//     one map entry each.
//   - per run of one owner's rows: the run's ids as written and their
//     hashes (dupcheck.go), reused from run to run, so bounded by the
//     largest member's contacts and never more than relRunMax rows.
//   - per candidate duplicate (rare, dupcheck.go): the row held back.
type contactState struct {
	// dup finds the same relationship listed twice (within or across
	// sheets and files), which counts once (duplicate-contact).
	dup dupState
	// unknown and dups index Inputs.UnknownOwners and
	// Inputs.DuplicateContacts by owner key.
	unknown map[string]int
	dups    map[string]int
	// scopeWarned: members already reported for a roster scope of No while
	// a customer export lists them (one problem per member).
	scopeWarned map[string]bool

	itemised, itemisedWithID, summary int
	// summaries are the summary sheets read, held until every itemised
	// sheet is (summaries.go); itemisedSheets name the itemised sheets.
	summaries      []*summarySheet
	itemisedSheets []string
	// sheets are the contacts sheets read so far, to tell a repeat.
	sheets []seenSheet
	// kinds: some sheet tells customers from plain external contacts (a
	// kind column, or an external-contacts count), issue 13.
	kinds bool
}

func (r *reader) readContacts() error {
	st := &r.contacts
	st.dup.start(contactRowHint(r.opt.Contacts))
	st.unknown = map[string]int{}
	st.dups = map[string]int{}
	st.scopeWarned = map[string]bool{}
	for _, path := range r.opt.Contacts {
		src, err := r.open("contacts", path)
		if err != nil {
			return err
		}
		err = r.sheets(src, contactsRole, true, func(t *table) error {
			// Contact exports are the big inputs: decode only the mapped
			// columns (the fast reader skips the others, issue 8), and
			// call a row blank when those are, whichever reader it is.
			t.mappedOnly()
			if t.h.has(cKind) || t.h.has(cExternal) {
				st.kinds = true
			}
			if t.h.has(cCustomers) || t.h.has(cExternal) {
				t.sum.Form = "summary"
				return r.countOnce(t, t.sum.Form, func() error { return r.readContactCounts(t) })
			}
			t.sum.Form = "itemised"
			return r.countOnce(t, t.sum.Form, func() error { return r.readContactRows(t) })
		})
		if err != nil {
			src.wb.Close()
			return err
		}
		if err := r.close(src); err != nil {
			return err
		}
	}
	// Without kinds, a member outside the scope shows no contacts at all
	// (D20): the engine then reports their contacts as unknown.
	r.in.Gaps.CustomerOnlyContacts = !st.kinds
	if err := r.confirmDuplicates(); err != nil {
		return err
	}
	r.settleSummaries()
	return nil
}

func (r *reader) finishContacts() {
	st := &r.contacts
	// Overlap credit (D15) needs external ids: every itemised sheet must
	// have the column (and there must be one). Counts from a summary sheet
	// carry no ids; overlap found without them is less, never more, so the
	// receiver's load errs high.
	r.in.HasExternalIDs = st.itemised > 0 && st.itemisedWithID == st.itemised
	st.dup = dupState{}
}

// unknownOwner counts contacts of an owner the roster does not have
// (unknown-owner); its customers still count against the enterprise cap.
func (r *reader) unknownOwner(owner, key string, contacts, customers int) {
	st := &r.contacts
	i, ok := st.unknown[key]
	if !ok {
		// Owner and key may be parts of a row: cloned, not to keep it.
		i = len(r.in.UnknownOwners)
		st.unknown[strings.Clone(key)] = i
		r.in.UnknownOwners = append(r.in.UnknownOwners, audit.OwnerCount{UserID: strings.Clone(owner)})
	}
	r.in.UnknownOwners[i].Count += contacts
	r.in.UnknownOwnerCustomers += customers
}

// readContactRows reads an itemised export: one row per member–contact
// relationship (D20).
func (r *reader) readContactRows(t *table) error {
	st := &r.contacts
	hasID, hasKind, hasAdded := t.h.has(cExtID), t.h.has(cKind), t.h.has(cAdded)
	st.itemised++
	st.itemisedSheets = append(st.itemisedSheets, sheetName(t))
	var sheetSeq uint64
	if hasID {
		st.itemisedWithID++
		sheetSeq = st.dup.sheet(t)
	}
	// Exports list a member's contacts together, so nearly every row has
	// the owner of the row before: what follows from the owner cell alone
	// is worked out once per run of such rows, not once per row (issue 8).
	var prev struct {
		valid    bool
		text     string // the owner cell as written
		owner, k string
		// kept is k as the member's own userid gives it: the key under
		// which the run's member is kept (growth, details, customer ids).
		// k is part of the row's string, which as a map key would keep
		// the row alive to the end of the run (issue 24).
		kept             string
		marks            string // removed from the owner cell (userIDMarks)
		total            bool   // the owner cell is a totals word
		m                *audit.Member
		leaver, receiver bool
	}
	// each reads one row. held is true for a row the duplicate check held
	// back and has since found to be no duplicate (dupcheck.go): it is
	// counted without being checked or reported on again.
	var each func(row []Cell, n int, held bool)
	count := func(row []Cell, n int) { each(row, n, true) }
	each = func(row []Cell, n int, held bool) {
		if t.unknown(row, cOwner) {
			return // reported: the contact is not counted
		}
		if text := t.h.cell(row, cOwner).Text; !prev.valid || text != prev.text {
			prev.valid, prev.text = true, text
			prev.owner, prev.marks = userIDMarks(text)
			prev.total = isTotalsWord(prev.owner)
			prev.k = audit.Key(prev.owner)
			prev.m = r.idx[prev.k]
			prev.kept = ""
			if prev.m != nil {
				prev.kept = audit.Key(prev.m.UserID)
			}
			prev.leaver, prev.receiver = r.leavers[prev.k], r.receivers[prev.k]
		}
		owner, k := prev.owner, prev.k
		if prev.total {
			return // a totals row (总计, Total): never an owner
		}
		if prev.marks != "" && !held {
			r.markProblem(t, n, cOwner, prev.text, owner, prev.marks)
		}
		if owner == "" {
			r.probs.add(t.place(n, cOwner), rules.Msg("ingest.contacts.no_owner", nil))
			return
		}

		// Without a kind column the file is WeCom's customer export, which
		// lists customers only (D20).
		customer := true
		if hasKind && !t.unknown(row, cKind) {
			s := t.text(row, cKind)
			if c, ok := parseKind(s); ok {
				customer = c
			} else if !held {
				r.probs.add(t.place(n, cKind), rules.Msg("ingest.contacts.bad_kind", catalog.Args{"value": strconv.Quote(s)}))
			}
		}

		extID := ""
		if hasID && !t.unknown(row, cExtID) {
			if extID = cleanText(t.h.cell(row, cExtID).Text); extID == "" {
				r.probs.add(t.place(n, cExtID), rules.Msg("ingest.contacts.no_external_id", nil))
			} else if !held {
				switch v, fp := st.dup.see(k, extID); v {
				case relDuplicate:
					r.duplicateContact(owner, k)
					return
				case relCandidate:
					st.dup.hold(sheetSeq, n, fp, owner, k, extID, row, count)
					return
				}
			}
		}

		var added audit.Date
		if hasAdded {
			if c := t.h.cell(row, cAdded); !unreadable(c) && cleanText(c.Text) != "" {
				var ok bool
				if added, ok = parseDate(c); !ok {
					r.badDate(t, n, cAdded, c.Text)
				} else if added.After(r.opt.AsOf) && !r.opt.AsOf.IsZero() {
					// A contact added after the audit date means the export
					// and --as-of disagree (issue 13).
					r.probs.add(t.place(n, cAdded), rules.Msg("ingest.contacts.added_after", catalog.Args{"added": added.String(), "as_of": r.opt.AsOf.String()}))
				}
			}
		}

		r.countAdded(prev.m, prev.kept, added, customer)
		m := prev.m
		if m == nil {
			cust := 0
			if customer {
				cust = 1
			}
			r.unknownOwner(owner, k, 1, cust)
			return
		}
		m.ContactRows = true
		if customer {
			m.Customers++
		} else {
			m.ExternalContacts++
		}
		if !hasKind {
			m.InCustomerExport = true
			if m.ScopeRoster == audit.No && !st.scopeWarned[prev.kept] {
				st.scopeWarned[prev.kept] = true
				r.probs.add(t.place(n, cOwner), rules.Msg("ingest.contacts.scope_disagrees", catalog.Args{
					"userid": m.UserID, "column": rosterScopeHeader(r), "row": strconv.Itoa(m.Row)}))
			}
		}
		if prev.leaver {
			// The text is cloned: a cell's text shares its row's one string,
			// and a leaver's contact kept for the reports must not keep the
			// whole row (nine columns) alive. Plain append, not doubling:
			// this slice is kept to the end, so its spare room would be too.
			r.in.Details[prev.kept] = append(r.in.Details[prev.kept], audit.ContactDetail{
				ExternalID: strings.Clone(extID),
				Name:       strings.Clone(t.text(row, cName)),
				Customer:   customer,
				AddedAt:    added,
			})
		}
		if customer && extID != "" && (prev.leaver || prev.receiver) {
			r.in.CustomerIDs[prev.kept] = appendDoubling(r.in.CustomerIDs[prev.kept], fnv64a(extID))
		}
	}
	return r.rows(t, func(row []Cell, n int) { each(row, n, false) })
}

// rosterScopeHeader is the roster's customer_contact header as written.
func rosterScopeHeader(r *reader) string {
	for _, f := range r.sum.Files {
		if f.Role != "roster" {
			continue
		}
		for _, s := range f.Sheets {
			for _, c := range s.Columns {
				if c.Field == "customer_contact" {
					return c.Header
				}
			}
		}
	}
	return "customer_contact"
}

// readContactCounts reads the summary form: one row per member with its
// customer and external-contact counts (docs/spec.md §2.2). A missing count column
// counts 0. The counts are held (summaries.go): a sheet that counts what
// itemised sheets of the same exports list is a cross-check, not more
// contacts.
func (r *reader) readContactCounts(t *table) error {
	r.contacts.summary++
	ss := &summarySheet{name: sheetName(t), sum: t.sum, file: t.src.base, sheet: t.name(),
		hasCust: t.h.has(cCustomers), rows: map[string]*summaryRow{}}
	if ss.hasCust {
		ss.column = t.h.Text[cCustomers]
	} else {
		ss.column = t.h.Text[cExternal]
	}
	r.contacts.summaries = append(r.contacts.summaries, ss)
	count := func(row []Cell, n, f int) int {
		if t.unknown(row, f) {
			return 0 // reported: a lower bound
		}
		s := t.text(row, f)
		if s == "" {
			return 0
		}
		c, ok := parseInt(s)
		if !ok || c < 0 {
			r.badValue(t, n, f, s, "ingest.want.count")
			return 0
		}
		return c
	}
	return r.rows(t, func(row []Cell, n int) {
		if t.unknown(row, cOwner) {
			return // reported: not counted
		}
		raw := t.h.cell(row, cOwner).Text
		owner, marks := userIDMarks(raw)
		if isTotalsWord(owner) {
			return // a totals row (总计, Total): never an owner
		}
		if marks != "" {
			r.markProblem(t, n, cOwner, raw, owner, marks)
		}
		if owner == "" {
			r.probs.add(t.place(n, cOwner), rules.Msg("ingest.contacts.summary_no_owner", nil))
			return
		}
		k := audit.Key(owner)
		cust, ext := count(row, n, cCustomers), count(row, n, cExternal)
		sr := ss.rows[k]
		if sr != nil {
			r.probs.add(t.place(n, cOwner), rules.Msg("ingest.contacts.summary_duplicate", catalog.Args{"userid": owner, "row": strconv.Itoa(sr.row)}))
		} else {
			// Held until every sheet is read: not as parts of the row.
			detach(&owner)
			k = audit.Key(owner)
			sr = &summaryRow{owner: owner, row: n}
			ss.rows[k] = sr
			ss.order = append(ss.order, k)
		}
		sr.cust += cust
		sr.ext += ext
	})
}

// appendDoubling appends v to s, doubling s's room when it is full. Go's
// append grows a large slice by about a quarter, so a leaver's thousands of
// contacts would be copied some five times over while they are read; doubled,
// about once. The room left over is at most what is used, which is why
// only the customer ids use it: they are packed exactly once read
// (compactCustomerIDs).
func appendDoubling[T any](s []T, v T) []T {
	if len(s) == cap(s) {
		s = slices.Grow(s, max(16, len(s)))
	}
	return append(s, v)
}
