package plugin

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Resource requests over their bounds get a clear error instead of being read
// (or matched) without bound.
func TestResourceRequestLimits(t *testing.T) {
	ds, err := newDatasource(context.Background(), backend.DataSourceInstanceSettings{UID: "demo", JSONData: []byte(`{"mode":"demo"}`)}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer ds.Dispose()
	cases := []struct {
		name, method, path string
		body               []byte
		want               string
	}{
		{"preview body", "POST", "preview", []byte(`{"queryType":"traces","x":"` + strings.Repeat("a", maxPreviewBody) + `"}`), "413 {\"error\":\"the query is larger than 1048576 bytes\"}"},
		{"values prefix", "GET", "values?dimension=sender&prefix=" + strings.Repeat("a", maxPrefix+1), nil, "400 {\"error\":\"prefix is longer than 1000 bytes: type less\"}"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.TrimSpace(callResource(t, ds, tc.method, tc.path, tc.body)); got != tc.want {
				t.Errorf("got %.200q, want %q", got, tc.want)
			}
		})
	}
}
