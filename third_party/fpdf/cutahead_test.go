// Copyright ©2026 The auditor authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wecom-audit/auditor/report/fonts"
)

// cutAheadDoc draws a document with two UTF-8 fonts (the same file under
// two styles), a core font and the page-count alias on every page; with
// utf8 false, the core font alone.
func cutAheadDoc(compress, utf8 bool) *Fpdf {
	stamp := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	f := New("P", "mm", "A4", "")
	f.SetPackPages(true)
	f.SetCompression(compress)
	f.SetCatalogSort(true)
	f.SetCreationDate(stamp)
	f.SetModificationDate(stamp)
	f.AliasNbPages("{nb}")
	regular, bold := "wenkai", "wenkai"
	if utf8 {
		font := fonts.Regular()
		f.AddUTF8FontFromBytes("wenkai", "", font)
		f.AddUTF8FontFromBytes("wenkai", "B", font)
	} else {
		regular, bold = "Times", "Times"
	}
	f.SetFooterFunc(func() {
		f.SetY(-15)
		f.SetFont(regular, "", 8)
		f.CellFormat(0, 10, "第 "+strconv.Itoa(f.PageNo())+" 页，共 {nb} 页", "", 0, "C", false, 0, "")
	})
	for p := range 12 {
		f.AddPage()
		for l := range 20 {
			switch l % 3 {
			case 0:
				f.SetFont(regular, "", 10)
				f.CellFormat(0, 6, "离职成员 王堃 喆玥 page "+strconv.Itoa(p+1)+" line "+strconv.Itoa(l), "", 1, "", false, 0, "")
			case 1:
				f.SetFont(bold, "B", 12)
				f.CellFormat(0, 6, strings.Repeat("交接", p+1)+" 昇犇燚", "", 1, "", false, 0, "")
			default:
				f.SetFont("Helvetica", "", 9)
				f.CellFormat(0, 6, "core font, line "+strconv.Itoa(l), "", 1, "", false, 0, "")
			}
		}
	}
	return f
}

// withCutAhead runs fn with cutAhead set to on.
func withCutAhead(on bool, fn func()) {
	defer func(was bool) { cutAhead = was }(cutAhead)
	cutAhead = on
	fn()
}

// TestCutAheadSameBytes: a document whose UTF-8 fonts are cut, and
// pages from the last one down deflated, on a second goroutine (patch 11)
// is byte for byte the document written on one, with and without UTF-8
// fonts, compressed or not; written several times, as the two goroutines
// meet at another page each time.
func TestCutAheadSameBytes(t *testing.T) {
	for _, utf8 := range []bool{true, false} {
		for _, compress := range []bool{true, false} {
			var want bytes.Buffer
			withCutAhead(false, func() {
				if err := cutAheadDoc(compress, utf8).Output(&want); err != nil {
					t.Fatal(err)
				}
			})
			fonts := 0
			if utf8 {
				fonts = 2
			}
			if n := bytes.Count(want.Bytes(), []byte("/FontFile2 ")); n != fonts {
				t.Errorf("utf8 %v: %d embedded UTF-8 fonts, want %d", utf8, n, fonts)
			}
			for range 4 {
				var got bytes.Buffer
				f := cutAheadDoc(compress, utf8)
				if err := f.Output(&got); err != nil {
					t.Fatal(err)
				}
				if f.ahead != nil {
					t.Errorf("utf8 %v, compress %v: the goroutine's work is still held after Output", utf8, compress)
				}
				if !bytes.Equal(got.Bytes(), want.Bytes()) {
					t.Errorf("utf8 %v, compress %v: the document differs (%d bytes, want %d)", utf8, compress, got.Len(), want.Len())
				}
			}
		}
	}
}

// TestCutAheadErrorsAndPanics: a page that cannot be unpacked is the
// document's error as before, the first such page in page order whichever
// goroutine deflated it, and what the goroutine made is dropped; a panic
// while cutting comes out of Output as it did from putfonts.
func TestCutAheadErrorsAndPanics(t *testing.T) {
	for _, ahead := range []bool{false, true} {
		for _, c := range []struct {
			bad  []int
			want string
		}{
			{[]int{2}, "unpacking page 2"},
			{[]int{11}, "unpacking page 11"},
			{[]int{10, 3}, "unpacking page 3"},
		} {
			withCutAhead(ahead, func() {
				f := cutAheadDoc(true, true)
				for _, n := range c.bad {
					f.packed[n] = []byte{0xff, 0xff, 0xff}
				}
				err := f.Output(&bytes.Buffer{})
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("ahead %v: pages %v cannot be unpacked: error %v, want %q", ahead, c.bad, err, c.want)
				}
				if f.ahead != nil {
					t.Errorf("ahead %v: the goroutine's work is still held after the error", ahead)
				}
			})
		}
		withCutAhead(ahead, func() {
			f := cutAheadDoc(true, true)
			font := f.fonts["wenkaiB"]
			font.utf8File = nil
			f.fonts["wenkaiB"] = font
			defer func() {
				if p := recover(); p == nil {
					t.Errorf("ahead %v: a font that cannot be cut: no panic", ahead)
				} else {
					t.Logf("ahead %v: %v", ahead, p)
				}
			}()
			_ = f.Output(&bytes.Buffer{})
		})
	}
}
