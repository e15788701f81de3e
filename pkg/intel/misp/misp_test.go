package misp

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/intel"
)

type fakeMISP struct {
	mu    sync.Mutex
	attrs []map[string]any
	reqs  []searchRequest
	srv   *httptest.Server
}

func newFake(t *testing.T) *fakeMISP {
	f := &fakeMISP{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if r.Method != http.MethodPost || r.URL.Path != "/attributes/restSearch" || r.Header.Get("Authorization") != "misp-key" {
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"name":"Authentication failed.","message":"Authentication failed.","url":"/attributes/restSearch"}`))
			return
		}
		var req searchRequest
		_ = json.NewDecoder(r.Body).Decode(&req)
		f.reqs = append(f.reqs, req)
		var out []map[string]any
		for _, a := range f.attrs {
			if a["timestamp"].(string) >= req.Timestamp {
				out = append(out, a)
			}
		}
		lo, hi := min(len(out), (req.Page-1)*req.Limit), min(len(out), req.Page*req.Limit)
		_ = json.NewEncoder(w).Encode(map[string]any{"response": map[string]any{"Attribute": out[lo:hi]}})
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func attr(id, typ, value, ts string, toIDs bool, tags ...string) map[string]any {
	tl := []map[string]string{}
	for _, t := range tags {
		tl = append(tl, map[string]string{"name": t})
	}
	return map[string]any{"id": id, "event_id": "7", "type": typ, "category": "Network activity", "value": value, "to_ids": toIDs,
		"timestamp": ts, "first_seen": nil, "last_seen": nil, "deleted": false, "Tag": tl, "Event": map[string]any{"info": "Phishing wave", "Orgc": map[string]string{"name": "CIRCL"}}}
}

func TestRestSearch(t *testing.T) {
	f := newFake(t)
	f.attrs = []map[string]any{
		attr("1", "email-src", "urch@elchino-millions.site", "1764900001", true, `misp-galaxy:threat-actor="MILLION SPIDER"`, "tlp:amber"),
		attr("2", "domain", "elchino-millions.site", "1764900002", true),
		attr("3", "ip-dst", "175.45.176.0/22", "1764900003", true),
		attr("4", "url", "https://evil.example/x", "1764900004", true),
		attr("5", "ip-src", "203.0.113.9", "1764900005", false),
	}
	src, err := New(Config{Name: "CIRCL", BaseURL: f.srv.URL, APIKey: "misp-key", PageSize: 2, Now: func() time.Time { return time.Unix(1765000000, 0) }})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := src.Fetch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Indicators) != 3 || snap.Skipped != 1 || snap.Cursor != "1764900005" {
		t.Fatalf("%d indicators, %d skipped, cursor %q", len(snap.Indicators), snap.Skipped, snap.Cursor)
	}
	first := snap.Indicators[0]
	if first.Kind != intel.KindEmail || first.Actor != "MILLION SPIDER" || !slices.Equal(first.Labels, []string{"tlp:amber"}) || first.Confidence != 75 ||
		!first.LastSeen.Equal(time.Unix(1764900001, 0).UTC()) || snap.Indicators[2].Kind != intel.KindCIDR {
		t.Errorf("indicators = %+v", snap.Indicators)
	}
	if len(f.reqs) != 3 || f.reqs[0].Timestamp != "1762408000" || !f.reqs[0].ToIDs || f.reqs[2].Page != 3 {
		t.Errorf("requests = %+v", f.reqs)
	}
	// to_ids switched off on the domain later: it goes.
	f.attrs = append(f.attrs, attr("2", "domain", "elchino-millions.site", "1764900010", false))
	next, err := src.Fetch(context.Background(), snap)
	if err != nil || len(next.Indicators) != 2 || next.Cursor != "1764900010" || f.reqs[3].Timestamp != "1764900005" {
		t.Errorf("incremental: %v, %d indicators, cursor %q", err, len(next.Indicators), next.Cursor)
	}
	bad, _ := New(Config{Name: "CIRCL", BaseURL: f.srv.URL, APIKey: "wrong"})
	if _, err := bad.Fetch(context.Background(), nil); err == nil || err.Error() != "MISP CIRCL answered HTTP 403 Forbidden: check the credentials and their permissions" {
		t.Errorf("error = %v", err)
	}
}
