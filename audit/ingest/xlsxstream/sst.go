package xlsxstream

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/xuri/excelize/v2"
)

// sharedStrings is a workbook's shared-string table kept compact: every
// string's bytes in one buffer, found by offset. A 1,000,000-row export
// holds a few million strings; a Go string each would cost 16 bytes of
// header and an allocation apiece, and the garbage collector would walk them
// all. Both arrays are slabs (slab.go): outside the Go heap where the OS
// allows, so that the collector's goal is not doubled by them.
//
// The table lives until its workbook is closed and no sheet reads it any
// more (hold, drop, close); then its memory is given back at once. Nothing
// keeps a slice of it: a cell copies its string out (at), so no value a
// reader holds points into a table that may be unmapped.
type sharedStrings struct {
	data []byte   // the text: a prefix of mem.text
	off  []uint32 // string i is data[off[i]:off[i+1]]; a prefix of mem.offs
	mem  *tableMem
	// ld reads the rest of the table: nil once it is whole. A table read on
	// demand (OpenHead) keeps it while its workbook is open.
	ld *sstLoader

	mu     sync.Mutex
	holds  int  // sheets reading the table
	closed bool // the workbook is closed: freed when holds is 0
}

// emptyStrings is the table of a workbook without one.
func emptyStrings() *sharedStrings { return &sharedStrings{off: []uint32{0}} }

// newSharedStrings is an empty table whose memory, if it was never
// closed, is given back once the table is unreachable.
func newSharedStrings() *sharedStrings {
	t := &sharedStrings{mem: new(tableMem)}
	runtime.AddCleanup(t, (*tableMem).free, t.mem)
	if tableMade != nil {
		tableMade(t)
	}
	return t
}

// tableMade, when set by a test, sees every table made, so that the test
// can tell a refused table's memory was given back.
var tableMade func(*sharedStrings)

// presize sizes the table from the root's uniqueCount and the part's
// size, so that a table of millions of strings is not copied as it grows.
// Both numbers come from the file, so they only ever size, never bound.
// Mapped, the text is given the part's size: it cannot be longer than the
// XML holding it, and archive/zip stops a part at its header's size, so it
// never grows; the pages it does not fill cost nothing. In the heap, where
// every byte counts, it is the part less 13 bytes of <si><t></t></si> an
// item.
func (t *sharedStrings) presize(root xml.StartElement, partSize, limit int64) {
	if partSize <= 0 {
		return
	}
	var n int64
	for _, a := range root.Attr {
		if a.Name.Local == "uniqueCount" {
			n, _ = strconv.ParseInt(a.Value, 10, 64)
		}
	}
	// Never more than the bound: the table is refused before it gets there.
	n = max(0, min(n, partSize/5, limit/8))
	text := min(max(0, partSize-13*n), limit, 1<<30)
	mapped := min(partSize, limit+itemRoom)
	t.mem.offs = newSlab[uint32](int(n+1), int(n+1))
	t.off = t.mem.offs.s[:1]
	t.mem.text = newSlab[byte](int(text), int(mapped))
	t.data = t.mem.text.s[:0]
}

// itemRoom is the room for text the table keeps ahead of each item it
// reads: an item that does not fit still reads (appendItem), only at the
// cost of a copy in the Go heap.
var itemRoom int64 = 64 << 10

// makeRoom grows the text, if need be, to fit an item of itemRoom bytes.
func (t *sharedStrings) makeRoom() {
	if int64(cap(t.data)-len(t.data)) >= itemRoom {
		return
	}
	n := len(t.data)
	t.mem.text.grow(max(2*cap(t.data), n+int(itemRoom)), n)
	t.data = t.mem.text.s[:n]
}

// appendItem takes the text after an item was read into t.data: out is
// t.data with the item appended, in a new array of the Go heap when the
// item did not fit, in which case it is copied into a grown slab.
func (t *sharedStrings) appendItem(out []byte) {
	n := len(t.data)
	if unsafe.SliceData(out) == unsafe.SliceData(t.data) {
		t.data = out
		return
	}
	t.mem.text.grow(max(2*cap(t.data), len(out)), n)
	t.data = t.mem.text.s[:len(out)]
	copy(t.data[n:], out[n:])
}

// addOffset ends string len() at the text's end, growing the offsets when
// they are full.
func (t *sharedStrings) addOffset() {
	n := len(t.off)
	if n == cap(t.off) {
		t.mem.offs.grow(max(2*n, 1024), n)
		t.off = t.mem.offs.s[:n]
	}
	t.off = append(t.off, uint32(len(t.data)))
}

func (t *sharedStrings) len() int { return max(0, len(t.off)-1) }

// at is string i, valid while the table is held: copy it out at once.
func (t *sharedStrings) at(i int) []byte { return t.data[t.off[i]:t.off[i+1]] }

// hold keeps the table for a sheet until drop; false once the workbook is
// closed.
func (t *sharedStrings) hold() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return false
	}
	t.holds++
	return true
}

// drop ends a sheet's hold.
func (t *sharedStrings) drop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.holds--
	if t.closed && t.holds == 0 {
		t.free()
	}
}

// close is the workbook's: the table is freed now, or when the last sheet
// holding it is closed.
func (t *sharedStrings) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
	if t.holds == 0 {
		t.free()
	}
}

// free gives the memory back; the table reads as empty after it.
func (t *sharedStrings) free() {
	t.data, t.off, t.ld = nil, nil, nil
	if t.mem != nil {
		t.mem.free()
	}
}

// Namespaces a shared-string table's root may be in: excelize rewrites
// Strict OOXML's to the transitional one before decoding.
const (
	nsMain       = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsMainStrict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
)

// maxSharedStringBytes bounds the decoded shared strings of one workbook
// (issue 9: a zip bomb made of strings).
var maxSharedStringBytes int64 = 1 << 30

// A shared-string table may take in memory (its text and its offsets) at
// most sstRatio times its compressed size, or sstFloorBytes when that is
// more, and never maxSharedStringBytes (issue 12: a 4 MB workbook whose
// table expands to 1.2 GiB peaked at 2.4 GB before the 1 GiB bound refused
// it). Real tables compress 3–6 times (a 1,000,000-row export: 57 MB in
// 13.5 MB); a bomb's repeated strings compress hundreds of times. The
// bound is checked item by item as the table is read, so refusing one
// commits at most the bound.
var (
	sstFloorBytes int64 = 128 << 20
	sstRatio      int64 = 16
)

// sharedStringsLimit is the bound for a table of that compressed size,
// rounded up to a MiB for the message.
func sharedStringsLimit(compressed int64) int64 {
	l := min(maxSharedStringBytes, max(sstFloorBytes, sstRatio*max(0, compressed)))
	return (l + 1<<20 - 1) &^ (1<<20 - 1)
}

// rootCounts hands the table to excelize when the root's count or
// uniqueCount is not a number as encoding/xml reads an int attribute
// (surrounding space allowed, empty is 0): excelize decodes the root into
// int fields and fails on such a table, so the fast reader must not read it
// differently (the fuzzer found count="K").
func rootCounts(se xml.StartElement, part string) error {
	for _, a := range se.Attr {
		if a.Name.Space != "" || (a.Name.Local != "count" && a.Name.Local != "uniqueCount") {
			continue
		}
		if v := strings.TrimSpace(a.Value); v != "" {
			if _, err := strconv.ParseInt(v, 10, strconv.IntSize); err != nil {
				return unsupported("%s: <sst %s=%q>", part, a.Name.Local, a.Value)
			}
		}
	}
	return nil
}

// readSharedStrings reads xl/sharedStrings.xml into a compact table. Each
// item is read by the scanner when it is the plain <si><t>text</t></si>
// (optionally with <phoneticPr/>), which is what Excel and every exporter
// write for unformatted text; any other item — rich text runs, phonetic runs,
// unusual markup — is decoded by encoding/xml into excelize's own type and
// read with its own String(), so it comes out exactly as excelize reads it.
func readSharedStrings(r io.Reader, part string, sizeHint, limit int64) (*sharedStrings, error) {
	t, err := startSharedStrings(r, nil, part, sizeHint, limit)
	if err != nil {
		return nil, err
	}
	if err := t.load(maxInt); err != nil {
		t.free()
		return nil, err
	}
	return t, nil
}

// sstLoader is what a table still to be read needs: the scanner on its
// part, past the root's start tag, and (for a table read on demand, see
// OpenHead) the part to close.
type sstLoader struct {
	s     *xmlScan
	src   io.Closer
	part  string
	root  []byte
	limit int64
	tg    tag
	err   error // why reading stopped, given again to every later load
}

// startSharedStrings reads the table's head (its root) and returns the
// table with no item read yet; load reads them. src, when not nil, is
// closed with the table's memory.
func startSharedStrings(r io.Reader, src io.Closer, part string, sizeHint, limit int64) (_ *sharedStrings, err error) {
	t := newSharedStrings()
	t.mem.src = src
	defer func() {
		if err != nil {
			t.free()
		}
	}()
	s := newXMLScan(r, scanWindow)
	root, empty, err := readHead(s, func(se xml.StartElement) (bool, error) {
		if se.Name.Local != "sst" || (se.Name.Space != nsMain && se.Name.Space != nsMainStrict) {
			return false, unsupported("%s: root element <%s> in %q", part, se.Name.Local, se.Name.Space)
		}
		if err := rootCounts(se, part); err != nil {
			return false, err
		}
		t.presize(se, sizeHint, limit)
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	if root == nil || empty {
		// No root at all reads as an empty table, as excelize reads it.
		return t, nil
	}
	if len(t.off) == 0 {
		t.addOffset() // off[0]: no presize
	}
	t.ld = &sstLoader{s: s, part: part, root: root, limit: limit}
	return t, nil
}

// load reads items until the table has item i or is whole. An error stops
// the reading for good: every later load gives it again.
func (t *sharedStrings) load(i int) error {
	ld := t.ld
	if ld == nil {
		return nil
	}
	if ld.err != nil {
		return ld.err
	}
	if err := t.readItems(ld, i); err != nil {
		ld.err = err
		return err
	}
	return nil
}

// readItems is load's reading, up to item i.
func (t *sharedStrings) readItems(ld *sstLoader, i int) error {
	s, part, root, limit, tg := ld.s, ld.part, ld.root, ld.limit, &ld.tg
	for t.len() <= i {
		if err := t.readPlainItems(s, limit, i); err != nil {
			return err
		}
		if t.len() > i {
			return nil
		}
		if !s.skipSpace() {
			return s.unexpectedEnd()
		}
		if s.buf[s.pos] != '<' {
			return unsupported("%s: text between items", part)
		}
		m, err := s.parseMarkup(tg)
		if err != nil {
			return err
		}
		switch {
		case m == markComment:
			continue
		case m != markTag:
			return unsupported("%s: CDATA between items", part)
		case tg.close:
			if !bytes.Equal(tg.name, root) {
				return unsupported("%s: <%s> closed by </%s>", part, root, tg.name)
			}
			// Whole: nothing more to read, and the part is let go.
			t.ld = nil
			if ld.src != nil {
				_ = ld.src.Close() // read to its end: Close loses nothing
				t.mem.src = nil
			}
			return nil
		case !tg.is("si"):
			// excelize's two readers (in memory, and from a temporary file
			// past 16 MiB) differ on what else may sit here.
			return unsupported("%s: element <%s> in the table", part, tg.name)
		}
		if !tg.empty {
			t.makeRoom()
			out, err := readStringItem(s, t.data, tg)
			if err != nil {
				return fmt.Errorf("%s item %d: %w", part, t.len()+1, err)
			}
			t.appendItem(out)
		}
		if int64(len(t.data))+4*int64(len(t.off)) > limit {
			return &sizeError{code: sizeStrings, limit: limit}
		}
		t.addOffset()
	}
	return nil
}

// readPlainItems reads, straight from the window, the run of items ahead
// written <si><t>text</t></si> with text that needs no decoding: what
// exporters write for nearly every string. It stops at the first item that
// is anything else, or not whole in the window, and leaves it to the
// general reading above, which gives the same text for these items (tag
// parsing, readSimpleItem, decodeCharData's copy and character check) at
// about twice the cost. It stops too once the table has item last.
func (t *sharedStrings) readPlainItems(s *xmlScan, limit int64, last int) error {
	const open, closing = "<si><t>", "</t></si>"
	for t.len() <= last {
		b := s.buf[s.pos:s.end]
		if len(b) < len(open)+len(closing) || string(b[:len(open)]) != open {
			return nil
		}
		n := bytes.IndexByte(b[len(open):], '<')
		if n < 0 || len(b) < len(open)+n+len(closing) || string(b[len(open)+n:len(open)+n+len(closing)]) != closing {
			return nil
		}
		text := b[len(open) : len(open)+n]
		var hi byte
		escape := false
		for _, c := range text {
			// Control characters (and \r, which XML turns into \n),
			// entities and "]]>" are decodeCharData's to read.
			if c < 0x20 && c != '\t' && c != '\n' || c == '&' || c == ']' {
				return nil
			}
			hi |= c
			escape = escape || c == '_'
		}
		if hi >= utf8.RuneSelf && !validXMLChars(text) {
			return nil
		}
		if cap(t.data)-len(t.data) < len(text) {
			t.makeRoom()
			if cap(t.data)-len(t.data) < len(text) {
				return nil // longer than the room: appendItem's to copy
			}
		}
		start := len(t.data)
		t.data = append(t.data, text...)
		if escape {
			t.data = unescapeBSTR(t.data, start)
		}
		s.pos += len(open) + n + len(closing)
		// Nothing the general reading parsed before is kept in the
		// window for it any more.
		s.tagAt = -1
		if int64(len(t.data))+4*int64(len(t.off)) > limit {
			return &sizeError{code: sizeStrings, limit: limit}
		}
		t.addOffset()
	}
	return nil
}

// readStringItem reads one string item (<si> of the table, or <is> of an
// inline-string cell) whose start tag is the last one parsed, and appends
// its text to dst.
func readStringItem(s *xmlScan, dst []byte, start *tag) ([]byte, error) {
	if out, ok := readSimpleItem(s, dst, start.name); ok {
		return out, nil
	}
	s.mark = s.tagAt
	defer func() { s.mark = -1 }()
	name := append(s.name[:0], start.name...)
	s.name = name
	closeTag := append(append(s.closeTag[:0], "</"...), name...)
	closeTag = append(closeTag, '>')
	s.closeTag = closeTag
	// The whole item must be in the window, in case encoding/xml has to read
	// it from its start. Its end is kept relative to the mark, which fill
	// moves along with the bytes.
	var itemEnd int
	for {
		if i := bytes.Index(s.buf[s.pos:s.end], closeTag); i >= 0 {
			itemEnd = s.pos + i + len(closeTag) - s.mark
			break
		}
		if !s.fill() {
			return dst, s.unexpectedEnd()
		}
	}
	n := len(dst)
	out, err := readPlainItem(s, dst, name)
	if err == nil {
		return unescapeBSTR(out, n), nil
	}
	if !errors.Is(err, errFastUnsupported) {
		return dst, err
	}
	// Not the plain form: encoding/xml reads the item into excelize's type.
	frag := s.buf[s.mark : s.mark+itemEnd]
	text, err := decodeStringItem(frag)
	if err != nil {
		return dst[:n], err
	}
	s.pos = s.mark + itemEnd
	return append(dst[:n], text...), nil
}

// readSimpleItem reads the commonest item, <t>text</t></si> (or
// <t xml:space="preserve">) right after the item's start tag, when it is
// whole in the window: one look for '<' and two comparisons instead of the
// general parse. false leaves the scanner untouched for it.
func readSimpleItem(s *xmlScan, dst []byte, name []byte) ([]byte, bool) {
	b := s.buf[s.pos:s.end]
	var open int
	switch {
	case bytes.HasPrefix(b, []byte("<t>")):
		open = 3
	case bytes.HasPrefix(b, []byte(`<t xml:space="preserve">`)):
		open = 24
	default:
		return dst, false
	}
	i := bytes.IndexByte(b[open:], '<')
	if i < 0 {
		return dst, false
	}
	rest := b[open+i:]
	n := 4 + 3 + len(name) // "</t>" + "</" name ">"
	if len(rest) < n || string(rest[:6]) != "</t></" || rest[n-1] != '>' || !bytes.Equal(rest[6:n-1], name) {
		return dst, false
	}
	start := len(dst)
	out, ok := decodeCharData(dst, b[open:open+i])
	if !ok {
		return dst[:start], false
	}
	s.pos += open + i + n
	return unescapeBSTR(out, start), true
}

// readPlainItem reads the plain form of a string item: one <t> and any
// number of <phoneticPr/>, and nothing else.
func readPlainItem(s *xmlScan, dst []byte, name []byte) ([]byte, error) {
	tg := &s.inner
	sawT := false
	for {
		if err := s.nextTag(tg); err != nil {
			return dst, err
		}
		switch {
		case tg.close:
			if !bytes.Equal(tg.name, name) {
				return dst, unsupported("<%s> closed by </%s>", name, tg.name)
			}
			return dst, nil
		case tg.is("t") && !sawT:
			sawT = true
			if tg.empty {
				continue
			}
			tname := append(s.tname[:0], tg.name...)
			s.tname = tname
			var err error
			if dst, err = s.readText(dst, tname, false, tg); err != nil {
				return dst, err
			}
		case tg.is("phoneticPr") && tg.empty:
			// Chinese and Japanese Excel put one in every item. Only its
			// fontId is typed (*int): a bad one fails excelize's decoding.
			if v, ok := tg.attrByLocal("fontId"); ok && !plainInt(v) {
				return dst, unsupported("phoneticPr fontId %q", v)
			}
		default:
			return dst, unsupported("<%s> in a string item", tg.name)
		}
	}
}

// plainInt reports decimal digits with an optional sign that
// strconv.ParseInt reads into an int, as encoding/xml does for *int
// attributes.
func plainInt(v []byte) bool {
	_, err := strconv.ParseInt(string(v), 10, 64)
	return err == nil && len(v) > 0 && v[0] != ' '
}

// siType is excelize's type for a string item, reached through an exported
// field, so items that are not plain are decoded by excelize's own
// definition and read with its own String() (runs concatenated, phonetic
// runs left out, _xHHHH_ escapes undone).
var siType = func() reflect.Type {
	f, _ := reflect.TypeOf((*excelize.File)(nil)).Elem().FieldByName("SharedStrings")
	sst := f.Type.Elem()
	si, _ := sst.FieldByName("SI")
	return si.Type.Elem()
}()

func decodeStringItem(frag []byte) (string, error) {
	v := reflect.New(siType)
	d := xml.NewDecoder(bytes.NewReader(frag))
	d.CharsetReader = refuseCharset
	if err := d.Decode(v.Interface()); err != nil {
		return "", unsupported("string item encoding/xml cannot read: %v", err)
	}
	st, ok := v.Interface().(fmt.Stringer)
	if !ok {
		return "", unsupported("excelize's string item has no String method")
	}
	return st.String(), nil
}

// unescapeBSTR undoes, in place, the _xHHHH_ escapes in dst[from:] the way
// excelize's bstrUnmarshal does: "_x005F_" is a literal '_', any other
// escape the character it names (nothing for a surrogate), matched left to
// right without overlap.
func unescapeBSTR(dst []byte, from int) []byte {
	b := dst[from:]
	if !bytes.Contains(b, []byte("_x")) {
		return dst
	}
	w := 0
	for i := 0; i < len(b); {
		if i+7 <= len(b) && b[i] == '_' && b[i+1] == 'x' && b[i+6] == '_' &&
			isHex(b[i+2]) && isHex(b[i+3]) && isHex(b[i+4]) && isHex(b[i+5]) {
			r := rune(hexVal(b[i+2])<<12 | hexVal(b[i+3])<<8 | hexVal(b[i+4])<<4 | hexVal(b[i+5]))
			i += 7
			if r == '_' && string(b[i-7:i]) == "_x005F_" {
				b[w] = '_'
				w++
				continue
			}
			if r >= 0xD800 && r <= 0xDFFF {
				continue // strconv.Unquote fails on a surrogate: excelize drops it
			}
			var tmp [4]byte
			n := encodeRune(tmp[:], r)
			w += copy(b[w:], tmp[:n])
			continue
		}
		b[w] = b[i]
		w++
		i++
	}
	return dst[:from+w]
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func hexVal(c byte) int {
	switch {
	case c <= '9':
		return int(c - '0')
	case c >= 'a':
		return int(c-'a') + 10
	}
	return int(c-'A') + 10
}

// encodeRune is utf8.EncodeRune for the BMP runes an escape can name.
func encodeRune(p []byte, r rune) int {
	switch {
	case r < 0x80:
		p[0] = byte(r)
		return 1
	case r < 0x800:
		p[0] = 0xC0 | byte(r>>6)
		p[1] = 0x80 | byte(r)&0x3F
		return 2
	}
	p[0] = 0xE0 | byte(r>>12)
	p[1] = 0x80 | byte(r>>6)&0x3F
	p[2] = 0x80 | byte(r)&0x3F
	return 3
}

// errCharset marks a part declaring a text encoding other than UTF-8:
// excelize converts those, this reader does not.
var errCharset = errors.New("non-UTF-8 XML encoding")

func refuseCharset(label string, _ io.Reader) (io.Reader, error) {
	return nil, fmt.Errorf("%w %q", errCharset, label)
}

// readHead reads a part's head with encoding/xml — the XML declaration,
// comments, and the start tags down to the one the scanner takes over at —
// straight from the scanner's window, so the scanner goes on from the byte
// where encoding/xml stopped. The head is small, and encoding/xml keeps the
// rules about declarations, namespaces and nesting exactly.
//
// take is called for each start element: true stops there (the scanner
// takes over inside it). readHead returns that element's name as written
// (with its prefix, for matching its end tag) and whether it was an empty
// element; raw is nil when the part ended first.
func readHead(s *xmlScan, take func(xml.StartElement) (bool, error)) (raw []byte, empty bool, err error) {
	d := xml.NewDecoder(s)
	d.CharsetReader = refuseCharset
	// Keep the head in the window to find the raw name of the last tag.
	s.mark = s.pos
	defer func() { s.mark = -1 }()
	for {
		tok, err := d.Token()
		if err != nil {
			if rerr := s.readErr(); rerr != nil {
				return nil, false, rerr
			}
			if err == io.EOF {
				return nil, false, nil
			}
			return nil, false, unsupported("head: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			ok, err := take(t)
			if err != nil {
				return nil, false, err
			}
			if !ok {
				continue
			}
			held := s.buf[s.mark:s.pos]
			i := bytes.LastIndexByte(held, '<')
			if i < 0 {
				return nil, false, unsupported("head: start tag not found")
			}
			n, err := scanName(held[i+1:])
			if err != nil {
				return nil, false, unsupported("head: %v", err)
			}
			raw = append([]byte(nil), held[i+1:i+1+n]...)
			return raw, s.last == [2]byte{'/', '>'}, nil
		case xml.Directive:
			return nil, false, unsupported("head: directive")
		}
	}
}
