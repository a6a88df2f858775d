package xlsxstream

import (
	"archive/zip"
	"bufio"
	stdflate "compress/flate"
	"errors"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
)

// Issue 24: the sheet parts are most of a read's time, and most of that is
// inflate. klauspost/compress's decompressor inflates the same stream about
// a fifth faster than compress/flate (bench/floor -inflate prints both), so
// every zip reader of this package inflates with it. The package-wide
// zip.RegisterDecompressor cannot replace archive/zip's own Deflate (it
// panics on a registered method), so it is registered on each reader;
// excelize opens its zip readers itself, so its path keeps compress/flate.

// openZip opens a workbook's zip with the fast decompressor.
func openZip(path string) (*zip.ReadCloser, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	useFastInflate(&zr.Reader)
	return zr, nil
}

// useFastInflate registers klauspost/compress's decompressor on zr.
func useFastInflate(zr *zip.Reader) { zr.RegisterDecompressor(zip.Deflate, newFlateReader) }

// flateReaders keeps decompressors for reuse, as archive/zip does for its
// own: each holds a 32 KB window and tables, and a workbook opens a few
// dozen parts.
var flateReaders sync.Pool

// inflater is a pooled decompressor and the buffer it reads through.
// archive/zip hands it a section of the file, which klauspost/compress
// would wrap in a 4 KB bufio.Reader of its own: a pread system call every
// 4 KB of compressed sheet, 11,000 of them for a 1,000,000-row export
// (issue 24). The 64 KB buffer here makes that 700.
type inflater struct {
	fr io.ReadCloser
	br *bufio.Reader
}

const inflateReadBuffer = 64 << 10

func newFlateReader(r io.Reader) io.ReadCloser {
	if in, ok := flateReaders.Get().(*inflater); ok {
		in.br.Reset(r)
		// A decompressor that cannot be reset is dropped for a new one.
		if in.fr.(flate.Resetter).Reset(in.br, nil) == nil {
			return &pooledFlate{in: in}
		}
	}
	br := bufio.NewReaderSize(r, inflateReadBuffer)
	return &pooledFlate{in: &inflater{fr: flate.NewReader(br), br: br}}
}

// pooledFlate returns its decompressor to the pool on Close, once.
type pooledFlate struct{ in *inflater }

func (p *pooledFlate) Read(b []byte) (int, error) {
	if p.in == nil {
		return 0, errors.New("xlsxstream: read after close")
	}
	return p.in.fr.Read(b)
}

func (p *pooledFlate) Close() error {
	if p.in == nil {
		return nil
	}
	err := p.in.fr.Close()
	p.in.br.Reset(nil) // the pool holds no file's section
	flateReaders.Put(p.in)
	p.in = nil
	return err
}

// corruptInflate reports whether err is a decompressor's word for data that
// cannot be inflated, from either decompressor.
func corruptInflate(err error) bool {
	var ce flate.CorruptInputError
	var sce stdflate.CorruptInputError
	return errors.As(err, &ce) || errors.As(err, &sce)
}
