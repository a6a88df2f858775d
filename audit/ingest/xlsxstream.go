package ingest

import "github.com/wecom-audit/auditor/audit/ingest/xlsxstream"

// isPlainNumber is how the xlsx readers print a stored number; values read
// with the same rule.
func isPlainNumber(s string) bool { return xlsxstream.IsPlainNumber(s) }
