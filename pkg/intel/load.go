package intel

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// jsonIndicator is one element of the JSON list LoadJSON reads.
type jsonIndicator struct {
	Indicator  string   `json:"indicator"`
	Kind       Kind     `json:"kind"`
	Confidence *int     `json:"confidence"`
	Actor      string   `json:"actor"`
	Labels     []string `json:"labels"`
}

// LoadJSON reads a list of {"indicator", "kind", "confidence", "actor", "labels"}
// objects. kind may be left out (it is inferred), confidence may not; other
// fields are ignored, so richer exports load as they are.
func LoadJSON(_ context.Context, r io.Reader) (*Static, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading the JSON: %w", err)
	}
	var list []jsonIndicator
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, jsonError(raw, err)
	}
	inds := make([]Indicator, len(list))
	for i, j := range list {
		if j.Confidence == nil {
			return nil, fmt.Errorf("entry %d (%s): confidence is missing: give 0 to 100", i+1, j.Indicator)
		}
		inds[i] = Indicator{Value: j.Indicator, Kind: j.Kind, Confidence: *j.Confidence, Actor: j.Actor, Labels: j.Labels}
	}
	return build(inds, func(i int) string { return fmt.Sprintf("entry %d", i+1) })
}

// jsonError places a decoding error on its line when the decoder says where.
func jsonError(raw []byte, err error) error {
	var (
		syntax *json.SyntaxError
		typ    *json.UnmarshalTypeError
		offset int64
	)
	switch {
	case errors.As(err, &syntax):
		offset = syntax.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
	default:
		return fmt.Errorf("the feed is not a JSON list of indicators: %w", err)
	}
	line := 1 + bytes.Count(raw[:min(int(offset), len(raw))], []byte("\n"))
	return &LineError{Line: line, Err: fmt.Errorf("the feed is not a JSON list of indicators: %w", err)}
}

// LoadCSV reads indicator,kind,confidence,actor,labels records, labels separated
// by '|'. A header line, '#' comments and blank lines are ignored; kind may be
// empty (it is inferred), actor and labels may be left out. Reading stops with
// ctx's error when ctx ends.
func LoadCSV(ctx context.Context, r io.Reader) (*Static, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord, cr.Comment, cr.TrimLeadingSpace = -1, '#', true
	var (
		inds  []Indicator
		lines []int
	)
	for n := 0; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading the CSV: %w", err) // csv.ParseError names the line
		}
		if n%checkEvery == 0 && ctx.Err() != nil {
			return nil, fmt.Errorf("reading the CSV: %w", ctx.Err())
		}
		line, _ := cr.FieldPos(0)
		if n == 0 && strings.EqualFold(strings.TrimSpace(rec[0]), "indicator") {
			continue
		}
		ind, err := parseRecord(rec)
		if err != nil {
			return nil, &LineError{Line: line, Err: err}
		}
		inds, lines = append(inds, ind), append(lines, line)
	}
	return build(inds, func(i int) string { return fmt.Sprintf("line %d", lines[i]) })
}

func parseRecord(rec []string) (Indicator, error) {
	if len(rec) < 3 || len(rec) > 5 {
		return Indicator{}, fmt.Errorf("want indicator,kind,confidence[,actor[,labels]], got %d field(s)", len(rec))
	}
	rec = append(rec, "", "")[:5]
	conf, err := ParseConfidence(rec[2])
	if err != nil {
		return Indicator{}, err
	}
	var labels []string
	if strings.TrimSpace(rec[4]) != "" {
		labels = strings.Split(rec[4], "|")
	}
	return normalize(Indicator{Value: rec[0], Kind: Kind(strings.ToLower(strings.TrimSpace(rec[1]))),
		Confidence: conf, Actor: rec[3], Labels: labels})
}

// LoadFile loads a feed from a .json or .csv file.
func LoadFile(ctx context.Context, path string) (*Static, error) {
	load := map[string]func(context.Context, io.Reader) (*Static, error){".json": LoadJSON, ".csv": LoadCSV}[strings.ToLower(filepath.Ext(path))]
	if load == nil {
		return nil, fmt.Errorf("threat-intel feed %s: use a .json or .csv file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening the threat-intel feed: %w", err)
	}
	defer f.Close()
	s, err := load(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("threat-intel feed %s: %w", path, err)
	}
	return s, nil
}
