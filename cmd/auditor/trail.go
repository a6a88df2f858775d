package main

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/report"
)

// generationTime is when the reports are made: SOURCE_DATE_EPOCH when set
// (the reproducible-builds convention: seconds since 1970 UTC), so that
// tests and anyone who needs byte-identical documents can pin it, else the
// clock. This and the default --as-of are the only clock reads of the tool.
func generationTime() (time.Time, error) {
	if s, ok := os.LookupEnv("SOURCE_DATE_EPOCH"); ok {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || n < 0 {
			return time.Time{}, usagef("SOURCE_DATE_EPOCH %q: want whole seconds since 1970-01-01 UTC", s)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Now().UTC().Truncate(time.Second), nil
}

// trailOptions fills the audit-trail part of the report options: the
// generation time, the command line as run, the --rules file's hash and
// the save time each .xlsx input states.
func trailOptions(opt *report.Options, args []string, s *session, rulesPath string) error {
	t, err := generationTime()
	if err != nil {
		return err
	}
	opt.Generated = t
	opt.CommandLine = append([]string{"auditor"}, args[1:]...)
	if rulesPath != "" {
		sum, err := fileSHA256(rulesPath)
		if err != nil {
			return usagef("rules %s: %v", rulesPath, err)
		}
		opt.RulesFile = &audit.InputFile{Role: "rules", Path: rulesPath, SHA256: sum}
	}
	opt.ExportTimes = map[string]time.Time{}
	for _, in := range s.in.Files {
		if ts, ok := statedSaveTime(in.Path); ok {
			opt.ExportTimes[in.Path] = ts
		}
	}
	return nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
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
