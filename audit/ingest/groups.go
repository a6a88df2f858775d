package ingest

import (
	"fmt"

	"github.com/wecom-audit/auditor/audit"
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
					r.probs.add(t.place(n, gChatID),
						fmt.Sprintf("group %s already appears on row %d; counted once", g.ChatID, first),
						fmt.Sprintf("群 %s 已在第 %d 行出现；只计一次", g.ChatID, first))
					return
				}
				seen[g.ChatID] = n
			}
			if g.Owner == "" {
				r.probs.add(t.place(n, gOwner), "this group has no owner; it is not counted for anyone", "该群没有群主账号，不计入任何成员")
				return
			}
			if s := t.text(row, gMembers); s != "" && !t.unknown(row, gMembers) {
				if c, ok := parseInt(s); ok && c >= 0 {
					g.Members = c
				} else {
					r.badValue(t, n, gMembers, s, "a number of group members (a whole number); left empty", "群人数（整数）；按空值处理")
				}
			}
			r.in.Groups = append(r.in.Groups, g)
			if m := r.idx[audit.Key(g.Owner)]; m != nil {
				m.Groups++
			} else {
				r.probs.add(t.place(n, gOwner),
					fmt.Sprintf("group owner %s is not in the roster", g.Owner),
					fmt.Sprintf("群主 %s 不在通讯录中", g.Owner))
			}
		})
	})
	if err != nil {
		src.wb.Close()
		return err
	}
	return r.close(src)
}
