package plugin

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/exotrace/messagetrace-datasource/pkg/graph"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// healthTimeout keeps "Save & test" responsive even when Microsoft is slow.
const healthTimeout = 30 * time.Second

// CheckHealth answers "Save & test". Failures are reported in the result, never as a
// Go error, so Grafana shows the message.
func (ds *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	if ds.settingsErr != nil {
		return healthError(ds.settingsErr.Error()), nil
	}
	if ds.settings.Mode == ModeDemo {
		return ds.demoHealth(ctx), nil
	}
	if err := ds.graph.Probe(ctx); err != nil {
		return healthError(graph.Explain(err).Error()), nil
	}
	return &backend.CheckHealthResult{
		Status: backend.HealthStatusOk,
		Message: fmt.Sprintf("Connected to Microsoft Graph message trace for tenant %s. Request budget: %d requests per 5 minutes. %s",
			ds.settings.TenantID, ds.settings.RequestBudget, ds.archiveStatus(ctx)),
	}, nil
}

func (ds *Datasource) demoHealth(ctx context.Context) *backend.CheckHealthResult {
	now := ds.now().UTC()
	if anchor, _ := ds.settings.Anchor(); !anchor.IsZero() && !ds.settings.Replay() {
		now = anchor // a pinned demo tenant is frozen at its anchor
	}
	snap, err := ds.store.Load(ctx, trace.Request{From: now.Add(-time.Hour), To: now})
	if err != nil {
		return healthError("The demo tenant failed to generate data: " + err.Error())
	}
	return &backend.CheckHealthResult{
		Status: backend.HealthStatusOk,
		Message: fmt.Sprintf("Demo tenant is serving synthetic Exchange Online traces for %s (%d in the hour before %s) with six labelled incidents. Switch Mode to \"Microsoft 365 tenant\" to read your own tenant. %s",
			strings.Join(ds.domains, " and "), snap.Rows(), now.Format("2006-01-02 15:04 MST"), ds.archiveStatus(ctx)),
	}
}

func healthError(msg string) *backend.CheckHealthResult {
	return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: msg}
}
