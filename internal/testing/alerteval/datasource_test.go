package alerteval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestExpandDatasourceUIDs(t *testing.T) {
	raw := strings.ReplaceAll(goodRule, "datasourceUid: ds", "datasourceUid: ${MT_UID}")
	path := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(path, []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"MT_UID": "tenant-a"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	f, err := LoadEnv(path, lookup)
	if err != nil {
		t.Fatal(err)
	}
	r := f.Rules()[0]
	if r.Data[0].DatasourceUID != "tenant-a" || r.Data[1].DatasourceUID != ExprUID {
		t.Fatalf("uids = %q, %q", r.Data[0].DatasourceUID, r.Data[1].DatasourceUID)
	}
	// $NAME without braces works too, as in Grafana.
	f2, _ := Parse([]byte(strings.ReplaceAll(goodRule, "datasourceUid: ds", "datasourceUid: $MT_UID")))
	if err := f2.ExpandDatasourceUIDs(lookup); err != nil || f2.Rules()[0].Data[0].DatasourceUID != "tenant-a" {
		t.Fatalf("$NAME: %v, %q", err, f2.Rules()[0].Data[0].DatasourceUID)
	}
	delete(env, "MT_UID")
	_, err = LoadEnv(path, lookup)
	if err == nil || !strings.Contains(err.Error(), "rule r-1 query A: environment variable MT_UID is not set: set it to the uid of the Exchange Message Trace data source") {
		t.Fatalf("unset variable: %v", err)
	}
}

// The harness refuses a rule whose data-source uid is not the data source
// under test, before sending any query.
func TestEvaluateRefusesOtherDatasource(t *testing.T) {
	f, err := Parse([]byte(goodRule))
	if err != nil {
		t.Fatal(err)
	}
	r := f.Rules()[0]
	q := &fakeQuerier{frames: topFrame(map[string]float64{"a": 500})}
	pc := func(uid string) backend.PluginContext {
		return backend.PluginContext{OrgID: 1, DataSourceInstanceSettings: &backend.DataSourceInstanceSettings{UID: uid}}
	}
	o := Evaluate(context.Background(), Env{Querier: q, PluginContext: pc("exotrace-demo")}, r, t0, nil)
	if o.Err == nil || o.Err.Error() != `rule r-1 is not for the data source under test (uid "exotrace-demo"): query A names "ds"` {
		t.Fatalf("mismatch: %v", o.Err)
	}
	if len(q.reqs) != 0 {
		t.Fatalf("%d queries sent for a refused rule", len(q.reqs))
	}
	o = Evaluate(context.Background(), Env{Querier: q, PluginContext: pc("ds")}, r, t0, nil)
	if o.Err != nil || len(o.Instances) != 1 || o.Instances[0].State != EvalAlerting {
		t.Fatalf("matching uid: %+v", o)
	}
}
