package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/rules"
)

// FingerprintOf is a finding's identity across runs: the first 16 hex
// digits (64 bits) of SHA-256 over "rule|member|receiver", with member and
// receiver in their case-insensitive form (Key). Counts and wording are left
// out on purpose: a finding whose count grows from 3 to 5, or whose message
// is reworded by a new rule set, is still the same finding; a member whose
// name changed but whose userid did not is still the same member.
func FingerprintOf(rule, member, receiver string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(rule) + "|" + Key(member) + "|" + Key(receiver)))
	return hex.EncodeToString(sum[:8])
}

// assignFingerprints sets every finding's fingerprint. Should a rule ever
// fire twice for the same member and receiver, the second gets "#2" mixed
// in, so that fingerprints stay unique within a report (findings are sorted
// before this runs, so the numbering is deterministic).
func assignFingerprints(fs []Finding) {
	seen := map[string]int{}
	for i := range fs {
		fp := FingerprintOf(fs[i].Rule, fs[i].Member, fs[i].Receiver)
		seen[fp]++
		if n := seen[fp]; n > 1 {
			fp = FingerprintOf(fs[i].Rule+"#"+strconv.Itoa(n), fs[i].Member, fs[i].Receiver)
		}
		fs[i].Fingerprint = fp
	}
}

// Finding statuses against the previous run.
const (
	StatusNew        = "new"
	StatusPersisting = "persisting"
	// StatusEscalated: new this run, and it took the place of a less
	// severe finding of the same member that the previous report had (no
	// receiver, then the deadline passed). The earlier one is not resolved:
	// the risk grew.
	StatusEscalated = "escalated"
)

// FindingHistory is what the earlier reports say about a finding. It is nil
// on a finding when the run was given no previous report or history.
type FindingHistory struct {
	Status     string // StatusNew, StatusPersisting or StatusEscalated
	FirstSeen  Date   // as-of date of the first report, in an unbroken chain, that had it
	MonthsOpen int    // whole calendar months from FirstSeen to the as-of date
	FirstCount int    // its count when first seen
	// PreviousCount is its count in the previous report (0 for new findings).
	PreviousCount int
	// EscalatedFrom lists, for an escalated finding, the findings of the
	// previous report it replaced, in that report's order.
	EscalatedFrom []ReplacedFinding
}

// ReplacedFinding is a finding of the previous report that a more severe
// one of the same member replaced.
type ReplacedFinding struct {
	Fingerprint string
	Rule        string
	Severity    rules.Severity
	Count       int
	CountUnit   string // "" when the report did not say; "none": no count applies
	FirstSeen   Date
}

// FindingWaiver is the accepted risk matched to a finding.
type FindingWaiver struct {
	Reason     string
	AcceptedBy string
	Expires    Date
	// Expired: the waiver ran out before the as-of date; the finding counts
	// again and the report says so.
	Expired bool
}

// Waived reports whether the finding is an accepted risk in force: it stays
// in every report, marked, and does not count toward --fail-on.
func (f Finding) Waived() bool { return f.Waiver != nil && !f.Waiver.Expired }

// History is the comparison with the earlier reports of the series.
type History struct {
	// Previous is the report this one follows (its SHA-256 and as-of), so a
	// series of reports forms a chain a reviewer can check.
	PreviousSHA256 string
	PreviousAsOf   Date
	// Resolved are the previous report's findings that are gone with
	// nothing worse in their place; Escalated those a more severe finding
	// of the same member replaced (FollowedBy names it). A finding of the
	// previous report is in one of the two, or still among the findings.
	Resolved  []ResolvedFinding
	Escalated []ResolvedFinding
	Leavers   []LeaverChange
	// Trend is the findings by severity per run, oldest first, this run last.
	Trend []TrendPoint
}

// ResolvedFinding is a finding of the previous report that this run no
// longer has. It is listed once, in the first report without it.
type ResolvedFinding struct {
	Fingerprint string
	Rule        string
	Severity    rules.Severity
	Member      string
	Receiver    string
	Count       int    // its count when last seen
	CountUnit   string // "" when the report did not say; "none": no count applies
	FirstSeen   Date
	LastSeen    Date // as-of of the previous report
	// FollowedBy lists the rules that fire for the same member this run
	// and did not before: for an escalated finding, the more severe ones
	// that replaced it; for a resolved one, the others (no more severe).
	FollowedBy []string
}

// Leaver changes since the previous run.
const (
	LeaverAppeared   = "appeared"    // a leaver now, not in the previous report
	LeaverHandedOver = "handed_over" // still listed; held customers before, none now
	LeaverExpired    = "expired"     // the handover deadline passed since the previous run
	LeaverRemoved    = "removed"     // no longer among the leavers (account deleted, or back to active)
)

// LeaverChange is one leaver whose state changed since the previous run.
// A count is nil when that report does not have it: the leaver was not
// listed then, or the count was unknown (an unseeable scope, a customer-only
// export); unknown is never shown as 0.
type LeaverChange struct {
	UserID          string
	Name            string
	Change          string
	CustomersBefore *int
	CustomersNow    *int
	ExternalBefore  *int
	ExternalNow     *int
	LimitDate       Date
}

// TrendPoint is one run's findings by severity.
type TrendPoint struct {
	AsOf    Date
	Summary Summary
}

// Waivers is what became of the waiver file's entries.
type Waivers struct {
	Applied int         // findings waived in this run
	Expired []WaiverUse // waivers past their date that matched a finding: it counts again
	Unused  []WaiverUse // waivers that matched no finding
}

// WaiverUse is one waiver file entry, with the finding it matched (if any).
type WaiverUse struct {
	Fingerprint string
	Reason      string
	AcceptedBy  string
	Expires     Date
	Expired     bool
	Line        int // line in the waiver file
	Rule        string
	Member      string
}

// WorstCounted is the most severe finding that counts toward --fail-on:
// waived findings (accepted risks in force) do not.
func (r *Result) WorstCounted() rules.Severity {
	w := rules.SeverityInvalid
	for _, f := range r.Findings {
		if !f.Waived() && f.Severity > w {
			w = f.Severity
		}
	}
	return w
}

// MonthsBetween is the whole calendar months from a to b: 2026-09-30 to
// 2026-11-30 is 2, and so is 2026-08-31 to 2026-10-30 (the end of a shorter
// month counts as the same day). Negative spans give 0.
func MonthsBetween(a, b Date) int {
	if a.IsZero() || b.IsZero() || b.Before(a) {
		return 0
	}
	n := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Time().Day() < a.Time().Day() && b.AddDays(1).Month() == b.Month() {
		n--
	}
	return max(n, 0)
}
