package ingest

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

type fileFormat int

const (
	formatXLSX fileFormat = iota + 1
	formatCSV
)

type textEncoding int

const (
	encUTF8 textEncoding = iota
	encUTF8BOM
	encGB18030
	encUTF16LE
	encUTF16BE
	// Without a byte-order mark, told by where the NUL bytes fall
	// (utf16NoBOM): some exporters and scripts write UTF-16 without one.
	encUTF16LENoBOM
	encUTF16BENoBOM
)

func (e textEncoding) String() string {
	switch e {
	case encUTF8BOM:
		return "UTF-8 with BOM"
	case encGB18030:
		return "GB18030/GBK"
	case encUTF16LE:
		return "UTF-16LE"
	case encUTF16BE:
		return "UTF-16BE"
	case encUTF16LENoBOM:
		return "UTF-16LE without BOM"
	case encUTF16BENoBOM:
		return "UTF-16BE without BOM"
	}
	return "UTF-8"
}

// probe is what one streaming pass over a file's bytes tells: its format,
// SHA-256 and, for text, its encoding.
type probe struct {
	format fileFormat
	size   int64
	state  fileState // size and time when probed (held.go)
	// noFile: a workbook tests make up, with no file behind it to hold
	// still (openInputFile).
	noFile bool
	sha256 string
	// quick is a workbook's quick hash (zipDigest), compared after its read.
	quick    uint64
	encoding textEncoding
	// note says how the content was read when the name suggests otherwise.
	note string
}

var (
	magicZip    = []byte("PK")
	magicOLE    = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	bomUTF8     = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE  = []byte{0xFF, 0xFE}
	bomUTF16BE  = []byte{0xFE, 0xFF}
	oleEncStrm  = utf16le("EncryptedPackage")
	otherMagics = []struct {
		magic []byte
		what  string
	}{
		{[]byte("%PDF"), "ingest.probe.kind.pdf"},
		{[]byte("\x89PNG"), "ingest.probe.kind.png"},
		{[]byte{0xFF, 0xD8, 0xFF}, "ingest.probe.kind.jpeg"},
		{[]byte("GIF8"), "ingest.probe.kind.gif"},
		{[]byte{0x1F, 0x8B}, "ingest.probe.kind.gzip"},
		{[]byte("7z\xBC\xAF\x27\x1C"), "ingest.probe.kind.7z"},
		{[]byte("Rar!"), "ingest.probe.kind.rar"},
	}
)

// expected is what every input file should be, said after what it is.
var expected = rules.Msg("ingest.probe.expected", nil)

// sniffLen is how much of a text file is looked at for binary bytes and
// markup: enough to cover a header and some rows.
const sniffLen = 64 << 10

// probeFile tells what the file is, and hashes a text file. Every unusable
// file ends here with an *InputError that says what it is and what was
// expected.
//
// A zip is read no further than its first chunk and not hashed (sha256 is
// left empty): what it is, its head and its central directory
// (checkZipWorkbook) tell, and its digest is Read's to take, on a
// goroutine of its own (zipDigest; DetectRole, which looks at the first
// rows only, needs none). Text is read and hashed whole: its encoding is
// judged on all of it, and the CSV reader checks the digest at the file's
// end.
func probeFile(path string) (*probe, error) {
	fail := func(id string, args catalog.Args) error {
		return inputError(InputError{File: path}, id, args)
	}
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fail("ingest.error.no_such_file", nil)
	case err != nil:
		return nil, cannotRead(path, err)
	case st.IsDir():
		return nil, fail("ingest.probe.folder", catalog.Args{"expected": expected})
	case !st.Mode().IsRegular():
		// A pipe cannot be read twice (the probe, then the parse), and
		// opening a named one waits for a writer.
		return nil, fail("ingest.probe.not_regular", nil)
	case st.Size() == 0:
		return nil, fail("ingest.probe.empty", catalog.Args{"expected": expected})
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fail("ingest.probe.cannot_open", catalog.Args{"reason": unwrapPathErr(err).Error()})
	}
	defer func() { _ = f.Close() }() // opened read-only: Close loses nothing

	p := &probe{size: st.Size(), state: stateOf(st)}
	h := sha256.New()
	head := make([]byte, 0, sniffLen)
	var utf8c utf8Checker
	var oleEnc bool
	var prevTail []byte
	// zipHead: a zip, which the probe leaves after its first chunk.
	zipHead := false
	buf := make([]byte, 256<<10)
	for {
		n, rerr := f.Read(buf)
		chunk := buf[:n]
		if room := sniffLen - len(head); room > 0 {
			head = append(head, chunk[:min(room, n)]...)
		}
		zipHead = bytes.HasPrefix(head, magicZip)
		if !zipHead {
			h.Write(chunk)
		}
		if bytes.HasPrefix(head, magicOLE) && !oleEnc {
			// The stream name can straddle two reads: keep a tail.
			joined := append(prevTail, chunk...)
			oleEnc = bytes.Contains(joined, oleEncStrm)
			prevTail = append(prevTail[:0], joined[max(0, len(joined)-len(oleEncStrm)):]...)
		}
		utf8c.write(chunk)
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, cannotRead(path, rerr)
		}
		if zipHead {
			break
		}
	}
	if !zipHead {
		p.sha256 = hex.EncodeToString(h.Sum(nil))
	}
	name := strings.ToLower(path)

	switch {
	case bytes.HasPrefix(head, magicOLE):
		if oleEnc {
			return nil, fail("ingest.probe.encrypted", nil)
		}
		return nil, fail("ingest.probe.xls", nil)
	case bytes.HasPrefix(head, magicZip):
		if err := checkZipWorkbook(path); err != nil {
			return nil, err
		}
		p.format = formatXLSX
		return p, nil
	}
	for _, m := range otherMagics {
		if bytes.HasPrefix(head, m.magic) {
			return nil, fail("ingest.probe.other", catalog.Args{"kind": rules.Msg(m.what, nil), "expected": expected})
		}
	}

	// Text, or junk. A BOM settles the encoding; otherwise valid UTF-8 is
	// UTF-8 and anything else is GB18030, what Excel on Chinese Windows
	// writes (D22) — and a superset of GBK and GB2312.
	text := head
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		p.encoding, text = encUTF8BOM, head[len(bomUTF8):]
	case bytes.HasPrefix(head, bomUTF16LE):
		p.encoding = encUTF16LE
	case bytes.HasPrefix(head, bomUTF16BE):
		p.encoding = encUTF16BE
	case utf16NoBOM(head) != 0:
		p.encoding = utf16NoBOM(head)
	case utf16Text(head) != 0:
		p.encoding = utf16Text(head)
	case utf8c.valid():
		p.encoding = encUTF8
	default:
		p.encoding = encGB18030
	}
	if !p.encoding.utf16() {
		if looksBinary(text) {
			return nil, fail("ingest.probe.binary", catalog.Args{"expected": expected})
		}
		t := bytes.TrimLeft(text, " \t\r\n")
		if len(t) > 0 && t[0] == '<' {
			return nil, fail("ingest.probe.html", nil)
		}
	}
	p.format = formatCSV
	if strings.HasSuffix(name, ".xlsx") || strings.HasSuffix(name, ".xlsm") || strings.HasSuffix(name, ".xls") {
		p.note = "named like a workbook but holds text: read as CSV"
	}
	return p, nil
}

func (e textEncoding) utf16() bool {
	return e == encUTF16LE || e == encUTF16BE || e == encUTF16LENoBOM || e == encUTF16BENoBOM
}

// utf16NoBOM tells UTF-16 text without a byte-order mark from the pattern
// of its NUL bytes: in a CSV the delimiters, digits and line breaks are
// ASCII, whose high byte is 0 — the second byte of each pair in
// little-endian, the first in big-endian — while the other byte of those
// pairs is not. It asks for an even length (the head may be cut), NULs on
// one side in at least a quarter of the pairs and almost none on the
// other, and a line break where UTF-16 puts one. 0 when not.
func utf16NoBOM(head []byte) textEncoding {
	n := len(head) &^ 1
	if n < 4 {
		return 0
	}
	var zEven, zOdd int
	lf := [2]bool{}
	for i := 0; i < n; i += 2 {
		a, b := head[i], head[i+1]
		if a == 0 {
			zEven++
		}
		if b == 0 {
			zOdd++
		}
		if a == '\n' && b == 0 {
			lf[0] = true
		}
		if a == 0 && b == '\n' {
			lf[1] = true
		}
	}
	pairs := n / 2
	switch {
	case zOdd*4 >= pairs && zEven*50 <= zOdd && (lf[0] || pairs < 200):
		return encUTF16LENoBOM
	case zEven*4 >= pairs && zOdd*50 <= zEven && (lf[1] || pairs < 200):
		return encUTF16BENoBOM
	}
	return 0
}

// utf16Text tells UTF-16 without a byte-order mark from the text itself,
// where utf16NoBOM's count of NULs is not enough: in mostly Chinese text
// (a title row 企业通讯录导出, then tab-separated names) few characters are
// ASCII, so few bytes are NUL. Only a head holding NUL bytes is looked at
// (UTF-8 and GB18030 text has none; read as UTF-16, plain ASCII would make
// CJK ideographs). The head is decoded both ways; the order whose text is
// valid, has line breaks, and is nearly all ASCII, CJK, CJK punctuation or
// full-width forms wins — read the wrong way round the line breaks become
// U+0A00 and the ideographs scatter over other scripts. 0 when neither.
func utf16Text(head []byte) textEncoding {
	if bytes.IndexByte(head, 0) < 0 {
		return 0
	}
	n := len(head) &^ 1
	if n < 8 {
		return 0
	}
	score := func(be bool) bool {
		var good, all int
		lines := false
		for i := 0; i+1 < n; i += 2 {
			u := rune(head[i]) | rune(head[i+1])<<8
			if be {
				u = rune(head[i])<<8 | rune(head[i+1])
			}
			all++
			switch {
			case u == '\n':
				lines = true
				good++
			case u == '\t' || u == '\r' || (u >= 0x20 && u < 0x7F):
				good++
			case u >= 0xD800 && u <= 0xDFFF:
				// A surrogate: fine as one half of a pair (rare in
				// exports); an unpaired one is not text.
				if u >= 0xDC00 {
					return false
				}
				if i+3 >= n { // the head cuts the pair
					good++
					continue
				}
				lo := rune(head[i+2]) | rune(head[i+3])<<8
				if be {
					lo = rune(head[i+2])<<8 | rune(head[i+3])
				}
				if lo < 0xDC00 || lo > 0xDFFF {
					return false
				}
				i += 2
				good++
			case u >= 0x4E00 && u <= 0x9FFF, u >= 0x3000 && u <= 0x303F, u >= 0xFF00 && u <= 0xFFEF,
				u >= 0x3400 && u <= 0x4DBF, u == 0xB7, u >= 0x2010 && u <= 0x2027:
				good++
			}
		}
		return lines && good*100 >= all*95
	}
	switch le, be := score(false), score(true); {
	case le && !be:
		return encUTF16LENoBOM
	case be && !le:
		return encUTF16BENoBOM
	}
	return 0
}

// checkZipWorkbook tells a truncated or damaged zip, and a zip that is some
// other document, from an xlsx workbook, before excelize sees it.
func checkZipWorkbook(path string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return inputError(InputError{File: path}, "ingest.probe.damaged", catalog.Args{"reason": err.Error()})
	}
	defer zr.Close()
	has := map[string]bool{}
	for _, f := range zr.File {
		has[strings.ToLower(f.Name)] = true
	}
	switch {
	case has["xl/workbook.xml"]:
		return nil
	case has["xl/workbook.bin"]:
		return inputError(InputError{File: path}, "ingest.probe.xlsb", nil)
	case has["word/document.xml"]:
		return inputError(InputError{File: path}, "ingest.probe.word", catalog.Args{"expected": expected})
	case has["ppt/presentation.xml"]:
		return inputError(InputError{File: path}, "ingest.probe.powerpoint", catalog.Args{"expected": expected})
	case has["content.xml"] && has["mimetype"]:
		return inputError(InputError{File: path}, "ingest.probe.ods", nil)
	}
	return inputError(InputError{File: path}, "ingest.probe.zip", catalog.Args{"expected": expected})
}

// looksBinary reports bytes that text never holds: NUL, or more than a few
// C0 control characters other than tab, line breaks and form feed.
func looksBinary(b []byte) bool {
	ctl := 0
	for _, c := range b {
		switch {
		case c == 0:
			return true
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1A:
			ctl++
		}
	}
	return ctl > 0 && ctl*100 > len(b)
}

// utf8Checker validates UTF-8 across chunk boundaries.
type utf8Checker struct {
	carry [utf8.UTFMax]byte
	nc    int
	bad   bool
}

func (u *utf8Checker) write(b []byte) {
	if u.bad || len(b) == 0 {
		return
	}
	if u.nc > 0 {
		// Complete the rune cut by the previous chunk.
		need := min(len(b), utf8.UTFMax-u.nc)
		tmp := append(u.carry[:u.nc:u.nc], b[:need]...)
		r, size := utf8.DecodeRune(tmp)
		if r == utf8.RuneError && size <= 1 {
			if !utf8.FullRune(tmp) && need == len(b) {
				// Still incomplete: the chunk was tiny.
				u.nc = copy(u.carry[:], tmp)
				return
			}
			u.bad = true
			return
		}
		b = b[size-u.nc:]
		u.nc = 0
	}
	// Keep an incomplete rune at the end for the next chunk.
	cut := len(b)
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				cut = i
			}
			break
		}
	}
	if !utf8.Valid(b[:cut]) {
		u.bad = true
		return
	}
	u.nc = copy(u.carry[:], b[cut:])
}

func (u *utf8Checker) valid() bool { return !u.bad && u.nc == 0 }

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, c := range []byte(s) {
		b = append(b, c, 0)
	}
	return b
}

// unwrapPathErr drops the path from an *fs.PathError: the message already
// names the file.
func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
