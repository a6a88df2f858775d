package samples

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// sharedBook writes a workbook the way Excel and servers do: every text
// cell refers to the shared-string table (excelize's StreamWriter writes
// inline strings instead). It streams: sheet rows go straight into the zip,
// and the table's entries into a temporary file that is copied in at the
// end, so memory does not grow with the rows. Low-cardinality texts are
// shared; unique ones (ids, names) get an entry each, as real exports often do.
type sharedBook struct {
	out    *os.File
	zw     *zip.Writer
	sheet  *bufio.Writer
	sst    *os.File
	sstw   *bufio.Writer
	count  int // string cells
	unique int // table entries
	reuse  map[string]int
	sheets []string
	row    int
	line   []byte
}

func newSharedBook(path string) (*sharedBook, error) {
	out, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	sst, err := os.CreateTemp(filepath.Dir(path), ".sst-*")
	if err != nil {
		// The half-made book goes with it: nothing else knows its name.
		return nil, errors.Join(err, out.Close(), os.Remove(path))
	}
	return &sharedBook{out: out, zw: zip.NewWriter(out), sst: sst, sstw: bufio.NewWriterSize(sst, 1<<20), reuse: map[string]int{}}, nil
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>`

func (b *sharedBook) newSheet(name string) error {
	if err := b.endSheet(); err != nil {
		return err
	}
	b.sheets = append(b.sheets, name)
	w, err := b.zw.Create(fmt.Sprintf("xl/worksheets/sheet%d.xml", len(b.sheets)))
	if err != nil {
		return err
	}
	b.sheet = bufio.NewWriterSize(w, 1<<20)
	b.row = 0
	_, err = b.sheet.WriteString(sheetHead)
	return err
}

func (b *sharedBook) endSheet() error {
	if b.sheet == nil {
		return nil
	}
	// A bufio.Writer keeps its first error and Flush returns it.
	_, _ = b.sheet.WriteString(`</sheetData></worksheet>`)
	err := b.sheet.Flush()
	b.sheet = nil
	return err
}

func (b *sharedBook) str(s string, share bool) int {
	if share {
		if i, ok := b.reuse[s]; ok {
			b.count++
			return i
		}
	}
	i := b.unique
	b.unique++
	b.count++
	if share {
		b.reuse[s] = i
	}
	// Errors stay in sstw until close flushes it (bufio keeps the first).
	_, _ = b.sstw.WriteString("<si><t>")
	xmlEscape(b.sstw, s)
	_, _ = b.sstw.WriteString("</t></si>")
	return i
}

// cell is a value of a row: text (shared or not), or a date serial.
type cell struct {
	text   string
	shared bool
	serial float64 // > 0: a date-formatted number
}

func (b *sharedBook) writeRow(cells []cell) error {
	b.row++
	r := strconv.Itoa(b.row)
	line := append(b.line[:0], `<row r="`...)
	line = append(line, r...)
	line = append(line, `">`...)
	for i, c := range cells {
		col := string(rune('A' + i))
		line = append(line, `<c r="`...)
		line = append(line, col...)
		line = append(line, r...)
		if c.serial > 0 {
			line = append(line, `" s="1"><v>`...)
			line = strconv.AppendFloat(line, c.serial, 'f', -1, 64)
		} else {
			line = append(line, `" t="s"><v>`...)
			line = strconv.AppendInt(line, int64(b.str(c.text, c.shared)), 10)
		}
		line = append(line, `</v></c>`...)
	}
	line = append(line, `</row>`...)
	b.line = line
	_, err := b.sheet.Write(line)
	return err
}

func (b *sharedBook) close() (err error) {
	// The temporary string table goes whatever happens: what was written
	// to it is checked by the Flush and the copy below, so closing it
	// loses nothing. The output's Close error is always reported.
	defer os.Remove(b.sst.Name())
	defer func() { _ = b.sst.Close() }()
	closed := false
	defer func() {
		if !closed {
			if cerr := b.out.Close(); cerr != nil {
				err = errors.Join(err, cerr)
			}
		}
	}()
	if err := b.endSheet(); err != nil {
		return err
	}
	if err := b.sstw.Flush(); err != nil {
		return err
	}
	w, err := b.zw.Create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, b.count, b.unique); err != nil {
		return err
	}
	if _, err := b.sst.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.Copy(w, b.sst); err != nil {
		return err
	}
	if _, err := io.WriteString(w, `</sst>`); err != nil {
		return err
	}

	var sheets, rels, types strings.Builder
	for i, name := range b.sheets {
		fmt.Fprintf(&sheets, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, name, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
	}
	n := len(b.sheets)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` + types.String() + `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` + sheets.String() + `</sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() +
			fmt.Sprintf(`<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`, n+1, n+2)},
		// Style 1 is the built-in date-time format 22 (m/d/yy h:mm).
		{"xl/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`},
	}
	for _, p := range parts {
		w, err := b.zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, p.body); err != nil {
			return err
		}
	}
	if err := b.zw.Close(); err != nil {
		return err
	}
	closed = true
	return b.out.Close()
}

// xmlEscape writes s escaped to w; w keeps the first error for Flush.
func xmlEscape(w *bufio.Writer, s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '<':
			_, _ = w.WriteString("&lt;")
		case '>':
			_, _ = w.WriteString("&gt;")
		case '&':
			_, _ = w.WriteString("&amp;")
		default:
			_ = w.WriteByte(c)
		}
	}
}
