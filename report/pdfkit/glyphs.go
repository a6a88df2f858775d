package pdfkit

import (
	"encoding/binary"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/wecom-audit/auditor/third_party/fpdf"

	"github.com/wecom-audit/auditor/report/fonts"
)

// The PDF's font can only draw what its character map holds, and fpdf reads
// the Basic Multilingual Plane part of that map only: a character beyond
// U+FFFF (an emoji in a WeChat nickname, a rare CJK character such as 𠀀)
// indexes past fpdf's width table and panics, and one the font lacks is an
// invisible gap. Drawable replaces both with a visible placeholder in the
// PDF only; the workbook and the JSON keep the text as written, so nothing
// is lost (the placeholder says "look in the workbook").

// Placeholder stands for a character the PDF cannot draw: a white
// square, the "tofu" readers know as "a character the font lacks". The
// embedded font has it (TestGlyphPlaceholderDrawable); it has no U+FFFD.
const Placeholder = '□'

// glyphSet is a bitset of the BMP code points a face maps to a glyph.
type glyphSet [65536 / 64]uint64

func (g *glyphSet) has(r rune) bool {
	return r >= 0 && r <= 0xFFFF && g[r>>6]&(1<<(uint(r)&63)) != 0
}

func (g *glyphSet) add(lo, hi uint32) {
	for c := lo; c <= hi && c <= 0xFFFF; c++ {
		g[c>>6] |= 1 << (c & 63)
	}
}

var (
	glyphsOnce sync.Once
	// glyphs is what the font can draw (bold is the same face, stroked).
	glyphs glyphSet
)

func drawableSet() *glyphSet {
	glyphsOnce.Do(func() {
		glyphs = *cmapBMP(fonts.Regular())
	})
	return &glyphs
}

// Warm inflates the embedded font and reads its character map now, once
// per process, as the first document would: a caller that will draw a PDF
// later runs it in the background while it does other work (issue 24).
func Warm() { drawableSet() }

// Drawable returns s with every character the embedded font cannot draw
// replaced by Placeholder, invalid UTF-8 and control characters
// included (line breaks and tabs are kept for the wrapper). Text that needs
// no change is returned as it is, without allocating.
func Drawable(s string) string {
	set := drawableSet()
	ok := true
	for _, r := range s {
		if !keepRune(set, r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if keepRune(set, r) {
			b.WriteRune(r)
		} else {
			b.WriteRune(Placeholder)
		}
	}
	return b.String()
}

func keepRune(set *glyphSet, r rune) bool {
	switch {
	case r == '\n' || r == '\t' || r == ' ':
		return true
	case r == utf8.RuneError:
		return false // invalid UTF-8 (or U+FFFD itself, which the font lacks)
	case r < 0x20 || (r >= 0x7f && r < 0xa0):
		return false
	}
	return set.has(r)
}

// cmapBMP reads the format 4 (BMP) subtable of a TrueType font's cmap, the
// one fpdf itself uses. A font it cannot read yields an empty set, so that
// every character becomes a placeholder rather than a panic.
func cmapBMP(font []byte) *glyphSet {
	set := new(glyphSet)
	u16 := func(off int) (int, bool) {
		if off < 0 || off+2 > len(font) {
			return 0, false
		}
		return int(binary.BigEndian.Uint16(font[off:])), true
	}
	u32 := func(off int) (int, bool) {
		if off < 0 || off+4 > len(font) {
			return 0, false
		}
		return int(binary.BigEndian.Uint32(font[off:])), true
	}
	n, ok := u16(4)
	if !ok {
		return set
	}
	cmap := -1
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		tag := ""
		if rec+4 <= len(font) {
			tag = string(font[rec : rec+4])
		}
		if tag == "cmap" {
			cmap, _ = u32(rec + 8)
			break
		}
	}
	if cmap < 0 {
		return set
	}
	tables, ok := u16(cmap + 2)
	if !ok {
		return set
	}
	sub := -1
	for i := 0; i < tables; i++ {
		pid, _ := u16(cmap + 4 + 8*i)
		eid, _ := u16(cmap + 4 + 8*i + 2)
		off, _ := u32(cmap + 4 + 8*i + 4)
		if f, _ := u16(cmap + off); f == 4 && ((pid == 3 && eid == 1) || pid == 0) {
			sub = cmap + off
			if pid == 3 {
				break
			}
		}
	}
	if sub < 0 {
		return set
	}
	segX2, ok := u16(sub + 6)
	if !ok {
		return set
	}
	ends := sub + 14
	starts := ends + segX2 + 2
	deltas := starts + segX2
	ranges := deltas + segX2
	for i := 0; i < segX2/2; i++ {
		end, ok1 := u16(ends + 2*i)
		start, ok2 := u16(starts + 2*i)
		delta, ok3 := u16(deltas + 2*i)
		ro, ok4 := u16(ranges + 2*i)
		if !ok1 || !ok2 || !ok3 || !ok4 || start > end {
			continue
		}
		if ro == 0 {
			for c := start; c <= end; c++ {
				if (c+delta)&0xFFFF != 0 {
					set.add(uint32(c), uint32(c))
				}
			}
			continue
		}
		for c := start; c <= end; c++ {
			g, ok := u16(ranges + 2*i + ro + 2*(c-start))
			if ok && g != 0 && (g+delta)&0xFFFF != 0 {
				set.add(uint32(c), uint32(c))
			}
		}
	}
	return set
}

// CutFont is the embedded font cut down to the characters of set (fpdf
// then parses a fraction of it): what a document embeds of it is the same
// subset of the same glyphs as of the whole font. A character set lacks is
// drawn as nothing, so a caller keeps count of what it drew (Doc.Drawn).
func CutFont(set string) []byte { return fpdf.UTF8CutFont(fonts.Regular(), set) }
