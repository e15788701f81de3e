package crowdstrike

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/intel"
)

type resource struct {
	ID                  string              `json:"id"`
	Indicator           string              `json:"indicator"`
	Type                string              `json:"type"`
	MaliciousConfidence string              `json:"malicious_confidence"`
	Actors              []string            `json:"actors"`
	Labels              []map[string]string `json:"labels"`
	PublishedDate       int64               `json:"published_date"`
	LastUpdated         int64               `json:"last_updated"`
	Deleted             bool                `json:"deleted,omitempty"`
	Marker              string              `json:"_marker"`
}

// falcon fakes the two documented endpoints. Resources are served in marker
// order, pageSize per page, resuming after the _marker the FQL filter names.
type falcon struct {
	mu        sync.Mutex
	resources []resource
	tokens    int
	filters   []string
	// fail makes the n-th indicators request (1-based) answer with status.
	failAt, failStatus int
	requests           int
	rateLimited        int // answer 429 this many times first
	srv                *httptest.Server
}

func newFalcon(t *testing.T) *falcon {
	f := &falcon{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth2/token", func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("client_id") != "cid" || r.FormValue("client_secret") != "csecret" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"errors":[{"code":401,"message":"access denied, invalid bearer token"}]}`))
			return
		}
		f.mu.Lock()
		f.tokens++
		n := f.tokens
		f.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"access_token":"tok-%d","token_type":"bearer","expires_in":1799}`, n)
	})
	mux.HandleFunc("GET /intel/combined/indicators/v1", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer tok-") {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		f.requests++
		if f.rateLimited > 0 {
			f.rateLimited--
			w.Header().Set("X-RateLimit-Limit", "6000")
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-RetryAfter", fmt.Sprint(time.Now().Unix()))
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		if f.requests == f.failAt {
			w.WriteHeader(f.failStatus)
			return
		}
		q := r.URL.Query()
		filter := q.Get("filter")
		f.filters = append(f.filters, filter)
		limit := 0
		fmt.Sscan(q.Get("limit"), &limit)
		after := ""
		if i := strings.Index(filter, "_marker:>'"); i >= 0 {
			after = strings.TrimSuffix(filter[i+len("_marker:>'"):], "'")
		}
		var page []resource
		for _, res := range f.resources {
			if res.Marker > after && len(page) < limit {
				page = append(page, res)
			}
		}
		w.Header().Set("X-RateLimit-Remaining", "5999")
		_ = json.NewEncoder(w).Encode(map[string]any{"meta": map[string]any{"pagination": map[string]int{"limit": limit}}, "resources": page, "errors": []any{}})
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func res(i int, value, typ, conf string) resource {
	return resource{ID: fmt.Sprintf("%s_%s", typ, value), Indicator: value, Type: typ, MaliciousConfidence: conf,
		Actors: []string{"MILLION SPIDER"}, Labels: []map[string]string{{"name": "MaliciousConfidence/High"}, {"name": "Malware/AgentTesla"}},
		PublishedDate: 1764000000 + int64(i), LastUpdated: 1764500000 + int64(i), Marker: fmt.Sprintf("m%04d", i)}
}

func source(t *testing.T, f *falcon) *Source {
	minRateWait = time.Millisecond
	s, err := New(Config{BaseURL: f.srv.URL, ClientID: "cid", ClientSecret: "csecret", PageSize: 2,
		Now: func() time.Time { return time.Unix(1765000000, 0) }})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFetchPagesAndResumes(t *testing.T) {
	f := newFalcon(t)
	f.resources = []resource{res(1, "urch@elchino-millions.site", "email_address", "high"), res(2, "elchino-millions.site", "domain", "medium"),
		res(3, "175.45.176.9", "ip_address", "high"), res(4, "2001:db8:666::1", "ipv6", "medium"), res(5, "evil.example", "url", "high")}
	s := source(t, f)
	snap, err := s.Fetch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Indicators) != 4 || snap.Skipped != 1 || snap.Cursor != "m0005" {
		t.Fatalf("snapshot: %d indicators, %d skipped, cursor %q", len(snap.Indicators), snap.Skipped, snap.Cursor)
	}
	got := snap.Indicators[0]
	want := intel.Indicator{Value: "urch@elchino-millions.site", Kind: intel.KindEmail, Confidence: 85, Actor: "MILLION SPIDER",
		Labels: []string{"MaliciousConfidence/High", "Malware/AgentTesla"}, Provider: "CrowdStrike", Ref: "email_address_urch@elchino-millions.site",
		FirstSeen: time.Unix(1764000001, 0).UTC(), LastSeen: time.Unix(1764500001, 0).UTC()}
	if got.Value != want.Value || got.Kind != want.Kind || got.Confidence != want.Confidence || got.Actor != want.Actor ||
		!slices.Equal(got.Labels, want.Labels) || got.Ref != want.Ref || !got.FirstSeen.Equal(want.FirstSeen) || !got.LastSeen.Equal(want.LastSeen) {
		t.Errorf("first = %+v", got)
	}
	if snap.Indicators[3].Kind != intel.KindIP || snap.Indicators[1].Confidence != 50 {
		t.Errorf("ipv6 / medium: %+v %+v", snap.Indicators[3], snap.Indicators[1])
	}
	wantFirst := "type:['domain','email_address','ip_address','ipv6']+malicious_confidence:['high','medium']+last_updated:>=1762408000"
	if len(f.filters) != 3 || f.filters[0] != wantFirst || f.filters[1] != strings.Replace(wantFirst, "last_updated:>=1762408000", "_marker:>'m0002'", 1) {
		t.Errorf("filters = %q", f.filters)
	}
	// The next refresh resumes at the marker: an update replaces, a deletion drops.
	upd := res(6, "elchino-millions.site", "domain", "high")
	upd.ID = "domain_elchino-millions.site"
	del := res(7, "175.45.176.9", "ip_address", "high")
	del.ID, del.Deleted = "ip_address_175.45.176.9", true
	f.resources = append(f.resources, upd, del)
	next, err := s.Fetch(context.Background(), snap)
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]int{}
	for _, ind := range next.Indicators {
		values[ind.Value] = ind.Confidence
	}
	if len(next.Indicators) != 3 || values["elchino-millions.site"] != 85 || values["175.45.176.9"] != 0 || next.Cursor != "m0007" {
		t.Errorf("after resume: %v cursor %q", values, next.Cursor)
	}
	if f.tokens != 1 {
		t.Errorf("signed in %d times, want once (the token is cached)", f.tokens)
	}
}

func TestRateLimitAndFailedPage(t *testing.T) {
	f := newFalcon(t)
	for i := 1; i <= 5; i++ {
		f.resources = append(f.resources, res(i, fmt.Sprintf("d%d.example", i), "domain", "high"))
	}
	f.rateLimited = 2
	f.failAt, f.failStatus = 5, http.StatusInternalServerError // requests 1-2 are 429, 3 and 4 two pages, 5 fails
	s := source(t, f)
	snap, err := s.Fetch(context.Background(), nil)
	if err == nil || err.Error() != "CrowdStrike answered HTTP 500 Internal Server Error" {
		t.Fatalf("error = %v", err)
	}
	if snap == nil || len(snap.Indicators) != 4 || snap.Cursor != "m0004" {
		t.Fatalf("the page before the failure was dropped: %+v", snap)
	}
	next, err := s.Fetch(context.Background(), snap)
	if err != nil || len(next.Indicators) != 5 {
		t.Fatalf("resume: %v, %d indicators", err, len(next.Indicators))
	}
}

func TestErrorsCarryNoSecrets(t *testing.T) {
	f := newFalcon(t)
	s, _ := New(Config{BaseURL: f.srv.URL, ClientID: "cid", ClientSecret: "wrong-secret"})
	_, err := s.Fetch(context.Background(), nil)
	if err == nil || err.Error() != "CrowdStrike sign-in answered HTTP 401 Unauthorized: check the credentials and their permissions" {
		t.Errorf("error = %v", err)
	}
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm() // a read body lets the server notice the client leaving
		<-r.Context().Done()
	}))
	defer hang.Close()
	s2, _ := New(Config{BaseURL: hang.URL, ClientID: "cid", ClientSecret: "csecret"})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = s2.Fetch(ctx, nil)
	if err == nil || !strings.Contains(err.Error(), "context deadline exceeded") || strings.Contains(err.Error(), "csecret") {
		t.Errorf("timeout error = %v", err)
	}
}

func TestNew(t *testing.T) {
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Cloud: "eu-1", ClientID: "a", ClientSecret: "b"}, ""},
		{Config{Cloud: "us-gov-1", ClientID: "a", ClientSecret: "b"}, ""},
		{Config{Cloud: "eu-2", ClientID: "a", ClientSecret: "b"}, `CrowdStrike cloud "eu-2" is not known`},
		{Config{Cloud: "us-1"}, "needs an API client ID and secret"},
		{Config{Cloud: "us-1", ClientID: "a", ClientSecret: "b", MinConfidence: "max"}, `minimum confidence "max"`},
	} {
		s, err := New(tc.cfg)
		if tc.want == "" && (err != nil || s.base != Clouds[tc.cfg.Cloud]) || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("New(%+v) = %v, want %q", tc.cfg.Cloud, err, tc.want)
		}
	}
}
