package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
)

// jsonStream writes one indented JSON document piece by piece (issue 24):
// the writers open objects and arrays themselves and hand the stream one
// small value at a time, so that memory holds one element, never the whole
// document. The bytes are those json.Encoder writes with SetIndent("", "  ")
// and SetEscapeHTML(false) for the document as one value: each piece is
// encoded by such an encoder with the prefix of its depth, which is what
// the encoder's indentation does to it inside the document.
type jsonStream struct {
	w   *bufio.Writer
	buf bytes.Buffer // one piece, reused
	enc *json.Encoder
	err error
}

func newJSONStream(w io.Writer) *jsonStream {
	s := &jsonStream{w: bufio.NewWriterSize(w, 64<<10)}
	s.enc = json.NewEncoder(&s.buf)
	s.enc.SetEscapeHTML(false)
	return s
}

// raw writes text as it is.
func (s *jsonStream) raw(text string) {
	if s.err == nil {
		_, s.err = s.w.WriteString(text)
	}
}

// value writes v at a depth whose lines start with prefix; its first line
// continues the current one.
func (s *jsonStream) value(prefix string, v any) {
	if s.err != nil {
		return
	}
	s.buf.Reset()
	s.enc.SetIndent(prefix, "  ")
	if s.err = s.enc.Encode(v); s.err != nil {
		return
	}
	b := s.buf.Bytes()
	_, s.err = s.w.Write(b[:len(b)-1]) // without Encode's newline
}

// close flushes the stream and returns its first error.
func (s *jsonStream) close() error {
	if s.err == nil {
		s.err = s.w.Flush()
	}
	return s.err
}

// jsonObject is an object being written, member by member.
type jsonObject struct {
	s      *jsonStream
	prefix string // the object's own indentation
	n      int
}

// object opens an object whose closing brace is indented by prefix.
func (s *jsonStream) object(prefix string) *jsonObject {
	s.raw("{")
	return &jsonObject{s: s, prefix: prefix}
}

// inner is the indentation of the object's members.
func (o *jsonObject) inner() string { return o.prefix + "  " }

// key starts the next member; its value is written next, at o.inner().
// The keys are the schema's plain ASCII names: nothing to escape.
func (o *jsonObject) key(name string) {
	if o.n > 0 {
		o.s.raw(",")
	}
	o.n++
	o.s.raw("\n" + o.inner() + `"` + name + `": `)
}

// field writes a member whose value is small enough to encode at once.
func (o *jsonObject) field(name string, v any) {
	o.key(name)
	o.s.value(o.inner(), v)
}

// end closes the object.
func (o *jsonObject) end() {
	if o.n == 0 {
		o.s.raw("}")
		return
	}
	o.s.raw("\n" + o.prefix + "}")
}

// jsonArray writes an array of n elements whose closing bracket is indented
// by prefix, converting and encoding one element at a time: elem(i) is
// called once per element, in order, and what it returns is dropped once
// written. Zero elements are [] (the document's slices are never null).
func jsonArray[T any](s *jsonStream, prefix string, n int, elem func(i int) T) {
	if n == 0 {
		s.raw("[]")
		return
	}
	s.raw("[")
	inner := prefix + "  "
	for i := 0; i < n && s.err == nil; i++ {
		if i > 0 {
			s.raw(",")
		}
		s.raw("\n" + inner)
		v := elem(i)
		s.value(inner, &v)
	}
	s.raw("\n" + prefix + "]")
}
