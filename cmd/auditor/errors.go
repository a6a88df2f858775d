package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/report"
)

// usageError is a bad flag or argument: exit status 2. Its words are a
// catalogue message (id, args) said in the user's language, or, for a
// message built around another package's error, that error (cause) in the
// user's language when it can say itself, else msg.
type usageError struct {
	msg   string
	id    string
	args  catalog.Args
	cause error
}

func (e usageError) Error() string {
	if e.id != "" {
		return catalog.T("en", e.id, e.args)
	}
	return e.msg
}

// In is the error in lang (catalog.Localizer).
func (e usageError) In(lang string) string {
	switch {
	case e.id != "":
		return catalog.T(lang, e.id, e.args)
	case e.cause != nil:
		return errorIn(e.cause, lang)
	}
	return e.msg
}

func (e usageError) Unwrap() error { return e.cause }

// usage is a usage error said by catalogue message id.
func usage(id string, args catalog.Args) error { return usageError{id: id, args: args} }

// usagef is a usage error in English only, for a message around another
// package's English error; usage is the one to use for words of our own.
func usagef(format string, args ...any) error { return usageError{msg: fmt.Sprintf(format, args...)} }

// usageOf is err, a bad input named by the user, with exit status 2: said
// in the user's language when err can say itself.
func usageOf(err error) error { return usageError{msg: err.Error(), cause: err} }

// errorIn is err in lang (report.ErrorIn: the same words on the page).
func errorIn(err error, lang string) string { return report.ErrorIn(err, lang) }

// errLang is the language fatal errors are printed in: --lang zh or en as
// given; otherwise (auto, absent, or a value the command refuses) the
// locale's, Chinese when LC_ALL, LC_MESSAGES or LANG (the first one set)
// starts with zh, else English.
func errLang(args []string) string {
	for i, a := range args {
		if a == "--" {
			break
		}
		v, ok := strings.CutPrefix(strings.TrimLeft(a, "-"), "lang=")
		if !ok && strings.TrimLeft(a, "-") == "lang" && a != "lang" && i+1 < len(args) {
			v, ok = args[i+1], true
		}
		if ok {
			return userLang(v)
		}
	}
	return userLang("")
}

// userLang is the language of what the tool tells the user before any
// report's language is known: the --lang value when it is zh or en, else
// the locale's.
func userLang(flag string) string {
	switch strings.ToLower(strings.TrimSpace(flag)) {
	case "zh", "zh-cn":
		return "zh"
	case "en":
		return "en"
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "zh") {
				return "zh"
			}
			return "en"
		}
	}
	return "en"
}
