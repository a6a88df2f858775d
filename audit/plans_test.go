package audit

import (
	"reflect"
	"testing"
)

// sheetPlans gives the same rows and order whether a leaver's rows are
// together (windows on the sheet) or scattered (copies).
func TestSheetPlans(t *testing.T) {
	h := func(id, recv string) Handover { return Handover{UserID: id, Receiver: recv} }
	for _, tc := range []struct {
		name  string
		rows  []Handover
		order []string
		plans map[string][]string
	}{
		{"together", []Handover{h("", "x"), h("A", "r1"), h("a ", "r2"), h("B", "r3")},
			[]string{"a", "b"}, map[string][]string{"a": {"r1", "r2"}, "b": {"r3"}}},
		{"scattered", []Handover{h("A", "r1"), h("B", "r3"), h("a", "r2")},
			[]string{"a", "b"}, map[string][]string{"a": {"r1", "r2"}, "b": {"r3"}}},
		{"blank between", []Handover{h("A", "r1"), h(" ", "x"), h("A", "r2")},
			[]string{"a"}, map[string][]string{"a": {"r1", "r2"}}},
		{"none", nil, nil, map[string][]string{}},
	} {
		plans, order := sheetPlans(tc.rows)
		got := map[string][]string{}
		for k, hs := range plans {
			for _, x := range hs {
				got[k] = append(got[k], x.Receiver)
			}
			if len(hs) != cap(hs) {
				t.Errorf("%s: %s has room to grow into the next leaver's rows", tc.name, k)
			}
		}
		if !reflect.DeepEqual(order, tc.order) || !reflect.DeepEqual(got, tc.plans) {
			t.Errorf("%s: got %v %v, want %v %v", tc.name, order, got, tc.order, tc.plans)
		}
	}
}
