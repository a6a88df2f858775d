package history

import (
	"errors"
	"strings"
	"testing"
)

func TestParseWaivers(t *testing.T) {
	good := "- fingerprint: C5AAE90D81C997AB\n  reason: exported to the CRM\n  accepted_by: 王芳\n  expires: 2027-03-31\n"
	ws, err := parseWaivers("w.yaml", []byte(good))
	if err != nil || len(ws) != 1 || ws[0].Fingerprint != "c5aae90d81c997ab" || ws[0].Expires.String() != "2027-03-31" || ws[0].Line != 1 {
		t.Fatalf("good file: %+v, %v", ws, err)
	}
	if ws, err := parseWaivers("w.yaml", []byte("# nothing accepted yet\n")); err != nil || len(ws) != 0 {
		t.Errorf("comment-only file: %v, %v", ws, err)
	}
	tests := []struct {
		name  string
		body  string
		line  int
		field string
		msg   string
	}{
		{"unknown field", good + "  owner: x\n", 5, "owner", "unknown field"},
		{"missing expires", "- fingerprint: c5aae90d81c997ab\n  reason: r\n  accepted_by: a\n", 1, "expires", "missing"},
		{"empty reason", "- fingerprint: c5aae90d81c997ab\n  reason: \"\"\n  accepted_by: a\n  expires: 2027-01-01\n", 2, "reason", "must not be empty"},
		{"bad date", "- fingerprint: c5aae90d81c997ab\n  reason: r\n  accepted_by: a\n  expires: next year\n", 4, "expires", "not a date"},
		{"bad fingerprint", "- fingerprint: external-contacts-lost\n  reason: r\n  accepted_by: a\n  expires: 2027-01-01\n", 1, "fingerprint", "16 hex digits"},
		{"fingerprint twice", good + strings.Replace(good, "王芳", "HR", 1), 5, "fingerprint", "waived twice (first on line 1)"},
		{"key twice", "- fingerprint: c5aae90d81c997ab\n  reason: r\n  reason: s\n", 3, "reason", "given twice"},
		{"not a list", "fingerprint: c5aae90d81c997ab\n", 1, "", "must be a list"},
		{"entry not a mapping", "- c5aae90d81c997ab\n", 1, "", "must be a mapping"},
		{"invalid YAML", "- fingerprint: [\n", 1, "", "not valid YAML"},
		{"two documents", good + "---\n" + good, 5, "", "more than one YAML document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseWaivers("w.yaml", []byte(tt.body))
			var we *WaiverError
			if !errors.As(err, &we) {
				t.Fatalf("error %v, want a WaiverError", err)
			}
			if we.Line != tt.line || we.Field != tt.field || !strings.Contains(we.Msg, tt.msg) {
				t.Errorf("got line %d field %q msg %q, want line %d field %q msg containing %q", we.Line, we.Field, we.Msg, tt.line, tt.field, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), "waivers w.yaml, line ") {
				t.Errorf("message %q does not name the file and line", err)
			}
		})
	}
}
