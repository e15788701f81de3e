package alerteval

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// envRef is a Grafana provisioning variable: $NAME or ${NAME}.
var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

// LoadEnv is Load with the datasourceUid of every query expanded from the
// environment, as Grafana's file provisioning expands it. lookup is
// os.LookupEnv in production; nil means os.LookupEnv.
func LoadEnv(path string, lookup func(string) (string, bool)) (File, error) {
	f, err := Load(path)
	if err != nil {
		return File{}, err
	}
	if err := f.ExpandDatasourceUIDs(lookup); err != nil {
		return File{}, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// ExpandDatasourceUIDs replaces $NAME and ${NAME} in every query's
// datasourceUid. An unset variable is an error naming it: Grafana would
// substitute an empty string and the rule would point at no data source.
func (f *File) ExpandDatasourceUIDs(lookup func(string) (string, bool)) error {
	if lookup == nil {
		lookup = os.LookupEnv
	}
	var errs []error
	for gi := range f.Groups {
		for ri := range f.Groups[gi].Rules {
			r := &f.Groups[gi].Rules[ri]
			for qi := range r.Data {
				q := &r.Data[qi]
				expand := func(s string) string {
					return envRef.ReplaceAllStringFunc(s, func(m string) string {
						name := strings.Trim(m, "${}")
						v, ok := lookup(name)
						if !ok || v == "" {
							errs = append(errs, fmt.Errorf("rule %s query %s: environment variable %s is not set: set it to the uid of the Exchange Message Trace data source", r.UID, q.RefID, name))
						}
						return v
					})
				}
				q.DatasourceUID = expand(q.DatasourceUID)
				if ds, ok := q.Model["datasource"].(map[string]any); ok {
					if uid, ok := ds["uid"].(string); ok {
						ds["uid"] = expand(uid) // the model is expanded too (a JSON value)
					}
				}
			}
		}
	}
	return errors.Join(errs...)
}

// CheckDatasource refuses a rule with a data-source query that does not name
// uid: evaluating it against the data source under test would prove nothing
// about the data source Grafana will query.
func (r Rule) CheckDatasource(uid string) error {
	var bad []string
	for _, q := range r.Data {
		if q.IsExpression() {
			continue
		}
		if q.DatasourceUID != uid {
			bad = append(bad, fmt.Sprintf("%s names %q", q.RefID, q.DatasourceUID))
		} else if ds, ok := q.Model["datasource"].(map[string]any); ok && ds["uid"] != nil && ds["uid"] != uid {
			bad = append(bad, fmt.Sprintf("%s's model names %q", q.RefID, ds["uid"]))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("rule %s is not for the data source under test (uid %q): query %s", r.UID, uid, strings.Join(bad, ", query "))
	}
	return nil
}

// underTest is the uid of the data source an Env evaluates against, "" when
// the plugin context names none.
func (env Env) underTest() string {
	if s := env.PluginContext.DataSourceInstanceSettings; s != nil {
		return s.UID
	}
	return ""
}
