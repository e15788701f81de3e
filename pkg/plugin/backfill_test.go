package plugin

import (
	"context"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

var filterFromRE = regexp.MustCompile(`receivedDateTime ge (\S+)`)

// TestBackfill: a first configuration loads the last days into the archive,
// newest first, one day per step, and stops while the request budget has no
// more than a quarter free, so panels still get their requests.
func TestBackfill(t *testing.T) {
	defer func(d time.Duration) { keeperInterval = d }(keeperInterval)
	keeperInterval = 20 * time.Millisecond
	tests := []struct {
		name          string
		budget, days  int
		wantDays      int
		wantHealth    string
		panelAnswered bool
	}{
		{"all days", 90, 3, 3, "backfill complete: 3 days archived", true},
		// 4 requests per 5 minutes: after 3 days one slot is left, for panels.
		{"inside the budget", 4, 5, 3, "backfilled 3 of 5 days", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeMS(t)
			var mu sync.Mutex
			var asked []string
			f.setFail(func(_ http.ResponseWriter, r *http.Request, _ string) bool {
				if m := filterFromRE.FindStringSubmatch(r.URL.Query().Get("$filter")); m != nil {
					mu.Lock()
					asked = append(asked, m[1])
					mu.Unlock()
				}
				return false
			})
			now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
			path := filepath.Join(t.TempDir(), "a.sqlite")
			settings := f.settings(map[string]any{"requestBudget": tc.budget, "archive": map[string]any{"path": path, "backfillDays": tc.days}},
				map[string]string{"clientSecret": "s"})
			ds, err := newDatasource(context.Background(), settings, func() time.Time { return now })
			if err != nil || ds.settingsErr != nil {
				t.Fatal(err, ds.settingsErr)
			}
			defer ds.Dispose()
			deadline := time.Now().Add(20 * time.Second)
			for !strings.Contains(ds.archiveStatus(context.Background()), tc.wantHealth) {
				if time.Now().After(deadline) {
					t.Fatalf("health %q, want %q", ds.archiveStatus(context.Background()), tc.wantHealth)
				}
				time.Sleep(10 * time.Millisecond)
			}
			time.Sleep(10 * keeperInterval) // no further day may start
			mu.Lock()
			got := append([]string(nil), asked...)
			mu.Unlock()
			var want []string
			for k := 1; k <= tc.wantDays; k++ {
				want = append(want, now.Truncate(24*time.Hour).AddDate(0, 0, -k).Format(time.RFC3339))
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("Graph was asked for %v, want the days newest first %v", got, want)
			}
			hours, err := ds.keeper.a.Hours(context.Background(), now.AddDate(0, 0, -tc.days-1), now)
			if err != nil || len(hours) != 24*tc.wantDays {
				t.Errorf("%d archived hours (%v), want %d", len(hours), err, 24*tc.wantDays)
			}
			res, err := ds.QueryData(context.Background(), queryReq(now.Add(-time.Hour), now, `{"queryType":"stats"}`))
			if err != nil || (res.Responses["Q0"].Error == nil) != tc.panelAnswered {
				t.Errorf("panel after the backfill: %v %v", err, res.Responses["Q0"].Error)
			}
			// A panel reaching into days not backfilled yet says so.
			res, err = ds.QueryData(context.Background(), queryReq(now.AddDate(0, 0, -tc.days), now, `{"queryType":"stats"}`))
			if err != nil {
				t.Fatal(err)
			}
			var notices []string
			for _, fr := range res.Responses["Q0"].Frames {
				if fr.Meta != nil {
					for _, n := range fr.Meta.Notices {
						notices = append(notices, n.Text)
					}
				}
			}
			backfilling := tc.wantDays < tc.days
			if got := strings.Contains(strings.Join(notices, "|"), tc.wantHealth+"; older days are still being loaded"); got != backfilling {
				t.Errorf("notices %q (backfill unfinished: %v)", notices, backfilling)
			}
		})
	}
}
