package pull

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// FuzzAnswers: whatever WeCom answers, the pull completes or stops with
// an error; never a panic, never a secret in the error.
func FuzzAnswers(f *testing.F) {
	f.Add([]byte(`{"errcode":0,"errmsg":"ok","follow_user":["a"],"dept_user":[{"userid":"a"}],"status":1,"next_cursor":""}`))
	f.Add([]byte(`{"errcode":0,"external_contact_list":[{"external_contact":{},"follow_info":{}}],"next_cursor":"x"}`))
	f.Add([]byte(`{"errcode":0,"info":[{"handover_userid":"g","external_userid":"e","dimission_time":-1}],"is_last":true}`))
	f.Add([]byte(`{"errcode":84061}`))
	f.Add([]byte(`{"errcode":0,"status":9}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/gettoken") {
				w.Write([]byte(`{"errcode":0,"access_token":"TOKEN-x","expires_in":7200}`))
				return
			}
			w.Write(body)
		}))
		defer srv.Close()
		c, err := NewClient(srv.URL, Credentials{CorpID: "c", ContactSecret: "SECRET-c", AddressbookSecret: "SECRET-b", Source: "test"},
			Options{Retries: 1, Backoff: time.Microsecond, BackoffLimit: time.Microsecond, Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, err = Inputs(ctx, c, Config{Out: t.TempDir(), Now: time.Now})
		if err != nil && (strings.Contains(err.Error(), "SECRET-") || strings.Contains(err.Error(), "TOKEN-")) {
			t.Errorf("secret in %v", err)
		}
	})
}
