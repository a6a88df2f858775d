package report

import (
	"archive/zip"
	"bytes"
	"errors"
	flate "github.com/klauspost/compress/flate"
	"hash/crc32"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"strings"
)

// sortedZip is the archive writer behind the workbook. excelize ranges over
// Go maps in two places that reach the file: the parts of streamed sheets,
// and the image types that adding a chart declares in [Content_Types].xml.
// With its own zip.Writer the bytes of the file change from run to run.
// sortedZip writes the parts sorted by name and the content types' Default
// entries sorted by extension: the same workbook gives the same bytes.
// Parts are compressed as they come, so memory is about the size of the
// finished file, which excelize holds in memory anyway.
type sortedZip struct {
	w       io.Writer
	parts   []*zipPart
	cur     *zipPart
	deflate *flate.Writer // one compressor, reset for each part
}

type zipPart struct {
	name string
	crc  uint32
	size uint64
	data bytes.Buffer // compressed; uncompressed for [Content_Types].xml until Close
}

const contentTypesPart = "[Content_Types].xml"

// xlsxDeflateLevel is klauspost/compress's level 7: on the layoff's
// largest sheet (101 MB of XML) it deflates in 0.53 s to 8.4 MB, where
// compress/flate's default took 1.02 s for 8.1 MB; its level 6 takes 0.34 s
// but 9.1 MB (docs/speed.md). A workbook filed with a review is worth the
// 4 %.
const xlsxDeflateLevel = 7

func newSortedZip(w io.Writer) *sortedZip { return &sortedZip{w: w} }

// Create starts a part; the previous one is complete, since excelize
// writes parts one after the other.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	p := &zipPart{name: name}
	z.parts = append(z.parts, p)
	z.cur = p
	if name == contentTypesPart {
		return &p.data, nil // small; sorted and compressed on Close
	}
	if z.deflate == nil {
		fw, err := flate.NewWriter(&p.data, xlsxDeflateLevel)
		if err != nil {
			return nil, err
		}
		z.deflate = fw
	} else {
		z.deflate.Reset(&p.data)
	}
	return partWriter{z}, nil
}

type partWriter struct{ z *sortedZip }

func (pw partWriter) Write(b []byte) (int, error) {
	p := pw.z.cur
	p.crc = crc32.Update(p.crc, crc32.IEEETable, b)
	p.size += uint64(len(b))
	return pw.z.deflate.Write(b)
}

func (z *sortedZip) finish() error {
	p := z.cur
	z.cur = nil
	switch {
	case p == nil:
		return nil
	case p.name == contentTypesPart:
		raw := sortContentTypeDefaults(p.data.Bytes())
		p.data = bytes.Buffer{}
		p.crc, p.size = crc32.ChecksumIEEE(raw), uint64(len(raw))
		fw, err := flate.NewWriter(&p.data, xlsxDeflateLevel)
		if err != nil {
			return err
		}
		if _, err := fw.Write(raw); err != nil {
			return err
		}
		return fw.Close()
	}
	return z.deflate.Close()
}

var contentTypeDefault = regexp.MustCompile(`<Default Extension="[^"]*"[^>]*>(?:</Default>)?`)

// sortContentTypeDefaults sorts the run of <Default> elements of
// [Content_Types].xml; their order means nothing to a reader.
func sortContentTypeDefaults(b []byte) []byte {
	locs := contentTypeDefault.FindAllIndex(b, -1)
	if len(locs) < 2 {
		return b
	}
	start, end := locs[0][0], locs[len(locs)-1][1]
	elems := make([]string, len(locs))
	for i, l := range locs {
		elems[i] = string(b[l[0]:l[1]])
	}
	// Only when the elements are contiguous, as excelize writes them.
	if len(strings.Join(elems, "")) != end-start {
		return b
	}
	sort.Strings(elems)
	out := append([]byte(nil), b[:start]...)
	out = append(out, strings.Join(elems, "")...)
	return append(out, b[end:]...)
}

// AddFS is part of excelize.ZipWriter; the workbook writer never calls it.
func (z *sortedZip) AddFS(fs.FS) error {
	return errors.New("xlsx: AddFS is not supported")
}

// Close writes the archive. Entries carry no modification time, as with
// excelize's default writer, so nothing in the file depends on the clock.
func (z *sortedZip) Close() error {
	if err := z.finish(); err != nil {
		return err
	}
	sort.SliceStable(z.parts, func(i, j int) bool { return z.parts[i].name < z.parts[j].name })
	zw := zip.NewWriter(z.w)
	for _, p := range z.parts {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name:               p.name,
			Method:             zip.Deflate,
			CRC32:              p.crc,
			CompressedSize64:   uint64(p.data.Len()),
			UncompressedSize64: p.size,
		})
		if err != nil {
			return err
		}
		if _, err := w.Write(p.data.Bytes()); err != nil {
			return err
		}
	}
	return zw.Close()
}
