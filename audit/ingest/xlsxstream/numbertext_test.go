package xlsxstream

import (
	"strconv"
	"strings"
)

// numberText, the reference appendNumberText is tested against, is
// excelize's getCellDefault: a stored number prints in Go's
// shortest form ('f'), or with 15 significant digits ('G') when the
// shortest form is longer than 15 characters — unless it is an integer
// whose digits past the 15th are zeros. Text that is not a number (or holds
// '_', or overflows) stays as it is.
func numberText(v string) string {
	if strings.Contains(v, "_") {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if len(s)-strings.Count(s, ".") > 15 && !numWithinPrecision(v) {
		return strconv.FormatFloat(f, 'G', 15, 64)
	}
	return s
}
