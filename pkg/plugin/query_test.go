package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/exotrace/messagetrace-datasource/pkg/query"
	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// failingLoader fails every load with err and knows no trace, as the store
// does when Graph says 404.
type failingLoader struct{ err error }

func (f failingLoader) Load(context.Context, trace.Request) (table.Snapshot, error) {
	return table.Snapshot{}, f.err
}

func (failingLoader) Details(_ context.Context, id, _ string) ([]trace.Detail, error) {
	return nil, backend.DownstreamError(fmt.Errorf("trace %s: %w", id, trace.ErrNotFound))
}

// Each failure becomes its query's response with Grafana's status and error source.
func TestRunReportsErrorsPerQuery(t *testing.T) {
	tests := []struct {
		name   string
		model  map[string]any
		loader error
		status backend.Status
		source backend.ErrorSource
		text   string
	}{
		{"bad query", map[string]any{"queryType": "top"}, nil, backend.StatusBadRequest, backend.ErrorSourceDownstream, `groupBy is missing for queryType "top": set it`},
		{"details without recipient", map[string]any{"queryType": "details", "traceId": "x"}, nil, backend.StatusBadRequest, backend.ErrorSourceDownstream, `recipient is missing for queryType "details": set it`},
		{"details of an unknown trace", map[string]any{"queryType": "details", "traceId": "nope", "recipient": "a@example.com"}, nil, backend.StatusBadRequest, backend.ErrorSourceDownstream, "no message trace nope for recipient a@example.com"},
		{"store down", map[string]any{"queryType": "stats"}, backend.DownstreamErrorf("graph: 503"), backend.StatusBadGateway, backend.ErrorSourceDownstream, "loading traces: graph: 503"},
		{"plugin bug", map[string]any{"queryType": "stats"}, errors.New("boom"), backend.StatusInternal, backend.ErrorSourcePlugin, "loading traces: boom"},
		{"timeout", map[string]any{"queryType": "stats"}, context.DeadlineExceeded, backend.StatusTimeout, backend.ErrorSourceDownstream, "deadline exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := json.Marshal(tt.model)
			if err != nil {
				t.Fatal(err)
			}
			e := query.NewEngine(failingLoader{tt.loader}, query.Options{})
			defer e.Close()
			resp := answer(context.Background(), e, backend.DataQuery{RefID: "A", JSON: raw,
				TimeRange: backend.TimeRange{From: time.Unix(0, 0), To: time.Unix(3600, 0)}})
			if resp.Error == nil || !strings.Contains(resp.Error.Error(), tt.text) {
				t.Fatalf("error = %v, want it to contain %q", resp.Error, tt.text)
			}
			src := resp.ErrorSource
			if src == "" {
				src = backend.ErrorSourcePlugin
			}
			if resp.Status != tt.status || src != tt.source {
				t.Errorf("status %v source %q, want %v %q", resp.Status, src, tt.status, tt.source)
			}
		})
	}
}
