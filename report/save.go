package report

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/wecom-audit/auditor/audit"
)

// Output is one file to write: its name inside the reports folder and what
// fills it.
type Output struct {
	Name  string
	Write func(io.Writer) error
}

// Outputs are the reports as audit-<as-of>.<ext>, to be rendered in the
// order returned (SaveAll does), into the reports folder.
func Outputs(res *audit.Result, ws []Writer, opt Options) []Output {
	// The workbook is rendered first, whatever the order of --format, and
	// its name and SHA-256 go to the writers after it: the PDF's handover
	// sheets name the file that lists every at-risk contact.
	ordered := make([]Writer, 0, len(ws))
	for _, w := range ws {
		if w.Ext() == "xlsx" {
			ordered = append(ordered, w)
		}
	}
	for _, w := range ws {
		if w.Ext() != "xlsx" {
			ordered = append(ordered, w)
		}
	}
	var outs []Output
	for _, w := range ordered {
		name := FileName(w, res.AsOf)
		outs = append(outs, Output{Name: name, Write: func(out io.Writer) error {
			if w.Ext() != "xlsx" {
				return w.Write(out, res, opt)
			}
			h := sha256.New()
			if err := w.Write(io.MultiWriter(out, h), res, opt); err != nil {
				return err
			}
			opt.Workbook = &audit.InputFile{Role: "workbook", Path: name, SHA256: hex.EncodeToString(h.Sum(nil))}
			return nil
		}})
	}
	return outs
}

// SaveAll writes the outputs into dir. They are rendered into temporary
// files in dir and renamed into place only when every one of
// them succeeded: a reader never sees half a report, and a failure leaves
// the previous reports as they were. It refuses a dir that holds one of the
// inputs, so that no input can ever be overwritten.
func SaveAll(dir string, outs []Output, inputs []string) ([]string, error) {
	for _, in := range inputs {
		if in != "" && contains(dir, in) {
			return nil, fmt.Errorf("--out %s: the folder holds the input %s; write the reports elsewhere so that inputs are never overwritten", dir, in)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("reports folder %s: %w", dir, err)
	}
	// One after another: rendering side by side saved nothing measurable
	// and raised the peak memory of a million-row run.
	tmps := make([]string, 0, len(outs))
	for _, o := range outs {
		t, err := writeTemp(dir, o)
		if err != nil {
			for _, t := range tmps {
				os.Remove(t)
			}
			return nil, fmt.Errorf("write %s: %w", filepath.Join(dir, o.Name), err)
		}
		tmps = append(tmps, t)
	}
	var written []string
	for i, o := range outs {
		target := filepath.Join(dir, o.Name)
		if err := os.Rename(tmps[i], target); err != nil {
			for _, t := range tmps[i:] {
				os.Remove(t)
			}
			return written, fmt.Errorf("write %s: %w", target, err)
		}
		written = append(written, target)
	}
	return written, nil
}

// contains reports whether the input file lies in dir or below it, or is dir.
func contains(dir, input string) bool {
	d, err1 := filepath.Abs(dir)
	f, err2 := filepath.Abs(input)
	if err1 != nil || err2 != nil {
		return false
	}
	if rd, err := filepath.EvalSymlinks(d); err == nil {
		d = rd
	}
	if rf, err := filepath.EvalSymlinks(f); err == nil {
		f = rf
	}
	rel, err := filepath.Rel(d, f)
	return err == nil && (rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))))
}

// writeTemp renders o into a synced temporary file beside its target and
// returns the file's name; on failure nothing is left behind.
func writeTemp(dir string, o Output) (name string, err error) {
	tmp, err := os.CreateTemp(dir, "."+o.Name+".tmp-*")
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			name = ""
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err = o.Write(bw); err != nil {
		return "", err
	}
	if err = bw.Flush(); err != nil {
		return "", err
	}
	if err = tmp.Sync(); err != nil {
		return "", err
	}
	if err = tmp.Close(); err != nil {
		return "", err
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return "", err
	}
	return tmp.Name(), nil
}
