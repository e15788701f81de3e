// Package kinds holds the query contract shared by the backend and the editor:
// query.schema.json (JSON Schema 2020-12), from which src/kinds/query.gen.ts is
// generated, and ValidateQuery, which checks one query's JSON against it. It
// checks shape, names, enums and ranges; checks that need the data (a regex
// compiles, an operator fits its dimension, a CIDR parses) stay in pkg/query.
// It imports nothing of this module, so any package may use it.
package kinds

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed query.schema.json
var querySchemaJSON []byte

// QuerySchema returns the schema document (for tests and tools).
func QuerySchema() []byte { return bytes.Clone(querySchemaJSON) }

const schemaURL = "query.schema.json"

var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(querySchemaJSON))
	if err != nil {
		return nil, fmt.Errorf("query schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, fmt.Errorf("query schema: %w", err)
	}
	return c.Compile(schemaURL)
})

// QueryError is a query that does not match the contract. Problems lists one
// line per wrong field, each naming the field and saying what to fix.
type QueryError struct{ Problems []string }

func (e *QueryError) Error() string {
	return "the query does not match the query model: " + strings.Join(e.Problems, "; ")
}

// ValidateQuery checks one query's JSON against the schema. It returns nil, a
// *QueryError, or an error wrapping the JSON syntax problem.
func ValidateQuery(raw []byte) error {
	sch, err := compiled()
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("the query is not valid JSON: %w", err)
	}
	err = sch.Validate(inst)
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	var problems []string
	all := leaves(ve, "")
	for _, l := range all {
		if !shadowed(l, all) {
			problems = append(problems, describe(l.err, l.cond, inst))
		}
	}
	sort.Strings(problems)
	return &QueryError{Problems: slices.Compact(problems)}
}

type leaf struct {
	err  *jsonschema.ValidationError
	cond string // the if of the allOf branch it failed in, e.g. ` for queryType "top"`
}

// leaves flattens the error tree; a branch's condition is found on the way
// down, since a $ref inside it reports the referenced location instead.
func leaves(e *jsonschema.ValidationError, cond string) []leaf {
	if c := condition(e.SchemaURL); c != "" {
		cond = c
	}
	if len(e.Causes) == 0 {
		return []leaf{{e, cond}}
	}
	var out []leaf
	for _, c := range e.Causes {
		out = append(out, leaves(c, cond)...)
	}
	return out
}

// shadowed reports whether a type-specific branch failed the same keyword at
// the same field: output's per-type enum says more than the union of all.
func shadowed(l leaf, all []leaf) bool {
	if l.cond != "" {
		return false
	}
	at := strings.Join(l.err.InstanceLocation, "/")
	for _, o := range all {
		if o.cond != "" && strings.Join(o.err.InstanceLocation, "/") == at &&
			fmt.Sprintf("%T", o.err.ErrorKind) == fmt.Sprintf("%T", l.err.ErrorKind) {
			return true
		}
	}
	return false
}

var printer = message.NewPrinter(language.English)

// describe turns one failed keyword into "field: problem (what the field is)".
func describe(e *jsonschema.ValidationError, cond string, inst any) string {
	loc := e.InstanceLocation
	if req, ok := e.ErrorKind.(*kind.Required); ok {
		parts := make([]string, len(req.Missing))
		for i, m := range req.Missing {
			at := append(slices.Clone(loc), m)
			parts[i] = fmt.Sprintf("%s is missing%s: set it%s", fieldPath(at), cond, hint(at))
		}
		return strings.Join(parts, "; ")
	}
	return fmt.Sprintf("%s: %s%s%s", fieldPath(loc), problem(e.ErrorKind, valueAt(inst, loc)), cond, hint(loc))
}

// problem says what is wrong with the value and what would be accepted.
func problem(k jsonschema.ErrorKind, got any) string {
	switch k := k.(type) {
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = quoteValue(w)
		}
		return fmt.Sprintf("%s is not known: use one of %s", quoteValue(got), strings.Join(want, ", "))
	case *kind.Type:
		return fmt.Sprintf("%s is a %s: use a %s", quoteValue(got), k.Got, strings.ReplaceAll(strings.Join(k.Want, " or "), "integer", "whole number"))
	case *kind.Minimum:
		return fmt.Sprintf("%s is too small: use at least %s", quoteValue(got), k.Want.RatString())
	case *kind.Maximum:
		return fmt.Sprintf("%s is too large: use at most %s", quoteValue(got), k.Want.RatString())
	case *kind.MinItems:
		return fmt.Sprintf("has %d entries: give at least %d", k.Got, k.Want)
	case *kind.MaxItems:
		if k.Want == 0 {
			return fmt.Sprintf("has %d entries: leave it empty", k.Got)
		}
		return fmt.Sprintf("has %d entries: give at most %d", k.Got, k.Want)
	case *kind.Pattern:
		return fmt.Sprintf("%s is not accepted", quoteValue(got))
	}
	return k.LocalizedString(printer)
}

// fieldPath prints ["filters","0","op"] as filters[0].op.
func fieldPath(loc []string) string {
	if len(loc) == 0 {
		return "query"
	}
	var sb strings.Builder
	for i, p := range loc {
		if _, err := strconv.Atoi(p); err == nil && i > 0 {
			sb.WriteString("[" + p + "]")
			continue
		}
		if i > 0 {
			sb.WriteByte('.')
		}
		sb.WriteString(p)
	}
	return sb.String()
}

var allOfRE = regexp.MustCompile(`#(/.*)?/allOf/(\d+)/then(?:/|$)`)

// condition names the if of an allOf/N/then branch, at the top or inside a
// definition, e.g. ` for queryType "top"` or ` for op "home" or "notHome"`.
func condition(url string) string {
	m := allOfRE.FindStringSubmatch(url)
	if m == nil {
		return ""
	}
	i, _ := strconv.Atoi(m[2])
	doc := schemaDoc()
	parent := doc
	if m[1] != "" {
		parent = lookup(doc, "#"+m[1])
	}
	allOf, _ := parent["allOf"].([]any)
	if i >= len(allOf) {
		return ""
	}
	branch, _ := allOf[i].(map[string]any)
	cond, _ := branch["if"].(map[string]any)
	if ref, ok := cond["$ref"].(string); ok {
		cond = lookup(doc, ref)
	}
	props, _ := cond["properties"].(map[string]any)
	var parts []string
	for name, p := range props {
		p, _ := p.(map[string]any)
		if c, ok := p["const"]; ok {
			parts = append(parts, name+" "+quoteValue(c))
		}
		if e, ok := p["enum"].([]any); ok && len(e) > 0 {
			vals := make([]string, len(e))
			for j, v := range e {
				vals[j] = quoteValue(v)
			}
			parts = append(parts, name+" "+strings.Join(vals[:len(vals)-1], ", ")+" or "+vals[len(vals)-1])
		}
	}
	sort.Strings(parts)
	if len(parts) == 0 {
		return ""
	}
	return " for " + strings.Join(parts, " and ")
}

// hint is the schema's description of the field at loc, in parentheses.
func hint(loc []string) string {
	doc := schemaDoc()
	node := doc
	for _, p := range loc {
		if _, err := strconv.Atoi(p); err == nil {
			node, _ = node["items"].(map[string]any)
		} else {
			props, _ := node["properties"].(map[string]any)
			node, _ = props[p].(map[string]any)
		}
		if ref, ok := node["$ref"].(string); ok && node["description"] == nil {
			node = lookup(doc, ref)
		}
		if node == nil {
			return ""
		}
	}
	if d, ok := node["description"].(string); ok && len(loc) > 0 {
		return " (" + strings.TrimSuffix(d, ".") + ")"
	}
	return ""
}

var schemaDoc = sync.OnceValue(func() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(querySchemaJSON, &m) // the same bytes compiled() already accepted
	return m
})

func lookup(doc map[string]any, ref string) map[string]any {
	node := doc
	for _, p := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		node, _ = node[p].(map[string]any)
	}
	return node
}

func valueAt(inst any, loc []string) any {
	for _, p := range loc {
		switch v := inst.(type) {
		case map[string]any:
			inst = v[p]
		case []any:
			i, _ := strconv.Atoi(p)
			if i < len(v) {
				inst = v[i]
			}
		}
	}
	return inst
}

func quoteValue(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
