// Package rules owns the rule set: the embedded default (default.yaml), its
// schema, severities, loading and validation. It knows nothing about
// spreadsheets or reports.
package rules

import (
	"fmt"
	"strings"
)

// Severity ranks findings. The zero value is invalid on purpose so that a rule
// file that forgets its severity is caught by validation.
type Severity int

const (
	SeverityInvalid Severity = iota
	Info
	Low
	Medium
	High
	Critical
)

// Severities lists every valid severity from the most to the least severe,
// the order in which reports show them.
var Severities = []Severity{Critical, High, Medium, Low, Info}

var severityNames = map[Severity]string{
	Info: "info", Low: "low", Medium: "medium", High: "high", Critical: "critical",
}

func (s Severity) String() string {
	if n, ok := severityNames[s]; ok {
		return n
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads a severity name, case-insensitively.
func ParseSeverity(s string) (Severity, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for sev, n := range severityNames {
		if n == name {
			return sev, nil
		}
	}
	return SeverityInvalid, fmt.Errorf("unknown severity %q (want critical, high, medium, low or info)", s)
}

// AtLeast reports whether s is as severe as min or more.
func (s Severity) AtLeast(min Severity) bool { return s >= min }

// MarshalText lets severities appear by name in JSON and YAML.
func (s Severity) MarshalText() ([]byte, error) {
	if _, ok := severityNames[s]; !ok {
		return nil, fmt.Errorf("invalid severity %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText parses a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
