package alerteval

import (
	"cmp"
	"slices"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Kind says what an Item holds.
type Kind int

// Item kinds. A scalar is a literal of a math expression: unlabelled, and it
// combines with every item of the other operand.
const (
	KindNumber Kind = iota
	KindSeries
	KindScalar
)

// Point is one sample of a series; a nil Value is a null.
type Point struct {
	Time  time.Time
	Value *float64
}

// Item is one labelled value of an expression result. Name is the field name it
// came from, which Grafana uses only for sorting (it is never a label).
type Item struct {
	Kind   Kind
	Name   string
	Labels data.Labels
	Value  *float64 // number and scalar; nil is null
	Points []Point  // series
}

// Results is what a query or expression yields: items, or no data at all.
type Results struct {
	Items  []Item
	NoData bool
}

// noData is the result of a query that returned nothing.
func noData() Results { return Results{NoData: true} }

func number(name string, labels data.Labels, v *float64) Item {
	return Item{Kind: KindNumber, Name: name, Labels: labels, Value: v}
}

func ptr(v float64) *float64 { return &v }

// sortNumbers orders numbers as SSE does: by field name, unlabelled first, then
// by the labels' string form.
func sortNumbers(items []Item) {
	slices.SortStableFunc(items, func(a, b Item) int {
		if c := cmp.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		switch {
		case a.Labels == nil && b.Labels == nil:
			return 0
		case a.Labels == nil:
			return -1
		case b.Labels == nil:
			return 1
		}
		return cmp.Compare(a.Labels.String(), b.Labels.String())
	})
}
