// Copyright ©2026 The auditor authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"sync"
)

// The CIDToGIDMap of a UTF-8 font is 65,536 big-endian glyph numbers, one
// for each character code, nearly all zero: a document uses a few hundred
// characters. Making the 128 KB map and deflating it cost a document more
// than everything else in the map's object. compressCIDToGIDMap writes the
// zlib stream of the same map straight from the codes used (patch 6,
// PATCHES.md): one deflate block with Huffman codes made for such maps
// (cidMapCodes), the glyph numbers' bytes as literals and every run of
// zeros as a zero literal followed by matches at distance 1. Its cost
// depends on the number of codes, not on the size of the map. The stream
// inflates to exactly the bytes the map would hold.

// compressCIDToGIDMap returns the zlib stream of the CIDToGIDMap of
// codeGlyph (character code → glyph number), and false when a code lies
// outside the map (the caller then builds the map as upstream does and
// fails as it did).
func compressCIDToGIDMap(codeGlyph map[int]int) ([]byte, bool) {
	const mapLen = 256 * 256 * 2
	codes := make([]int, 0, len(codeGlyph))
	for cc := range codeGlyph {
		if cc < 0 || cc*2+1 >= mapLen {
			return nil, false
		}
		codes = append(codes, cc)
	}
	slices.Sort(codes)

	var z cidMapDeflate
	z.codes = cidMapLitLen()
	z.out = make([]byte, 0, 2+len(codes)*5+512+4)
	// zlib header: deflate, 32 KB window, no dictionary, fastest level.
	z.out = append(z.out, 0x78, 0x01)
	z.adlerA, z.adlerB = 1, 0
	for _, h := range cidMapHeader() { // BFINAL, BTYPE 10, the code lengths
		z.bits(h.v, h.n)
	}
	pos := 0 // bytes of the map written
	for _, cc := range codes {
		glyph := codeGlyph[cc]
		z.zeros(cc*2 - pos)
		z.byte(byte(glyph >> 8))
		z.byte(byte(glyph & 0xFF))
		pos = cc*2 + 2
	}
	z.zeros(mapLen - pos)
	z.flushZeros()
	z.symbol(256) // end of block
	z.flushBits()
	return binary.BigEndian.AppendUint32(z.out, z.adlerB<<16|z.adlerA), true
}

// cidMapDeflate writes one deflate block of bytes and runs of zeros with
// the codes of cidMapCodes, and their Adler-32.
type cidMapDeflate struct {
	codes          *[286]huffCode
	out            []byte
	acc            uint64 // bits not yet in out, the first in the lowest bit
	n              uint   // number of bits in acc
	pending        int    // zeros not yet written
	prevZero       bool   // the last byte written is a zero
	adlerA, adlerB uint32
}

const adlerMod = 65521

func (z *cidMapDeflate) bits(v uint64, n uint) {
	z.acc |= v << z.n
	z.n += n
	for z.n >= 8 {
		z.out = append(z.out, byte(z.acc))
		z.acc >>= 8
		z.n -= 8
	}
}

func (z *cidMapDeflate) flushBits() {
	if z.n > 0 {
		z.out = append(z.out, byte(z.acc))
	}
	z.acc, z.n = 0, 0
}

// symbol writes a literal/length symbol.
func (z *cidMapDeflate) symbol(s int) {
	c := z.codes[s]
	z.bits(uint64(c.code), uint(c.n))
}

// zeros adds n zero bytes to the map.
func (z *cidMapDeflate) zeros(n int) {
	if n <= 0 {
		return
	}
	z.pending += n
	z.adlerB = uint32((uint64(z.adlerB) + uint64(n)%adlerMod*uint64(z.adlerA)) % adlerMod)
}

// byte adds one byte to the map.
func (z *cidMapDeflate) byte(b byte) {
	if b == 0 {
		z.zeros(1)
		return
	}
	z.flushZeros()
	z.symbol(int(b))
	z.prevZero = false
	z.adlerA = (z.adlerA + uint32(b)) % adlerMod
	z.adlerB = (z.adlerB + z.adlerA) % adlerMod
}

// lengthCodes are the first length of each length symbol from 257 on,
// with its number of extra bits (RFC 1951, 3.2.5).
var lengthCodes = [...]struct{ base, extra int }{
	{3, 0}, {4, 0}, {5, 0}, {6, 0}, {7, 0}, {8, 0}, {9, 0}, {10, 0},
	{11, 1}, {13, 1}, {15, 1}, {17, 1}, {19, 2}, {23, 2}, {27, 2}, {31, 2},
	{35, 3}, {43, 3}, {51, 3}, {59, 3}, {67, 4}, {83, 4}, {99, 4}, {115, 4},
	{131, 5}, {163, 5}, {195, 5}, {227, 5}, {258, 0},
}

// flushZeros writes the pending zeros: a literal zero unless the byte
// before them is one, then matches of the byte before (distance 1), and
// literals for the last one or two a match cannot take.
func (z *cidMapDeflate) flushZeros() {
	n := z.pending
	z.pending = 0
	if n == 0 {
		return
	}
	if !z.prevZero {
		z.symbol(0)
		z.prevZero = true
		n--
	}
	for n >= 3 {
		l := min(n, 258)
		if n-l > 0 && n-l < 3 {
			l = n - 3 // leave a run a match can take
		}
		i := len(lengthCodes) - 1
		for lengthCodes[i].base > l {
			i--
		}
		z.symbol(257 + i)
		if e := lengthCodes[i].extra; e > 0 {
			z.bits(uint64(l-lengthCodes[i].base), uint(e))
		}
		z.bits(0, 1) // distance code 0 (of two, one bit each): distance 1
		n -= l
	}
	for ; n > 0; n-- {
		z.symbol(0)
	}
}

// huffCode is a Huffman code as written: bit-reversed, n bits long.
type huffCode struct {
	code uint16
	n    uint8
}

// headerBits is a value of n bits in the block header.
type headerBits struct {
	v uint64
	n uint
}

// The codes of a CIDToGIDMap's block (RFC 1951, 3.2.7), a complete prefix
// code each. Literal/length: the zero byte and a match of 258 two bits,
// the other lengths 7, the bytes 1–31 and the end of block 9, the bytes
// 32–255 10. Distance: codes 0 and 1, one bit each (only 0, distance 1, is
// used). The code lengths are themselves coded with 9 and 10 and 7 in two
// bits, 2 and 1 in three.
var (
	cidMapOnce   sync.Once
	cidMapLit    [286]huffCode
	cidMapHeadBs []headerBits
)

func cidMapLitLen() *[286]huffCode { cidMapOnce.Do(cidMapCodes); return &cidMapLit }
func cidMapHeader() []headerBits   { cidMapOnce.Do(cidMapCodes); return cidMapHeadBs }

func cidMapCodes() {
	var lit [286]uint8
	for s := range lit {
		switch {
		case s == 0 || s == 285:
			lit[s] = 2
		case s > 256:
			lit[s] = 7
		case s < 32 || s == 256:
			lit[s] = 9
		default:
			lit[s] = 10
		}
	}
	dist := []uint8{1, 1}
	copy(cidMapLit[:], canonicalCodes(lit[:]))

	// The code length code, over the lengths 0–18.
	var clen [19]uint8
	clen[9], clen[10], clen[7] = 2, 2, 2
	clen[2], clen[1] = 3, 3
	cl := canonicalCodes(clen[:])
	order := [...]int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
	hclen := len(order)
	for clen[order[hclen-1]] == 0 {
		hclen--
	}
	h := []headerBits{{1, 1}, {2, 2}, {uint64(len(lit) - 257), 5}, {uint64(len(dist) - 1), 5}, {uint64(hclen - 4), 4}}
	for _, c := range order[:hclen] {
		h = append(h, headerBits{uint64(clen[c]), 3})
	}
	for _, l := range append(lit[:], dist...) {
		h = append(h, headerBits{uint64(cl[l].code), uint(cl[l].n)})
	}
	cidMapHeadBs = h
}

// canonicalCodes gives the symbols with lengths their canonical Huffman
// codes (RFC 1951, 3.2.2), bit-reversed for writing.
func canonicalCodes(lengths []uint8) []huffCode {
	var count [16]int
	for _, l := range lengths {
		if l > 0 {
			count[l]++
		}
	}
	var next [16]int
	code := 0
	for b := 1; b < 16; b++ {
		code = (code + count[b-1]) << 1
		if b == 1 {
			code = 0
		}
		next[b] = code
	}
	codes := make([]huffCode, len(lengths))
	for s, l := range lengths {
		if l == 0 {
			continue
		}
		codes[s] = huffCode{bits.Reverse16(uint16(next[l])) >> (16 - l), l}
		next[l]++
	}
	return codes
}
