package alerteval

import (
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

func nums(items ...Item) Results { return Results{Items: items} }

func num(v *float64, kv ...string) Item {
	var l data.Labels
	if len(kv) > 0 {
		l = data.Labels{}
		for i := 0; i < len(kv); i += 2 {
			l[kv[i]] = kv[i+1]
		}
	}
	return number("v", l, v)
}

func TestMathScalars(t *testing.T) {
	cases := []struct{ expr, want string }{
		{"1 + 2 * 3", "{}=7"},
		{"(1 + 2) * 3", "{}=9"},
		{"2 ** 3 ** 2", "{}=512"},
		{"10 - 4 - 3", "{}=3"},
		{"7 % 4", "{}=3"},
		{"-3 + 1", "{}=-2"},
		{"!0 + !5", "{}=1"},
		{"1 < 2 && 2 <= 2", "{}=1"},
		{"3 == 3 || 1 / 0", "{}=1"},
		{"1 != 1", "{}=0"},
		{"1 > 2 || 2 >= 3", "{}=0"},
		{"2.5e1 / 5", "{}=5"},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			got, err := Math(c.expr, nil)
			if err != nil {
				t.Fatal(err)
			}
			if d := describe(got); d != c.want {
				t.Errorf("got %s, want %s", d, c.want)
			}
		})
	}
}

func TestMathNumberSets(t *testing.T) {
	a := nums(num(ptr(150), "sender", "a@x"), num(ptr(20), "sender", "b@x"))
	cases := []struct {
		name string
		expr string
		vars map[string]Results
		want string
	}{
		{"a scalar combines with every item", "$A > 100", map[string]Results{"A": a},
			"{sender=a@x}=1 {sender=b@x}=0"},
		{"equal label sets join", "$A + $B",
			map[string]Results{"A": a, "B": nums(num(ptr(1), "sender", "b@x"), num(ptr(2), "sender", "a@x"))},
			"{sender=a@x}=152 {sender=b@x}=21"},
		{"an unlabelled item joins every item", "$A - $B",
			map[string]Results{"A": a, "B": nums(num(ptr(10)))},
			"{sender=a@x}=140 {sender=b@x}=10"},
		{"a contained label set joins under the larger set", "$A * $B",
			map[string]Results{"A": nums(num(ptr(2), "sender", "a@x")), "B": nums(num(ptr(3), "sender", "a@x", "recipient", "r@y"))},
			"{recipient=r@y, sender=a@x}=6"},
		{"same-size sets that differ are dropped", "$A + $B",
			map[string]Results{"A": a, "B": nums(num(ptr(1), "sender", "c@x"), num(ptr(1), "sender", "d@x"))}, ""},
		{"overlapping sets of different sizes are dropped", "$A + $B",
			map[string]Results{"A": nums(num(ptr(1), "a", "1", "b", "2"), num(ptr(2), "c", "3")), "B": nums(num(ptr(1), "a", "1", "c", "9", "d", "4"))}, ""},
		{"one item each that do not match combine without labels", "$A + $B",
			map[string]Results{"A": nums(num(ptr(1), "sender", "a@x")), "B": nums(num(ptr(2), "country", "RU"))}, "{}=3"},
		{"the campaign rule's condition", "$A >= 70 || $B >= 30",
			map[string]Results{
				"A": nums(num(ptr(96), "template", "invoice"), num(ptr(38), "template", "order"), num(ptr(40), "template", "replay")),
				"B": nums(num(ptr(24), "template", "invoice"), num(ptr(10), "template", "order"), num(ptr(40), "template", "replay"))},
			"{template=invoice}=1 {template=order}=0 {template=replay}=1"},
		{"null propagates", "$A + 1", map[string]Results{"A": nums(num(nil, "h", "a"))}, "{h=a}=null"},
		{"NaN propagates through arithmetic", "$A * 0", map[string]Results{"A": nums(num(nan, "h", "a"))}, "{h=a}=NaN"},
		{"NaN propagates through comparisons", "$A > 1", map[string]Results{"A": nums(num(nan, "h", "a"))}, "{h=a}=NaN"},
		{"|| short-circuits before NaN", "1 || $A", map[string]Results{"A": nums(num(nan, "h", "a"))}, "{h=a}=1"},
		{"&& short-circuits before NaN", "0 && $A", map[string]Results{"A": nums(num(nan, "h", "a"))}, "{h=a}=0"},
		{"no data on one side gives no data", "$A + $B", map[string]Results{"A": a, "B": noData()}, "no data"},
		{"an empty side gives nothing", "$A + $B", map[string]Results{"A": a, "B": {}}, ""},
		{"unary minus keeps labels", "-$A", map[string]Results{"A": nums(num(ptr(4), "h", "a"))}, "{h=a}=-4"},
		{"${ref} spells a refId with spaces", "${my ref} * 2", map[string]Results{"my ref": nums(num(ptr(4)))}, "{}=8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Math(c.expr, c.vars)
			if err != nil {
				t.Fatal(err)
			}
			if d := describe(got); d != c.want {
				t.Errorf("got %s, want %s", d, c.want)
			}
		})
	}
}

func TestMathSeries(t *testing.T) {
	s := series(ptr(1), nil, ptr(3))
	other := Item{Kind: KindSeries, Labels: data.Labels{"host": "a"}, Points: []Point{{t1, ptr(10)}, {t1.Add(time.Minute), ptr(20)}, {t1.Add(time.Hour), ptr(5)}}}
	cases := []struct {
		name, expr string
		vars       map[string]Results
		want       []string
	}{
		{"series op scalar keeps every point", "$A * 2", map[string]Results{"A": nums(s)}, []string{"2", "null", "6"}},
		{"series op series joins equal timestamps", "$A + $B", map[string]Results{"A": nums(s), "B": nums(other)}, []string{"null", "23"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Math(c.expr, c.vars)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Items) != 1 || got.Items[0].Kind != KindSeries {
				t.Fatalf("got %s, want one series", describe(got))
			}
			var vals []string
			for _, p := range got.Items[0].Points {
				vals = append(vals, valueText(p.Value))
			}
			if strings.Join(vals, " ") != strings.Join(c.want, " ") {
				t.Errorf("points %v, want %v", vals, c.want)
			}
		})
	}
}

func TestMathErrors(t *testing.T) {
	cases := []struct{ expr, want string }{
		{"$A +", "unexpected end of expression"},
		{"(1 + 2", "missing )"},
		{"1 2", `unexpected "2"`},
		{"abs($A)", `unexpected character 'a'`},
		{"$A > 1", "math refers to $A, which is not an input"},
		{"${A", "unclosed ${"},
		{"$ + 1", "empty variable name"},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			_, err := Math(c.expr, nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}
