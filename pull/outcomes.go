package pull

import (
	"context"
	"encoding/json"
	"sort"

	"github.com/wecom-audit/auditor/audit/ingest"
	"github.com/wecom-audit/auditor/rules"
)

// Outcome file names: one per route, each a JSON array of saved calls
// {"api", "request", "response"} — the form `reconcile --outcomes` reads,
// the request naming the pair the answer does not (API/96333).
const (
	OnJobFile    = "transfer_result-onjob.json"
	ResignedFile = "transfer_result-resigned.json"
)

// Pair is one planned leaver → receiver handover.
type Pair struct{ Leaver, Receiver string }

// PlanPairs reads the distinct leaver → receiver pairs of a plan: the
// plan-<as-of>.xlsx of `auditor plan`, or HR's handover sheet, read as the
// audit reads a handover sheet. Rows without a receiver name no pair.
func PlanPairs(path string) ([]Pair, error) {
	// The handover sheet's own columns (rules/vocabulary.yaml, role plan):
	// here the receiver is required, since a row without one names no pair.
	v := rules.Vocabulary()
	fields := []ingest.Field{
		{Name: "userid", Aliases: v.Aliases("plan", "userid"), Required: true},
		{Name: "receiver", Aliases: v.Aliases("plan", "receiver"), Required: true},
	}
	seen := map[Pair]bool{}
	var out []Pair
	_, err := ingest.ReadTable(path, "plan", fields, func(r ingest.TableRow) error {
		p := Pair{r.UserID("userid"), r.UserID("receiver")}
		if p.Leaver == "" || p.Receiver == "" || seen[p] {
			return nil
		}
		seen[p] = true
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, ingest.Message(ingest.InputError{File: path}, "pull.outcomes.no_pairs", nil)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Leaver != out[j].Leaver {
			return out[i].Leaver < out[j].Leaver
		}
		return out[i].Receiver < out[j].Receiver
	})
	return out, nil
}

// Outcomes asks both routes' transfer_result (API/94088 on-job,
// API/96333 resigned) for every pair and writes the saved calls.
func Outcomes(ctx context.Context, c *Client, cfg Config, pairs []Pair) (*Result, error) {
	m := &Manifest{Tool: ManifestTool, Version: cfg.Version, Kind: "outcomes", APIBase: c.Base(), Credentials: c.creds.Source, Started: cfg.Now().UTC()}
	st, err := newStage(cfg.Out)
	if err != nil {
		return nil, err
	}
	res := &Result{Manifest: m}
	for _, r := range []struct{ file, ep string }{
		{OnJobFile, "externalcontact/transfer_result"},
		{ResignedFile, "externalcontact/resigned/transfer_result"},
	} {
		n, err := pullTransfers(ctx, c, st, r.file, r.ep, pairs)
		if err != nil {
			st.abort()
			return nil, err
		}
		res.Contacts += n
	}
	m.Finished = cfg.Now().UTC()
	m.Endpoints, m.Calls = c.Stats.Endpoints, c.Stats.Total()
	res.Written, err = st.commit(m)
	if err != nil {
		return nil, err
	}
	return res, nil
}

type savedCall struct {
	API      string          `json:"api"`
	Request  transferRequest `json:"request"`
	Response json.RawMessage `json:"response"`
}

type transferRequest struct {
	HandoverUserID string `json:"handover_userid"`
	TakeoverUserID string `json:"takeover_userid"`
	Cursor         string `json:"cursor"`
}

func pullTransfers(ctx context.Context, c *Client, st *stage, file, ep string, pairs []Pair) (int, error) {
	w, err := st.create(file, "outcomes")
	if err != nil {
		return 0, err
	}
	s := c.Stats.of(ep)
	// w.w keeps the first write error for the Flush in close, which
	// checks it: the writes below need not.
	_, _ = w.w.WriteString("[")
	first := true
	records := 0
	for _, p := range pairs {
		cursor := ""
		for {
			req := transferRequest{HandoverUserID: p.Leaver, TakeoverUserID: p.Receiver, Cursor: cursor}
			var raw json.RawMessage
			code, err := c.call(ctx, secretContact, ep, nil, req, &raw)
			if err != nil {
				return 0, err
			}
			if code == 84061 {
				break
			}
			var r struct {
				Customer []struct {
					ExternalUserID string `json:"external_userid"`
				} `json:"customer"`
				NextCursor string `json:"next_cursor"`
			}
			if err := json.Unmarshal(raw, &r); err != nil {
				return 0, shapeError(err, ep)
			}
			s.Pages++
			s.Records += len(r.Customer)
			records += len(r.Customer)
			w.rows += len(r.Customer)
			b, err := json.Marshal(savedCall{API: ep, Request: req, Response: raw})
			if err != nil {
				return 0, err
			}
			if !first {
				_, _ = w.w.WriteString(",")
			}
			first = false
			_, _ = w.w.WriteString("\n")
			_, _ = w.w.Write(b)
			if r.NextCursor == "" {
				break
			}
			if r.NextCursor == cursor {
				return 0, apiError(nil, ep, "pull.error.cursor_twice", nil)
			}
			cursor = r.NextCursor
		}
	}
	_, _ = w.w.WriteString("\n]\n")
	return records, nil
}
