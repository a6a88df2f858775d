package report

import (
	"bufio"
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

// Save writes each report into dir as audit-<as-of>.<ext>.
func Save(dir string, res *audit.Result, ws []Writer, opt Options, inputs []string) ([]string, error) {
	var outs []Output
	for _, w := range ws {
		outs = append(outs, Output{Name: FileName(w, res.AsOf), Write: func(out io.Writer) error { return w.Write(out, res, opt) }})
	}
	return SaveAll(dir, outs, inputs)
}

// SaveAll writes the outputs into dir. Every file is written to a temporary
// name in dir and renamed into place, so a reader never sees half a report
// and a failure leaves the previous one intact. It refuses a dir that holds
// one of the inputs, so that no input can ever be overwritten.
func SaveAll(dir string, outs []Output, inputs []string) ([]string, error) {
	for _, in := range inputs {
		if in != "" && contains(dir, in) {
			return nil, fmt.Errorf("--out %s: the folder holds the input %s; write the reports elsewhere so that inputs are never overwritten", dir, in)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("reports folder %s: %w", dir, err)
	}
	var written []string
	for _, o := range outs {
		target := filepath.Join(dir, o.Name)
		if err := writeAtomic(target, func(f *os.File) error {
			bw := bufio.NewWriterSize(f, 1<<16)
			if err := o.Write(bw); err != nil {
				return err
			}
			return bw.Flush()
		}); err != nil {
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

// writeAtomic writes through fill into a temporary file beside path, syncs
// it and renames it over path.
func writeAtomic(path string, fill func(*os.File) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = fill(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
