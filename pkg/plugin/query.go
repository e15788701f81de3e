package plugin

import (
	"context"
	"encoding/json"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/experimental/concurrent"
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
	return ds.engine.Run(ctx, q)
}

func queryTypeOf(raw json.RawMessage) string {
	var v struct {
		QueryType string `json:"queryType"`
	}
	_ = json.Unmarshal(raw, &v)
	return v.QueryType
}
