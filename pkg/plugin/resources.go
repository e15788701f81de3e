package plugin

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
	"github.com/exotrace/messagetrace-datasource/pkg/query"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Request bounds of the resource endpoints: the query JSON the preview reads,
// and the prefix a values look-up matches (the editor sends what was typed).
const (
	maxPreviewBody = 1 << 20
	maxPrefix      = 1000
)

// handleValues lists distinct values of a dimension for autocomplete:
// GET values?dimension=sender&from=<ms>&to=<ms>&prefix=ab&limit=50
func (ds *Datasource) handleValues(w http.ResponseWriter, r *http.Request) {
	if !ds.ready(w) {
		return
	}
	q := r.URL.Query()
	now := ds.now()
	from := msParam(q.Get("from"), now.Add(-24*time.Hour))
	to := msParam(q.Get("to"), now)
	if len(q.Get("prefix")) > maxPrefix {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("prefix is longer than %d bytes: type less", maxPrefix))
		return
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 || limit > 1000 {
		limit = 50
	}
	vals, err := ds.engine.Values(r.Context(), q.Get("dimension"), from, to, q.Get("prefix"), limit)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, map[string]any{"values": vals})
}

// handlePreview shows what a query pushes down to Graph and what it filters locally.
func (ds *Datasource) handlePreview(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxPreviewBody+1))
	if err != nil {
		writeError(w, http.StatusBadRequest, "cannot read the query: "+err.Error())
		return
	}
	if len(body) > maxPreviewBody {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the query is larger than %d bytes", maxPreviewBody))
		return
	}
	q, err := query.Parse(body, query.TimeRange{}, query.Envelope{QueryType: queryTypeOf(body)})
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	pushdown, local := query.Describe(q)
	if local == nil {
		local = []string{}
	}
	writeJSON(w, map[string]any{"pushdown": pushdown, "local": local})
}

// handleDimensions tells the editor which dimensions, operators and statuses exist.
func (ds *Datasource) handleDimensions(w http.ResponseWriter, _ *http.Request) {
	statuses := make([]string, 0, len(trace.Statuses()))
	for _, s := range trace.Statuses() {
		statuses = append(statuses, s.String())
	}
	writeJSON(w, map[string]any{
		"dimensions": columns.Dimensions(),
		"operators":  columns.Operators(),
		"statuses":   statuses,
	})
}

func (ds *Datasource) ready(w http.ResponseWriter) bool {
	if ds.settingsErr != nil {
		writeError(w, http.StatusBadRequest, ds.settingsErr.Error())
		return false
	}
	return true
}

func msParam(s string, def time.Time) time.Time {
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil || ms <= 0 {
		return def
	}
	return time.UnixMilli(ms).UTC()
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
