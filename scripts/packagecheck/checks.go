package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

type result struct {
	name string
	err  error
}

type check struct {
	name string
	run  func(a *archive, root string) error
}

// checks mirror the plugin validator's analyzers that need no network.
var checks = []check{
	{"archive (one root = id)", checkArchive},
	{"metadata", checkMetadata},
	{"typesuffix", func(a *archive, _ string) error {
		return want(strings.HasSuffix(a.meta.ID, "-datasource"), "id must end in -datasource")
	}},
	{"grafanadependency", checkDependency},
	{"discoverability", checkDiscoverability},
	{"backendbinary", checkBackend},
	{"binarypermissions", checkPermissions},
	{"backenddebug", checkNoDebugFiles},
	{"go-manifest", checkManifest},
	{"modulejs", func(a *archive, _ string) error { return present(a, "module.js") }},
	{"logos", checkLogos},
	{"unsafesvg", checkSVG},
	{"screenshots", checkScreenshots},
	{"readme", func(a *archive, _ string) error { return present(a, "README.md") }},
	{"templatereadme", checkNotTemplateReadme},
	{"changelog", func(a *archive, _ string) error { return present(a, "CHANGELOG.md") }},
	{"license (Apache-2.0)", checkLicense},
	{"packagejson version", checkPackageVersion},
}

func runChecks(a *archive, root string) []result {
	out := make([]result, 0, len(checks))
	for _, c := range checks {
		out = append(out, result{c.name, c.run(a, root)})
	}
	return out
}

func want(ok bool, msg string) error {
	if ok {
		return nil
	}
	return errors.New(msg)
}

func present(a *archive, rel string) error {
	return want(a.files[rel] != nil, rel+" is missing from the archive")
}

func checkArchive(a *archive, _ string) error {
	if len(a.roots) != 1 || !a.roots[a.meta.ID] {
		return fmt.Errorf("archive must hold exactly one folder named %q, has %v", a.meta.ID, keys(a.roots))
	}
	return present(a, "plugin.json")
}

func checkMetadata(a *archive, _ string) error {
	m := a.meta
	switch {
	case m.ID == "" || m.Name == "":
		return errors.New("plugin.json needs id and name")
	case m.Type != "datasource":
		return fmt.Errorf("type is %q, want datasource", m.Type)
	case !regexp.MustCompile(`^\d+\.\d+\.\d+`).MatchString(m.Info.Version):
		return fmt.Errorf("info.version %q is not a semantic version (was %%VERSION%% replaced?)", m.Info.Version)
	}
	return nil
}

func checkDependency(a *archive, _ string) error {
	d := a.meta.Dependencies.GrafanaDependency
	return want(regexp.MustCompile(`^>=\d+\.\d+\.\d+`).MatchString(d), fmt.Sprintf("grafanaDependency %q should be a range like >=12.3.0", d))
}

func checkDiscoverability(a *archive, _ string) error {
	return want(a.meta.Info.Description != "" && len(a.meta.Info.Keywords) > 0, "description and keywords must not be empty")
}

func checkBackend(a *archive, _ string) error {
	m := a.meta
	switch {
	case m.Alerting && !m.Backend:
		return errors.New("alerting needs backend: true")
	case m.Backend && m.Executable == "":
		return errors.New("backend: true needs an executable")
	}
	return present(a, m.Executable+"_linux_amd64")
}

func checkPermissions(a *archive, _ string) error {
	n := 0
	for rel, f := range a.files {
		if strings.HasPrefix(filepath.Base(rel), a.meta.Executable+"_") {
			n++
			if f.Mode().Perm() != 0o755 {
				return fmt.Errorf("%s has mode %o, want 755", rel, f.Mode().Perm())
			}
		}
	}
	return want(n > 0, "no backend binaries found")
}

func checkNoDebugFiles(a *archive, _ string) error {
	for _, f := range []string{"standalone.txt", "pid.txt"} {
		if a.files[f] != nil {
			return fmt.Errorf("%s left over from standalone debugging", f)
		}
	}
	return nil
}

// checkManifest verifies dist/go_plugin_build_manifest against the Go sources.
func checkManifest(a *archive, root string) error {
	b, err := a.read("go_plugin_build_manifest")
	if err != nil {
		return err
	}
	listed := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		hash, path, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			return fmt.Errorf("bad manifest line %q", sc.Text())
		}
		src, err := os.ReadFile(filepath.Join(root, path))
		if err != nil {
			return fmt.Errorf("manifest lists %s: %w", path, err)
		}
		sum := sha256.Sum256(src)
		if hex.EncodeToString(sum[:]) != hash {
			return fmt.Errorf("%s changed since the backend was built", path)
		}
		listed[path] = true
	}
	return filepath.WalkDir(filepath.Join(root, "pkg"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		return want(listed[filepath.ToSlash(rel)], rel+" is not in the manifest")
	})
}

func checkLogos(a *archive, _ string) error {
	l := a.meta.Info.Logos
	if l.Small == "" || l.Large == "" {
		return errors.New("info.logos.small and .large are required")
	}
	if err := present(a, l.Small); err != nil {
		return err
	}
	return present(a, l.Large)
}

func checkSVG(a *archive, _ string) error {
	for rel := range a.files {
		if !strings.HasSuffix(rel, ".svg") {
			continue
		}
		b, _ := a.read(rel)
		low := strings.ToLower(string(b))
		if strings.Contains(low, "<script") || strings.Contains(low, "javascript:") || regexp.MustCompile(`\son\w+=`).MatchString(low) {
			return fmt.Errorf("%s contains script", rel)
		}
	}
	return nil
}

func checkScreenshots(a *archive, _ string) error {
	for _, s := range a.meta.Info.Screenshots {
		ext := strings.ToLower(filepath.Ext(s.Path))
		if ext != ".png" && ext != ".jpg" && ext != ".jpeg" && ext != ".gif" && ext != ".svg" {
			return fmt.Errorf("screenshot %s must be png, jpeg, gif or svg", s.Path)
		}
		if err := present(a, s.Path); err != nil {
			return err
		}
	}
	return nil
}

func checkNotTemplateReadme(a *archive, _ string) error {
	b, err := a.read("README.md")
	if err != nil {
		return err
	}
	s := string(b)
	return want(!strings.Contains(s, "This template is a starting point") && !strings.Contains(s, "Grafana data source plugin template"), "README.md is still the create-plugin template")
}

func checkLicense(a *archive, _ string) error {
	b, err := a.read("LICENSE")
	if err != nil {
		return err
	}
	return want(bytes.Contains(b, []byte("Apache License")) && bytes.Contains(b, []byte("Version 2.0")), "LICENSE is not Apache-2.0")
}

func checkPackageVersion(a *archive, root string) error {
	b, err := os.ReadFile(filepath.Join(root, "package.json"))
	if err != nil {
		return err
	}
	var pkg struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		return err
	}
	return want(pkg.Version == a.meta.Info.Version, fmt.Sprintf("package.json version %s != plugin.json %s", pkg.Version, a.meta.Info.Version))
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
