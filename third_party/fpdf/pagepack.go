// Copyright ©2026 The auditor authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

// Patch 9 (not upstream): finished pages held compressed. fpdf keeps every
// page's content stream in memory until Output, uncompressed: a report of
// 4,656 pages held 130 MB of page text for the whole time it was drawn, and
// the garbage collector lets the heap grow to twice what is live. With
// SetPackPages(true) a page is compressed with S2 (klauspost/compress, fast
// in both directions, ~5× on content streams) when the next page begins,
// and unpacked only when it is written again (SetPage) or when the document
// is written, one page at a time. The document's bytes are the same: a
// page is written from exactly the content it was drawn with.

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/klauspost/compress/s2"
)

// SetPackPages holds finished pages compressed in memory (patch 9).
func (f *Fpdf) SetPackPages(on bool) { f.packPages = on }

// packPage compresses page n, which is finished, and drops its buffer.
func (f *Fpdf) packPage(n int) {
	if !f.packPages || n < 1 || n >= len(f.pages) || f.pages[n] == nil {
		return
	}
	if len(f.packed) < len(f.pages) {
		f.packed = slices.Grow(f.packed, len(f.pages)-len(f.packed))[:len(f.pages)]
	}
	// Encoded into a scratch buffer of the largest size S2 may need,
	// then copied: what s2.Encode returns keeps that whole capacity.
	src := f.pages[n].Bytes()
	if m := s2.MaxEncodedLen(len(src)); cap(f.packScratch) < m {
		f.packScratch = make([]byte, m)
	}
	f.packed[n] = bytes.Clone(s2.Encode(f.packScratch[:cap(f.packScratch)], src))
	// Patch 10: the emptied buffer is the next page's, instead of a new
	// one grown again from nothing (a layoff's 6,369 pages grew 600 MB).
	f.pages[n].Reset()
	f.spareBuf, f.pages[n] = f.pages[n], nil
}

// newPageBuf is the buffer a new page is drawn into: the last packed
// page's, emptied, when there is one (patch 10).
func (f *Fpdf) newPageBuf() *bytes.Buffer {
	if b := f.spareBuf; b != nil {
		f.spareBuf = nil
		return b
	}
	return new(bytes.Buffer)
}

// pageBuf is page n's content, unpacked (and kept unpacked) when it was
// packed.
func (f *Fpdf) pageBuf(n int) *bytes.Buffer {
	if f.pages[n] == nil {
		f.pages[n], f.packed[n] = bytes.NewBuffer(f.unpacked(nil, n)), nil
	}
	return f.pages[n]
}

// unpacked is packed page n's content, decoded into dst when it has room.
func (f *Fpdf) unpacked(dst []byte, n int) []byte {
	b, err := f.unpackedErr(dst, n)
	f.SetError(err)
	return b
}

// unpackedErr is unpacked, its error returned rather than set.
func (f *Fpdf) unpackedErr(dst []byte, n int) ([]byte, error) {
	b, err := s2.Decode(dst[:cap(dst)], f.packed[n])
	if err != nil {
		// Only this file packs pages, with s2.Encode: a failure here is a
		// bug, said as the document's error rather than a wrong page.
		return nil, fmt.Errorf("fpdf: unpacking page %d: %v", n, err)
	}
	return b, nil
}

// aliasPairs is what putpages replaces in each page, as alias and replacement
// pairs in the order applied: every alias as registered, then in UTF-16 as
// text in a UTF-8 font is written. Upstream ranged over the map, in no
// fixed order; the pairs here are sorted, so the order is the same every
// run (the two differ only for aliases that contain one another, which
// the auditor never registers).
func (f *Fpdf) aliasPairs() []string {
	keys := make([]string, 0, len(f.aliasMap))
	for k := range f.aliasMap {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	pairs := make([]string, 0, 4*len(keys))
	for mode := range 2 {
		for _, alias := range keys {
			replacement := f.aliasMap[alias]
			if mode == 1 {
				alias = utf8toutf16(alias, false)
				replacement = utf8toutf16(replacement, false)
			}
			pairs = append(pairs, alias, replacement)
		}
	}
	return pairs
}

// withAliases is page n's content with the aliases (aliasPairs) replaced.
// A packed page is unpacked, and each alias present replaced, in the
// document's two scratch buffers, turn about (patch 10); the page itself,
// packed or not, is left as it is. What it returns is valid until the next
// call, which is all putpages, its only caller, needs.
func (f *Fpdf) withAliases(n int, pairs []string) []byte {
	page, err := f.pageWithAliases(&f.unpackScratch, n, pairs)
	f.SetError(err)
	return page
}

// pageWithAliases is withAliases in the scratch buffers sc, the error of
// unpacking returned rather than set (patch 11: putpages's second
// goroutine calls it too). It reads only page n and pairs.
func (f *Fpdf) pageWithAliases(sc *[2][]byte, n int, pairs []string) ([]byte, error) {
	var page []byte
	if f.pages[n] != nil {
		page = f.pages[n].Bytes()
	} else {
		var err error
		sc[0], err = f.unpackedErr(sc[0], n)
		if err != nil {
			return nil, err
		}
		page = sc[0]
	}
	for i := 0; i < len(pairs); i += 2 {
		if bytes.Contains(page, []byte(pairs[i])) {
			sc[1] = replaceAll(sc[1][:0], page, []byte(pairs[i]), []byte(pairs[i+1]))
			sc[0], sc[1] = sc[1], sc[0]
			page = sc[0]
		}
	}
	return page, nil
}

// replaceAll appends s to dst with every old replaced by new, as
// bytes.ReplaceAll returns it.
func replaceAll(dst, s, old, new []byte) []byte {
	for {
		i := bytes.Index(s, old)
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(append(dst, s[:i]...), new...)
		s = s[i+len(old):]
	}
}
