package xlsxstream

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// The byte scanner under the fast xlsx reader (issue 8). encoding/xml costs
// 6–9 s on a 1,000,000-row sheet, four times inflating it; this scanner
// reads the few element shapes a worksheet and a shared-string table are
// made of, straight from a window over the inflated stream.
//
// It is strict on purpose. Anything it is not sure to read exactly as
// encoding/xml (and so excelize) would — a processing instruction, a DOCTYPE,
// an entity in an attribute, a name with two colons, text where markup was
// expected — is errFastUnsupported, and the caller hands the part to
// excelize. Being wrong costs speed, never a different answer.

// errShort says the window ended inside a token: fill and parse it again.
var errShort = errors.New("xlsxstream: token runs past the window")

// unsupported is a reason to hand a part to excelize; it wraps
// errFastUnsupported and says why, for tests and debugging.
func unsupported(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errFastUnsupported}, a...)...)
}

// maxTokenBytes bounds one token (a tag, or one text node) held in the
// window: Excel stops a cell at 32,767 characters, so 16 MiB is already
// absurd and stops a part that is one endless text node from taking memory.
var maxTokenBytes = 16 << 20

// scanWindow is the size a scanner's window starts at. Tests set it to a
// few bytes so that every tag, attribute, entity and value of a workbook
// crosses a refill somewhere (TestFastWindowSizes); the window grows past
// it only for a token longer than the window.
var scanWindow = 256 << 10

// xmlScan is a forward-only window over an XML stream.
type xmlScan struct {
	r   io.Reader
	buf []byte
	pos int // next unread byte
	end int // buf[pos:end] is unread
	err error
	// mark, when not -1, is a position fill keeps in the window with
	// everything after it (the start of a shared string that may have to be
	// handed whole to encoding/xml).
	mark int
	// tagAt is where the last tag parseMarkup read starts; fill keeps it
	// too, so a string item can be handed to encoding/xml from its start.
	tagAt int
	// scratch copies of names, reused to avoid allocating per item
	name, closeTag, tname []byte
	inner                 tag
	// last two bytes handed out by ReadByte, to tell <sheetData/> from
	// <sheetData> after encoding/xml parsed the head of a part.
	last [2]byte
}

func newXMLScan(r io.Reader, size int) *xmlScan {
	return &xmlScan{r: r, buf: make([]byte, size), mark: -1, tagAt: -1}
}

// fill reads more of the stream, keeping buf[pos:end]. It returns false
// at the end of the stream or on a read error (s.err).
func (s *xmlScan) fill() bool {
	if s.err != nil {
		return false
	}
	keep := s.pos
	if s.mark >= 0 && s.mark < keep {
		keep = s.mark
	}
	if s.tagAt >= 0 && s.tagAt < keep {
		keep = s.tagAt
	}
	if keep > 0 {
		n := copy(s.buf, s.buf[keep:s.end])
		s.pos -= keep
		if s.mark >= 0 {
			s.mark -= keep
		}
		if s.tagAt >= 0 {
			s.tagAt -= keep
		}
		s.end = n
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxTokenBytes {
			s.err = &tokenTooLongError{}
			return false
		}
		nb := make([]byte, min(2*len(s.buf), maxTokenBytes))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.err = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

// tokenTooLongError is a text node or tag longer than maxTokenBytes.
type tokenTooLongError struct{}

func (*tokenTooLongError) Error() string {
	return fmt.Sprintf("one cell or tag holds more than %d MiB of XML (Excel's limit is 32,767 characters a cell)", maxTokenBytes>>20)
}

// readErr is why the stream ended: nil at a clean end.
func (s *xmlScan) readErr() error {
	if s.err == io.EOF {
		return nil
	}
	return s.err
}

// ReadByte lets encoding/xml read the head of a part from the window, so the
// scanner goes on exactly where it stopped.
func (s *xmlScan) ReadByte() (byte, error) {
	if s.pos == s.end && !s.fill() {
		if s.err == nil {
			return 0, io.EOF
		}
		return 0, s.err
	}
	b := s.buf[s.pos]
	s.pos++
	s.last[0], s.last[1] = s.last[1], b
	return b, nil
}

// Read serves encoding/xml when it wants an io.Reader (a CharsetReader).
func (s *xmlScan) Read(p []byte) (int, error) {
	if s.pos == s.end && !s.fill() {
		if s.err == nil {
			return 0, io.EOF
		}
		return 0, s.err
	}
	n := copy(p, s.buf[s.pos:s.end])
	s.pos += n
	return n, nil
}

// unexpectedEnd is the error when the stream stops inside the markup the
// scanner expects: a read error, or the end of the part.
func (s *xmlScan) unexpectedEnd() error {
	if err := s.readErr(); err != nil {
		return err
	}
	return unsupported("part ends inside an element")
}

// skipSpace moves past XML white space. It returns false at the end of the
// stream.
func (s *xmlScan) skipSpace() bool {
	for {
		for s.pos < s.end {
			switch s.buf[s.pos] {
			case ' ', '\t', '\r', '\n':
				s.pos++
			default:
				return true
			}
		}
		if !s.fill() {
			return false
		}
	}
}

// attr is one attribute of a tag, as slices of the tag's own bytes.
type attr struct {
	name, local, value []byte
}

// tag is one parsed tag.
//
// Ownership (issue 12): no slice the scanner hands out points into the
// window. fill compacts the window (and may replace it with a larger one)
// whenever it reads, and a caller reads on — a cell's <v>, an item's text
// — while it still holds the tag, so a view into the window would then show
// whatever bytes moved there (a cell's t="s" became the digits of its
// value). parseMarkup therefore copies each tag, as written, into raw,
// which the tag owns, and every slice of the tag is a slice of raw. They
// stay valid until the same tag value is parsed into again: a caller that
// needs a value past that (readCells and the cell's type) copies or decodes
// it first. The window itself is only ever read in place by code that
// finishes with the bytes before its next fill (text decoding appends to
// buffers of its own). The fast cell and row-start paths of sheet.go
// (fastCell, fastRowStart) are such code: they read a whole cell in the
// window, and when it ends first they fill and read the cell again from
// its start, so no view they took survives a fill; what they keep (a
// column, a style, the cell's text appended to the row's buffer) is owned.
type tag struct {
	name  []byte // as written, with its prefix
	lname []byte // without it
	close bool   // </name>
	empty bool   // <name .../>
	attrs []attr
	raw   []byte // the tag's bytes, owned: name, lname and attrs point here
}

// own moves the tag's slices, parsed from w (the window from the tag's
// first byte), into t.raw. Each slice x was cut from w, so it starts
// cap(w)-cap(x) bytes in.
func (t *tag) own(w []byte, n int) {
	t.raw = append(t.raw[:0], w[:n]...)
	base := cap(w)
	re := func(x []byte) []byte {
		off := base - cap(x)
		return t.raw[off : off+len(x) : off+len(x)]
	}
	t.name = re(t.name)
	t.lname = re(t.lname)
	for i := range t.attrs {
		a := &t.attrs[i]
		a.name, a.local, a.value = re(a.name), re(a.local), re(a.value)
	}
}

// local is the name without its prefix, as encoding/xml splits it.
func (t *tag) local() []byte { return t.lname }

func localName(name []byte) []byte {
	for i, c := range name {
		if c == ':' {
			if i > 0 && i < len(name)-1 {
				return name[i+1:]
			}
			return name
		}
	}
	return name
}

// endTag consumes the end tag </name> when it comes next exactly so
// written, the usual case, sparing the general parse. False leaves the
// scanner where it was.
func (s *xmlScan) endTag(name []byte) bool {
	b := s.buf[s.pos:s.end]
	n := len(name) + 3
	if len(b) < n || b[0] != '<' || b[1] != '/' || b[n-1] != '>' || !bytes.Equal(b[2:n-1], name) {
		return false
	}
	s.pos += n
	return true
}

func (t *tag) is(local string) bool { return string(t.local()) == local }

// attrByLocal returns the last attribute with that local name (excelize
// lets a repeated attribute's last value win).
func (t *tag) attrByLocal(local string) ([]byte, bool) {
	var v []byte
	found := false
	for i := range t.attrs {
		if string(t.attrs[i].local) == local {
			v, found = t.attrs[i].value, true
		}
	}
	return v, found
}

// markup is what the scanner found at a '<'.
type markup int

const (
	markTag markup = iota
	markComment
	markCDATA
	markEnd // end of stream
)

// next moves past white space and comments to the next tag and parses it
// into t. Text other than white space before it is unsupported: excelize
// ignores it but encoding/xml would have checked it.
func (s *xmlScan) nextTag(t *tag) error {
	for {
		if !s.skipSpace() {
			return s.unexpectedEnd()
		}
		if s.buf[s.pos] != '<' {
			return unsupported("text between elements")
		}
		m, err := s.parseMarkup(t)
		if err != nil {
			return err
		}
		switch m {
		case markTag:
			return nil
		case markComment:
			continue
		default:
			return unsupported("CDATA between elements")
		}
	}
}

// parseMarkup parses the markup at s.pos (a '<'): a tag into t, or a
// comment (skipped). CDATA is left for the caller at s.pos.
func (s *xmlScan) parseMarkup(t *tag) (markup, error) {
	s.tagAt = s.pos
	for {
		m, n, err := s.tryMarkup(t)
		if err == errShort {
			if s.end-s.pos >= maxTokenBytes {
				return 0, &tokenTooLongError{}
			}
			if !s.fill() {
				return 0, s.unexpectedEnd()
			}
			continue
		}
		if err != nil {
			return 0, err
		}
		if m == markTag {
			t.own(s.buf[s.pos:s.end], n)
		}
		if m != markCDATA {
			s.pos += n
		}
		return m, nil
	}
}

// tryMarkup parses the markup at s.pos within the window, returning its
// length, or errShort when the window ends first. It mirrors encoding/xml's
// rawToken for the shapes it accepts.
func (s *xmlScan) tryMarkup(t *tag) (markup, int, error) {
	b := s.buf[s.pos:s.end]
	if len(b) < 2 {
		return 0, 0, errShort
	}
	i := 1
	switch b[1] {
	case '!':
		if len(b) < 4 {
			return 0, 0, errShort
		}
		if b[2] == '-' && b[3] == '-' {
			// encoding/xml: the first "--" after "<!--" must be followed by '>'.
			j := bytes.Index(b[4:], []byte("--"))
			if j < 0 || 4+j+2 >= len(b) {
				return 0, 0, errShort
			}
			if b[4+j+2] != '>' {
				return 0, 0, unsupported(`"--" inside a comment`)
			}
			return markComment, 4 + j + 3, nil
		}
		if len(b) < 9 {
			return 0, 0, errShort
		}
		if string(b[2:9]) == "[CDATA[" {
			return markCDATA, 0, nil
		}
		return 0, 0, unsupported("directive in the body")
	case '?':
		return 0, 0, unsupported("processing instruction in the body")
	case '/':
		t.close = true
		i = 2
	default:
		t.close = false
	}
	t.empty = false
	t.attrs = t.attrs[:0]
	n, err := scanName(b[i:])
	if err != nil {
		return 0, 0, err
	}
	t.name = b[i : i+n]
	t.lname = localName(t.name)
	i += n
	if t.close {
		for i < len(b) && isSpaceByte(b[i]) {
			i++
		}
		if i == len(b) {
			return 0, 0, errShort
		}
		if b[i] != '>' {
			return 0, 0, unsupported("malformed end tag")
		}
		return markTag, i + 1, nil
	}
	for {
		for i < len(b) && isSpaceByte(b[i]) {
			i++
		}
		if i == len(b) {
			return 0, 0, errShort
		}
		switch b[i] {
		case '>':
			return markTag, i + 1, nil
		case '/':
			if i+1 == len(b) {
				return 0, 0, errShort
			}
			if b[i+1] != '>' {
				return 0, 0, unsupported("expected /> in element")
			}
			t.empty = true
			return markTag, i + 2, nil
		}
		n, err := scanName(b[i:])
		if err != nil {
			return 0, 0, err
		}
		a := attr{name: b[i : i+n]}
		a.local = localName(a.name)
		i += n
		for i < len(b) && isSpaceByte(b[i]) {
			i++
		}
		if i == len(b) {
			return 0, 0, errShort
		}
		if b[i] != '=' {
			return 0, 0, unsupported("attribute without a value")
		}
		i++
		for i < len(b) && isSpaceByte(b[i]) {
			i++
		}
		if i == len(b) {
			return 0, 0, errShort
		}
		q := b[i]
		if q != '"' && q != '\'' {
			return 0, 0, unsupported("unquoted attribute value")
		}
		i++
		j := bytes.IndexByte(b[i:], q)
		if j < 0 {
			return 0, 0, errShort
		}
		a.value = b[i : i+j]
		if !plainAttrValue(a.value) {
			return 0, 0, unsupported("attribute value with an entity or a control character")
		}
		t.attrs = append(t.attrs, a)
		i += j + 1
	}
}

// scanName reads an XML name the way encoding/xml does, for the ASCII names
// a worksheet uses: a letter, '_' or ':' first, then name bytes, at most one
// colon (two colons is a syntax error to encoding/xml). Non-ASCII names
// are left to excelize.
func scanName(b []byte) (int, error) {
	i := 0
	colons := 0
	for i < len(b) {
		c := b[i]
		if c >= utf8.RuneSelf {
			return 0, unsupported("non-ASCII name")
		}
		if !isNameByte(c) {
			break
		}
		if c == ':' {
			colons++
		}
		i++
	}
	if i == len(b) {
		return 0, errShort
	}
	if i == 0 {
		return 0, unsupported("expected a name")
	}
	if c := b[0]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':') {
		return 0, unsupported("name starts with %q", c)
	}
	if colons > 1 {
		return 0, unsupported("name with two colons")
	}
	return i, nil
}

func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-'
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// plainAttrValue reports an attribute value that encoding/xml would return
// unchanged: no entity, no '<', only characters XML allows. Values with
// entities or line breaks (which encoding/xml rewrites) are left to
// excelize; worksheets never need them.
func plainAttrValue(v []byte) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '&' || c == '<' || c == '\r':
			return false
		case c < 0x20 && c != '\t' && c != '\n':
			return false
		case c >= utf8.RuneSelf:
			return validXMLChars(v[i:])
		}
	}
	return true
}

// validXMLChars reports UTF-8 text of characters XML 1.0 allows, the check
// encoding/xml makes on all character data.
func validXMLChars(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		if !isInCharacterRange(r) {
			return false
		}
		i += size
	}
	return true
}

func isInCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// readText reads the character data of an element whose start tag has just
// been read, up to its end tag, which must be </name>. Character data,
// CDATA sections and comments may mix, as encoding/xml allows; a child
// element is unsupported. The decoded text is appended to dst unless skip
// is set (a column nobody asked for): then only the markup is checked.
func (s *xmlScan) readText(dst []byte, name []byte, skip bool, t *tag) ([]byte, error) {
	for {
		i := bytes.IndexByte(s.buf[s.pos:s.end], '<')
		if i < 0 {
			if s.end-s.pos >= maxTokenBytes {
				return dst, &tokenTooLongError{}
			}
			if !s.fill() {
				return dst, s.unexpectedEnd()
			}
			continue
		}
		if i > 0 {
			if !skip {
				var ok bool
				if dst, ok = decodeCharData(dst, s.buf[s.pos:s.pos+i]); !ok {
					return dst, unsupported("character data encoding/xml would reject")
				}
			}
			s.pos += i
		}
		if s.endTag(name) {
			return dst, nil
		}
		m, err := s.parseMarkup(t)
		if err != nil {
			return dst, err
		}
		switch m {
		case markComment:
			continue
		case markCDATA:
			if dst, err = s.readCDATA(dst, skip); err != nil {
				return dst, err
			}
			continue
		}
		if !t.close {
			return dst, unsupported("element inside <%s>", name)
		}
		if !bytes.Equal(t.name, name) {
			return dst, unsupported("<%s> closed by </%s>", name, t.name)
		}
		return dst, nil
	}
}

// readCDATA reads a CDATA section at s.pos: its text is taken as is, but
// line breaks are normalised and characters checked as encoding/xml does.
func (s *xmlScan) readCDATA(dst []byte, skip bool) ([]byte, error) {
	for {
		b := s.buf[s.pos+9 : s.end]
		j := bytes.Index(b, []byte("]]>"))
		if j < 0 {
			if s.end-s.pos >= maxTokenBytes {
				return dst, &tokenTooLongError{}
			}
			if !s.fill() {
				return dst, s.unexpectedEnd()
			}
			continue
		}
		raw := b[:j]
		if !validXMLChars(raw) {
			return dst, unsupported("CDATA encoding/xml would reject")
		}
		if !skip {
			dst = appendNormalisedCR(dst, raw)
		}
		s.pos += 9 + j + 3
		return dst, nil
	}
}

// appendNormalisedCR appends b with "\r\n" and "\r" rewritten to "\n", as
// XML requires and encoding/xml does.
func appendNormalisedCR(dst, b []byte) []byte {
	for {
		i := bytes.IndexByte(b, '\r')
		if i < 0 {
			return append(dst, b...)
		}
		dst = append(dst, b[:i]...)
		dst = append(dst, '\n')
		b = b[i+1:]
		if len(b) > 0 && b[0] == '\n' {
			b = b[1:]
		}
	}
}

// decodeCharData appends the decoded character data raw (text between
// markup, without '<') to dst. It mirrors encoding/xml's text(): the five
// predefined entities and numeric references, "\r\n" and "\r" to "\n", and
// "]]>" and characters outside XML's range rejected (ok false).
func decodeCharData(dst, raw []byte) ([]byte, bool) {
	// The common case: text that decodes to itself, copied as it is.
	if verbatimCharData(raw) {
		return append(dst, raw...), true
	}
	start := len(dst)
	var b0, b1 byte
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if b0 == ']' && b1 == ']' && c == '>' {
			return dst, false
		}
		if c == '&' {
			j := bytes.IndexByte(raw[i:], ';')
			if j < 0 {
				return dst, false
			}
			r, ok := entityRune(raw[i+1 : i+j])
			if !ok {
				return dst, false
			}
			dst = utf8.AppendRune(dst, r)
			i += j
			b0, b1 = 0, 0
			continue
		}
		switch {
		case c == '\r':
			dst = append(dst, '\n')
		case b1 == '\r' && c == '\n':
			// "\r\n": the '\n' is already written.
		default:
			dst = append(dst, c)
		}
		b0, b1 = b1, c
	}
	if !validXMLChars(dst[start:]) {
		return dst, false
	}
	return dst, true
}

// verbatimCharData reports character data (text between markup, without
// '<') that decodeCharData returns unchanged: no entity, no carriage return,
// no ']' (which might begin "]]>"), and only characters XML allows, ASCII
// or UTF-8. That is the text of nearly every cell, Chinese included, and
// the fast cell path (fastCell) reads it in place.
func verbatimCharData(raw []byte) bool {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c < utf8.RuneSelf {
			if verbatimASCII[c] == 0 {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size == 1 || !isInCharacterRange(r) {
			return false
		}
		i += size
	}
	return true
}

// verbatimASCII[c] is 1 for the ASCII bytes character data may hold as they
// are: printable ones but '&' and ']', and tab and line feed.
var verbatimASCII = func() (t [utf8.RuneSelf]byte) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = 1
	}
	t['&'], t[']'] = 0, 0
	t['\t'], t['\n'] = 1, 1
	return t
}()

// entityRune decodes the inside of an entity reference (between '&' and
// ';') as encoding/xml does in strict mode. A numeric reference to a code
// point XML forbids still decodes here and is caught by the character check
// afterwards, as in encoding/xml; a surrogate becomes U+FFFD, as Go's
// string(rune) makes it.
func entityRune(e []byte) (rune, bool) {
	switch string(e) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "apos":
		return '\'', true
	case "quot":
		return '"', true
	}
	if len(e) < 2 || e[0] != '#' {
		return 0, false
	}
	digits, base := e[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 {
		// encoding/xml: "&#;" and "&#x;" parse as an empty number: rejected.
		return 0, false
	}
	var n uint64
	for _, c := range digits {
		var d uint64
		switch {
		case '0' <= c && c <= '9':
			d = uint64(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = uint64(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = uint64(c-'A') + 10
		default:
			return 0, false
		}
		n = n*uint64(base) + d
		if n > utf8.MaxRune {
			return 0, false
		}
	}
	r := rune(n)
	if !utf8.ValidRune(r) {
		r = utf8.RuneError
	}
	return r, true
}
