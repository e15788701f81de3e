package grpchost_test

import (
	"encoding/json"
	"flag"
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
		// TimeFrom overrides the dashboard's range for this panel, e.g. "7d".
		TimeFrom string `json:"timeFrom"`
	} `json:"panels"`
	Annotations struct {
		List []struct {
			Name   string          `json:"name"`
			Target json.RawMessage `json:"target"`
		} `json:"list"`
	} `json:"annotations"`
}

// harnessFixtures (go test ./internal/testing/grpchost -run TestShippedDashboards -harness-fixtures)
// writes every panel's frames to tests/harness/fixtures/dashboards.json for the browser
// harness's dashboard previews and the frontend's dashboard tests.
var harnessFixtures = flag.Bool("harness-fixtures", false, "write the panels' frames for the browser harness")

// fixtureRows caps each frame in the fixtures: a preview shows no more.
const fixtureRows = 40

// TestShippedDashboards runs every panel target of every shipped dashboard through
// the plugin binary against the demo tenant (last 24 h before the anchor, every
// variable on "All") and checks that the frames fit the panel type.
func TestShippedDashboards(t *testing.T) {
	files, err := filepath.Glob("../../../dashboards/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no dashboards found: %v", err)
	}
	fixtures := map[string]map[string][]json.RawMessage{}
	for _, file := range files {
		var d dashboard
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &d); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		fixtures[d.UID] = map[string][]json.RawMessage{}
		for _, p := range d.Panels {
			t.Run(fmt.Sprintf("%s/%d %s", d.UID, p.ID, p.Title), func(t *testing.T) {
				span := 24 * time.Hour
				if p.TimeFrom != "" {
					days, err := time.ParseDuration(strings.TrimSuffix(p.TimeFrom, "d") + "h")
					if err != nil || !strings.HasSuffix(p.TimeFrom, "d") {
						t.Fatalf("timeFrom %q: this test reads whole days only", p.TimeFrom)
					}
					span = 24 * days / time.Hour * time.Hour
				}
				for _, target := range p.Targets {
					frames := checkTarget(t, p.Type, target, span)
					fixtures[d.UID][fmt.Sprint(p.ID)] = append(fixtures[d.UID][fmt.Sprint(p.ID)], fixtureFrames(t, frames)...)
				}
			})
		}
		for _, a := range d.Annotations.List {
			if a.Target == nil {
				continue // Grafana's built-in annotations
			}
			t.Run(fmt.Sprintf("%s/annotation %s", d.UID, a.Name), func(t *testing.T) {
				checkTarget(t, "annotation", a.Target, 24*time.Hour)
			})
		}
	}
	if *harnessFixtures {
		writeFixtures(t, fixtures)
	}
}

func runQuery(t *testing.T, q json.RawMessage, span time.Duration) backend.DataResponse {
	t.Helper()
	res, err := host.QueryData(ctx(t), &backend.QueryDataRequest{
		PluginContext: demoContext(),
		Queries: []backend.DataQuery{{
			RefID: "A", QueryType: queryTypeOf(q), JSON: q, Interval: 5 * time.Minute, MaxDataPoints: 600,
			TimeRange: backend.TimeRange{From: anchor.Add(-span), To: anchor},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return res.Responses["A"]
}

func checkTarget(t *testing.T, panelType string, target json.RawMessage, span time.Duration) data.Frames {
	t.Helper()
	q := allVariables(t, target)
	dr := runQuery(t, q, span)
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
	return dr.Frames
}

func fixtureFrames(t *testing.T, frames data.Frames) []json.RawMessage {
	t.Helper()
	out := make([]json.RawMessage, 0, len(frames))
	for _, f := range frames {
		keep := fixtureRows
		if f.Meta != nil && f.Meta.Type == data.FrameTypeTimeSeriesWide {
			keep = f.Rows() // a time series is drawn whole
		}
		raw, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		var v struct {
			Schema json.RawMessage              `json:"schema"`
			Data   map[string][]json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"values", "entities", "nanos"} {
			for i, col := range v.Data[key] {
				var vals []json.RawMessage
				if json.Unmarshal(col, &vals) == nil && len(vals) > keep {
					v.Data[key][i], _ = json.Marshal(vals[:keep])
				}
			}
		}
		cut, _ := json.Marshal(v)
		out = append(out, cut)
	}
	return out
}

func writeFixtures(t *testing.T, fixtures map[string]map[string][]json.RawMessage) {
	t.Helper()
	raw, err := json.MarshalIndent(map[string]any{
		"from": anchor.Add(-24 * time.Hour).UnixMilli(), "to": anchor.UnixMilli(), "dashboards": fixtures,
	}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll("../../../tests/harness/fixtures", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("../../../tests/harness/fixtures/dashboards.json", append(raw, '\n'), 0o644); err != nil {
		t.Fatal(err)
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
	case panelType == "geomap":
		return geomapFits(f)
	case panelType == "annotation" && (times == 0 || strs == 0):
		return fmt.Sprintf("an annotation needs a time and a text field, has %d time and %d string fields", times, strs)
	}
	return ""
}

// geomapFits: the shipped Geomap layers look countries up by the "country" field in
// Grafana's countries gazetteer, which is keyed by ISO 3166-1 alpha-2 codes.
func geomapFits(f *data.Frame) string {
	fld, _ := f.FieldByName("country")
	if fld == nil {
		return "no country field for the gazetteer lookup"
	}
	for i := range fld.Len() {
		c, _ := fld.ConcreteAt(i)
		s, _ := c.(string)
		if len(s) != 2 || strings.ToUpper(s) != s {
			return fmt.Sprintf("country %q is not an ISO 3166-1 alpha-2 code", s)
		}
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
	if id, _ := q["traceId"].(string); strings.HasPrefix(id, "$") {
		// The drill-down: the user clicked the newest message's id in the table above.
		q["traceId"], q["recipient"] = newestTrace(t)
	}
	out, _ := json.Marshal(q)
	return out
}

// newestTrace returns the id and recipient of the newest trace on the demo tenant.
func newestTrace(t *testing.T) (string, string) {
	t.Helper()
	dr := runQuery(t, json.RawMessage(`{"queryType":"traces","limit":1}`), 24*time.Hour)
	if dr.Error != nil || len(dr.Frames) == 0 || dr.Frames[0].Rows() == 0 {
		t.Fatalf("no trace to drill into: %v", dr.Error)
	}
	id, _ := dr.Frames[0].FieldByName("id")
	rcpt, _ := dr.Frames[0].FieldByName("recipient")
	if id == nil || rcpt == nil {
		t.Fatal("the traces frame has no id or recipient field")
	}
	return fmt.Sprint(id.At(0)), fmt.Sprint(rcpt.At(0))
}

func queryTypeOf(raw json.RawMessage) string {
	var v struct {
		QueryType string `json:"queryType"`
	}
	_ = json.Unmarshal(raw, &v)
	return v.QueryType
}

// TestOneDefinitionOfMB: the large-messages table's size bound selects exactly the
// messages of the largest size bucket, and the size-distribution panel names every
// bucket the backend returns (1 MB = 1 MiB = 1,048,576 bytes in both).
func TestOneDefinitionOfMB(t *testing.T) {
	var mon, over struct {
		Panels []struct {
			ID          int                                  `json:"id"`
			Targets     []struct{ Filters []map[string]any } `json:"targets"`
			FieldConfig struct {
				Overrides []struct {
					Matcher struct{ Options string } `json:"matcher"`
				} `json:"overrides"`
			} `json:"fieldConfig"`
		} `json:"panels"`
	}
	for file, v := range map[string]any{"../../../dashboards/message-monitoring.json": &mon, "../../../dashboards/overview.json": &over} {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, v); err != nil {
			t.Fatal(err)
		}
	}
	var sizeFilter map[string]any
	for _, p := range mon.Panels {
		for _, f := range p.Targets[0].Filters {
			if p.ID == 10 && f["dimension"] == "size" {
				sizeFilter = f
			}
		}
	}
	if sizeFilter == nil {
		t.Fatal("the large-messages panel (monitoring/10) has no size filter")
	}
	q, _ := json.Marshal(map[string]any{"queryType": "stats", "stats": []string{"count"}, "filters": []any{sizeFilter}})
	large := runQuery(t, q, 24*time.Hour)
	buckets := runQuery(t, json.RawMessage(`{"queryType":"top","groupBy":["sizeBucket"],"metric":"count","limit":5}`), 24*time.Hour)
	if large.Error != nil || buckets.Error != nil {
		t.Fatalf("queries failed: %v, %v", large.Error, buckets.Error)
	}
	names, _ := buckets.Frames[0].FieldByName("sizeBucket")
	counts, _ := buckets.Frames[0].FieldByName("count")
	byName := map[string]float64{}
	for i := range names.Len() {
		v, _ := counts.FloatAt(i)
		byName[fmt.Sprint(names.At(i))] = v
	}
	got, _ := large.Frames[0].Fields[0].FloatAt(0)
	if got == 0 || got != byName[">=10MB"] {
		t.Errorf("large-messages filter %v selects %v messages, the >=10MB bucket has %v", sizeFilter, got, byName[">=10MB"])
	}
	named := map[string]bool{}
	for _, p := range over.Panels {
		if p.ID == 12 {
			for _, o := range p.FieldConfig.Overrides {
				named[o.Matcher.Options] = true
			}
		}
	}
	for b := range byName {
		if !named[b] {
			t.Errorf("size bucket %q has no display name in the size-distribution panel (overview/12)", b)
		}
	}
}
