package geo

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Database is a country resolver that can say what it is, for health messages.
type Database interface {
	Resolver
	Info() Info
}

// Info describes a loaded database.
type Info struct {
	Source string    // the file path, or the shipped database's name
	Format string    // "CSV" or "MMDB" and the database type
	Built  time.Time // the database's build time; for a CSV, the file's modification time
}

// String is the health message's description: source, format and date.
func (i Info) String() string {
	s := fmt.Sprintf("%s (%s", i.Source, i.Format)
	if !i.Built.IsZero() {
		s += ", built " + i.Built.Format("2006-01-02")
	}
	return s + ")"
}

// mmdbMagic ends every MaxMind DB file's metadata, which sits at the end.
var mmdbMagic = []byte("\xab\xcd\xefMaxMind.com")

// Open loads the database at path, by content: a MaxMind DB (.mmdb), or a
// start_ip,end_ip,country CSV (see LoadCSV); either may be gzip-compressed.
func Open(ctx context.Context, path string) (Database, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening the geo database: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("opening the geo database: %w", err)
	}
	var r io.Reader = f
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("geo database %s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("geo database %s: %w", path, err)
	}
	if bytes.Contains(b[max(0, len(b)-128*1024):], mmdbMagic) {
		return OpenMMDB(b, path)
	}
	t, err := LoadCSV(ctx, bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("geo database %s: %w", path, err)
	}
	t.info = Info{Source: path, Format: "CSV", Built: st.ModTime().UTC()}
	return t, nil
}

// Info implements Database.
func (t *Table) Info() Info { return t.info }
