package rules

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/width"
)

//go:embed vocabulary.yaml
var vocabularyYAML []byte

// VocabularyYAML returns the embedded vocabulary as written.
func VocabularyYAML() []byte { return append([]byte(nil), vocabularyYAML...) }

// Vocab is the words the readers look for in a customer's files
// (vocabulary.yaml): the aliases of each input's columns, and the words a
// cell may hold, by vocabulary and meaning. It is data so that a synonym a
// customer's export uses is added in one place, not in a reader.
type Vocab struct {
	// Headers is each input role's columns, in the order the reader
	// numbers them.
	Headers map[string][]HeaderField `yaml:"headers"`
	// Words is vocabulary → meaning → the words that say it.
	Words map[string]map[string][]string `yaml:"words"`
}

// HeaderField is one column a reader understands and the headers it goes
// by, the first being the one a writer (auditor pull) uses.
type HeaderField struct {
	Field    string   `yaml:"field"`
	Required bool     `yaml:"required"`
	Aliases  []string `yaml:"aliases"`
}

// vocabularyNeeds is every role and every vocabulary's meanings a reader
// asks for: the file must have them all, and nothing else, so that a typo
// in the file fails at load rather than leaving a column or a word unread.
var vocabularyNeeds = struct {
	roles []string
	words map[string][]string
}{
	roles: []string{"roster", "contacts", "groups", "plan", "outcomes"},
	words: map[string][]string{
		"yes_no":         {"yes", "no"},
		"status":         {"active", "departing", "departed"},
		"activation":     {"activated", "not_activated", "disabled"},
		"real_name":      {"verified", "unverified"},
		"kind":           {"customer", "external"},
		"totals":         {"total"},
		"outcome_status": {"done", "waiting", "refused", "cap_reached"},
		"route":          {"on_job", "resigned"},
		"date_marks":     {"year", "month", "day"},
	},
}

var vocabulary = sync.OnceValue(func() *Vocab {
	v, err := ParseVocabulary(vocabularyYAML)
	if err != nil {
		// The embedded file is tested; failing here is a build defect.
		panic(fmt.Sprintf("embedded rules/vocabulary.yaml: %v", err))
	}
	return v
})

// Vocabulary returns the embedded vocabulary, parsed and validated once.
// Callers must not change it.
func Vocabulary() *Vocab { return vocabulary() }

// ParseVocabulary decodes and validates a vocabulary.
func ParseVocabulary(b []byte) (*Vocab, error) {
	var v Vocab
	if err := decodeStrict(b, &v); err != nil {
		return nil, fmt.Errorf("vocabulary: %w", err)
	}
	if err := v.validate(); err != nil {
		return nil, fmt.Errorf("vocabulary: %w", err)
	}
	return &v, nil
}

// FoldHeader is the comparison of header cells (docs/spec.md §2):
// full-width folded to half-width, lower case, without spaces, underscores,
// hyphens and line breaks. The readers compare a header cell with an alias
// after this.
func FoldHeader(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '_', '-', '\u3000', '\u00a0', '\u200b':
			return -1
		}
		return r
	}, FoldWord(s))
}

// FoldWord is the comparison of cell words: full-width folded to
// half-width, lower case, runs of spaces as one.
func FoldWord(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(width.Fold.String(s))), " ")
}

func (v *Vocab) validate() error {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	word := func(where, w string) {
		switch {
		case w == "":
			bad("%s: an empty word", where)
		case strings.TrimSpace(w) != w:
			bad("%s: %q has spaces around it", where, w)
		}
	}
	for _, role := range vocabularyNeeds.roles {
		if _, ok := v.Headers[role]; !ok {
			bad("headers: no role %s", role)
		}
	}
	for _, role := range slices.Sorted(maps.Keys(v.Headers)) {
		if !slices.Contains(vocabularyNeeds.roles, role) {
			bad("headers: role %s is read by no reader", role)
			continue
		}
		fields, owner, names := v.Headers[role], map[string]string{}, map[string]bool{}
		required := false
		for _, f := range fields {
			where := "headers." + role + "." + f.Field
			switch {
			case f.Field == "":
				bad("headers.%s: a field without a name", role)
			case names[f.Field]:
				bad("%s: the field is there twice", where)
			}
			names[f.Field] = true
			required = required || f.Required
			if len(f.Aliases) == 0 {
				bad("%s: no aliases", where)
			}
			for _, a := range f.Aliases {
				word(where, a)
				n := FoldHeader(a)
				if n == "" && a != "" {
					bad("%s: %q is nothing once compared as a header", where, a)
				}
				if o, dup := owner[n]; dup && o != f.Field {
					bad("%s: alias %q already belongs to %s", where, a, o)
				}
				owner[n] = f.Field
			}
		}
		if !required {
			bad("headers.%s: no required field, so any row would be its header", role)
		}
	}
	for _, vocab := range slices.Sorted(maps.Keys(vocabularyNeeds.words)) {
		meanings, ok := v.Words[vocab]
		if !ok {
			bad("words: no vocabulary %s", vocab)
			continue
		}
		for _, m := range vocabularyNeeds.words[vocab] {
			if len(meanings[m]) == 0 {
				bad("words.%s: no words for %s", vocab, m)
			}
		}
	}
	for _, vocab := range slices.Sorted(maps.Keys(v.Words)) {
		need, ok := vocabularyNeeds.words[vocab]
		if !ok {
			bad("words: vocabulary %s is read by no reader", vocab)
			continue
		}
		owner := map[string]string{}
		for _, m := range slices.Sorted(maps.Keys(v.Words[vocab])) {
			where := "words." + vocab + "." + m
			if !slices.Contains(need, m) {
				bad("%s: no reader asks for this meaning", where)
			}
			for _, w := range v.Words[vocab][m] {
				word(where, w)
				n := FoldWord(w)
				if o, dup := owner[n]; dup {
					if o == m {
						bad("%s: %q is there twice", where, w)
					} else {
						bad("%s: %q already means %s", where, w, o)
					}
				}
				owner[n] = m
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return nil
}

// Role returns the columns of an input role. It panics for a role the file
// does not have, which validation rules out for every role a reader needs.
func (v *Vocab) Role(role string) []HeaderField {
	f, ok := v.Headers[role]
	if !ok {
		panic("rules: no role " + role + " in the vocabulary")
	}
	return f
}

// Aliases returns a field's aliases as written.
func (v *Vocab) Aliases(role, field string) []string {
	for _, f := range v.Role(role) {
		if f.Field == field {
			return f.Aliases
		}
	}
	panic("rules: no field " + field + " of " + role + " in the vocabulary")
}

// Header returns the header a writer uses for a field: its first alias.
func (v *Vocab) Header(role, field string) string { return v.Aliases(role, field)[0] }

// Meaning returns the words of one meaning of a vocabulary, as written. It
// panics for a vocabulary or meaning validation does not require, which is
// a reader's programming error.
func (v *Vocab) Meaning(vocab, meaning string) []string {
	if !slices.Contains(vocabularyNeeds.words[vocab], meaning) {
		panic("rules: no words for " + vocab + "." + meaning + " in the vocabulary")
	}
	return v.Words[vocab][meaning]
}

// Word returns the word a writer uses for a meaning: its first.
func (v *Vocab) Word(vocab, meaning string) string { return v.Meaning(vocab, meaning)[0] }
