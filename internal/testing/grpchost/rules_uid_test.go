package grpchost_test

import (
	"context"
	"strings"
	"testing"

	"github.com/exotrace/messagetrace-datasource/internal/testing/alerteval"
)

// TestShippedRulesNameTheirDataSourceByVariable: every data-source query of the
// shipped rules takes its uid from EXOTRACE_RULES_DATASOURCE_UID, and the
// harness refuses the rules when they are expanded for another data source.
func TestShippedRulesNameTheirDataSourceByVariable(t *testing.T) {
	raw, err := alerteval.Load(rulesFile)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range raw.Rules() {
		for _, q := range r.Data {
			if !q.IsExpression() {
				n++
				if q.DatasourceUID != "${EXOTRACE_RULES_DATASOURCE_UID}" {
					t.Errorf("rule %s query %s names %q, want the variable", r.UID, q.RefID, q.DatasourceUID)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no data-source query found")
	}
	other, err := alerteval.LoadEnv(rulesFile, func(string) (string, bool) { return "someone-else", true })
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range other.Rules() {
		o := alerteval.Evaluate(context.Background(), alertEnv(), r, anchor, nil)
		if o.Err == nil || !strings.Contains(o.Err.Error(), `is not for the data source under test (uid "exotrace-demo")`) {
			t.Errorf("rule %s for another data source: %v", r.UID, o.Err)
		}
	}
	if _, err := alerteval.LoadEnv(rulesFile, func(string) (string, bool) { return "", false }); err == nil ||
		!strings.Contains(err.Error(), "environment variable EXOTRACE_RULES_DATASOURCE_UID is not set") {
		t.Errorf("unset variable: %v", err)
	}
}
