package alerteval

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Defaults Grafana applies to a data-source entry without intervalMs or
// maxDataPoints.
const (
	DefaultInterval      = time.Second
	DefaultMaxDataPoints = 43200
)

// Request builds the QueryDataRequest Grafana sends for one data-source entry of
// a rule evaluated at now: one request per entry, the absolute range from the
// relative one, interval and max data points from the model (written back into
// the JSON), and the headers that mark an alert evaluation.
func Request(r Rule, q Query, now time.Time, pc backend.PluginContext) (*backend.QueryDataRequest, error) {
	model := make(map[string]any, len(q.Model)+2)
	for k, v := range q.Model {
		model[k] = v
	}
	interval, err := modelInt(model, "intervalMs", DefaultInterval.Milliseconds())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", q.RefID, err)
	}
	maxPoints, err := modelInt(model, "maxDataPoints", DefaultMaxDataPoints)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", q.RefID, err)
	}
	model["intervalMs"], model["maxDataPoints"] = interval, maxPoints
	raw, err := json.Marshal(model)
	if err != nil {
		return nil, fmt.Errorf("%s: model: %w", q.RefID, err)
	}
	return &backend.QueryDataRequest{
		PluginContext: pc,
		Headers: map[string]string{
			"FromAlert":        "true",
			"X-Cache-Skip":     "true",
			"X-Rule-Uid":       r.UID,
			"X-Grafana-Org-Id": strconv.FormatInt(pc.OrgID, 10),
		},
		Queries: []backend.DataQuery{{
			RefID:         q.RefID,
			QueryType:     q.QueryType,
			Interval:      time.Duration(interval) * time.Millisecond,
			MaxDataPoints: maxPoints,
			TimeRange: backend.TimeRange{
				From: now.Add(-time.Duration(q.RelativeTimeRange.From) * time.Second),
				To:   now.Add(-time.Duration(q.RelativeTimeRange.To) * time.Second),
			},
			JSON: raw,
		}},
	}, nil
}

// modelInt reads a positive integer from the model; missing or 0 gives def.
func modelInt(model map[string]any, key string, def int64) (int64, error) {
	var v int64
	switch x := model[key].(type) {
	case nil:
	case int:
		v = int64(x)
	case int64:
		v = x
	case float64:
		v = int64(x)
	default:
		return 0, fmt.Errorf("%s must be a number, got %T", key, x)
	}
	if v <= 0 {
		return def, nil
	}
	return v, nil
}
