package serve

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/wecom-audit/auditor/report/fonts"
)

// The web fonts are the PDF's faces as embedded, sent without a
// Content-Encoding: a browser that asked for gzip must still get plain
// TrueType, and every byte of it.
func TestWebFontsAsEmbedded(t *testing.T) {
	ts := newTestServer(t, Config{})
	for _, tc := range []struct {
		path string
		want []byte
	}{
		{"/static/wenkai-regular.ttf", fonts.Regular()},
	} {
		resp, body := ts.do("GET", tc.path, nil, map[string]string{"Accept-Encoding": "gzip"})
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", tc.path, resp.StatusCode)
		}
		if ce := resp.Header.Get("Content-Encoding"); ce != "" {
			t.Errorf("%s: Content-Encoding %q, want none", tc.path, ce)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "font/ttf" {
			t.Errorf("%s: Content-Type %q", tc.path, ct)
		}
		if cl := resp.Header.Get("Content-Length"); cl != strconv.Itoa(len(tc.want)) {
			t.Errorf("%s: Content-Length %q, want %d", tc.path, cl, len(tc.want))
		}
		if !bytes.Equal(body, tc.want) {
			t.Errorf("%s: %d bytes, not the embedded font (%d bytes)", tc.path, len(body), len(tc.want))
		}
	}
}
