package alerteval

import (
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// seriesMulti reads one series per numeric field of every typed frame; frames
// without the type are ignored.
func seriesMulti(frames data.Frames) (Results, error) {
	if len(frames) == 1 && len(frames[0].Fields) == 0 {
		return noData(), nil
	}
	var out Results
	for _, f := range frames {
		if f.Meta == nil || f.Meta.Type != data.FrameTypeTimeSeriesMulti {
			continue
		}
		items, err := wideSeries(f)
		if err != nil {
			return Results{}, err
		}
		out.Items = append(out.Items, items...)
	}
	return out, nil
}

// seriesWide reads one series per numeric field against the first time field.
func seriesWide(f *data.Frame) (Results, error) {
	if len(f.Fields) == 0 {
		return noData(), nil
	}
	items, err := wideSeries(f)
	return Results{Items: items}, err
}

func wideSeries(f *data.Frame) ([]Item, error) {
	times := f.TypeIndices(data.FieldTypeTime, data.FieldTypeNullableTime)
	if len(times) == 0 {
		return nil, fmt.Errorf("time series frame %q has no time field", f.Name)
	}
	var items []Item
	for i, fld := range f.Fields {
		if !fld.Type().Numeric() {
			continue
		}
		s, err := seriesOf(f, times[0], i)
		if err != nil {
			return nil, err
		}
		items = append(items, s)
	}
	return items, nil
}

func seriesOf(f *data.Frame, ti, vi int) (Item, error) {
	s := Item{Kind: KindSeries, Name: f.Fields[vi].Name, Labels: f.Fields[vi].Labels}
	for row := range f.Rows() {
		t, ok := f.Fields[ti].ConcreteAt(row)
		if !ok {
			return Item{}, fmt.Errorf("null time in row %d", row)
		}
		v, err := f.Fields[vi].NullableFloatAt(row)
		if err != nil {
			return Item{}, fmt.Errorf("field %q: %w", f.Fields[vi].Name, err)
		}
		s.Points = append(s.Points, Point{Time: t.(time.Time), Value: v})
	}
	return s, nil
}

// seriesLong splits a long frame into one series per numeric column and
// distinct tuple of string cells, labelled by those cells.
func seriesLong(f *data.Frame) (Results, error) {
	if len(f.Fields) == 0 {
		return noData(), nil
	}
	schema := f.TimeSeriesSchema()
	if schema.Type == data.TimeSeriesTypeNot {
		return Results{}, fmt.Errorf("timeseries-long frame %q needs a time field and a numeric field", f.Name)
	}
	var strs []int
	for i, fld := range f.Fields {
		if isString(fld) {
			strs = append(strs, i)
		}
	}
	var out Results
	index := map[string]int{}
	for row := range f.Rows() {
		labels, err := rowLabels(f, strs, row)
		if err != nil {
			return Results{}, err
		}
		t, _ := f.Fields[schema.TimeIndex].ConcreteAt(row)
		for _, vi := range schema.ValueIndices {
			if !f.Fields[vi].Type().Numeric() {
				continue
			}
			key := f.Fields[vi].Name + "\x00" + labels.String()
			i, ok := index[key]
			if !ok {
				i = len(out.Items)
				index[key] = i
				out.Items = append(out.Items, Item{Kind: KindSeries, Name: f.Fields[vi].Name, Labels: labels})
			}
			v, _ := f.Fields[vi].NullableFloatAt(row)
			out.Items[i].Points = append(out.Items[i].Points, Point{Time: t.(time.Time), Value: v})
		}
	}
	return out, nil
}
