package refresh

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/intel/crowdstrike"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/list"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/misp"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/taxii"
)

// Real sources against fakes: CrowdStrike and a list answer, the TAXII server
// hangs past the fetch timeout and MISP fails. The working two still match and
// the notices name the other two.
func TestProvidersIsolated(t *testing.T) {
	falcon := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/oauth2/token":
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write([]byte(`{"access_token":"t","expires_in":1799}`))
		case "/intel/combined/indicators/v1":
			_, _ = w.Write([]byte(`{"resources":[{"id":"e1","indicator":"urch@elchino-millions.site","type":"email_address","malicious_confidence":"high","actors":["MILLION SPIDER"],"labels":[{"name":"Malware/AgentTesla"}],"published_date":1764000000,"last_updated":1764500000,"_marker":"m1"}],"errors":[]}`))
		}
	}))
	defer falcon.Close()
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer hang.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) }))
	defer broken.Close()

	cs, err := crowdstrike.New(crowdstrike.Config{BaseURL: falcon.URL, ClientID: "id", ClientSecret: "secret"})
	must(t, err)
	tx, err := taxii.New(taxii.Config{Name: "ISAC", CollectionURL: hang.URL + "/api1/collections/x/"})
	must(t, err)
	mi, err := misp.New(misp.Config{Name: "CIRCL", BaseURL: broken.URL, APIKey: "k"})
	must(t, err)
	li, err := list.New(list.Config{Name: "SOC list", Inline: "175.45.176.0/22\n"})
	must(t, err)
	m := Start([]Provider{
		{ID: "cs", Name: "CrowdStrike", Source: cs}, {ID: "tx", Name: "ISAC", Source: tx},
		{ID: "mi", Name: "CIRCL", Source: mi}, {ID: "li", Name: "SOC list", Source: li},
	}, Options{Timeout: 100 * time.Millisecond, Backoff: time.Hour})
	defer m.Close()
	waitFor(t, "all four tried", func() bool {
		for _, s := range m.Status() {
			if s.State == StateLoading {
				return false
			}
		}
		return true
	})
	if got := m.Feed().MatchAddress("urch@elchino-millions.site"); len(got) != 1 || got[0].Provider != "CrowdStrike" || got[0].Actor != "MILLION SPIDER" {
		t.Errorf("CrowdStrike match = %+v", got)
	}
	if got := m.Feed().MatchIP(netip.MustParseAddr("175.45.179.1")); len(got) != 1 || got[0].Provider != "SOC list" {
		t.Errorf("list match = %+v", got)
	}
	var states []string
	for _, s := range m.Status() {
		states = append(states, fmt.Sprintf("%s=%s", s.Name, s.State))
	}
	if strings.Join(states, " ") != "CrowdStrike=ok ISAC=down CIRCL=down SOC list=ok" {
		t.Errorf("states = %v", states)
	}
	n := m.Notices()
	if len(n) != 2 || !strings.Contains(n[0], "ISAC is unavailable") || !strings.Contains(n[0], "context deadline exceeded") ||
		n[1] != "Threat-intel provider CIRCL is unavailable, its indicators are not matched: MISP CIRCL answered HTTP 500 Internal Server Error" {
		t.Errorf("notices = %q", n)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
