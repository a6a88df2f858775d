package ingest

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"strings"
	"sync/atomic"

	"github.com/wecom-audit/auditor/catalog"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

type csvWorkbook struct {
	path string
	enc  textEncoding
	// sha256 and state are the probe's: the bytes parsed must be those
	// (held.go).
	sha256 string
	state  fileState
}

func openCSV(path string, p *probe) (*csvWorkbook, error) {
	return &csvWorkbook{path: path, enc: p.encoding, sha256: p.sha256, state: p.state}, nil
}

func (w *csvWorkbook) SheetNames() []string { return []string{""} }
func (w *csvWorkbook) Close() error         { return nil }

func (w *csvWorkbook) OpenSheet(name string) (Sheet, error) {
	if name != "" {
		return nil, inputError(InputError{File: w.path, Sheet: name}, "ingest.error.csv_sheets", nil)
	}
	f, err := os.Open(w.path)
	if err != nil {
		return nil, inputError(InputError{File: w.path}, "ingest.probe.cannot_open", catalog.Args{"reason": unwrapPathErr(err).Error()})
	}
	s := &csvSheet{f: f, wb: w, hash: sha256.New()}
	if st, err := f.Stat(); err == nil {
		s.size = st.Size()
	}
	// Every byte the parser reads is hashed on the way (held.go).
	raw := io.TeeReader(wrapRead(w.path, f), s.hash)
	r, err := newCSVReader(&countingReader{r: raw, n: &s.read}, w.enc)
	if err != nil {
		_ = f.Close() // opened read-only: Close loses nothing
		var ie *InputError
		if errors.As(err, &ie) {
			ie.File = w.path
			return nil, ie
		}
		return nil, cannotRead(w.path, err)
	}
	s.r = r
	return s, nil
}

// decodeReader turns the file's bytes into UTF-8 text.
func decodeReader(r io.Reader, enc textEncoding) io.Reader {
	switch enc {
	case encUTF8BOM:
		return transform.NewReader(r, unicode.UTF8BOM.NewDecoder())
	case encGB18030:
		return transform.NewReader(r, simplifiedchinese.GB18030.NewDecoder())
	case encUTF16LE, encUTF16BE:
		// Excel's "Unicode Text" export: UTF-16 with a BOM, tab-separated.
		return transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case encUTF16LENoBOM:
		return transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder())
	case encUTF16BENoBOM:
		return transform.NewReader(r, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder())
	}
	return r
}

// newCSVReader decodes the text and picks the delimiter. Excel writes
// commas (Chinese and English Windows alike) and tabs in its Unicode Text
// export; semicolons come from European locales.
func newCSVReader(f io.Reader, enc textEncoding) (*csv.Reader, error) {
	br := bufio.NewReaderSize(decodeReader(f, enc), 64<<10)
	head, err := br.Peek(sniffLen)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, inputError(InputError{}, "ingest.error.cannot_decode", catalog.Args{"encoding": enc.String(), "reason": err.Error()})
	}
	r := csv.NewReader(br)
	r.Comma = sniffDelimiter(head)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	return r, nil
}

// sniffDelimiter counts candidates over the first 50 records, so title
// lines above the header (no delimiter at all) do not decide. Only
// delimiters outside quoted fields count: `北京,海淀区` in one
// tab-separated cell must not make the file comma-separated, and a line
// break inside quotes does not end a record.
func sniffDelimiter(head []byte) rune {
	var comma, tab, semi int
	quoted := false
	lines := 0
	for i := 0; i < len(head) && lines < 50; i++ {
		c := head[i]
		if quoted {
			if c == '"' {
				if i+1 < len(head) && head[i+1] == '"' {
					i++ // a doubled quote inside the field
				} else {
					quoted = false
				}
			}
			continue
		}
		switch c {
		case '"':
			// Quotes open a field only at its start; a stray one in the
			// middle of a field is a character, as the CSV reader takes it.
			if i == 0 || strings.IndexByte(",\t;\n\r", head[i-1]) >= 0 {
				quoted = true
			}
		case ',':
			comma++
		case '\t':
			tab++
		case ';':
			semi++
		case '\n':
			lines++
		}
	}
	switch {
	case tab > comma && tab >= semi:
		return '\t'
	case comma == 0 && tab == 0 && semi > 0:
		return ';'
	}
	return ','
}

// excelText unwraps ="…", the text trick people use so that Excel keeps
// an id as typed (="0012345", ="zhangsan"): only that exact form, with any
// quote inside doubled as Excel writes it. Anything else — a real formula
// such as ="a"&"b", a lone quote inside — is left as it is.
func excelText(s string) string {
	if len(s) < 3 || s[0] != '=' || s[1] != '"' || s[len(s)-1] != '"' {
		return s
	}
	inner := s[2 : len(s)-1]
	if strings.IndexByte(inner, '"') < 0 {
		return inner
	}
	var b strings.Builder
	for i := 0; i < len(inner); i++ {
		if inner[i] != '"' {
			b.WriteByte(inner[i])
			continue
		}
		if i+1 >= len(inner) || inner[i+1] != '"' {
			return s
		}
		b.WriteByte('"')
		i++
	}
	return b.String()
}

type csvSheet struct {
	f    *os.File
	wb   *csvWorkbook
	hash hash.Hash
	r    *csv.Reader
	row  []Cell
	n    int
	err  error
	// size and read are the file's bytes and those read so far (progress).
	size int64
	read atomic.Int64
}

// Position is how much of the file has been read.
func (s *csvSheet) Position() (done, total int64) { return s.read.Load(), s.size }

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (s *csvSheet) Name() string   { return "" }
func (s *csvSheet) Row() []Cell    { return s.row }
func (s *csvSheet) RowNumber() int { return s.n }
func (s *csvSheet) Err() error     { return s.err }

func (s *csvSheet) Next() bool {
	if s.err != nil {
		return false
	}
	rec, err := s.r.Read()
	if err != nil {
		if !errors.Is(err, io.EOF) {
			s.err = fmt.Errorf("after row %d: %w", s.n, err)
		} else if hex.EncodeToString(s.hash.Sum(nil)) != s.wb.sha256 || !s.wb.state.sameAs(s.wb.path) {
			// The rows parsed are not those of the file probed.
			s.err = ChangedError(s.wb.path)
		}
		return false
	}
	// Rows are records, not lines: a quoted cell with a line break is one
	// row, as Excel shows it.
	s.n++
	s.row = s.row[:0]
	for _, t := range rec {
		t = excelText(t)
		k := KindString
		if t == "" {
			k = KindEmpty
		}
		s.row = append(s.row, Cell{Text: t, Kind: k})
	}
	return true
}

func (s *csvSheet) Close() error { return s.f.Close() }
