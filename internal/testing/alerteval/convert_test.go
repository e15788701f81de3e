package alerteval

import (
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

var (
	t0 = time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	t1 = t0.Add(time.Minute)
)

func typed(f *data.Frame, t data.FrameType, v data.FrameTypeVersion) *data.Frame {
	f.Meta = &data.FrameMeta{Type: t, TypeVersion: v}
	return f
}

var v01 = data.FrameTypeVersion{0, 1}

func TestConvert(t *testing.T) {
	cases := []struct {
		name   string
		frames data.Frames
		want   string // describe() of the result
	}{
		{"no frames", nil, "no data"},
		{"legacy: one frame without fields", data.Frames{data.NewFrame("")}, "no data"},
		{"legacy: table of numbers labelled by string columns",
			data.Frames{data.NewFrame("", data.NewField("host", nil, []string{"a", "b"}), data.NewField("v", nil, []int64{3, 4}))},
			"{host=a}=3 {host=b}=4"},
		{"legacy: one numeric column alone is unlabelled",
			data.Frames{data.NewFrame("", data.NewField("v", nil, []float64{7}))}, "{}=7"},
		{"legacy: a null number reads as NaN",
			data.Frames{data.NewFrame("", data.NewField("v", nil, []*float64{nil}))}, "{}=NaN"},
		{"legacy: zero rows give no items, not no data",
			data.Frames{data.NewFrame("", data.NewField("host", nil, []string{}), data.NewField("v", nil, []float64{}))}, ""},
		{"legacy: wide series",
			data.Frames{data.NewFrame("", data.NewField("time", nil, []time.Time{t0, t1}),
				data.NewField("v", data.Labels{"host": "a"}, []float64{1, 2}), data.NewField("w", nil, []*float64{nil, ptr(5)}))},
			"{host=a}=2 points {}=2 points"},
		{"dataplane numeric-long: one number per row",
			data.Frames{typed(data.NewFrame("", data.NewField("sender", nil, []string{"b@x", "a@x"}), data.NewField("count", nil, []float64{9, 12})), data.FrameTypeNumericLong, v01)},
			"{sender=a@x}=12 {sender=b@x}=9"},
		{"dataplane numeric-long: two numeric columns give two numbers per label set",
			data.Frames{typed(data.NewFrame("", data.NewField("host", nil, []string{"a"}), data.NewField("x", nil, []float64{1}), data.NewField("y", nil, []float64{2})), data.FrameTypeNumericLong, v01)},
			"{host=a}=1 {host=a}=2"},
		{"dataplane numeric-long: no fields is no data",
			data.Frames{typed(data.NewFrame(""), data.FrameTypeNumericLong, v01)}, "no data"},
		{"dataplane numeric-long: zero rows give no items",
			data.Frames{typed(data.NewFrame("", data.NewField("host", nil, []string{}), data.NewField("v", nil, []float64{})), data.FrameTypeNumericLong, v01)}, ""},
		{"dataplane numeric-long: null value stays null",
			data.Frames{typed(data.NewFrame("", data.NewField("host", nil, []string{"a"}), data.NewField("v", nil, []*float64{nil})), data.FrameTypeNumericLong, v01)},
			"{host=a}=null"},
		{"dataplane numeric-wide: one number per field, a field without one row is null",
			data.Frames{typed(data.NewFrame("", data.NewField("count", data.Labels{"stat": "count"}, []float64{26}),
				data.NewField("avg", data.Labels{"stat": "avg"}, []float64{})), data.FrameTypeNumericWide, v01)},
			"{stat=avg}=null {stat=count}=26"},
		{"dataplane numeric-wide: an unknown version is still read",
			data.Frames{typed(data.NewFrame("", data.NewField("v", nil, []float64{1})), data.FrameTypeNumericWide, data.FrameTypeVersion{0, 2})}, "{}=1"},
		{"dataplane numeric-wide: no numeric field gives no items",
			data.Frames{typed(data.NewFrame(""), data.FrameTypeNumericWide, v01)}, ""},
		{"version 0.0 falls back to the legacy path",
			data.Frames{typed(data.NewFrame("", data.NewField("host", nil, []string{"a"}), data.NewField("v", nil, []float64{1})), data.FrameTypeNumericLong, data.FrameTypeVersion{})},
			"{host=a}=1"},
		{"an unknown type falls back to the legacy path",
			data.Frames{typed(data.NewFrame("", data.NewField("v", nil, []float64{1})), data.FrameType("table"), v01)}, "{}=1"},
		{"dataplane numeric-multi: one number per frame",
			data.Frames{
				typed(data.NewFrame("", data.NewField("v", data.Labels{"host": "b"}, []float64{2})), data.FrameTypeNumericMulti, v01),
				typed(data.NewFrame("", data.NewField("v", data.Labels{"host": "a"}, []float64{1})), data.FrameTypeNumericMulti, v01)},
			"{host=a}=1 {host=b}=2"},
		{"dataplane timeseries-multi: later untyped frames are ignored",
			data.Frames{
				typed(data.NewFrame("", data.NewField("time", nil, []time.Time{t0}), data.NewField("v", data.Labels{"host": "a"}, []float64{1})), data.FrameTypeTimeSeriesMulti, v01),
				data.NewFrame("", data.NewField("time", nil, []time.Time{t0}), data.NewField("v", data.Labels{"host": "b"}, []float64{2}))},
			"{host=a}=1 points"},
		{"dataplane timeseries-multi: one fieldless frame is no data",
			data.Frames{typed(data.NewFrame(""), data.FrameTypeTimeSeriesMulti, v01)}, "no data"},
		{"dataplane timeseries-wide: one series per numeric field",
			data.Frames{typed(data.NewFrame("", data.NewField("time", nil, []time.Time{t0, t1}),
				data.NewField("v", data.Labels{"status": "failed"}, []float64{1, 2}),
				data.NewField("v", data.Labels{"status": "delivered"}, []float64{3, 4})), data.FrameTypeTimeSeriesWide, v01)},
			"{status=failed}=2 points {status=delivered}=2 points"},
		{"dataplane timeseries-long: one series per string tuple",
			data.Frames{typed(data.NewFrame("", data.NewField("time", nil, []time.Time{t0, t0, t1}),
				data.NewField("host", nil, []string{"a", "b", "a"}), data.NewField("v", nil, []float64{1, 2, 3})), data.FrameTypeTimeSeriesLong, v01)},
			"{host=a}=2 points {host=b}=1 points"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Convert(c.frames)
			if err != nil {
				t.Fatal(err)
			}
			if d := describe(got); d != c.want {
				t.Errorf("got %q, want %q", d, c.want)
			}
		})
	}
}

func TestConvertErrors(t *testing.T) {
	cases := []struct {
		name   string
		frames data.Frames
		want   string
	}{
		// What an untyped campaigns or traces table gives a rule: rejected.
		{"legacy: a table with a time column is not a wide series",
			data.Frames{data.NewFrame("", data.NewField("template", nil, []string{"a"}), data.NewField("messages", nil, []int64{3}),
				data.NewField("firstSeen", nil, []time.Time{t0}))},
			"input data must be a wide series but got type long"},
		{"legacy: two numeric columns without time",
			data.Frames{data.NewFrame("", data.NewField("x", nil, []float64{1}), data.NewField("y", nil, []float64{2}))},
			"input data must be a wide series but got type not"},
		{"dataplane numeric-long: a null label cell",
			data.Frames{typed(data.NewFrame("", data.NewField("host", nil, []*string{nil}), data.NewField("v", nil, []float64{1})), data.FrameTypeNumericLong, v01)},
			`null in label column "host" (row 0)`},
		{"dataplane numeric-multi: an untyped frame",
			data.Frames{typed(data.NewFrame("", data.NewField("v", nil, []float64{1})), data.FrameTypeNumericMulti, v01),
				data.NewFrame("", data.NewField("v", nil, []float64{2}))},
			"frame 1 has wrong type, expected numeric-multi"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Convert(c.frames)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
	if _, err := Convert(data.Frames{data.NewFrame("", data.NewField("t", nil, []time.Time{t0}), data.NewField("s", nil, []string{"a"}), data.NewField("v", nil, []float64{1}))}); !IsNotWide(err) {
		t.Errorf("IsNotWide(%v) = false", err)
	}
}
