// Package fonts holds the PDF's font, LXGW WenKai Regular (OFL-1.1,
// OFL.txt), embedded as the unmodified upstream file compressed with zstd.
//
// The file is the upstream release as packaged by Debian (fonts-lxgw-wenkai
// 1.250), byte for byte once decompressed (a test checks its SHA-256), so
// the OFL's reserved names ("霞鹜", "LXGW") apply to an unmodified font: a
// subset shipped in the binary would be a Modified Version and could not
// carry them.
//
// Why compressed, and why one face (issue 27: an installable binary under
// 35 MB): the two faces took 31.4 MB of a 51.9 MB release binary. Regular
// compressed is 8.1 MB; the bold face, 15.7 MB more (8.1 MB compressed),
// is left out and bold text is drawn by stroking the regular outlines
// (report/pdfkit, the page's CSS lets the browser do the same). The cost:
// the first PDF of a process inflates the font once (0.13 s on the
// build machine) and keeps its 15.7 MB on the heap, shared by every
// document after it.
package fonts

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

//go:embed LXGWWenKai-Regular.ttf.zst
var regularZst []byte

// regularSize is the upstream file's size, for the buffer it inflates into.
const regularSize = 15_679_832

var (
	once    sync.Once
	regular []byte
)

// Regular is the TrueType bytes of LXGW WenKai Regular, inflated on the
// first call. Callers must not modify them: every caller shares them.
func Regular() []byte {
	once.Do(func() {
		// DecodeAll into a buffer of the font's size: one pass, no
		// growing copies (a streaming read took 7 times as long).
		zr, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
		if err == nil {
			defer zr.Close()
			regular, err = zr.DecodeAll(regularZst, make([]byte, 0, regularSize))
		}
		if err != nil {
			// The bytes are part of the program: a failure is a broken build.
			panic(fmt.Sprintf("fonts: the embedded font cannot be read: %v", err))
		}
	})
	return regular
}
