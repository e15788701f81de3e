package layout

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// rule says which of the module's packages pkg may import (non-test imports).
// Paths are relative to the module; a path ending in "/..." matches the
// package and everything below it. Dependencies point one way: the binary →
// plugin → query → {columns → subject} → table → trace, with the Graph
// client, store, demo tenant, geo and intel beside them. Nothing imports
// plugin but the binary, and no product package imports the test tree.
type rule struct {
	pkg string
	may []string
}

var rules = []rule{
	{"pkg", []string{"pkg/plugin"}}, // the plugin binary
	{"pkg/plugin", []string{"pkg/query", "pkg/columns", "pkg/store", "pkg/archive", "pkg/memstat", "pkg/graph", "pkg/demo",
		"pkg/geo", "pkg/asn", "pkg/intel", "pkg/intel/...", "pkg/watchlist", "pkg/profile", "pkg/lang", "pkg/subject", "pkg/table", "pkg/trace"}},
	{"pkg/query", []string{"pkg/columns", "pkg/subject", "pkg/geo", "pkg/asn", "pkg/intel", "pkg/kinds", "pkg/table", "pkg/trace"}},
	{"pkg/columns", []string{"pkg/subject", "pkg/geo", "pkg/asn", "pkg/intel", "pkg/table", "pkg/trace"}},
	{"pkg/subject", nil},
	{"pkg/store", []string{"pkg/archive", "pkg/table", "pkg/trace"}},
	{"pkg/archive", []string{"pkg/table", "pkg/trace"}},
	{"pkg/memstat", nil},
	{"pkg/graph", []string{"pkg/trace"}},
	{"pkg/demo", []string{"pkg/trace"}},
	{"pkg/table", []string{"pkg/trace"}},
	{"pkg/trace", nil},
	{"pkg/geo", []string{"pkg/iprange"}},
	{"pkg/asn", []string{"pkg/geo", "pkg/iprange"}},
	{"pkg/iprange", nil},
	{"pkg/lang", nil},
	{"pkg/kinds", nil},
	{"pkg/profile", []string{"pkg/lang"}},
	{"pkg/intel", nil},
	{"pkg/intel/feedhttp", nil},
	{"pkg/intel/...", []string{"pkg/intel", "pkg/intel/feedhttp"}}, // one package per provider
	{"pkg/watchlist", []string{"pkg/intel", "pkg/intel/list", "pkg/intel/refresh"}},
	// The test tree may use the product's lower packages, never the SDK wiring.
	{"internal/testing/...", []string{"pkg/query", "pkg/columns", "pkg/subject", "pkg/store", "pkg/graph", "pkg/demo",
		"pkg/geo", "pkg/asn", "pkg/iprange", "pkg/intel", "pkg/intel/...", "pkg/watchlist", "pkg/archive", "pkg/memstat", "pkg/profile", "pkg/lang",
		"pkg/table", "pkg/trace", "internal/testing/..."}},
	{"scripts/...", nil}, // build and release tools stand alone
}

// listed is one package as `go list` reports it.
type listed struct {
	ImportPath string
	Imports    []string
}

// matches reports whether path is pattern or, for "x/...", x or below it.
func matches(pattern, path string) bool {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == base || strings.HasPrefix(path, base+"/")
	}
	return path == pattern
}

// ruleFor returns the most specific rule for pkg: an exact one before a "/..." one.
func ruleFor(pkg string, rules []rule) (rule, bool) {
	for _, exact := range []bool{true, false} {
		for _, r := range rules {
			if strings.HasSuffix(r.pkg, "/...") != exact && matches(r.pkg, pkg) {
				return r, true
			}
		}
	}
	return rule{}, false
}

// violations lists every import of the module's own packages that no rule
// allows, and every package without a rule. module is the module path.
func violations(module string, pkgs []listed, rules []rule) []string {
	var out []string
	for _, p := range pkgs {
		from := relative(module, p.ImportPath)
		r, ok := ruleFor(from, rules)
		if !ok {
			out = append(out, fmt.Sprintf("%s has no rule: add it to rules (layout_test.go) and to docs/architecture.md", from))
			continue
		}
		for _, imp := range p.Imports {
			to := relative(module, imp)
			if to == imp { // outside the module: the standard library, the SDK …
				continue
			}
			if !slices.ContainsFunc(r.may, func(m string) bool { return matches(m, to) }) {
				out = append(out, fmt.Sprintf("%s imports %s: the rule for %s allows %v", from, to, r.pkg, r.may))
			}
		}
	}
	return out
}

func relative(module, path string) string {
	if path == module {
		return "."
	}
	if rest, ok := strings.CutPrefix(path, module+"/"); ok {
		return rest
	}
	return path
}

func TestViolations(t *testing.T) {
	const mod = "example.test/m"
	p := func(path string, imports ...string) listed {
		full := make([]string, len(imports))
		for i, imp := range imports {
			full[i] = imp
			if !strings.Contains(imp, ".") || strings.HasPrefix(imp, "pkg") || strings.HasPrefix(imp, "internal") {
				full[i] = mod + "/" + imp
			}
			if !strings.Contains(imp, "/") { // standard library
				full[i] = imp
			}
		}
		return listed{ImportPath: mod + "/" + path, Imports: full}
	}
	tests := []struct {
		name string
		pkgs []listed
		want []string // one substring per violation
	}{
		{"the layout as built", []listed{
			p("pkg", "pkg/plugin"), p("pkg/plugin", "pkg/query", "pkg/store", "context"),
			p("pkg/query", "pkg/columns", "pkg/subject", "github.com/grafana/grafana-plugin-sdk-go/data"),
			p("pkg/columns", "pkg/subject", "pkg/table"), p("pkg/subject", "strings"), p("pkg/table", "pkg/trace"),
			p("internal/testing/grpchost"), p("internal/testing/alerteval", "pkg/trace"),
		}, nil},
		{"subject imports columns", []listed{p("pkg/subject", "pkg/columns")}, []string{"pkg/subject imports pkg/columns"}},
		{"columns imports query", []listed{p("pkg/columns", "pkg/query")}, []string{"pkg/columns imports pkg/query"}},
		{"query imports plugin", []listed{p("pkg/query", "pkg/plugin", "pkg/columns")}, []string{"pkg/query imports pkg/plugin"}},
		{"the test tree imports plugin", []listed{p("internal/testing/grpchost", "pkg/plugin")}, []string{"internal/testing/grpchost imports pkg/plugin"}},
		{"a product package imports the test tree", []listed{p("pkg/store", "internal/testing/alerteval", "pkg/table")},
			[]string{"pkg/store imports internal/testing/alerteval"}},
		{"a package without a rule", []listed{p("pkg/newthing", "pkg/trace")}, []string{"pkg/newthing has no rule"}},
		{"two at once", []listed{p("pkg/trace", "pkg/table"), p("pkg/table", "pkg/store")},
			[]string{"pkg/trace imports pkg/table", "pkg/table imports pkg/store"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := violations(mod, tt.pkgs, rules)
			if len(got) != len(tt.want) {
				t.Fatalf("violations = %q, want %d matching %q", got, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("violation %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

// TestImportDirection reads the module's Go packages with go list (node_modules
// holds a stray Go file of an npm package: it is not ours) and fails on any
// import the rules do not allow.
func TestImportDirection(t *testing.T) {
	root := moduleRoot(t)
	module := strings.TrimSpace(goList(t, root, "list", "-m"))
	out := goList(t, root, "list", "-e", "-json=ImportPath,Imports", "./pkg/...", "./internal/...", "./scripts/...")
	var pkgs []listed
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var p listed
		err := dec.Decode(&p)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("decoding go list: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 || !slices.ContainsFunc(pkgs, func(p listed) bool { return p.ImportPath == module+"/pkg/query" }) {
		t.Fatalf("go list found %d packages, without pkg/query: the check would check nothing", len(pkgs))
	}
	for _, v := range violations(module, pkgs, rules) {
		t.Error(v)
	}
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	gomod := strings.TrimSpace(goList(t, ".", "env", "GOMOD"))
	if gomod == "" || gomod == "/dev/null" {
		t.Fatal("not inside the module")
	}
	return filepath.Dir(gomod)
}

func goList(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}
