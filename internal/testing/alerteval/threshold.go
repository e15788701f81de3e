package alerteval

import (
	"fmt"
	"math"
)

// Evaluator is a threshold test: {type, params}.
type Evaluator struct {
	Type   string    `yaml:"type" json:"type"`
	Params []float64 `yaml:"params" json:"params"`
}

var evaluatorArity = map[string]int{
	"gt": 1, "lt": 1, "eq": 1, "ne": 1, "gte": 1, "lte": 1,
	"within_range": 2, "outside_range": 2, "within_range_included": 2, "outside_range_included": 2,
}

// Validate checks the type and the number of params.
func (e Evaluator) Validate() error {
	n, ok := evaluatorArity[e.Type]
	switch {
	case !ok:
		return fmt.Errorf("unknown threshold evaluator %q", e.Type)
	case len(e.Params) != n:
		return fmt.Errorf("threshold evaluator %s takes %d params, got %d", e.Type, n, len(e.Params))
	}
	return nil
}

// Test applies the evaluator. NaN fails every comparison, so only ne holds.
func (e Evaluator) Test(x float64) bool {
	p := e.Params
	switch e.Type {
	case "gt":
		return x > p[0]
	case "lt":
		return x < p[0]
	case "eq":
		return x == p[0]
	case "ne":
		return x != p[0]
	case "gte":
		return x >= p[0]
	case "lte":
		return x <= p[0]
	case "within_range":
		return x > p[0] && x < p[1]
	case "outside_range":
		return x < p[0] || x > p[1]
	case "within_range_included":
		return x >= p[0] && x <= p[1]
	default: // outside_range_included
		return x <= p[0] || x >= p[1]
	}
}

// ThresholdCondition is the one element of a threshold expression's conditions.
type ThresholdCondition struct {
	Evaluator Evaluator `yaml:"evaluator" json:"evaluator"`
	// UnloadEvaluator is the recovery threshold: instances firing at the
	// previous evaluation keep firing until it holds.
	UnloadEvaluator *Evaluator `yaml:"unloadEvaluator" json:"unloadEvaluator"`
}

// Threshold maps each number (or series point) to 1 or 0; null stays null.
// loaded reports the label sets that were Pending or Alerting at the previous
// evaluation; with an unload evaluator they are tested against its inverse.
func Threshold(in Results, c ThresholdCondition, loaded func(Item) bool) (Results, error) {
	if err := c.Evaluator.Validate(); err != nil {
		return Results{}, err
	}
	if c.UnloadEvaluator != nil {
		if err := c.UnloadEvaluator.Validate(); err != nil {
			return Results{}, fmt.Errorf("unloadEvaluator: %w", err)
		}
	}
	if in.NoData {
		return noData(), nil
	}
	out := Results{Items: make([]Item, 0, len(in.Items))}
	for _, it := range in.Items {
		test := c.Evaluator.Test
		if c.UnloadEvaluator != nil && loaded != nil && loaded(it) {
			unload := *c.UnloadEvaluator
			test = func(x float64) bool { return !math.IsNaN(x) && !unload.Test(x) }
		}
		out.Items = append(out.Items, mapItem(it, func(v float64) float64 { return boolFloat(test(v)) }))
	}
	return out, nil
}

// mapItem applies f to a number or to every point of a series; nulls stay null.
func mapItem(it Item, f func(float64) float64) Item {
	apply := func(v *float64) *float64 {
		if v == nil {
			return nil
		}
		return ptr(f(*v))
	}
	out := Item{Kind: it.Kind, Name: it.Name, Labels: it.Labels, Value: apply(it.Value)}
	if it.Kind == KindSeries {
		out.Points = make([]Point, len(it.Points))
		for i, p := range it.Points {
			out.Points[i] = Point{Time: p.Time, Value: apply(p.Value)}
		}
	}
	return out
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
