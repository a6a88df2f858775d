package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/wecom-audit/auditor/audit/ingest"
	"github.com/wecom-audit/auditor/catalog"
)

// verifyCommand is `auditor verify DIR`: whether the reports in a folder
// belong together — every file the JSON of a run names (report_set) is
// there with the SHA-256 the JSON gives, and no other report of that date
// sits beside them — and whether the inputs the JSON names still have the
// digests they were read with. Exit 0 when all do, 1 when something does
// not (each said), 2 when the folder holds no JSON report to verify.
func verifyCommand(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "verify",
		Usage:     "check that the reports in a folder belong together and match their inputs",
		ArgsUsage: "DIR",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "lang", Value: "en", Usage: "zh or en"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usage("cli.usage.verify_one", nil)
			}
			lang := c.String("lang")
			if lang != "zh" && lang != "en" {
				return usage("cli.usage.verify_lang", catalog.Args{"value": strconv.Quote(lang)})
			}
			bad, err := verifyDir(stdout, c.Args().First(), lang)
			if err != nil {
				return err
			}
			if bad > 0 {
				return exitError{exitFindings}
			}
			return nil
		},
	}
}

// setReport is what verify reads of a JSON report.
type setReport struct {
	Schema string `json:"schema"`
	AsOf   string `json:"as_of"`
	Inputs []struct {
		Role   string `json:"role"`
		Path   string `json:"path"`
		SHA256 string `json:"sha256"`
	} `json:"inputs"`
	ReportSet []struct {
		Name   string `json:"name"`
		Format string `json:"format"`
		SHA256 string `json:"sha256"`
	} `json:"report_set"`
}

// verifyDir checks every audit-*.json in dir and says what it found; bad
// counts what does not match.
func verifyDir(w io.Writer, dir, lang string) (bad int, err error) {
	jsons, err := filepath.Glob(filepath.Join(dir, "audit-*.json"))
	if err != nil {
		return 0, err
	}
	if st, serr := os.Stat(dir); serr != nil || !st.IsDir() {
		return 0, ingest.Message(ingest.InputError{File: dir}, "cli.verify.no_folder", nil)
	}
	if len(jsons) == 0 {
		return 0, ingest.Message(ingest.InputError{File: dir}, "cli.verify.no_report", nil)
	}
	sort.Strings(jsons)
	say := func(id string, a catalog.Args) { fmt.Fprintln(w, catalog.T(lang, "cli.verify."+id, a)) }
	for _, jp := range jsons {
		b, _, err := ingest.ReadFileHeld(jp, 0)
		if err != nil {
			return bad, err
		}
		var r setReport
		if err := json.Unmarshal(b, &r); err != nil || r.Schema == "" {
			return bad, ingest.Message(ingest.InputError{File: jp}, "cli.verify.not_report", nil)
		}
		name := filepath.Base(jp)
		say("report", catalog.Args{"file": name, "date": r.AsOf})
		named := map[string]bool{name: true}
		for _, f := range r.ReportSet {
			named[f.Name] = true
			sum, err := fileSHA(filepath.Join(dir, f.Name))
			switch {
			case errors.Is(err, fs.ErrNotExist):
				bad++
				say("missing", catalog.Args{"file": f.Name})
			case err != nil:
				bad++
				say("unreadable", catalog.Args{"file": f.Name, "error": errorIn(err, lang)})
			case sum != f.SHA256:
				bad++
				say("other_run", catalog.Args{"file": f.Name, "report": name})
			default:
				say("of_set", catalog.Args{"file": f.Name})
			}
		}
		// Reports of the same date the JSON does not name are of another
		// run (or of a run that wrote no JSON).
		stem := strings.TrimSuffix(name, ".json")
		others, _ := filepath.Glob(filepath.Join(dir, stem+".*"))
		sort.Strings(others)
		for _, o := range others {
			if base := filepath.Base(o); !named[base] {
				bad++
				say("not_named", catalog.Args{"file": base, "report": name})
			}
		}
		for _, in := range r.Inputs {
			if in.SHA256 == "" {
				continue
			}
			sum, err := fileSHA(in.Path)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				say("input_missing", catalog.Args{"file": in.Path, "role": in.Role})
			case err != nil:
				say("input_unreadable", catalog.Args{"file": in.Path, "role": in.Role, "error": errorIn(err, lang)})
			case sum != in.SHA256:
				bad++
				say("input_changed", catalog.Args{"file": in.Path, "role": in.Role})
			default:
				say("input_same", catalog.Args{"file": in.Path, "role": in.Role})
			}
		}
	}
	if bad == 0 {
		say("ok", catalog.Args{"dir": dir})
	} else {
		say("bad", catalog.Args{"dir": dir, "n": bad})
	}
	return bad, nil
}

func fileSHA(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer func() { _ = f.Close() }() // opened read-only: Close loses nothing
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
