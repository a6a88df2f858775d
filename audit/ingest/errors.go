package ingest

import (
	"strconv"
	"strings"
)

// InputError is an input that cannot be used at all: missing, not a
// spreadsheet, no header, a profile that does not parse. The CLI exits 2 on
// it (SPEC §1). Bad values inside a usable file are audit.DataProblem
// entries instead.
type InputError struct {
	File   string // path as given on the command line
	Sheet  string // "" when the problem is the whole file, or a CSV
	Row    int    // 1-based; 0 when not about one row
	Column string // header as written, when about one column
	Msg    string
	// lines: Row is a line of a text file (the YAML profile), not a sheet row.
	lines bool
}

// Error is one line: where, then what, e.g.
// "roster.xlsx, sheet 成员列表: no header row with the required column userid
// (looked for 账号, 帐号, UserID, 成员账号, userid) in the first 50 rows".
func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		b.WriteString(", sheet ")
		b.WriteString(e.Sheet)
	}
	if e.Row > 0 {
		if e.lines {
			b.WriteString(", line ")
		} else {
			b.WriteString(", row ")
		}
		b.WriteString(strconv.Itoa(e.Row))
	}
	if e.Column != "" {
		b.WriteString(", column ")
		b.WriteString(e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}
