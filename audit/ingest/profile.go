package ingest

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
	"gopkg.in/yaml.v3"
)

// maxProfileBytes bounds the profile: six fields fit in far less.
const maxProfileBytes = 1 << 20

// readProfile reads the enterprise profile (docs/spec.md §2.6). It is small and
// typed by hand, so every mistake is an *InputError with its line: an
// unknown key (a typo would otherwise silently leave a default in force),
// a value of the wrong type, a number out of range.
func (r *reader) readProfile() error {
	if r.opt.Profile == "" {
		return nil
	}
	path := r.opt.Profile
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return inputError(InputError{File: path}, "ingest.error.no_such_file", nil)
	case err != nil:
		return cannotRead(path, err)
	case st.IsDir():
		return inputError(InputError{File: path}, "ingest.error.folder_not_yaml", nil)
	case st.Size() > maxProfileBytes:
		return inputError(InputError{File: path}, "ingest.error.profile_too_big", catalog.Args{"size": strconv.FormatInt(st.Size(), 10)})
	}
	b, sum, err := ReadFileHeld(path, maxProfileBytes)
	if err != nil {
		return err
	}
	p, err := parseProfile(b)
	if err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			ie.File, ie.Lines = path, true
			return ie
		}
		return &InputError{File: path, Msg: err.Error()}
	}
	r.in.Profile, r.in.HasProfile = p, true
	r.in.Files = append(r.in.Files, audit.InputFile{Role: "profile", Path: path, SHA256: sum})
	r.sum.Files = append(r.sum.Files, &FileSummary{Role: "profile", Path: path, SHA256: sum, Format: "yaml"})
	r.sum.Profile = &p
	return nil
}

// parseProfile decodes the profile YAML. Errors are *InputError without a
// file name (the caller adds it), with the line in Row.
func parseProfile(b []byte) (audit.Profile, error) {
	var p audit.Profile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return p, nil // an empty profile: every field default
		}
		return p, profileError(yamlErrLine(err), "ingest.profile.not_yaml", catalog.Args{"reason": trimYAMLErr(err)})
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return p, profileError(extra.Line, "ingest.profile.documents", nil)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return p, nil
	}
	if root.Kind != yaml.MappingNode {
		return p, profileError(root.Line, "ingest.profile.not_mapping", catalog.Args{"keys": profileKeys})
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		bad := func(want string) error { return badProfileValue(k, v, want) }
		if first, dup := seen[k.Value]; dup {
			return p, profileError(k.Line, "ingest.profile.twice", catalog.Args{"key": k.Value, "first": strconv.Itoa(first)})
		}
		seen[k.Value] = k.Line
		switch k.Value {
		case "company":
			if v.Kind != yaml.ScalarNode {
				return p, bad("ingest.profile.want.text")
			}
			p.Company = v.Value
		case "verified":
			b, ok := yamlBool(v)
			if !ok {
				return p, bad("ingest.profile.want.bool")
			}
			p.Verified = &b
		case "daily_active_users":
			n, ok := yamlInt(v)
			if !ok || n < 0 {
				return p, bad("ingest.profile.want.count")
			}
			p.DailyActiveUsers = &n
		case "enterprise_cap":
			n, ok := yamlInt(v)
			if !ok || n <= 0 {
				return p, bad("ingest.profile.want.positive")
			}
			p.EnterpriseCap = &n
		case "member_cap_default":
			n, ok := yamlInt(v)
			if !ok || n <= 0 {
				return p, bad("ingest.profile.want.positive")
			}
			p.MemberCapDefault = &n
		case "near_cap_ratio":
			f, ok := yamlFloat(v)
			if !ok || f <= 0 || f > 1 {
				return p, bad("ingest.profile.want.ratio")
			}
			p.NearCapRatio = &f
		case "expansion_lead_days", "campaigns":
			if err := parseCapacityKey(&p, k, v); err != nil {
				return p, err
			}
		default:
			return p, profileError(k.Line, "ingest.profile.unknown_key", catalog.Args{"key": strconv.Quote(k.Value), "keys": profileKeys})
		}
	}
	return p, nil
}

// profileKeys are the keys a profile may hold, as its errors list them.
var profileKeys = rules.Names([]string{"company", "verified", "daily_active_users", "enterprise_cap", "member_cap_default", "near_cap_ratio", "expansion_lead_days", "campaigns"})

// profileError is a profile error on line (the caller adds the file):
// catalogue message id with args.
func profileError(line int, id string, args catalog.Args) *InputError {
	return inputError(InputError{Row: line}, id, args)
}

// badProfileValue says that key k's value v is not want, a catalogue
// phrase (ingest.profile.want.*).
func badProfileValue(k, v *yaml.Node, want string) error {
	return profileError(v.Line, "ingest.profile.bad_value", catalog.Args{"key": k.Value, "want": rules.Msg(want, nil), "value": strconv.Quote(v.Value)})
}

func yamlBool(v *yaml.Node) (bool, bool) {
	if v.Kind != yaml.ScalarNode {
		return false, false
	}
	if v.Tag == "!!bool" {
		var b bool
		if v.Decode(&b) == nil {
			return b, true
		}
	}
	// 是/否 and the other yes/no forms of the spreadsheets.
	return parseBool(v.Value)
}

func yamlInt(v *yaml.Node) (int, bool) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!bool" || v.Tag == "!!null" {
		return 0, false
	}
	return parseInt(strings.ReplaceAll(v.Value, "_", ""))
}

func yamlFloat(v *yaml.Node) (float64, bool) {
	if v.Kind != yaml.ScalarNode || (v.Tag != "!!float" && v.Tag != "!!int" && v.Tag != "!!str") {
		return 0, false
	}
	f, err := strconv.ParseFloat(foldText(v.Value), 64)
	return f, err == nil
}

// yamlErrLine finds "line N" in a yaml.v3 error.
func yamlErrLine(err error) int {
	s := err.Error()
	i := strings.Index(s, "line ")
	if i < 0 {
		return 0
	}
	n, _, ok := digits(s[i+5:], 1, 9)
	if !ok {
		return 0
	}
	return n
}

func trimYAMLErr(err error) string {
	return strings.TrimPrefix(err.Error(), "yaml: ")
}
