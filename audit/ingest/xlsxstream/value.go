package xlsxstream

import (
	"bytes"
	"math"
	"strconv"
	"strings"
)

// Cell values as the excelize reader (excelize.go) gives them, computed from the
// stored text without excelize. Each function names the excelize code it
// follows; the differential tests hold them to it.

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

// plainSerial reads a date cell's stored serial in the form Excel and
// exporters write it — up to six digits without a leading zero, optionally
// a point and more digits — into whole days and the second of the day,
// exactly as appendNumber's general path gets them through
// appendNumberText, the six-decimal text the excelize reader prints and
// dateCell, but from the digits, without the six float conversions that
// path makes (a contacts export has a million date cells, issue 8).
//
// Why rounding the text to six decimals is exact: below 1,000,000 the
// value that path rounds to six decimals (the float64 of the text, or of
// its 15 significant digits when the shortest form is longer) is within
// 6.2e-10 of the text's own value (half a unit in the 9th decimal, plus
// two float64 roundings of at most 2^-34 each). So both round alike unless
// the digits after the 6th decimal are within 0.00062 of a half: those
// whose next three are "499" or "500" are false and left to the general
// path, with every other form (exact halves included: which way they go
// depends on the float64). The second of the day is then
// round(micro × 0.0864) (dateCell's round((f-days)×86400)), which is never
// within 0.0008 of a half, far more than float64's error there.
func plainSerial(v []byte) (days, secs int, ok bool) {
	i := 0
	for i < len(v) && '0' <= v[i] && v[i] <= '9' {
		days = days*10 + int(v[i]-'0')
		i++
	}
	if i == 0 || i > 6 || (i > 1 && v[0] == '0') {
		return 0, 0, false
	}
	micro := 0
	if i < len(v) {
		if v[i] != '.' || i+1 == len(v) {
			return 0, 0, false
		}
		frac := v[i+1:]
		for j, c := range frac {
			if c < '0' || c > '9' {
				return 0, 0, false
			}
			if j < 6 {
				micro = micro*10 + int(c-'0')
			}
		}
		for j := len(frac); j < 6; j++ {
			micro *= 10
		}
		if len(frac) > 6 {
			next := [3]byte{'0', '0', '0'}
			copy(next[:], frac[6:])
			switch string(next[:]) {
			case "499", "500":
				return 0, 0, false
			}
			if next[0] >= '5' {
				micro++
			}
		}
	}
	total := days*1_000_000 + micro // a carry may make a whole day
	days, micro = total/1_000_000, total%1_000_000
	return days, min((micro*864+5000)/10000, 86399), true
}
