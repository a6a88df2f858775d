package ingest

import (
	"bytes"
	"math"
	"strconv"
	"strings"
)

// Cell values as the excelize reader (xlsx.go) gives them, computed from the
// stored text without excelize. Each function names the excelize code it
// follows; the differential tests hold them to it.

// numberText is excelize's getCellDefault: a stored number prints in Go's
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

// appendNumberText appends numberText(v) to dst without allocating, and
// returns the value excelize then formats dates from: the float64 of that
// text (which, past 15 digits, is not v's own).
func appendNumberText(dst, v []byte) ([]byte, float64, bool) {
	if bytes.IndexByte(v, '_') >= 0 {
		return append(dst, v...), 0, false
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil {
		return append(dst, v...), 0, false
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, f, 'f', -1, 64)
	s := dst[start:]
	if len(s)-bytes.Count(s, []byte(".")) > 15 && !numWithinPrecision(string(v)) {
		dst = strconv.AppendFloat(dst[:start], f, 'G', 15, 64)
		if f, err = strconv.ParseFloat(string(dst[start:]), 64); err != nil {
			return dst, 0, false
		}
	}
	return dst, f, true
}

// numWithinPrecision is excelize's isNumWithinPrecision.
func numWithinPrecision(s string) bool {
	if strings.ContainsAny(s, ".Ee") {
		return false
	}
	s = strings.TrimLeft(s, "+-0")
	return len(strings.TrimRight(s, "0")) <= 15
}

// shortNumber reports stored number text that numberText returns
// unchanged, checked on the bytes without parsing: an optional '-', an
// integer part without leading zeros, an optional fraction not ending in 0,
// 15 characters at most besides the point. Such text has at most 15
// significant digits, so it is the shortest form of its float64: Go prints
// it back digit for digit. This is nearly every number a sheet stores.
func shortNumber(b []byte) bool {
	n := len(b)
	if n == 0 {
		return false
	}
	i := 0
	if b[0] == '-' {
		i = 1
	}
	start := i
	for i < n && '0' <= b[i] && b[i] <= '9' {
		i++
	}
	intLen := i - start
	if intLen == 0 || (intLen > 1 && b[start] == '0') {
		return false
	}
	chars := i // characters other than the point
	if i < n {
		if b[i] != '.' {
			return false
		}
		i++
		fs := i
		for i < n && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		if i != n || i == fs || b[n-1] == '0' {
			return false
		}
		chars = n - 1
	}
	if b[0] == '-' && intLen == 1 && b[start] == '0' && chars == 2 {
		return false // "-0": ParseFloat gives -0, which prints "-0" too, but keep it simple
	}
	return chars <= 15
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// sharedStringIndex is how excelize reads the index of a t="s" cell:
// strconv.Atoi of the trimmed text, 0 when that fails.
func sharedStringIndex(v []byte) int {
	n := 0
	if len(v) > 0 && len(v) <= 9 {
		for _, c := range v {
			if c < '0' || c > '9' {
				n = -1
				break
			}
			n = n*10 + int(c-'0')
		}
		if n >= 0 {
			return n
		}
	}
	i, _ := strconv.Atoi(strings.TrimSpace(string(v)))
	return i
}

// finite reports a float64 that is neither NaN nor infinite.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
