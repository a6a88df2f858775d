// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"maps"
	"slices"
	"sync"
)

// utf8FontCacheSize is how many fonts utf8FontCache keeps: a program adds a
// handful of faces, each to many documents. The least recently used goes
// first. An entry keeps its bytes and about 1 MB of tables (more for a
// large CJK font) alive, so the cache stays small.
const utf8FontCacheSize = 4

// utf8FontCache keeps, process-wide, what AddUTF8FontFromBytes derives from
// the font bytes alone: the parsed font file and the font definition with
// its id. Parsing a large TrueType file (the widths of 65,536 runes) and
// hashing the JSON of the definition for its id took most of the time of a
// small document when every document did it again.
//
// A font is known by the identity of its bytes (the address of the first
// byte and the length) and its key (family and style). An entry holds the
// bytes, so their address cannot be reused for other bytes while it lives.
// The bytes must not be modified after they are added, which a document
// already requires until it is written.
//
// Entries are read-only once made. A document gets the definition by value,
// its own usedRunes, and its own copy of the parsed file (utf8FontFile.clone)
// since writing the subset changes the file's state; the widths (Cw) are
// shared, nothing writes into them.
var utf8FontCache utf8FontCacheType

type utf8FontCacheType struct {
	sync.Mutex
	entries []*utf8FontParsed // most recently used last
}

type utf8FontCacheKey struct {
	first   *byte
	size    int
	fontkey string
}

// utf8FontParsed is a font as AddUTF8FontFromBytes parses it.
type utf8FontParsed struct {
	key   utf8FontCacheKey
	bytes []byte        // keeps key.first from being reused
	file  *utf8FontFile // as parseFile left it; only ever cloned
	def   fontDefType   // without utf8File and usedRunes; i is set
	err   error         // from parseFile
}

// parsedUTF8Font returns the font utf8Bytes holds, registered as fontkey,
// from the cache or parsed and then cached.
func parsedUTF8Font(fontkey string, utf8Bytes []byte) *utf8FontParsed {
	if len(utf8Bytes) == 0 {
		return parseUTF8Font(fontkey, utf8Bytes)
	}
	key := utf8FontCacheKey{first: &utf8Bytes[0], size: len(utf8Bytes), fontkey: fontkey}
	c := &utf8FontCache
	c.Lock()
	if p := c.get(key); p != nil {
		c.Unlock()
		return p
	}
	c.Unlock()

	// Parsed outside the lock, so that documents with other fonts need not
	// wait; two documents may parse the same font at once, and the first
	// to finish gives the entry to both.
	p := parseUTF8Font(fontkey, utf8Bytes)
	p.key, p.bytes = key, utf8Bytes
	c.Lock()
	defer c.Unlock()
	if q := c.get(key); q != nil {
		return q
	}
	if len(c.entries) == utf8FontCacheSize {
		c.entries[0] = nil
		c.entries = c.entries[1:]
	}
	c.entries = append(c.entries, p)
	return p
}

// get returns the entry for key and makes it the most recently used, or
// nil. The caller holds the lock.
func (c *utf8FontCacheType) get(key utf8FontCacheKey) *utf8FontParsed {
	for i, p := range c.entries {
		if p.key == key {
			copy(c.entries[i:], c.entries[i+1:])
			c.entries[len(c.entries)-1] = p
			return p
		}
	}
	return nil
}

// parseUTF8Font parses utf8Bytes as AddUTF8FontFromBytes always did.
func parseUTF8Font(fontkey string, utf8Bytes []byte) *utf8FontParsed {
	reader := fileReader{readerPosition: 0, array: utf8Bytes}
	utf8File := newUTF8Font(&reader)
	err := utf8File.parseFile()
	if err != nil {
		return &utf8FontParsed{err: err}
	}
	desc := FontDescType{
		Ascent:       int(utf8File.Ascent),
		Descent:      int(utf8File.Descent),
		CapHeight:    utf8File.CapHeight,
		Flags:        utf8File.Flags,
		FontBBox:     utf8File.Bbox,
		ItalicAngle:  utf8File.ItalicAngle,
		StemV:        utf8File.StemV,
		MissingWidth: round(utf8File.DefaultWidth),
	}
	def := fontDefType{
		Tp:   "UTF8",
		Name: fontkey,
		Desc: desc,
		Up:   int(round(utf8File.UnderlinePosition)),
		Ut:   round(utf8File.UnderlineThickness),
		Cw:   utf8File.CharWidths,
	}
	// The id hashes the exported fields only, so it is the same with the
	// document's utf8File and usedRunes set.
	def.i, _ = generateFontID(def)
	utf8File.cutBase = new(utf8CutBase)
	return &utf8FontParsed{file: utf8File, def: def}
}

// utf8CutBase is what GenerateCutFont reads of a font before it looks at
// the runes a document used: the rune to glyph map, the widths and the
// glyph offsets, which depend on the bytes alone. The copies of a cached
// font share one, made by the first document written and read-only after.
type utf8CutBase struct {
	once                 sync.Once
	ok                   bool
	charSymbolDictionary map[int]int
	charWidths           []int
	defaultWidth         float64
	symbolPosition       []int
}

// load sets what b holds in utf, reading it from utf first if no document
// has yet, as GenerateCutFont does. It reports false when the font could
// not be read (no Unicode cmap, or a panic): GenerateCutFont then reads it
// again, and fails, as it always did.
func (b *utf8CutBase) load(utf *utf8FontFile, metricsCount, numSymbols, locaFormat int) bool {
	b.once.Do(func() {
		symbolCharDictionary := utf.generateCMAP()
		if symbolCharDictionary == nil {
			return
		}
		utf.parseHMTXTable(metricsCount, numSymbols, symbolCharDictionary, 1.0)
		utf.parseLOCATable(locaFormat, numSymbols)
		b.charSymbolDictionary = utf.charSymbolDictionary
		b.charWidths = utf.CharWidths
		b.defaultWidth = utf.DefaultWidth
		b.symbolPosition = utf.symbolPosition
		b.ok = true
	})
	if !b.ok {
		return false
	}
	utf.charSymbolDictionary = b.charSymbolDictionary
	utf.CharWidths = b.charWidths
	utf.DefaultWidth = b.defaultWidth
	utf.symbolPosition = b.symbolPosition
	return true
}

// clone returns a copy of utf that shares nothing fpdf changes: writing a
// document's subset (GenerateCutFont) moves the reader and remakes the
// tables and dictionaries. The font bytes and CharWidths are shared: no
// code writes into either (GenerateCutFont makes new widths). So is cutBase,
// on purpose.
func (utf *utf8FontFile) clone() *utf8FontFile {
	c := *utf
	reader := *utf.fileReader
	c.fileReader = &reader
	if utf.tableDescriptions != nil {
		c.tableDescriptions = make(map[string]*tableDescription, len(utf.tableDescriptions))
		for name, d := range utf.tableDescriptions {
			dc := *d
			dc.checksum = slices.Clone(d.checksum)
			c.tableDescriptions[name] = &dc
		}
	}
	c.outTablesData = maps.Clone(utf.outTablesData)
	c.symbolPosition = slices.Clone(utf.symbolPosition)
	c.charSymbolDictionary = maps.Clone(utf.charSymbolDictionary)
	if utf.symbolData != nil {
		c.symbolData = make(map[int]map[string][]int, len(utf.symbolData))
		for k, m := range utf.symbolData {
			mc := make(map[string][]int, len(m))
			for name, s := range m {
				mc[name] = slices.Clone(s)
			}
			c.symbolData[k] = mc
		}
	}
	c.CodeSymbolDictionary = maps.Clone(utf.CodeSymbolDictionary)
	return &c
}
