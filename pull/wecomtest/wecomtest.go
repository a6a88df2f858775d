// Package wecomtest is a stand-in for WeCom's server API: an httptest
// server answering the documented JSON shapes of the endpoints `auditor
// pull` calls, with knobs for page sizes, token expiry, frequency limits,
// 84061, 81017, malformed answers, errors and slow answers, and a
// generator for large enterprises whose customers are computed, not
// stored.
package wecomtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Member is one address-book member.
type Member struct {
	UserID string
	Name   string
	Status int  // user/get status: 1, 2, 4 or 5
	Follow bool // in the customer-contact scope (get_follow_user_list)
	// Customers are listed; when nil, NCustomers customers are computed
	// (CustomerOf).
	Customers  []Customer
	NCustomers int
}

// Customer is one customer of a member.
type Customer struct {
	ExternalID string
	Name       string
	CreateTime int64
}

// Unassigned is one entry of get_unassigned_list.
type Unassigned struct {
	Handover, External string
	Dimission          int64
}

// Group is one customer group.
type Group struct {
	ChatID, Name, Owner string
	Members             int
}

// Transfer is one customer's transfer_result entry.
type Transfer struct {
	External     string
	Status       int
	TakeoverTime int64
}

// Enterprise is what the stand-in serves.
type Enterprise struct {
	CorpID, ContactSecret, AddressbookSecret string
	Members                                  []Member
	Unassigned                               []Unassigned
	Groups                                   []Group
	// Transfers, keyed "onjob|leaver|receiver" or "resigned|leaver|receiver".
	Transfers map[string][]Transfer
}

// CustomerOf is customer k of a member without a customer list.
func CustomerOf(userid string, k int) Customer {
	return Customer{ExternalID: fmt.Sprintf("wm%s-%07d", userid, k), Name: fmt.Sprintf("客户%d", k), CreateTime: 1735660800 + int64(k%300)*86400}
}

func (m *Member) count() int {
	if m.Customers != nil {
		return len(m.Customers)
	}
	return m.NCustomers
}

func (m *Member) customer(k int) Customer {
	if m.Customers != nil {
		return m.Customers[k]
	}
	return CustomerOf(m.UserID, k)
}

// Knobs change how the stand-in answers. Zero values: documented maxima,
// no faults.
type Knobs struct {
	PageSize int // answers at most this many entries a page (and never more than the request's limit)
	// ExpireTokensAfter: after this many API calls, every token issued so
	// far answers 42001 (once).
	ExpireTokensAfter int
	// FrequencyLimit: every Nth API call answers FrequencyCode (45009 by
	// default) instead.
	FrequencyLimit int
	FrequencyCode  int
	// VisibleOver1000: groupchat/list without owner_filter answers 81017.
	VisibleOver1000 bool
	// None: endpoints (e.g. "externalcontact/get_unassigned_list") that
	// answer 84061.
	None map[string]bool
	// Malformed: endpoints whose answer is not JSON.
	Malformed map[string]bool
	// ErrCode: endpoints that answer this errcode.
	ErrCode map[string]int
	// Fail5xx: the first N API calls answer HTTP 502.
	Fail5xx int
	// Delay: every answer waits this long.
	Delay time.Duration
}

// Server is a running stand-in.
type Server struct {
	*httptest.Server
	E     *Enterprise
	K     Knobs
	mu    sync.Mutex
	calls map[string]int
	total int
	// issued tokens → secret kind; expired ones answer 42001.
	tokens  map[string]string
	expired map[string]bool
	expDone bool
	n       int
	// Seen holds every request's query and body, for tests that look for
	// what crossed the wire; only kept when Record is set.
	Record bool
	Seen   []string
}

// New starts a stand-in on a loopback address.
func New(e *Enterprise, k Knobs) *Server {
	s := &Server{E: e, K: k, calls: map[string]int{}, tokens: map[string]string{}, expired: map[string]bool{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Handler is the stand-in's handler, for a server of one's own.
func NewHandler(e *Enterprise, k Knobs) (*Server, http.Handler) {
	s := &Server{E: e, K: k, calls: map[string]int{}, tokens: map[string]string{}, expired: map[string]bool{}}
	return s, http.HandlerFunc(s.serve)
}

// Calls is how many times an endpoint was called.
func (s *Server) Calls(endpoint string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[endpoint]
}

// Total is every call, gettoken included.
func (s *Server) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

func (s *Server) page(limit, max int) int {
	n := max
	if limit > 0 && limit < n {
		n = limit
	}
	if s.K.PageSize > 0 && s.K.PageSize < n {
		n = s.K.PageSize
	}
	return n
}

type obj = map[string]any

func write(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	// A client gone mid-answer sees the short body itself.
	_ = json.NewEncoder(w).Encode(v)
}

func errc(code int, msg string) obj { return obj{"errcode": code, "errmsg": msg} }

var addressbook = map[string]bool{"user/list_id": true, "user/get": true}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.K.Delay > 0 {
		time.Sleep(s.K.Delay)
	}
	ep := strings.TrimPrefix(r.URL.Path, "/cgi-bin/")
	var body struct {
		Cursor      string   `json:"cursor"`
		Limit       int      `json:"limit"`
		PageSize    int      `json:"page_size"`
		UserIDList  []string `json:"userid_list"`
		ChatID      string   `json:"chat_id"`
		OwnerFilter *struct {
			UserIDList []string `json:"userid_list"`
		} `json:"owner_filter"`
		Handover string `json:"handover_userid"`
		Takeover string `json:"takeover_userid"`
	}
	if r.Method == http.MethodPost {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			write(w, errc(47001, "data format error"))
			return
		}
	}
	s.mu.Lock()
	s.calls[ep]++
	s.total++
	if s.Record {
		b, _ := json.Marshal(body)
		s.Seen = append(s.Seen, r.URL.RawQuery+" "+string(b))
	}
	if ep == "gettoken" {
		q := r.URL.Query()
		kind := ""
		switch {
		case q.Get("corpid") != s.E.CorpID:
			s.mu.Unlock()
			write(w, errc(40013, "invalid corpid"))
			return
		case q.Get("corpsecret") == s.E.ContactSecret:
			kind = "contact"
		case q.Get("corpsecret") == s.E.AddressbookSecret && s.E.AddressbookSecret != "":
			kind = "addressbook"
		default:
			s.mu.Unlock()
			write(w, errc(40001, "invalid credential"))
			return
		}
		s.n++
		tok := fmt.Sprintf("TOKEN-%s-%d", kind, s.n)
		s.tokens[tok] = kind
		s.mu.Unlock()
		write(w, obj{"errcode": 0, "errmsg": "ok", "access_token": tok, "expires_in": 7200})
		return
	}
	s.n++
	n := s.n
	if s.K.Fail5xx > 0 {
		s.K.Fail5xx--
		s.mu.Unlock()
		http.Error(w, "bad gateway", http.StatusBadGateway)
		return
	}
	if s.K.ExpireTokensAfter > 0 && !s.expDone && s.total > s.K.ExpireTokensAfter {
		s.expDone = true
		for t := range s.tokens {
			s.expired[t] = true
		}
	}
	tok := r.URL.Query().Get("access_token")
	kind, ok := s.tokens[tok]
	expired := s.expired[tok]
	s.mu.Unlock()
	switch {
	case tok == "":
		write(w, errc(41001, "access_token missing"))
		return
	case !ok:
		write(w, errc(40014, "invalid access_token"))
		return
	case expired:
		write(w, errc(42001, "access_token expired"))
		return
	case addressbook[ep] != (kind == "addressbook"):
		write(w, errc(48002, "api forbidden"))
		return
	case s.K.FrequencyLimit > 0 && n%s.K.FrequencyLimit == 0:
		code := s.K.FrequencyCode
		if code == 0 {
			code = 45009
		}
		write(w, errc(code, "api freq out of limit"))
		return
	case s.K.None[ep]:
		write(w, errc(84061, "not exist external contact"))
		return
	case s.K.Malformed[ep]:
		_, _ = w.Write([]byte(`{"errcode":0,"errmsg":"ok","next_cursor":`))
		return
	case s.K.ErrCode[ep] != 0:
		write(w, errc(s.K.ErrCode[ep], "error from the stand-in"))
		return
	}
	off, _ := strconv.Atoi(body.Cursor)
	switch ep {
	case "user/list_id":
		size := s.page(body.Limit, 10000)
		var list []obj
		for i := off; i < len(s.E.Members) && len(list) < size; i++ {
			list = append(list, obj{"userid": s.E.Members[i].UserID, "department": 1})
		}
		write(w, withCursor(obj{"errcode": 0, "errmsg": "ok", "dept_user": list}, off+len(list), len(s.E.Members)))
	case "user/get":
		id := r.URL.Query().Get("userid")
		for _, m := range s.E.Members {
			if strings.EqualFold(m.UserID, id) {
				write(w, obj{"errcode": 0, "errmsg": "ok", "userid": m.UserID, "name": m.Name, "department": []int{1}, "status": m.Status})
				return
			}
		}
		write(w, errc(60111, "userid not found"))
	case "externalcontact/get_follow_user_list":
		list := []string{}
		for _, m := range s.E.Members {
			if m.Follow {
				list = append(list, m.UserID)
			}
		}
		write(w, obj{"errcode": 0, "errmsg": "ok", "follow_user": list})
	case "externalcontact/batch/get_by_user":
		if len(body.UserIDList) > 100 {
			write(w, errc(40058, "userid_list too long"))
			return
		}
		size := s.page(body.Limit, 100)
		var list []obj
		pos := 0
		for _, id := range body.UserIDList {
			m := s.member(id)
			if m == nil {
				continue
			}
			c := m.count()
			if pos+c <= off {
				pos += c
				continue
			}
			for k := max(0, off-pos); k < c && len(list) < size; k++ {
				cu := m.customer(k)
				list = append(list, obj{"external_contact": obj{"external_userid": cu.ExternalID, "name": cu.Name, "type": 1},
					"follow_info": obj{"userid": m.UserID, "createtime": cu.CreateTime}})
			}
			pos += c
			if len(list) >= size {
				break
			}
		}
		total := 0
		for _, id := range body.UserIDList {
			if m := s.member(id); m != nil {
				total += m.count()
			}
		}
		write(w, withCursor(obj{"errcode": 0, "errmsg": "ok", "external_contact_list": list}, off+len(list), total))
	case "externalcontact/get_unassigned_list":
		size := s.page(body.PageSize, 1000)
		var list []obj
		for i := off; i < len(s.E.Unassigned) && len(list) < size; i++ {
			u := s.E.Unassigned[i]
			list = append(list, obj{"handover_userid": u.Handover, "external_userid": u.External, "dimission_time": u.Dimission})
		}
		end := off + len(list)
		res := withCursor(obj{"errcode": 0, "errmsg": "ok", "info": list}, end, len(s.E.Unassigned))
		res["is_last"] = end >= len(s.E.Unassigned)
		write(w, res)
	case "externalcontact/groupchat/list":
		if body.OwnerFilter == nil && s.K.VisibleOver1000 {
			write(w, errc(81017, "owner_filter required"))
			return
		}
		var gs []Group
		for _, g := range s.E.Groups {
			if body.OwnerFilter == nil || contains(body.OwnerFilter.UserIDList, g.Owner) {
				gs = append(gs, g)
			}
		}
		size := s.page(body.Limit, 1000)
		var list []obj
		for i := off; i < len(gs) && len(list) < size; i++ {
			list = append(list, obj{"chat_id": gs[i].ChatID, "status": 0})
		}
		write(w, withCursor(obj{"errcode": 0, "errmsg": "ok", "group_chat_list": list}, off+len(list), len(gs)))
	case "externalcontact/groupchat/get":
		for _, g := range s.E.Groups {
			if g.ChatID == body.ChatID {
				ms := make([]obj, g.Members)
				for i := range ms {
					ms[i] = obj{"userid": fmt.Sprintf("wm-member-%d", i), "type": 2}
				}
				write(w, obj{"errcode": 0, "errmsg": "ok", "group_chat": obj{"chat_id": g.ChatID, "name": g.Name, "owner": g.Owner, "member_list": ms}})
				return
			}
		}
		write(w, errc(84061, "not exist"))
	case "externalcontact/transfer_result", "externalcontact/resigned/transfer_result":
		route := "onjob"
		if strings.Contains(ep, "resigned/") {
			route = "resigned"
		}
		ts := s.E.Transfers[route+"|"+body.Handover+"|"+body.Takeover]
		size := s.page(0, 1000)
		list := []obj{}
		for i := off; i < len(ts) && len(list) < size; i++ {
			list = append(list, obj{"external_userid": ts[i].External, "status": ts[i].Status, "takeover_time": ts[i].TakeoverTime})
		}
		write(w, withCursor(obj{"errcode": 0, "errmsg": "ok", "customer": list}, off+len(list), len(ts)))
	default:
		write(w, errc(48001, "api unauthorized: the stand-in does not serve "+ep))
	}
}

func withCursor(o obj, next, total int) obj {
	o["next_cursor"] = ""
	if next < total {
		o["next_cursor"] = strconv.Itoa(next)
	}
	return o
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (s *Server) member(id string) *Member {
	i := sort.Search(len(s.E.Members), func(i int) bool { return s.E.Members[i].UserID >= id })
	if i < len(s.E.Members) && s.E.Members[i].UserID == id {
		return &s.E.Members[i]
	}
	for i := range s.E.Members {
		if s.E.Members[i].UserID == id {
			return &s.E.Members[i]
		}
	}
	return nil
}

// Generate makes an enterprise of n members and about customers customers:
// every tenth member outside the scope, two in fifty quit (status 5), one
// of them outside the scope,
// a departed member per hundred members in the unassigned list with ten
// customers each, and a group per ten members. Deterministic.
func Generate(n, customers int) *Enterprise {
	e := &Enterprise{CorpID: "ww-stand-in-corp", ContactSecret: "contact-secret-stand-in-0123456789", AddressbookSecret: "addressbook-secret-stand-in-0123456789"}
	inScope := n - n/10
	per, extra := 0, 0
	if inScope > 0 {
		per, extra = customers/inScope, customers%inScope
	}
	for i := 0; i < n; i++ {
		m := Member{UserID: fmt.Sprintf("u%06d", i), Name: fmt.Sprintf("成员%d", i), Status: 1, Follow: i%10 != 9}
		if i%50 == 7 || i%50 == 19 {
			m.Status = 5
		}
		if m.Follow {
			m.NCustomers = per
			if extra > 0 {
				m.NCustomers++
				extra--
			}
		}
		e.Members = append(e.Members, m)
	}
	for d := 0; d < n/100; d++ {
		for k := 0; k < 10; k++ {
			e.Unassigned = append(e.Unassigned, Unassigned{Handover: fmt.Sprintf("gone%05d", d), External: fmt.Sprintf("wmgone%05d-%d", d, k), Dimission: 1793462400 + int64(d%28)*86400})
		}
	}
	for g := 0; g < n/10; g++ {
		e.Groups = append(e.Groups, Group{ChatID: fmt.Sprintf("wr%06d", g), Name: fmt.Sprintf("客户群%d", g), Owner: e.Members[g*10].UserID, Members: 3 + g%20})
	}
	return e
}
