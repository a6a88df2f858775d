// Copyright ©2026 The auditor authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"strconv"
	"testing"
	"time"
)

// TestPackPagesSameBytes: a document drawn with its finished pages packed
// (patch 9) is byte for byte the document drawn without, with and without
// compression, with the page-count alias and an alias of its own on every
// page, and with a page written to again after later pages were packed
// (SetPage). The pages really are packed while the document is drawn,
// each held at its packed size.
func TestPackPagesSameBytes(t *testing.T) {
	stamp := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	draw := func(pack, compress bool) ([]byte, int) {
		f := New("P", "mm", "A4", "")
		f.SetPackPages(pack)
		f.SetCompression(compress)
		f.SetCreationDate(stamp)
		f.SetModificationDate(stamp)
		f.AliasNbPages("{nb}")
		f.RegisterAlias("{who}", "Zhang San")
		f.SetFont("Helvetica", "", 10)
		f.SetFooterFunc(func() {
			f.SetY(-15)
			f.CellFormat(0, 10, "page "+strconv.Itoa(f.PageNo())+" of {nb}, {who}", "", 0, "C", false, 0, "")
		})
		bufs := map[*bytes.Buffer]bool{}
		for p := range 40 {
			f.AddPage()
			bufs[f.pages[f.page]] = true
			for l := range 30 {
				f.CellFormat(0, 6, "page "+strconv.Itoa(p+1)+" line "+strconv.Itoa(l)+" {who}", "", 1, "", false, 0, "")
			}
		}
		// Patch 10: a packed page's buffer is the next page's.
		if pack && len(bufs) != 1 {
			t.Errorf("40 packed pages were drawn into %d buffers, want 1", len(bufs))
		}
		packed := 0
		for n := range f.packed {
			if f.packed[n] != nil && f.pages[n] == nil {
				packed++
				// Held at its size, not at the scratch buffer's.
				if cap(f.packed[n]) > 2*len(f.packed[n])+64 {
					t.Errorf("page %d packed into %d bytes holds %d", n, len(f.packed[n]), cap(f.packed[n]))
				}
			}
		}
		f.SetPage(3)
		f.SetXY(20, 20)
		f.CellFormat(0, 6, "written again on page 3 of {nb}", "", 1, "", false, 0, "")
		f.SetPage(40)
		var out bytes.Buffer
		if err := f.Output(&out); err != nil {
			t.Fatal(err)
		}
		return out.Bytes(), packed
	}
	for _, compress := range []bool{true, false} {
		want, none := draw(false, compress)
		got, packed := draw(true, compress)
		if none != 0 || packed != 39 {
			t.Errorf("compress %v: %d pages packed without packing, %d with (want 0 and 39)", compress, none, packed)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("compress %v: the document drawn with packed pages differs (%d bytes, want %d)", compress, len(got), len(want))
		}
		if !compress && !bytes.Contains(got, []byte("written again on page 3 of 40")) {
			t.Errorf("the aliases were not replaced in a page unpacked by SetPage")
		}
	}
}
