package ingest

import (
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// Summaries never added to their own rows (issue 23). HR often puts a
// sheet beside the itemised list that counts it per owner (添加人账号,
// 客户数 — by COUNTIF, or a pivot table pasted as values, so no pivot part
// tells it), usually with a 总计 row. Read as contacts it doubles every
// count and makes 总计 an owner. So:
//   - a row whose owner cell is a totals word is never an owner;
//   - a summary sheet's counts are held until every contacts sheet has
//     been read; when its per-owner counts equal, or nearly equal, what
//     the itemised sheets list (nearly all of its owners have itemised
//     rows, and the counts differ by at most a tenth in all), it counts
//     the same contacts: it is used as a cross-check and not added, and
//     each owner whose counts differ is a data problem naming both
//     sheets. Otherwise (the exports give some members itemised and
//     others counted) its counts are added as before.

// summarySheet is one summary-form sheet, held.
type summarySheet struct {
	name        string // file › sheet, for messages
	file, sheet string
	column      string // the count column compared, as written
	hasCust     bool   // a customers column (else only external contacts)
	sum         *SheetSummary
	rows        map[string]*summaryRow // by owner key
	order       []string
}

type summaryRow struct {
	owner     string
	row       int
	cust, ext int
}

// totalsWords are what people and Excel/WPS write in the owner column of a
// totals row (rules/vocabulary.yaml), compared lower-cased, without a
// trailing colon.
var totalsWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range rules.Vocabulary().Meaning("totals", "total") {
		m[strings.ToLower(w)] = true
	}
	return m
}()

func isTotalsWord(s string) bool {
	if s == "" || len(s) > 24 {
		return false
	}
	s = strings.TrimRight(strings.ToLower(s), ":：")
	return totalsWords[strings.TrimSpace(s)]
}

// sheetName is "file › sheet" ("file" for a CSV).
func sheetName(t *table) string {
	if t.name() == "" {
		return t.src.base
	}
	return t.src.base + " › " + t.name()
}

// itemisedCount is what the itemised sheets list for owner k: customers,
// or plain external contacts when the summary has only that column; -1
// when the owner has no itemised rows. An owner the roster lacks has only
// a contact count.
func (r *reader) itemisedCount(k string, cust bool) int {
	if m := r.idx[k]; m != nil {
		if !m.ContactRows {
			return -1
		}
		if cust {
			return m.Customers
		}
		return m.ExternalContacts
	}
	if i, ok := r.contacts.unknown[k]; ok {
		return r.in.UnknownOwners[i].Count
	}
	return -1
}

// settleSummaries adds each held summary sheet, or checks it against the
// itemised sheets when it counts what they list.
func (r *reader) settleSummaries() {
	st := &r.contacts
	for _, ss := range st.summaries {
		if st.itemised > 0 && r.countsItemised(ss) {
			r.crossCheck(ss)
			continue
		}
		for _, k := range ss.order {
			sr := ss.rows[k]
			m := r.idx[k]
			if m == nil {
				r.unknownOwner(sr.owner, k, sr.cust+sr.ext, sr.cust)
				continue
			}
			m.ContactRows = true
			m.Customers += sr.cust
			m.ExternalContacts += sr.ext
		}
	}
	st.summaries = nil
}

func (ss *summarySheet) count(sr *summaryRow) int {
	if ss.hasCust {
		return sr.cust
	}
	return sr.ext
}

// countsItemised reports whether the sheet's per-owner counts are, nearly,
// those the itemised sheets list: of its owners with a count, at least
// nine in ten have itemised rows, and the counts differ by at most a tenth
// of its total.
func (r *reader) countsItemised(ss *summarySheet) bool {
	owners, matched, total, diff := 0, 0, 0, 0
	for _, k := range ss.order {
		sr := ss.rows[k]
		c := ss.count(sr)
		if c == 0 {
			continue
		}
		owners++
		total += c
		got := r.itemisedCount(k, ss.hasCust)
		if got < 0 {
			diff += c
			continue
		}
		matched++
		diff += max(c-got, got-c)
	}
	return owners > 0 && matched*10 >= owners*9 && diff*10 <= total
}

// crossCheck records the sheet as a cross-check and each owner whose
// count differs from the itemised rows as a data problem.
func (r *reader) crossCheck(ss *summarySheet) {
	st := &r.contacts
	r.contacts.summary--
	items := strings.Join(st.itemisedSheets, ", ")
	ss.sum.Form = "cross-check"
	ss.sum.Skipped = true
	why := rules.Msg("ingest.crosscheck.why", catalog.Args{"items": items})
	ss.sum.Why, ss.sum.WhyZH = why.In("en"), why.In("zh")
	id := "ingest.crosscheck.customers"
	if !ss.hasCust {
		id = "ingest.crosscheck.external"
	}
	for _, k := range ss.order {
		sr := ss.rows[k]
		m := r.idx[k]
		if m == nil {
			continue // only a contact count to compare: no finer check
		}
		c, got := ss.count(sr), r.itemisedCount(k, ss.hasCust)
		if got < 0 {
			got = 0
		}
		if c == got {
			continue
		}
		r.probs.add(audit.Place{File: ss.file, Sheet: ss.sheet, Row: sr.row, Column: ss.column},
			rules.Msg(id, catalog.Args{"sheet": ss.name, "count": c, "userid": m.UserID, "items": items, "listed": got}))
	}
}
