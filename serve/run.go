package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/pipeline"
	"github.com/wecom-audit/auditor/plan"
	"github.com/wecom-audit/auditor/report"
)

// runRequest is the form on the page.
type runRequest struct {
	AsOf    string `json:"as_of"`
	Period  string `json:"period"`
	Lang    string `json:"lang"` // the reports' language: auto, zh or en
	MaskPII bool   `json:"mask_pii"`
	// The enterprise profile's fields, used when no profile file is given.
	Company          string `json:"company"`
	Verified         string `json:"verified"` // "", "true" or "false"
	DailyActiveUsers string `json:"daily_active_users"`
	EnterpriseCap    string `json:"enterprise_cap"`
}

// run is one audit of the uploads: its progress while it reads, then its
// results and the reports written in its folder.
type run struct {
	id  int
	dir string // dir/run-<id>; out/ holds the reports
	// ctx is cancelled by the page's Cancel, a newer run or Close; done is
	// closed when execute returns.
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu       sync.Mutex
	stage    string // reading, auditing, writing, planning, done, failed, cancelled
	file     string
	sheet    string
	rows     int64
	frac     float64
	err      error    // why the run failed, said in the asking page's language
	strip    []string // paths the failure must not show
	req      runRequest
	files    pipeline.Files
	names    map[string]string // path → shown name
	outputs  []string          // file names in out/, in download order
	command  []string          // the same run on the command line
	sess     *pipeline.Session
	res      *audit.Result
	plan     *plan.Plan
	lang     string // the reports' language, resolved
	validate map[string]string
	checkMu  sync.Mutex // checks run one at a time over the shared inputs
}

// replaceRunLocked drops the last run and its reports: the files changed,
// so its results no longer describe them. Called with s.mu held.
func (s *Server) replaceRunLocked() {
	s.gen++
	if s.run != nil {
		s.run.cancel()
		os.RemoveAll(s.run.dir)
		s.run = nil
	}
}

// cancelRun stops the run in progress: reading stops within a few
// thousand rows, a later stage at its end. The page then shows the
// cancelled run, without a result, and can start again at once.
func (s *Server) cancelRun(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	ru := s.run
	busy := s.busy
	s.mu.Unlock()
	if ru == nil || !busy {
		jsonError(w, http.StatusConflict, s.msg(r, "err_not_running"))
		return
	}
	ru.cancel()
	<-ru.done
	s.state(w, r)
}

// startRun checks the form and the roles, then audits in the background;
// the page follows with /api/state.
func (s *Server) startRun(w http.ResponseWriter, r *http.Request) {
	var req runRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&req); err != nil {
		jsonError(w, http.StatusBadRequest, s.msg(r, "err_form"))
		return
	}
	asOf := s.cfg.Today()
	if strings.TrimSpace(req.AsOf) != "" {
		d, err := audit.ParseISODate(strings.TrimSpace(req.AsOf))
		if err != nil {
			jsonError(w, http.StatusBadRequest, s.msgf(r, "err_as_of", catalog.Args{"value": req.AsOf}))
			return
		}
		asOf = d
	}
	req.AsOf = asOf.String()
	req.Period = strings.TrimSpace(req.Period)
	if err := pipeline.CheckPeriod(req.Period); err != nil {
		jsonError(w, http.StatusBadRequest, s.msgf(r, "err_period", catalog.Args{"value": req.Period}))
		return
	}
	switch req.Lang {
	case "", "auto":
		req.Lang = "auto"
	case "zh", "en":
	default:
		jsonError(w, http.StatusBadRequest, s.msg(r, "err_form"))
		return
	}

	s.mu.Lock()
	if s.busy {
		s.mu.Unlock()
		jsonError(w, http.StatusConflict, s.msg(r, "err_busy"))
		return
	}
	files, names, msg := s.assignLocked(r)
	if msg != "" {
		s.mu.Unlock()
		jsonError(w, http.StatusBadRequest, msg)
		return
	}
	s.replaceRunLocked()
	s.nextID++
	ctx, cancel := context.WithCancel(context.Background())
	ru := &run{id: s.nextID, dir: filepath.Join(s.dir, "run-"+strconv.Itoa(s.nextID)), stage: "reading", req: req, files: files, names: names, frac: -1,
		ctx: ctx, cancel: cancel, done: make(chan struct{})}
	if err := os.MkdirAll(filepath.Join(ru.dir, "out"), 0o700); err != nil {
		s.mu.Unlock()
		cancel()
		s.internalError(w, r, err)
		return
	}
	if files.Profile == "" && (req.Company != "" || req.Verified != "" || req.DailyActiveUsers != "" || req.EnterpriseCap != "") {
		p := filepath.Join(ru.dir, "profile.yaml")
		if err := os.WriteFile(p, profileYAML(req), 0o600); err != nil {
			s.mu.Unlock()
			cancel()
			s.internalError(w, r, err)
			return
		}
		ru.files.Profile = p
		ru.names[p] = "profile.yaml"
	}
	s.run, s.busy = ru, true
	s.mu.Unlock()

	go s.execute(ru, asOf)
	writeJSON(w, http.StatusAccepted, map[string]int{"run": ru.id})
}

// assignLocked turns the roles chosen into the inputs of a run, or says
// what is missing. Called with s.mu held.
func (s *Server) assignLocked(r *http.Request) (pipeline.Files, map[string]string, string) {
	var f pipeline.Files
	names := map[string]string{}
	one := func(dst *string, u *upload) string {
		if *dst != "" {
			return s.msgf(r, "err_two", catalog.Args{"role": s.msg(r, "role_"+u.Role)})
		}
		*dst = u.Path
		return ""
	}
	for _, u := range s.files {
		if u.Role == "ignore" {
			continue
		}
		if u.Err != "" {
			return f, nil, u.Err
		}
		names[u.Path] = u.Name
		var m string
		switch u.Role {
		case "roster":
			m = one(&f.Roster, u)
		case "contacts":
			f.Contacts = append(f.Contacts, u.Path)
		case "groups":
			m = one(&f.Groups, u)
		case "plan":
			m = one(&f.Plan, u)
		case "profile":
			m = one(&f.Profile, u)
		}
		if m != "" {
			return f, nil, m
		}
	}
	switch {
	case f.Roster == "":
		return f, nil, s.msg(r, "err_need_roster")
	case len(f.Contacts) == 0:
		return f, nil, s.msg(r, "err_need_contacts")
	}
	return f, names, ""
}

// profileYAML writes the form's profile fields as the profile file the
// command line would be given. Strings are JSON-quoted, which YAML reads
// as double-quoted scalars; numbers are passed as typed, for the profile
// reader to judge (its messages name the line).
func profileYAML(req runRequest) []byte {
	var b bytes.Buffer
	b.WriteString("# enterprise profile from the auditor serve form\n")
	if c := strings.TrimSpace(req.Company); c != "" {
		q, _ := json.Marshal(c)
		fmt.Fprintf(&b, "company: %s\n", q)
	}
	if v := strings.TrimSpace(req.Verified); v != "" {
		q, _ := json.Marshal(v)
		if v == "true" || v == "false" {
			q = []byte(v)
		}
		fmt.Fprintf(&b, "verified: %s\n", q)
	}
	for _, kv := range [][2]string{{"daily_active_users", req.DailyActiveUsers}, {"enterprise_cap", req.EnterpriseCap}} {
		if v := strings.TrimSpace(kv[1]); v != "" {
			q, _ := json.Marshal(v)
			if _, err := strconv.Atoi(strings.ReplaceAll(v, ",", "")); err == nil && !strings.Contains(v, ",") {
				q = []byte(v)
			}
			fmt.Fprintf(&b, "%s: %s\n", kv[0], q)
		}
	}
	return b.Bytes()
}

// execute is the run itself: the same pipeline calls as `auditor audit`
// and `auditor plan`, writing into the run's out/ folder.
func (s *Server) execute(ru *run, asOf audit.Date) {
	defer func() {
		if p := recover(); p != nil {
			ru.fail(msgError{"err_internal", catalog.Args{"error": fmt.Sprint(p)}})
		}
		ru.cancel()
		s.mu.Lock()
		if s.run == ru {
			s.busy = false
		}
		if s.closed || s.run != ru {
			// Replaced or closed while it ran: what it wrote goes too.
			os.RemoveAll(ru.dir)
		}
		s.mu.Unlock()
		close(ru.done)
	}()
	// stopped says whether the run was cancelled, and if so records it:
	// looked at between the stages (a stage runs to its end, reading
	// excepted, which looks every few thousand rows).
	stopped := func() bool {
		if ru.ctx.Err() == nil {
			return false
		}
		ru.setStage("cancelled")
		os.RemoveAll(filepath.Join(ru.dir, "out"))
		return true
	}
	sess, err := pipeline.Read(ru.files, pipeline.Options{
		AsOf:    asOf,
		Period:  ru.req.Period,
		Names:   ru.names,
		Context: ru.ctx,
		Progress: func(file, sheet string, rows int64, frac float64) {
			ru.mu.Lock()
			ru.file, ru.sheet, ru.rows, ru.frac = shownName(file, ru.names), sheet, rows, frac
			ru.mu.Unlock()
		},
	})
	if stopped() {
		return
	}
	if err != nil {
		ru.fail(err)
		return
	}
	validate := map[string]string{}
	for _, l := range []string{"zh", "en"} {
		var b bytes.Buffer
		if err := sess.Validate(&b, l); err != nil {
			ru.fail(err)
			return
		}
		validate[l] = b.String()
	}
	if stopped() {
		return
	}
	ru.setStage("auditing")
	res, err := sess.Audit(s.cfg.ToolVersion)
	if err != nil {
		ru.fail(err)
		return
	}
	lang, err := report.ResolveLang(ru.req.Lang, res)
	if err != nil {
		ru.fail(err)
		return
	}
	writers, err := report.ParseFormats("xlsx,pdf,json")
	if err != nil {
		ru.fail(err)
		return
	}
	if stopped() {
		return
	}
	ru.setStage("writing")
	out := filepath.Join(ru.dir, "out")
	opt := report.Options{Lang: lang, MaskPII: ru.req.MaskPII, OneFile: true}
	generated, err := s.cfg.Now()
	if err != nil {
		ru.fail(err)
		return
	}
	if err := sess.Trail(&opt, commandArgs(ru)[0], generated); err != nil {
		ru.fail(err)
		return
	}
	written, err := report.SaveAll(out, pipeline.ReportOutputs(res, writers, opt), nil)
	if err != nil {
		ru.fail(err, out+string(filepath.Separator))
		return
	}
	if stopped() {
		return
	}
	ru.setStage("planning")
	p, err := sess.Plan(0, nil, s.cfg.ToolVersion)
	if err != nil {
		ru.fail(err)
		return
	}
	planLang, err := sess.PlanLang(ru.req.Lang)
	if err != nil {
		ru.fail(err)
		return
	}
	pw, err := report.SaveAll(out, pipeline.PlanOutputs(p, sess.AsOf, planLang), nil)
	if err != nil {
		ru.fail(err, out+string(filepath.Separator))
		return
	}
	if stopped() {
		return
	}
	var names []string
	for _, f := range append(written, pw...) {
		names = append(names, filepath.Base(f))
	}
	if ru.names[ru.files.Profile] == "profile.yaml" && filepath.Dir(ru.files.Profile) == ru.dir {
		// The profile the form made is a download too: with it, the command
		// line gives the same bytes.
		if b, err := os.ReadFile(ru.files.Profile); err == nil && os.WriteFile(filepath.Join(out, "profile.yaml"), b, 0o600) == nil {
			names = append(names, "profile.yaml")
		}
	}
	ru.mu.Lock()
	ru.sess, ru.res, ru.plan, ru.lang, ru.validate, ru.outputs = sess, res, p, lang, validate, names
	ru.command = commandLines(ru)
	ru.stage = "done"
	ru.mu.Unlock()
}

func shownName(path string, names map[string]string) string {
	if n, ok := names[path]; ok {
		return n
	}
	return filepath.Base(path)
}

func (ru *run) setStage(st string) {
	ru.mu.Lock()
	ru.stage = st
	ru.mu.Unlock()
}

// fail records why the run stopped; failure says it. strip are paths
// the message must not show.
func (ru *run) fail(err error, strip ...string) {
	ru.mu.Lock()
	ru.stage, ru.err, ru.strip = "failed", err, strip
	ru.mu.Unlock()
}

// failure is why the run stopped in lang, with the uploads under their
// shown names and no private path. Called with ru.mu held.
func (ru *run) failure(s *Server, lang string) string {
	if ru.err == nil {
		return ""
	}
	msg := errorIn(ru.err, lang)
	for _, p := range ru.strip {
		msg = strings.ReplaceAll(msg, p, "")
	}
	for p, n := range ru.names {
		msg = strings.ReplaceAll(msg, p, n)
	}
	return s.public(msg)
}

// commandArgs are the arguments of the two commands that write the same
// files, run from a folder that holds the inputs under their shown names:
// audit first, then plan. The audit's arguments are also what its audit
// trail records as the command line, as the CLI records its own.
func commandArgs(ru *run) [][]string {
	var in []string
	in = append(in, "--roster", shownName(ru.files.Roster, ru.names))
	for _, c := range ru.files.Contacts {
		in = append(in, "--contacts", shownName(c, ru.names))
	}
	for _, kv := range [][2]string{{"--groups", ru.files.Groups}, {"--plan", ru.files.Plan}, {"--profile", ru.files.Profile}} {
		if kv[1] != "" {
			in = append(in, kv[0], shownName(kv[1], ru.names))
		}
	}
	in = append(in, "--as-of", ru.req.AsOf)
	if ru.req.Period != "" {
		in = append(in, "--period", ru.req.Period)
	}
	in = append(in, "--lang", ru.req.Lang)
	audit := append([]string{"auditor", "audit"}, in...)
	if ru.req.MaskPII {
		audit = append(audit, "--mask-pii")
	}
	audit = append(audit, "--out", "auditor-report")
	plan := append(append([]string{"auditor", "plan"}, in...), "--out", "auditor-report")
	return [][]string{audit, plan}
}

// commandLines are commandArgs as a shell would take them.
func commandLines(ru *run) []string {
	q := func(n string) string {
		if strings.ContainsAny(n, " '\"$`\\()&;|<>*?[]#~!{}") {
			return "'" + strings.ReplaceAll(n, "'", `'\''`) + "'"
		}
		return n
	}
	var lines []string
	for _, args := range commandArgs(ru) {
		quoted := make([]string, len(args))
		for i, a := range args {
			quoted[i] = q(a)
		}
		lines = append(lines, strings.Join(quoted, " "))
	}
	return lines
}

// stateView is what /api/state answers: the files and the run's progress.
type stateView struct {
	Files []fileView `json:"files"`
	Run   *runView   `json:"run"`
	Busy  bool       `json:"busy"`
	Limit struct {
		Files     int   `json:"files"`
		FileBytes int64 `json:"file_bytes"`
	} `json:"limit"`
	Today string `json:"today"`
	// Gen changes whenever the inputs do: a tab that sees a new Gen knows
	// another tab changed them.
	Gen int `json:"gen"`
}

type fileView struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Size      int64    `json:"size"`
	Role      string   `json:"role"`
	Detected  string   `json:"detected"`
	Format    string   `json:"format"`
	Sheet     string   `json:"sheet"`
	HeaderRow int      `json:"header_row"`
	Columns   []string `json:"columns"` // "header as written → field as HR calls it"
	Error     string   `json:"error"`
	Why       string   `json:"why"`
}

type runView struct {
	ID    int     `json:"id"`
	Stage string  `json:"stage"`
	File  string  `json:"file"`
	Sheet string  `json:"sheet"`
	Rows  int64   `json:"rows"`
	Frac  float64 `json:"frac"`
	Error string  `json:"error"`
}

func (s *Server) state(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	v := stateView{Files: []fileView{}, Busy: s.busy, Today: s.cfg.Today().String(), Gen: s.gen}
	lang := s.pageLang(r)
	v.Limit.Files, v.Limit.FileBytes = s.cfg.MaxFiles, s.cfg.MaxFileBytes
	for _, f := range s.files {
		fv := fileView{ID: f.ID, Name: f.Name, Size: f.Size, Role: f.Role, Detected: f.Guess.Role, Format: f.Guess.Format,
			Sheet: f.Guess.Sheet, HeaderRow: f.Guess.HeaderRow, Columns: []string{}, Error: f.Err, Why: f.Guess.Why.In(lang)}
		for _, c := range f.Guess.Columns {
			fv.Columns = append(fv.Columns, columnText(f.Guess.Role, c, lang))
		}
		v.Files = append(v.Files, fv)
	}
	ru := s.run
	s.mu.Unlock()
	if ru != nil {
		ru.mu.Lock()
		v.Run = &runView{ID: ru.id, Stage: ru.stage, File: ru.file, Sheet: ru.sheet, Rows: ru.rows, Frac: ru.frac, Error: ru.failure(s, lang)}
		ru.mu.Unlock()
	}
	writeJSON(w, http.StatusOK, v)
}

// finished is the last run when it is done.
func (s *Server) finished() *run {
	s.mu.Lock()
	ru := s.run
	s.mu.Unlock()
	if ru == nil {
		return nil
	}
	ru.mu.Lock()
	defer ru.mu.Unlock()
	if ru.stage != "done" {
		return nil
	}
	return ru
}

func (s *Server) result(w http.ResponseWriter, r *http.Request) {
	ru := s.finished()
	if ru == nil {
		jsonError(w, http.StatusNotFound, s.msg(r, "err_no_result"))
		return
	}
	v := buildResult(ru, s.pageLang(r))
	v.Run = ru.id
	writeJSON(w, http.StatusOK, v)
}

// check is one member's check as `auditor check --member` prints it.
func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	ru := s.finished()
	if ru == nil {
		jsonError(w, http.StatusNotFound, s.msg(r, "err_no_result"))
		return
	}
	member := strings.TrimSpace(r.URL.Query().Get("member"))
	if member == "" {
		jsonError(w, http.StatusBadRequest, s.msg(r, "err_member"))
		return
	}
	ru.checkMu.Lock()
	defer ru.checkMu.Unlock()
	mc, res, err := ru.sess.Check(member, shownName(ru.files.Roster, ru.names), ru.res.ToolVersion)
	if err != nil {
		var nm *pipeline.NoMemberError
		if errors.As(err, &nm) {
			jsonError(w, http.StatusNotFound, nm.In(s.pageLang(r)))
			return
		}
		jsonError(w, http.StatusBadRequest, s.public(errorIn(err, s.pageLang(r))))
		return
	}
	lang := s.pageLang(r)
	if l, err := report.ResolveLang(lang, res); err == nil {
		lang = l
	}
	var b bytes.Buffer
	if err := report.CheckText(&b, mc, lang, false); err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"text": b.String(), "member": mc.Leaver.UserID})
}

// download serves one of the last run's files, by its name in the list:
// nothing else can be named.
func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	ru := s.finished()
	if ru == nil {
		httpError(w, http.StatusNotFound, s.msg(r, "err_no_result"))
		return
	}
	if id := r.URL.Query().Get("run"); id != "" && id != strconv.Itoa(ru.id) {
		// A page showing an earlier run's result (another tab ran again).
		httpError(w, http.StatusGone, s.msg(r, "err_stale_download"))
		return
	}
	name := r.PathValue("name")
	ok := false
	for _, n := range ru.outputs {
		if n == name {
			ok = true
		}
	}
	if !ok {
		httpError(w, http.StatusNotFound, s.msg(r, "err_no_such_file"))
		return
	}
	f, err := os.Open(filepath.Join(ru.dir, "out", name))
	if err != nil {
		httpError(w, http.StatusNotFound, s.msg(r, "err_no_result"))
		return
	}
	defer func() { _ = f.Close() }() // opened read-only: Close loses nothing
	st, err := f.Stat()
	if err != nil {
		httpError(w, http.StatusInternalServerError, s.public(err.Error()))
		return
	}
	w.Header().Set("Content-Type", contentType(name))
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	http.ServeContent(w, r, name, st.ModTime(), f)
}

func contentType(name string) string {
	switch filepath.Ext(name) {
	case ".pdf":
		return "application/pdf"
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case ".json":
		return "application/json"
	case ".yaml":
		return "application/yaml"
	}
	return "application/octet-stream"
}
