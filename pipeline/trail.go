package pipeline

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/report"
)

// Trail fills the audit-trail part of the report options: the generation
// time and the command line (both given by the caller: the clock is read in
// cmd/ only), the --rules file's hash and the save time each .xlsx input
// states. Inputs are keyed by the path the reports show them under, and
// read from where they really are, so the serve page and the command line
// run from the folder that holds the files give the same trail.
func (s *Session) Trail(opt *report.Options, commandLine []string, generated time.Time) error {
	opt.Generated = generated
	opt.CommandLine = commandLine
	if s.Files.Rules != "" {
		opt.RulesFile = &audit.InputFile{Role: "rules", Path: s.shown(s.Files.Rules), SHA256: s.rulesSHA}
	}
	opt.ExportTimes = map[string]time.Time{}
	for _, in := range s.In.Files {
		if ts, ok := statedSaveTime(s.real(in.Path)); ok {
			opt.ExportTimes[in.Path] = ts
		}
	}
	opt.PullManifests = s.pullManifests()
	return nil
}

// pullManifests finds the manifest.json of `auditor pull` beside each
// input, kept when it records that very file (by SHA-256): the trail then
// names the pull the inputs came from.
func (s *Session) pullManifests() []audit.InputFile {
	var out []audit.InputFile
	seen := map[string]bool{}
	for _, in := range s.In.Files {
		real := s.real(in.Path)
		mp := filepath.Join(filepath.Dir(real), "manifest.json")
		if seen[mp] {
			continue
		}
		b, err := os.ReadFile(mp)
		if err != nil {
			continue
		}
		var m struct {
			Tool  string `json:"tool"`
			Files []struct {
				SHA256 string `json:"sha256"`
			} `json:"files"`
		}
		if json.Unmarshal(b, &m) != nil || m.Tool != "auditor pull" {
			continue
		}
		for _, f := range m.Files {
			if f.SHA256 == in.SHA256 {
				seen[mp] = true
				sum := sha256.Sum256(b)
				out = append(out, audit.InputFile{Role: "pull manifest", Path: filepath.Join(filepath.Dir(in.Path), "manifest.json"), SHA256: hex.EncodeToString(sum[:])})
				break
			}
		}
	}
	return out
}

// shown is the name a real path is reported under.
func (s *Session) shown(p string) string {
	if n, ok := s.names[p]; ok {
		return n
	}
	return p
}

// real is the file behind a reported name.
func (s *Session) real(shown string) string {
	for p, n := range s.names {
		if n == shown {
			return p
		}
	}
	return shown
}

// statedSaveTime is the time an .xlsx workbook says it was last saved
// (docProps/core.xml, dcterms:modified, else dcterms:created): for a WeCom
// export, when it was exported. CSV files state none. Anything unreadable
// is "not stated", never an error: the reader has already judged the file.
func statedSaveTime(path string) (time.Time, bool) {
	if !strings.EqualFold(strings.TrimSpace(pathExt(path)), ".xlsx") {
		return time.Time{}, false
	}
	z, err := zip.OpenReader(path)
	if err != nil {
		return time.Time{}, false
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name != "docProps/core.xml" || f.UncompressedSize64 > 1<<20 {
			continue
		}
		r, err := f.Open()
		if err != nil {
			return time.Time{}, false
		}
		defer r.Close()
		var core struct {
			Created  string `xml:"created"`
			Modified string `xml:"modified"`
		}
		if err := xml.NewDecoder(io.LimitReader(r, 1<<20)).Decode(&core); err != nil {
			return time.Time{}, false
		}
		for _, s := range []string{core.Modified, core.Created} {
			if t, err := time.Parse(time.RFC3339, strings.TrimSpace(s)); err == nil && t.Year() > 1980 {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

func pathExt(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 && !strings.ContainsAny(p[i:], `/\`) {
		return p[i:]
	}
	return ""
}
