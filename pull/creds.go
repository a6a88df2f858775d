package pull

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// Credentials are the corp id and the secrets. They are never printed,
// written or put in an error message: String hides them.
type Credentials struct {
	CorpID            string
	ContactSecret     string // 客户联系 secret: scope, customers, groups, transfers
	AddressbookSecret string // 通讯录同步 secret: members; optional
	// Source says where they came from, for the manifest and the trail:
	// "environment" or "file PATH".
	Source string
	path   string // the --credentials file, "" for the environment
}

// String never shows a secret.
func (c Credentials) String() string { return "credentials from " + c.Source }

// GoString keeps %#v from printing them too.
func (c Credentials) GoString() string { return c.String() }

// Environment variable names.
const (
	EnvCorpID      = "WECOM_CORPID"
	EnvContact     = "WECOM_CONTACT_SECRET"
	EnvAddressbook = "WECOM_ADDRESSBOOK_SECRET"
)

// FromEnv reads the credentials from the environment.
func FromEnv(getenv func(string) string) (Credentials, error) {
	c := Credentials{
		CorpID:            strings.TrimSpace(getenv(EnvCorpID)),
		ContactSecret:     strings.TrimSpace(getenv(EnvContact)),
		AddressbookSecret: strings.TrimSpace(getenv(EnvAddressbook)),
		Source:            "environment",
	}
	return c, c.check(EnvCorpID, EnvContact)
}

// FromFile reads a YAML file with corpid, contact_secret and, optionally,
// addressbook_secret. On unix the file must not be readable by the group
// or others: a secret in a world-readable file is a secret given away.
func FromFile(path string) (Credentials, error) {
	st, err := os.Stat(path)
	if err != nil {
		return Credentials{}, unreadable(path, err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return Credentials{}, pullError(nil, "pull.error.creds.readable", catalog.Args{"path": path, "mode": fmt.Sprintf("%04o", st.Mode().Perm())})
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return Credentials{}, unreadable(path, err)
	}
	var y struct {
		CorpID            string `yaml:"corpid"`
		ContactSecret     string `yaml:"contact_secret"`
		AddressbookSecret string `yaml:"addressbook_secret"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&y); err != nil {
		// yaml's messages quote values, a secret among them: say only
		// where it is, and do not wrap it.
		if line := yamlLine(err); line != "" {
			return Credentials{}, pullError(nil, "pull.error.creds.not_yaml_line", catalog.Args{"path": path, "line": line})
		}
		return Credentials{}, pullError(nil, "pull.error.creds.not_yaml", catalog.Args{"path": path})
	}
	c := Credentials{CorpID: strings.TrimSpace(y.CorpID), ContactSecret: strings.TrimSpace(y.ContactSecret),
		AddressbookSecret: strings.TrimSpace(y.AddressbookSecret), Source: "file " + path, path: path}
	return c, c.check("corpid", "contact_secret")
}

// unreadable is a --credentials file that cannot be read: missing, or the
// OS's reason.
func unreadable(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return pullError(err, "pull.error.creds.no_such_file", catalog.Args{"path": path})
	}
	return pullError(err, "pull.error.creds.unreadable", catalog.Args{"path": path})
}

// yamlLine is the line number of a YAML error ("" when it has none),
// without the error's quotation.
func yamlLine(err error) string {
	s := err.Error()
	if i := strings.Index(s, "line "); i >= 0 {
		j := i + 5
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		return s[i+5 : j]
	}
	return ""
}

func (c Credentials) check(corp, contact string) error {
	var miss []string
	if c.CorpID == "" {
		miss = append(miss, corp)
	}
	if c.ContactSecret == "" {
		miss = append(miss, contact)
	}
	switch {
	case len(miss) == 0:
		return nil
	case c.path != "":
		return pullError(nil, "pull.error.creds.missing_file", catalog.Args{"path": c.path, "fields": fields(miss)})
	}
	return pullError(nil, "pull.error.creds.missing_env", catalog.Args{"fields": fields(miss)})
}

// fields are the one or two missing names: "a", or "a and b" in the
// reader's language.
func fields(miss []string) any {
	if len(miss) == 1 {
		return miss[0]
	}
	return rules.Msg("pull.error.creds.fields", catalog.Args{"a": miss[0], "b": miss[1]})
}
