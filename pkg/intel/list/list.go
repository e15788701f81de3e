// Package list is the threat-intel source for plain lists: one indicator per
// line, a CSV with a column mapping, or JSON, pasted inline or fetched from a
// URL with conditional requests (ETag / If-Modified-Since), so an unchanged
// list costs one small round trip.
package list

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/exotrace/messagetrace-datasource/pkg/intel"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/feedhttp"
)

// Config is one list.
type Config struct {
	Name   string
	URL    string // or
	Inline string
	intel.ListOptions
	// HeaderName / HeaderValue authenticate the download (the value is a secret).
	HeaderName, HeaderValue string
	Client                  *http.Client
}

// Source fetches a list.
type Source struct{ cfg Config }

// New checks cfg and returns its source.
func New(cfg Config) (*Source, error) {
	switch {
	case (cfg.URL == "") == (cfg.Inline == ""):
		return nil, fmt.Errorf("list %s: give either a URL or the list itself", cfg.Name)
	case cfg.URL != "":
		u, err := url.Parse(cfg.URL)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return nil, fmt.Errorf("list %s: %q is not an http(s) URL", cfg.Name, feedhttp.Redact(u))
		}
	}
	if cfg.Format == intel.FormatCSV && strings.TrimSpace(cfg.Mapping.Indicator) == "" {
		return nil, fmt.Errorf("list %s: a CSV list needs the indicator column in its mapping", cfg.Name)
	}
	if cfg.Client == nil {
		cfg.Client = http.DefaultClient
	}
	cfg.ListOptions.Provider = cfg.Name
	return &Source{cfg: cfg}, nil
}

// cursor is what a conditional request needs.
type cursor struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"lastModified,omitempty"`
	Sum          string `json:"sum,omitempty"` // of an inline list, or of a body without validators
}

// Fetch implements intel.Source.
func (s *Source) Fetch(ctx context.Context, prev *intel.Snapshot) (*intel.Snapshot, error) {
	var pc cursor
	if prev != nil {
		_ = json.Unmarshal([]byte(prev.Cursor), &pc)
	}
	if s.cfg.Inline != "" {
		return s.parse(ctx, []byte(s.cfg.Inline), cursor{}, pc, prev)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.cfg.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", s.cfg.Name, err)
	}
	if pc.ETag != "" {
		req.Header.Set("If-None-Match", pc.ETag)
	}
	if pc.LastModified != "" {
		req.Header.Set("If-Modified-Since", pc.LastModified)
	}
	if s.cfg.HeaderName != "" {
		req.Header.Set(s.cfg.HeaderName, s.cfg.HeaderValue)
	}
	resp, err := feedhttp.Do(s.cfg.Client, "list "+s.cfg.Name, req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusNotModified {
		_ = resp.Body.Close()
		if prev == nil {
			return nil, fmt.Errorf("list %s: the server answered 304 Not Modified to a first request", s.cfg.Name)
		}
		return prev, nil
	}
	body, err := feedhttp.Body(resp)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", s.cfg.Name, err)
	}
	return s.parse(ctx, body, cursor{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}, pc, prev)
}

func (s *Source) parse(ctx context.Context, body []byte, c, pc cursor, prev *intel.Snapshot) (*intel.Snapshot, error) {
	sum := sha256.Sum256(body)
	c.Sum = hex.EncodeToString(sum[:])
	if prev != nil && pc.Sum == c.Sum {
		return prev, nil // the same bytes: nothing to rebuild
	}
	inds, err := intel.LoadList(ctx, bytes.NewReader(body), s.cfg.ListOptions)
	if err != nil {
		var le *intel.LineError
		var ce *intel.ColumnError
		if errors.As(err, &le) || errors.As(err, &ce) {
			return nil, fmt.Errorf("list %s: %w", s.cfg.Name, err)
		}
		return nil, fmt.Errorf("list %s is not a valid %s list: %w", s.cfg.Name, s.cfg.Format, err)
	}
	cb, _ := json.Marshal(c)
	return &intel.Snapshot{Indicators: inds, Cursor: string(cb)}, nil
}
