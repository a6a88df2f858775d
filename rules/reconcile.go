package rules

import (
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/catalog"
)

//go:embed reconcile.yaml
var reconcileYAML []byte

// ReconcileYAML returns the embedded reconcile rule set as written.
func ReconcileYAML() []byte { return append([]byte(nil), reconcileYAML...) }

// States a customer or group can be in after a handover (issue #15). They
// are the keys of the reconcile JSON, so they are stable ids.
const (
	StateDone           = "done"
	StateWaiting        = "waiting"
	StateRefused        = "refused"
	StateCapReached     = "cap_reached"
	StateNotStarted     = "not_started"
	StateMovedElsewhere = "moved_elsewhere"
	StateUnknown        = "unknown"
	// StateNormal is a group whose owner is still active (groupchat/list 0).
	StateNormal = "normal"
)

var customerStates = map[string]bool{
	StateDone: true, StateWaiting: true, StateRefused: true, StateCapReached: true,
	StateNotStarted: true, StateMovedElsewhere: true, StateUnknown: true,
}

// ReconcileLimits are the numbers of the reconcile rule set.
type ReconcileLimits struct {
	// OnJobTransfersPerWindow customers may be moved by on-job transfer at
	// most this often per OnJobWindowDays (API/96325; sources say 2, see the
	// YAML's comment).
	OnJobTransfersPerWindow int `yaml:"onjob_transfers_per_window" json:"onjob_transfers_per_window"`
	OnJobWindowDays         int `yaml:"onjob_window_days" json:"onjob_window_days"`
	TakeoverWaitHours       int `yaml:"takeover_wait_hours" json:"takeover_wait_hours"`
	PageSizeMax             int `yaml:"page_size_max" json:"page_size_max"`
}

// Status is one takeover status code of transfer_result or groupchat/list.
type Status struct {
	Code   int      `yaml:"code" json:"code"`
	State  string   `yaml:"state" json:"state"`
	Label  Text     `yaml:"label" json:"label"`
	Source []string `yaml:"source" json:"source"`
}

// ErrorCode is one error code a transfer call returns for a customer or a
// group, and what it means for it.
type ErrorCode struct {
	Code        int      `yaml:"code" json:"code"`
	Scope       string   `yaml:"scope" json:"scope"` // customer or group
	State       string   `yaml:"state" json:"state"`
	Meaning     Text     `yaml:"meaning" json:"meaning"`
	Remediation Text     `yaml:"remediation" json:"remediation"`
	Source      []string `yaml:"source" json:"source"`
}

// Finding is the definition of one reconcile finding.
type ReconcileFinding struct {
	ID          string   `yaml:"id" json:"id"`
	Severity    Severity `yaml:"-" json:"severity"`
	SeverityRaw string   `yaml:"severity" json:"-"`
	Source      []string `yaml:"source" json:"source"`
	Title       Text     `yaml:"title" json:"title"`
	Message     Text     `yaml:"message" json:"message"`
	Remediation Text     `yaml:"remediation" json:"remediation"`
	// Count is the unit of the finding's count, one of CountUnits as the
	// audit rules' (a leaver's customers are relationships).
	Count string `yaml:"count" json:"count_unit"`
}

// ReconcileSet is the validated reconcile rule set.
type ReconcileSet struct {
	Version       string             `yaml:"version"`
	Sources       map[string]string  `yaml:"sources"`
	Limits        ReconcileLimits    `yaml:"limits"`
	Statuses      []Status           `yaml:"statuses"`
	GroupStatuses []Status           `yaml:"group_statuses"`
	Errors        []ErrorCode        `yaml:"errors"`
	Findings      []ReconcileFinding `yaml:"findings"`
}

// Reconcile returns the embedded reconcile rule set.
func Reconcile() *ReconcileSet {
	s, err := ParseReconcile(reconcileYAML)
	if err != nil {
		panic(fmt.Sprintf("embedded rules/reconcile.yaml: %v", err))
	}
	return s
}

// ParseReconcile decodes and validates a reconcile rule set.
func ParseReconcile(b []byte) (*ReconcileSet, error) {
	var s ReconcileSet
	if err := decodeStrict(b, &s); err != nil {
		return nil, fmt.Errorf("reconcile rule set: %w", err)
	}
	s.catalogTexts()
	if err := s.validate(); err != nil {
		return nil, fmt.Errorf("reconcile rule set: %w", err)
	}
	return &s, nil
}

var reconcileSource = regexp.MustCompile(`^(D[0-9]+|API/[0-9]+|seed|[a-z][a-z0-9-]*)$`)

func (s *ReconcileSet) checkSources(what string, src []string) error {
	if len(src) == 0 {
		return fmt.Errorf("%s: source missing", what)
	}
	for _, id := range src {
		if !reconcileSource.MatchString(id) {
			return fmt.Errorf("%s: source %q is not a DOMAIN.md id or a listed page", what, id)
		}
		if strings.HasPrefix(id, "D") || id == "seed" {
			continue
		}
		if _, ok := s.Sources[id]; !ok {
			return fmt.Errorf("%s: source %s is not listed under sources", what, id)
		}
	}
	return nil
}

// catalogTexts gives the findings and error codes the words the catalogue
// has for them (catalog/rules.yaml: rule.<finding id>.title, .message,
// .remediation; rule.error.<scope>.<code>.meaning, .remediation) where the
// rule file writes none.
func (s *ReconcileSet) catalogTexts() {
	fill := func(t *Text, id string) {
		if t.IsZero() && catalog.Has(id) {
			*t = Msg(id, nil)
		}
	}
	for i := range s.Findings {
		f := &s.Findings[i]
		fill(&f.Title, "rule."+f.ID+".title")
		fill(&f.Message, "rule."+f.ID+".message")
		fill(&f.Remediation, "rule."+f.ID+".remediation")
	}
	for i := range s.Errors {
		e := &s.Errors[i]
		at := "rule.error." + e.Scope + "." + strconv.Itoa(e.Code) + "."
		fill(&e.Meaning, at+"meaning")
		fill(&e.Remediation, at+"remediation")
	}
}

func bothLangs(what string, ts map[string]Text) error {
	names := make([]string, 0, len(ts))
	for n := range ts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if strings.TrimSpace(ts[n].In("zh")) == "" || strings.TrimSpace(ts[n].In("en")) == "" {
			return fmt.Errorf("%s: %s needs both zh and en", what, n)
		}
	}
	return nil
}

func (s *ReconcileSet) validate() error {
	l := s.Limits
	for name, v := range map[string]int{
		"onjob_transfers_per_window": l.OnJobTransfersPerWindow, "onjob_window_days": l.OnJobWindowDays,
		"takeover_wait_hours": l.TakeoverWaitHours, "page_size_max": l.PageSizeMax,
	} {
		if v <= 0 {
			return fmt.Errorf("limits.%s: must be a positive whole number, got %d", name, v)
		}
	}
	for id, url := range s.Sources {
		if !strings.HasPrefix(url, "https://") {
			return fmt.Errorf("sources.%s: want an https address, got %q", id, url)
		}
	}
	seen := map[int]bool{}
	for _, st := range s.Statuses {
		what := fmt.Sprintf("status %d", st.Code)
		if seen[st.Code] {
			return fmt.Errorf("%s: defined twice", what)
		}
		seen[st.Code] = true
		if !customerStates[st.State] {
			return fmt.Errorf("%s: unknown state %q", what, st.State)
		}
		if err := bothLangs(what, map[string]Text{"label": st.Label}); err != nil {
			return err
		}
		if err := s.checkSources(what, st.Source); err != nil {
			return err
		}
	}
	seen = map[int]bool{}
	for _, st := range s.GroupStatuses {
		what := fmt.Sprintf("group status %d", st.Code)
		if seen[st.Code] {
			return fmt.Errorf("%s: defined twice", what)
		}
		seen[st.Code] = true
		if st.State != StateNormal && !customerStates[st.State] {
			return fmt.Errorf("%s: unknown state %q", what, st.State)
		}
		if err := bothLangs(what, map[string]Text{"label": st.Label}); err != nil {
			return err
		}
		if err := s.checkSources(what, st.Source); err != nil {
			return err
		}
	}
	seen = map[int]bool{}
	for _, e := range s.Errors {
		what := fmt.Sprintf("error %d", e.Code)
		if seen[e.Code] {
			return fmt.Errorf("%s: defined twice", what)
		}
		seen[e.Code] = true
		if e.Code == 0 {
			return fmt.Errorf("error 0: 0 is success, not an error")
		}
		if e.Scope != "customer" && e.Scope != "group" {
			return fmt.Errorf("%s: scope must be customer or group, got %q", what, e.Scope)
		}
		if !customerStates[e.State] {
			return fmt.Errorf("%s: unknown state %q", what, e.State)
		}
		if err := bothLangs(what, map[string]Text{"meaning": e.Meaning, "remediation": e.Remediation}); err != nil {
			return err
		}
		if err := s.checkSources(what, e.Source); err != nil {
			return err
		}
	}
	ids := map[string]bool{}
	for i := range s.Findings {
		f := &s.Findings[i]
		what := "finding " + f.ID
		if !idPattern.MatchString(f.ID) {
			return fmt.Errorf("finding %q: id must be lower-case words joined by '-'", f.ID)
		}
		if ids[f.ID] {
			return fmt.Errorf("%s: defined twice", what)
		}
		ids[f.ID] = true
		sev, err := ParseSeverity(f.SeverityRaw)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		f.Severity = sev
		if _, ok := CountUnits[f.Count]; !ok {
			return fmt.Errorf("%s: count %q is not a count unit (%s)", what, f.Count, strings.Join(countUnitNames(), ", "))
		}
		if err := bothLangs(what, map[string]Text{"title": f.Title, "message": f.Message, "remediation": f.Remediation}); err != nil {
			return err
		}
		if err := s.checkSources(what, f.Source); err != nil {
			return err
		}
	}
	return nil
}

// Status returns the takeover status with the code.
func (s *ReconcileSet) Status(code int) (Status, bool) {
	for _, st := range s.Statuses {
		if st.Code == code {
			return st, true
		}
	}
	return Status{}, false
}

// GroupStatus returns the groupchat/list status with the code.
func (s *ReconcileSet) GroupStatus(code int) (Status, bool) {
	for _, st := range s.GroupStatuses {
		if st.Code == code {
			return st, true
		}
	}
	return Status{}, false
}

// Error returns the error code's entry for the scope (customer or group).
func (s *ReconcileSet) Error(code int, scope string) (ErrorCode, bool) {
	for _, e := range s.Errors {
		if e.Code == code && e.Scope == scope {
			return e, true
		}
	}
	return ErrorCode{}, false
}

// Finding returns the finding definition with the id.
func (s *ReconcileSet) Finding(id string) (ReconcileFinding, bool) {
	for _, f := range s.Findings {
		if f.ID == id {
			return f, true
		}
	}
	return ReconcileFinding{}, false
}
