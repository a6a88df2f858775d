package serve

import (
	"net/http"
	"strings"

	"golang.org/x/text/language"

	"github.com/wecom-audit/auditor/catalog"

	"github.com/wecom-audit/auditor/audit/ingest"
)

// columnText is one recognised column as HR knows it: the header as
// written in the file, then the field it was read as, in the words of
// WeCom's own exports ("账号 → 成员账号"); the header alone when the two
// are the same words.
func columnText(role string, c ingest.MappedColumn, lang string) string {
	label := c.Field
	if catalog.Has("page.field_" + role + "_" + c.Field) {
		label = tr("field_"+role+"_"+c.Field, lang)
	}
	if strings.EqualFold(strings.TrimSpace(c.Header), label) {
		return c.Header
	}
	return c.Header + " → " + label
}

// pageLang is the page's language: the lang cookie set by the switch, else
// the browser's Accept-Language.
func (s *Server) pageLang(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "zh" || l == "en" {
		return l
	}
	if c, err := r.Cookie(s.langCk); err == nil && (c.Value == "zh" || c.Value == "en") {
		return c.Value
	}
	return acceptLang(r.Header.Get("Accept-Language"))
}

var langMatcher = language.NewMatcher([]language.Tag{language.English, language.Chinese})

// acceptLang picks zh or en from an Accept-Language header; English when
// the browser prefers neither.
func acceptLang(h string) string {
	tags, _, err := language.ParseAcceptLanguage(h)
	if err != nil || len(tags) == 0 {
		return "en"
	}
	_, i, conf := langMatcher.Match(tags...)
	if i == 1 && conf != language.No {
		return "zh"
	}
	return "en"
}

func (s *Server) msg(r *http.Request, key string) string { return tr(key, s.pageLang(r)) }

// msgf is the page's message key in the request's language with its
// placeholders filled.
func (s *Server) msgf(r *http.Request, key string, args catalog.Args) string {
	return catalog.T(s.pageLang(r), "page."+key, args)
}

// tr is the page's message key in lang, its placeholders unfilled (the
// script fills those it gets); an unknown key comes back as itself.
func tr(key, lang string) string {
	if !catalog.Has("page." + key) {
		return key
	}
	return catalog.T(lang, "page."+key, nil)
}

// textsFor is the page's words in one language, for its script.
func textsFor(lang string) map[string]string {
	m := map[string]string{}
	for _, id := range catalog.IDs() {
		if k, ok := strings.CutPrefix(id, "page."); ok {
			m[k] = tr(k, lang)
		}
	}
	return m
}
