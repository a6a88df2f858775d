package pull

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strings"

	"gopkg.in/yaml.v3"
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
		return Credentials{}, fmt.Errorf("--credentials %s: cannot read the file", path)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return Credentials{}, fmt.Errorf("--credentials %s: readable by others (mode %04o); run chmod 600 %s", path, st.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return Credentials{}, fmt.Errorf("--credentials %s: cannot read the file", path)
	}
	var y struct {
		CorpID            string `yaml:"corpid"`
		ContactSecret     string `yaml:"contact_secret"`
		AddressbookSecret string `yaml:"addressbook_secret"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&y); err != nil {
		// yaml's messages quote values; say only where it is.
		return Credentials{}, fmt.Errorf("--credentials %s: not a YAML map of corpid, contact_secret and addressbook_secret%s", path, yamlLine(err))
	}
	c := Credentials{CorpID: strings.TrimSpace(y.CorpID), ContactSecret: strings.TrimSpace(y.ContactSecret),
		AddressbookSecret: strings.TrimSpace(y.AddressbookSecret), Source: "file " + path}
	return c, c.check("corpid", "contact_secret")
}

// yamlLine keeps the line number of a YAML error and drops its quotation.
func yamlLine(err error) string {
	s := err.Error()
	if i := strings.Index(s, "line "); i >= 0 {
		j := i + 5
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		return " (" + s[i:j] + ")"
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
	if len(miss) > 0 {
		return fmt.Errorf("credentials from %s: %s missing", c.Source, strings.Join(miss, " and "))
	}
	return nil
}
