package ingest

import (
	"errors"
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/audit/ingest/xlsxstream"
	"github.com/wecom-audit/auditor/catalog"
)

// InputError is an input that cannot be used at all (xlsxstream.InputError,
// where the xlsx reader makes them too): the CLI exits 2 on it (docs/spec.md §1).
// Its In(lang) is the same line in the reader's language (localizeInputError).
type InputError = xlsxstream.InputError

func init() { xlsxstream.Localize = localizeInputError }

// localizeInputError is an InputError's line in lang from catalog/ingest.yaml:
// where (file, sheet, row or line, column), then the message, from the
// catalogue when the error has a code, else as written (English).
func localizeInputError(e *InputError, lang string) string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		b.WriteString(catalog.T(lang, "ingest.where.sheet", catalog.Args{"sheet": e.Sheet}))
	}
	if e.Row > 0 {
		id := "ingest.where.row"
		if e.Lines {
			id = "ingest.where.line"
		}
		// As written, without thousands separators, like Error().
		b.WriteString(catalog.T(lang, id, catalog.Args{"row": strconv.Itoa(e.Row)}))
	}
	if e.Column != "" {
		b.WriteString(catalog.T(lang, "ingest.where.column", catalog.Args{"column": e.Column}))
	}
	msg := e.Msg
	if e.Code != "" {
		msg = catalog.T(lang, e.Code, catalog.Args(e.Args))
	}
	return catalog.T(lang, "ingest.where.message", catalog.Args{"where": b.String(), "message": msg})
}

// inputError is an InputError whose message is catalogue message id with
// args: Msg is its English, In(lang) says it in lang.
func inputError(e InputError, id string, args catalog.Args) *InputError {
	e.Msg, e.Code, e.Args = catalog.T("en", id, args), id, args
	return &e
}

// cannotRead is the *InputError for a file the system would not read.
func cannotRead(path string, err error) *InputError {
	return inputError(InputError{File: path}, "ingest.error.cannot_read", catalog.Args{"reason": unwrapPathErr(err).Error()})
}

// Message is e with catalogue message id and args as its message: Msg is
// the English, In(lang) says it in lang. For the packages that read inputs
// beside this one (reconcile, pull, the CLI's verify).
func Message(e InputError, id string, args catalog.Args) *InputError { return inputError(e, id, args) }

// brokeOff is the *InputError for a sheet whose reading stopped with err
// before its end: err itself when already placed (a zip bound passed
// mid-sheet, say), else the damage at row.
func brokeOff(file, sheet string, row int, err error) *InputError {
	var ie *InputError
	if errors.As(err, &ie) {
		return ie
	}
	e := InputError{File: file, Sheet: sheet, Row: row}
	var de *xlsxstream.DamagedError
	if errors.As(err, &de) {
		return inputError(e, "ingest.error.damaged_here."+de.Kind, catalog.Args{"detail": de.Err.Error()})
	}
	return inputError(e, "ingest.error.damaged_here", catalog.Args{"reason": err.Error()})
}
