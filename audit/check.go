package audit

import (
	"fmt"
	"sort"
	"strings"
)

// LeavingToday returns inputs in which the member leaves on asOf, for HR's
// question "what would happen if they left today". A member already leaving
// is left as it is. The inputs themselves are not changed.
func LeavingToday(in *Inputs, userid string, asOf Date) (*Inputs, error) {
	k := Key(userid)
	own := *in
	own.Members = make([]*Member, len(in.Members))
	found := false
	for i, m := range in.Members {
		c := *m
		if Key(m.UserID) == k {
			found = true
			if !c.Status.Leaving() && !in.NamedInSheet(userid) {
				c.Status = Departing
				c.DepartureDate = asOf
			}
		}
		own.Members[i] = &c
	}
	if !found {
		return nil, fmt.Errorf("no member %q in the roster", userid)
	}
	return &own, nil
}

// NamedInSheet reports whether HR's handover sheet names the member.
func (in *Inputs) NamedInSheet(userid string) bool {
	key := Key(userid)
	for _, h := range in.Handovers {
		if Key(h.UserID) == key {
			return true
		}
	}
	return false
}

// Suggest returns up to n userids close to a mistyped one, each shown as
// "userid (name)": by edit distance on the userid, and by the name when the
// text given is a member's name.
func Suggest(in *Inputs, typed string, n int) []string {
	k := Key(typed)
	type cand struct {
		m    *Member
		dist int
	}
	var cs []cand
	for _, m := range in.Members {
		d := editDistance(k, Key(m.UserID))
		if m.Name != "" && (m.Name == strings.TrimSpace(typed) || strings.Contains(m.Name, strings.TrimSpace(typed))) {
			d = 0
		}
		// Only suggest what is plausibly the same person.
		if d <= max(2, len([]rune(k))/3) {
			cs = append(cs, cand{m, d})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].dist != cs[j].dist {
			return cs[i].dist < cs[j].dist
		}
		return Key(cs[i].m.UserID) < Key(cs[j].m.UserID)
	})
	var out []string
	for i := 0; i < len(cs) && i < n; i++ {
		s := cs[i].m.UserID
		if cs[i].m.Name != "" {
			s += " (" + cs[i].m.Name + ")"
		}
		out = append(out, s)
	}
	return out
}

// editDistance is the Levenshtein distance over runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
