package reconcile

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/audit/ingest"
	"github.com/wecom-audit/auditor/catalog"
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
		return true, ingest.Message(ingest.InputError{File: path}, "reconcile.manifest.kind", catalog.Args{"kind": strconv.Quote(m.Kind)})
	}
	dir := filepath.Dir(path)
	for _, f := range m.Files {
		p := filepath.Join(dir, filepath.Base(f.Name))
		sum, err := fileSum(p)
		if err != nil {
			return true, ingest.Message(ingest.InputError{File: path}, "reconcile.manifest.missing", catalog.Args{"file": f.Name})
		}
		if sum != f.SHA256 {
			return true, ingest.Message(ingest.InputError{File: p}, "reconcile.manifest.changed", catalog.Args{"manifest": path})
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
