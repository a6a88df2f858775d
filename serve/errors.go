package serve

import (
	"errors"

	"github.com/wecom-audit/auditor/catalog"
)

// msgError is a failure of the page's own, said from the catalogue
// (page.<key>) in whichever language asks.
type msgError struct {
	key  string
	args catalog.Args
}

func (e msgError) Error() string         { return catalog.T("en", "page."+e.key, e.args) }
func (e msgError) In(lang string) string { return catalog.T(lang, "page."+e.key, e.args) }

// errorIn is err in lang when it can say itself in a language (an input
// error naming its file and row, a message of the catalogue), else its
// English Error().
func errorIn(err error, lang string) string {
	var l catalog.Localizer
	if errors.As(err, &l) {
		return l.In(lang)
	}
	return err.Error()
}
