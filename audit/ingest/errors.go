package ingest

import "github.com/wecom-audit/auditor/audit/ingest/xlsxstream"

// InputError is an input that cannot be used at all (xlsxstream.InputError,
// where the xlsx reader makes them too): the CLI exits 2 on it (docs/spec.md §1).
type InputError = xlsxstream.InputError
