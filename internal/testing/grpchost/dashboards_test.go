package grpchost_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

type dashboard struct {
	UID    string `json:"uid"`
	Panels []struct {
		ID      int               `json:"id"`
		Title   string            `json:"title"`
		Type    string            `json:"type"`
		Targets []json.RawMessage `json:"targets"`
	} `json:"panels"`
}

// TestShippedDashboards runs every panel target of every shipped dashboard through
// the plugin binary against the demo tenant (last 24 h before the anchor, every
// variable on "All") and checks that the frames fit the panel type.
func TestShippedDashboards(t *testing.T) {
	files, err := filepath.Glob("../../../dashboards/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no dashboards found: %v", err)
	}
	for _, file := range files {
		var d dashboard
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &d); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, p := range d.Panels {
			t.Run(fmt.Sprintf("%s/%d %s", d.UID, p.ID, p.Title), func(t *testing.T) {
				for _, target := range p.Targets {
					checkTarget(t, p.Type, target)
				}
			})
		}
	}
}

func checkTarget(t *testing.T, panelType string, target json.RawMessage) {
	t.Helper()
	q := allVariables(t, target)
	res, err := host.QueryData(ctx(t), &backend.QueryDataRequest{
		PluginContext: demoContext(),
		Queries: []backend.DataQuery{{
			RefID: "A", QueryType: queryTypeOf(q), JSON: q, Interval: 5 * time.Minute, MaxDataPoints: 600,
			TimeRange: backend.TimeRange{From: anchor.Add(-24 * time.Hour), To: anchor},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	dr := res.Responses["A"]
	if dr.Error != nil {
		t.Fatalf("query %s failed: %v", q, dr.Error)
	}
	if len(dr.Frames) == 0 {
		t.Fatalf("query %s returned no frame", q)
	}
	for _, f := range dr.Frames {
		if f.Meta != nil {
			for _, n := range f.Meta.Notices {
				if n.Severity == data.NoticeSeverityError {
					t.Errorf("error notice: %s", n.Text)
				}
			}
		}
	}
	if msg := fitsPanel(panelType, dr.Frames[0]); msg != "" {
		t.Errorf("%s panel cannot show the frame of %s: %s", panelType, q, msg)
	}
}

// fitsPanel reports why a frame cannot feed a panel type ("" if it can).
func fitsPanel(panelType string, f *data.Frame) string {
	times, nums, strs := 0, 0, 0
	for _, fld := range f.Fields {
		switch {
		case fld.Type().Time():
			times++
		case fld.Type().Numeric():
			nums++
		case fld.Type() == data.FieldTypeString || fld.Type() == data.FieldTypeNullableString:
			strs++
		}
	}
	switch {
	case f.Rows() == 0:
		return "no rows (every shipped panel has data on the demo tenant)"
	case panelType == "timeseries" && (times != 1 || nums == 0):
		return fmt.Sprintf("needs one time field and numbers, has %d time and %d number fields", times, nums)
	case panelType == "stat" && nums == 0:
		return "needs a number field"
	case (panelType == "piechart" || panelType == "bargauge" || panelType == "barchart") && (nums == 0 || strs == 0):
		return fmt.Sprintf("needs a label and a number field, has %d string and %d number fields", strs, nums)
	}
	return ""
}

// allVariables does what the frontend does when every variable is on "All": the
// datasource variable resolves to the demo data source and filters on "All" go away.
func allVariables(t *testing.T, target json.RawMessage) json.RawMessage {
	t.Helper()
	var q map[string]any
	if err := json.Unmarshal(target, &q); err != nil {
		t.Fatal(err)
	}
	if fs, ok := q["filters"].([]any); ok {
		kept := []any{}
		for _, f := range fs {
			vals, _ := f.(map[string]any)["values"].([]any)
			if len(vals) == 1 && strings.HasPrefix(fmt.Sprint(vals[0]), "$") {
				continue
			}
			kept = append(kept, f)
		}
		q["filters"] = kept
	}
	delete(q, "datasource")
	out, _ := json.Marshal(q)
	return out
}

func queryTypeOf(raw json.RawMessage) string {
	var v struct {
		QueryType string `json:"queryType"`
	}
	_ = json.Unmarshal(raw, &v)
	return v.QueryType
}
