package provisioning_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// folderStore models Grafana's folders of one organisation: uids are unique, and
// since Grafana 11 so are titles under one parent (a second "Exchange Message
// Trace" at the root is refused).
type folderStore struct {
	byUID map[string]string // uid → title
	next  int
}

var errDuplicateTitle = errors.New("a folder with the same name already exists in the current location")

func (s *folderStore) byTitle(title string) (string, bool) {
	for uid, t := range s.byUID {
		if t == title {
			return uid, true
		}
	}
	return "", false
}

// create makes a folder; an empty uid gets a generated one, as Grafana does.
func (s *folderStore) create(uid, title string) (string, error) {
	if _, ok := s.byTitle(title); ok {
		return "", fmt.Errorf("creating %q: %w", title, errDuplicateTitle)
	}
	if uid == "" {
		s.next++
		uid = fmt.Sprintf("generated-%d", s.next)
	}
	if _, ok := s.byUID[uid]; ok {
		return "", fmt.Errorf("folder uid %q exists", uid)
	}
	s.byUID[uid] = title
	return uid, nil
}

type ruleFile struct {
	Groups []struct {
		OrgID  int64  `yaml:"orgId"`
		Name   string `yaml:"name"`
		Folder string `yaml:"folder"`
		Rules  []struct {
			UID string `yaml:"uid"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

type provider struct {
	Name      string `yaml:"name"`
	Folder    string `yaml:"folder"`
	FolderUID string `yaml:"folderUid"`
	Type      string `yaml:"type"`
	Options   struct {
		Path string `yaml:"path"`
	} `yaml:"options"`
}

type providerFile struct {
	Providers []provider `yaml:"providers"`
}

type datasourceFile struct {
	Datasources []struct {
		UID string `yaml:"uid"`
	} `yaml:"datasources"`
}

// startup is what a Grafana start leaves behind: folders, and the folder uid of
// every provisioned rule and dashboard.
type startup struct {
	rules, dashboards map[string]string // rule uid / dashboard file → folder uid
}

// provision applies the files in Grafana's order: RunInitProvisioners handles
// data sources, plugins and alerting (rule groups find or create their folder by
// title: the files have no folder uid); dashboards follow in Run, where a provider
// with folderUid looks its folder up by uid and creates it with that uid, and one
// without looks it up by title.
func provision(t *testing.T, store *folderStore, providers []provider) (startup, error) {
	t.Helper()
	got := startup{rules: map[string]string{}, dashboards: map[string]string{}}
	datasources := map[string]bool{}
	for _, f := range readYAMLs[datasourceFile](t, "../../../provisioning/datasources") {
		for _, d := range f.Datasources {
			datasources[d.UID] = true
		}
	}
	if !datasources["exotrace-demo"] {
		t.Fatal("the demo data source the rules use is not provisioned")
	}
	for _, f := range readYAMLs[ruleFile](t, "../../../provisioning/alerting") {
		for _, g := range f.Groups {
			uid, ok := store.byTitle(g.Folder)
			if !ok {
				var err error
				if uid, err = store.create("", g.Folder); err != nil {
					return got, fmt.Errorf("alerting group %s: %w", g.Name, err)
				}
			}
			for _, r := range g.Rules {
				got.rules[r.UID] = uid
			}
		}
	}
	for _, p := range providers {
		uid, err := providerFolder(store, p)
		if err != nil {
			return got, fmt.Errorf("dashboard provider %s: %w", p.Name, err)
		}
		for _, file := range dashboardFiles(t, p.Options.Path) {
			got.dashboards[file] = uid
		}
	}
	return got, nil
}

func providerFolder(store *folderStore, p provider) (string, error) {
	if p.FolderUID != "" {
		if _, ok := store.byUID[p.FolderUID]; ok {
			return p.FolderUID, nil
		}
		return store.create(p.FolderUID, p.Folder)
	}
	if uid, ok := store.byTitle(p.Folder); ok {
		return uid, nil
	}
	return store.create("", p.Folder)
}

// dashboardFiles maps a provider's path in the image to the repository folder the
// Dockerfile copies there.
func dashboardFiles(t *testing.T, imagePath string) []string {
	t.Helper()
	raw, err := os.ReadFile("../../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		f := strings.Fields(line)
		if len(f) == 3 && f[0] == "COPY" && f[2] == imagePath {
			files, err := filepath.Glob(filepath.Join("../../..", f[1], "*.json"))
			if err != nil || len(files) == 0 {
				t.Fatalf("no dashboards in %s: %v", f[1], err)
			}
			return files
		}
	}
	t.Fatalf("the Dockerfile copies nothing to the provider path %s", imagePath)
	return nil
}

func readYAMLs[T any](t *testing.T, dir string) []T {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no provisioning files in %s: %v", dir, err)
	}
	out := make([]T, 0, len(files))
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var v T
		if err := yaml.Unmarshal(raw, &v); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out = append(out, v)
	}
	return out
}

func shippedProviders(t *testing.T) []provider {
	t.Helper()
	var out []provider
	for _, f := range readYAMLs[providerFile](t, "../../../provisioning/dashboards") {
		out = append(out, f.Providers...)
	}
	return out
}

// TestOneFolderForRulesAndDashboards starts Grafana twice on the shipped files:
// the rules and the dashboards end up in one folder, the same one after a restart.
func TestOneFolderForRulesAndDashboards(t *testing.T) {
	store := &folderStore{byUID: map[string]string{}}
	first, err := provision(t, store, shippedProviders(t))
	if err != nil {
		t.Fatalf("first start: %v", err)
	}
	if len(store.byUID) != 1 {
		t.Fatalf("first start made %d folders (%v), want 1", len(store.byUID), store.byUID)
	}
	var folder string
	for uid := range store.byUID {
		folder = uid
	}
	if len(first.rules) == 0 || len(first.dashboards) < 3 {
		t.Fatalf("provisioned %d rules and %d dashboards", len(first.rules), len(first.dashboards))
	}
	for what, m := range map[string]map[string]string{"rule": first.rules, "dashboard": first.dashboards} {
		for k, uid := range m {
			if uid != folder {
				t.Errorf("%s %s is in folder %s, the others in %s", what, k, uid, folder)
			}
		}
	}
	second, err := provision(t, store, shippedProviders(t))
	if err != nil {
		t.Fatalf("restart: %v", err)
	}
	if len(store.byUID) != 1 || second.dashboards[first.anyDashboard()] != folder {
		t.Errorf("restart changed the folders: %v", store.byUID)
	}
}

func (s startup) anyDashboard() string {
	for k := range s.dashboards {
		return k
	}
	return ""
}

// TestFolderUIDProviderRaces shows the model catches the defect this layout avoids:
// a provider with a folderUid finds the alerting folder's generated uid instead.
func TestFolderUIDProviderRaces(t *testing.T) {
	providers := shippedProviders(t)
	providers[0].FolderUID = "exotrace"
	_, err := provision(t, &folderStore{byUID: map[string]string{}}, providers)
	if !errors.Is(err, errDuplicateTitle) {
		t.Fatalf("a provider with folderUid after alerting: got %v, want the duplicate-title refusal", err)
	}
}
