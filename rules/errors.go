package rules

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/catalog"
)

// Error is a problem of a rule set (an override file given with --rules) as
// a catalogue message (rules.error.*): English by Error, in a language by In.
type Error struct {
	Line int  // the line of the file, 0 when not known
	Text Text // the problem
}

func (e *Error) Error() string { return e.In("en") }

// In is the error in lang (catalog.Localizer): the line, if known, then the
// problem.
func (e *Error) In(lang string) string {
	if e.Line > 0 {
		return catalog.T(lang, "rules.error.line", catalog.Args{"line": strconv.Itoa(e.Line), "problem": e.Text})
	}
	return e.Text.In(lang)
}

func ruleError(id string, args catalog.Args) error {
	return &Error{Text: Msg(id, args)}
}

var (
	yamlLineRE     = regexp.MustCompile(`line ([0-9]+)`)
	yamlUnknownRE  = regexp.MustCompile(`field (\S+) not found in type`)
	severityInList = []string{"critical", "high", "medium", "low", "info"}
)

// yamlError says a YAML decoding error with its line: an unknown field by
// its name, anything else with the decoder's own words.
func yamlError(err error) error {
	s := err.Error()
	e := &Error{}
	if m := yamlLineRE.FindStringSubmatch(s); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
	}
	if m := yamlUnknownRE.FindStringSubmatch(s); m != nil {
		e.Text = Msg("rules.error.unknown_field", catalog.Args{"field": m[1]})
		return e
	}
	s = strings.TrimPrefix(s, "yaml: ")
	if m := yamlLineRE.FindStringIndex(s); m != nil && m[0] == 0 {
		s = strings.TrimPrefix(strings.TrimPrefix(s[m[1]:], ":"), " ")
	}
	e.Text = Msg("rules.error.not_yaml", catalog.Args{"reason": s})
	return e
}

func severityList() []string { return severityInList }
