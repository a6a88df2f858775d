package pdfkit

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/wecom-audit/auditor/report/fonts"
)

// largeDoc lays out a document like an audit's main PDF: a little over 400
// pages of tables whose rows hold Chinese names (about 550 distinct Han
// characters) and Latin ids, under a running header and a footer with the
// page count alias. The same document every time.
func largeDoc(font []byte) *Doc {
	d := New(Meta{Title: "大文档 large document", Lang: "zh-CN", Stamp: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)}, font)
	var han []rune
	for k := range 560 {
		r := rune(0x4E00 + 37*k)
		if Drawable(string(r)) == string(r) {
			han = append(han, r)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	name := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteRune(han[rng.IntN(len(han))])
		}
		return b.String()
	}
	d.OnPage(func() {
		d.RunningHead("企业微信离职交接审计报告 audit report", "2026-11-30")
		d.F.SetY(Top)
	}, func() {
		d.RunningFoot("auditor", fmt.Sprintf("第 %d / %s 页", d.F.PageNo(), PagesAlias), "confidential 机密")
	})
	d.F.AddPage()
	d.H1("离职成员与外部联系人 Leavers and their external contacts")
	w := d.ContentW()
	t := d.Table(8,
		Col{Head: "成员 Member", W: w * 0.18, Align: "L"},
		Col{Head: "账号 Account", W: w * 0.2, Align: "L"},
		Col{Head: "客户 Contact", W: w * 0.22, Align: "L"},
		Col{Head: "说明 Note", W: w * 0.3, Align: "L"},
		Col{Head: "数量", W: w * 0.1, Align: "R"},
	)
	for i := range 9600 {
		note := name(4) + "，已过交接期限 past the handover deadline"
		if i%7 == 0 {
			note = name(12) + " " + note + "；" + name(9)
		}
		t.Row(Plain(name(3)), Plain(fmt.Sprintf("wm%08x", rng.Uint32())), Plain(name(2)+" "+name(3)),
			Cell{Text: note, Bold: i%11 == 0}, Plain(fmt.Sprint(rng.IntN(5000))))
	}
	return d
}

// BenchmarkOutputLarge times (*fpdf.Fpdf).Output of largeDoc alone: the
// pages (unpacked, aliases replaced, deflated), the font subset (cut and
// deflated) and the rest of the file. "first" is the first document the
// process writes on the font, as the CLI's one PDF: a fresh copy of the
// font's bytes each time, so that fpdf reads its cmap, widths and glyph
// offsets again (third_party/fpdf's patch 3 keeps them per font); "again"
// writes on a font already read. third_party/fpdf's patch 11 (the second
// goroutine in Output) was measured with it:
//
//	go test -run XXX -bench OutputLarge -benchtime 20x ./report/pdfkit/
func BenchmarkOutputLarge(b *testing.B) {
	for _, first := range []bool{true, false} {
		name := "again"
		if first {
			name = "first"
		}
		b.Run(name, func(b *testing.B) {
			font := fonts.Regular()
			if err := largeDoc(font).F.Output(io.Discard); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				if first {
					font = bytes.Clone(font)
				}
				d := largeDoc(font)
				b.StartTimer()
				if err := d.F.Output(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
