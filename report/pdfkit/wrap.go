package pdfkit

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Wrap splits text into lines that fit w mm in the current face. It breaks
// after spaces, between CJK characters (never before a closing or after an
// opening punctuation mark) and after / and -; a token with no such place
// (a hash, a long id) is broken where it reaches the edge, so nothing ever
// runs out of its cell. A line break in text always breaks the line. fpdf's
// own SplitText is not used: it drops the Han character at which it breaks
// a line.
func (d *Doc) Wrap(text string, w float64) []string {
	wmax := w - 2*d.F.GetCellMargin()
	if !utf8.ValidString(text) {
		// Each byte that is not UTF-8 drawn as U+FFFD, as []rune has it.
		text = string([]rune(text))
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	// Lines are pieces of text, not copies: a layoff's PDF wraps a cell or
	// two for every one of 50,000 leavers (issue 24).
	var out []string
	for {
		para, rest, more := strings.Cut(text, "\n")
		if !more && out == nil {
			return wrapLine(para, wmax, d.runeWidth)
		}
		out = append(out, wrapLine(para, wmax, d.runeWidth)...)
		if !more {
			return out
		}
		text = rest
	}
}

// wrapLine breaks one paragraph, valid UTF-8, into lines no wider than
// wmax, each character as wide as width says.
func wrapLine(s string, wmax float64, width func(rune) float64) []string {
	var lines []string
	start, brk := 0, -1
	used := 0.0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		cw := width(r)
		if used+cw > wmax+1e-9 && i > start {
			end := brk
			if end <= start {
				end = i
			}
			lines = append(lines, strings.TrimRight(s[start:end], " "))
			for end < len(s) && s[end] == ' ' {
				end++
			}
			start, brk, used = end, -1, 0
			i = start
			continue
		}
		used += cw
		if i+n < len(s) {
			if next, _ := utf8.DecodeRuneInString(s[i+n:]); canBreak(r, next) {
				brk = i + n
			}
		}
		i += n
	}
	if start < len(s) || len(lines) == 0 {
		lines = append(lines, s[start:])
	}
	return lines
}

// runeWidth is the width of r in mm in the current face, cached per face.
func (d *Doc) runeWidth(r rune) float64 {
	if w, ok := d.widths.get(d.bold, r); ok {
		return w * d.size
	}
	w := d.StrWidth(string(r)) / d.size
	d.widths.put(d.bold, r, w)
	return w * d.size
}

// widthCache holds a document's widths of characters at size 1, for each
// face: ASCII in arrays, the rest in a map with an integer key (a map keyed
// on a struct hashed every look-up, a twentieth of a handover sheet's CPU).
type widthCache struct {
	ascii [2][128]float64
	known [2][128]bool
	other map[widthKey]float64
}

// widthKey is a character (bits 1–31) in a face (bit 0: bold).
type widthKey uint32

func faceIndex(bold bool) int {
	if bold {
		return 1
	}
	return 0
}

func (c *widthCache) get(bold bool, r rune) (float64, bool) {
	b := faceIndex(bold)
	if r >= 0 && r < 128 {
		return c.ascii[b][r], c.known[b][r]
	}
	w, ok := c.other[widthKey(uint32(r)<<1|uint32(b))]
	return w, ok
}

func (c *widthCache) put(bold bool, r rune, w float64) {
	b := faceIndex(bold)
	if r >= 0 && r < 128 {
		c.ascii[b][r], c.known[b][r] = w, true
		return
	}
	c.other[widthKey(uint32(r)<<1|uint32(b))] = w
}

// canBreak reports whether a line may end between a and b.
func canBreak(a, b rune) bool {
	switch {
	case a == ' ':
		return b != ' '
	case b == ' ', noLineStart(b), noLineEnd(a):
		return false
	case wide(a) || wide(b):
		return true
	case a == '/' || a == '-':
		return true
	}
	return false
}

// wide is a character a Chinese line may break around.
func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x30ff) || (r >= 0xff00 && r <= 0xffef)
}

// noLineStart and noLineEnd are the marks a line may not start or end
// with (the closing and opening punctuation of Chinese and English).
func noLineStart(r rune) bool {
	return !alnum(r) && strings.ContainsRune("，。、；：？！）》」』】〉”’,.;:!?)]}%…", r)
}
func noLineEnd(r rune) bool {
	return !alnum(r) && strings.ContainsRune("（《「『【〈“‘([{", r)
}

// alnum is an ASCII letter or digit: none of the marks above, answered
// without searching them (most of what a sheet wraps).
func alnum(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
}
