package ingest

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"
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

// shortNumberValue is the float64 of text shortNumber accepted: at most 15
// digits make an exact integer mantissa, and one division by an exact power
// of ten rounds correctly (the fast path of strconv.ParseFloat).
func shortNumberValue(b []byte) float64 {
	neg := b[0] == '-'
	if neg {
		b = b[1:]
	}
	var m uint64
	frac := -1
	for _, c := range b {
		if c == '.' {
			frac = 0
			continue
		}
		m = m*10 + uint64(c-'0')
		if frac >= 0 {
			frac++
		}
	}
	f := float64(m)
	if frac > 0 {
		f /= pow10[frac]
	}
	if neg {
		f = -f
	}
	return f
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// Serial numbers whose date this file computes itself: from 1900-03-02,
// past excelize's Julian-calendar branch and the 1900 leap-year quirks,
// to 9999-12-31. Others go to dateOracle.
const (
	minFastSerial = 62
	maxFastSerial = 2958466
)

// appendSerialDate appends what the excelize reader gives for serial x in a
// date-formatted cell — the text of xlsx.go's date format
// yyyy-mm-dd hh:mm:ss, without a midnight time — following excelize's
// timeFromExcelTime for 62 <= x < 2958466: whole days from the epoch, the
// fraction (plus excelize's 1e-9) truncated to nanoseconds, then rounded to
// the second when the milliseconds pass 500 and truncated otherwise.
func appendSerialDate(dst []byte, x float64, date1904 bool) []byte {
	whole := int64(x)
	floatPart := x - float64(whole) + 1e-9
	ns := int64(time24h * floatPart)
	secs := ns / 1e9
	if (ns%1e9)/1e6 > 500 {
		secs++
	}
	days := whole + secs/86400
	sod := secs % 86400
	if date1904 {
		days += 1462 // 1904-01-01 is serial 1462 of the 1900 system's epoch 1899-12-30
	}
	y, m, d := civilFromDays(days - 25569) // 1899-12-30 is 25,569 days before 1970-01-01
	dst = strconv.AppendInt(dst, int64(y), 10)
	dst = append(dst, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
	if sod != 0 {
		h, mi, s := sod/3600, sod/60%60, sod%60
		dst = append(dst, ' ', byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10),
			':', byte('0'+s/10), byte('0'+s%10))
	}
	return dst
}

// dateSerial is, for the usual stored date, the value excelize formats
// it from without the cost of printing and parsing it again: a date with a
// time of day is stored with 17 digits, and excelize rounds it to 15
// (numberText) first. For 10000 <= x < 100000 (1927 to 2173) that is
// rounding x·1e10 to an integer, which float64 does exactly unless the
// product lies within rounding error of a half; those, and everything
// else, are false here and take the general path.
func dateSerial(v []byte) (float64, bool) {
	if len(v) < 5 || v[0] < '1' || v[0] > '9' {
		return 0, false
	}
	for _, c := range v {
		if (c < '0' || c > '9') && c != '.' {
			return 0, false
		}
	}
	x, err := strconv.ParseFloat(string(v), 64)
	if err != nil || x < 10000 || x >= 100000 {
		return 0, false
	}
	p := x * 1e10
	fl := math.Floor(p)
	d := p - fl
	if d > 0.4 && d < 0.6 {
		return 0, false
	}
	if d >= 0.5 {
		fl++
	}
	return fl / 1e10, true
}

// time24h is excelize's nanosInADay.
const time24h = float64(24 * 60 * 60 * 1e9)

// civilFromDays turns days since 1970-01-01 into a Gregorian date (Howard
// Hinnant's days_from_civil, inverted).
func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	yy := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd := doy - (153*mp+2)/5 + 1
	mm := mp + 3
	if mm > 12 {
		mm -= 12
	}
	if mm <= 2 {
		yy++
	}
	return int(yy), int(mm), int(dd)
}

// dateOracle asks excelize itself what a date-formatted number cell reads
// as, for the serial numbers appendSerialDate leaves out (before March 1900,
// past 9999, negative, NaN): one in-memory workbook with xlsx.go's date
// format, one cell set and read back. Slow (microseconds) but exact, and
// such cells are rare; answers are cached.
type dateOracle struct {
	mu    sync.Mutex
	f     *excelize.File
	cache map[string]string
	err   error
}

var dateOracles [2]dateOracle // 1900 and 1904 date systems

// dateOracleCacheMax bounds the cache: a sheet of distinct odd serials
// costs time, not memory.
const dateOracleCacheMax = 4096

func askDateOracle(v string, date1904 bool) (string, error) {
	o := &dateOracles[0]
	if date1904 {
		o = &dateOracles[1]
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if r, ok := o.cache[v]; ok {
		return r, nil
	}
	if o.f == nil && o.err == nil {
		o.f, o.err = newDateOracleFile(date1904)
		o.cache = map[string]string{}
	}
	if o.err != nil {
		return "", o.err
	}
	if err := o.f.SetCellDefault("Sheet1", "A1", v); err != nil {
		return "", err
	}
	r, err := o.f.GetCellValue("Sheet1", "A1")
	if err != nil {
		return "", err
	}
	if len(o.cache) < dateOracleCacheMax {
		o.cache[v] = r
	}
	return r, nil
}

func newDateOracleFile(date1904 bool) (*excelize.File, error) {
	f := excelize.NewFile()
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
		return nil, err
	}
	code := `"` + string(dateMark) + `"yyyy-mm-dd hh:mm:ss`
	id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil {
		return nil, err
	}
	if err := f.SetCellStyle("Sheet1", "A1", "A1", id); err != nil {
		return nil, err
	}
	return f, nil
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
