// Copyright ©2026 The auditor authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

// Patch 11 (not upstream): a second goroutine while the document is
// written. putpages deflated every page and then putfonts cut each UTF-8
// font (GenerateCutFont) and deflated the subset, all on the goroutine
// that writes the document; none of it depends on the rest. A page's
// content names characters (UTF-16, Identity-H), never the subset's glyph
// numbers, and putpages reads nothing of a font.
//
// putpages now starts one goroutine, once the characters used and the
// aliases are final, that cuts and deflates every UTF-8 font's subset and
// then deflates pages from the last one down, while putpages deflates
// pages from the first one up; the two meet in the middle. putpages
// writes every page in order, waiting for the goroutine to finish when it
// reaches the first page the goroutine took, and putfonts takes the
// subsets: the same bytes in the same order under the same object
// numbers as before.

import (
	"bytes"
	"slices"
	"sync"
)

// cutAhead is whether putpages starts the goroutine; tests turn it off to
// write a document as it was written before this patch.
var cutAhead = true

// utf8Cut is a UTF-8 font's subset as putfonts embeds it.
type utf8Cut struct {
	size int        // the subset's length, uncompressed (/Length1)
	mem  *membuffer // the subset, deflated
}

// aheadPage is a page's content as putpages writes it, deflated: a copy
// of its size, so that the pages held wait in as little memory as they
// can, and the goroutine deflates every page into the same buffer.
type aheadPage struct {
	data []byte
	err  error // from unpacking the page, said when the page is written
}

// ahead is the goroutine's work. It writes cuts, pages[n] for the pages
// it claims and panicked, then closes done; the writing goroutine reads
// them only after done is closed. It claims pages under mu.
type ahead struct {
	done     chan struct{}
	cuts     map[string]*utf8Cut // by font key
	pages    []aheadPage         // by page number, those it deflated
	panicked any                 // what the goroutine panicked with, if it did

	mu     sync.Mutex
	lo, hi int // the pages neither has claimed: lo to hi
}

// cutUTF8 cuts font's subset and deflates it: upstream's code from
// putfonts, which used it right there. It changes the font's usedRunes
// (0 deleted) and its utf8File (the cut's tables, CodeSymbolDictionary
// without 0), as it always did.
func cutUTF8(font fontDefType) *utf8Cut {
	usedRunes := font.usedRunes
	delete(usedRunes, 0)
	stream := font.utf8File.GenerateCutFont(usedRunes)
	delete(font.utf8File.CodeSymbolDictionary, 0)
	return &utf8Cut{size: len(stream), mem: xmem.compress(stream)}
}

// startAhead starts the goroutine (putpages, once the aliases are final;
// no text can be drawn any more). It touches each UTF-8 font's usedRunes
// and utf8File, and reads the pages it claims (f.pages[n] or f.packed[n])
// with its own scratch buffers. Nothing else reads the fonts until
// putfonts has waited for it, and putpages releases a page it took
// (f.pages[n] = nil) only when the goroutine is done.
func (f *Fpdf) startAhead(pairs []string) {
	if !cutAhead {
		return
	}
	var keys []string
	for key, font := range f.fonts {
		if font.Tp == "UTF8" {
			keys = append(keys, key)
		}
	}
	nb := 0 // pages it may deflate: none when pages are not compressed
	if f.compress {
		nb = f.page
	}
	if len(keys) == 0 && nb < 2 {
		return
	}
	slices.Sort(keys)
	fonts := make([]fontDefType, len(keys))
	for i, key := range keys {
		fonts[i] = f.fonts[key]
	}
	a := &ahead{
		done:  make(chan struct{}),
		cuts:  make(map[string]*utf8Cut, len(keys)),
		pages: make([]aheadPage, nb+1),
		lo:    1,
		hi:    nb,
	}
	f.ahead = a
	go func() {
		defer close(a.done)
		defer func() {
			if p := recover(); p != nil {
				a.panicked = p
			}
		}()
		for i, key := range keys {
			a.cuts[key] = cutUTF8(fonts[i])
		}
		var sc [2][]byte
		for {
			a.mu.Lock()
			n := a.hi
			claimed := n >= a.lo
			if claimed {
				a.hi--
			}
			a.mu.Unlock()
			if !claimed {
				return
			}
			page, err := f.pageWithAliases(&sc, n, pairs)
			mem := xmem.compress(page)
			a.pages[n] = aheadPage{data: bytes.Clone(mem.bytes()), err: err}
			mem.release()
		}
	}()
}

// aheadPage is page n deflated by the goroutine, when it claimed the
// page, waiting for it; ok is false when putpages is to deflate the page
// itself (and has claimed it). A panic of the goroutine is raised here.
func (f *Fpdf) aheadPage(n int) (p aheadPage, ok bool) {
	a := f.ahead
	if a == nil {
		return p, false
	}
	a.mu.Lock()
	mine := n <= a.hi
	if mine {
		a.lo = n + 1
	}
	a.mu.Unlock()
	if mine {
		return p, false
	}
	<-a.done
	if a.panicked != nil {
		panic(a.panicked)
	}
	p = a.pages[n]
	a.pages[n] = aheadPage{}
	return p, true
}

// utf8Cut is font key's subset, cut: the one the goroutine made, once it
// is done, or, when it made none, cut now. A panic of the goroutine is
// raised here, where putfonts used to raise it.
func (f *Fpdf) utf8Cut(key string, font fontDefType) *utf8Cut {
	if a := f.ahead; a != nil {
		<-a.done
		if a.panicked != nil {
			panic(a.panicked)
		}
		if cut, ok := a.cuts[key]; ok {
			delete(a.cuts, key)
			return cut
		}
	}
	return cutUTF8(font)
}

// waitAhead waits for the goroutine, if any, and releases what was not
// written (enddoc stopped on an error, or a panic). A panic of the
// goroutine is dropped then: upstream would not have got that far.
func (f *Fpdf) waitAhead() {
	a := f.ahead
	if a == nil {
		return
	}
	<-a.done
	for _, cut := range a.cuts {
		cut.mem.release()
	}
	f.ahead = nil
}
