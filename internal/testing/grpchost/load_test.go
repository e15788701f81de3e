package grpchost_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// pagedGraph serves rows (newest first) for the receivedDateTime range of each
// request in pages of $top, with nextLinks that repeat the query, as Graph does.
type pagedGraph struct {
	rows     []time.Time // ascending
	latency  time.Duration
	requests atomic.Int32
}

var rangeRE = regexp.MustCompile(`receivedDateTime ge (\S+) and receivedDateTime le (\S+)`)

func (g *pagedGraph) inRange(from, to time.Time) (lo, hi int) {
	lo, _ = slices.BinarySearchFunc(g.rows, from, func(a, b time.Time) int { return a.Compare(b) })
	hi, _ = slices.BinarySearchFunc(g.rows, to.Add(time.Nanosecond), func(a, b time.Time) int { return a.Compare(b) })
	return lo, hi
}

func (g *pagedGraph) serve(srvURL string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		g.requests.Add(1)
		time.Sleep(g.latency) // Graph takes seconds per 5,000-row page
		q := r.URL.Query()
		m := rangeRE.FindStringSubmatch(q.Get("$filter"))
		if m == nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		from, _ := time.Parse(time.RFC3339, m[1])
		to, _ := time.Parse(time.RFC3339, m[2])
		top, _ := strconv.Atoi(q.Get("$top"))
		skip, _ := strconv.Atoi(q.Get("$skiptoken"))
		lo, hi := g.inRange(from, to)
		end := hi - skip // newest first
		start := max(lo, end-top)
		page := make([]map[string]any, 0, max(0, end-start))
		for i := end - 1; i >= start; i-- {
			page = append(page, map[string]any{"id": fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i), "senderAddress": fmt.Sprintf("s%d@fabrikam.com", i%97),
				"recipientAddress": fmt.Sprintf("u%d@contoso.com", i%31), "messageId": fmt.Sprintf("<%d@fabrikam.com>", i),
				"receivedDateTime": g.rows[i].Format(time.RFC3339), "subject": fmt.Sprintf("Invoice %d", i%13), "size": 1000 + i%5000,
				"fromIP": "203.0.113.25", "toIP": "", "status": "delivered"})
		}
		body := map[string]any{"value": page}
		if start > lo {
			next := url.Values{"$filter": {q.Get("$filter")}, "$top": {q.Get("$top")}, "$skiptoken": {strconv.Itoa(skip + top)}}
			body["@odata.nextLink"] = srvURL + r.URL.Path + "?" + next.Encode()
		}
		_ = json.NewEncoder(w).Encode(body)
	}
}

// TestLoadOverlappingPanels: 50 viewers × 10 panels query overlapping ranges
// through the plugin binary, the viewers arriving over one second while Graph
// takes 100 ms per page. Every panel answers completely, the upstream
// requests stay within 10 % of the fewest that read the union of the ranges,
// and the test prints p50/p99 latency and the plugin's peak RSS.
func TestLoadOverlappingPanels(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	base := time.Now().UTC().Truncate(time.Second)
	g := &pagedGraph{latency: 100 * time.Millisecond}
	for ts := base.Add(-66 * time.Hour); !ts.After(base); ts = ts.Add(time.Second) {
		g.rows = append(g.rows, ts)
	}
	var srvURL string
	srv, _ := fakeMicrosoft(t, func(w http.ResponseWriter, r *http.Request) { g.serve(srvURL)(w, r) })
	srvURL = srv.URL
	pc := tenantContext(40, srv)
	rssBefore := pluginRSS(t)

	const viewers, panels = 50, 10
	models := []string{`{"queryType":"stats"}`, `{"queryType":"timeseries","interval":"1h"}`}
	type result struct {
		took time.Duration
		err  string
	}
	results := make([]result, viewers*panels)
	var wg sync.WaitGroup
	var unionFrom, unionTo time.Time
	for v := range viewers {
		for p := range panels {
			from := base.Add(-time.Duration(6*(p+1))*time.Hour - time.Duration(v)*5*time.Minute)
			to := base.Add(-time.Duration(v) * time.Minute)
			if unionFrom.IsZero() || from.Before(unionFrom) {
				unionFrom = from
			}
			if to.After(unionTo) {
				unionTo = to
			}
			i, model := v*panels+p, models[p%len(models)]
			wg.Go(func() {
				// Viewers open the dashboard over one second, its panels at once.
				time.Sleep(time.Duration(v) * 20 * time.Millisecond)
				start := time.Now()
				res, err := host.QueryData(ctx(t), &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{{
					RefID: "A", QueryType: queryTypeOf(json.RawMessage(model)), JSON: json.RawMessage(model), TimeRange: backend.TimeRange{From: from, To: to},
				}}})
				results[i].took = time.Since(start)
				results[i].err = incomplete(res, err)
			})
		}
	}
	wg.Wait()
	for i, r := range results {
		if r.err != "" {
			t.Errorf("viewer %d panel %d: %s", i/panels, i%panels, r.err)
		}
	}
	lo, hi := g.inRange(unionFrom, unionTo)
	minimum := int(math.Ceil(float64(hi-lo) / 5000))
	requests := int(g.requests.Load())
	if limit := int(math.Floor(float64(minimum) * 1.1)); requests > limit {
		t.Errorf("%d upstream requests, want at most %d (the union's minimum %d + 10 %%)", requests, limit, minimum)
	}
	took := make([]time.Duration, len(results))
	for i, r := range results {
		took[i] = r.took
	}
	slices.Sort(took)
	pct := func(p float64) time.Duration { return took[int(math.Ceil(p*float64(len(took))))-1] }
	rssAfter := pluginRSS(t)
	t.Logf("LOAD %d QueryData calls (%d viewers × %d panels), union %s of %d rows: %d upstream requests (minimum %d); latency p50 %v, p99 %v, max %v; plugin peak RSS %d MiB (%d MiB before the load)",
		len(results), viewers, panels, unionTo.Sub(unionFrom).Round(time.Minute), hi-lo, requests, minimum,
		pct(0.50).Round(time.Millisecond), pct(0.99).Round(time.Millisecond), took[len(took)-1].Round(time.Millisecond), rssAfter>>10, rssBefore>>10)
}

// incomplete describes what is missing from a panel's answer: an error, no
// frames, or a warning notice (partial data).
func incomplete(res *backend.QueryDataResponse, err error) string {
	if err != nil {
		return err.Error()
	}
	dr, ok := res.Responses["A"]
	switch {
	case !ok:
		return "no response"
	case dr.Error != nil:
		return dr.Error.Error()
	case len(dr.Frames) == 0:
		return "no frames"
	}
	for _, f := range dr.Frames {
		if f.Meta == nil {
			continue
		}
		for _, n := range f.Meta.Notices {
			if n.Severity != data.NoticeSeverityInfo {
				return "notice: " + n.Text
			}
		}
	}
	return ""
}

// pluginRSS is the peak resident set (VmHWM, KiB) of the plugin process this
// test binary launched, read from /proc (Linux).
func pluginRSS(t *testing.T) int64 {
	t.Helper()
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	self := strconv.Itoa(os.Getpid())
	for _, d := range dirs {
		stat, err := os.ReadFile(filepath.Join(d, "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		rest := string(stat[strings.LastIndexByte(string(stat), ')')+2:])
		if f := strings.Fields(rest); len(f) < 2 || f[1] != self || !strings.Contains(string(stat), "gpx_messagetrac") {
			continue
		}
		status, _ := os.ReadFile(filepath.Join(d, "status"))
		for _, line := range strings.Split(string(status), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				return kb
			}
		}
	}
	t.Log("plugin process not found in /proc; RSS not measured")
	return 0
}
