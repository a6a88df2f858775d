// Package pipeline is one run of the tool from input files to report bytes:
// read the inputs, run the engine, and name and render every document. The
// command line and the local web page (serve) both call it, so the same
// inputs give the same bytes whichever of the two wrote them.
package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/audit/ingest"
	"github.com/wecom-audit/auditor/capacity"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/plan"
	"github.com/wecom-audit/auditor/report"
	"github.com/wecom-audit/auditor/rules"
)

// Files names the input files.
type Files struct {
	Roster   string
	Contacts []string
	Groups   string
	Plan     string
	Profile  string
	Rules    string
}

// Options is what a read needs besides the files.
type Options struct {
	AsOf   audit.Date
	Period string // YYYY-MM or ""
	// Progress as ingest.Options.Progress.
	Progress func(file, sheet string, rows int64, frac float64)
	// Names, when set, gives the name each path is shown under in the
	// reports (inputs[].path) and in messages: the serve page reads uploads
	// from its private folder but reports them by the name the user gave,
	// as the command line run from the folder that holds them would.
	Names map[string]string
	// Context, when not nil, cancels the read (ingest.Options.Context):
	// Read then returns the context's error.
	Context context.Context
	// Campaigns are the planned campaigns of --campaign; nil keeps the
	// profile's (issue 28).
	Campaigns []capacity.Campaign
}

// Session is a finished read of the inputs: what audit, check, plan and
// validate all start from.
type Session struct {
	AsOf   audit.Date
	Rules  *rules.Set
	In     *audit.Inputs
	Sum    *ingest.Summary
	Period string
	Files  Files
	// Paths are every input path, for report.SaveAll's refusal to write
	// into a folder that holds an input.
	Paths []string
	// Campaigns as Options.Campaigns.
	Campaigns []capacity.Campaign
	// History is the enterprise's totals of the earlier reports (--history,
	// history.Totals): the capacity forecast's pace when the exports carry
	// no add times. nil when no history was given; set before Audit.
	History []capacity.Total
	// names maps real paths to the names they are shown under (Options.Names).
	names map[string]string
	// rulesSHA is the SHA-256 of the rules file's bytes as parsed (loadRules).
	rulesSHA string
}

// UsageError is a bad argument (a period, a rules file) rather than a bad
// input file; both exit 2 on the command line.
type UsageError struct {
	Msg   string
	cause error // when set, Msg is its English and In says it in a language
}

func (e *UsageError) Error() string { return e.Msg }

// In is the error in lang (catalog.Localizer): its cause's words when the
// cause can say itself, else Msg.
func (e *UsageError) In(lang string) string {
	if e.cause != nil {
		return report.ErrorIn(e.cause, lang)
	}
	return e.Msg
}

func (e *UsageError) Unwrap() error { return e.cause }

// usageOf is err as a bad argument, said in the user's language when err
// can say itself.
func usageOf(err error) error { return &UsageError{Msg: err.Error(), cause: err} }

// localized is a catalogue message as an error: English by Error, in a
// language by In.
type localized struct{ text rules.Text }

func (e *localized) Error() string         { return e.text.In("en") }
func (e *localized) In(lang string) string { return e.text.In(lang) }

func usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// LoadRules reads a rule-set override, or the embedded set when path is "".
func LoadRules(path string) (*rules.Set, error) {
	rs, _, err := loadRules(path)
	return rs, err
}

// maxRulesBytes bounds a rules file: the embedded set is a few kilobytes.
const maxRulesBytes = 1 << 20

// loadRules is LoadRules with the SHA-256 of exactly the bytes it parsed
// (ingest.ReadFileHeld), which the trail and the report id record: hashing
// the file again later could hash another version of it, or nothing at all
// for a pipe.
func loadRules(path string) (*rules.Set, string, error) {
	if path == "" {
		return rules.Default(), "", nil
	}
	file := func(problem catalog.Localizer) error {
		return usageOf(&localized{rules.Msg("rules.error.file", catalog.Args{"path": path, "problem": problem})})
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, "", file(rules.Msg("rules.error.missing", nil))
	}
	b, sum, err := ingest.ReadFileHeld(path, maxRulesBytes)
	if err != nil {
		// An *InputError names the file and says what is wrong with it
		// (a folder, a pipe, too big, changed while read).
		return nil, "", err
	}
	rs, err := rules.Load(bytes.NewReader(b))
	if err != nil {
		var re *rules.Error
		if errors.As(err, &re) {
			return nil, "", file(re)
		}
		return nil, "", file(rules.Msg("rules.error.cannot_read", catalog.Args{"reason": osReason(err)}))
	}
	return rs, sum, nil
}

// CheckPeriod accepts "" or YYYY-MM.
func CheckPeriod(p string) error {
	if p == "" {
		return nil
	}
	if _, err := time.Parse("2006-01", p); err != nil {
		return usageOf(&localized{rules.Msg("cli.usage.period", catalog.Args{"value": strconv.Quote(p)})})
	}
	return nil
}

// Read reads every input.
func Read(files Files, opt Options) (*Session, error) {
	if err := CheckPeriod(opt.Period); err != nil {
		return nil, err
	}
	rs, rulesSHA, err := loadRules(files.Rules)
	if err != nil {
		return nil, err
	}
	in, sum, err := ingest.Read(ingest.Options{
		Roster:       files.Roster,
		Contacts:     files.Contacts,
		Groups:       files.Groups,
		Plan:         files.Plan,
		Profile:      files.Profile,
		AsOf:         opt.AsOf,
		MemberCapMax: rs.Limits.MemberCapMax,
		Progress:     opt.Progress,
		Context:      opt.Context,
	})
	if err != nil {
		if opt.Context != nil && opt.Context.Err() != nil {
			return nil, opt.Context.Err()
		}
		return nil, rename(err, opt.Names)
	}
	for i := range in.Files {
		if n, ok := opt.Names[in.Files[i].Path]; ok {
			in.Files[i].Path = n
		}
	}
	for _, f := range sum.Files {
		if n, ok := opt.Names[f.Path]; ok {
			f.Path = n
		}
	}
	paths := append([]string{files.Roster, files.Groups, files.Plan, files.Profile, files.Rules}, files.Contacts...)
	camps := opt.Campaigns
	if camps == nil {
		camps = in.Profile.Campaigns
	}
	if err := capacity.CheckCampaigns(camps, opt.AsOf.Time()); err != nil {
		return nil, usageOf(err)
	}
	return &Session{AsOf: opt.AsOf, Rules: rs, In: in, Sum: sum, Period: opt.Period, Files: files, Paths: paths, names: opt.Names, Campaigns: opt.Campaigns, rulesSHA: rulesSHA}, nil
}

// Audit runs the engine over the session's inputs.
func (s *Session) Audit(toolVersion string) (*audit.Result, error) {
	res, err := audit.Run(s.In, s.Rules, audit.Config{AsOf: s.AsOf, ToolVersion: toolVersion, Period: s.Period})
	if err != nil {
		return nil, usageOf(err)
	}
	res.Capacity = s.forecast(res)
	return res, nil
}

// Validate prints what was read, as `auditor validate` does, in lang
// (auto, zh or en).
func (s *Session) Validate(w io.Writer, lang string) error {
	l, err := report.ResolveLang(lang, &audit.Result{ChineseHeaders: s.In.ChineseHeaders})
	if err != nil {
		return usagef("--lang: %v", err)
	}
	return s.Sum.Print(w, l)
}

// ReportOutputs are the audit's documents, named audit-<as-of>.<ext>, the
// workbook first, then the others in the order of ws. Rendering happens
// when each Write is called, in that order.
func ReportOutputs(res *audit.Result, ws []report.Writer, opt report.Options) []report.Output {
	// report.Outputs, not a loop of our own: it renders the workbook first
	// and gives the PDF its name and SHA-256, so that the PDF points to the
	// file listing every at-risk contact instead of printing them all.
	return report.Outputs(res, ws, opt)
}

// Plan proposes the handovers (auditor plan). onJob is the on-job
// transfers earlier outcome files show (nil: none given).
func (s *Session) Plan(fill float64, onJob *plan.OnJobHistory, toolVersion string) (*plan.Plan, error) {
	p, err := plan.Make(s.In, s.Rules, plan.Config{AsOf: s.AsOf, Fill: fill, ToolVersion: toolVersion, OnJob: onJob})
	if err != nil {
		return nil, usageOf(err)
	}
	return p, nil
}

// PlanLang is the plan workbook's language: lang, or auto from the headers.
func (s *Session) PlanLang(lang string) (string, error) {
	l, err := report.ResolveLang(lang, &audit.Result{ChineseHeaders: s.In.ChineseHeaders})
	if err != nil {
		return "", usagef("--lang: %v", err)
	}
	return l, nil
}

// PlanOutputs are plan-<as-of>.xlsx and .json.
func PlanOutputs(p *plan.Plan, asOf audit.Date, lang string) []report.Output {
	base := "plan-" + asOf.String()
	return []report.Output{
		{Name: base + ".xlsx", Write: func(w io.Writer) error { return report.WritePlanXLSX(w, p, lang) }},
		{Name: base + ".json", Write: func(w io.Writer) error { return plan.WriteJSON(w, p) }},
	}
}

// PlanSummary is the one line `auditor plan` prints.
func PlanSummary(p *plan.Plan, lang string) string {
	placed, unplaceable := 0, 0
	for _, u := range p.Unplaceable {
		unplaceable += u.Customers
	}
	for _, h := range p.Handovers() {
		placed += h.Count
	}
	return catalog.T(lang, "ingest.pipeline.plan_summary", catalog.Args{"leavers": len(p.Leavers), "placed": placed, "unplaceable": unplaceable})
}

// NoMemberError is Check's answer for a userid the roster does not hold; it
// names the closest userids.
type NoMemberError struct {
	Msg     string
	UserID  string
	Roster  string
	Suggest []string
}

func (e *NoMemberError) Error() string { return e.Msg }

// In is the error in lang (catalog.Localizer), for the terminal and the page.
func (e *NoMemberError) In(lang string) string {
	args := catalog.Args{"userid": strconv.Quote(e.UserID), "roster": e.Roster, "suggest": strings.Join(e.Suggest, ", ")}
	if len(e.Suggest) > 0 {
		return catalog.T(lang, "report.check.no_member_suggest", args)
	}
	return catalog.T(lang, "report.check.no_member", args)
}

// Check is one member's check (auditor check --member): an active member is
// checked as if leaving today, whatever the period says. rosterName is how
// the roster is named in the message for an unknown userid.
func (s *Session) Check(userid, rosterName, toolVersion string) (*report.MemberCheck, *audit.Result, error) {
	m := s.In.Member(userid)
	if m == nil {
		msg := fmt.Sprintf("no member %q in %s", userid, rosterName)
		sug := audit.Suggest(s.In, userid, 3)
		if len(sug) > 0 {
			msg += "; did you mean " + strings.Join(sug, ", ") + "?"
		}
		return nil, nil, &NoMemberError{Msg: msg, UserID: userid, Roster: rosterName, Suggest: sug}
	}
	in, err := audit.LeavingToday(s.In, m.UserID, s.AsOf)
	if err != nil {
		return nil, nil, usageOf(err)
	}
	hypothetical := !m.Status.Leaving() && !s.In.NamedInSheet(m.UserID)
	period := s.Period
	if hypothetical {
		period = ""
	}
	res, err := audit.Run(in, s.Rules, audit.Config{AsOf: s.AsOf, ToolVersion: toolVersion, Period: period})
	if err != nil {
		return nil, nil, usageOf(err)
	}
	res.Capacity = s.forecast(res)
	mc, err := report.NewMemberCheck(res, m.UserID, hypothetical)
	if err != nil {
		return nil, nil, usageOf(err)
	}
	return mc, res, nil
}

// rename shows the paths of an error's message under their names.
func rename(err error, names map[string]string) error {
	if len(names) == 0 {
		return err
	}
	if ie, ok := err.(*ingest.InputError); ok {
		// Kept an input error, so that it can still be said in the page's
		// language with its file, sheet, row and column.
		c := *ie
		for p, n := range names {
			c.File = strings.ReplaceAll(c.File, p, n)
			c.Msg = strings.ReplaceAll(c.Msg, p, n)
		}
		return &c
	}
	msg := err.Error()
	for p, n := range names {
		msg = strings.ReplaceAll(msg, p, n)
	}
	if msg == err.Error() {
		return err
	}
	return errors.New(msg)
}

// osReason is an operating-system error without the path it repeats.
func osReason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
