// Command packagecheck zips dist/ the way Grafana's catalogue expects and checks the
// archive against the plugin validator's offline rules (archive layout, metadata,
// backend binaries and permissions, Go build manifest, logos, docs, licence). It
// stands in for plugincheck2 where that cannot be installed, and runs beside it
// where it can.
package main

import (
	"archive/zip"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	dist := flag.String("dist", "dist", "built plugin directory")
	out := flag.String("out", "", "zip to write (default build/<id>-<version>.zip)")
	root := flag.String("root", ".", "repository root (go.mod, package.json, Go sources)")
	flag.Parse()
	meta, err := readPluginJSON(filepath.Join(*dist, "plugin.json"))
	if err != nil {
		fail(err)
	}
	if *out == "" {
		*out = filepath.Join("build", fmt.Sprintf("%s-%s.zip", meta.ID, meta.Info.Version))
	}
	if err := writeZip(*dist, meta.ID, *out); err != nil {
		fail(err)
	}
	fmt.Println("packaged", *out)
	a, err := openArchive(*out)
	if err != nil {
		fail(err)
	}
	results := runChecks(a, *root)
	passed, failed := 0, 0
	for _, r := range results {
		if r.err != nil {
			failed++
			fmt.Printf("FAIL %-28s %v\n", r.name, r.err)
		} else {
			passed++
			fmt.Printf("ok   %s\n", r.name)
		}
	}
	fmt.Printf("validator: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		os.Exit(1)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "packagecheck:", err)
	os.Exit(2)
}

// writeZip puts every file of dist under one root folder named after the plugin id,
// keeping executables at 0755 (artifact copies often drop the bit).
func writeZip(dist, id, out string) error {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	err = filepath.WalkDir(dist, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dist, path)
		return addFile(zw, path, id+"/"+filepath.ToSlash(rel))
	})
	if err != nil {
		return err
	}
	return zw.Close()
}

func addFile(zw *zip.Writer, path, name string) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	h, err := zip.FileInfoHeader(info)
	if err != nil {
		return err
	}
	h.Name, h.Method = name, zip.Deflate
	if strings.HasPrefix(filepath.Base(path), "gpx_") {
		h.SetMode(0o755)
	}
	w, err := zw.CreateHeader(h)
	if err != nil {
		return err
	}
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	_, err = io.Copy(w, src)
	return err
}
