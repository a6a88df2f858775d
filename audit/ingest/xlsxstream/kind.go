package xlsxstream

// cellType is a cell's t attribute, decoded as soon as the cell's tag is
// read (the tag's bytes are reused for its children).
type cellType uint8

const (
	typeNumber  cellType = iota // absent, "n", or a value excelize does not know
	typeShared                  // "s"
	typeStr                     // "str"
	typeInline                  // "inlineStr"
	typeBool                    // "b"
	typeISODate                 // "d"
	typeError                   // "e"
)

func cellTypeOf(v []byte) cellType {
	switch string(v) {
	case "s":
		return typeShared
	case "str":
		return typeStr
	case "inlineStr":
		return typeInline
	case "b":
		return typeBool
	case "d":
		return typeISODate
	case "e":
		return typeError
	}
	return typeNumber
}

// formulaKind is the one rule both xlsx readers apply to a cell (issue 12),
// given the text the reader made of it: a formula (<f>) with no saved
// result is KindFormula with no text; an error value — typed t="e", or an
// error literal saved as a formula's result — is KindError with the error
// as its text. Anything else is 0: the cell's kind comes from its text.
//
// A text cell that merely reads "#N/A" (typed in, not computed) stays text:
// only the cell's type or its formula says it is an error.
func formulaKind(text []byte, hasFormula, typedError bool) CellKind {
	switch {
	case hasFormula && len(text) == 0:
		return KindFormula
	case len(text) == 0:
		return KindEmpty
	case typedError, hasFormula && isErrorLiteral(text):
		return KindError
	}
	return KindEmpty
}

// isErrorLiteral reports Excel's error values, as Excel, LibreOffice and
// WPS save them.
func isErrorLiteral(b []byte) bool {
	switch string(b) {
	case "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
		"#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#EXTERNAL!", "#PYTHON!":
		return true
	}
	return false
}
