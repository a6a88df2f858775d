package ingest

import (
	"strconv"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

var (
	gChatID  = groupsRole.field("chat_id")
	gName    = groupsRole.field("name")
	gOwner   = groupsRole.field("owner")
	gMembers = groupsRole.field("members")
)

// readGroups reads the customer groups (客户群, docs/spec.md §2.3) and counts them
// per owner: a departed owner of groups but no customers is easy to forget
// (D18), and 300 groups a day is the transfer limit (D17).
func (r *reader) readGroups() error {
	if r.opt.Groups == "" {
		return nil
	}
	src, err := r.open("groups", r.opt.Groups)
	if err != nil {
		return err
	}
	seen := map[string]int{} // chat_id → row
	err = r.sheets(src, groupsRole, false, func(t *table) error {
		return r.rows(t, func(row []Cell, n int) {
			if t.unknown(row, gOwner) {
				return // reported: counted for no one
			}
			raw := t.h.cell(row, gOwner).Text
			g := audit.Group{}
			var marks string
			if g.Owner, marks = userIDMarks(raw); marks != "" {
				r.markProblem(t, n, gOwner, raw, g.Owner, marks)
			}
			if !t.unknown(row, gChatID) {
				g.ChatID = cleanText(t.h.cell(row, gChatID).Text)
			}
			if !t.unknown(row, gName) {
				g.Name = t.text(row, gName)
			}
			if g.ChatID != "" {
				if first, dup := seen[g.ChatID]; dup {
					r.probs.add(t.place(n, gChatID), rules.Msg("ingest.groups.duplicate", catalog.Args{"chat_id": g.ChatID, "row": strconv.Itoa(first)}))
					return
				}
				seen[g.ChatID] = n
			}
			if g.Owner == "" {
				r.probs.add(t.place(n, gOwner), rules.Msg("ingest.groups.no_owner", nil))
				return
			}
			if s := t.text(row, gMembers); s != "" && !t.unknown(row, gMembers) {
				if c, ok := parseInt(s); ok && c >= 0 {
					g.Members = c
				} else {
					r.badValue(t, n, gMembers, s, "ingest.want.group_members")
				}
			}
			// Kept to the end of the run: not as parts of the row.
			detach(&g.ChatID, &g.Name, &g.Owner)
			r.in.Groups = append(r.in.Groups, g)
			if m := r.idx[audit.Key(g.Owner)]; m != nil {
				m.Groups++
			} else {
				r.probs.add(t.place(n, gOwner), rules.Msg("ingest.groups.owner_unknown", catalog.Args{"userid": g.Owner}))
			}
		})
	})
	if err != nil {
		src.wb.Close()
		return err
	}
	return r.close(src)
}
