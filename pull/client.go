// Package pull fetches an enterprise's members, customer-contact scope,
// customers, departed members' unassigned customers, groups and transfer
// results from WeCom's server API and writes them as files the audit's
// readers already accept, with a manifest.json that records the run.
//
// The client is a small one of our own (docs/pull.md says why): a dozen
// JSON endpoints, two access tokens, pacing below the documented limits,
// retries with jitter, and errors that never carry a secret or a token.
package pull

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// DefaultBase is WeCom's API server.
const DefaultBase = "https://qyapi.weixin.qq.com"

// Limits are the documented frequency limits per API per enterprise
// (API/90454): 10,000 calls a minute and 150,000 an hour. The client stays
// below both with a margin, so that another tool of the enterprise calling
// at the same time does not get the whole enterprise blocked.
type Limits struct {
	PerMinute int
	PerHour   int
}

// DefaultLimits are 90 % of API/90454's figures.
var DefaultLimits = Limits{PerMinute: 9_000, PerHour: 135_000}

// Options tune the client; the zero value is the production setting.
type Options struct {
	Limits  Limits
	Timeout time.Duration // per call; 0 = 30 s
	// Retries on a network error, a 5xx answer or a frequency-limit code
	// (45009, 45033); 0 = 6.
	Retries int
	// Backoff is the first wait before a retry, doubled each time with
	// jitter; 0 = 1 s. A frequency-limit code waits at least a minute
	// unless BackoffLimit says otherwise (tests).
	Backoff      time.Duration
	BackoffLimit time.Duration // first wait after 45009/45033; 0 = 60 s
	// Progress, when set, is told after every call: the endpoint and the
	// calls made to it so far.
	Progress func(endpoint string, calls int)
}

// Client calls WeCom. Safe for one goroutine at a time.
type Client struct {
	base   *url.URL
	creds  Credentials
	http   *http.Client
	opt    Options
	tokens map[string]string // secret kind → token; never printed
	pacers map[string]*pacer
	Stats  *Stats
	sleep  func(context.Context, time.Duration) error
	now    func() time.Time
}

// Stats counts what the client did, per endpoint, for the manifest.
type Stats struct {
	mu        sync.Mutex
	Endpoints []*EndpointStats
	byName    map[string]*EndpointStats
}

// EndpointStats is one endpoint's line of the manifest.
type EndpointStats struct {
	Endpoint string `json:"endpoint"`
	Calls    int    `json:"calls"`
	Pages    int    `json:"pages"`
	Records  int    `json:"records"`
	Retries  int    `json:"retries"`
	None     int    `json:"none_84061,omitempty"`
}

func (s *Stats) of(ep string) *EndpointStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byName == nil {
		s.byName = map[string]*EndpointStats{}
	}
	e, ok := s.byName[ep]
	if !ok {
		e = &EndpointStats{Endpoint: ep}
		s.byName[ep] = e
		s.Endpoints = append(s.Endpoints, e)
	}
	return e
}

// Total is the number of calls made, token calls included.
func (s *Stats) Total() int {
	n := 0
	for _, e := range s.Endpoints {
		n += e.Calls
	}
	return n
}

// NewClient checks the API base (https, or http to a loopback address
// only: a token must not cross a network in clear) and returns a client.
func NewClient(base string, creds Credentials, opt Options) (*Client, error) {
	u, err := CheckBase(base)
	if err != nil {
		return nil, err
	}
	if opt.Limits.PerMinute <= 0 || opt.Limits.PerHour <= 0 {
		opt.Limits = DefaultLimits
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 30 * time.Second
	}
	if opt.Retries <= 0 {
		opt.Retries = 6
	}
	if opt.Backoff <= 0 {
		opt.Backoff = time.Second
	}
	if opt.BackoffLimit <= 0 {
		opt.BackoffLimit = 60 * time.Second
	}
	return &Client{base: u, creds: creds, opt: opt,
		http:   &http.Client{Timeout: opt.Timeout},
		tokens: map[string]string{}, pacers: map[string]*pacer{}, Stats: &Stats{},
		sleep: sleepCtx, now: time.Now}, nil
}

// CheckBase parses --api-base.
func CheckBase(base string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(base), "/"))
	if err != nil || u.Host == "" {
		return nil, pullError(nil, "pull.error.base.not_address", catalog.Args{"base": strconv.Quote(base), "example": DefaultBase})
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !loopback(u.Hostname()) {
			return nil, pullError(nil, "pull.error.base.plain_http", catalog.Args{"base": base})
		}
	default:
		return nil, pullError(nil, "pull.error.base.scheme", catalog.Args{"base": base})
	}
	if u.User != nil || u.RawQuery != "" {
		return nil, pullError(nil, "pull.error.base.user_query", catalog.Args{"example": DefaultBase})
	}
	return u, nil
}

func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Base is the API base as used (for the manifest).
func (c *Client) Base() string { return c.base.String() }

// APIError is a non-zero errcode WeCom answered: the pull stops (exit 2).
type APIError struct {
	Endpoint string
	Code     int
	Msg      string // errmsg as WeCom sent it, without its hint URL
}

func (e *APIError) Error() string {
	m := Meaning(e.Code)
	return fmt.Sprintf("WeCom API %s answered errcode %d (%s / %s); errmsg: %s", e.Endpoint, e.Code, m.In("en"), m.In("zh"), e.Msg)
}

// In says the error in lang (catalog.Localizer), so that a fatal pull error
// reads in the user's language; Error stays English for logs.
func (e *APIError) In(lang string) string {
	return catalog.T(lang, "pull.api_error", catalog.Args{"endpoint": e.Endpoint, "code": strconv.Itoa(e.Code), "meaning": Meaning(e.Code), "msg": e.Msg})
}

// Meaning is what a code means: from rules/reconcile.yaml's dictionary
// when it is a transfer code, else from the call-level codes of API/90313
// this client meets (catalog/pull.yaml, pull.errcode.<code>); "meaning not
// in this tool's dictionary" otherwise.
func Meaning(code int) rules.Text {
	rs := rules.Reconcile()
	for _, scope := range []string{"customer", "group"} {
		if e, ok := rs.Error(code, scope); ok {
			return e.Meaning
		}
	}
	if id := "pull.errcode." + strconv.Itoa(code); catalog.Has(id) {
		return rules.Msg(id, nil)
	}
	return rules.Msg("pull.errcode.unknown", nil)
}

// Kinds of secret: which token a call needs.
const (
	secretContact     = "contact"
	secretAddressbook = "addressbook"
)

// call makes one API call: GET when body is nil, else POST of body as
// JSON; out receives the answer. It returns the errcode (0 or 84061;
// other codes are an *APIError).
func (c *Client) call(ctx context.Context, secret, endpoint string, query url.Values, body, out any) (int, error) {
	st := c.Stats.of(endpoint)
	p := c.pacer(endpoint)
	backoff := c.opt.Backoff
	limitWait := c.opt.BackoffLimit
	refreshed := false
	for attempt := 0; ; attempt++ {
		tok, err := c.token(ctx, secret)
		if err != nil {
			return 0, err
		}
		if err := p.wait(ctx, c.now, c.sleep); err != nil {
			return 0, stopped(err, endpoint)
		}
		st.Calls++
		if c.opt.Progress != nil {
			c.opt.Progress(endpoint, st.Calls)
		}
		raw, err := c.do(ctx, endpoint, tok, query, body)
		var code int
		var msg string
		if err == nil {
			var env struct {
				ErrCode int    `json:"errcode"`
				ErrMsg  string `json:"errmsg"`
			}
			if jerr := json.Unmarshal(raw, &env); jerr != nil {
				err = apiError(jerr, endpoint, "pull.error.not_json", catalog.Args{"reason": jerr.Error()})
			} else {
				code, msg = env.ErrCode, env.ErrMsg
			}
		}
		retry := func(wait time.Duration) error {
			if attempt >= c.opt.Retries {
				return err
			}
			st.Retries++
			if err := c.sleep(ctx, jitter(wait)); err != nil {
				return stopped(err, endpoint)
			}
			return nil
		}
		switch {
		case err != nil:
			if errors.Is(err, context.Canceled) {
				return 0, err
			}
			if rerr := retry(backoff); rerr != nil {
				return 0, rerr
			}
			backoff *= 2
			continue
		case code == 42001 || code == 40014 || code == 41001:
			// The token expired or was replaced by another program that
			// shares the secret: fetch a new one, once per call.
			if refreshed {
				return 0, &APIError{Endpoint: endpoint, Code: code, Msg: cleanMsg(msg)}
			}
			refreshed = true
			delete(c.tokens, secret)
			continue
		case code == 45009 || code == 45033:
			err = &APIError{Endpoint: endpoint, Code: code, Msg: cleanMsg(msg)}
			if rerr := retry(limitWait); rerr != nil {
				return 0, rerr
			}
			limitWait *= 2
			continue
		case code == 84061:
			st.None++
			return code, nil
		case code != 0:
			return 0, &APIError{Endpoint: endpoint, Code: code, Msg: cleanMsg(msg)}
		}
		if err := json.Unmarshal(raw, out); err != nil {
			return 0, shapeError(err, endpoint)
		}
		return 0, nil
	}
}

// cleanMsg drops WeCom's hint URL and anything after it from an errmsg
// (it carries a request id and sometimes the IP address).
func cleanMsg(s string) string {
	if i := strings.Index(s, ", hint:"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, "http"); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200]
	}
	return strings.TrimSpace(s)
}

// do sends one request. Errors name the endpoint, never the address: the
// address holds the access token.
func (c *Client) do(ctx context.Context, endpoint, token string, query url.Values, body any) ([]byte, error) {
	u := *c.base
	u.Path = strings.TrimRight(u.Path, "/") + "/cgi-bin/" + endpoint
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	if token != "" {
		q.Set("access_token", token)
	}
	u.RawQuery = q.Encode()
	method := http.MethodGet
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, apiError(err, endpoint, "pull.error.request", nil)
		}
		method, rd = http.MethodPost, bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, apiError(err, endpoint, "pull.error.request", nil)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, apiError(netCause(err), endpoint, "pull.error.network", catalog.Args{"reason": netReason(err)})
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, apiError(netCause(err), endpoint, "pull.error.broke_off", catalog.Args{"reason": netReason(err)})
	}
	if resp.StatusCode != http.StatusOK {
		return nil, apiError(nil, endpoint, "pull.error.http_status", catalog.Args{"status": strconv.Itoa(resp.StatusCode)})
	}
	return b, nil
}

// stopped is a wait before a call to endpoint cut short: the pull was
// cancelled (Ctrl-C) or ran out of time.
func stopped(err error, endpoint string) error {
	return apiError(err, endpoint, "pull.error.network", catalog.Args{"reason": netReason(err)})
}

// netCause is a transport error without the *url.Error around it: that
// one's address holds the access token (or, for gettoken, the secret).
func netCause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// netReason says what went wrong, without the *url.Error's address: a
// cancel or a timeout in the reader's language, anything else in the
// network's own words.
func netReason(err error) rules.Text {
	err = netCause(err)
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return rules.Msg("pull.error.net.cancelled", nil)
	case errors.As(err, &ne) && ne.Timeout():
		return rules.Msg("pull.error.net.timeout", nil)
	}
	return rules.Msg("pull.error.net.other", catalog.Args{"reason": err.Error()})
}

// token returns the access token for a secret, fetching it when there is
// none (API/91039). The token is kept in memory only.
func (c *Client) token(ctx context.Context, secret string) (string, error) {
	if t, ok := c.tokens[secret]; ok {
		return t, nil
	}
	s := c.creds.ContactSecret
	if secret == secretAddressbook {
		s = c.creds.AddressbookSecret
	}
	if s == "" {
		return "", pullError(nil, "pull.error.no_secret."+secret, nil)
	}
	st := c.Stats.of("gettoken")
	backoff := c.opt.Backoff
	for attempt := 0; ; attempt++ {
		if err := c.pacer("gettoken").wait(ctx, c.now, c.sleep); err != nil {
			return "", stopped(err, "gettoken")
		}
		st.Calls++
		raw, err := c.do(ctx, "gettoken", "", url.Values{"corpid": {c.creds.CorpID}, "corpsecret": {s}}, nil)
		if err == nil {
			var r struct {
				ErrCode     int    `json:"errcode"`
				ErrMsg      string `json:"errmsg"`
				AccessToken string `json:"access_token"`
			}
			if jerr := json.Unmarshal(raw, &r); jerr != nil {
				err = apiError(jerr, "gettoken", "pull.error.not_json", catalog.Args{"reason": jerr.Error()})
			} else if r.ErrCode != 0 {
				return "", &APIError{Endpoint: "gettoken (" + secret + " secret)", Code: r.ErrCode, Msg: cleanMsg(r.ErrMsg)}
			} else if r.AccessToken == "" {
				return "", apiError(nil, "gettoken", "pull.error.no_token", nil)
			} else {
				c.tokens[secret] = r.AccessToken
				return r.AccessToken, nil
			}
		}
		if attempt >= c.opt.Retries {
			return "", err
		}
		st.Retries++
		if err := c.sleep(ctx, jitter(backoff)); err != nil {
			return "", stopped(err, "gettoken")
		}
		backoff *= 2
	}
}

func jitter(d time.Duration) time.Duration {
	return d/2 + time.Duration(rand.Int64N(int64(d)+1))
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// pacer keeps one endpoint below the per-minute and per-hour limits: two
// token buckets, each full at the start and refilled evenly.
type pacer struct {
	minute, hour bucket
}

type bucket struct {
	cap, level float64
	per        time.Duration
	last       time.Time
}

func (c *Client) pacer(endpoint string) *pacer {
	p, ok := c.pacers[endpoint]
	if !ok {
		now := c.now()
		p = &pacer{
			minute: bucket{cap: float64(c.opt.Limits.PerMinute), level: float64(c.opt.Limits.PerMinute), per: time.Minute, last: now},
			hour:   bucket{cap: float64(c.opt.Limits.PerHour), level: float64(c.opt.Limits.PerHour), per: time.Hour, last: now},
		}
		c.pacers[endpoint] = p
	}
	return p
}

func (b *bucket) need(now time.Time) time.Duration {
	b.level = min(b.cap, b.level+b.cap*float64(now.Sub(b.last))/float64(b.per))
	b.last = now
	if b.level >= 1 {
		return 0
	}
	return time.Duration((1 - b.level) / b.cap * float64(b.per))
}

func (p *pacer) wait(ctx context.Context, clock func() time.Time, sleep func(context.Context, time.Duration) error) error {
	for {
		now := clock()
		d := max(p.minute.need(now), p.hour.need(now))
		if d == 0 {
			p.minute.level--
			p.hour.level--
			return nil
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}
