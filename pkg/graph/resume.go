package graph

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"time"
)

// resumeTTL is how long a saved nextLink is tried. Microsoft does not document
// how long a $skiptoken stays valid; an expired one is answered with a 4xx and
// the window is then read from its first page, so a guess costs one request.
const resumeTTL = 30 * time.Minute

// resumeToken is the opaque Result.Resume of a List that stopped part-way: the
// window it was reading and the link of the page it did not get.
type resumeToken struct {
	From int64  `json:"f"`
	To   int64  `json:"t"`
	Next string `json:"n"`
	At   int64  `json:"a"` // when the link was issued, Unix seconds
}

func (r resumeToken) window() window {
	return window{time.Unix(r.From, 0).UTC(), time.Unix(r.To, 0).UTC()}
}

func encodeResume(r resumeToken) string {
	if r.Next == "" {
		return ""
	}
	b, _ := json.Marshal(r)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeResume accepts a token this client could have issued: well formed,
// young enough, and a link to this Graph host (the bearer token follows it).
func (c *Client) decodeResume(s string, now time.Time) (resumeToken, bool) {
	if s == "" || len(s) > 16<<10 {
		return resumeToken{}, false
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	var r resumeToken
	if err != nil || json.Unmarshal(b, &r) != nil || r.Next == "" || r.From >= r.To {
		return resumeToken{}, false
	}
	if age := now.Sub(time.Unix(r.At, 0)); age < 0 || age > resumeTTL {
		return resumeToken{}, false
	}
	if c.checkNextLink("", r.Next) != nil {
		return resumeToken{}, false
	}
	return r, true
}

// resumeAt re-plans p so that the resumed window is read as it was planned
// before: windows newer than it cover only what the request adds above it
// (usually the rest of one bucket), older ones are cut from its start. It
// declines a window that does not lie inside the request.
func (p plan) resumeAt(r resumeToken) (plan, bool) {
	rw := r.window()
	if len(p.windows) == 0 || rw.from.Before(p.from) || rw.to.After(p.to) || rw.to.Sub(rw.from) > maxWindow {
		return p, false
	}
	var ws []window
	if p.to.After(rw.to) {
		ws = append(ws, splitWindows(rw.to, p.to)...)
	}
	ws = append(ws, rw)
	if rw.from.After(p.from) {
		ws = append(ws, splitWindows(p.from, rw.from)...)
	}
	p.windows = ws
	return p, true
}

// staleLink reports whether Graph refused a saved link (expired $skiptoken).
func staleLink(err error) bool {
	var e *APIError
	return errors.As(err, &e) && (e.Status == http.StatusBadRequest || e.Status == http.StatusNotFound || e.Status == http.StatusGone)
}
