package main

import (
	"github.com/urfave/cli/v2"

	"github.com/wecom-audit/auditor/capacity"
	"github.com/wecom-audit/auditor/catalog"
)

// campaignFlag is --campaign DATE:+N (issue 28), repeatable; given, it
// replaces the profile's campaigns.
var campaignFlag = &cli.StringSliceFlag{Name: "campaign",
	Usage: "planned campaign DATE:+CUSTOMERS for the capacity forecast, such as 2027-01-15:+8000; repeat for several (replaces the profile's campaigns)"}

// campaigns reads --campaign; nil when not given.
func campaigns(c *cli.Context) ([]capacity.Campaign, error) {
	var out []capacity.Campaign
	for _, s := range c.StringSlice("campaign") {
		cp, err := capacity.ParseCampaign(s)
		if err != nil {
			return nil, usage("cli.usage.flag", catalog.Args{"flag": "--campaign", "problem": err})
		}
		out = append(out, cp)
	}
	return out, nil
}
