package ingest

import (
	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// maxProblemsPerColumn bounds the data problems listed one by one for one
// column of one sheet. A contacts export of a million rows with a column
// that never reads (a 类型 column holding something else) would otherwise
// make a million entries: memory would grow with the contact rows, and
// nobody reads the millionth line. Past the bound the rest are counted and
// reported as one entry, so nothing goes unsaid.
const maxProblemsPerColumn = 1000

type problemColumn struct{ file, sheet, column string }

type suppressed struct {
	first audit.Place
	count int
}

type problems struct {
	list   []audit.DataProblem
	listed map[problemColumn]int
	more   map[problemColumn]*suppressed
	order  []problemColumn
}

func newProblems() problems {
	return problems{listed: map[problemColumn]int{}, more: map[problemColumn]*suppressed{}}
}

// add records a problem, a catalogue message, in English and Chinese.
func (p *problems) add(pl audit.Place, msg rules.Text) {
	k := problemColumn{pl.File, pl.Sheet, pl.Column}
	if p.listed[k] >= maxProblemsPerColumn {
		s := p.more[k]
		if s == nil {
			s = &suppressed{first: pl}
			p.more[k] = s
			p.order = append(p.order, k)
		}
		s.count++
		return
	}
	p.listed[k]++
	p.list = append(p.list, audit.DataProblem{Place: pl, Problem: msg})
}

// done returns the problems, with one entry per column that had more than
// could be listed.
func (p *problems) done() []audit.DataProblem {
	for _, k := range p.order {
		s := p.more[k]
		msg := rules.Msg("ingest.problem.more", catalog.Args{"count": s.count, "listed": maxProblemsPerColumn})
		p.list = append(p.list, audit.DataProblem{Place: s.first, Problem: msg})
	}
	p.order = nil
	return p.list
}

// unlisted is, per column with more problems than listed, how many were
// not listed one by one (Summary.Unlisted).
func (p *problems) unlisted() []Unlisted {
	var out []Unlisted
	for _, k := range p.order {
		out = append(out, Unlisted{File: k.file, Sheet: k.sheet, Column: k.column, Count: p.more[k].count})
	}
	return out
}

// count is the number of problems so far, listed or not.
func (p *problems) count() int {
	n := len(p.list)
	for _, s := range p.more {
		n += s.count
	}
	return n
}
