package report

import (
	"errors"
	"strconv"

	"github.com/wecom-audit/auditor/audit/ingest"
	"github.com/wecom-audit/auditor/catalog"
)

// ErrorIn is a fatal error as the terminal and the page show it, in lang.
// An error that can say itself (catalog.Localizer: a usage error, an input
// error of a reader that localizes) is asked to; a plain input error gets
// its file, sheet, row and column said in lang around its English
// message; anything else is its English Error().
func ErrorIn(err error, lang string) string {
	var l catalog.Localizer
	if errors.As(err, &l) {
		return l.In(lang)
	}
	var ie *ingest.InputError
	if errors.As(err, &ie) && lang != "en" {
		return inputErrorIn(ie, lang)
	}
	return err.Error()
}

// inputErrorIn says where an input error is in lang: the same parts as
// its Error(), in the same order.
func inputErrorIn(e *ingest.InputError, lang string) string {
	where := e.File
	if e.Sheet != "" {
		where += Lv("where.sheet", lang, catalog.Args{"sheet": e.Sheet})
	}
	if e.Row > 0 {
		key := "where.row"
		if e.Lines {
			key = "where.line"
		}
		where += Lv(key, lang, catalog.Args{"row": strconv.Itoa(e.Row)})
	}
	if e.Column != "" {
		where += Lv("where.column", lang, catalog.Args{"column": e.Column})
	}
	return Lv("where.problem", lang, catalog.Args{"where": where, "problem": e.Msg})
}

// msgError is a catalogue message as an error: English by Error, in a
// language by In (catalog.Localizer).
type msgError struct {
	id   string
	args catalog.Args
}

func (e *msgError) Error() string         { return catalog.T("en", e.id, e.args) }
func (e *msgError) In(lang string) string { return catalog.T(lang, e.id, e.args) }
