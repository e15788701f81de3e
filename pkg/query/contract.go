package query

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/exotrace/messagetrace-datasource/pkg/kinds"
)

// looseEnums are the enum fields Parse has always read "" in as missing; they
// are dropped before the contract sees them, so saved queries that hold an
// empty choice keep working while the schema stays exact.
var looseEnums = []string{"queryType", "metric", "metricDimension", "splitBy", "dimension", "side", "baselineMode", "mode"}

// checkContract validates one query's JSON against the query contract
// (pkg/kinds/query.schema.json) before Parse reads it, so shape, enum and range
// errors name the field. The JSON is first normalised the way Parse reads it:
// nulls are missing, "" in an enum field is missing, side is trimmed and
// lower-cased, country codes are trimmed, and the request's query type wins
// over the JSON's. The query itself is not changed.
func checkContract(raw []byte, queryType string) error {
	m := map[string]any{}
	if len(bytes.TrimSpace(raw)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return invalidf("the query is not valid JSON: %v", err)
		}
		switch v := v.(type) {
		case map[string]any:
			m = v
		case nil:
		default:
			return invalidf("the query is not valid JSON: want an object, got %s", bytes.TrimSpace(raw)[:1])
		}
	}
	normalise(m)
	if queryType != "" {
		m["queryType"] = queryType
	}
	b, err := json.Marshal(m)
	if err != nil {
		return invalidf("the query is not valid JSON: %v", err)
	}
	err = kinds.ValidateQuery(b)
	var qe *kinds.QueryError
	if errors.As(err, &qe) {
		return &InvalidQueryError{msg: qe.Error()}
	}
	if err != nil {
		return invalidf("%v", err)
	}
	return nil
}

func normalise(m map[string]any) {
	dropNulls(m)
	for _, k := range looseEnums {
		if m[k] == "" {
			delete(m, k)
		}
	}
	if s, ok := m["side"].(string); ok {
		m["side"] = strings.ToLower(strings.TrimSpace(s))
	}
	if codes, ok := m["excludeCountries"].([]any); ok {
		for i, c := range codes {
			if s, ok := c.(string); ok {
				codes[i] = strings.TrimSpace(s)
			}
		}
	}
	if filters, ok := m["filters"].([]any); ok {
		for _, f := range filters {
			if f, ok := f.(map[string]any); ok {
				dropNulls(f)
			}
		}
	}
}

func dropNulls(m map[string]any) {
	for k, v := range m {
		if v == nil {
			delete(m, k)
		}
	}
}
