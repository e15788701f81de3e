package grpchost_test

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/exotrace/messagetrace-datasource/internal/testing/alerteval"
)

// createdRulesFile holds the provisioning-API bodies the config page's "Create alert rules"
// sends for two data sources (written by src/alerting/createRules.test.ts from
// src/alerting/rules.gen.json).
const createdRulesFile = "../../../src/alerting/__fixtures__/created-rules.json"

type createdRules struct {
	DatasourceUID string           `json:"datasourceUid"`
	FolderUID     string           `json:"folderUid"`
	Group         string           `json:"group"`
	Interval      int              `json:"interval"`
	ContactPoint  string           `json:"contactPoint"`
	Rules         []map[string]any `json:"rules"`
}

// asProvisioningFile turns API bodies into a provisioning file, so they are parsed (strictly:
// an unknown key fails) and checked by the same code as provisioning/alerting/rules.yaml. Keys
// that exist only in the API are checked here and removed.
func asProvisioningFile(t *testing.T, c createdRules) alerteval.File {
	t.Helper()
	var rules []map[string]any
	for _, body := range c.Rules {
		r := maps.Clone(body)
		if r["folderUID"] != c.FolderUID || r["ruleGroup"] != c.Group || r["orgID"] != 1.0 {
			t.Errorf("rule %v: folderUID %v, ruleGroup %v, orgID %v", r["uid"], r["folderUID"], r["ruleGroup"], r["orgID"])
		}
		ns, _ := r["notification_settings"].(map[string]any)
		if ns["receiver"] != c.ContactPoint {
			t.Errorf("rule %v: notification_settings %v, want receiver %q", r["uid"], ns, c.ContactPoint)
		}
		delete(r, "folderUID")
		delete(r, "ruleGroup")
		delete(r, "orgID")
		delete(r, "notification_settings")
		if v, ok := r["keep_firing_for"]; ok {
			r["keepFiringFor"] = v
			delete(r, "keep_firing_for")
		}
		// The API links a panel by annotations; the file has keys for it.
		ann, _ := r["annotations"].(map[string]any)
		if d, ok := ann["__dashboardUid__"]; ok {
			r["dashboardUid"] = d
			p, err := strconv.Atoi(ann["__panelId__"].(string))
			if err != nil {
				t.Fatalf("rule %v: __panelId__: %v", r["uid"], err)
			}
			r["panelId"] = p
			ann = maps.Clone(ann)
			delete(ann, "__dashboardUid__")
			delete(ann, "__panelId__")
			r["annotations"] = ann
		}
		rules = append(rules, r)
	}
	file := map[string]any{"apiVersion": 1, "groups": []any{map[string]any{
		"orgId": 1, "name": c.Group, "folder": c.FolderUID, "interval": strconv.Itoa(c.Interval) + "s", "rules": rules,
	}}}
	raw, err := json.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	f, err := alerteval.Parse(raw) // JSON is YAML
	if err != nil {
		t.Fatalf("created rules for %s: %v", c.DatasourceUID, err)
	}
	return f
}

func loadCreatedRules(t *testing.T) []createdRules {
	t.Helper()
	raw, err := os.ReadFile(createdRulesFile)
	if err != nil {
		t.Fatal(err)
	}
	var sets []createdRules
	if err := json.Unmarshal(raw, &sets); err != nil {
		t.Fatal(err)
	}
	if len(sets) != 2 || sets[0].DatasourceUID != "exotrace-demo" {
		t.Fatalf("%s: want the rules for exotrace-demo and one other data source, got %d sets", createdRulesFile, len(sets))
	}
	return sets
}

// TestCreatedRulesPassTheProvisionedRulesChecks: the rules the config page creates load and
// validate like the provisioned ones, route to the contact points, link to shipped panels,
// name only their own data source (the harness refuses them for any other), and are the
// provisioned rules themselves for that data source, so TestShippedAlertRules covers what
// they detect.
func TestCreatedRulesPassTheProvisionedRulesChecks(t *testing.T) {
	cps, err := alerteval.Load(contactPointsFile)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, cp := range cps.ContactPoints {
		names = append(names, cp.Name)
	}
	provisioned := map[string]alerteval.Rule{}
	for _, r := range loadRules(t).Rules() {
		provisioned[r.UID] = r
	}
	sets := loadCreatedRules(t)
	for _, set := range sets {
		t.Run(set.DatasourceUID, func(t *testing.T) {
			if !slices.Contains(names, set.ContactPoint) {
				t.Errorf("contact point %q is not provisioned (%v)", set.ContactPoint, names)
			}
			f := asProvisioningFile(t, set)
			if err := f.Validate(names...); err != nil {
				t.Fatal(err)
			}
			rules := f.Rules()
			if len(rules) != len(provisioned) {
				t.Fatalf("%d rules created, %d provisioned", len(rules), len(provisioned))
			}
			checkPanelLinks(t, rules)
			for _, r := range rules {
				if err := r.CheckDatasource(set.DatasourceUID); err != nil {
					t.Error(err)
				}
				// The created uid is the template's uid and "-" and a hash of the data source's uid.
				p, ok := provisioned[r.UID[:max(strings.LastIndex(r.UID, "-"), 0)]]
				if !ok {
					t.Errorf("created rule %s has no provisioned rule", r.UID)
					continue
				}
				checkSameRule(t, r, p, set.DatasourceUID)
			}
		})
	}
	// Evaluated against the demo data source as Grafana would: the demo's set evaluates
	// without error, the other's is refused by the uid check.
	for _, r := range asProvisioningFile(t, sets[0]).Rules() {
		if o := alerteval.Evaluate(context.Background(), alertEnv(), r, anchor, nil); o.Err != nil {
			t.Errorf("rule %s for exotrace-demo: %v", r.UID, o.Err)
		}
	}
	for _, r := range asProvisioningFile(t, sets[1]).Rules() {
		o := alerteval.Evaluate(context.Background(), alertEnv(), r, anchor, nil)
		if o.Err == nil || !strings.Contains(o.Err.Error(), `is not for the data source under test (uid "exotrace-demo")`) {
			t.Errorf("rule %s for %s against exotrace-demo: %v", r.UID, sets[1].DatasourceUID, o.Err)
		}
	}
}

// checkSameRule: a created rule is the provisioned rule (for the demo uid) with its own uid and
// data-source uid.
func checkSameRule(t *testing.T, got, want alerteval.Rule, uid string) {
	t.Helper()
	if uid != "exotrace-demo" {
		raw, _ := json.Marshal(want.Data)
		var data []alerteval.Query
		_ = json.Unmarshal([]byte(strings.ReplaceAll(string(raw), `"exotrace-demo"`, strconv.Quote(uid))), &data)
		want.Data = data
	}
	want.UID = got.UID
	if !reflect.DeepEqual(normalize(t, got), normalize(t, want)) {
		t.Errorf("created rule %s differs from provisioned %s:\n got %+v\nwant %+v", got.UID, want.Title, got, want)
	}
}

// normalize compares models as JSON: YAML and JSON decode numbers to different Go types.
func normalize(t *testing.T, r alerteval.Rule) string {
	t.Helper()
	raw, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}
