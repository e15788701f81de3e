package alerteval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"go.yaml.in/yaml/v3"
)

// File is one provisioning file under provisioning/alerting. Unknown keys are
// an error here although Grafana ignores them: a misspelt key (keep_firing_for)
// would otherwise be silently dropped.
type File struct {
	APIVersion    int            `yaml:"apiVersion"`
	Groups        []Group        `yaml:"groups"`
	DeleteRules   []OrgUID       `yaml:"deleteRules"`
	ContactPoints []ContactPoint `yaml:"contactPoints"`
	Policies      []Policy       `yaml:"policies"`
	ResetPolicies []int64        `yaml:"resetPolicies"`
}

// OrgUID names a provisioned object to delete.
type OrgUID struct {
	OrgID int64  `yaml:"orgId"`
	UID   string `yaml:"uid"`
}

// Group is a rule group: its rules are evaluated together every Interval.
type Group struct {
	OrgID    int64    `yaml:"orgId"`
	Name     string   `yaml:"name"`
	Folder   string   `yaml:"folder"`
	Interval Duration `yaml:"interval"`
	Rules    []Rule   `yaml:"rules"`
}

// Rule is a Grafana-managed alert rule as provisioned.
type Rule struct {
	UID                         string            `yaml:"uid"`
	Title                       string            `yaml:"title"`
	Condition                   string            `yaml:"condition"`
	Data                        []Query           `yaml:"data"`
	NoDataState                 string            `yaml:"noDataState"`
	ExecErrState                string            `yaml:"execErrState"`
	For                         Duration          `yaml:"for"`
	KeepFiringFor               Duration          `yaml:"keepFiringFor"`
	MissingSeriesEvalsToResolve *int              `yaml:"missing_series_evals_to_resolve"`
	Labels                      map[string]string `yaml:"labels"`
	Annotations                 map[string]string `yaml:"annotations"`
	DashboardUID                string            `yaml:"dashboardUid"`
	PanelID                     int64             `yaml:"panelId"`
	IsPaused                    bool              `yaml:"isPaused"`
}

// Query is one entry of a rule's data: a data-source query or an expression.
type Query struct {
	RefID             string            `yaml:"refId"`
	QueryType         string            `yaml:"queryType"`
	RelativeTimeRange RelativeTimeRange `yaml:"relativeTimeRange"`
	DatasourceUID     string            `yaml:"datasourceUid"`
	Model             map[string]any    `yaml:"model"`
}

// RelativeTimeRange is seconds before the evaluation time.
type RelativeTimeRange struct {
	From int64 `yaml:"from"`
	To   int64 `yaml:"to"`
}

// ExprUID is the datasourceUid of server-side expressions.
const ExprUID = "__expr__"

// IsExpression reports whether the entry is a server-side expression.
func (q Query) IsExpression() bool { return q.DatasourceUID == ExprUID || q.DatasourceUID == "-100" }

// ModelJSON is the model as JSON.
func (q Query) ModelJSON() (json.RawMessage, error) {
	raw, err := json.Marshal(q.Model)
	if err != nil {
		return nil, fmt.Errorf("model of %s: %w", q.RefID, err)
	}
	return raw, nil
}

// Duration reads "1m", "90s", "1h30m" as Grafana's provisioning does.
type Duration time.Duration

// UnmarshalYAML parses a duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*d = Duration(v)
	return nil
}

// Load reads a provisioning file strictly.
func Load(path string) (File, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return File{}, fmt.Errorf("reading %s: %w", path, err)
	}
	return Parse(raw)
}

// Parse decodes provisioning YAML strictly.
func Parse(raw []byte) (File, error) {
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	var f File
	if err := dec.Decode(&f); err != nil {
		return File{}, fmt.Errorf("decoding provisioning YAML: %w", err)
	}
	return f, nil
}

// Rules returns every rule of every group.
func (f File) Rules() []Rule {
	var out []Rule
	for _, g := range f.Groups {
		out = append(out, g.Rules...)
	}
	return out
}

// Lookback is how far back the rule's queries read: the largest
// relativeTimeRange.from of its data-source entries.
func (r Rule) Lookback() time.Duration {
	var from int64
	for _, q := range r.Data {
		if !q.IsExpression() {
			from = max(from, q.RelativeTimeRange.From)
		}
	}
	return time.Duration(from) * time.Second
}

// QueryTypes lists the queryType of each data-source entry.
func (r Rule) QueryTypes() []string {
	var out []string
	for _, q := range r.Data {
		if !q.IsExpression() {
			out = append(out, q.QueryType)
		}
	}
	return out
}
