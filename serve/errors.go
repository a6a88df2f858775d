package serve

import (
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/report"
)

// msgError is a failure of the page's own, said from the catalogue
// (page.<key>) in whichever language asks.
type msgError struct {
	key  string
	args catalog.Args
}

func (e msgError) Error() string         { return catalog.T("en", "page."+e.key, e.args) }
func (e msgError) In(lang string) string { return catalog.T(lang, "page."+e.key, e.args) }

// errorIn is err in lang, in the words the command line uses.
func errorIn(err error, lang string) string { return report.ErrorIn(err, lang) }
