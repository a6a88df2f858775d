package report

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestTextReachesFPDFThroughTheKit holds the documents to pdfkit's promise
// that Cell, StrWidth and Bookmark are the only ways text reaches fpdf: a
// direct CellFormat skips Drawable (a character the font cannot draw would
// vanish) and bold (the trend chart's totals were drawn regular that way).
func TestTextReachesFPDFThroughTheKit(t *testing.T) {
	direct := map[string]bool{"CellFormat": true, "Cell": true, "MultiCell": true, "Text": true,
		"Write": true, "WriteAligned": true, "GetStringWidth": true, "Bookmark": true, "SplitText": true, "SplitLines": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		// The PDF writers' files; elsewhere f is a workbook.
		if strings.HasSuffix(name, "_test.go") || !strings.Contains(name, "pdf") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !direct[sel.Sel.Name] {
				return true
			}
			// fpdf is reached as d.F, doc.F or a local f := d.F; the
			// kit's own methods are called on the document itself.
			if x, ok := sel.X.(*ast.SelectorExpr); ok && x.Sel.Name == "F" {
				t.Errorf("%s: %s called on fpdf directly; use the kit (pdfkit.Doc)", fset.Position(call.Pos()), sel.Sel.Name)
			}
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "f" {
				t.Errorf("%s: %s called on fpdf directly; use the kit (pdfkit.Doc)", fset.Position(call.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
	if checked < 3 {
		t.Fatalf("checked %d files; the test is not reading report/", checked)
	}
}
