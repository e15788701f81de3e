// Package misp reads attributes from a MISP instance: POST
// /attributes/restSearch for the e-mail, domain and IP types flagged to_ids,
// paged with limit and page, and polled incrementally by attribute timestamp.
// The API key goes in the Authorization header.
package misp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/intel"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/feedhttp"
)

// Config is one MISP instance.
type Config struct {
	Name    string
	BaseURL string
	APIKey  string // secret
	// Confidence is given to every attribute (MISP has no per-attribute score);
	// default 75.
	Confidence int
	// Since bounds the first fetch (default 30 days).
	Since    time.Duration
	PageSize int // default 5000
	Client   *http.Client
	Now      func() time.Time
}

// Source polls a MISP instance.
type Source struct {
	cfg Config
	url string
}

// types maps the MISP attribute types fetched to what they match as.
var types = map[string]intel.Kind{"email-src": intel.KindEmail, "email-dst": intel.KindEmail, "domain": intel.KindDomain,
	"ip-src": intel.KindIP, "ip-dst": intel.KindIP}

// New checks cfg.
func New(cfg Config) (*Source, error) {
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("MISP %s: the URL must be the instance's address, like https://misp.example.com", cfg.Name)
	}
	if cfg.APIKey == "" {
		return nil, fmt.Errorf("MISP %s: the API key is missing (Administration > List Auth Keys)", cfg.Name)
	}
	if cfg.Confidence == 0 {
		cfg.Confidence = 75
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
	return &Source{cfg: cfg, url: strings.TrimRight(cfg.BaseURL, "/") + "/attributes/restSearch"}, nil
}

type searchRequest struct {
	ReturnFormat     string   `json:"returnFormat"`
	Type             []string `json:"type"`
	ToIDs            bool     `json:"to_ids"`
	Timestamp        string   `json:"timestamp"`
	Limit            int      `json:"limit"`
	Page             int      `json:"page"`
	IncludeEventTags bool     `json:"includeEventTags"`
}

type searchResponse struct {
	Response struct {
		Attribute []attribute `json:"Attribute"`
	} `json:"response"`
}

type attribute struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	Value     string `json:"value"`
	ToIDs     bool   `json:"to_ids"`
	Deleted   bool   `json:"deleted"`
	Timestamp string `json:"timestamp"`
	FirstSeen string `json:"first_seen"`
	LastSeen  string `json:"last_seen"`
	Tag       []struct {
		Name string `json:"name"`
	} `json:"Tag"`
	Event struct {
		Info string `json:"info"`
		Orgc struct {
			Name string `json:"name"`
		} `json:"Orgc"`
	} `json:"Event"`
}

// Fetch implements intel.Source.
func (s *Source) Fetch(ctx context.Context, prev *intel.Snapshot) (*intel.Snapshot, error) {
	since := strconv.FormatInt(s.cfg.Now().Add(-s.cfg.Since).Unix(), 10)
	var have []intel.Indicator
	skipped := 0
	if prev != nil {
		since, have, skipped = prev.Cursor, prev.Indicators, prev.Skipped
	}
	cursor := since
	var fresh []intel.Indicator
	drop := map[string]bool{}
	progress := func(err error) (*intel.Snapshot, error) {
		if len(fresh) == 0 && len(drop) == 0 {
			if prev == nil && err == nil {
				return &intel.Snapshot{Cursor: cursor}, nil
			}
			return prev, err
		}
		return &intel.Snapshot{Indicators: intel.MergeByRef(have, fresh, drop), Cursor: cursor, Skipped: skipped}, err
	}
	for page := 1; ; page++ {
		attrs, err := s.page(ctx, since, page)
		if err != nil {
			return progress(err)
		}
		for _, a := range attrs {
			ref := "attribute-" + a.ID
			if a.Timestamp > cursor || len(a.Timestamp) > len(cursor) {
				cursor = a.Timestamp
			}
			kind, ok := types[a.Type]
			switch {
			case a.Deleted || !a.ToIDs:
				drop[ref] = true
			case !ok:
				skipped++
			default:
				fresh = append(fresh, s.indicator(a, kind, ref))
			}
		}
		if len(attrs) < s.cfg.PageSize {
			return progress(nil)
		}
	}
}

func (s *Source) indicator(a attribute, kind intel.Kind, ref string) intel.Indicator {
	ind := intel.Indicator{Value: a.Value, Kind: kind, Confidence: s.cfg.Confidence, Provider: s.cfg.Name, Ref: ref}
	if strings.Contains(a.Value, "/") && kind == intel.KindIP {
		ind.Kind = intel.KindCIDR
	}
	for _, t := range a.Tag {
		// Galaxy tags name actors: misp-galaxy:threat-actor="APT 28".
		if v, ok := strings.CutPrefix(t.Name, `misp-galaxy:threat-actor="`); ok && ind.Actor == "" {
			ind.Actor = strings.TrimSuffix(v, `"`)
			continue
		}
		ind.Labels = append(ind.Labels, t.Name)
	}
	ind.FirstSeen, ind.LastSeen = seen(a.FirstSeen), seen(a.LastSeen)
	if ts, err := strconv.ParseInt(a.Timestamp, 10, 64); err == nil && ind.LastSeen.IsZero() {
		ind.LastSeen = time.Unix(ts, 0).UTC()
	}
	return ind
}

func seen(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

func (s *Source) page(ctx context.Context, since string, page int) ([]attribute, error) {
	body, _ := json.Marshal(searchRequest{ReturnFormat: "json", Type: []string{"email-src", "email-dst", "domain", "ip-src", "ip-dst"},
		ToIDs: true, Timestamp: since, Limit: s.cfg.PageSize, Page: page, IncludeEventTags: true})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", s.cfg.APIKey)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	resp, err := feedhttp.Do(s.cfg.Client, "MISP "+s.cfg.Name, req)
	if err != nil {
		return nil, err
	}
	b, err := feedhttp.Body(resp)
	if err != nil {
		return nil, fmt.Errorf("MISP %s: %w", s.cfg.Name, err)
	}
	var sr searchResponse
	if err := json.Unmarshal(b, &sr); err != nil {
		return nil, fmt.Errorf("MISP %s: the restSearch response is not the documented JSON: %w", s.cfg.Name, err)
	}
	return sr.Response.Attribute, nil
}
