package geo

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strings"
)

// checkEvery is how many records are read between looks at the context.
const checkEvery = 4096

// LineError is a problem at one line of an input file.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

func (e *LineError) Unwrap() error { return e.Err }

// LoadCSV reads start_ip,end_ip,country records, the layout of the free
// IP-to-country databases (DB-IP Lite, the ip-location-db project and others):
// IPv4 and IPv6 in any order, addresses in text form, inclusive ends. A header
// line, '#' comments and columns after the third are ignored. Countries "", "-"
// and "ZZ" mark unassigned blocks, which are skipped. Reading stops with ctx's
// error when ctx ends.
func LoadCSV(ctx context.Context, r io.Reader) (*Table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord, cr.Comment, cr.ReuseRecord, cr.TrimLeadingSpace = -1, '#', true, true
	var (
		ranges []Range
		lines  []int
	)
	for n := 0; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if n%checkEvery == 0 && ctx.Err() != nil {
			return nil, fmt.Errorf("reading the CSV: %w", ctx.Err())
		}
		if err != nil {
			return nil, fmt.Errorf("reading the CSV: %w", err) // csv.ParseError names the line
		}
		line, _ := cr.FieldPos(0) // only valid for a record read without error
		rg, skip, err := parseRange(rec, n == 0)
		if err != nil {
			return nil, &LineError{Line: line, Err: err}
		}
		if !skip {
			ranges, lines = append(ranges, rg), append(lines, line)
		}
	}
	if len(ranges) == 0 {
		return nil, errors.New("no country ranges found: expected lines of start_ip,end_ip,country")
	}
	return newTable(ranges, func(i int) string { return fmt.Sprintf("line %d", lines[i]) })
}

// parseRange reads one record. skip is set for a header (first line only) and for
// blocks without a country.
func parseRange(rec []string, first bool) (r Range, skip bool, err error) {
	if len(rec) < 3 {
		return r, false, fmt.Errorf("want start_ip,end_ip,country, got %d field(s)", len(rec))
	}
	from, ferr := netip.ParseAddr(strings.TrimSpace(rec[0]))
	if ferr != nil && first {
		return r, true, nil // a header such as ip_start,ip_end,country
	}
	if ferr != nil {
		return r, false, fmt.Errorf("bad start address %q", rec[0])
	}
	to, err := netip.ParseAddr(strings.TrimSpace(rec[1]))
	if err != nil {
		return r, false, fmt.Errorf("bad end address %q", rec[1])
	}
	c := strings.TrimSpace(rec[2])
	if c == "" || c == "-" || strings.EqualFold(c, "ZZ") {
		return r, true, nil
	}
	r = Range{From: from, To: to, Country: c}
	return r, false, r.check()
}

// LoadFile loads a CSV database (see LoadCSV) from path; a name ending in .gz is
// read through gzip, as the databases are usually shipped.
func LoadFile(ctx context.Context, path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening the geo database: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("geo database %s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	t, err := LoadCSV(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("geo database %s: %w", path, err)
	}
	return t, nil
}
