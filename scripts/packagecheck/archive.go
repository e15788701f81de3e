package main

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

type pluginJSON struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	Name       string `json:"name"`
	Backend    bool   `json:"backend"`
	Alerting   bool   `json:"alerting"`
	Executable string `json:"executable"`
	Info       struct {
		Description string   `json:"description"`
		Keywords    []string `json:"keywords"`
		Version     string   `json:"version"`
		Logos       struct {
			Small string `json:"small"`
			Large string `json:"large"`
		} `json:"logos"`
		Screenshots []struct {
			Path string `json:"path"`
		} `json:"screenshots"`
	} `json:"info"`
	Dependencies struct {
		GrafanaDependency string `json:"grafanaDependency"`
	} `json:"dependencies"`
}

func readPluginJSON(path string) (pluginJSON, error) {
	var p pluginJSON
	b, err := os.ReadFile(path)
	if err != nil {
		return p, fmt.Errorf("reading plugin.json (build the frontend first): %w", err)
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return p, fmt.Errorf("plugin.json is not valid JSON: %w", err)
	}
	return p, nil
}

// archive is the opened zip: its single root folder and files relative to it.
type archive struct {
	roots map[string]bool
	files map[string]*zip.File
	meta  pluginJSON
}

func openArchive(path string) (*archive, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	a := &archive{roots: map[string]bool{}, files: map[string]*zip.File{}}
	for _, f := range zr.File {
		root, rel, _ := strings.Cut(f.Name, "/")
		a.roots[root] = true
		a.files[rel] = f
	}
	if f := a.files["plugin.json"]; f != nil {
		b, err := a.read("plugin.json")
		if err == nil {
			_ = json.Unmarshal(b, &a.meta)
		}
	}
	return a, nil
}

func (a *archive) read(rel string) ([]byte, error) {
	f := a.files[rel]
	if f == nil {
		return nil, fmt.Errorf("%s is missing from the archive", rel)
	}
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}
