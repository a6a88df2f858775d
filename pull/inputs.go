package pull

import (
	"context"
	"errors"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// shanghai is WeCom's zone: its Unix times are dates there (no daylight
// saving, so a fixed offset is exact).
var shanghai = time.FixedZone("CST", 8*3600)

func day(sec int64) string {
	if sec <= 0 {
		return ""
	}
	return time.Unix(sec, 0).In(shanghai).Format("2006-01-02")
}

// Config is one pull.
type Config struct {
	Out     string
	Version string // the tool's, for the manifest
	// Now is the clock, read for the manifest's start and end times only.
	Now func() time.Time
}

// File names of an input pull, for `auditor audit --roster … --contacts …
// --groups …`.
const (
	RosterFile   = "roster.csv"
	ContactsFile = "contacts.csv"
	GroupsFile   = "groups.csv"
)

// Result is what a pull wrote.
type Result struct {
	Written  []string
	Manifest *Manifest
	Members  int // in the roster
	Outside  int // members outside the customer-contact scope
	Departed int // departed members found only in the unassigned list
	Contacts int
	Groups   int
}

type member struct {
	userid, name, status, activated, departure string
	inScope                                    bool
}

// Inputs pulls members, scope, customers, the unassigned list and groups
// into cfg.Out. Without the address-book secret no roster is written: the
// audit then reads the roster spreadsheet it is given.
func Inputs(ctx context.Context, c *Client, cfg Config) (*Result, error) {
	m := &Manifest{Tool: ManifestTool, Version: cfg.Version, Kind: "inputs", APIBase: c.Base(), Credentials: c.creds.Source, Started: cfg.Now().UTC()}
	st, err := newStage(cfg.Out)
	if err != nil {
		return nil, err
	}
	res := &Result{Manifest: m}
	if err := pullInputs(ctx, c, st, res); err != nil {
		st.abort()
		return nil, err
	}
	m.Finished = cfg.Now().UTC()
	m.Endpoints, m.Calls = c.Stats.Endpoints, c.Stats.Total()
	res.Written, err = st.commit(m)
	if err != nil {
		return nil, err
	}
	return res, nil
}

func pullInputs(ctx context.Context, c *Client, st *stage, res *Result) error {
	// Scope first: it needs only the contact secret.
	var fu struct {
		FollowUser []string `json:"follow_user"`
	}
	fst := c.Stats.of("externalcontact/get_follow_user_list")
	if _, err := c.call(ctx, secretContact, "externalcontact/get_follow_user_list", nil, nil, &fu); err != nil {
		return err
	}
	fst.Pages++
	fst.Records += len(fu.FollowUser)
	follow := map[string]bool{}
	for _, u := range fu.FollowUser {
		follow[strings.ToLower(u)] = true
	}
	followers := append([]string(nil), fu.FollowUser...)
	sort.Strings(followers)

	var members []*member
	if c.creds.AddressbookSecret != "" {
		var err error
		if members, err = pullMembers(ctx, c, follow); err != nil {
			return err
		}
	} else {
		res.Manifest.Notes = append(res.Manifest.Notes, "no address-book secret: no roster written; give audit the roster spreadsheet (--roster)")
	}

	contacts, err := st.createCSV(ContactsFile, "contacts", headers("contacts", "owner", "external_id", "contact_name", "added_at")...)
	if err != nil {
		return err
	}
	if err := pullCustomers(ctx, c, followers, contacts); err != nil {
		return err
	}
	departed, err := pullUnassigned(ctx, c, contacts)
	if err != nil {
		return err
	}
	res.Contacts = contacts.rows

	if members != nil {
		known := map[string]bool{}
		for _, mb := range members {
			known[strings.ToLower(mb.userid)] = true
		}
		ids := make([]string, 0, len(departed))
		for id := range departed {
			if !known[strings.ToLower(id)] {
				ids = append(ids, id)
			}
		}
		sort.Strings(ids)
		for _, id := range ids {
			// Found only in the unassigned list: the account is deleted;
			// dimission_time is its departure (API/92124). It held
			// customers, so it was inside the scope.
			members = append(members, &member{userid: id, status: word("status", "departed"), departure: departed[id], inScope: true})
			res.Departed++
		}
		sort.Slice(members, func(i, j int) bool { return members[i].userid < members[j].userid })
		roster, err := st.createCSV(RosterFile, "roster", headers("roster", "userid", "name", "status", "departure_date", "customer_contact", "activated")...)
		if err != nil {
			return err
		}
		for _, mb := range members {
			scope := word("yes_no", "no")
			if mb.inScope {
				scope = word("yes_no", "yes")
			} else {
				res.Outside++
			}
			if err := roster.row(mb.userid, mb.name, mb.status, mb.departure, scope, mb.activated); err != nil {
				return err
			}
		}
		res.Members = len(members)
	}

	owners := followers
	if members != nil {
		owners = owners[:0:0]
		for _, mb := range members {
			owners = append(owners, mb.userid)
		}
	} else {
		for id := range departed {
			owners = append(owners, id)
		}
		sort.Strings(owners)
	}
	n, err := pullGroups(ctx, c, st, owners)
	res.Groups = n
	return err
}

// pullMembers lists every userid (user/list_id, API/96067) and reads each
// member's status (user/get, API/90196): 1 active, 2 disabled, 4 not
// activated, 5 quit.
func pullMembers(ctx context.Context, c *Client, follow map[string]bool) ([]*member, error) {
	const ep = "user/list_id"
	s := c.Stats.of(ep)
	seen := map[string]bool{}
	var ids []string
	cursor := ""
	for {
		var r struct {
			NextCursor string `json:"next_cursor"`
			DeptUser   []struct {
				UserID string `json:"userid"`
			} `json:"dept_user"`
		}
		if _, err := c.call(ctx, secretAddressbook, ep, nil, map[string]any{"cursor": cursor, "limit": 10000}, &r); err != nil {
			return nil, err
		}
		s.Pages++
		for _, du := range r.DeptUser {
			if du.UserID == "" {
				return nil, apiError(nil, ep, "pull.error.no_userid", nil)
			}
			if !seen[du.UserID] {
				seen[du.UserID] = true
				ids = append(ids, du.UserID)
				s.Records++
			}
		}
		if r.NextCursor == "" {
			break
		}
		if r.NextCursor == cursor {
			return nil, apiError(nil, ep, "pull.error.cursor_twice", nil)
		}
		cursor = r.NextCursor
	}
	sort.Strings(ids)
	const get = "user/get"
	gs := c.Stats.of(get)
	out := make([]*member, 0, len(ids))
	for _, id := range ids {
		var u struct {
			UserID string `json:"userid"`
			Name   string `json:"name"`
			Status *int   `json:"status"`
		}
		if _, err := c.call(ctx, secretAddressbook, get, url.Values{"userid": {id}}, nil, &u); err != nil {
			return nil, err
		}
		gs.Pages++
		gs.Records++
		mb := &member{userid: id, name: u.Name, inScope: follow[strings.ToLower(id)]}
		if u.Status == nil {
			return nil, apiError(nil, get, "pull.error.no_status", catalog.Args{"member": id})
		}
		switch *u.Status {
		case 1:
			mb.status, mb.activated = word("status", "active"), word("activation", "activated")
		case 2:
			mb.status, mb.activated = word("status", "active"), word("activation", "disabled")
		case 4:
			mb.status, mb.activated = word("status", "active"), word("activation", "not_activated")
		case 5:
			// Quit the enterprise, account not deleted yet: leaving, and
			// the API states no date.
			mb.status, mb.activated = word("status", "departing"), word("activation", "activated")
		default:
			return nil, apiError(nil, get, "pull.error.status", catalog.Args{"member": id, "status": strconv.Itoa(*u.Status)})
		}
		out = append(out, mb)
	}
	return out, nil
}

// pullCustomers reads the follow users' customers 100 members a call
// (batch/get_by_user, API/96316) and writes one row per member–customer
// relationship as it comes: memory stays with the members.
func pullCustomers(ctx context.Context, c *Client, followers []string, w *stagedFile) error {
	const ep = "externalcontact/batch/get_by_user"
	s := c.Stats.of(ep)
	for i := 0; i < len(followers); i += 100 {
		batch := followers[i:min(i+100, len(followers))]
		cursor := ""
		for {
			var r struct {
				List []struct {
					Contact struct {
						ExternalUserID string `json:"external_userid"`
						Name           string `json:"name"`
					} `json:"external_contact"`
					Follow struct {
						UserID     string `json:"userid"`
						CreateTime int64  `json:"createtime"`
					} `json:"follow_info"`
				} `json:"external_contact_list"`
				NextCursor string `json:"next_cursor"`
			}
			code, err := c.call(ctx, secretContact, ep, nil, map[string]any{"userid_list": batch, "cursor": cursor, "limit": 100}, &r)
			if err != nil {
				return err
			}
			if code == 84061 {
				break
			}
			s.Pages++
			for j, e := range r.List {
				if e.Contact.ExternalUserID == "" || e.Follow.UserID == "" {
					return apiError(nil, ep, "pull.error.entry_lacks", catalog.Args{"index": index(j), "a": "external_userid", "b": "follow_info.userid"})
				}
				if err := w.row(e.Follow.UserID, e.Contact.ExternalUserID, e.Contact.Name, day(e.Follow.CreateTime)); err != nil {
					return err
				}
				s.Records++
			}
			if r.NextCursor == "" {
				break
			}
			if r.NextCursor == cursor {
				return apiError(nil, ep, "pull.error.cursor_twice", nil)
			}
			cursor = r.NextCursor
		}
	}
	return nil
}

// pullUnassigned reads the departed members' customers still waiting for
// a receiver (get_unassigned_list, API/92124), writes them to the contacts
// and returns each departed member's departure date (the earliest
// dimission_time given).
func pullUnassigned(ctx context.Context, c *Client, w *stagedFile) (map[string]string, error) {
	const ep = "externalcontact/get_unassigned_list"
	s := c.Stats.of(ep)
	out := map[string]string{}
	cursor := ""
	for {
		var r struct {
			Info []struct {
				Handover      string `json:"handover_userid"`
				External      string `json:"external_userid"`
				DimissionTime int64  `json:"dimission_time"`
			} `json:"info"`
			IsLast     bool   `json:"is_last"`
			NextCursor string `json:"next_cursor"`
		}
		code, err := c.call(ctx, secretContact, ep, nil, map[string]any{"cursor": cursor, "page_size": 1000}, &r)
		if err != nil {
			return nil, err
		}
		if code == 84061 {
			return out, nil
		}
		s.Pages++
		for j, e := range r.Info {
			if e.Handover == "" || e.External == "" {
				return nil, apiError(nil, ep, "pull.error.entry_lacks", catalog.Args{"index": index(j), "a": "handover_userid", "b": "external_userid"})
			}
			d := day(e.DimissionTime)
			if prev, ok := out[e.Handover]; !ok || (d != "" && (prev == "" || d < prev)) {
				out[e.Handover] = d
			}
			if err := w.row(e.Handover, e.External, "", ""); err != nil {
				return nil, err
			}
			s.Records++
		}
		if r.IsLast || r.NextCursor == "" {
			return out, nil
		}
		if r.NextCursor == cursor {
			return nil, apiError(nil, ep, "pull.error.cursor_twice", nil)
		}
		cursor = r.NextCursor
	}
}

// pullGroups lists the customer groups (groupchat/list, API/93414) and
// reads each one's owner and size (groupchat/get, API/96338). Above 1,000
// visible members WeCom wants owner_filter (81017): the list is then read
// 100 owners at a time.
func pullGroups(ctx context.Context, c *Client, st *stage, owners []string) (int, error) {
	ids, err := listGroups(ctx, c, nil)
	var ae *APIError
	if errors.As(err, &ae) && ae.Code == 81017 {
		ids = nil
		for i := 0; i < len(owners); i += 100 {
			got, lerr := listGroups(ctx, c, owners[i:min(i+100, len(owners))])
			if lerr != nil {
				return 0, lerr
			}
			ids = append(ids, got...)
		}
		err = nil
	}
	if err != nil {
		return 0, err
	}
	w, err := st.createCSV(GroupsFile, "groups", headers("groups", "chat_id", "name", "owner", "members")...)
	if err != nil {
		return 0, err
	}
	const ep = "externalcontact/groupchat/get"
	s := c.Stats.of(ep)
	for _, id := range ids {
		var r struct {
			GroupChat struct {
				ChatID     string `json:"chat_id"`
				Name       string `json:"name"`
				Owner      string `json:"owner"`
				MemberList []struct {
					UserID string `json:"userid"`
				} `json:"member_list"`
			} `json:"group_chat"`
		}
		code, err := c.call(ctx, secretContact, ep, nil, map[string]any{"chat_id": id, "need_name": 0}, &r)
		if err != nil {
			return 0, err
		}
		if code == 84061 {
			continue
		}
		s.Pages++
		s.Records++
		g := r.GroupChat
		if g.Owner == "" {
			return 0, apiError(nil, ep, "pull.error.no_owner", catalog.Args{"group": id})
		}
		if err := w.row(id, g.Name, g.Owner, strconv.Itoa(len(g.MemberList))); err != nil {
			return 0, err
		}
	}
	return w.rows, nil
}

func listGroups(ctx context.Context, c *Client, owners []string) ([]string, error) {
	const ep = "externalcontact/groupchat/list"
	s := c.Stats.of(ep)
	var ids []string
	cursor := ""
	for {
		req := map[string]any{"status_filter": 0, "cursor": cursor, "limit": 1000}
		if owners != nil {
			req["owner_filter"] = map[string]any{"userid_list": owners}
		}
		var r struct {
			List []struct {
				ChatID string `json:"chat_id"`
			} `json:"group_chat_list"`
			NextCursor string `json:"next_cursor"`
		}
		code, err := c.call(ctx, secretContact, ep, nil, req, &r)
		if err != nil {
			return nil, err
		}
		if code == 84061 {
			return ids, nil
		}
		s.Pages++
		for _, g := range r.List {
			if g.ChatID == "" {
				return nil, apiError(nil, ep, "pull.error.no_chat_id", nil)
			}
			ids = append(ids, g.ChatID)
			s.Records++
		}
		if r.NextCursor == "" {
			return ids, nil
		}
		if r.NextCursor == cursor {
			return nil, apiError(nil, ep, "pull.error.cursor_twice", nil)
		}
		cursor = r.NextCursor
	}
}

// headers are the header cells pull writes for a role's fields: the first
// alias of each in rules/vocabulary.yaml, which the audit's readers know.
func headers(role string, fields ...string) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = rules.Vocabulary().Header(role, f)
	}
	return out
}

// word is the word pull writes for a meaning: its first in
// rules/vocabulary.yaml.
func word(vocab, meaning string) string { return rules.Vocabulary().Word(vocab, meaning) }
