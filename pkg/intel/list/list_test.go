package list

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/exotrace/messagetrace-datasource/pkg/intel"
)

// The usual export shape: confidence as a word, labels separated by ';'.
const wordsCSV = `value,type,confidence,actor,tags
urch@elchino-millions.site,email_address,high,MILLION SPIDER,KillChain/C2;Malware/AgentTesla
elchino-millions.site,domain,medium,,Phishing
175.45.176.0/22,ip_address,low,,ThreatType/Sanctions
`

var wordsMapping = intel.Mapping{Indicator: "value", Type: "type", Confidence: "confidence", Actor: "actor", Labels: "tags", LabelSeparator: ";"}

func TestInlineCSVMapping(t *testing.T) {
	src, err := New(Config{Name: "pasted", Inline: wordsCSV, ListOptions: intel.ListOptions{Format: intel.FormatCSV, Mapping: wordsMapping}})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := src.Fetch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Indicators) != 3 {
		t.Fatalf("got %d indicators", len(snap.Indicators))
	}
	got := snap.Indicators[0]
	if got.Value != "urch@elchino-millions.site" || got.Kind != intel.KindEmail || got.Confidence != 85 || got.Actor != "MILLION SPIDER" ||
		!slices.Equal(got.Labels, []string{"KillChain/C2", "Malware/AgentTesla"}) || got.Provider != "pasted" {
		t.Errorf("first = %+v", got)
	}
	if c := []int{snap.Indicators[1].Confidence, snap.Indicators[2].Confidence}; !slices.Equal(c, []int{50, 15}) || snap.Indicators[2].Kind != intel.KindCIDR {
		t.Errorf("confidences %v, kind %s", c, snap.Indicators[2].Kind)
	}
	again, err := src.Fetch(context.Background(), snap)
	if err != nil || again != snap {
		t.Errorf("unchanged inline list rebuilt: %v", err)
	}
}

func TestMappingErrors(t *testing.T) {
	tests := []struct {
		name, in string
		m        intel.Mapping
		want     string
		line     int
	}{
		{"bad confidence", wordsCSV + "evil.example,domain,extreme,,\n", wordsMapping,
			`line 5, column 3 (confidence): confidence "extreme" is not a whole number`, 5},
		{"bad type", wordsCSV + "evil.example,url,high,,\n", wordsMapping, `line 5, column 2 (type): type "url" is not known`, 5},
		{"bad indicator", wordsCSV + "a@@,email,high,,\n", wordsMapping, `line 5, column 1 (indicator): "a@@" is not an e-mail address`, 5},
		{"unknown column", wordsCSV, intel.Mapping{Indicator: "ioc"}, `mapping: indicator column "ioc" is not in the header line`, 0},
		{"numbered", "1.2.3.4,x\n5.6.7.8,high\n", intel.Mapping{Indicator: "1", Confidence: "2"}, `line 1, column 2 (confidence)`, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src, err := New(Config{Name: "feed", Inline: tc.in, ListOptions: intel.ListOptions{Format: intel.FormatCSV, Mapping: tc.m}})
			if err != nil {
				t.Fatal(err)
			}
			_, err = src.Fetch(context.Background(), nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
			var ce *intel.ColumnError
			if errors.As(err, &ce) != (tc.line > 0) || tc.line > 0 && ce.Line != tc.line {
				t.Errorf("ColumnError = %+v, want line %d", ce, tc.line)
			}
		})
	}
}

func TestURLConditional(t *testing.T) {
	var calls, full atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Header.Get("X-Api-Key") != "s3cret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` && r.Header.Get("If-Modified-Since") == "Wed, 02 Dec 2026 10:00:00 GMT" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Wed, 02 Dec 2026 10:00:00 GMT")
		_, _ = w.Write([]byte("# one per line\nevil.example\n203.0.113.9 # a comment\n\nbad@actor.example\n"))
	}))
	defer srv.Close()
	src, err := New(Config{Name: "soc", URL: srv.URL + "/iocs.txt?token=s3cret", HeaderName: "X-Api-Key", HeaderValue: "s3cret",
		ListOptions: intel.ListOptions{Confidence: 70}})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := src.Fetch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	kinds := []intel.Kind{}
	for _, ind := range snap.Indicators {
		kinds = append(kinds, ind.Kind)
		if ind.Confidence != 70 {
			t.Errorf("%s confidence %d, want the list default 70", ind.Value, ind.Confidence)
		}
	}
	if !slices.Equal(kinds, []intel.Kind{intel.KindDomain, intel.KindIP, intel.KindEmail}) {
		t.Errorf("kinds = %v", kinds)
	}
	again, err := src.Fetch(context.Background(), snap)
	if err != nil || again != snap || calls.Load() != 2 || full.Load() != 1 {
		t.Errorf("second fetch: %v, same=%v, calls %d, full %d", err, again == snap, calls.Load(), full.Load())
	}
	bad, _ := New(Config{Name: "soc", URL: srv.URL + "/iocs.txt?token=s3cret", HeaderName: "X-Api-Key", HeaderValue: "wrong"})
	_, err = bad.Fetch(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), "list soc answered HTTP 401 Unauthorized") || strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "wrong") {
		t.Errorf("401 error = %v", err)
	}
	srv.Close()
	_, err = src.Fetch(context.Background(), nil)
	if err == nil || strings.Contains(err.Error(), "token") {
		t.Errorf("down server error = %v (must not show the query string)", err)
	}
}
