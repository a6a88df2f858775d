package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/wecom-audit/auditor/samples"
)

func generateSamples(stdout io.Writer, dir string, members, contacts int, seed uint64) error {
	if err := samples.Generate(dir, samples.Config{Members: members, Contacts: contacts, Seed: seed}); err != nil {
		return err
	}
	f := samples.Files
	fmt.Fprintf(stdout, "wrote %d members and %d contacts to %s\n", members, contacts, dir)
	fmt.Fprintf(stdout, "audit it with:\n  auditor audit --roster %s --contacts %s --groups %s --plan %s --profile %s\n",
		filepath.Join(dir, f.Roster), filepath.Join(dir, f.Contacts), filepath.Join(dir, f.Groups),
		filepath.Join(dir, f.Plan), filepath.Join(dir, f.Profile))
	return nil
}
