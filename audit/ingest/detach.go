package ingest

import "strings"

// detach copies the strings into one new allocation of exactly their
// length and points each at its copy. A cell's text shares its row's one
// string (xlsxstream reads a row into a single string), so a value kept
// past its row — a member's userid, a handover's receiver — would keep the
// whole row alive, every column of it: for a roster of 200,000 that was
// the rows' 16 MB beside the members' own (issue 24). One allocation for
// the row's kept values, not one each.
func detach(ss ...*string) {
	n := 0
	for _, s := range ss {
		n += len(*s)
	}
	if n == 0 {
		return
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range ss {
		b.WriteString(*s)
	}
	all, at := b.String(), 0
	for _, s := range ss {
		l := len(*s)
		*s = all[at : at+l]
		at += l
	}
}
