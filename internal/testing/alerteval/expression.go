package alerteval

import (
	"encoding/json"
	"fmt"
	"strings"
)

// expression is a parsed server-side expression entry.
type expression struct {
	refID   string
	kind    string // math, reduce or threshold
	input   string // reduce and threshold: the refId they read
	math    string
	reducer string
	mode    ReduceMode
	cond    ThresholdCondition
}

// exprModel is the model of an __expr__ entry.
type exprModel struct {
	Type       string `json:"type"`
	Expression string `json:"expression"`
	Reducer    string `json:"reducer"`
	Settings   *struct {
		Mode             string   `json:"mode"`
		ReplaceWithValue *float64 `json:"replaceWithValue"`
	} `json:"settings"`
	Conditions []ThresholdCondition `json:"conditions"`
}

func parseExpression(q Query) (expression, error) {
	raw, err := q.ModelJSON()
	if err != nil {
		return expression{}, err
	}
	var m exprModel
	if err := json.Unmarshal(raw, &m); err != nil {
		return expression{}, fmt.Errorf("%s: expression model: %w", q.RefID, err)
	}
	e := expression{refID: q.RefID, kind: m.Type, input: strings.TrimPrefix(m.Expression, "$"), reducer: m.Reducer}
	switch m.Type {
	case "math":
		e.math, e.input = m.Expression, ""
		_, err = parseMath(m.Expression)
	case "reduce":
		err = e.parseReduce(m)
	case "threshold":
		err = e.parseThreshold(m)
	default:
		err = fmt.Errorf("expression type %q is not supported (use one of %v)", m.Type, exprTypes)
	}
	if err != nil {
		return expression{}, fmt.Errorf("%s: %w", q.RefID, err)
	}
	return e, nil
}

func (e *expression) parseReduce(m exprModel) error {
	if _, ok := reducers[m.Reducer]; !ok || e.input == "" {
		return fmt.Errorf("reduce needs an expression and a reducer of sum, mean, min, max, count, last; got %q", m.Reducer)
	}
	if m.Settings == nil {
		return nil
	}
	e.mode.Mode = m.Settings.Mode
	switch m.Settings.Mode {
	case "", "dropNN":
	case "replaceNN":
		if m.Settings.ReplaceWithValue == nil {
			return fmt.Errorf("reduce mode replaceNN needs replaceWithValue")
		}
		e.mode.ReplaceWith = *m.Settings.ReplaceWithValue
	default:
		return fmt.Errorf("reduce mode %q is not valid: leave it empty (strict), dropNN or replaceNN", m.Settings.Mode)
	}
	return nil
}

func (e *expression) parseThreshold(m exprModel) error {
	if len(m.Conditions) != 1 || e.input == "" {
		return fmt.Errorf("threshold needs an expression and exactly one condition, got %d", len(m.Conditions))
	}
	e.cond = m.Conditions[0]
	if err := e.cond.Evaluator.Validate(); err != nil {
		return err
	}
	if u := e.cond.UnloadEvaluator; u != nil {
		return u.Validate()
	}
	return nil
}

// inputs are the refIds the expression reads.
func (e expression) inputs() []string {
	if e.kind != "math" {
		return []string{e.input}
	}
	n, _ := parseMath(e.math)
	var out []string
	var walk func(*node)
	walk = func(n *node) {
		if n.name != "" {
			out = append(out, n.name)
		}
		for _, a := range n.args {
			walk(a)
		}
	}
	walk(n)
	return out
}

// run evaluates the expression on its inputs' results.
func (e expression) run(vars map[string]Results, loaded func(Item) bool) (Results, error) {
	switch e.kind {
	case "math":
		return Math(e.math, vars)
	case "reduce":
		return Reduce(vars[e.input], e.reducer, e.mode)
	default:
		return Threshold(vars[e.input], e.cond, loaded)
	}
}
