// Package taxii reads STIX 2.1 indicators from a TAXII 2.1 collection: GET
// <collection>/objects/ filtered to indicators, paged with limit and next (while
// more is true), and polled incrementally with added_after set from the
// server's X-TAXII-Date-Added-Last. Basic auth or an API-key header.
package taxii

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/intel"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/feedhttp"
)

// MediaType is TAXII 2.1's.
const MediaType = "application/taxii+json;version=2.1"

// Config is one collection.
type Config struct {
	Name string
	// CollectionURL is the collection's URL: <api root>/collections/<id>/.
	CollectionURL string
	// Username and Password for basic auth, or APIKeyHeader and APIKey (secret).
	Username, Password   string
	APIKeyHeader, APIKey string
	// Confidence is given to indicators without one (default 50).
	Confidence int
	PageSize   int // default 1000
	Client     *http.Client
	Now        func() time.Time
}

// Source polls a collection.
type Source struct {
	cfg     Config
	objects string
}

// New checks cfg.
func New(cfg Config) (*Source, error) {
	u, err := url.Parse(cfg.CollectionURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || !strings.Contains(u.Path, "/collections/") {
		return nil, fmt.Errorf("TAXII %s: the collection URL must look like https://taxii.example.com/api1/collections/<id>/", cfg.Name)
	}
	if (cfg.APIKeyHeader == "") != (cfg.APIKey == "") {
		return nil, fmt.Errorf("TAXII %s: give both the API-key header name and the key", cfg.Name)
	}
	if cfg.Confidence == 0 {
		cfg.Confidence = intel.ConfidenceMedium
	}
	if cfg.PageSize == 0 {
		cfg.PageSize = 1000
	}
	if cfg.Client == nil {
		cfg.Client = http.DefaultClient
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Source{cfg: cfg, objects: strings.TrimRight(cfg.CollectionURL, "/") + "/objects/"}, nil
}

// envelope is the objects endpoint's answer.
type envelope struct {
	More    bool        `json:"more"`
	Next    string      `json:"next"`
	Objects []stixIndic `json:"objects"`
}

type stixIndic struct {
	Type        string    `json:"type"`
	ID          string    `json:"id"`
	Pattern     string    `json:"pattern"`
	PatternType string    `json:"pattern_type"`
	ValidFrom   time.Time `json:"valid_from"`
	ValidUntil  time.Time `json:"valid_until"`
	Modified    time.Time `json:"modified"`
	Confidence  *int      `json:"confidence"`
	Labels      []string  `json:"labels"`
	Revoked     bool      `json:"revoked"`
	Name        string    `json:"name"`
}

// Fetch implements intel.Source: the objects added after prev's cursor, merged
// by STIX id (a newer version replaces the older; revoked and expired ones go).
func (s *Source) Fetch(ctx context.Context, prev *intel.Snapshot) (*intel.Snapshot, error) {
	var (
		have    []intel.Indicator
		cursor  string
		skipped int
	)
	if prev != nil {
		have, cursor, skipped = prev.Indicators, prev.Cursor, prev.Skipped
	}
	var fresh []intel.Indicator
	drop := map[string]bool{}
	now := s.cfg.Now()
	progress := func(err error) (*intel.Snapshot, error) {
		if prev != nil && len(fresh) == 0 && len(drop) == 0 && cursor == prev.Cursor {
			return prev, err
		}
		if prev == nil && len(fresh) == 0 && err != nil {
			return nil, err
		}
		return &intel.Snapshot{Indicators: intel.MergeByRef(have, fresh, drop), Cursor: cursor, Skipped: skipped}, err
	}
	next, after := "", cursor // next pages the query begun with added_after=after
	for {
		env, last, err := s.page(ctx, after, next)
		if err != nil {
			return progress(err)
		}
		for _, o := range env.Objects {
			if o.Type != "indicator" {
				continue
			}
			inds, ok := s.indicators(o)
			switch {
			case o.Revoked || (!o.ValidUntil.IsZero() && o.ValidUntil.Before(now)):
				drop[o.ID] = true
			case !ok:
				skipped++
			default:
				fresh = append(fresh, inds...)
			}
		}
		if last != "" { // a failure later resumes after this page
			cursor = last
		}
		if !env.More || env.Next == "" {
			return progress(nil)
		}
		next = env.Next
	}
}

func (s *Source) page(ctx context.Context, addedAfter, next string) (*envelope, string, error) {
	q := url.Values{"limit": {strconv.Itoa(s.cfg.PageSize)}, "match[type]": {"indicator"}}
	if addedAfter != "" {
		q.Set("added_after", addedAfter)
	}
	if next != "" {
		q.Set("next", next)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.objects+"?"+q.Encode(), nil)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("Accept", MediaType)
	if s.cfg.Username != "" {
		req.SetBasicAuth(s.cfg.Username, s.cfg.Password)
	}
	if s.cfg.APIKeyHeader != "" {
		req.Header.Set(s.cfg.APIKeyHeader, s.cfg.APIKey)
	}
	resp, err := feedhttp.Do(s.cfg.Client, "TAXII "+s.cfg.Name, req)
	if err != nil {
		return nil, "", err
	}
	last := resp.Header.Get("X-TAXII-Date-Added-Last")
	body, err := feedhttp.Body(resp)
	if err != nil {
		return nil, "", fmt.Errorf("TAXII %s: %w", s.cfg.Name, err)
	}
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, "", fmt.Errorf("TAXII %s: the response is not a TAXII 2.1 envelope: %w", s.cfg.Name, err)
	}
	return &env, last, nil
}

// comparison is one `object-path = 'value'` of a STIX pattern.
var comparison = regexp.MustCompile(`(email-addr:value|email-message:from_ref\.value|email-message:sender_ref\.value|domain-name:value|ipv4-addr:value|ipv6-addr:value)\s*=\s*'((?:[^'\\]|\\.)*)'`)

// rest is what may remain of a pattern once its comparisons are taken out:
// brackets and OR. Anything else (AND, other objects, qualifiers) means the
// pattern is not a plain list of values and cannot be matched one value at a time.
var rest = regexp.MustCompile(`^[\s\[\]()]*(?:OR[\s\[\]()]*)*$`)

// indicators reads the values of a STIX pattern.
func (s *Source) indicators(o stixIndic) ([]intel.Indicator, bool) {
	if o.PatternType != "" && o.PatternType != "stix" {
		return nil, false
	}
	matches := comparison.FindAllStringSubmatch(o.Pattern, -1)
	if len(matches) == 0 || !rest.MatchString(comparison.ReplaceAllString(o.Pattern, "")) {
		return nil, false
	}
	conf := s.cfg.Confidence
	if o.Confidence != nil {
		conf = *o.Confidence
	}
	out := make([]intel.Indicator, 0, len(matches))
	for _, m := range matches {
		v := strings.NewReplacer(`\'`, `'`, `\\`, `\`).Replace(m[2])
		kind := intel.KindEmail
		switch {
		case m[1] == "domain-name:value":
			kind = intel.KindDomain
		case strings.HasPrefix(m[1], "ipv"):
			kind = intel.KindIP
			if strings.Contains(v, "/") {
				kind = intel.KindCIDR
			}
		}
		out = append(out, intel.Indicator{Value: v, Kind: kind, Confidence: conf, Labels: o.Labels, Provider: s.cfg.Name,
			Ref: o.ID, FirstSeen: o.ValidFrom, LastSeen: o.Modified})
	}
	return out, true
}
