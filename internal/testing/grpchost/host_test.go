package grpchost_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/internal/testing/grpchost"
	"github.com/exotrace/messagetrace-datasource/pkg/demo"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

const pluginID = "exotrace-messagetrace-datasource"

// anchor pins the demo tenant so the binary's answers can be compared exactly.
var anchor = time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)

var host *grpchost.Host

// pluginBinary is the binary under test, for tests that start their own processes.
var pluginBinary string

// TestMain builds the plugin binary (or uses PLUGIN_BINARY, e.g. the one mage put in
// dist/) and launches it once for every test, as Grafana would.
func TestMain(m *testing.M) {
	bin := os.Getenv("PLUGIN_BINARY")
	dir := ""
	if bin == "" {
		var err error
		dir, err = os.MkdirTemp("", "gpx")
		if err != nil {
			panic(err)
		}
		bin = filepath.Join(dir, grpchost.ExecutableName("gpx_messagetrace"))
		build := exec.Command("go", "build", "-o", bin, "../../../pkg")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			panic("building the plugin: " + err.Error())
		}
	}
	pluginBinary = bin
	// Tenant-mode instances archive under Grafana's data directory: a temporary one.
	data, err := os.MkdirTemp("", "gfdata")
	if err != nil {
		panic(err)
	}
	h, err := grpchost.Start(bin, grpchost.Options{Env: []string{"GF_PATHS_DATA=" + data}})
	if err != nil {
		panic(err)
	}
	host = h
	code := m.Run()
	h.Stop()
	if dir != "" {
		_ = os.RemoveAll(dir)
	}
	_ = os.RemoveAll(data)
	os.Exit(code)
}

func pluginContext(id int64, jsonData map[string]any, secure map[string]string) backend.PluginContext {
	raw, _ := json.Marshal(jsonData)
	return backend.PluginContext{
		OrgID:    1,
		PluginID: pluginID,
		DataSourceInstanceSettings: &backend.DataSourceInstanceSettings{
			ID: id, UID: "uid" + string(rune('a'+id)), Name: "Exchange Message Trace",
			JSONData: raw, DecryptedSecureJSONData: secure, Updated: time.Unix(1700000000, 0),
		},
	}
}

func demoContext() backend.PluginContext {
	return pluginContext(1, map[string]any{"mode": "demo", "demoAnchor": anchor.Format(time.RFC3339), "demoReplay": false}, nil)
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// TestCheckHealthDemo: the pinned demo tenant reports the traces of the hour before
// its anchor (2637 at seed 1, the count demo.List gives for that hour).
func TestCheckHealthDemo(t *testing.T) {
	res, err := host.CheckHealth(ctx(t), demoContext())
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != backend.HealthStatusOk || !strings.Contains(res.Message, "Demo tenant") || !strings.Contains(res.Message, "(2637 in the hour before 2026-11-20 03:00 UTC)") {
		t.Fatalf("health = %v %q", res.Status, res.Message)
	}
}

func TestCheckHealthInvalidSettings(t *testing.T) {
	pc := pluginContext(2, map[string]any{"mode": "tenant", "tenantId": "not-a-guid", "clientId": "x", "authType": "clientSecret"},
		map[string]string{"clientSecret": "s3cr3t-value"})
	res, err := host.CheckHealth(ctx(t), pc)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != backend.HealthStatusError {
		t.Fatalf("status = %v, want error", res.Status)
	}
	for _, want := range []string{"tenant ID \"not-a-guid\" is not valid", "client ID \"x\" is not valid"} {
		if !strings.Contains(res.Message, want) {
			t.Errorf("message %q lacks %q", res.Message, want)
		}
	}
	if strings.Contains(res.Message, "s3cr3t-value") {
		t.Error("the health message leaks the client secret")
	}
}

// TestQueryTracesDemo runs a traces query through the binary and checks the frame
// against the demo tenant called in-process: same rows, same order of fields.
func TestQueryTracesDemo(t *testing.T) {
	from, to := anchor.Add(-2*time.Hour), anchor.Add(-time.Hour)
	want, err := demo.New(demo.Options{Seed: 1, Anchor: anchor}).List(context.Background(), trace.Request{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	res, err := host.QueryData(ctx(t), &backend.QueryDataRequest{
		PluginContext: demoContext(),
		Queries: []backend.DataQuery{
			{RefID: "A", QueryType: "traces", TimeRange: backend.TimeRange{From: from, To: to},
				JSON: json.RawMessage(`{"queryType":"traces","limit":50000}`)},
			{RefID: "B", QueryType: "nonsense", TimeRange: backend.TimeRange{From: from, To: to},
				JSON: json.RawMessage(`{"queryType":"nonsense"}`)},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Responses["A"]
	if a.Error != nil {
		t.Fatalf("A failed: %v", a.Error)
	}
	if len(a.Frames) != 1 {
		t.Fatalf("A returned %d frames", len(a.Frames))
	}
	f := a.Frames[0]
	if f.Fields[0].Type() != data.FieldTypeTime {
		t.Errorf("first field is %s, want time", f.Fields[0].Type())
	}
	if f.Rows() != len(want.Traces) {
		t.Errorf("rows = %d, want %d (demo tenant in-process)", f.Rows(), len(want.Traces))
	}
	for _, name := range []string{"time", "id", "messageId", "sender", "recipient", "subject", "size", "fromIP", "toIP", "status", "direction"} {
		if _, i := f.FieldByName(name); i < 0 {
			t.Errorf("traces frame has no %q field", name)
		}
	}
	if b := res.Responses["B"]; b.Error == nil || !strings.Contains(b.Error.Error(), "nonsense") {
		t.Errorf("B error = %v, want one naming the bad query type", b.Error)
	}
}

func TestCallResourceDimensions(t *testing.T) {
	res, err := host.CallResource(ctx(t), &backend.CallResourceRequest{
		PluginContext: demoContext(), Path: "dimensions", URL: "dimensions", Method: "GET",
	})
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Dimensions []string `json:"dimensions"`
		Statuses   []string `json:"statuses"`
	}
	if err := json.Unmarshal(res.Body, &body); err != nil || res.Status != 200 {
		t.Fatalf("status %d body %s err %v", res.Status, res.Body, err)
	}
	if !contains(body.Dimensions, "sender") || !contains(body.Statuses, "filteredAsSpam") {
		t.Errorf("dimensions %v statuses %v", body.Dimensions, body.Statuses)
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// TestVariableAndEditorLookups covers the template-variable query and the editor's
// resource endpoints on the demo tenant.
func TestVariableAndEditorLookups(t *testing.T) {
	from, to := anchor.Add(-24*time.Hour), anchor
	res, err := host.QueryData(ctx(t), &backend.QueryDataRequest{PluginContext: demoContext(), Queries: []backend.DataQuery{{
		RefID: "V", QueryType: "values", TimeRange: backend.TimeRange{From: from, To: to},
		JSON: json.RawMessage(`{"queryType":"values","dimension":"sender","limit":5}`),
	}}})
	if err != nil {
		t.Fatal(err)
	}
	v := res.Responses["V"]
	if v.Error != nil || len(v.Frames) != 1 || v.Frames[0].Rows() != 5 {
		t.Fatalf("values response %+v", v)
	}
	// Incident 3's compromised account is the day's most frequent sender.
	if got := v.Frames[0].Fields[0].At(0); got != "k.inoue@example.co.jp" {
		t.Errorf("top sender = %v, want k.inoue@example.co.jp", got)
	}

	url := "values?dimension=sender&prefix=urch&from=" + ms(from) + "&to=" + ms(to)
	vals, err := host.CallResource(ctx(t), &backend.CallResourceRequest{PluginContext: demoContext(), Path: "values", URL: url, Method: "GET"})
	if err != nil {
		t.Fatal(err)
	}
	if vals.Status != 200 || !strings.Contains(string(vals.Body), "urch@elchino-millions.site") {
		t.Errorf("values resource: %d %s", vals.Status, vals.Body)
	}

	body := `{"queryType":"traces","filters":[{"dimension":"sender","op":"eq","values":["o'hara@example.com"]},{"dimension":"status","op":"in","values":["failed","quarantined"]}]}`
	prev, err := host.CallResource(ctx(t), &backend.CallResourceRequest{PluginContext: demoContext(), Path: "preview", URL: "preview", Method: "POST", Body: []byte(body)})
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Pushdown string   `json:"pushdown"`
		Local    []string `json:"local"`
	}
	if err := json.Unmarshal(prev.Body, &p); err != nil || prev.Status != 200 {
		t.Fatalf("preview: %d %s %v", prev.Status, prev.Body, err)
	}
	if !strings.Contains(p.Pushdown, "senderAddress eq 'o''hara@example.com'") || len(p.Local) == 0 {
		t.Errorf("preview = %+v", p)
	}
}

func ms(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
