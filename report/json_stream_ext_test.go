package report_test

import (
	"bytes"
	"io"
	"path/filepath"
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/pipeline"
	"github.com/wecom-audit/auditor/report"
	"github.com/wecom-audit/auditor/samples"
)

// auditGenerated audits a generated enterprise as the command line does,
// capacity forecast included.
func auditGenerated(tb testing.TB, cfg samples.Config) *audit.Result {
	tb.Helper()
	dir := tb.TempDir()
	if err := samples.Generate(dir, cfg); err != nil {
		tb.Fatal(err)
	}
	f := samples.Files
	p := func(n string) string { return filepath.Join(dir, n) }
	s, err := pipeline.Read(pipeline.Files{Roster: p(f.Roster), Contacts: []string{p(f.Contacts)}, Groups: p(f.Groups), Plan: p(f.Plan), Profile: p(f.Profile)},
		pipeline.Options{AsOf: audit.NewDate(2026, 11, 30)})
	if err != nil {
		tb.Fatal(err)
	}
	res, err := s.Audit("test")
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// TestJSONStreamPipeline compares the streamed JSON with the whole document
// for generated enterprises audited with their capacity forecast: a few
// hundred members, and a layoff.
func TestJSONStreamPipeline(t *testing.T) {
	for name, cfg := range map[string]samples.Config{
		"generated": {Members: 400, Contacts: 20000, Seed: 3},
		"layoff":    {Members: 600, Contacts: 20000, Seed: 5, Leavers: 150, Receivers: 30},
	} {
		t.Run(name, func(t *testing.T) {
			res := auditGenerated(t, cfg)
			if res.Capacity == nil || len(res.Departing) == 0 {
				t.Fatalf("capacity %v, %d leavers: the case covers less than it should", res.Capacity != nil, len(res.Departing))
			}
			for _, lang := range []string{"zh", "en"} {
				opt := report.Options{Lang: lang}
				var got, want bytes.Buffer
				if err := (&report.JSONWriter{}).Write(&got, res, opt); err != nil {
					t.Fatal(err)
				}
				if err := report.ReferenceJSON(&want, res, opt); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Bytes(), want.Bytes()) {
					t.Fatalf("%s: the streamed JSON (%d bytes) differs from the document (%d bytes)", lang, got.Len(), want.Len())
				}
			}
		})
	}
}

// BenchmarkJSONLayoff writes the JSON of a generated layoff (20,000
// members, 5,000 leavers, 200,000 contacts): "stream" is JSONWriter,
// "document" the whole document encoded at once, as before issue 24.
//
//	go test -run '^$' -bench JSONLayoff -benchmem ./report/
func BenchmarkJSONLayoff(b *testing.B) {
	res := auditGenerated(b, samples.Config{Members: 20000, Contacts: 200000, Seed: 1, Leavers: 5000, Receivers: 1000})
	opt := report.Options{Lang: "zh"}
	for _, c := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{"stream", func(w io.Writer) error { return (&report.JSONWriter{}).Write(w, res, opt) }},
		{"document", func(w io.Writer) error { return report.ReferenceJSON(w, res, opt) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.write(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
