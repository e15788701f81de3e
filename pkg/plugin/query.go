package plugin

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/experimental/concurrent"

	"github.com/exotrace/messagetrace-datasource/pkg/query"
)

// queryConcurrency bounds parallel queries of one request; they share the store, so
// more parallelism only adds contention.
const queryConcurrency = 4

// QueryData runs each query on its own: one bad query never breaks the others.
// Alert queries never get partial data (alerting.go).
func (ds *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	if isFromAlert(req.Headers) {
		ctx = withFromAlert(ctx)
	}
	return concurrent.QueryData(ctx, req, func(ctx context.Context, q concurrent.Query) backend.DataResponse {
		return ds.runQuery(ctx, q.DataQuery)
	}, queryConcurrency)
}

func (ds *Datasource) runQuery(ctx context.Context, q backend.DataQuery) backend.DataResponse {
	if ds.settingsErr != nil {
		return backend.ErrorResponseWithErrorSource(ds.settingsErr)
	}
	return ds.withBackfillNotice(answer(ctx, ds.engine, q), q.TimeRange.From)
}

// answer parses q and runs it on e; every failure is the query's response.
func answer(ctx context.Context, e *query.Engine, q backend.DataQuery) backend.DataResponse {
	parsed, err := query.Parse(q.JSON, query.TimeRange{From: q.TimeRange.From, To: q.TimeRange.To},
		query.Envelope{RefID: q.RefID, QueryType: q.QueryType, Interval: q.Interval, MaxDataPoints: q.MaxDataPoints})
	if err != nil {
		return errorResponse(err)
	}
	frames, err := e.Run(ctx, parsed)
	if err != nil {
		return errorResponse(err)
	}
	return backend.DataResponse{Frames: frames}
}

// errorResponse turns a query's error into its response, with Grafana's error
// source: an invalid query, a timeout or a cancellation is downstream (the
// user's or the caller's); otherwise the source the error carries (the Graph
// client tags its own), and without one the plugin's.
func errorResponse(err error) backend.DataResponse {
	switch {
	case query.IsInvalidQuery(err):
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		return backend.ErrDataResponseWithSource(backend.StatusTimeout, backend.ErrorSourceDownstream, err.Error())
	case errors.Is(err, context.Canceled):
		return backend.ErrDataResponseWithSource(backend.StatusTimeout, backend.ErrorSourceDownstream, err.Error())
	}
	resp := backend.ErrorResponseWithErrorSource(err)
	resp.Status = backend.StatusInternal
	if resp.ErrorSource == backend.ErrorSourceDownstream {
		resp.Status = backend.StatusBadGateway
	}
	return resp
}

func queryTypeOf(raw json.RawMessage) string {
	var v struct {
		QueryType string `json:"queryType"`
	}
	_ = json.Unmarshal(raw, &v)
	return v.QueryType
}
