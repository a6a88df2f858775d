package catalog

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// goStrings returns every string literal of the module's non-test Go
// files, by file (relative to the module root).
func goStrings(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	root := ".."
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n == "testdata" || strings.HasPrefix(n, ".") && p != root {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		ast.Inspect(f, func(n ast.Node) bool {
			if b, ok := n.(*ast.BasicLit); ok && b.Kind == token.STRING {
				if s, err := strconv.Unquote(b.Value); err == nil {
					out[filepath.ToSlash(rel)] = append(out[filepath.ToSlash(rel)], s)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// dataFiles may hold Chinese literals because they are data, not sentences:
// the sample generator's names, companies and departments (samples/), and
// the made-up customers, members and groups of the fake WeCom API that
// pull's tests and the `pull` demo talk to.
var dataFiles = map[string]bool{"pull/wecomtest/wecomtest.go": true}

func isData(path string) bool {
	return strings.HasPrefix(path, "samples/") || dataFiles[path]
}

// TestNoChineseOutsideTheCatalogue: a sentence a person reads lives in
// the catalogue (catalog/*.yaml) and the words the readers look for in
// rules/vocabulary.yaml, never as a Go literal.
func TestNoChineseOutsideTheCatalogue(t *testing.T) {
	for path, lits := range goStrings(t) {
		if isData(path) {
			continue
		}
		for _, s := range lits {
			if hasHan(s) {
				t.Errorf("%s: Chinese literal %q: put it in the catalogue", path, s)
			}
		}
	}
}

// TestEveryMessageIsUsed: each id of the catalogue is named by the code,
// either whole ("report.title") or by the prefix it is built from
// ("gate." + g.String()). A message nobody can ask for is dead text.
func TestEveryMessageIsUsed(t *testing.T) {
	var all []string
	for _, lits := range goStrings(t) {
		all = append(all, lits...)
	}
	js, err := os.ReadFile("../serve/assets/app.js") // the page's script asks for page.* ids too
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	var prefixes []string
	for _, s := range all {
		used[s] = true
		if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "_") {
			prefixes = append(prefixes, s)
		}
	}
	for _, id := range IDs() {
		if used[id] || strings.Contains(string(js), strconv.Quote(id)) {
			continue
		}
		ok := false
		for _, p := range prefixes {
			if strings.HasPrefix(id, p) {
				ok = true
				break
			}
		}
		if !ok {
			t.Errorf("%s: no code asks for it", id)
		}
	}
}
