package plugin

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental/concurrent"
)

// queryConcurrency bounds parallel queries of one request; they share the store, so
// more parallelism only adds contention.
const queryConcurrency = 4

// QueryData runs each query on its own: one bad query never breaks the others.
func (ds *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	return concurrent.QueryData(ctx, req, func(ctx context.Context, q concurrent.Query) backend.DataResponse {
		return ds.runQuery(ctx, q.DataQuery)
	}, queryConcurrency)
}

func (ds *Datasource) runQuery(ctx context.Context, q backend.DataQuery) backend.DataResponse {
	if ds.settingsErr != nil {
		return backend.ErrorResponseWithErrorSource(ds.settingsErr)
	}
	if q.QueryType == "values" || queryTypeOf(q.JSON) == "values" {
		return ds.runValues(ctx, q)
	}
	return ds.engine.Run(ctx, q)
}

// valuesQuery is the template-variable query: distinct values of one dimension.
type valuesQuery struct {
	Dimension string `json:"dimension"`
	Prefix    string `json:"prefix"`
	Limit     int    `json:"limit"`
}

func (ds *Datasource) runValues(ctx context.Context, q backend.DataQuery) backend.DataResponse {
	var vq valuesQuery
	if err := json.Unmarshal(q.JSON, &vq); err != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, "the variable query is not valid JSON: "+err.Error())
	}
	if vq.Limit <= 0 {
		vq.Limit = 100
	}
	vals, err := ds.engine.Values(ctx, vq.Dimension, q.TimeRange.From, q.TimeRange.To, vq.Prefix, vq.Limit)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(fmt.Errorf("listing %s values: %w", vq.Dimension, err))
	}
	frame := data.NewFrame("values", data.NewField("value", nil, vals))
	return backend.DataResponse{Frames: data.Frames{frame}}
}

func queryTypeOf(raw json.RawMessage) string {
	var v struct {
		QueryType string `json:"queryType"`
	}
	_ = json.Unmarshal(raw, &v)
	return v.QueryType
}
