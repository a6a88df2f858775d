package audit

import (
	"fmt"
	"testing"

	"github.com/wecom-audit/auditor/rules"
)

// benchInputs is an enterprise of n members, one in fifty leaving with a
// receiver in its department, the books already aggregated as the readers
// leave them.
func benchInputs(n int) *Inputs {
	in := ent()
	in.HasExternalIDs = true
	in.CustomerIDs = map[string][]uint64{}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("user%05d", i)
		mem := m(id, cust(200+i%800), func(x *Member) { x.Departments = []string{fmt.Sprintf("销售部/%d组", i%40)} })
		if i%50 == 0 {
			leaving("2026-12-20")(mem)
			mem.Receiver = fmt.Sprintf("user%05d", i+1)
			ids := make([]uint64, mem.Customers)
			for j := range ids {
				ids[j] = uint64(i)<<32 | uint64(j)
			}
			in.CustomerIDs[Key(id)] = ids
		}
		in.Members = append(in.Members, mem)
	}
	return in
}

func BenchmarkRun5000Members(b *testing.B) {
	in := benchInputs(5000)
	rs := rules.Default()
	for b.Loop() {
		if _, err := Run(in, rs, Config{AsOf: asOf}); err != nil {
			b.Fatal(err)
		}
	}
}
