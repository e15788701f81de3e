package alerteval

import (
	"fmt"
	"math"
)

// ReduceMode says what reduce does with null, NaN and ±Inf points.
type ReduceMode struct {
	// Mode is "" (strict), "dropNN" or "replaceNN".
	Mode string
	// ReplaceWith is the value replaceNN substitutes.
	ReplaceWith float64
}

var reducers = map[string]func([]*float64) *float64{
	"sum": reduceSum, "mean": reduceMean, "min": reduceMin, "max": reduceMax,
	"count": reduceCount, "last": reduceLast,
}

// Reduce turns every series into one number. Numbers pass through (Grafana adds
// a "not needed" notice), filtered by the mode as series points are.
func Reduce(in Results, reducer string, mode ReduceMode) (Results, error) {
	fn, ok := reducers[reducer]
	if !ok {
		return Results{}, fmt.Errorf("reducer %q is not supported", reducer)
	}
	if mode.Mode != "" && mode.Mode != "dropNN" && mode.Mode != "replaceNN" {
		return Results{}, fmt.Errorf("reduce mode %q is not supported", mode.Mode)
	}
	if in.NoData {
		return noData(), nil
	}
	out := Results{Items: make([]Item, 0, len(in.Items))}
	for _, it := range in.Items {
		var v *float64
		switch it.Kind {
		case KindSeries:
			v = mode.finish(fn(mode.filter(seriesValues(it.Points))))
		default:
			v = mode.finish(first(mode.filter([]*float64{it.Value})))
		}
		out.Items = append(out.Items, number(it.Name, it.Labels, v))
	}
	return out, nil
}

func seriesValues(points []Point) []*float64 {
	vals := make([]*float64, len(points))
	for i, p := range points {
		vals[i] = p.Value
	}
	return vals
}

func first(vals []*float64) *float64 {
	if len(vals) == 0 {
		return nil
	}
	return vals[0]
}

// filter drops (dropNN) or replaces (replaceNN) nulls, NaN and ±Inf; strict
// keeps every point.
func (m ReduceMode) filter(vals []*float64) []*float64 {
	if m.Mode == "" {
		return vals
	}
	out := make([]*float64, 0, len(vals))
	for _, v := range vals {
		switch {
		case v != nil && !math.IsNaN(*v) && !math.IsInf(*v, 0):
			out = append(out, v)
		case m.Mode == "replaceNN":
			out = append(out, ptr(m.ReplaceWith))
		}
	}
	return out
}

// finish turns a NaN result into null (dropNN) or the replacement (replaceNN).
func (m ReduceMode) finish(v *float64) *float64 {
	if v == nil || !math.IsNaN(*v) {
		return v
	}
	switch m.Mode {
	case "dropNN":
		return nil
	case "replaceNN":
		return ptr(m.ReplaceWith)
	}
	return v
}

// valuesOrNaN returns the values, or ok=false when one is null or NaN: strict
// sum, mean, min and max are then NaN.
func valuesOrNaN(vals []*float64) ([]float64, bool) {
	out := make([]float64, len(vals))
	for i, v := range vals {
		if v == nil || math.IsNaN(*v) {
			return nil, false
		}
		out[i] = *v
	}
	return out, true
}

func reduceSum(vals []*float64) *float64 {
	fs, ok := valuesOrNaN(vals)
	if !ok {
		return ptr(math.NaN())
	}
	var s float64
	for _, f := range fs {
		s += f
	}
	return &s
}

func reduceMean(vals []*float64) *float64 {
	if len(vals) == 0 {
		return ptr(math.NaN())
	}
	return ptr(*reduceSum(vals) / float64(len(vals)))
}

func reduceMin(vals []*float64) *float64 { return extreme(vals, math.Min) }
func reduceMax(vals []*float64) *float64 { return extreme(vals, math.Max) }

func extreme(vals []*float64, pick func(a, b float64) float64) *float64 {
	fs, ok := valuesOrNaN(vals)
	if !ok || len(fs) == 0 {
		return ptr(math.NaN())
	}
	m := fs[0]
	for _, f := range fs[1:] {
		m = pick(m, f)
	}
	return &m
}

func reduceCount(vals []*float64) *float64 { return ptr(float64(len(vals))) }

// reduceLast returns the last point as it is: a trailing null stays null.
func reduceLast(vals []*float64) *float64 {
	if len(vals) == 0 {
		return ptr(math.NaN())
	}
	return vals[len(vals)-1]
}
