package alerteval

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Querier is the data source a rule queries: the plugin's QueryData, called
// in-process or over gRPC.
type Querier interface {
	QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error)
}

// Env is what Grafana supplies to an evaluation: the data source and the
// plugin context of the rule's organisation.
type Env struct {
	Querier       Querier
	PluginContext backend.PluginContext
}

// pipeline evaluates the nodes the condition depends on, each once.
type pipeline struct {
	env     Env
	rule    Rule
	now     time.Time
	loaded  func(Item) bool
	entries map[string]Query
	results map[string]Results
	active  map[string]bool // on the current path: a cycle check
}

// run evaluates every node the condition depends on and returns the results of
// each refId evaluated.
func run(ctx context.Context, env Env, r Rule, now time.Time, loaded func(Item) bool) (map[string]Results, error) {
	p := &pipeline{env: env, rule: r, now: now, loaded: loaded,
		entries: map[string]Query{}, results: map[string]Results{}, active: map[string]bool{}}
	for _, q := range r.Data {
		p.entries[q.RefID] = q
	}
	if _, err := p.node(ctx, r.Condition); err != nil {
		return nil, err
	}
	return p.results, nil
}

func (p *pipeline) node(ctx context.Context, refID string) (Results, error) {
	if r, ok := p.results[refID]; ok {
		return r, nil
	}
	q, ok := p.entries[refID]
	switch {
	case !ok:
		return Results{}, fmt.Errorf("refId %q is not in the rule's data", refID)
	case p.active[refID]:
		return Results{}, fmt.Errorf("refId %q depends on itself", refID)
	}
	p.active[refID] = true
	defer delete(p.active, refID)
	var r Results
	var err error
	if q.IsExpression() {
		r, err = p.expression(ctx, q)
	} else {
		r, err = p.query(ctx, q)
	}
	if err != nil {
		return Results{}, err
	}
	p.results[refID] = r
	return r, nil
}

func (p *pipeline) expression(ctx context.Context, q Query) (Results, error) {
	e, err := parseExpression(q)
	if err != nil {
		return Results{}, err
	}
	if e.cond.UnloadEvaluator != nil && q.RefID != p.rule.Condition {
		return Results{}, fmt.Errorf("recovery threshold %q is only allowed to be the alert condition", q.RefID)
	}
	vars := map[string]Results{}
	for _, in := range e.inputs() {
		r, err := p.node(ctx, in)
		if err != nil {
			return Results{}, err // Grafana reports the failing dependency's own error
		}
		vars[in] = r
	}
	r, err := e.run(vars, p.loaded)
	if err != nil {
		return Results{}, fmt.Errorf("[%s] %w", q.RefID, err)
	}
	return r, nil
}

// query sends one data-source entry as its own request, as Grafana does by default.
func (p *pipeline) query(ctx context.Context, q Query) (Results, error) {
	req, err := Request(p.rule, q, p.now, p.env.PluginContext)
	if err != nil {
		return Results{}, err
	}
	res, err := p.env.Querier.QueryData(ctx, req)
	if err != nil {
		return Results{}, fmt.Errorf("[%s] query failed: %w", q.RefID, err)
	}
	dr, ok := res.Responses[q.RefID]
	switch {
	case !ok:
		return noData(), nil // Grafana logs a warning and treats it as no data
	case dr.Error != nil:
		return Results{}, fmt.Errorf("[%s] %w", q.RefID, dr.Error)
	}
	r, err := Convert(dr.Frames)
	if err != nil {
		return Results{}, fmt.Errorf("[%s] converting frames: %w", q.RefID, err)
	}
	return r, nil
}

// Evaluate evaluates a rule at now. loaded reports the label sets that were
// Pending or Alerting before (for a recovery threshold); nil means none.
func Evaluate(ctx context.Context, env Env, r Rule, now time.Time, loaded func(data.Labels) bool) Outcome {
	if uid := env.underTest(); uid != "" {
		if err := r.CheckDatasource(uid); err != nil {
			return Outcome{At: now, Err: err}
		}
	}
	itemLoaded := func(it Item) bool { return loaded != nil && loaded(it.Labels) }
	results, err := run(ctx, env, r, now, itemLoaded)
	if err != nil {
		return Outcome{At: now, Err: err}
	}
	o := conditionOutcome(results[r.Condition])
	o.At = now
	for i := range o.Instances {
		o.Instances[i].Values = capture(results, o.Instances[i].Labels)
	}
	return o
}
