package main

import (
	"strings"

	"github.com/urfave/cli/v2"
	"github.com/wecom-audit/auditor/catalog"
)

// onUsageError turns the CLI library's flag errors into one line, with the
// nearest flag of the command when the flag was misspelt, instead of the
// error printed twice around the whole help text.
func onUsageError(c *cli.Context, err error, _ bool) error {
	msg := err.Error()
	const undefined = "flag provided but not defined: "
	name := c.App.Name
	flags := c.App.Flags
	if c.Command != nil && c.Command.Name != "" {
		name += " " + c.Command.Name
		flags = c.Command.Flags
	}
	// run prints "auditor: " before the message.
	if strings.HasPrefix(msg, undefined) {
		bad := strings.TrimLeft(strings.TrimPrefix(msg, undefined), "-")
		if s := nearestFlag(bad, flags); s != "" {
			return usage("cli.usage.unknown_flag_near", catalog.Args{"flag": bad, "near": s, "command": name})
		}
		return usage("cli.usage.unknown_flag", catalog.Args{"flag": bad, "command": name})
	}
	return usagef("%s (%s --help lists the flags)", msg, name)
}

// nearestFlag is the flag name closest to bad by edit distance, when it is
// close enough to be a slip (at most a third of its letters, and at most 3).
func nearestFlag(bad string, flags []cli.Flag) string {
	best, bestD := "", 4
	for _, f := range flags {
		for _, n := range f.Names() {
			d := editDistance(strings.ToLower(bad), n)
			if d < bestD && d*3 <= len(n) {
				best, bestD = n, d
			}
		}
	}
	return best
}

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

// checkLang refuses a --lang the reports do not have. "cn" is a country,
// not a language: it is refused with the code to use rather than guessed.
func checkLang(lang string) error {
	switch strings.ToLower(strings.TrimSpace(lang)) {
	case "auto", "zh", "en", "zh-cn":
		return nil
	case "cn", "chinese", "zh_cn", "zh-hans":
		return usage("cli.usage.lang_cn", catalog.Args{"value": lang})
	}
	return usage("cli.usage.lang", catalog.Args{"value": lang})
}

// interspersed moves the arguments of a command that takes input files
// after its flags: the CLI library stops reading flags at the first
// argument, and `auditor audit exports/ --out reports` is how people type
// it. A flag's value is known to follow it unless the flag is a boolean or
// written --flag=value; "--" ends the flags as usual.
func interspersed(app *cli.App, args []string) []string {
	if len(args) < 3 {
		return args
	}
	var cmd *cli.Command
	for _, c := range app.Commands {
		if c.Name == args[1] && c.ArgsUsage != "" {
			cmd = c
		}
	}
	if cmd == nil {
		return args
	}
	takesValue := map[string]bool{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	out := append([]string{}, args[:2]...)
	var pos []string
	rest := args[2:]
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "--":
			pos = append(pos, rest[i+1:]...)
			i = len(rest)
		case strings.HasPrefix(a, "-") && len(a) > 1:
			out = append(out, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && takesValue[name] && i+1 < len(rest) {
				i++
				out = append(out, rest[i])
			}
		default:
			pos = append(pos, a)
		}
	}
	if len(pos) > 0 {
		out = append(append(out, "--"), pos...)
	}
	return out
}
