// Package crowdstrike reads CrowdStrike Falcon Intelligence indicators: OAuth2
// client credentials (POST /oauth2/token), then GET
// /intel/combined/indicators/v1 filtered in FQL on the e-mail, domain and IP
// types and on malicious confidence, paged and resumed by _marker, within the
// rate limit the X-RateLimit-* headers announce.
package crowdstrike

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/intel"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/feedhttp"
)

// Clouds maps the regions' names to their API hosts.
var Clouds = map[string]string{
	"us-1":     "https://api.crowdstrike.com",
	"us-2":     "https://api.us-2.crowdstrike.com",
	"eu-1":     "https://api.eu-1.crowdstrike.com",
	"us-gov-1": "https://api.laggar.gcw.crowdstrike.com",
}

// Config is one Falcon tenant.
type Config struct {
	Cloud   string // us-1, us-2, eu-1, us-gov-1; or
	BaseURL string // another API base URL (a proxy)
	// ClientID and ClientSecret are an API client with the Indicators (Falcon
	// Intelligence): Read scope. The secret never leaves this package.
	ClientID, ClientSecret string
	// MinConfidence is the lowest malicious_confidence fetched: low, medium
	// (default) or high.
	MinConfidence string
	// Since bounds the first fetch to indicators updated in this window
	// (default 30 days); later fetches resume from the last marker.
	Since    time.Duration
	PageSize int // default 5000, the API's maximum for this endpoint
	Client   *http.Client
	Now      func() time.Time
}

// Source fetches indicators.
type Source struct {
	cfg  Config
	base string

	mu      sync.Mutex
	token   string
	expires time.Time
}

// Provider is the name in messages.
const Provider = "CrowdStrike"

// types are the indicator types fetched, and what they match as.
var types = map[string]intel.Kind{"email_address": intel.KindEmail, "domain": intel.KindDomain, "ip_address": intel.KindIP, "ipv6": intel.KindIP}

// New checks cfg.
func New(cfg Config) (*Source, error) {
	base := cfg.BaseURL
	if base == "" {
		var ok bool
		if base, ok = Clouds[cfg.Cloud]; !ok {
			return nil, fmt.Errorf("CrowdStrike cloud %q is not known: choose us-1, us-2, eu-1 or us-gov-1, or give a base URL", cfg.Cloud)
		}
	}
	u, err := url.Parse(base)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("CrowdStrike base URL %q is not an absolute URL", base)
	}
	if cfg.ClientID == "" || cfg.ClientSecret == "" {
		return nil, fmt.Errorf("CrowdStrike needs an API client ID and secret (scope Indicators (Falcon Intelligence): Read)")
	}
	if cfg.MinConfidence == "" {
		cfg.MinConfidence = "medium"
	}
	if _, ok := confidenceAtLeast[cfg.MinConfidence]; !ok {
		return nil, fmt.Errorf("CrowdStrike minimum confidence %q is not known: choose low, medium or high", cfg.MinConfidence)
	}
	if cfg.Since == 0 {
		cfg.Since = 30 * 24 * time.Hour
	}
	if cfg.PageSize == 0 {
		cfg.PageSize = 5000
	}
	if cfg.Client == nil {
		cfg.Client = http.DefaultClient
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Source{cfg: cfg, base: strings.TrimRight(base, "/")}, nil
}

var confidenceAtLeast = map[string][]string{
	"low":    {"high", "medium", "low"},
	"medium": {"high", "medium"},
	"high":   {"high"},
}

// tokenResponse is POST /oauth2/token's answer.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
}

func (s *Source) bearer(ctx context.Context, renew bool) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !renew && s.token != "" && s.cfg.Now().Before(s.expires) {
		return s.token, nil
	}
	form := url.Values{"client_id": {s.cfg.ClientID}, "client_secret": {s.cfg.ClientSecret}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.base+"/oauth2/token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := feedhttp.Do(s.cfg.Client, Provider+" sign-in", req)
	if err != nil {
		return "", err
	}
	body, err := feedhttp.Body(resp)
	if err != nil {
		return "", fmt.Errorf("CrowdStrike sign-in: %w", err)
	}
	var tr tokenResponse
	if err := json.Unmarshal(body, &tr); err != nil || tr.AccessToken == "" {
		return "", fmt.Errorf("CrowdStrike sign-in: the token response has no access_token")
	}
	s.token = tr.AccessToken
	s.expires = s.cfg.Now().Add(time.Duration(max(tr.ExpiresIn-60, 0)) * time.Second)
	return s.token, nil
}

// indicatorsResponse is the documented shape of the combined endpoint.
type indicatorsResponse struct {
	Resources []struct {
		ID                  string   `json:"id"`
		Indicator           string   `json:"indicator"`
		Type                string   `json:"type"`
		MaliciousConfidence string   `json:"malicious_confidence"`
		Actors              []string `json:"actors"`
		Labels              []struct {
			Name string `json:"name"`
		} `json:"labels"`
		PublishedDate int64  `json:"published_date"`
		LastUpdated   int64  `json:"last_updated"`
		Deleted       bool   `json:"deleted"`
		Marker        string `json:"_marker"`
	} `json:"resources"`
	Errors []struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

// Filter is the FQL filter of a fetch resuming after marker (empty: the first
// fetch, bounded by since instead).
func (s *Source) Filter(marker string, since time.Time) string {
	quote := func(vs []string) string {
		q := make([]string, len(vs))
		for i, v := range vs {
			q[i] = "'" + v + "'"
		}
		return "[" + strings.Join(q, ",") + "]"
	}
	f := "type:" + quote([]string{"domain", "email_address", "ip_address", "ipv6"}) +
		"+malicious_confidence:" + quote(confidenceAtLeast[s.cfg.MinConfidence])
	if marker != "" {
		return f + "+_marker:>'" + strings.ReplaceAll(marker, "'", "") + "'"
	}
	return f + "+last_updated:>=" + strconv.FormatInt(since.Unix(), 10)
}

// Fetch implements intel.Source: the pages after prev's marker, merged into
// prev's indicators by id. On a failed page the pages before it are kept.
func (s *Source) Fetch(ctx context.Context, prev *intel.Snapshot) (*intel.Snapshot, error) {
	marker := ""
	var have []intel.Indicator
	skipped := 0
	if prev != nil {
		marker, have, skipped = prev.Cursor, prev.Indicators, prev.Skipped
	}
	since := s.cfg.Now().Add(-s.cfg.Since)
	var fresh []intel.Indicator
	drop := map[string]bool{}
	progress := func(err error) (*intel.Snapshot, error) {
		if len(fresh) == 0 && len(drop) == 0 && marker == cursorOf(prev) {
			return prev, err
		}
		return &intel.Snapshot{Indicators: intel.MergeByRef(have, fresh, drop), Cursor: marker, Skipped: skipped}, err
	}
	for {
		page, err := s.page(ctx, s.Filter(marker, since))
		if err != nil {
			return progress(err)
		}
		for _, r := range page.Resources {
			if r.Marker != "" {
				marker = r.Marker
			}
			if r.Deleted {
				drop[r.ID] = true
				continue
			}
			kind, ok := types[r.Type]
			conf, cerr := intel.ParseConfidence(r.MaliciousConfidence)
			if !ok || cerr != nil {
				skipped++
				continue
			}
			ind := intel.Indicator{Value: r.Indicator, Kind: kind, Confidence: conf, Actor: strings.Join(r.Actors, ", "),
				Provider: Provider, Ref: r.ID, FirstSeen: unix(r.PublishedDate), LastSeen: unix(r.LastUpdated)}
			for _, l := range r.Labels {
				ind.Labels = append(ind.Labels, l.Name)
			}
			fresh = append(fresh, ind)
		}
		if len(page.Resources) < s.cfg.PageSize {
			return progress(nil)
		}
	}
}

func cursorOf(s *intel.Snapshot) string {
	if s == nil {
		return ""
	}
	return s.Cursor
}

func unix(sec int64) time.Time {
	if sec <= 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}

// minRateWait is the shortest wait after a 429 without a usable retry time.
var minRateWait = time.Second

// maxRateWaits bounds how often one fetch waits out the rate limit.
const maxRateWaits = 3

// page GETs one page, renewing an expired token once and waiting out the rate
// limit (429, or no requests remaining) a few times before giving up.
func (s *Source) page(ctx context.Context, filter string) (*indicatorsResponse, error) {
	q := url.Values{"filter": {filter}, "limit": {strconv.Itoa(s.cfg.PageSize)}, "sort": {"_marker.asc"}}
	renewed := false
	for waits := 0; ; {
		token, err := s.bearer(ctx, false)
		if err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/intel/combined/indicators/v1?"+q.Encode(), nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Accept", "application/json")
		resp, err := feedhttp.Do(s.cfg.Client, Provider, req)
		if se, ok := err.(*feedhttp.StatusError); ok {
			switch {
			case se.Code == http.StatusUnauthorized && !renewed:
				renewed = true
				s.forget()
				continue
			case se.Code == http.StatusTooManyRequests && waits < maxRateWaits && se.RetryAfter <= time.Minute:
				waits++
				if err := feedhttp.Sleep(ctx, max(se.RetryAfter, minRateWait)); err != nil {
					return nil, err
				}
				continue
			}
		}
		if err != nil {
			return nil, err
		}
		remaining, rerr := strconv.Atoi(resp.Header.Get("X-RateLimit-Remaining"))
		wait := feedhttp.RetryAfter(resp.Header, s.cfg.Now())
		body, err := feedhttp.Body(resp)
		if err != nil {
			return nil, fmt.Errorf("CrowdStrike: %w", err)
		}
		var page indicatorsResponse
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, fmt.Errorf("CrowdStrike: the indicators response is not the documented JSON: %w", err)
		}
		if len(page.Errors) > 0 {
			return nil, fmt.Errorf("CrowdStrike: %s (code %d)", page.Errors[0].Message, page.Errors[0].Code)
		}
		if rerr == nil && remaining == 0 && wait > 0 { // the next page would be refused
			if err := feedhttp.Sleep(ctx, min(wait, time.Minute)); err != nil {
				return nil, err
			}
		}
		return &page, nil
	}
}

func (s *Source) forget() {
	s.mu.Lock()
	s.token = ""
	s.mu.Unlock()
}
