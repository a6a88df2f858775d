package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// cleanText trims the spaces people and exports leave around values:
// ASCII space, the ideographic space U+3000, no-break space, zero-width
// space and a stray BOM.
//
// Every cell of every row passes here, several times (a contacts export has
// millions), and nearly all of them need no trimming: so each end is looked
// at byte by byte while it is ASCII, and only a non-ASCII end rune that is
// blank goes to strings.TrimLeftFunc/TrimRightFunc. The result is the same
// as strings.TrimFunc(s, isBlank) for every input, invalid UTF-8 included
// (FuzzCleanText holds the two together).
func cleanText(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && asciiSpace[s[i]] {
		i++
	}
	if i < len(s) && s[i] >= utf8.RuneSelf {
		if r, _ := utf8.DecodeRuneInString(s[i:]); isBlank(r) {
			return strings.TrimRightFunc(strings.TrimLeftFunc(s[i:], isBlank), isBlank)
		}
	}
	s = s[i:]
	j := len(s)
	for j > 0 && s[j-1] < utf8.RuneSelf && asciiSpace[s[j-1]] {
		j--
	}
	if j > 0 && s[j-1] >= utf8.RuneSelf {
		if r, _ := utf8.DecodeLastRuneInString(s[:j]); isBlank(r) {
			return strings.TrimRightFunc(s[:j], isBlank)
		}
	}
	return s[:j]
}

// isBlank is what cleanText trims. Unicode's White_Space ends at U+3000,
// so Chinese text (U+4E00 on) is told without unicode.IsSpace's tables.
func isBlank(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return r >= 0 && asciiSpace[r]
	case r > '\u3000':
		return r == '\ufeff'
	}
	return unicode.IsSpace(r) || r == '\u3000' || r == '\u200b'
}

// asciiSpace: the ASCII bytes unicode.IsSpace is true for (the only ASCII
// runes isBlank is true for).
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// foldText is cleanText plus full-width to half-width (２０２６ → 2026,
// ＹＥＳ → YES, ； → ;), for values that are codes rather than prose:
// userids, numbers, dates, yes/no and statuses (docs/spec.md §2.5). Names keep
// their full-width characters.
func foldText(s string) string {
	s = cleanText(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			// Only the halfwidth and fullwidth forms block (and U+3000)
			// fold; most non-ASCII text (客户, 张三) has none, and folding
			// costs more than looking (a contacts export has a million).
			for _, r := range s[i:] {
				if r == '\u3000' || (r >= 0xFF00 && r <= 0xFFEF) {
					return cleanText(width.Fold.String(s))
				}
			}
			return s
		}
	}
	return s
}

// userID normalises a userid as written: WeCom userids are ASCII letters,
// digits, '.', '_' and '-' (D19), so full-width forms are folded and
// invisible format characters removed (stripMarks); case is kept for
// display and ignored for matching (audit.Key).
func userID(s string) string {
	u, _ := userIDMarks(s)
	return u
}

// userIDMarks is userID, and the invisible marks it removed from inside the
// id ("" when none). The readers report those as a data problem: a right-to-left
// mark before d_iso prints exactly like d_iso, so without removing it the
// member's contacts go to an owner "not in the roster" nobody can see.
func userIDMarks(s string) (id, marks string) {
	u := foldText(s)
	for i := 0; i < len(u); i++ {
		if u[i] >= utf8.RuneSelf {
			return stripMarks(u)
		}
	}
	return u, ""
}

// stripMarks removes Unicode format characters (category Cf: bidi marks,
// embeddings and isolates, ZWJ, ZWNJ, word joiner, soft hyphen, BOM, …)
// from s, and names those removed as U+XXXX, one of each, in order.
func stripMarks(s string) (out, marks string) {
	if strings.IndexFunc(s, isMark) < 0 {
		return s, ""
	}
	var b, m strings.Builder
	seen := map[rune]bool{}
	for _, r := range s {
		if !isMark(r) {
			b.WriteRune(r)
			continue
		}
		if !seen[r] {
			seen[r] = true
			if m.Len() > 0 {
				m.WriteString(", ")
			}
			fmt.Fprintf(&m, "U+%04X", r)
		}
	}
	return cleanText(b.String()), m.String()
}

func isMark(r rune) bool { return r >= 0xAD && unicode.Is(unicode.Cf, r) }

// markProblem records the invisible marks removed from a userid cell.
func (r *reader) markProblem(t *table, n, f int, raw, id, marks string) {
	r.probs.add(t.place(n, f), rules.Msg("ingest.value.invisible_marks", catalog.Args{"value": strconv.Quote(cleanText(raw)), "marks": marks, "userid": id}))
}

// splitDepartments splits on ';' and '；' (D19: the template joins several
// departments with the full-width one); the first is the main department.
func splitDepartments(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' }) {
		if p = cleanText(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// boolWords are the yes/no words of rules/vocabulary.yaml, keyed as a cell
// is compared (wordKey).
var boolWords = vocabTable("yes_no", map[string]bool{"yes": true, "no": false})

// vocabTable maps every word of a vocabulary's meanings, keyed as a cell
// is compared (wordKey), to what the reader makes of the meaning.
func vocabTable[V any](vocab string, meanings map[string]V) map[string]V {
	v := rules.Vocabulary()
	out := map[string]V{}
	for m, val := range meanings {
		for _, w := range v.Meaning(vocab, m) {
			out[wordKey(w)] = val
		}
	}
	return out
}

// wordKey is how a cell is compared with a vocabulary's words: full-width
// folded and lower case (rules.FoldWord says the same of a trimmed word).
func wordKey(s string) string { return strings.ToLower(foldText(s)) }

// parseBool reads every yes/no form of docs/spec.md §2.5, case-insensitively and
// after full-width folding. Boolean xlsx cells arrive as TRUE/FALSE.
func parseBool(s string) (v, ok bool) {
	v, ok = boolWords[wordKey(s)]
	return v, ok
}

// parseTri reads a yes/no cell; ok is false when it is not empty and not
// readable. An empty cell is audit.Unknown with ok true.
func parseTri(s string) (audit.Tri, bool) {
	if foldText(s) == "" {
		return audit.Unknown, true
	}
	v, ok := parseBool(s)
	switch {
	case !ok:
		return audit.Unknown, false
	case v:
		return audit.Yes, true
	}
	return audit.No, true
}

// statusWords are HR's status words and WeCom's own member states (the
// console's 账号状态 and the API's user status: 1 已激活 activated, 2 已禁用
// disabled, 4 未激活 not activated, 5 退出企业 quit). A member who has quit
// the enterprise has left; activated, disabled and not activated members
// are still employed (whether they may receive is the activation column's
// business, which reads the same words).
var statusWords = vocabTable("status", map[string]audit.Status{
	"active": audit.Active, "departing": audit.Departing, "departed": audit.Departed,
})

// parseStatus reads a roster status (docs/spec.md §2.1); ok is false for a value
// that is none of them, which the roster reads as audit.StatusUnknown,
// never as active. Empty is active.
func parseStatus(s string) (audit.Status, bool) {
	t := wordKey(s)
	if t == "" {
		return audit.Active, true
	}
	st, ok := statusWords[t]
	return st, ok
}

// activation is a roster activated cell.
type activation struct {
	Activated audit.Tri
	Disabled  bool
	// Unreadable: the cell holds a word that is none of the above.
	Unreadable bool
}

// activationWords: a disabled member (已禁用) cannot log in; whether it was
// ever activated is not known, so only Disabled says something. A member
// who has quit can no longer log in either, like a disabled one.
var activationWords = vocabTable("activation", map[string]activation{
	"activated":     {Activated: audit.Yes},
	"not_activated": {Activated: audit.No},
	"disabled":      {Disabled: true},
})

// parseActivation reads 激活状态/账号状态: 已激活/未激活/已禁用 or any
// yes/no form. An empty cell is Unknown with ok true.
func parseActivation(s string) (activation, bool) {
	t := wordKey(s)
	if t == "" {
		return activation{}, true
	}
	if a, ok := activationWords[t]; ok {
		return a, true
	}
	tri, ok := parseTri(t)
	return activation{Activated: tri}, ok
}

var realNameWords = vocabTable("real_name", map[string]audit.Tri{"verified": audit.Yes, "unverified": audit.No})

// parseRealName reads 实名认证: any yes/no form, or 已实名/未实名.
func parseRealName(s string) (audit.Tri, bool) {
	if t, ok := realNameWords[wordKey(s)]; ok {
		return t, true
	}
	return parseTri(s)
}

// kindWords is a contacts row's kind column; true: customer.
var kindWords = vocabTable("kind", map[string]bool{"customer": true, "external": false})

// kindCustomer and kindExternal are WeCom's own two kind words, the first
// of each meaning.
var (
	kindCustomer = rules.Vocabulary().Word("kind", "customer")
	kindExternal = rules.Vocabulary().Word("kind", "external")
)

func parseKind(s string) (customer, ok bool) {
	// WeCom's two words, without a map lookup: every row of an export
	// with a kind column has one (kindWords has them too).
	switch s {
	case kindCustomer:
		return true, true
	case kindExternal:
		return false, true
	}
	if customer, ok = kindWords[s]; ok {
		return customer, ok // as exported, the usual case
	}
	customer, ok = kindWords[wordKey(s)]
	return customer, ok
}

// parseInt reads a whole number as people write it: "5000", "5,000",
// "５０００", "5000.0" (a number cell from a CSV round trip). A fraction or
// anything else is not ok.
func parseInt(s string) (int, bool) {
	t := foldText(s)
	if t == "" {
		return 0, false
	}
	neg := false
	if t[0] == '-' || t[0] == '+' {
		neg = t[0] == '-'
		t = t[1:]
	}
	if i := strings.IndexByte(t, '.'); i >= 0 {
		frac := t[i+1:]
		if strings.Trim(frac, "0") != "" {
			return 0, false
		}
		t = t[:i]
	}
	if strings.IndexByte(t, ',') >= 0 {
		// Thousands separators only in their places: 1,234,567.
		parts := strings.Split(t, ",")
		if len(parts[0]) == 0 || len(parts[0]) > 3 {
			return 0, false
		}
		for _, p := range parts[1:] {
			if len(p) != 3 {
				return 0, false
			}
		}
		t = strings.Join(parts, "")
	}
	if t == "" {
		return 0, false
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(t)
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// Excel serial day numbers read as dates only in this window (1950 to
// 2199): a bare 3 or 13800138000 in a date column is a mistake to report,
// not a day in 1900 or the year 37,000,000.
const (
	minSerial = 18264  // 1950-01-01
	maxSerial = 109574 // 2199-12-31
)

// excelEpoch is day 0 of Excel's 1900 date system for serials after
// 1900-02-28: Excel counts a 29 February 1900 that never was, so its day 1
// (1900-01-01) is 1899-12-31 plus one and later days are off by one.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// parseDate reads a date cell (docs/spec.md §2.5): 2026-11-03, 2026/11/3,
// 2026.11.3, 2026年11月3日, any of those followed by a time, 20261103, an
// ISO timestamp, a date-formatted cell and a bare Excel serial number. The
// time of day is dropped: every rule counts whole days. ok is false for
// anything else, including an empty cell.
func parseDate(c Cell) (audit.Date, bool) {
	if c.Kind == KindDate {
		if d, ok := readerDate(c.Text); ok {
			return d, true
		}
	}
	s := foldText(c.Text)
	if s == "" {
		return audit.Date{}, false
	}
	if d, ok := parseYMD(s); ok {
		return d, true
	}
	if isPlainNumber(s) {
		if len(s) == 8 && s[0] != '-' && !strings.ContainsAny(s, ".eE") {
			// 20261103: a compact date, never a serial (that would be the
			// year 57,000).
			y, _ := strconv.Atoi(s[:4])
			m, _ := strconv.Atoi(s[4:6])
			d, _ := strconv.Atoi(s[6:])
			return validDate(y, m, d)
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < minSerial || f >= maxSerial+1 {
			return audit.Date{}, false
		}
		return audit.DateOf(excelEpoch.AddDate(0, 0, int(f))), true
	}
	return audit.Date{}, false
}

// readerDate reads a date cell's text as the xlsx readers write it
// (appendDateTime): "2006-01-02", or "2006-01-02 15:04:05". It is parseYMD
// for just those two shapes, without the trimming and the general parse a
// contacts export's million dates would pay for (issue 8); anything else is
// false and left to parseDate's general path.
func readerDate(s string) (audit.Date, bool) {
	num := func(i, n int) int {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	switch {
	case len(s) == 10:
	case len(s) == 19 && s[10] == ' ' && s[13] == ':' && s[16] == ':':
		if h, mi, sec := num(11, 2), num(14, 2), num(17, 2); h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60 {
			return audit.Date{}, false
		}
	default:
		return audit.Date{}, false
	}
	y, m, d := num(0, 4), num(5, 2), num(8, 2)
	if s[4] != '-' || s[7] != '-' || y < 0 || m < 0 || d < 0 {
		return audit.Date{}, false
	}
	return validDate(y, m, d)
}

// dateYear, dateMonth and dateDay are the marks of a date written
// 2026年11月3日 (rules/vocabulary.yaml, date_marks).
var (
	dateYear  = rules.Vocabulary().Word("date_marks", "year")
	dateMonth = rules.Vocabulary().Word("date_marks", "month")
	dateDay   = rules.Vocabulary().Word("date_marks", "day")
)

// parseYMD reads year, month and day in that order with one separator kind
// (- / . or 年月日), then an optional time.
func parseYMD(s string) (audit.Date, bool) {
	y, rest, ok := digits(s, 4, 4)
	if !ok || rest == "" {
		return audit.Date{}, false
	}
	var sep1, sep2, end string
	switch {
	case strings.HasPrefix(rest, dateYear):
		sep1, sep2, end = dateYear, dateMonth, dateDay
	case rest[0] == '-' || rest[0] == '/' || rest[0] == '.':
		sep1, sep2 = rest[:1], rest[:1]
	default:
		return audit.Date{}, false
	}
	rest = rest[len(sep1):]
	m, rest, ok := digits(rest, 1, 2)
	if !ok || !strings.HasPrefix(rest, sep2) {
		return audit.Date{}, false
	}
	d, rest, ok := digits(rest[len(sep2):], 1, 2)
	if !ok {
		return audit.Date{}, false
	}
	if end != "" {
		if !strings.HasPrefix(rest, end) {
			return audit.Date{}, false
		}
		rest = rest[len(end):]
	}
	if rest != "" && !validTimeSuffix(rest) {
		return audit.Date{}, false
	}
	return validDate(y, m, d)
}

// validTimeSuffix accepts what exports put after a date: " 14:05",
// " 14:05:06", "T14:05:06.123Z", "T14:05:06+08:00".
func validTimeSuffix(s string) bool {
	if s[0] == 'T' {
		s = s[1:]
	} else {
		t := strings.TrimLeft(s, " ")
		if len(t) == len(s) {
			return false
		}
		s = t
	}
	h, s, ok := digits(s, 1, 2)
	if !ok || h > 23 || !strings.HasPrefix(s, ":") {
		return false
	}
	mi, s, ok := digits(s[1:], 2, 2)
	if !ok || mi > 59 {
		return false
	}
	if strings.HasPrefix(s, ":") {
		var sec int
		if sec, s, ok = digits(s[1:], 2, 2); !ok || sec > 60 {
			return false
		}
		if strings.HasPrefix(s, ".") {
			if _, s, ok = digits(s[1:], 1, 9); !ok {
				return false
			}
		}
	}
	switch {
	case s == "" || s == "Z":
		return true
	case s[0] == '+' || s[0] == '-':
		oh, r, ok := digits(s[1:], 2, 2)
		if !ok || oh > 14 {
			return false
		}
		r = strings.TrimPrefix(r, ":")
		om, r, ok := digits(r, 2, 2)
		return ok && om <= 59 && r == ""
	}
	return false
}

// digits reads between lo and hi ASCII digits from the start of s.
func digits(s string, lo, hi int) (n int, rest string, ok bool) {
	i := 0
	for i < len(s) && i < hi && s[i] >= '0' && s[i] <= '9' {
		n = n*10 + int(s[i]-'0')
		i++
	}
	if i < lo {
		return 0, s, false
	}
	return n, s[i:], true
}

func validDate(y, m, d int) (audit.Date, bool) {
	if y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return audit.Date{}, false
	}
	if d > daysIn(y, m) {
		return audit.Date{}, false // 2026-02-30
	}
	return audit.NewDate(y, time.Month(m), d), true
}

// daysIn is the length of month m (1–12) of year y in the proleptic
// Gregorian calendar, as package time counts: asking time.Date whether the
// day survives normalisation cost a second time.Date a date cell (a contacts
// export has a million).
func daysIn(y, m int) int {
	if m == 2 {
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return monthDays[m]
}

var monthDays = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// hasHan reports Chinese characters, for telling Chinese headers.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// fnv64a is FNV-1a 64 (as hash/fnv's New64a) over a string, without the
// allocation of a hash.Hash per contact row.
func fnv64a(parts ...string) uint64 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	for i, p := range parts {
		if i > 0 {
			h ^= 0
			h *= prime
		}
		for j := 0; j < len(p); j++ {
			h ^= uint64(p[j])
			h *= prime
		}
	}
	return h
}
