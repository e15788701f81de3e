package taxii

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/intel"
)

type obj = map[string]any

// server fakes a TAXII 2.1 collection: objects with their date added, served
// after added_after, two per page with next tokens.
type server struct {
	mu      sync.Mutex
	added   []string // date added of each object
	objects []obj
	queries []string
	srv     *httptest.Server
}

func newServer(t *testing.T) *server {
	s := &server{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		user, pass, _ := r.BasicAuth()
		if r.URL.Path != "/api1/collections/91a7b528/objects/" || (user != "soc" || pass != "pw") && r.Header.Get("X-Api-Key") != "k" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if r.Header.Get("Accept") != MediaType || r.URL.Query().Get("match[type]") != "indicator" {
			w.WriteHeader(http.StatusNotAcceptable)
			return
		}
		q := r.URL.Query()
		s.queries = append(s.queries, q.Get("added_after")+"|"+q.Get("next"))
		start := 0
		if n := q.Get("next"); n != "" {
			start = int(n[0] - '0')
		}
		var page []obj
		i := start
		for ; i < len(s.objects) && len(page) < 2; i++ {
			if q.Get("added_after") == "" || s.added[i] > q.Get("added_after") {
				page = append(page, s.objects[i])
			} else {
				start++
			}
		}
		env := obj{"more": i < len(s.objects), "objects": page}
		if i < len(s.objects) {
			env["next"] = string(rune('0' + i))
		}
		if len(page) > 0 {
			w.Header().Set("X-TAXII-Date-Added-Last", s.added[i-1])
		}
		w.Header().Set("Content-Type", MediaType)
		_ = json.NewEncoder(w).Encode(env)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *server) add(added string, o obj) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.added, s.objects = append(s.added, added), append(s.objects, o)
}

func indicator(id, pattern string, extra obj) obj {
	o := obj{"type": "indicator", "spec_version": "2.1", "id": id, "pattern": pattern, "pattern_type": "stix",
		"valid_from": "2026-11-01T00:00:00Z", "modified": "2026-11-02T00:00:00Z", "labels": []string{"phishing"}}
	for k, v := range extra {
		o[k] = v
	}
	return o
}

func TestPollsIncrementally(t *testing.T) {
	srv := newServer(t)
	srv.add("2026-12-01T00:00:01.000Z", indicator("indicator--1", "[email-addr:value = 'urch@elchino-millions.site']", obj{"confidence": 90}))
	srv.add("2026-12-01T00:00:02.000Z", indicator("indicator--2", "[domain-name:value = 'elchino-millions.site'] OR [ipv4-addr:value = '175.45.176.0/22']", nil))
	srv.add("2026-12-01T00:00:03.000Z", obj{"type": "malware", "id": "malware--1"})
	srv.add("2026-12-01T00:00:04.000Z", indicator("indicator--3", "[email-message:from_ref.value = 'ceo@evil.example' AND email-message:subject = 'x']", nil))
	srv.add("2026-12-01T00:00:05.000Z", indicator("indicator--4", "[ipv6-addr:value = '2001:db8:666::1']", obj{"valid_until": "2026-11-30T00:00:00Z"}))
	src, err := New(Config{Name: "ISAC", CollectionURL: srv.srv.URL + "/api1/collections/91a7b528/", Username: "soc", Password: "pw",
		PageSize: 2, Now: func() time.Time { return time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := src.Fetch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		v    string
		k    intel.Kind
		conf int
	}
	var got []row
	for _, ind := range snap.Indicators {
		got = append(got, row{ind.Value, ind.Kind, ind.Confidence})
	}
	want := []row{{"urch@elchino-millions.site", intel.KindEmail, 90}, {"elchino-millions.site", intel.KindDomain, 50}, {"175.45.176.0/22", intel.KindCIDR, 50}}
	if !slices.Equal(got, want) || snap.Skipped != 1 || snap.Cursor != "2026-12-01T00:00:05.000Z" {
		t.Fatalf("got %v, skipped %d (the AND pattern), cursor %q", got, snap.Skipped, snap.Cursor)
	}
	if ind := snap.Indicators[0]; !slices.Equal(ind.Labels, []string{"phishing"}) || ind.Ref != "indicator--1" || ind.Provider != "ISAC" ||
		!ind.FirstSeen.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("first = %+v", ind)
	}
	if !slices.Equal(srv.queries, []string{"|", "|2", "|4"}) {
		t.Errorf("queries = %q", srv.queries)
	}
	// A new version of indicor--2 and a revocation of --1 arrive later.
	srv.add("2026-12-02T00:00:00.000Z", indicator("indicator--2", "[domain-name:value = 'elchino-millions.site']", obj{"confidence": 95}))
	srv.add("2026-12-02T00:00:01.000Z", indicator("indicator--1", "[email-addr:value = 'urch@elchino-millions.site']", obj{"revoked": true}))
	next, err := src.Fetch(context.Background(), snap)
	if err != nil {
		t.Fatal(err)
	}
	if len(next.Indicators) != 1 || next.Indicators[0].Value != "elchino-millions.site" || next.Indicators[0].Confidence != 95 {
		t.Errorf("after the update: %+v", next.Indicators)
	}
	if q := srv.queries[3]; q != "2026-12-01T00:00:05.000Z|" {
		t.Errorf("incremental query = %q", q)
	}
	same, err := src.Fetch(context.Background(), next)
	if err != nil || same != next {
		t.Errorf("nothing new: %v, same=%v", err, same == next)
	}
}

func TestAuthErrorsAndAPIKey(t *testing.T) {
	srv := newServer(t)
	srv.add("2026-12-01T00:00:01.000Z", indicator("indicator--1", "[domain-name:value = 'evil.example']", nil))
	bad, _ := New(Config{Name: "ISAC", CollectionURL: srv.srv.URL + "/api1/collections/91a7b528/", Username: "soc", Password: "nope"})
	if _, err := bad.Fetch(context.Background(), nil); err == nil || err.Error() != "TAXII ISAC answered HTTP 401 Unauthorized: check the credentials and their permissions" {
		t.Errorf("error = %v", err)
	}
	key, _ := New(Config{Name: "ISAC", CollectionURL: srv.srv.URL + "/api1/collections/91a7b528", APIKeyHeader: "X-Api-Key", APIKey: "k"})
	if snap, err := key.Fetch(context.Background(), nil); err != nil || len(snap.Indicators) != 1 {
		t.Errorf("API key: %v", err)
	}
	if _, err := New(Config{Name: "x", CollectionURL: "https://taxii.example.com/api1/"}); err == nil || !strings.Contains(err.Error(), "collections/<id>/") {
		t.Errorf("bad URL accepted: %v", err)
	}
}
