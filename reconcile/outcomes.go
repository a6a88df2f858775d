package reconcile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/audit/ingest"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// Route is how a customer was (or is to be) handed over.
type Route int8

const (
	RouteUnknown  Route = iota
	RouteOnJob          // 在职继承: the account still exists (API/96325, D16)
	RouteResigned       // 离职继承: the account is deleted (API/96331)
)

func (r Route) String() string {
	switch r {
	case RouteOnJob:
		return "onjob"
	case RouteResigned:
		return "resigned"
	}
	return "unknown"
}

// Kind is what an outcome record says.
type Kind int8

const (
	// KindStatus is a transfer_result entry: status 1–4 with takeover_time.
	KindStatus Kind = iota + 1
	// KindCall is a transfer_customer response entry: errcode 0 (started)
	// or an error code.
	KindCall
	// KindUnassigned is a get_unassigned_list entry: still waiting for a
	// receiver, with the departure time.
	KindUnassigned
)

// CustomerOutcome is one record about one customer of one leaver.
type CustomerOutcome struct {
	Kind       Kind
	Leaver     string // userid as written; "" when the file does not say
	Receiver   string // "" when the file does not say
	ExternalID string
	Name       string // customer name (spreadsheets only)
	Status     int    // KindStatus
	ErrCode    int    // KindCall
	ErrMsg     string
	// Time is the takeover time (done: when; waiting: when it will happen),
	// or the departure time of an unassigned entry. Zero when unknown.
	Time  audit.Date
	Route Route
	Place audit.Place
}

// GroupOutcome is one record about one customer group.
type GroupOutcome struct {
	ChatID string
	Owner  string // "" when unknown
	Name   string
	// Status is groupchat/list's status (0–3), -1 when the record is not one.
	Status int
	// ErrCode is a group transfer's failed_chat_list errcode; 0 otherwise.
	ErrCode  int
	NewOwner string // the transfer's new owner, when known
	Place    audit.Place
}

// Outcomes is everything read from the outcome files.
type Outcomes struct {
	Customers []CustomerOutcome
	Groups    []GroupOutcome
	Files     []audit.InputFile
}

// shanghai is WeCom's zone: its Unix times are read as dates there. China
// keeps no daylight saving time, so a fixed offset is exact and needs no
// zone data.
var shanghai = time.FixedZone("CST", 8*3600)

func unixDate(sec int64) audit.Date {
	if sec <= 0 {
		return audit.Date{}
	}
	return audit.DateOf(time.Unix(sec, 0).In(shanghai))
}

// ReadOutcomes reads every path: a JSON file of API responses, an outcome
// spreadsheet (.xlsx or .csv, found by its bytes), or a folder holding
// such files (read in name order; dot files are skipped). Anything it
// cannot read as documented is an *ingest.InputError: exit status 2.
func ReadOutcomes(paths []string, rs *rules.ReconcileSet) (*Outcomes, error) {
	out := &Outcomes{}
	seen := map[string]string{}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, ingest.Message(ingest.InputError{File: p}, "reconcile.outcomes.no_such", nil)
		}
		files := []string{p}
		if st.IsDir() {
			ents, err := os.ReadDir(p)
			if err != nil {
				return nil, ingest.Message(ingest.InputError{File: p}, "reconcile.outcomes.cannot_read_folder", catalog.Args{"reason": err.Error()})
			}
			files = files[:0]
			for _, e := range ents {
				if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
					continue
				}
				files = append(files, filepath.Join(p, e.Name()))
			}
			sort.Strings(files)
			if len(files) == 0 {
				return nil, ingest.Message(ingest.InputError{File: p}, "reconcile.outcomes.empty_folder", nil)
			}
		}
		for _, f := range files {
			if err := out.readFile(f, rs, seen); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func (o *Outcomes) readFile(path string, rs *rules.ReconcileSet, seen map[string]string) error {
	b, _, err := ingest.ReadFileHeld(path, 0)
	if err != nil {
		return err
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		if ok, err := o.readManifest(path, b); ok {
			return err
		}
		sum := sha(b)
		if prev, dup := seen[sum]; dup {
			return ingest.Message(ingest.InputError{File: path}, "ingest.error.same_content", catalog.Args{"file": prev})
		}
		seen[sum] = path
		n, err := o.readJSON(path, t, rs)
		if err != nil {
			return err
		}
		o.Files = append(o.Files, audit.InputFile{Role: "outcomes", Path: path, SHA256: sum, Rows: n})
		return nil
	}
	f, err := o.readSheet(path, rs)
	if err != nil {
		return err
	}
	if prev, dup := seen[f.SHA256]; dup {
		return ingest.Message(ingest.InputError{File: path}, "ingest.error.same_content", catalog.Args{"file": prev})
	}
	seen[f.SHA256] = path
	o.Files = append(o.Files, f)
	return nil
}

// ---- JSON: the API's responses as documented ----

// envelope is a saved call: some scripts keep the request beside the
// response, which is the only place the handover and takeover userids of a
// transfer_result page are (API/96333: they are request parameters).
type envelope struct {
	API      string          `json:"api"`
	URL      string          `json:"url"`
	Request  json.RawMessage `json:"request"`
	Response json.RawMessage `json:"response"`
}

type request struct {
	HandoverUserID string   `json:"handover_userid"`
	TakeoverUserID string   `json:"takeover_userid"`
	ChatIDList     []string `json:"chat_id_list"`
	NewOwner       string   `json:"new_owner"`
}

// response holds every documented response field this tool reads.
type response struct {
	ErrCode         *int              `json:"errcode"`
	ErrMsg          string            `json:"errmsg"`
	request                           // some scripts add the request's userids to the page
	Customer        []json.RawMessage `json:"customer"`
	Info            []json.RawMessage `json:"info"`
	GroupChatList   []json.RawMessage `json:"group_chat_list"`
	GroupChat       json.RawMessage   `json:"group_chat"`
	FailedChatList  []json.RawMessage `json:"failed_chat_list"`
	NextCursor      *string           `json:"next_cursor"`
	IsLast          *bool             `json:"is_last"`
	hasCustomerKey  bool
	hasInfoKey      bool
	hasGroupListKey bool
	hasFailedKey    bool
}

// jsonErr is the *ingest.InputError for a JSON outcome file: where is the
// path of the bad value in the answer (customer[3].status), as a column.
func jsonErr(path, where, id string, args catalog.Args) error {
	return ingest.Message(ingest.InputError{File: path, Column: where}, id, args)
}

// readJSON reads one file: a response object, an envelope, or an array of
// either (a script that appends every page to one file). It returns the
// number of records read.
func (o *Outcomes) readJSON(path string, b []byte, rs *rules.ReconcileSet) (int, error) {
	if b[0] == '[' {
		var arr []json.RawMessage
		if err := json.Unmarshal(b, &arr); err != nil {
			return 0, jsonErr(path, "", "reconcile.json.not_json", catalog.Args{"reason": err.Error()})
		}
		n := 0
		for i, el := range arr {
			k, err := o.readPage(path, fmt.Sprintf("[%d]", i), el, rs)
			if err != nil {
				return 0, err
			}
			n += k
		}
		return n, nil
	}
	return o.readPage(path, "", b, rs)
}

func (o *Outcomes) readPage(path, at string, b []byte, rs *rules.ReconcileSet) (int, error) {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil {
		return 0, jsonErr(path, at, "reconcile.json.not_object", catalog.Args{"reason": err.Error()})
	}
	var req request
	route := RouteUnknown
	if _, ok := keys["response"]; ok {
		var env envelope
		if err := json.Unmarshal(b, &env); err != nil {
			return 0, jsonErr(path, at, "reconcile.json.saved_call", catalog.Args{"reason": err.Error()})
		}
		if len(env.Request) > 0 {
			if err := json.Unmarshal(env.Request, &req); err != nil {
				return 0, jsonErr(path, at+".request", "reconcile.json.unreadable", catalog.Args{"reason": err.Error()})
			}
		}
		route = routeOf(env.API + " " + env.URL)
		at += ".response"
		b = env.Response
		keys = nil
		if err := json.Unmarshal(b, &keys); err != nil {
			return 0, jsonErr(path, at, "reconcile.json.not_object", catalog.Args{"reason": err.Error()})
		}
	}
	var r response
	if err := json.Unmarshal(b, &r); err != nil {
		return 0, jsonErr(path, at, "reconcile.json.shape", catalog.Args{"reason": err.Error()})
	}
	_, r.hasCustomerKey = keys["customer"]
	_, r.hasInfoKey = keys["info"]
	_, r.hasGroupListKey = keys["group_chat_list"]
	_, r.hasFailedKey = keys["failed_chat_list"]
	if r.ErrCode != nil && *r.ErrCode != 0 {
		return 0, jsonErr(path, at+".errcode", "reconcile.json.call_failed", catalog.Args{"code": strconv.Itoa(*r.ErrCode), "errmsg": r.ErrMsg})
	}
	if req.HandoverUserID == "" {
		req.HandoverUserID = r.HandoverUserID
	}
	if req.TakeoverUserID == "" {
		req.TakeoverUserID = r.TakeoverUserID
	}
	if req.NewOwner == "" {
		req.NewOwner = r.NewOwner
	}
	if len(req.ChatIDList) == 0 {
		req.ChatIDList = r.ChatIDList
	}
	base := filepath.Base(path)
	place := func(where string, i int) audit.Place {
		return audit.Place{File: base, Row: i + 1, Column: strings.TrimPrefix(at+"."+where, ".")}
	}
	switch {
	case r.hasCustomerKey:
		return o.readCustomers(path, at, r.Customer, req, route, place, rs)
	case r.hasInfoKey:
		return o.readUnassigned(path, at, r.Info, place)
	case r.hasGroupListKey:
		return o.readGroupList(path, at, r.GroupChatList, place, rs)
	case len(r.GroupChat) > 0:
		return o.readGroupGet(path, at, r.GroupChat, place)
	case r.hasFailedKey:
		return o.readGroupTransfer(path, at, r.FailedChatList, req, place, rs)
	}
	return 0, jsonErr(path, at, "reconcile.json.not_wecom", nil)
}

// routeOf tells the route from the saved call's API name or address.
func routeOf(s string) Route {
	switch {
	case strings.Contains(s, "resigned/"), strings.Contains(s, "groupchat/transfer"):
		return RouteResigned
	case strings.Contains(s, "transfer_result"), strings.Contains(s, "transfer_customer"), strings.Contains(s, "onjob_transfer"):
		return RouteOnJob
	}
	return RouteUnknown
}

type customerEntry struct {
	ExternalUserID *string `json:"external_userid"`
	Status         *int    `json:"status"`
	TakeoverTime   *int64  `json:"takeover_time"`
	ErrCode        *int    `json:"errcode"`
}

func (o *Outcomes) readCustomers(path, at string, list []json.RawMessage, req request, route Route, place func(string, int) audit.Place, rs *rules.ReconcileSet) (int, error) {
	for i, raw := range list {
		where := fmt.Sprintf("customer[%d]", i)
		var e customerEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			return 0, jsonErr(path, strings.TrimPrefix(at+"."+where, "."), "reconcile.json.shape", catalog.Args{"reason": err.Error()})
		}
		if e.ExternalUserID == nil || strings.TrimSpace(*e.ExternalUserID) == "" {
			return 0, jsonErr(path, strings.TrimPrefix(at+"."+where+".external_userid", "."), "reconcile.json.no_customer", nil)
		}
		c := CustomerOutcome{Leaver: req.HandoverUserID, Receiver: req.TakeoverUserID, ExternalID: strings.TrimSpace(*e.ExternalUserID), Route: route}
		switch {
		case e.Status != nil:
			if _, ok := rs.Status(*e.Status); !ok {
				return 0, jsonErr(path, strings.TrimPrefix(at+"."+where+".status", "."), "reconcile.json.customer_status", catalog.Args{"status": strconv.Itoa(*e.Status)})
			}
			c.Kind, c.Status, c.Place = KindStatus, *e.Status, place(where+".status", i)
			if e.TakeoverTime != nil {
				c.Time = unixDate(*e.TakeoverTime)
			}
		case e.ErrCode != nil:
			c.Kind, c.ErrCode, c.Place = KindCall, *e.ErrCode, place(where+".errcode", i)
		default:
			return 0, jsonErr(path, strings.TrimPrefix(at+"."+where, "."), "reconcile.json.no_status", nil)
		}
		o.Customers = append(o.Customers, c)
	}
	return len(list), nil
}

type unassignedEntry struct {
	HandoverUserID *string `json:"handover_userid"`
	ExternalUserID *string `json:"external_userid"`
	DimissionTime  *int64  `json:"dimission_time"`
}

func (o *Outcomes) readUnassigned(path, at string, list []json.RawMessage, place func(string, int) audit.Place) (int, error) {
	for i, raw := range list {
		where := fmt.Sprintf("info[%d]", i)
		var e unassignedEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			return 0, jsonErr(path, strings.TrimPrefix(at+"."+where, "."), "reconcile.json.shape", catalog.Args{"reason": err.Error()})
		}
		if e.HandoverUserID == nil || strings.TrimSpace(*e.HandoverUserID) == "" {
			return 0, jsonErr(path, strings.TrimPrefix(at+"."+where+".handover_userid", "."), "reconcile.json.missing", nil)
		}
		if e.ExternalUserID == nil || strings.TrimSpace(*e.ExternalUserID) == "" {
			return 0, jsonErr(path, strings.TrimPrefix(at+"."+where+".external_userid", "."), "reconcile.json.missing", nil)
		}
		c := CustomerOutcome{Kind: KindUnassigned, Leaver: strings.TrimSpace(*e.HandoverUserID), ExternalID: strings.TrimSpace(*e.ExternalUserID),
			Route: RouteResigned, Place: place(where, i)}
		if e.DimissionTime != nil {
			c.Time = unixDate(*e.DimissionTime)
		}
		o.Customers = append(o.Customers, c)
	}
	return len(list), nil
}

type groupEntry struct {
	ChatID *string `json:"chat_id"`
	Status *int    `json:"status"`
}

func (o *Outcomes) readGroupList(path, at string, list []json.RawMessage, place func(string, int) audit.Place, rs *rules.ReconcileSet) (int, error) {
	for i, raw := range list {
		where := fmt.Sprintf("group_chat_list[%d]", i)
		var e groupEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			return 0, jsonErr(path, strings.TrimPrefix(at+"."+where, "."), "reconcile.json.shape", catalog.Args{"reason": err.Error()})
		}
		if e.ChatID == nil || *e.ChatID == "" {
			return 0, jsonErr(path, strings.TrimPrefix(at+"."+where+".chat_id", "."), "reconcile.json.missing", nil)
		}
		if e.Status == nil {
			return 0, jsonErr(path, strings.TrimPrefix(at+"."+where+".status", "."), "reconcile.json.missing", nil)
		}
		if _, ok := rs.GroupStatus(*e.Status); !ok {
			return 0, jsonErr(path, strings.TrimPrefix(at+"."+where+".status", "."), "reconcile.json.group_status", catalog.Args{"status": strconv.Itoa(*e.Status)})
		}
		o.Groups = append(o.Groups, GroupOutcome{ChatID: *e.ChatID, Status: *e.Status, Place: place(where+".status", i)})
	}
	return len(list), nil
}

type groupDetail struct {
	ChatID *string `json:"chat_id"`
	Name   string  `json:"name"`
	Owner  *string `json:"owner"`
}

func (o *Outcomes) readGroupGet(path, at string, raw json.RawMessage, place func(string, int) audit.Place) (int, error) {
	var g groupDetail
	if err := json.Unmarshal(raw, &g); err != nil {
		return 0, jsonErr(path, strings.TrimPrefix(at+".group_chat", "."), "reconcile.json.shape", catalog.Args{"reason": err.Error()})
	}
	if g.ChatID == nil || *g.ChatID == "" || g.Owner == nil {
		return 0, jsonErr(path, strings.TrimPrefix(at+".group_chat", "."), "reconcile.json.needs", catalog.Args{"first": "chat_id", "second": "owner"})
	}
	o.Groups = append(o.Groups, GroupOutcome{ChatID: *g.ChatID, Owner: *g.Owner, Name: g.Name, Status: -1, Place: place("group_chat.owner", 0)})
	return 1, nil
}

type failedChat struct {
	ChatID  *string `json:"chat_id"`
	ErrCode *int    `json:"errcode"`
	ErrMsg  string  `json:"errmsg"`
}

func (o *Outcomes) readGroupTransfer(path, at string, list []json.RawMessage, req request, place func(string, int) audit.Place, rs *rules.ReconcileSet) (int, error) {
	failed := map[string]bool{}
	for i, raw := range list {
		where := fmt.Sprintf("failed_chat_list[%d]", i)
		var e failedChat
		if err := json.Unmarshal(raw, &e); err != nil {
			return 0, jsonErr(path, strings.TrimPrefix(at+"."+where, "."), "reconcile.json.shape", catalog.Args{"reason": err.Error()})
		}
		if e.ChatID == nil || *e.ChatID == "" || e.ErrCode == nil {
			return 0, jsonErr(path, strings.TrimPrefix(at+"."+where, "."), "reconcile.json.needs", catalog.Args{"first": "chat_id", "second": "errcode"})
		}
		failed[*e.ChatID] = true
		o.Groups = append(o.Groups, GroupOutcome{ChatID: *e.ChatID, Status: -1, ErrCode: *e.ErrCode, NewOwner: req.NewOwner, Place: place(where+".errcode", i)})
	}
	// The chats of the request that did not fail started their handover
	// (API/92127); only a saved request says which they are.
	for i, id := range req.ChatIDList {
		if !failed[id] {
			o.Groups = append(o.Groups, GroupOutcome{ChatID: id, Status: 2, NewOwner: req.NewOwner, Place: place("request.chat_id_list["+strconv.Itoa(i)+"]", i)})
		}
	}
	return len(list) + len(req.ChatIDList), nil
}
