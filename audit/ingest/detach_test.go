package ingest

import (
	"testing"
	"unsafe"
)

// TestDetach: the values keep their text and no longer point into the row
// they were cut from.
func TestDetach(t *testing.T) {
	row := "zhangsan张三销售部;华东区lisi"
	for _, c := range []struct {
		name string
		cuts [][2]int // parts of row
	}{
		{"one", [][2]int{{0, 8}}},
		{"several", [][2]int{{0, 8}, {8, 14}, {33, 37}}},
		{"with an empty one", [][2]int{{0, 8}, {8, 8}, {14, 23}}},
		{"all empty", [][2]int{{3, 3}, {5, 5}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			vals := make([]string, len(c.cuts))
			ptrs := make([]*string, len(c.cuts))
			for i, cut := range c.cuts {
				vals[i] = row[cut[0]:cut[1]]
				ptrs[i] = &vals[i]
			}
			detach(ptrs...)
			start := uintptr(unsafe.Pointer(unsafe.StringData(row)))
			for i, cut := range c.cuts {
				if want := row[cut[0]:cut[1]]; vals[i] != want {
					t.Errorf("value %d = %q; want %q", i, vals[i], want)
				}
				if p := uintptr(unsafe.Pointer(unsafe.StringData(vals[i]))); vals[i] != "" && p >= start && p < start+uintptr(len(row)) {
					t.Errorf("value %d still points into the row", i)
				}
			}
		})
	}
}
