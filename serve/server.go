// Package serve is `auditor serve`: a page on HR's own computer where the
// exports are dropped, the verdict is read and the reports are downloaded.
//
// Nothing leaves the machine and nobody else gets in: the server listens on
// loopback only; the first request must carry the random token printed in
// the URL, which is traded for an HttpOnly, SameSite=Strict session cookie;
// every request's Host must name the loopback address it listens on (no DNS
// rebinding) and every state-changing request's Origin must be the page's
// own (no cross-site posts). The token works once: the first request that
// carries it gets the cookie, and the address is dead from then on, so the
// copy in the browser's history, or one seen in a process list, lets nobody
// in. The browser is opened on a file in the private folder that forwards
// to the address, so the token is never on a command line. The cookie's
// name carries the port: two servers on one computer do not sign each
// other's pages out.
//
// Uploads go to a private folder (0700) that is emptied when the run is
// replaced and removed when the server stops (Close; the command calls it
// on Ctrl+C, SIGTERM, SIGHUP and a closed console window, see
// StopSignals). Folders that earlier servers could not remove (killed, or
// the computer lost power) are swept at the next start (sweepStale). The
// browser only ever names files by the ids the server gave them, and no
// answer names the private folder. The page loads nothing from elsewhere
// (a Content-Security-Policy says so to the browser).
//
// The audit itself is pipeline's, the same code the command line runs, so
// the downloads are the bytes `auditor audit` and `auditor plan` write for
// the same inputs.
package serve

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
)

// Config is what the server needs from the command.
type Config struct {
	ToolVersion string
	// Today is the default as-of date (the clock is read in cmd/, not here).
	Today func() audit.Date
	// Now is the reports' generation time (the CLI's clock, which honours
	// SOURCE_DATE_EPOCH), so the page's downloads are the CLI's bytes.
	Now func() (time.Time, error)
	// Limits on uploads; zero values take the defaults below.
	MaxFileBytes  int64
	MaxFiles      int
	MaxTotalBytes int64
	// TempDir is where the private folder is made ("" = the system's).
	TempDir string
}

// Upload limits by default: a 1,000,000-row contacts export is ~40 MB as
// .xlsx and ~120 MB as CSV; HR brings a handful of files.
const (
	DefaultMaxFileBytes  = 1 << 30
	DefaultMaxFiles      = 20
	DefaultMaxTotalBytes = 4 << 30
)

// Server is one `auditor serve`.
type Server struct {
	cfg     Config
	dir     string // private folder, 0700
	token   string // in the URL printed at start; works once
	session string // the cookie's value, traded for the token
	host    string // host:port the listener has; Host must name it
	cookie  string // the session cookie's name, with the port
	langCk  string // the page-language cookie's name, with the port
	// Swept are the folders of earlier servers removed at the start.
	Swept []string

	mu        sync.Mutex
	tokenUsed bool
	files     []*upload
	nextID    int
	gen       int  // counts changes to the inputs, for other tabs to notice
	run       *run // the last run, finished or not
	busy      bool // a run is in progress
	closed    bool
}

// cookieName is the session cookie's name for a server on port: one name
// per host would let a second server's sign-in replace the first's cookie.
func cookieName(port string) string { return "auditor_session_" + port }

// langCookie is the page-language cookie's name, with the port for the
// same reason.
func langCookie(port string) string { return "auditor_lang_" + port }

// ownerFile in the private folder holds the server's process id, for a
// later start to tell whether the folder's owner is gone.
const ownerFile = "owner.pid"

// New makes the private folder and the secrets. Close removes the folder.
func New(cfg Config) (*Server, error) {
	if cfg.MaxFileBytes <= 0 {
		cfg.MaxFileBytes = DefaultMaxFileBytes
	}
	if cfg.MaxFiles <= 0 {
		cfg.MaxFiles = DefaultMaxFiles
	}
	if cfg.MaxTotalBytes <= 0 {
		cfg.MaxTotalBytes = DefaultMaxTotalBytes
	}
	if cfg.Today == nil {
		return nil, errors.New("serve: no default as-of date")
	}
	if cfg.Now == nil {
		return nil, errors.New("serve: no clock for the reports' generation time")
	}
	// Before making ours: what earlier servers left behind.
	swept := sweepStale(cfg.TempDir, time.Now())
	dir, err := os.MkdirTemp(cfg.TempDir, folderPrefix)
	if err != nil {
		return nil, fmt.Errorf("serve: private folder for uploads: %w", err)
	}
	// MkdirTemp makes 0700 already; say so where it matters.
	if err := os.Chmod(dir, 0o700); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("serve: private folder %s: %w", dir, err)
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("serve: private folder %s: %w", dir, err)
	}
	s := &Server{cfg: cfg, dir: dir, token: randomHex(32), session: randomHex(32), Swept: swept}
	return s, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	// crypto/rand.Read never fails on supported platforms (Go 1.24+).
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Dir is the private folder (for tests and the stop message).
func (s *Server) Dir() string { return s.dir }

// Token is the secret the URL carries.
func (s *Server) Token() string { return s.token }

// closeWait bounds how long Close waits for a cancelled run to stop: a
// closed console window on Windows leaves the process about 5 seconds.
const closeWait = 2 * time.Second

// Close removes every upload and report. A run in progress is cancelled
// first and given closeWait to stop (reading stops within a few thousand
// rows; a report being written is finished); one that is still going then
// removes its own folder when it ends.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	ru := s.run
	s.files, s.run = nil, nil
	s.mu.Unlock()
	if ru != nil {
		ru.cancel()
		select {
		case <-ru.done:
		case <-time.After(closeWait):
		}
	}
	return os.RemoveAll(s.dir)
}

// Listen opens addr, which must be a loopback address ("127.0.0.1:0" picks
// a free port). A name other than localhost, or an address on another
// interface, is refused: the page holds personal data of the whole
// enterprise.
func Listen(addr string) (net.Listener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("--addr %q: want host:port, e.g. 127.0.0.1:0", addr)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return nil, fmt.Errorf("--addr %q: port %q is not a number from 0 to 65535", addr, port)
	}
	if !loopbackHost(host) {
		return nil, fmt.Errorf("--addr %q: only a loopback address (127.0.0.1, ::1 or localhost) is allowed; the page must not be reachable from other computers", addr)
	}
	if strings.EqualFold(host, "localhost") {
		// Resolve it ourselves: a hosts file could point localhost anywhere.
		host = "127.0.0.1"
	}
	return net.Listen("tcp", net.JoinHostPort(host, port))
}

func loopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// URL is the address to open, token included, for a listener's address.
func (s *Server) URL(l net.Addr) string {
	return "http://" + l.String() + "/?token=" + s.token
}

// OpenerFile writes a page into the private folder that forwards the
// browser to URL(l), and returns its path: the command opens the browser
// on this path, so that the token is not on the opener's command line
// (visible to every user in a process list). The file is readable by this
// user only and is removed once the token has been used. Jupyter opens its
// notebooks the same way.
func (s *Server) OpenerFile(l net.Addr) (string, error) {
	u := html.EscapeString(s.URL(l))
	page := `<!doctype html>
<html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url=` + u + `">
<title>auditor serve</title></head>
<body><p><a href="` + u + `">auditor serve</a></p></body></html>
`
	p := filepath.Join(s.dir, "open.html")
	if err := os.WriteFile(p, []byte(page), 0o600); err != nil {
		return "", fmt.Errorf("serve: page that opens the browser: %w", err)
	}
	return p, nil
}

// Serve answers on l until it is closed.
func (s *Server) Serve(l net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(l.Addr().String()),
		ReadHeaderTimeout: 10 * time.Second,
	}
	err := srv.Serve(l)
	if errors.Is(err, http.ErrServerClosed) || errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

// Handler is the page and its API for a server reached at hostport (the
// listener's address, e.g. 127.0.0.1:53121).
func (s *Server) Handler(hostport string) http.Handler {
	s.host = hostport
	_, port, _ := net.SplitHostPort(hostport)
	s.cookie, s.langCk = cookieName(port), langCookie(port)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.page)
	mux.HandleFunc("GET /static/{name}", s.static)
	mux.HandleFunc("GET /api/state", s.state)
	mux.HandleFunc("POST /api/files", s.addFiles)
	mux.HandleFunc("POST /api/files/{id}/role", s.setRole)
	mux.HandleFunc("POST /api/files/{id}/delete", s.deleteFile)
	mux.HandleFunc("POST /api/reset", s.reset)
	mux.HandleFunc("POST /api/run", s.startRun)
	mux.HandleFunc("POST /api/run/cancel", s.cancelRun)
	mux.HandleFunc("GET /api/result", s.result)
	mux.HandleFunc("GET /api/check", s.check)
	mux.HandleFunc("GET /download/{name}", s.download)
	return s.guard(mux)
}

// allowedHost reports whether a Host header names this server: the
// loopback address it listens on, or localhost, with its port.
func (s *Server) allowedHost(h string) bool {
	ip, port, err := net.SplitHostPort(s.host)
	if err != nil {
		return false
	}
	hh, hp, err := net.SplitHostPort(h)
	if err != nil || hp != port {
		return false
	}
	if strings.EqualFold(hh, "localhost") {
		return true
	}
	a, b := net.ParseIP(hh), net.ParseIP(ip)
	return a != nil && b != nil && a.Equal(b)
}

// guard applies the checks every request passes, in this order: Host,
// token or cookie, Origin on anything but GET and HEAD; and sets the
// headers every answer carries.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// Nothing but the page's own files; no inline script or style.
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		// The token is in the first URL: never send it on.
		h.Set("Referrer-Policy", "no-referrer")
		if r.URL.Path != "/static/wenkai-regular.ttf" {
			h.Set("Cache-Control", "no-store")
		}
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")

		if !s.allowedHost(r.Host) {
			// A page elsewhere that made its name resolve to 127.0.0.1
			// (DNS rebinding) sends its own name here.
			httpError(w, http.StatusMisdirectedRequest, s.msgf(r, "err_bad_host", catalog.Args{"host": s.host}))
			return
		}
		signedIn := false
		if c, err := r.Cookie(s.cookie); err == nil && subtle.ConstantTimeCompare([]byte(c.Value), []byte(s.session)) == 1 {
			signedIn = true
		}
		if tok := r.URL.Query().Get("token"); tok != "" {
			// Drop the token from the address bar.
			q := r.URL.Query()
			q.Del("token")
			u := *r.URL
			u.RawQuery = q.Encode()
			if signedIn && r.Method == http.MethodGet {
				// The address again, from the history or a second tab of
				// the same browser: already in, whatever the token.
				http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
				return
			}
			if r.Method != http.MethodGet || subtle.ConstantTimeCompare([]byte(tok), []byte(s.token)) != 1 {
				httpError(w, http.StatusForbidden, s.msg(r, "err_wrong_token"))
				return
			}
			s.mu.Lock()
			used := s.tokenUsed
			s.tokenUsed = true
			s.mu.Unlock()
			if used {
				httpError(w, http.StatusForbidden, s.msg(r, "err_token_used"))
				return
			}
			// The file that opened the browser has done its work.
			os.Remove(filepath.Join(s.dir, "open.html"))
			http.SetCookie(w, &http.Cookie{Name: s.cookie, Value: s.session, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
			return
		}
		if !signedIn {
			httpError(w, http.StatusForbidden, s.msg(r, "err_not_signed_in"))
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if o := r.Header.Get("Origin"); o == "" || !s.sameOrigin(o) {
				httpError(w, http.StatusForbidden, s.msgf(r, "err_other_site", catalog.Args{"origin": strconv.Quote(o)}))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) sameOrigin(o string) bool {
	rest, ok := strings.CutPrefix(o, "http://")
	return ok && !strings.ContainsAny(rest, "/?#") && s.allowedHost(rest)
}

// public is an error as the page may show it: the private folder's path
// never appears (a file-system error names the path it failed on).
func (s *Server) public(msg string) string {
	dirs := []string{s.dir}
	if d, err := filepath.EvalSymlinks(s.dir); err == nil && d != s.dir {
		// macOS's /var is /private/var: errors can name either.
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		msg = strings.ReplaceAll(msg, d+string(filepath.Separator), "")
		msg = strings.ReplaceAll(msg, d, "…")
	}
	return msg
}

// internalError answers a failure of the server's own (a disk full, say)
// without its paths.
func (s *Server) internalError(w http.ResponseWriter, r *http.Request, err error) {
	jsonError(w, http.StatusInternalServerError, s.public(err.Error()))
}

func httpError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(code)
	// A client gone before the answer has no one to tell.
	_, _ = fmt.Fprintln(w, msg)
}
