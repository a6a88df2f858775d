package xlsxstream

import (
	"fmt"
	"html"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzFastVsExcelize mutates a sheet's XML and its shared-string table
// inside an otherwise valid workbook and reads it with both readers: they
// must give the same rows, whatever the fast reader hands to excelize on
// the way, and neither may panic. The corpus it found worth keeping is in
// testdata/fuzz/FuzzFastVsExcelize.
func FuzzFastVsExcelize(f *testing.F) {
	for _, seed := range fastFuzzSeeds() {
		f.Add([]byte(seed.sheet), []byte(seed.sst))
	}
	f.Fuzz(func(t *testing.T, sheet, sstXML []byte) {
		if fastFuzzOutOfReach(sheet, sstXML) {
			// Out of the target's reach, not of the readers' contract: a
			// row number in the hundreds of thousands makes both readers
			// hand out that many empty rows, slow and nothing new (the
			// row past the last is in fastRawCases). Only a row or cell
			// reference is skipped this way, never a value: numbers of
			// any length are fuzzed.
			t.Skip()
		}
		// A hung reader shows itself with every goroutine's stack.
		watchdog := time.AfterFunc(20*time.Second, func() {
			debug.SetTraceback("all")
			panic(fmt.Sprintf("reading took over 20 s: sheet %q sst %q", sheet, sstXML))
		})
		defer watchdog.Stop()
		path := fastRawWorkbook(t, fastSheetHead+string(sheet)+fastSheetTail, string(sstXML))
		want, _, werr := fastReadAllSafe(t, path, false)
		got, handed, gerr := fastReadAllSafe(t, path, true)
		if (werr != nil) != (gerr != nil) {
			t.Fatalf("excelize error %v, fast error %v", werr, gerr)
		}
		if gerr == nil && handed >= 0 {
			// A table the fast reader reads whole, OpenHead reads the same
			// on demand.
			head, _, herr := fastReadAllAs(path, true, true)
			if herr != nil {
				t.Fatalf("OpenHead: %v", herr)
			}
			if d := fastSheetsDiff(got, head); d != "" {
				t.Fatalf("OpenHead against Open: %s", d)
			}
		}
		if werr != nil {
			return
		}
		for i := range want {
			w, g := want[i], got[i]
			if len(w.Rows) != len(g.Rows) {
				t.Fatalf("sheet %s: excelize %d rows, fast %d", w.Name, len(w.Rows), len(g.Rows))
			}
			for j := range w.Rows {
				if !fastRowEqual(w.Rows[j], g.Rows[j]) {
					t.Fatalf("row %d:\nexcelize %s\nfast     %s", j+1, w.Rows[j], g.Rows[j])
				}
			}
			if (w.Err == "") != (g.Err == "") {
				t.Fatalf("excelize error %q, fast error %q", w.Err, g.Err)
			}
		}
		// And again with a window of a few bytes, chosen by the input, so
		// that the fuzzer's markup also straddles refills (issue 12).
		n := 1 + (len(sheet)+len(sstXML))%37
		old := scanWindow
		scanWindow = n
		small, _, serr := fastReadAllSafe(t, path, true)
		scanWindow = old
		if serr != nil {
			t.Fatalf("window %d: fast error %v", n, serr)
		}
		if d := fastSheetsDiff(want, small); d != "" {
			t.Fatalf("window %d: %s", n, d)
		}
	})
}

// fastFuzzSeed is one seed of FuzzFastVsExcelize.
type fastFuzzSeed struct{ sheet, sst string }

// fastFuzzSeeds are FuzzFastVsExcelize's seeds: a few hand-written sheets,
// the fast cell path's shapes (long numbers included) and the scanner's
// edge cases, but for the one whose row is past the sheet's last, which
// TestFastRawSheets reads.
func fastFuzzSeeds() []fastFuzzSeed {
	var seeds []fastFuzzSeed
	sst := fastSST(`<t>zero</t>`, `<t xml:space="preserve"> one </t>`,
		`<r><rPr><b/></rPr><t>rich</t></r><r><t> text</t></r>`,
		`<t>张三</t><phoneticPr fontId="1" type="noConversion"/>`,
		`<t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh>`,
		`<t>a &amp; b &#x4E2D; _x0041_</t>`)
	for _, s := range []string{
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>3</v></c><c r="C1" t="s"><v>2</v></c></row><row r="3"><c r="B3" s="1"><v>46329.5</v></c><c r="C3" t="inlineStr"><is><t>x&lt;y</t></is></c></row>`,
		`<row><c><v>1</v></c><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c></row><row r="4"/><row r="5"><c r="D5" s="3"><v>61</v></c><c s="2"><v>13800138000</v></c></row>`,
		`<row r="1"><c r="A1"><f>SUM(B1)</f><v>0.30000000000000004</v></c><c r="B1" t="str"><v><![CDATA[a<b]]></v></c><!-- c --></row>`,
		`<x:row r="2"><x:c r="Z2" t="inlineStr"><x:is><x:r><x:t>p</x:t></x:r></x:is></x:c></x:row>`,
		`<row r="2"><c r="A2"><v>2</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>`,
	} {
		seeds = append(seeds, fastFuzzSeed{s, sst})
	}
	// The fast cell path's shapes and the triggers that leave a cell to the
	// general path, for the fuzzer to mutate from, long numbers (date
	// serials, phone numbers) included.
	seeds = append(seeds, fastFuzzSeed{fastCellRows(fastCellShapes()), fastCellSST})
	for _, c := range fastRawCases() {
		if c.name != "row past the last" {
			seeds = append(seeds, fastFuzzSeed{c.sheet, c.sst})
		}
	}
	return seeds
}

// fastFuzzOutOfReach is what the fuzz target skips: inputs over 64 KiB,
// and far rows (fastFarRow).
func fastFuzzOutOfReach(sheet, sstXML []byte) bool {
	return len(sheet) > 64<<10 || len(sstXML) > 64<<10 || fastFarRow(sheet)
}

// TestFastFuzzSeedsReachTarget: no seed of FuzzFastVsExcelize is skipped,
// and the skip takes far rows, not long values.
func TestFastFuzzSeedsReachTarget(t *testing.T) {
	for i, s := range fastFuzzSeeds() {
		if fastFuzzOutOfReach([]byte(s.sheet), []byte(s.sst)) {
			t.Errorf("seed %d is skipped by the target: %.200s", i, s.sheet)
		}
	}
	for _, c := range []struct {
		sheet string
		far   bool
	}{
		{`<row r="1"><c r="A1"><v>13800138000</v></c><c r="B1" s="1"><v>46329.5</v></c></row>`, false},
		{`<row r="99999"><c r="A99999"><v>1</v></c></row>`, false},
		{`<row r="100000"/>`, true},
		{`<row><c r="A1048576"><v>1</v></c></row>`, true},
		{`<x:row x:r = '2000000'/>`, true},
		{`<row r="&#49;00000"/>`, true},
		{`<row r="1"><c r="A&#49;"><v>1</v></c></row>`, false},
		{`<row ref="123456" rr="1234567"><c r="A1"><v>1234567</v></c></row>`, false},
	} {
		if got := fastFarRow([]byte(c.sheet)); got != c.far {
			t.Errorf("fastFarRow(%s) = %v; want %v", c.sheet, got, c.far)
		}
	}
}

// fastFarRowLimit is the largest row number the fuzz target reads.
const fastFarRowLimit = 99999

// fastFarRow reports an r attribute (of a row or a cell, any prefix, any
// quotes and spaces) whose row number is above fastFarRowLimit, or that
// holds a character reference, which could spell such a number and is
// not worth decoding here.
func fastFarRow(b []byte) bool {
	for i := 0; i < len(b); i++ {
		if b[i] != 'r' || (i > 0 && !fastAttrStart(b[i-1])) {
			continue
		}
		j := i + 1
		for j < len(b) && fastSpace(b[j]) {
			j++
		}
		if j >= len(b) || b[j] != '=' {
			continue
		}
		for j++; j < len(b) && fastSpace(b[j]); j++ {
		}
		if j >= len(b) || (b[j] != '"' && b[j] != '\'') {
			continue
		}
		q := b[j]
		end := j + 1
		for end < len(b) && b[end] != q {
			end++
		}
		v := string(b[j+1 : end])
		if strings.Contains(v, "&") {
			v = html.UnescapeString(v)
		}
		n, digits := 0, 0
		for _, c := range v {
			switch {
			case '0' <= c && c <= '9':
				if digits++; digits > 12 {
					return true
				}
				n = n*10 + int(c-'0')
			}
		}
		if n > fastFarRowLimit {
			return true
		}
	}
	return false
}

func fastAttrStart(c byte) bool { return fastSpace(c) || c == ':' }

func fastSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// fastReadAllSafe is fastReadAll that skips inputs on which excelize
// itself panics: its bugs are not the fast reader's to match.
func fastReadAllSafe(t *testing.T, path string, fast bool) (s []fastSheetRows, h int, err error) {
	defer func() {
		if r := recover(); r != nil {
			if !fast {
				t.Skipf("excelize panics: %v", r)
			}
			panic(r)
		}
	}()
	return fastReadAll(path, fast)
}

// TestFastShortNumbers: what shortNumber accepts, numberText returns as
// it is.
func TestFastShortNumbers(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(s string) {
		b := []byte(s)
		if got, _, _ := appendNumberText(nil, b); string(got) != numberText(s) {
			t.Fatalf("appendNumberText(%q) = %q, numberText %q", s, got, numberText(s))
		}
		if !shortNumber(b) {
			return
		}
		if got := numberText(s); got != s {
			t.Fatalf("shortNumber(%q) but numberText gives %q", s, got)
		}
	}
	for _, s := range []string{"0", "-0", "0.5", "-0.5", "13800138000", "123456789012345", "-12345678901234", "1.23456789012345", "0.000000000000001", "99999999999999.9"} {
		check(s)
	}
	for i := 0; i < 200000; i++ {
		var s string
		switch i % 3 {
		case 0:
			s = strconv.FormatFloat(rng.NormFloat64()*math.Pow(10, float64(rng.IntN(30)-15)), 'f', -1, 64)
		case 1:
			s = strconv.FormatInt(rng.Int64N(1e15)-5e14, 10)
		default:
			digits := rng.IntN(16) + 1
			var b strings.Builder
			for d := 0; d < digits; d++ {
				b.WriteByte(byte('0' + rng.IntN(10)))
			}
			s = b.String()
			if p := rng.IntN(digits + 1); p > 0 && p < digits {
				s = s[:p] + "." + s[p:]
			}
			if rng.IntN(2) == 0 {
				s = "-" + s
			}
		}
		check(s)
	}
	for _, s := range []string{"44000.000011574074", "0.30000000000000004", "1_0", "NaN", "-Inf", "1e400", "0x1p3", " 1"} {
		check(s)
	}
	for _, s := range []string{"00", "1.0", "1.", ".5", "+1", "1e5", "1234567890123456", "-123456789012345", ""} {
		if shortNumber([]byte(s)) {
			t.Errorf("shortNumber(%q) accepted", s)
		}
	}
}

// TestPlainSerial: what plainSerial reads gives the very day and second the
// general date path gives (appendNumberText, six decimals, dateCell), in
// both date systems; near-halves are left to that path; and the serials
// exports write are read by it, not left.
func TestPlainSerial(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	taken := 0
	check := func(s string) bool {
		days, secs, ok := plainSerial([]byte(s))
		if !ok {
			return false
		}
		taken++
		_, x, num := appendNumberText(nil, []byte(s))
		for _, d1904 := range []bool{false, true} {
			want := dateCell(strconv.FormatFloat(x, 'f', 6, 64), d1904)
			got := string(appendSerial(nil, days, secs, d1904))
			if !num || want.Kind != KindDate || got != want.Text {
				t.Fatalf("plainSerial(%q), 1904 %v: %s; the general path gives %+v", s, d1904, got, want)
			}
		}
		return true
	}
	digits := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
		return b.String()
	}
	intPart := func() string {
		s := strconv.Itoa(rng.IntN(1_000_000))
		if rng.IntN(4) == 0 {
			s = strconv.Itoa(rng.IntN(100))
		}
		return s
	}
	// Moments to the minute, as exports and excelize write them (the
	// shortest form of day + fraction), are all read here; to the second,
	// all but the multiples of 27 s, which are exact halves in the 7th
	// decimal (1.9%).
	for i := 0; i < 100_000; i++ {
		s := strconv.FormatFloat(float64(rng.IntN(60000))+float64(rng.IntN(1440))/1440, 'f', -1, 64)
		if !check(s) {
			t.Fatalf("plainSerial(%q) left to the general path", s)
		}
	}
	for i := 0; i < 100_000; i++ {
		sec := rng.IntN(86400)
		s := strconv.FormatFloat(float64(rng.IntN(60000))+float64(sec)/86400, 'f', -1, 64)
		if !check(s) && sec%27 != 0 {
			t.Fatalf("plainSerial(%q) left to the general path", s)
		}
	}
	if taken < 197_000 {
		t.Fatalf("plainSerial read %d of 200,000 export serials", taken)
	}
	// Any digits, and digits a hair either side of a half after the 6th
	// decimal, where the general path's double rounding could differ.
	for i := 0; i < 300_000; i++ {
		var s string
		switch i % 4 {
		case 0:
			s = intPart()
			if n := rng.IntN(20); n > 0 {
				s += "." + digits(n)
			}
		case 1:
			s = strconv.FormatFloat(rng.Float64()*1_000_000, 'f', -1, 64)
		case 2:
			near := []string{"4999", "5000", "49999999999", "50000000000", "4989999", "5010000", "9999999", "0000001"}[rng.IntN(8)]
			s = intPart() + "." + digits(6) + near + digits(rng.IntN(8))
		default:
			s = intPart() + "." + strings.Repeat("9", 6+rng.IntN(12))
		}
		check(s)
	}
	for _, s := range []string{"999999.9999996", "60.9999999", "61", "0", "0.5", "46317.84861111111", "45961.21319444445"} {
		if !check(s) {
			t.Errorf("plainSerial(%q) left to the general path", s)
		}
	}
	for _, s := range []string{"1000000", "01", "1.", ".5", "-1", "+1", "1e5", "1.5e2", " 1", "1_0", "46317.1234565", "46317.1234564999999999", ""} {
		if _, _, ok := plainSerial([]byte(s)); ok {
			t.Errorf("plainSerial(%q) read it", s)
		}
	}
}

// TestAppendSerial: appendSerial writes what dateCell's time.Time path
// writes, for every day plainSerial can read (up to 999,999 and the carry
// past it) in both date systems, at midnight and at a moment of the day
// that moves across it from day to day (every second of it by day 86,400).
func TestAppendSerial(t *testing.T) {
	var want, got []byte
	for _, d1904 := range []bool{false, true} {
		for days := 0; days <= 1_000_000; days++ {
			for _, secs := range []int{0, (days * 7919) % 86400} {
				want = appendDateTime(want[:0], serialTime(days, secs, d1904))
				if got = appendSerial(got[:0], days, secs, d1904); string(got) != string(want) {
					t.Fatalf("day %d, second %d, 1904 %v: %s, want %s", days, secs, d1904, got, want)
				}
			}
		}
	}
}
