package intel

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Format is how a list's text is laid out.
type Format string

// Formats.
const (
	FormatLines Format = "lines" // one indicator per line
	FormatCSV   Format = "csv"   // columns picked by a Mapping
	FormatJSON  Format = "json"  // see LoadJSON
)

// Mapping says which CSV column holds what. A column is named by its header
// (case-insensitive) or by its 1-based number; only Indicator is required.
type Mapping struct {
	Indicator  string `json:"indicator"`
	Type       string `json:"type,omitempty"`
	Confidence string `json:"confidence,omitempty"`
	Actor      string `json:"actor,omitempty"`
	Labels     string `json:"labels,omitempty"`
	// LabelSeparator splits the labels cell; default "|".
	LabelSeparator string `json:"labelSeparator,omitempty"`
	// Delimiter separates fields; default ",".
	Delimiter string `json:"delimiter,omitempty"`
}

// ColumnError is a problem in one cell of a CSV list.
type ColumnError struct {
	Line   int
	Column int    // 1-based
	Name   string // the mapping's role: indicator, type, confidence...
	Err    error
}

func (e *ColumnError) Error() string {
	return fmt.Sprintf("line %d, column %d (%s): %v", e.Line, e.Column, e.Name, e.Err)
}

func (e *ColumnError) Unwrap() error { return e.Err }

// ListOptions are the defaults of a list.
type ListOptions struct {
	Format     Format
	Mapping    Mapping
	Confidence int    // for lines without one (lines format, or no confidence column)
	Actor      string // likewise
	Provider   string // set on every indicator
}

// LoadList reads a list in opts.Format.
func LoadList(ctx context.Context, r io.Reader, opts ListOptions) ([]Indicator, error) {
	var (
		inds []Indicator
		err  error
	)
	switch opts.Format {
	case FormatLines, "":
		inds, err = loadLines(ctx, r, opts)
	case FormatCSV:
		inds, err = loadMapped(ctx, r, opts)
	case FormatJSON:
		var s *Static
		if s, err = LoadJSON(ctx, r); err == nil {
			inds = s.All()
		}
	default:
		return nil, fmt.Errorf("list format %q is not known: use lines, csv or json", opts.Format)
	}
	if err != nil {
		return nil, err
	}
	for i := range inds {
		inds[i].Provider = opts.Provider
	}
	return inds, nil
}

// loadLines reads one indicator per line; '#' starts a comment, blank lines
// are skipped, the kind is inferred.
func loadLines(ctx context.Context, r io.Reader, opts ListOptions) ([]Indicator, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	var out []Indicator
	for line := 1; sc.Scan(); line++ {
		if line%checkEvery == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		text, _, _ := strings.Cut(sc.Text(), "#")
		if text = strings.TrimSpace(text); text == "" {
			continue
		}
		ind, err := normalize(Indicator{Value: text, Confidence: opts.Confidence, Actor: opts.Actor})
		if err != nil {
			return nil, &LineError{Line: line, Err: err}
		}
		out = append(out, ind)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the list: %w", err)
	}
	return out, nil
}

// columns resolves a mapping against the header; -1 = not mapped.
type columns struct{ indicator, typ, confidence, actor, labels int }

func (m Mapping) resolve(header []string) (columns, bool, error) {
	byName := map[string]int{}
	for i, h := range header {
		byName[strings.ToLower(strings.TrimSpace(h))] = i
	}
	usedHeader := false
	pick := func(role, spec string) (int, error) {
		spec = strings.TrimSpace(spec)
		if spec == "" {
			return -1, nil
		}
		if n, err := strconv.Atoi(spec); err == nil {
			if n < 1 {
				return 0, fmt.Errorf("mapping: %s column %d: columns count from 1", role, n)
			}
			return n - 1, nil
		}
		if i, ok := byName[strings.ToLower(spec)]; ok {
			usedHeader = true
			return i, nil
		}
		return 0, fmt.Errorf("mapping: %s column %q is not in the header line (%s)", role, spec, strings.Join(header, ","))
	}
	var c columns
	var errs []error
	for _, f := range []struct {
		role, spec string
		dst        *int
	}{{"indicator", m.Indicator, &c.indicator}, {"type", m.Type, &c.typ}, {"confidence", m.Confidence, &c.confidence},
		{"actor", m.Actor, &c.actor}, {"labels", m.Labels, &c.labels}} {
		i, err := pick(f.role, f.spec)
		errs = append(errs, err)
		*f.dst = i
	}
	if c.indicator < 0 && errors.Join(errs...) == nil {
		errs = append(errs, errors.New("mapping: say which column holds the indicator"))
	}
	return c, usedHeader, errors.Join(errs...)
}

// loadMapped reads a CSV whose columns a Mapping picks. With column names the
// first line is the header; with numbers only, a first line whose indicator
// cell is not an indicator is taken as a header too.
func loadMapped(ctx context.Context, r io.Reader, opts ListOptions) ([]Indicator, error) {
	m := opts.Mapping
	cr := csv.NewReader(r)
	cr.FieldsPerRecord, cr.Comment, cr.TrimLeadingSpace = -1, '#', true
	if d := []rune(m.Delimiter); len(d) == 1 {
		cr.Comma = d[0]
	} else if m.Delimiter == `\t` || m.Delimiter == "tab" {
		cr.Comma = '\t'
	}
	sep := m.LabelSeparator
	if sep == "" {
		sep = "|"
	}
	var (
		out  []Indicator
		cols columns
	)
	for n := 0; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading the CSV: %w", err) // csv.ParseError names line and column
		}
		if n%checkEvery == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		line, _ := cr.FieldPos(0)
		if n == 0 {
			c, header, err := m.resolve(rec)
			if err != nil {
				return nil, err
			}
			cols = c
			if header || !looksLikeIndicator(rec, cols.indicator) {
				continue
			}
		}
		ind, err := mappedRecord(rec, cols, opts, sep, line)
		if err != nil {
			return nil, err
		}
		out = append(out, ind)
	}
}

func mappedRecord(rec []string, c columns, opts ListOptions, sep string, line int) (Indicator, error) {
	cell := func(i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	cerr := func(col int, role string, err error) error {
		return &ColumnError{Line: line, Column: col + 1, Name: role, Err: err}
	}
	if c.indicator >= len(rec) {
		return Indicator{}, cerr(c.indicator, "indicator", fmt.Errorf("the line has only %d column(s)", len(rec)))
	}
	ind := Indicator{Value: cell(c.indicator), Confidence: opts.Confidence, Actor: opts.Actor}
	if c.typ >= 0 {
		k, err := parseKind(cell(c.typ), ind.Value)
		if err != nil {
			return ind, cerr(c.typ, "type", err)
		}
		ind.Kind = k
	}
	if c.confidence >= 0 && cell(c.confidence) != "" {
		n, err := ParseConfidence(cell(c.confidence))
		if err != nil {
			return ind, cerr(c.confidence, "confidence", err)
		}
		ind.Confidence = n
	}
	if a := cell(c.actor); a != "" {
		ind.Actor = a
	}
	if l := cell(c.labels); l != "" {
		ind.Labels = strings.Split(l, sep)
	}
	out, err := normalize(ind)
	if err != nil {
		return ind, cerr(c.indicator, "indicator", err)
	}
	return out, nil
}

// parseKind reads a type cell: this package's kinds, or the names feeds use
// (CrowdStrike's, STIX's, MISP's); empty infers it from the value.
func parseKind(s, value string) (Kind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return "", nil
	case "email", "email_address", "email-addr", "email-src", "email-dst", "sender":
		return KindEmail, nil
	case "domain", "domain-name", "domain_name", "hostname":
		return KindDomain, nil
	case "ip", "ip_address", "ipv4", "ipv6", "ipv4-addr", "ipv6-addr", "ip-src", "ip-dst", "cidr":
		if strings.Contains(value, "/") {
			return KindCIDR, nil
		}
		return KindIP, nil
	}
	return "", fmt.Errorf("type %q is not known: use email, domain, ip or cidr", s)
}

func looksLikeIndicator(rec []string, col int) bool {
	if col >= len(rec) {
		return false
	}
	_, err := normalize(Indicator{Value: rec[col]})
	return err == nil && strings.ContainsAny(rec[col], ".:@")
}
