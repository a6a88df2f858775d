package report

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"

	"github.com/wecom-audit/auditor/audit"
)

// Save writes each report into dir as audit-<as-of>.<ext>. Every file is
// written to a temporary name in dir and renamed into place, so a reader
// never sees half a report and a failure leaves the old one intact. It
// refuses a dir that would overwrite one of the inputs.
func Save(dir string, res *audit.Result, ws []Writer, opt Options, inputs []string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("reports folder %s: %w", dir, err)
	}
	var targets []string
	for _, w := range ws {
		targets = append(targets, filepath.Join(dir, FileName(w, res.AsOf)))
	}
	for _, t := range targets {
		for _, in := range inputs {
			if in != "" && samePath(t, in) {
				return nil, fmt.Errorf("--out %s: writing %s would overwrite the input %s", dir, filepath.Base(t), in)
			}
		}
	}
	for i, w := range ws {
		if err := writeAtomic(targets[i], func(f *os.File) error {
			bw := bufio.NewWriterSize(f, 1<<16)
			if err := w.Write(bw, res, opt); err != nil {
				return err
			}
			return bw.Flush()
		}); err != nil {
			return nil, fmt.Errorf("%s report %s: %w", w.Ext(), targets[i], err)
		}
	}
	return targets, nil
}

func samePath(a, b string) bool {
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(ia, ib)
	}
	aa, _ := filepath.Abs(a)
	bb, _ := filepath.Abs(b)
	return aa == bb
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
