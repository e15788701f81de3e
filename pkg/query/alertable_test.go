package query

import (
	"testing"

	"github.com/exotrace/messagetrace-datasource/internal/testing/alerteval"
)

// TestDetectionFramesAreAlertable reads the rule-shaped answers of the new
// detection options as Grafana's expression engine does (alerteval.Convert): one
// number per label set, labelled by the string columns, the numbers exact.
func TestDetectionFramesAreAlertable(t *testing.T) {
	e, _ := newLureEngine(t)
	tests := []struct {
		name  string
		model map[string]any
		want  map[string]float64 // label value (or "" unlabelled) → number
	}{
		{"baseline robustZ, tenant, days", map[string]any{"queryType": "baseline", "window": "1h", "baselineMode": "days", "minHistory": 15,
			"baselineWindows": 20, "output": "robustZ"}, map[string]float64{"": 0}}, // not enough history: normal
		{"novelty countries", map[string]any{"queryType": "novelty", "dimension": "fromCountry", "lookbackDays": 14, "output": "messages"},
			map[string]float64{"NG": lureMessages}},
		{"campaign score", map[string]any{"queryType": "campaigns", "output": "score", "limit": 1},
			map[string]float64{"<*> invoice <num> payment overdue": lureMessages}},
		// Six forms, five patterns (TestLureIsOneCampaignRankedFirst lists them).
		{"campaign variants", map[string]any{"queryType": "campaigns", "output": "variants", "limit": 1},
			map[string]float64{"<*> invoice <num> payment overdue": 5}},
		{"foreign inbound senders by country, from the profile", map[string]any{"queryType": "top", "groupBy": []string{"fromCountry"},
			"filters": []map[string]any{{"dimension": "fromCountry", "op": "notHome"}, {"dimension": "fromCountry", "op": "neq", "values": []string{"FR", "NL"}}}},
			map[string]float64{"NG": lureMessages}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := answer(e, lureQuery(t, tt.model))
			if resp.Error != nil {
				t.Fatal(resp.Error)
			}
			res, err := alerteval.Convert(resp.Frames)
			if err != nil || res.NoData {
				t.Fatalf("Convert = %+v, %v", res, err)
			}
			got := map[string]float64{}
			for _, it := range res.Items {
				label := ""
				for _, v := range it.Labels {
					label = v
				}
				if len(it.Labels) > 1 || it.Value == nil {
					t.Fatalf("item %+v: want one label and a number", it)
				}
				if _, dup := got[label]; dup {
					t.Fatalf("two numbers for %q", label)
				}
				got[label] = *it.Value
			}
			if len(got) != len(tt.want) {
				t.Errorf("items = %v, want %v", got, tt.want)
			}
			for l, v := range tt.want {
				if got[l] != v {
					t.Errorf("%q = %v, want %v", l, got[l], v)
				}
			}
		})
	}
}
