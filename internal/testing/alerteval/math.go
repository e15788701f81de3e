package alerteval

import (
	"fmt"
	"math"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Math evaluates a math expression over the results of other refIds.
func Math(expr string, vars map[string]Results) (Results, error) {
	n, err := parseMath(expr)
	if err != nil {
		return Results{}, fmt.Errorf("parsing math %q: %w", expr, err)
	}
	return evalNode(n, vars)
}

func evalNode(n *node, vars map[string]Results) (Results, error) {
	switch {
	case n.op == "" && n.name != "":
		r, ok := vars[n.name]
		if !ok {
			return Results{}, fmt.Errorf("math refers to $%s, which is not an input", n.name)
		}
		return r, nil
	case n.op == "":
		return Results{Items: []Item{{Kind: KindScalar, Value: ptr(n.value)}}}, nil
	case len(n.args) == 1:
		arg, err := evalNode(n.args[0], vars)
		if err != nil {
			return Results{}, err
		}
		return unary(n.op, arg), nil
	}
	a, err := evalNode(n.args[0], vars)
	if err != nil {
		return Results{}, err
	}
	b, err := evalNode(n.args[1], vars)
	if err != nil {
		return Results{}, err
	}
	return binary(n.op, a, b), nil
}

func unary(op string, in Results) Results {
	if in.NoData {
		return in
	}
	out := Results{Items: make([]Item, len(in.Items))}
	for i, it := range in.Items {
		out.Items[i] = mapItem(it, func(v float64) float64 {
			switch {
			case math.IsNaN(v):
				return v
			case op == "-":
				return -v
			}
			return boolFloat(v == 0) // !
		})
	}
	return out
}

// pair is two items a binary operator combines, and the labels of the result.
type pair struct {
	labels data.Labels
	a, b   Item
}

// binary combines every pair of items whose labels join (see join).
func binary(op string, a, b Results) Results {
	if len(a.Items) == 0 && !a.NoData || len(b.Items) == 0 && !b.NoData {
		return Results{}
	}
	if a.NoData || b.NoData {
		return noData()
	}
	var out Results
	for _, p := range join(a.Items, b.Items) {
		out.Items = append(out.Items, combine(op, p))
	}
	return out
}

// join pairs items by labels: equal sets or an unlabelled side join; one set
// containing the other joins under the larger; sets of the same size that
// differ, or that merely overlap, are dropped. When nothing joins and each side
// has one item, the two are combined without labels.
func join(as, bs []Item) []pair {
	var pairs []pair
	for _, a := range as {
		for _, b := range bs {
			switch {
			case a.Labels.Equals(b.Labels) || len(a.Labels) == 0 || len(b.Labels) == 0:
				l := a.Labels
				if len(l) == 0 {
					l = b.Labels
				}
				pairs = append(pairs, pair{l, a, b})
			case len(a.Labels) == len(b.Labels):
			case a.Labels.Contains(b.Labels):
				pairs = append(pairs, pair{a.Labels, a, b})
			case b.Labels.Contains(a.Labels):
				pairs = append(pairs, pair{b.Labels, a, b})
			}
		}
	}
	if len(pairs) == 0 && len(as) == 1 && len(bs) == 1 {
		pairs = append(pairs, pair{nil, as[0], bs[0]})
	}
	return pairs
}

func combine(op string, p pair) Item {
	a, b := p.a, p.b
	switch {
	case a.Kind == KindSeries && b.Kind == KindSeries:
		return seriesSeries(op, p)
	case a.Kind == KindSeries:
		return Item{Kind: KindSeries, Name: a.Name, Labels: p.labels, Points: pointsWith(a.Points, func(v *float64) *float64 { return binaryOp(op, v, b.Value) })}
	case b.Kind == KindSeries:
		return Item{Kind: KindSeries, Name: b.Name, Labels: p.labels, Points: pointsWith(b.Points, func(v *float64) *float64 { return binaryOp(op, a.Value, v) })}
	case a.Kind == KindScalar && b.Kind == KindScalar:
		return Item{Kind: KindScalar, Value: binaryOp(op, a.Value, b.Value)}
	}
	name := a.Name
	if a.Kind == KindScalar {
		name = b.Name
	}
	return number(name, p.labels, binaryOp(op, a.Value, b.Value))
}

func pointsWith(points []Point, f func(*float64) *float64) []Point {
	out := make([]Point, len(points))
	for i, pt := range points {
		out[i] = Point{Time: pt.Time, Value: f(pt.Value)}
	}
	return out
}

// seriesSeries combines the points of two series that share a timestamp.
func seriesSeries(op string, p pair) Item {
	bAt := make(map[int64]*float64, len(p.b.Points))
	for _, pt := range p.b.Points {
		bAt[pt.Time.UnixNano()] = pt.Value
	}
	out := Item{Kind: KindSeries, Name: p.a.Name, Labels: p.labels}
	for _, pt := range p.a.Points {
		if bv, ok := bAt[pt.Time.UnixNano()]; ok {
			out.Points = append(out.Points, Point{Time: pt.Time, Value: binaryOp(op, pt.Value, bv)})
		}
	}
	return out
}

// binaryOp applies op to two values. Null propagates; || and && short-circuit on
// their left operand before NaN propagates.
func binaryOp(op string, a, b *float64) *float64 {
	if a == nil || b == nil {
		return nil
	}
	x, y := *a, *b
	switch {
	case op == "||" && x != 0:
		return ptr(1)
	case op == "&&" && x == 0:
		return ptr(0)
	case math.IsNaN(x) || math.IsNaN(y):
		return ptr(math.NaN())
	}
	return ptr(arith(op, x, y))
}

func arith(op string, x, y float64) float64 {
	switch op {
	case "+":
		return x + y
	case "-":
		return x - y
	case "*":
		return x * y
	case "/":
		return x / y
	case "%":
		return math.Mod(x, y)
	case "**":
		return math.Pow(x, y)
	case "==":
		return boolFloat(x == y)
	case "!=":
		return boolFloat(x != y)
	case ">":
		return boolFloat(x > y)
	case "<":
		return boolFloat(x < y)
	case ">=":
		return boolFloat(x >= y)
	case "<=":
		return boolFloat(x <= y)
	case "||":
		return boolFloat(x != 0 || y != 0)
	default: // &&
		return boolFloat(x != 0 && y != 0)
	}
}
