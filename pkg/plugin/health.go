package plugin

import (
	"context"
	"encoding/json"
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
	msg := fmt.Sprintf("Connected to Microsoft Graph message trace for tenant %s. Request budget: %d requests per 5 minutes. %s %s",
		ds.settings.TenantID, ds.settings.RequestBudget, ds.profile.Describe(nil), ds.archiveStatus(ctx))
	return withEnrichment(&backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: msg}, ds.enrich), nil
}

// withEnrichment adds what geo, networks and threat intel use, and their
// warnings, to a healthy result; a broken provider or database never turns the
// data source's health red, as every query that does not need it still works.
func withEnrichment(res *backend.CheckHealthResult, e *enrichment) *backend.CheckHealthResult {
	if e == nil {
		return res
	}
	summary, warnings := e.health()
	if summary != "" {
		res.Message += " " + summary + "."
	}
	if len(warnings) > 0 {
		res.Message += " Warning: " + strings.Join(warnings, "; ")
		res.JSONDetails, _ = json.Marshal(map[string][]string{"warnings": warnings})
	}
	return res
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
		Message: fmt.Sprintf("Demo tenant %s is serving synthetic Exchange Online traces for %s (%d in the hour before %s) with six labelled incidents. Switch Mode to \"Microsoft 365 tenant\" to read your own tenant. %s %s",
			ds.demoTenantName(), strings.Join(ds.domains, " and "), snap.Rows(), now.Format("2006-01-02 15:04 MST"), ds.profile.Describe(detectLanguages(snap)), ds.archiveStatus(ctx)),
	}
}

func healthError(msg string) *backend.CheckHealthResult {
	return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: msg}
}
