package reconcile

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/audit/ingest"
)

// pullManifest is the part of `auditor pull`'s manifest.json the reader
// checks (pull.Manifest; not imported, so that reconcile does not depend on
// the API client).
type pullManifest struct {
	Tool  string `json:"tool"`
	Kind  string `json:"kind"`
	Files []struct {
		Name   string `json:"name"`
		SHA256 string `json:"sha256"`
	} `json:"files"`
}

// readManifest recognises a pull's manifest.json. ok is false for any
// other JSON file. A manifest whose folder does not hold the files it
// lists, as they were written, is refused: the answers were changed or
// mixed with another pull's.
func (o *Outcomes) readManifest(path string, b []byte) (ok bool, err error) {
	var m pullManifest
	if filepath.Base(path) != "manifest.json" || json.Unmarshal(b, &m) != nil || m.Tool != "auditor pull" {
		return false, nil
	}
	if m.Kind != "outcomes" {
		return true, &ingest.InputError{File: path, Msg: fmt.Sprintf("a pull of kind %q: reconcile --outcomes reads a folder written by `auditor pull --outcomes --plan PLAN`; give this folder's files to audit instead", m.Kind)}
	}
	dir := filepath.Dir(path)
	for _, f := range m.Files {
		p := filepath.Join(dir, filepath.Base(f.Name))
		sum, err := fileSum(p)
		if err != nil {
			return true, &ingest.InputError{File: path, Msg: fmt.Sprintf("lists %s, which is not in the folder", f.Name)}
		}
		if sum != f.SHA256 {
			return true, &ingest.InputError{File: p, Msg: fmt.Sprintf("changed since the pull: its SHA-256 is not the one %s records", path)}
		}
	}
	o.Files = append(o.Files, audit.InputFile{Role: "pull manifest", Path: path, SHA256: sha(b), Rows: len(m.Files)})
	return true, nil
}

func fileSum(path string) (string, error) {
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
