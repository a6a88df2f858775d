package audit

import (
	"reflect"
	"testing"
)

func TestSuggest(t *testing.T) {
	in := ent(m("wangwu", func(x *Member) { x.Name = "王五" }), m("wangfang", func(x *Member) { x.Name = "王芳" }), m("zhaolei"))
	tests := []struct {
		typed string
		want  []string
	}{
		{"wangwuu", []string{"wangwu (王五)"}},
		{"wangfan", []string{"wangfang (王芳)"}},
		{"王芳", []string{"wangfang (王芳)"}},
		{"nobodyatall", nil},
	}
	for _, tt := range tests {
		if got := Suggest(in, tt.typed, 3); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Suggest(%q) = %q, want %q", tt.typed, got, tt.want)
		}
	}
}

func TestLeavingToday(t *testing.T) {
	in := ent(m("a", cust(10), recv("r")), m("r"))
	hyp, err := LeavingToday(in, "A", asOf)
	if err != nil {
		t.Fatal(err)
	}
	if in.Members[0].Status != Active {
		t.Fatal("input changed")
	}
	res := run(t, hyp)
	if len(res.Departing) != 1 || res.Departing[0].Status != Departing || !res.Departing[0].DepartureDate.Equal(asOf) {
		t.Fatalf("departing = %+v", res.Departing)
	}
	if _, err := LeavingToday(in, "ghost", asOf); err == nil {
		t.Error("unknown member accepted")
	}
}
