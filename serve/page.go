package serve

import (
	"embed"
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"

	"github.com/wecom-audit/auditor/report/fonts"
)

// The page, its script and its style are embedded: nothing is fetched from
// elsewhere, and no Node toolchain builds them (plain HTML, CSS and
// JavaScript as written).
//
//go:embed assets/page.html assets/app.js assets/app.css
var assets embed.FS

var pageTmpl = template.Must(template.New("page.html").Funcs(template.FuncMap{}).ParseFS(assets, "assets/page.html"))

type pageData struct {
	Lang      string
	Other     string
	T         map[string]string
	Texts     string // the same words as JSON for the script
	RolesJSON string
	Version   string
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	lang := s.pageLang(r)
	if l := r.URL.Query().Get("lang"); l == "zh" || l == "en" {
		// The switch: remembered for the page's later requests.
		http.SetCookie(w, &http.Cookie{Name: s.langCk, Value: l, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	}
	other := "zh"
	if lang == "zh" {
		other = "en"
	}
	t := textsFor(lang)
	js, _ := json.Marshal(t)
	rs, _ := json.Marshal(roles)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = pageTmpl.Execute(w, pageData{Lang: lang, Other: other, T: t, Texts: string(js), RolesJSON: string(rs), Version: s.cfg.ToolVersion})
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	var ct string
	switch name {
	case "wenkai-regular.ttf":
		// The PDF's own font, so that every Chinese name renders on a
		// computer without Chinese fonts too (the browser draws its bold
		// from it). Sent inflated, without compression: the page is served
		// on loopback only, where 15 MB take milliseconds. The style lists
		// it after the system's fonts, so a browser fetches it only for
		// characters those lack.
		ttf := fonts.Regular()
		w.Header().Set("Content-Type", "font/ttf")
		w.Header().Set("Content-Length", strconv.Itoa(len(ttf)))
		w.Header().Set("Cache-Control", "private, max-age=86400")
		_, _ = w.Write(ttf)
		return
	case "app.js":
		ct = "text/javascript; charset=utf-8"
	case "app.css":
		ct = "text/css; charset=utf-8"
	default:
		httpError(w, http.StatusNotFound, "not found")
		return
	}
	b, err := assets.ReadFile("assets/" + name)
	if err != nil {
		httpError(w, http.StatusNotFound, "not found")
		return
	}
	w.Header().Set("Content-Type", ct)
	_, _ = w.Write(b)
}
