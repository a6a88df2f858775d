package serve

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wecom-audit/auditor/audit/ingest"
	"github.com/wecom-audit/auditor/catalog"
)

// upload is one file the browser sent.
type upload struct {
	ID   string
	Name string // shown name, unique among the uploads
	Path string // dir/up/<id>/<Name>: the server's own path, never the browser's
	Size int64
	Role string // as chosen (detected, or corrected on the page)
	// What DetectRole saw.
	Guess ingest.Guess
	// Err is why the file cannot be used at all (as a read would say).
	Err string
}

// roles a file can have on the page, in the order the page lists them.
var roles = []string{"roster", "contacts", "groups", "plan", "profile", "ignore"}

func validRole(r string) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

// maxNameBytes is the longest file name every system the tool runs on
// allows: 255 bytes on Linux and macOS; Windows counts 255 UTF-16 units,
// and a name of 255 UTF-8 bytes never has more.
const maxNameBytes = 255

// safeName turns a browser's file name into a plain name for a file in the
// server's own folder, valid on every system: the last element only (some
// browsers send a whole Windows path), no control characters or
// characters Windows forbids, no leading dots, no trailing dots or spaces
// (Windows drops them, so x.csv. would become x.csv), not a Windows device
// name (CON, NUL.csv: opening one opens the device), at most maxNameBytes
// bytes, cut between characters. The browser's name is never used as a
// path.
func safeName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), strings.ContainsRune(`<>:"|?*`, r):
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	name = strings.TrimLeft(strings.TrimSpace(b.String()), ".")
	name = strings.TrimRight(name, ". ")
	if name == "" {
		return "upload"
	}
	if windowsDevice(name) {
		name = "_" + name
	}
	return cutName(name, "")
}

// cutName fits stem+suffix+extension into maxNameBytes, cutting the stem
// between characters; the extension is kept when it is a short one.
func cutName(name, suffix string) string {
	ext := filepath.Ext(name)
	if len(ext) > 16 || len(ext) == len(name) {
		ext = ""
	}
	stem := strings.TrimSuffix(name, ext)
	room := maxNameBytes - len(suffix) - len(ext)
	if len(stem) > room {
		cut := room
		for cut > 0 && !utf8.RuneStart(stem[cut]) {
			cut--
		}
		// What the cut leaves at the end must not be a dot or a space.
		stem = strings.TrimRight(stem[:cut], ". ")
		if stem == "" {
			stem = "upload"
		}
	}
	return stem + suffix + ext
}

// windowsDevice reports whether Windows takes the name for a device: CON,
// PRN, AUX, NUL, COM1–COM9 and LPT1–LPT9 (also with the superscript
// digits ¹²³), whatever the case and whatever follows a dot, and with
// spaces before the dot.
func windowsDevice(name string) bool {
	base, _, _ := strings.Cut(name, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if r := []rune(base); len(r) == 4 && (string(r[:3]) == "COM" || string(r[:3]) == "LPT") {
		return (r[3] >= '1' && r[3] <= '9') || r[3] == '¹' || r[3] == '²' || r[3] == '³'
	}
	return false
}

// uniqueName keeps the shown names apart: report.xlsx, report (2).xlsx.
// Called with s.mu held.
func (s *Server) uniqueName(name string) string {
	taken := func(n string) bool {
		for _, f := range s.files {
			if strings.EqualFold(f.Name, n) {
				return true
			}
		}
		return false
	}
	if !taken(name) {
		return name
	}
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 2; ; i++ {
		// The number must fit too: the stem is cut for it.
		if n := cutName(stem+ext, fmt.Sprintf(" (%d)", i)); !taken(n) {
			return n
		}
	}
}

// errTooLarge is a file over the per-file limit, errTotal one that takes
// the uploads over the total.
var (
	errTooLarge = errors.New("file too large")
	errTotal    = errors.New("uploads too large in all")
)

// addFiles takes a multipart upload of one or more files ("file" parts),
// streaming each to the private folder: memory does not grow with the
// file.
func (s *Server) addFiles(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.busy {
		s.mu.Unlock()
		jsonError(w, http.StatusConflict, s.msg(r, "err_busy"))
		return
	}
	var used int64
	for _, f := range s.files {
		used += f.Size
	}
	room := s.cfg.MaxFiles - len(s.files)
	s.mu.Unlock()

	ct, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != "multipart/form-data" || params["boundary"] == "" {
		jsonError(w, http.StatusBadRequest, s.msg(r, "err_not_multipart"))
		return
	}
	// The whole request may carry at most what is left of the total, plus
	// room for the multipart headers.
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxTotalBytes-used+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		jsonError(w, http.StatusBadRequest, s.msg(r, "err_not_multipart"))
		return
	}
	var added []*upload
	fail := func(code int, msg string) {
		for _, u := range added {
			os.RemoveAll(filepath.Dir(u.Path))
		}
		jsonError(w, code, msg)
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				fail(http.StatusRequestEntityTooLarge, s.msgf(r, "err_total", catalog.Args{"size": sizeText(s.cfg.MaxTotalBytes)}))
				return
			}
			fail(http.StatusBadRequest, s.msg(r, "err_not_multipart")+" ("+s.public(err.Error())+")")
			return
		}
		if part.FormName() != "file" || part.FileName() == "" {
			part.Close()
			continue
		}
		if len(added) >= room {
			part.Close()
			fail(http.StatusRequestEntityTooLarge, s.msgf(r, "err_count", catalog.Args{"max": s.cfg.MaxFiles}))
			return
		}
		u, err := s.saveUpload(part, used)
		part.Close()
		if err != nil {
			var mbe *http.MaxBytesError
			switch {
			case errors.Is(err, errTooLarge):
				fail(http.StatusRequestEntityTooLarge, s.msgf(r, "err_file_size", catalog.Args{"file": safeName(part.FileName()), "size": sizeText(s.cfg.MaxFileBytes)}))
			case errors.Is(err, errTotal), errors.As(err, &mbe):
				fail(http.StatusRequestEntityTooLarge, s.msgf(r, "err_total", catalog.Args{"size": sizeText(s.cfg.MaxTotalBytes)}))
			default:
				// A disk full, say: the reason without the private path.
				var pe *os.PathError
				if errors.As(err, &pe) {
					err = pe.Err
				}
				fail(http.StatusInternalServerError, s.msgf(r, "err_save", catalog.Args{"file": safeName(part.FileName()), "error": s.public(err.Error())}))
			}
			return
		}
		used += u.Size
		added = append(added, u)
	}
	if len(added) == 0 {
		jsonError(w, http.StatusBadRequest, s.msg(r, "err_no_file"))
		return
	}
	// Roles are found outside the lock: a big workbook takes a moment.
	for _, u := range added {
		g, err := ingest.DetectRole(u.Path)
		u.Guess = g
		if err != nil {
			u.Err = s.public(strings.ReplaceAll(err.Error(), u.Path, u.Name))
		}
		u.Role = g.Role
		if u.Role == "" {
			u.Role = "ignore"
		}
	}
	s.mu.Lock()
	if s.closed || s.busy {
		s.mu.Unlock()
		fail(http.StatusConflict, s.msg(r, "err_busy"))
		return
	}
	if len(s.files)+len(added) > s.cfg.MaxFiles {
		s.mu.Unlock()
		fail(http.StatusRequestEntityTooLarge, s.msgf(r, "err_count", catalog.Args{"max": s.cfg.MaxFiles}))
		return
	}
	for _, u := range added {
		// Names are made unique now that the list is locked; the file on
		// disk is renamed to match, so data problems name it as shown.
		if n := s.uniqueName(u.Name); n != u.Name {
			np := filepath.Join(filepath.Dir(u.Path), n)
			if err := os.Rename(u.Path, np); err == nil {
				u.Name, u.Path = n, np
			}
		}
		s.files = append(s.files, u)
	}
	s.replaceRunLocked()
	s.mu.Unlock()
	s.state(w, r)
}

// saveUpload streams one part into a folder of its own.
func (s *Server) saveUpload(part io.Reader, used int64) (*upload, error) {
	s.mu.Lock()
	s.nextID++
	id := strconv.Itoa(s.nextID)
	s.mu.Unlock()
	dir := filepath.Join(s.dir, "up", id)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	name := "upload"
	if p, ok := part.(interface{ FileName() string }); ok {
		name = safeName(p.FileName())
	}
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	limit := min(s.cfg.MaxFileBytes, s.cfg.MaxTotalBytes-used)
	n, err := io.Copy(f, io.LimitReader(part, limit+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > limit {
		err = errTooLarge
		if limit < s.cfg.MaxFileBytes {
			err = errTotal
		}
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &upload{ID: id, Name: name, Path: path, Size: n}, nil
}

func (s *Server) fileByID(id string) *upload {
	for _, f := range s.files {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// setRole corrects a file's role: {"role": "contacts"}.
func (s *Server) setRole(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Role string `json:"role"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&body); err != nil || !validRole(body.Role) {
		jsonError(w, http.StatusBadRequest, s.msg(r, "err_role"))
		return
	}
	s.mu.Lock()
	if s.busy {
		s.mu.Unlock()
		jsonError(w, http.StatusConflict, s.msg(r, "err_busy"))
		return
	}
	f := s.fileByID(r.PathValue("id"))
	if f == nil {
		s.mu.Unlock()
		jsonError(w, http.StatusNotFound, s.msg(r, "err_no_such_file"))
		return
	}
	f.Role = body.Role
	s.replaceRunLocked()
	s.mu.Unlock()
	s.state(w, r)
}

// deleteFile removes one upload from the list and the disk.
func (s *Server) deleteFile(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.busy {
		s.mu.Unlock()
		jsonError(w, http.StatusConflict, s.msg(r, "err_busy"))
		return
	}
	id := r.PathValue("id")
	f := s.fileByID(id)
	if f == nil {
		s.mu.Unlock()
		jsonError(w, http.StatusNotFound, s.msg(r, "err_no_such_file"))
		return
	}
	os.RemoveAll(filepath.Dir(f.Path))
	kept := s.files[:0]
	for _, g := range s.files {
		if g != f {
			kept = append(kept, g)
		}
	}
	s.files = kept
	s.replaceRunLocked()
	s.mu.Unlock()
	s.state(w, r)
}

// reset starts over: every upload and report is removed.
func (s *Server) reset(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.busy {
		s.mu.Unlock()
		jsonError(w, http.StatusConflict, s.msg(r, "err_busy"))
		return
	}
	s.files = nil
	os.RemoveAll(filepath.Join(s.dir, "up"))
	s.replaceRunLocked()
	s.mu.Unlock()
	s.state(w, r)
}

// sizeText is a limit as people read it: 1 GiB → "1024 MB".
func sizeText(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	if n >= 1<<10 {
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

func jsonError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}
