package history

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/audit/ingest"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// Waiver is one accepted risk: the finding it covers (by fingerprint), why,
// who accepted it and until when (the last day it holds).
type Waiver struct {
	Fingerprint string
	Reason      string
	AcceptedBy  string
	Expires     audit.Date
	Line        int // line of the entry in the file
}

// WaiverError is a bad waiver file: the file, the line and the field.
type WaiverError struct {
	File  string
	Line  int
	Field string     // "" when the problem is not one field's
	Msg   string     // the problem in English
	Text  rules.Text // the problem as a catalogue message (history.waiver.*)
}

func (e *WaiverError) Error() string { return e.In("en") }

// In is the error in lang (catalog.Localizer): the file, the line, the
// field, then the problem.
func (e *WaiverError) In(lang string) string {
	where := e.File
	if e.Line > 0 {
		where += catalog.T(lang, "ingest.where.line", catalog.Args{"row": strconv.Itoa(e.Line)})
	}
	problem := e.Text.In(lang)
	if e.Field != "" {
		problem = catalog.T(lang, "history.waiver.field", catalog.Args{"field": e.Field, "problem": problem})
	}
	return catalog.T(lang, "history.waiver.where", catalog.Args{"where": where, "problem": problem})
}

var fingerprintRE = regexp.MustCompile(`^[0-9a-f]{16}$`)

// waiverFields are the keys of an entry, all required: an accepted risk
// without a reason, an owner or an end date is not accepted, only ignored.
var waiverFields = []string{"fingerprint", "reason", "accepted_by", "expires"}

// RoleWaivers is the waiver file's role among a run's inputs.
const RoleWaivers = "waivers"

// WaiverFile is a waiver file as read: where it is, the SHA-256 of its
// bytes (the report id covers it: the same findings waived differently are
// another report) and its entries.
type WaiverFile struct {
	Path    string
	SHA256  string
	Waivers []Waiver
}

// LoadWaivers reads a waiver file.
func LoadWaivers(path string) (*WaiverFile, error) {
	data, sum, err := ingest.ReadFileHeld(path, 0)
	if err != nil {
		return nil, fmt.Errorf("waivers %w", err)
	}
	ws, err := parseWaivers(path, data)
	if err != nil {
		return nil, err
	}
	return &WaiverFile{Path: path, SHA256: sum, Waivers: ws}, nil
}

// Apply applies the file's waivers to res (ApplyWaivers) and lists the file
// among the run's inputs.
func (wf *WaiverFile) Apply(res *audit.Result) {
	ApplyWaivers(res, wf.Waivers)
	res.Inputs = append(res.Inputs, audit.InputFile{Role: RoleWaivers, Path: wf.Path, SHA256: wf.SHA256})
}

// parseWaivers reads a YAML list of {fingerprint, reason, accepted_by,
// expires}. An empty file is no waivers. Everything else that is not
// exactly that — an unknown or repeated key, a missing or empty field, a
// fingerprint that is not 16 hex digits, a date that is not YYYY-MM-DD, the
// same fingerprint twice — is an error with the line and the field.
func parseWaivers(path string, data []byte) ([]Waiver, error) {
	bad := func(line int, field, id string, args catalog.Args) error {
		t := rules.Msg(id, args)
		return &WaiverError{File: path, Line: line, Field: field, Msg: t.In("en"), Text: t}
	}
	fields := rules.Names(waiverFields)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, bad(yamlLine(err), "", "history.waiver.not_yaml", catalog.Args{"reason": strings.TrimPrefix(err.Error(), "yaml: ")})
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, bad(extra.Line, "", "history.waiver.documents", nil)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, nil
	}
	if root.Kind != yaml.SequenceNode {
		return nil, bad(root.Line, "", "history.waiver.not_list", catalog.Args{"fields": fields})
	}
	var out []Waiver
	firstLine := map[string]int{}
	for _, item := range root.Content {
		if item.Kind != yaml.MappingNode {
			return nil, bad(item.Line, "", "history.waiver.not_mapping", catalog.Args{"fields": fields})
		}
		w := Waiver{Line: item.Line}
		seen := map[string]int{}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			if first, dup := seen[k.Value]; dup {
				return nil, bad(k.Line, k.Value, "history.waiver.twice", catalog.Args{"first": strconv.Itoa(first)})
			}
			seen[k.Value] = k.Line
			known := false
			for _, f := range waiverFields {
				known = known || f == k.Value
			}
			if !known {
				return nil, bad(k.Line, k.Value, "history.waiver.unknown_field", catalog.Args{"fields": fields})
			}
			if v.Kind != yaml.ScalarNode || v.Tag == "!!null" || strings.TrimSpace(v.Value) == "" {
				return nil, bad(v.Line, k.Value, "history.waiver.empty", nil)
			}
			val := strings.TrimSpace(v.Value)
			switch k.Value {
			case "fingerprint":
				fp := strings.ToLower(val)
				if !fingerprintRE.MatchString(fp) {
					return nil, bad(v.Line, k.Value, "history.waiver.fingerprint", catalog.Args{"value": strconv.Quote(val)})
				}
				if first, dup := firstLine[fp]; dup {
					return nil, bad(v.Line, k.Value, "history.waiver.waived_twice", catalog.Args{"fingerprint": fp, "first": strconv.Itoa(first)})
				}
				firstLine[fp] = v.Line
				w.Fingerprint = fp
			case "reason":
				w.Reason = val
			case "accepted_by":
				w.AcceptedBy = val
			case "expires":
				d, err := audit.ParseISODate(val)
				if err != nil {
					return nil, bad(v.Line, k.Value, "history.waiver.date", catalog.Args{"value": strconv.Quote(val)})
				}
				w.Expires = d
			}
		}
		for _, f := range waiverFields {
			if _, ok := seen[f]; !ok {
				return nil, bad(item.Line, f, "history.waiver.missing", catalog.Args{"fields": fields})
			}
		}
		out = append(out, w)
	}
	return out, nil
}

func yamlLine(err error) int {
	s := err.Error()
	i := strings.Index(s, "line ")
	if i < 0 {
		return 0
	}
	n := 0
	for _, r := range s[i+5:] {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// ApplyWaivers marks the findings the waivers cover and fills res.Waivers.
// A waiver holds through its expires date; after it, the finding is marked
// with the expired waiver and counts again. A waiver that matches no finding
// is listed as unused (the risk it accepted is gone, or the fingerprint is
// wrong).
func ApplyWaivers(res *audit.Result, ws []Waiver) {
	out := &audit.Waivers{Expired: []audit.WaiverUse{}, Unused: []audit.WaiverUse{}}
	res.Waivers = out
	byFP := map[string]int{}
	for i := range res.Findings {
		byFP[res.Findings[i].Fingerprint] = i
	}
	for _, w := range ws {
		expired := res.AsOf.After(w.Expires)
		use := audit.WaiverUse{Fingerprint: w.Fingerprint, Reason: w.Reason, AcceptedBy: w.AcceptedBy, Expires: w.Expires, Expired: expired, Line: w.Line}
		i, ok := byFP[w.Fingerprint]
		if !ok {
			out.Unused = append(out.Unused, use)
			continue
		}
		f := &res.Findings[i]
		f.Waiver = &audit.FindingWaiver{Reason: w.Reason, AcceptedBy: w.AcceptedBy, Expires: w.Expires, Expired: expired}
		use.Rule, use.Member = f.Rule, f.Member
		if expired {
			out.Expired = append(out.Expired, use)
		} else {
			out.Applied++
		}
	}
}
