// Package serve is `auditor serve`: a page on HR's own computer where the
// exports are dropped, the verdict is read and the reports are downloaded.
//
// Nothing leaves the machine and nobody else gets in: the server listens on
// loopback only; the first request must carry the random token printed in
// the URL, which is traded for an HttpOnly, SameSite=Strict session cookie;
// every request's Host must name the loopback address it listens on (no DNS
// rebinding) and every state-changing request's Origin must be the page's
// own (no cross-site posts). Uploads go to a private folder (0700) that is
// emptied when the run is replaced and removed when the server stops; the
// browser only ever names files by the ids the server gave them. The page
// loads nothing from elsewhere (a Content-Security-Policy says so to the
// browser).
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
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wecom-audit/auditor/audit"
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
	token   string // in the URL printed at start
	session string // the cookie's value, traded for the token
	host    string // host:port the listener has; Host must name it

	mu     sync.Mutex
	files  []*upload
	nextID int
	run    *run // the last run, finished or not
	busy   bool // a run is in progress
	closed bool
}

// cookieName is the session cookie.
const cookieName = "auditor_session"

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
	dir, err := os.MkdirTemp(cfg.TempDir, "auditor-serve-")
	if err != nil {
		return nil, fmt.Errorf("serve: private folder for uploads: %w", err)
	}
	// MkdirTemp makes 0700 already; say so where it matters.
	if err := os.Chmod(dir, 0o700); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("serve: private folder %s: %w", dir, err)
	}
	s := &Server{cfg: cfg, dir: dir, token: randomHex(32), session: randomHex(32)}
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

// Close removes every upload and report. A run still in progress finishes
// into a folder that is gone, harmlessly.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	s.files, s.run = nil, nil
	s.mu.Unlock()
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
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.page)
	mux.HandleFunc("GET /static/{name}", s.static)
	mux.HandleFunc("GET /api/state", s.state)
	mux.HandleFunc("POST /api/files", s.addFiles)
	mux.HandleFunc("POST /api/files/{id}/role", s.setRole)
	mux.HandleFunc("POST /api/files/{id}/delete", s.deleteFile)
	mux.HandleFunc("POST /api/reset", s.reset)
	mux.HandleFunc("POST /api/run", s.startRun)
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
		if r.URL.Path != "/static/wenkai-regular.ttf" && r.URL.Path != "/static/wenkai-bold.ttf" {
			h.Set("Cache-Control", "no-store")
		}
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")

		if !s.allowedHost(r.Host) {
			// A page elsewhere that made its name resolve to 127.0.0.1
			// (DNS rebinding) sends its own name here.
			httpError(w, http.StatusMisdirectedRequest, "bad Host header: this server answers only to "+s.host)
			return
		}
		if tok := r.URL.Query().Get("token"); tok != "" {
			if r.Method != http.MethodGet || subtle.ConstantTimeCompare([]byte(tok), []byte(s.token)) != 1 {
				httpError(w, http.StatusForbidden, "wrong token: open the address auditor serve printed")
				return
			}
			http.SetCookie(w, &http.Cookie{Name: cookieName, Value: s.session, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			// Drop the token from the address bar and the history.
			q := r.URL.Query()
			q.Del("token")
			u := *r.URL
			u.RawQuery = q.Encode()
			http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
			return
		}
		c, err := r.Cookie(cookieName)
		if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(s.session)) != 1 {
			httpError(w, http.StatusForbidden, "not signed in: open the address auditor serve printed (it carries the token)")
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if o := r.Header.Get("Origin"); o == "" || !s.sameOrigin(o) {
				httpError(w, http.StatusForbidden, "request from another site refused (Origin "+strconv.Quote(o)+")")
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

func httpError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(code)
	fmt.Fprintln(w, msg)
}
