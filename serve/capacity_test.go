package serve

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wecom-audit/auditor/capacity"
)

// TestCapacitySection: the result the page renders carries the capacity
// forecast with the values of the downloadable audit JSON's capacity
// object; the samples' add times are too few, so the enterprise and every
// receiver are unknown, said as unknown with the reason, never a date or 0.
func TestCapacitySection(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			ts := newTestServer(t, Config{})
			ts.uploadSamples()
			ts.postJSON("/api/run", runRequest{AsOf: "2026-11-30", Lang: lang})
			if r := ts.wait(); r.Stage != "done" {
				t.Fatalf("run: %+v", r)
			}
			_, body := ts.do("GET", "/api/result", nil, map[string]string{"Accept-Language": lang})
			var page struct {
				Downloads []string `json:"downloads"`
				Capacity  *struct {
					Enterprise map[string]any   `json:"enterprise"`
					Receivers  []map[string]any `json:"receivers"`
					Members    []map[string]any `json:"members"`
					Steps      []string         `json:"steps"`
					Method     string           `json:"method"`
				} `json:"capacity"`
			}
			if err := json.Unmarshal(body, &page); err != nil {
				t.Fatal(err)
			}
			if page.Capacity == nil {
				t.Fatalf("the result has no capacity section: %s", body)
			}
			var name string
			for _, d := range page.Downloads {
				if strings.HasPrefix(d, "audit-") && strings.HasSuffix(d, ".json") {
					name = d
				}
			}
			_, body = ts.do("GET", "/download/"+name, nil, nil)
			var doc struct {
				Capacity struct {
					Enterprise map[string]any   `json:"enterprise"`
					Receivers  []map[string]any `json:"receivers"`
					Members    []map[string]any `json:"members"`
					Method     string           `json:"method"`
				} `json:"capacity"`
			}
			if err := json.Unmarshal(body, &doc); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			same := func(what string, pg, js map[string]any) {
				t.Helper()
				if len(js) == 0 {
					t.Fatalf("%s: the audit JSON has no values", what)
				}
				for k, v := range js {
					if !reflect.DeepEqual(pg[k], v) {
						t.Errorf("%s.%s: page %v, audit JSON %v", what, k, pg[k], v)
					}
				}
			}
			c := page.Capacity
			same("enterprise", c.Enterprise, doc.Capacity.Enterprise)
			if len(c.Receivers) != len(doc.Capacity.Receivers) || len(c.Members) != len(doc.Capacity.Members) || len(c.Receivers) == 0 {
				t.Fatalf("page: %d receivers %d members; JSON %d %d", len(c.Receivers), len(c.Members), len(doc.Capacity.Receivers), len(doc.Capacity.Members))
			}
			for i := range c.Receivers {
				same("receivers["+doc.Capacity.Receivers[i]["userid"].(string)+"]", c.Receivers[i], doc.Capacity.Receivers[i])
			}
			if c.Method != doc.Capacity.Method || len(c.Steps) == 0 {
				t.Errorf("method %q (JSON %q), %d steps", c.Method, doc.Capacity.Method, len(c.Steps))
			}
			// Unknown as unknown: the reason, no date, no pace, no 0.
			unknownWord := map[string]string{"en": "unknown: ", "zh": "未知："}[lang]
			for _, o := range append([]map[string]any{c.Enterprise}, c.Receivers...) {
				if o["known"] != false || o["pace_per_week"] != nil || o["act_by"] != nil || o["due"] != nil || o["overdue"] != nil {
					t.Errorf("%v: want unknown with null pace and dates", o)
				}
				why, _ := o["unknown_reason"].(string)
				if why == "" || o["unknown_label"] != unknownWord+why || o["pace_label"] != "" || o["act_by_label"] != "" {
					t.Errorf("unknown said as %q (reason %q), pace %q, act by %q", o["unknown_label"], why, o["pace_label"], o["act_by_label"])
				}
				if reached, _ := o["reach_labels"].([]any); len(reached) != 0 {
					t.Errorf("unknown forecast with dates %v", reached)
				}
			}
		})
	}
}

// TestCapacityViewKnown: a known forecast (generated add times of a known
// pace) is shown with its pace and range, the dates each cap is reached,
// and the day to apply by, flagged due; a receiver's with its incoming.
func TestCapacityViewKnown(t *testing.T) {
	asOf := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(3, 4))
	g := capacity.NewGrowth(asOf)
	for range 700 * 52 { // 700 a week for a year
		g.Add("a", asOf.AddDate(0, 0, -rng.IntN(364)))
	}
	for range 11500 { // and 11,500 in the years before: 2,100 from the cap
		g.Add("a", asOf.AddDate(-2, 0, -rng.IntN(364)))
	}
	for range 4900 { // the receiver: 4,900 over a year
		g.Add("b", asOf.AddDate(0, 0, -rng.IntN(364)))
	}
	customers := 700*52 + 11500 + 4900
	r := capacity.Forecast(capacity.Input{AsOf: asOf, Growth: g,
		Enterprise: capacity.Enterprise{Cap: 55000, Customers: customers, Step: 50000},
		Members: []capacity.Member{{UserID: "a", Key: "a", Cap: 20000, Customers: customers - 4900},
			{UserID: "b", Key: "b", Cap: 5000, Customers: 4900}},
		Handovers:    []capacity.Handover{{From: "x", To: "b", Date: asOf, Customers: 50}},
		MemberCapMax: 20000})
	cv := buildCapacity(r, "en")
	e := cv.Enterprise
	if !e.Known || e.Pace == nil || e.ActBy == nil || e.Due == nil {
		t.Fatalf("enterprise: %+v", e)
	}
	if !strings.HasPrefix(e.PaceTxt, "about ") || !strings.Contains(e.PaceTxt, " a week (") {
		t.Errorf("pace %q", e.PaceTxt)
	}
	if len(e.Reached) == 0 || !strings.HasPrefix(e.Reached[0], "55,000: ") || !strings.Contains(e.Reached[0], *e.Reaches[0].Date) {
		t.Errorf("reached %v (date %v)", e.Reached, e.Reaches[0].Date)
	}
	if want := "ask for the expansion: " + *e.ActBy; e.ActByTx != want && !(*e.Overdue && e.ActByTx == "ask for the expansion: now") {
		t.Errorf("act by %q, want %q", e.ActByTx, want)
	}
	if e.Unknown != "" || e.Load != "52,800 / 55,000" || !strings.Contains(e.Line, e.PaceTxt) {
		t.Errorf("unknown %q load %q line %q", e.Unknown, e.Load, e.Line)
	}
	if !*e.Due || len(cv.Cover) == 0 {
		t.Errorf("due %v, cover %v: about 3 weeks to the cap with a 10-day lead", *e.Due, cv.Cover)
	}
	if len(cv.Receivers) != 1 || cv.Receivers[0].UserID != "b" || cv.Receivers[0].Incoming != 50 || !cv.Receivers[0].Known {
		t.Errorf("receivers %+v", cv.Receivers)
	}
	b, _ := json.Marshal(cv)
	if !strings.Contains(string(b), `"pace_per_week":`) || !strings.Contains(string(b), `"act_by_label":`) {
		t.Errorf("view JSON: %s", b)
	}
	if buildCapacity(nil, "en") != nil {
		t.Error("no forecast: want null")
	}
}
