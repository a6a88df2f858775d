package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/wecom-audit/auditor/samples"
)

func generateSamples(stdout io.Writer, dir string, cfg samples.Config) error {
	if err := samples.Generate(dir, cfg); err != nil {
		return err
	}
	members, contacts := cfg.Members, cfg.Contacts
	f := samples.Files
	fmt.Fprintf(stdout, "wrote %d members and %d contacts to %s\n", members, contacts, dir)
	fmt.Fprintf(stdout, "audit it with:\n  auditor audit --roster %s --contacts %s --groups %s --plan %s --profile %s\n",
		filepath.Join(dir, f.Roster), filepath.Join(dir, f.Contacts), filepath.Join(dir, f.Groups),
		filepath.Join(dir, f.Plan), filepath.Join(dir, f.Profile))
	return nil
}
