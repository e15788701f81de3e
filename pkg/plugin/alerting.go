package plugin

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/exotrace/messagetrace-datasource/pkg/store"
	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// alertWait bounds how long an alert query waits for its range to load:
// Grafana's evaluation timeout is 30 s, and the query itself needs the rest.
const alertWait = 20 * time.Second

type fromAlertKey struct{}

// isFromAlert reports whether Grafana's alerting engine sent the request. It
// sets the header FromAlert: true; the key may arrive canonicalised
// (Fromalert) or with the SDK's http_ prefix, so any spelling counts.
func isFromAlert(headers map[string]string) bool {
	for k, v := range headers {
		k = strings.TrimPrefix(strings.ToLower(k), "http_")
		if strings.EqualFold(k, backend.FromAlertHeaderName) && strings.EqualFold(strings.TrimSpace(v), "true") {
			return true
		}
	}
	return false
}

func withFromAlert(ctx context.Context) context.Context {
	return context.WithValue(ctx, fromAlertKey{}, true)
}

func fromAlert(ctx context.Context) bool {
	v, _ := ctx.Value(fromAlertKey{}).(bool)
	return v
}

// alertLoader is the engine's Loader: dashboards get the store's answer,
// partial data with its notice included; alert queries get the whole range
// or an error, so a rule shows Error instead of evaluating a short number.
type alertLoader struct {
	store *store.Store
	wait  time.Duration
}

func (l alertLoader) Load(ctx context.Context, req trace.Request) (table.Snapshot, error) {
	if !fromAlert(ctx) {
		return l.store.Load(ctx, req)
	}
	snap, err := l.store.LoadComplete(ctx, req, l.wait)
	if err != nil {
		return table.Snapshot{}, backend.DownstreamError(fmt.Errorf("alert rules are not evaluated on partial data: %w", err))
	}
	return snap, nil
}

func (l alertLoader) Details(ctx context.Context, id, recipient string) ([]trace.Detail, error) {
	return l.store.Details(ctx, id, recipient)
}
