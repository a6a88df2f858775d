package pull

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/wecom-audit/auditor/catalog"
)

// ManifestName is the manifest's file name in DIR.
const ManifestName = "manifest.json"

// ManifestTool is the manifest's "tool" value, by which readers know it.
const ManifestTool = "auditor pull"

// Manifest records one pull: what was called and what was written.
type Manifest struct {
	Tool        string           `json:"tool"`
	Version     string           `json:"version"`
	Kind        string           `json:"kind"` // "inputs" or "outcomes"
	APIBase     string           `json:"api_base"`
	Credentials string           `json:"credentials"` // where they came from, never what
	Started     time.Time        `json:"started"`
	Finished    time.Time        `json:"finished"`
	Calls       int              `json:"calls"`
	Endpoints   []*EndpointStats `json:"endpoints"`
	Files       []ManifestFile   `json:"files"`
	Notes       []string         `json:"notes,omitempty"`
}

// ManifestFile is one file the pull wrote.
type ManifestFile struct {
	Name   string `json:"name"`
	Role   string `json:"role"` // roster, contacts, groups, outcomes
	SHA256 string `json:"sha256"`
	Rows   int    `json:"rows"`
	Bytes  int64  `json:"bytes"`
}

// stage holds the files of a pull in a hidden folder inside DIR until the
// pull is complete; then they are renamed to their final names together.
// Nothing is written under a final name before that.
type stage struct {
	dir, tmp string
	files    []*stagedFile
}

type stagedFile struct {
	name, role string
	f          *os.File
	h          hash.Hash
	n          int64
	w          *bufio.Writer
	csv        *csv.Writer
	rows       int
}

func newStage(dir string) (*stage, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, pullError(err, "pull.error.out", catalog.Args{"dir": dir, "reason": catalog.Reason(err)})
	}
	tmp, err := os.MkdirTemp(dir, ".pull-")
	if err != nil {
		return nil, pullError(err, "pull.error.out", catalog.Args{"dir": dir, "reason": catalog.Reason(err)})
	}
	return &stage{dir: dir, tmp: tmp}, nil
}

func (s *stage) create(name, role string) (*stagedFile, error) {
	f, err := os.Create(filepath.Join(s.tmp, name))
	if err != nil {
		return nil, writeError(name, err)
	}
	sf := &stagedFile{name: name, role: role, f: f, h: sha256.New()}
	sf.w = bufio.NewWriterSize(io.MultiWriter(f, sf.h, countWriter{&sf.n}), 256<<10)
	s.files = append(s.files, sf)
	return sf, nil
}

// createCSV starts a UTF-8 CSV file with a BOM (Excel on Windows then
// reads it as UTF-8) and the header.
func (s *stage) createCSV(name, role string, header ...string) (*stagedFile, error) {
	sf, err := s.create(name, role)
	if err != nil {
		return nil, err
	}
	// sf.w keeps a write error for the Flush in close, which checks it.
	_, _ = sf.w.WriteString("\ufeff")
	sf.csv = csv.NewWriter(sf.w)
	sf.csv.UseCRLF = true
	if err := sf.csv.Write(header); err != nil {
		return nil, writeError(name, err)
	}
	return sf, nil
}

func (sf *stagedFile) row(cells ...string) error {
	sf.rows++
	if err := sf.csv.Write(cells); err != nil {
		return writeError(sf.name, err)
	}
	return nil
}

type countWriter struct{ n *int64 }

func (c countWriter) Write(p []byte) (int, error) { *c.n += int64(len(p)); return len(p), nil }

func (sf *stagedFile) close() error {
	if sf.csv != nil {
		sf.csv.Flush()
		if err := sf.csv.Error(); err != nil {
			return writeError(sf.name, err)
		}
	}
	if err := sf.w.Flush(); err != nil {
		return writeError(sf.name, err)
	}
	if err := sf.f.Sync(); err != nil {
		return writeError(sf.name, err)
	}
	return sf.f.Close()
}

// commit closes every file, writes the manifest and renames them all to
// their final names, the manifest last. If any step fails, what is still
// staged is closed and removed (abort): no file is left open and no
// .pull- folder behind, and the folder shows no manifest, so a
// half-renamed pull never passes for a whole one.
func (s *stage) commit(m *Manifest) ([]string, error) {
	out, err := s.commitFiles(m)
	if err != nil {
		s.abort()
	}
	return out, err
}

func (s *stage) commitFiles(m *Manifest) ([]string, error) {
	for _, sf := range s.files {
		if err := sf.close(); err != nil {
			return nil, err
		}
		m.Files = append(m.Files, ManifestFile{Name: sf.name, Role: sf.role, SHA256: hex.EncodeToString(sf.h.Sum(nil)), Rows: sf.rows, Bytes: sf.n})
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(s.tmp, ManifestName), append(b, '\n'), 0o644); err != nil {
		return nil, writeError(ManifestName, err)
	}
	var out []string
	names := make([]string, 0, len(s.files)+1)
	for _, sf := range s.files {
		names = append(names, sf.name)
	}
	names = append(names, ManifestName)
	// An older manifest goes first: a folder never shows a manifest that
	// does not describe the files beside it.
	old := filepath.Join(s.dir, ManifestName)
	if err := os.Remove(old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, writeError(old, err)
	}
	for _, n := range names {
		dst := filepath.Join(s.dir, n)
		if err := os.Rename(filepath.Join(s.tmp, n), dst); err != nil {
			return out, writeError(dst, err)
		}
		out = append(out, dst)
	}
	os.Remove(s.tmp)
	return out, nil
}

// writeError is a file of the pull that cannot be written, with the OS's
// reason.
func writeError(file string, err error) error {
	return pullError(err, "pull.error.write", catalog.Args{"file": file, "reason": catalog.Reason(err)})
}

// abort removes the staged files (those not yet renamed).
func (s *stage) abort() {
	for _, sf := range s.files {
		// The file is removed next, or was closed already by commit: an
		// error closing it loses nothing.
		_ = sf.f.Close()
	}
	os.RemoveAll(s.tmp)
}
