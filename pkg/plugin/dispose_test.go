package plugin

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// Replacing an instance (a settings change) after it queried Microsoft Graph
// leaves no goroutine behind: no fetch worker, no timer, no idle connection.
func TestDisposeLeavesNothingRunning(t *testing.T) {
	f := newFakeMS(t)
	ignore := goleak.IgnoreCurrent() // the fake server's own goroutines
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	old, err := newDatasource(context.Background(), f.settings(nil, map[string]string{"clientSecret": "s"}), func() time.Time { return now })
	if err != nil || old.settingsErr != nil {
		t.Fatal(err, old.settingsErr)
	}
	res, err := old.QueryData(context.Background(), queryReq(now.Add(-6*time.Hour), now, `{"queryType":"traces"}`, `{"queryType":"stats"}`))
	if err != nil {
		t.Fatal(err)
	}
	for ref, r := range res.Responses {
		if r.Error != nil {
			t.Fatalf("%s: %v", ref, r.Error)
		}
	}
	old.Dispose() // Grafana disposes the old instance when the settings change
	goleak.VerifyNone(t, ignore)
}
