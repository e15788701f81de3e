package alerteval

import (
	"errors"
	"fmt"
	"slices"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Convert turns the frames of one data-source response into expression values
// as SSE does: typed frames (dataplane) through the dataplane readers, others
// through the legacy converter.
func Convert(frames data.Frames) (Results, error) {
	if len(frames) == 0 {
		return noData(), nil
	}
	if t, ok := dataplaneType(frames); ok {
		return convertDataplane(t, frames)
	}
	return convertLegacy(frames)
}

var dataplaneTypes = []data.FrameType{
	data.FrameTypeTimeSeriesMulti, data.FrameTypeTimeSeriesWide, data.FrameTypeTimeSeriesLong,
	data.FrameTypeNumericMulti, data.FrameTypeNumericWide, data.FrameTypeNumericLong,
}

// dataplaneType is the first frame's type when SSE reads the response as
// dataplane data: a known type with a non-zero version. Unknown types and
// version 0.0 fall back to the legacy path; other versions are read anyway.
func dataplaneType(frames data.Frames) (data.FrameType, bool) {
	f := frames[0]
	if f == nil || f.Meta == nil || f.Meta.Type == "" || f.Meta.TypeVersion.IsZero() {
		return "", false
	}
	return f.Meta.Type, slices.Contains(dataplaneTypes, f.Meta.Type)
}

func convertDataplane(t data.FrameType, frames data.Frames) (Results, error) {
	switch t {
	case data.FrameTypeNumericLong:
		return numericLong(frames[0])
	case data.FrameTypeNumericWide:
		return numericWide(frames[0]), nil
	case data.FrameTypeNumericMulti:
		return numericMulti(frames)
	case data.FrameTypeTimeSeriesMulti:
		return seriesMulti(frames)
	case data.FrameTypeTimeSeriesWide:
		return seriesWide(frames[0])
	default:
		return seriesLong(frames[0])
	}
}

// numericLong reads one number per row and numeric column, labelled by the
// row's string columns. Two numeric columns give two numbers per label set,
// which the condition later rejects as duplicates.
func numericLong(f *data.Frame) (Results, error) {
	if len(f.Fields) == 0 {
		return noData(), nil
	}
	var strs, nums []int
	for i, fld := range f.Fields {
		switch {
		case fld.Type().Numeric():
			nums = append(nums, i)
		case isString(fld):
			strs = append(strs, i)
		}
	}
	var out Results
	for row := range f.Rows() {
		labels, err := rowLabels(f, strs, row)
		if err != nil {
			return Results{}, err
		}
		for _, n := range nums {
			v, err := f.Fields[n].NullableFloatAt(row)
			if err != nil {
				return Results{}, fmt.Errorf("numeric-long field %q: %w", f.Fields[n].Name, err)
			}
			out.Items = append(out.Items, number(f.Fields[n].Name, labels, v))
		}
	}
	sortNumbers(out.Items)
	return out, nil
}

// rowLabels labels a row by its string columns. A null label cell makes Grafana's
// reader panic, which the rule sees as an error.
func rowLabels(f *data.Frame, strs []int, row int) (data.Labels, error) {
	labels := data.Labels{}
	for _, s := range strs {
		v, ok := f.Fields[s].ConcreteAt(row)
		if !ok {
			return nil, fmt.Errorf("null in label column %q (row %d)", f.Fields[s].Name, row)
		}
		labels[f.Fields[s].Name] = v.(string)
	}
	return labels, nil
}

// numericWide reads each numeric field as one number; a field without exactly
// one row is null. A frame without numeric fields yields no items.
func numericWide(f *data.Frame) Results {
	var out Results
	for _, fld := range f.Fields {
		if fld.Type().Numeric() {
			out.Items = append(out.Items, numberOf(fld))
		}
	}
	sortNumbers(out.Items)
	return out
}

func numberOf(fld *data.Field) Item {
	var v *float64
	if fld.Len() == 1 {
		v, _ = fld.NullableFloatAt(0)
	}
	return number(fld.Name, fld.Labels, v)
}

// numericMulti reads the first numeric field of every frame; every frame must
// carry the type.
func numericMulti(frames data.Frames) (Results, error) {
	if len(frames[0].Fields) == 0 {
		return noData(), nil
	}
	var out Results
	for i, f := range frames {
		if f.Meta == nil || f.Meta.Type != data.FrameTypeNumericMulti {
			return Results{}, fmt.Errorf("frame %d has wrong type, expected numeric-multi", i)
		}
		for _, fld := range f.Fields {
			if fld.Type().Numeric() {
				out.Items = append(out.Items, numberOf(fld))
				break
			}
		}
	}
	sortNumbers(out.Items)
	return out, nil
}

func isString(fld *data.Field) bool {
	return fld.Type() == data.FieldTypeString || fld.Type() == data.FieldTypeNullableString
}

// errNotWide is the legacy converter's refusal of anything but wide series.
var errNotWide = errors.New("input data must be a wide series")

// convertLegacy handles untyped frames: one fieldless frame is no data; one
// frame without time and with exactly one numeric column beside string columns
// is a table of numbers; otherwise every frame must be a wide time series.
func convertLegacy(frames data.Frames) (Results, error) {
	if len(frames) == 1 {
		f := frames[0]
		if len(f.Fields) == 0 {
			return noData(), nil
		}
		if f.TimeSeriesSchema().Type == data.TimeSeriesTypeNot && isNumberTable(f) {
			return numberTable(f)
		}
	}
	var out Results
	for _, f := range frames {
		schema := f.TimeSeriesSchema()
		if schema.Type != data.TimeSeriesTypeWide {
			return Results{}, fmt.Errorf("%w but got type %s", errNotWide, schema.Type)
		}
		for _, vi := range schema.ValueIndices {
			s, err := seriesOf(f, schema.TimeIndex, vi)
			if err != nil {
				return Results{}, err
			}
			out.Items = append(out.Items, s)
		}
	}
	return out, nil
}

func isNumberTable(f *data.Frame) bool {
	nums := 0
	for _, fld := range f.Fields {
		switch {
		case fld.Type().Numeric():
			nums++
		case !isString(fld):
			return false
		}
	}
	return nums == 1
}

// numberTable labels each row's number by the row's string columns. A null
// number reads as NaN here, unlike the dataplane path.
func numberTable(f *data.Frame) (Results, error) {
	num := slices.IndexFunc(f.Fields, func(fld *data.Field) bool { return fld.Type().Numeric() })
	var strs []int
	for i, fld := range f.Fields {
		if isString(fld) {
			strs = append(strs, i)
		}
	}
	var out Results
	for row := range f.Rows() {
		v, _ := f.Fields[num].FloatAt(row)
		var labels data.Labels
		if len(strs) > 0 {
			l, err := rowLabels(f, strs, row)
			if err != nil {
				return Results{}, err
			}
			labels = l
		}
		out.Items = append(out.Items, number(f.Fields[num].Name, labels, ptr(v)))
	}
	return out, nil
}

// IsNotWide reports the legacy converter's refusal of a frame that is neither a
// number table nor a wide time series (an untyped table with time columns, say).
func IsNotWide(err error) bool { return errors.Is(err, errNotWide) }
