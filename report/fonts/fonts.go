// Package fonts holds the PDF's two faces, LXGW WenKai Regular and Bold
// (OFL-1.1, OFL.txt), stored gzip-compressed and inflated on first use.
//
// The files are the unmodified upstream release as packaged by Debian
// (fonts-lxgw-wenkai 1.250), only gzipped (`gzip -9 -n`): `gunzip` gives the
// original bytes back (a test checks their SHA-256), so the OFL's reserved
// name still applies to an unmodified font. Compressed, they take 19.6 MB of
// the binary instead of 31.4 MB; a command that writes no PDF never pays for
// inflating them.
package fonts

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sync"
)

var (
	//go:embed LXGWWenKai-Regular.ttf.gz
	regularGz []byte
	//go:embed LXGWWenKai-Bold.ttf.gz
	boldGz []byte
)

// maxFontSize bounds the buffer reserved from the gzip trailer.
const maxFontSize = 32 << 20

// face is one font, inflated once.
type face struct {
	gz   []byte
	once sync.Once
	ttf  []byte
}

var regular, bold = &face{gz: regularGz}, &face{gz: boldGz}

func (f *face) bytes() []byte {
	f.once.Do(func() {
		ttf, err := inflate(f.gz)
		if err != nil {
			// The bytes are embedded at build time and checked by the tests:
			// a failure here is a broken build, not bad input.
			panic(fmt.Sprintf("fonts: embedded font does not inflate: %v", err))
		}
		f.ttf = ttf
	})
	return f.ttf
}

func inflate(gz []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	// The gzip trailer holds the original size (mod 2^32): one allocation,
	// believed only up to a size a font can have.
	var out bytes.Buffer
	if n := len(gz); n >= 4 {
		size := int(uint32(gz[n-4]) | uint32(gz[n-3])<<8 | uint32(gz[n-2])<<16 | uint32(gz[n-1])<<24)
		out.Grow(min(size, maxFontSize))
	}
	if _, err := io.Copy(&out, zr); err != nil {
		return nil, err
	}
	if err := zr.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Regular is the TrueType bytes of LXGW WenKai Regular. Callers must not
// modify them.
func Regular() []byte { return regular.bytes() }

// Bold is the TrueType bytes of LXGW WenKai Bold. Callers must not modify
// them.
func Bold() []byte { return bold.bytes() }

// RegularGzip is the gzip file LXGW WenKai Regular is stored as: what the
// serve page sends as its web font, with Content-Encoding: gzip, without
// inflating it. Callers must not modify it.
func RegularGzip() []byte { return regularGz }

// BoldGzip is the gzip file of LXGW WenKai Bold, as RegularGzip.
func BoldGzip() []byte { return boldGz }
