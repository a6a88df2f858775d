// Copyright ©2026 The auditor authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"math/rand/v2"
	"testing"
)

// TestCompressCIDToGIDMap: the stream inflates (compress/zlib checks the
// Adler-32 too) to exactly the map upstream builds, for maps empty, full,
// sparse, with zero bytes in the glyph numbers and codes at both ends.
func TestCompressCIDToGIDMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []map[int]int{
		{},
		{0: 0},
		{0: 1},
		{65535: 0xFFFF},
		{1: 0x100, 2: 0x001, 3: 0, 300: 5, 301: 0x0500},
	}
	full := map[int]int{}
	for cc := range 65536 {
		full[cc] = rng.IntN(65536)
	}
	cases = append(cases, full)
	for _, n := range []int{1, 10, 300, 3000, 30000} {
		m := map[int]int{}
		for range n {
			m[rng.IntN(65536)] = rng.IntN(1 << rng.IntN(17))
		}
		cases = append(cases, m)
	}
	for i, m := range cases {
		want := make([]byte, 256*256*2)
		for cc, glyph := range m {
			want[cc*2] = byte(glyph >> 8)
			want[cc*2+1] = byte(glyph & 0xFF)
		}
		z, ok := compressCIDToGIDMap(m)
		if !ok {
			t.Fatalf("case %d: not compressed", i)
		}
		r, err := zlib.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		got, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("case %d (%d codes): inflates to other bytes", i, len(m))
		}
		again, _ := compressCIDToGIDMap(m)
		if !bytes.Equal(again, z) {
			t.Fatalf("case %d: not the same bytes twice", i)
		}
	}
	if _, ok := compressCIDToGIDMap(map[int]int{65536: 1}); ok {
		t.Fatal("a code past the map compressed")
	}
	if _, ok := compressCIDToGIDMap(map[int]int{-1: 1}); ok {
		t.Fatal("a negative code compressed")
	}
}

func BenchmarkCompressCIDToGIDMap(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	m := map[int]int{}
	for range 400 {
		m[rng.IntN(40000)] = rng.IntN(400)
	}
	for b.Loop() {
		compressCIDToGIDMap(m)
	}
}

func BenchmarkCIDToGIDMapUpstream(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	m := map[int]int{}
	for range 400 {
		m[rng.IntN(40000)] = rng.IntN(400)
	}
	for b.Loop() {
		cidToGidMap := make([]byte, 256*256*2)
		for cc, glyph := range m {
			cidToGidMap[cc*2] = byte(glyph >> 8)
			cidToGidMap[cc*2+1] = byte(glyph & 0xFF)
		}
		xmem.compress(cidToGidMap).release()
	}
}
