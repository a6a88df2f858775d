package history

import (
	"errors"
	"testing"
)

// FuzzParseWaivers: any bytes give waivers or a WaiverError with a line,
// never a panic, and every waiver read is complete.
func FuzzParseWaivers(f *testing.F) {
	f.Add([]byte("- fingerprint: c5aae90d81c997ab\n  reason: r\n  accepted_by: a\n  expires: 2027-03-31\n"))
	f.Add([]byte("- {fingerprint: c5aae90d81c997ab, reason: r, accepted_by: a, expires: 2027-03-31}\n"))
	f.Add([]byte("- fingerprint: &a c5aae90d81c997ab\n  reason: *a\n"))
	f.Add([]byte("---\n- 1\n---\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		ws, err := parseWaivers("w.yaml", data)
		if err != nil {
			var we *WaiverError
			if !errors.As(err, &we) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		for _, w := range ws {
			if !fingerprintRE.MatchString(w.Fingerprint) || w.Reason == "" || w.AcceptedBy == "" || w.Expires.IsZero() {
				t.Fatalf("incomplete waiver read: %+v", w)
			}
		}
	})
}

// FuzzParseReport: any bytes give a report or an error naming the file.
func FuzzParseReport(f *testing.F) {
	f.Add([]byte(`{"schema":"auditor/v1","as_of":"2026-10-31","company":"c","findings":[{"rule":"no-receiver","severity":"high","member":"a","count":3,"first_seen":"2026-09-30"}],"departing":[{"userid":"a","customers":3,"limit_date":"2027-01-01"}],"summary":{"high":1},"trend":[{"as_of":"2026-09-30","high":1}]}`))
	f.Add([]byte(`{"schema":"auditor/v1","as_of":"2026-10-31","findings":[{"severity":"bogus"}]}`))
	f.Add([]byte(`{"schema":"auditor/v1","as_of":"2026-10-31","departing":[{"customers":null}],"summary":{"critical":null}}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := parse("p.json", data)
		if err == nil && (r.AsOf.IsZero() || len(r.SHA256) != 64) {
			t.Fatalf("report without a date or hash: %+v", r)
		}
	})
}
