package ingest

import "github.com/wecom-audit/auditor/audit/ingest/xlsxstream"

// The reading contract (rows, cells, kinds) is package xlsxstream's; these
// names keep it usable here as before, for the CSV reader and the role
// readers.
type (
	CellKind     = xlsxstream.CellKind
	Cell         = xlsxstream.Cell
	Sheet        = xlsxstream.Sheet
	Workbook     = xlsxstream.Workbook
	Positioner   = xlsxstream.Positioner
	PivotLister  = xlsxstream.PivotLister
	ColumnFilter = xlsxstream.ColumnFilter
)

const (
	KindEmpty   = xlsxstream.KindEmpty
	KindString  = xlsxstream.KindString
	KindNumber  = xlsxstream.KindNumber
	KindBool    = xlsxstream.KindBool
	KindDate    = xlsxstream.KindDate
	KindFormula = xlsxstream.KindFormula
	KindError   = xlsxstream.KindError
)

// OpenWorkbook opens an xlsx or CSV file for streaming. The format is
// detected from the bytes, not the extension; anything that is neither
// gives an *InputError saying what the file is and what was expected.
func OpenWorkbook(path string) (Workbook, error) {
	wb, _, err := openInput(path)
	return wb, err
}

// openInput probes the file (format, text encoding, a text file's SHA-256;
// a workbook's is Read's, see probeFile) and opens it.
func openInput(path string) (Workbook, *probe, error) {
	return openInputWith(path, xlsxstream.Open)
}

// openInputWith is openInput opening an xlsx with open: xlsxstream.Open,
// or xlsxstream.OpenHead for a look at the first rows only (DetectRole).
func openInputWith(path string, open func(string) (Workbook, error)) (Workbook, *probe, error) {
	p, err := probeFile(path)
	if err != nil {
		return nil, nil, err
	}
	switch p.format {
	case formatXLSX:
		// The fast reader, or excelize for what it leaves (xlsxstream).
		wb, err := open(path)
		if err != nil {
			return nil, nil, err
		}
		return wb, p, nil
	case formatCSV:
		wb, err := openCSV(path, p)
		if err != nil {
			return nil, nil, err
		}
		return wb, p, nil
	}
	// probeFile only returns the two formats above without an error.
	return nil, nil, inputError(InputError{File: path}, "ingest.error.unrecognised", nil)
}
