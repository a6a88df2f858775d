package ingest

import (
	"strconv"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

var (
	pUserID   = planRole.field("userid")
	pDate     = planRole.field("departure_date")
	pReceiver = planRole.field("receiver")
	pCount    = planRole.field("count")
)

// readPlan reads HR's handover sheet (离职交接表, docs/spec.md §2.4). The exports
// carry no leave status, date or receiver (D21): this sheet does, and wins
// over the roster for the members it names — the engine applies that;
// here each row becomes one audit.Handover.
func (r *reader) readPlan() error {
	if r.opt.Plan == "" {
		return nil
	}
	src, err := r.open("plan", r.opt.Plan)
	if err != nil {
		return err
	}
	reported := map[string]bool{}
	dated := map[string]audit.Handover{} // first row with a date, per member
	err = r.sheets(src, planRole, false, func(t *table) error {
		// One place for every row of the sheet (audit.Handover.Sheet).
		sheet := t.place(0, pUserID)
		return r.rows(t, func(row []Cell, n int) {
			if t.unknown(row, pUserID) {
				return // reported: the row is ignored
			}
			raw := t.h.cell(row, pUserID).Text
			uid, marks := userIDMarks(raw)
			if marks != "" {
				r.markProblem(t, n, pUserID, raw, uid, marks)
			}
			if uid == "" {
				r.probs.add(t.place(n, pUserID), rules.Msg("ingest.plan.no_userid", nil))
				return
			}
			k := audit.Key(uid)
			ho := audit.Handover{UserID: uid, Row: n, Sheet: &sheet}
			if c := t.h.cell(row, pDate); !unreadable(c) && cleanText(c.Text) != "" {
				if d, ok := parseDate(c); ok {
					ho.DepartureDate, ho.HasDate = d, true
					if first, seen := dated[k]; !seen {
						dated[k] = ho
					} else if !first.DepartureDate.Equal(d) {
						// Rows splitting one member's book must agree on
						// when it leaves; the engine takes the first.
						r.probs.add(t.place(n, pDate), rules.Msg("ingest.plan.date_differs", catalog.Args{
							"date": d.String(), "userid": uid, "first": first.DepartureDate.String(), "row": strconv.Itoa(first.Row)}))
					}
				} else {
					r.badDate(t, n, pDate, c.Text)
				}
			}
			// A receiver or count that cannot be read is unknown: not a
			// blank (no receiver; share what is left evenly).
			ho.ReceiverUnknown, ho.CountUnknown = t.unknown(row, pReceiver), t.unknown(row, pCount)
			if !ho.ReceiverUnknown {
				raw := t.h.cell(row, pReceiver).Text
				var marks string
				if ho.Receiver, marks = userIDMarks(raw); marks != "" {
					r.markProblem(t, n, pReceiver, raw, ho.Receiver, marks)
				}
			}
			if s := t.text(row, pCount); s != "" && !ho.CountUnknown {
				if c, ok := parseInt(s); ok && c >= 0 {
					ho.Count, ho.HasCount = c, true
				} else {
					r.badValue(t, n, pCount, s, "ingest.want.plan_count")
				}
			}
			if r.idx[k] == nil && !reported[k] {
				reported[k] = true
				r.probs.add(t.place(n, pUserID), rules.Msg("ingest.plan.not_in_roster", catalog.Args{"userid": uid}))
			}
			// Kept to the end of the run: not as parts of the row.
			detach(&ho.UserID, &ho.Receiver)
			r.leavers[audit.Key(ho.UserID)] = true
			if ho.Receiver != "" {
				r.receivers[audit.Key(ho.Receiver)] = true
			}
			r.in.Handovers = append(r.in.Handovers, ho)
		})
	})
	if err != nil {
		src.wb.Close()
		return err
	}
	return r.close(src)
}
