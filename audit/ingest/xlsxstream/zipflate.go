package xlsxstream

import (
	"archive/zip"
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

func newFlateReader(r io.Reader) io.ReadCloser {
	if fr, ok := flateReaders.Get().(io.ReadCloser); ok {
		// A decompressor that cannot be reset is dropped for a new one.
		if fr.(flate.Resetter).Reset(r, nil) == nil {
			return &pooledFlate{fr: fr}
		}
	}
	return &pooledFlate{fr: flate.NewReader(r)}
}

// pooledFlate returns its decompressor to the pool on Close, once.
type pooledFlate struct{ fr io.ReadCloser }

func (p *pooledFlate) Read(b []byte) (int, error) {
	if p.fr == nil {
		return 0, errors.New("xlsxstream: read after close")
	}
	return p.fr.Read(b)
}

func (p *pooledFlate) Close() error {
	if p.fr == nil {
		return nil
	}
	err := p.fr.Close()
	flateReaders.Put(p.fr)
	p.fr = nil
	return err
}

// corruptInflate reports whether err is a decompressor's word for data that
// cannot be inflated, from either decompressor.
func corruptInflate(err error) bool {
	var ce flate.CorruptInputError
	var sce stdflate.CorruptInputError
	return errors.As(err, &ce) || errors.As(err, &sce)
}
