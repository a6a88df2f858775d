package pdfkit

import (
	"bytes"
	"sync"
	"testing"
	"time"
)

// TestDocumentsShareNoFontState: fpdf keeps what it parses of a font
// across documents (third_party/fpdf/utf8fontcache.go). A document's bytes
// depend only on what it draws: not on what documents drawn before it or
// beside it drew, on the whole font or on a cut.
func TestDocumentsShareNoFontState(t *testing.T) {
	cut := CutFont("交接单王堃喆玥昇犇燚abcdefghijklmnopqrstuvwxyz0123456789 ")
	texts := []string{"交接单 abc 123", "王堃 喆玥 昇犇燚 xyz 789"}
	draw := func(font []byte, text string) []byte {
		d := New(Meta{Title: text, Lang: "zh-CN", Stamp: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)}, font)
		d.F.AddPage()
		d.Para(text, 10, false, Text)
		d.Para(text, 12, true, Text)
		var buf bytes.Buffer
		if err := d.F.Output(&buf); err != nil {
			t.Error(err)
		}
		return buf.Bytes()
	}
	type job struct {
		font []byte
		text string
	}
	var jobs []job
	for _, font := range [][]byte{nil, cut} {
		for _, text := range texts {
			jobs = append(jobs, job{font, text})
		}
	}
	// One after another, the first text again after the second.
	want := make([][]byte, len(jobs))
	for i, j := range jobs {
		want[i] = draw(j.font, j.text)
	}
	if again := draw(nil, texts[0]); !bytes.Equal(again, want[0]) {
		t.Errorf("%q on the whole font: other bytes after %q was drawn", texts[0], texts[1])
	}
	if bytes.Equal(want[0], want[1]) {
		t.Fatal("two texts, the same bytes")
	}
	// More fonts than the cache keeps, then the first again, and the cut
	// made again (other bytes at another address, the same font).
	for i := range 6 {
		draw(CutFont(string([]rune(texts[1])[:i+2])), texts[1])
	}
	if again := draw(cut, texts[0]); !bytes.Equal(again, want[2]) {
		t.Errorf("%q on the cut: other bytes after other fonts were drawn", texts[0])
	}
	if again := draw(CutFont("交接单王堃喆玥昇犇燚abcdefghijklmnopqrstuvwxyz0123456789 "), texts[0]); !bytes.Equal(again, want[2]) {
		t.Errorf("%q on the cut made again: other bytes", texts[0])
	}
	// All at once, each twice.
	got := make([][]byte, 2*len(jobs))
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() { got[i] = draw(jobs[i%len(jobs)].font, jobs[i%len(jobs)].text) })
	}
	wg.Wait()
	for i, b := range got {
		if !bytes.Equal(b, want[i%len(jobs)]) {
			t.Errorf("document %d (%q) drawn beside others: other bytes", i, jobs[i%len(jobs)].text)
		}
	}
}
