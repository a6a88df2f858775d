// Package fonts holds the PDF's two faces, LXGW WenKai Regular and Bold
// (OFL-1.1, OFL.txt), embedded as the unmodified upstream files.
//
// The files are the upstream release as packaged by Debian (fonts-lxgw-wenkai
// 1.250), byte for byte (a test checks their SHA-256), so the OFL's reserved
// name applies to an unmodified font.
//
// They are embedded uncompressed on purpose. Stored gzipped (19.6 MB instead
// of 31.4 MB of the binary), every PDF run inflated both before drawing a
// line: ~0.3 CPU-s on the audit's critical path and 31 MB of heap, kept for
// the life of a `serve` process. Uncompressed, the bytes are part of the
// executable's mapped image: nothing is inflated or copied, the heap holds
// none of it, and only the pages fpdf and the glyph check actually read (the
// tables it parses and the outlines of the glyphs a document uses, a few MB)
// ever become resident; the kernel can drop them again under pressure, as
// any clean page of the program file.
package fonts

import _ "embed"

var (
	//go:embed LXGWWenKai-Regular.ttf
	regular []byte
	//go:embed LXGWWenKai-Bold.ttf
	bold []byte
)

// Regular is the TrueType bytes of LXGW WenKai Regular. Callers must not
// modify them: they are the program's embedded copy, shared by every caller.
func Regular() []byte { return regular }

// Bold is the TrueType bytes of LXGW WenKai Bold, as Regular.
func Bold() []byte { return bold }
