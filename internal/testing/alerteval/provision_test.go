package alerteval

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

const goodRule = `
apiVersion: 1
groups:
  - orgId: 1
    name: g
    folder: F
    interval: 1m
    rules:
      - uid: r-1
        title: Burst
        condition: B
        for: 5m
        keepFiringFor: 2m
        labels: {severity: critical}
        data:
          - refId: A
            queryType: top
            relativeTimeRange: {from: 600, to: 0}
            datasourceUid: ds
            model: {queryType: top, intervalMs: 60000, groupBy: [sender]}
          - refId: B
            datasourceUid: __expr__
            model:
              type: threshold
              expression: A
              conditions: [{evaluator: {type: gt, params: [100]}}]
`

func TestParse(t *testing.T) {
	f, err := Parse([]byte(goodRule))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	r := f.Rules()[0]
	if r.UID != "r-1" || time.Duration(r.For) != 5*time.Minute || time.Duration(r.KeepFiringFor) != 2*time.Minute ||
		time.Duration(f.Groups[0].Interval) != time.Minute || r.Lookback() != 10*time.Minute || !slices.Equal(r.QueryTypes(), []string{"top"}) {
		t.Errorf("rule %+v", r)
	}
	req, err := Request(r, r.Data[0], t0, backend.PluginContext{})
	if err != nil {
		t.Fatal(err)
	}
	if dq := req.Queries[0]; dq.Interval != time.Minute || dq.MaxDataPoints != DefaultMaxDataPoints {
		t.Errorf("interval %v, max data points %d: want the model's 1m and the default", dq.Interval, dq.MaxDataPoints)
	}
}

func TestParseAndValidateErrors(t *testing.T) {
	cases := []struct {
		name, old, new, want string
	}{
		{"snake_case keep_firing_for is not a file key", "keepFiringFor: 2m", "keep_firing_for: 2m", "field keep_firing_for not found"},
		{"bad duration", "for: 5m", "for: five", `time: invalid duration "five"`},
		{"interval off the 10s tick", "interval: 1m", "interval: 15s", "interval 15s should be non-zero and divided exactly by scheduler interval: 10s"},
		{"uid too long", "uid: r-1", "uid: " + strings.Repeat("x", 41), "want 1 to 40 of [a-zA-Z0-9-_]"},
		{"condition not in data", "condition: B", "condition: C", `condition "C" is not a refId of data`},
		{"relative range backwards", "{from: 600, to: 0}", "{from: 0, to: 600}", "relativeTimeRange.from > to"},
		{"unknown noDataState", "for: 5m", "for: 5m\n        noDataState: Ok", `noDataState "Ok"`},
		{"a $ in a label", "severity: critical", "severity: $SEV", "a $ in a label is taken for an environment variable"},
		{"classic conditions are not emulated", "type: threshold", "type: classic_conditions", `expression type "classic_conditions" is not supported`},
		{"reduce mode strict is rejected", "type: threshold\n              expression: A",
			"type: reduce\n              reducer: last\n              settings: {mode: strict}\n              expression: A", `reduce mode "strict" is not valid`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(goodRule, c.old, c.new, 1)
			f, err := Parse([]byte(src))
			if err == nil {
				err = f.Validate()
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}

const policies = `
apiVersion: 1
contactPoints:
  - name: pd
    receivers: [{uid: pd, type: pagerduty, settings: {integrationKey: k}}]
  - name: mail
    receivers: [{uid: mail, type: email, settings: {addresses: a@x}}]
policies:
  - receiver: mail
    routes:
      - receiver: pd
        object_matchers: [[severity, "=", critical]]
      - receiver: mail
        object_matchers: [[team, "!=", db]]
`

func TestPolicies(t *testing.T) {
	f, err := Parse([]byte(policies))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	root := f.Policies[0].Route
	cases := []struct {
		labels map[string]string
		want   string
	}{
		{map[string]string{"severity": "critical"}, "pd"},
		{map[string]string{"severity": "warning"}, "mail"},
		{map[string]string{"severity": "warning", "team": "db"}, "mail"},
	}
	for _, c := range cases {
		if got := root.Match(c.labels); !slices.Equal(got, []string{c.want}) {
			t.Errorf("Match(%v) = %v, want %s", c.labels, got, c.want)
		}
	}
	bad := strings.Replace(policies, "receiver: pd\n", "receiver: pager\n", 1)
	bad = strings.Replace(bad, `[severity, "=", critical]`, `[severity, "~", critical]`, 1)
	f, err = Parse([]byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	err = f.Validate()
	for _, want := range []string{`receiver "pager" is not a provisioned contact point`, `object matcher ["severity" "~" "critical"]`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want %q", err, want)
		}
	}
}
