package query

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/geo"
)

// Side says whose IP a geo query locates.
type Side string

// Sides.
const (
	SideFrom Side = "from" // fromIP: the sending server or client
	SideTo   Side = "to"   // toIP: the receiving server of outbound mail
)

func (s Side) dimension() Dimension {
	if s == SideTo {
		return DimToCountry
	}
	return DimFromCountry
}

// countryNames spells country keys: key 0 is unknown (""), key 1+26a+b the code
// of letters a and b. A fixed key space lets countries index dense arrays (filter
// memos, groups) as dictionary ids do, without a dictionary.
var countryNames = func() []string {
	names := make([]string, 1, 1+26*26)
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			names = append(names, string([]rune{a, b}))
		}
	}
	return names
}()

// countryKey returns the key of a country code, or 0 if it is not one.
func countryKey(code string) uint32 {
	c, ok := geo.Code(code)
	if !ok {
		return 0
	}
	return 1 + uint32(c[0]-'A')*26 + uint32(c[1]-'A')
}

func isCountryDim(d Dimension) bool { return d == DimFromCountry || d == DimToCountry }

// checkCountries validates the values of a country filter.
func checkCountries(vals []string) error {
	for _, v := range vals {
		if countryKey(v) == 0 {
			return fmt.Errorf("bad country %q: use ISO 3166-1 alpha-2 codes such as JP or US", v)
		}
	}
	return nil
}

// countries returns the country key of every selected row's fromIP or toIP.
func (x *run) countries(r rows, d Dimension) []uint32 {
	col := colFromIP
	if d == DimToCountry {
		col = colToIP
	}
	ids := gather(r, col)
	cv := x.cache.countryView(x.view, x.e.opts.Geo)
	for i, id := range ids {
		ids[i] = cv.key(id)
	}
	return ids
}

func parseGeo(q *Query, w wireQuery) error {
	if q.Type != TypeGeo {
		return nil
	}
	q.Side = Side(cmp.Or(strings.ToLower(strings.TrimSpace(w.Side)), string(SideFrom)))
	if q.Side != SideFrom && q.Side != SideTo {
		return invalidf("unknown side %q: use from (the sender's IP, fromIP) or to (the receiving server's IP, toIP)", w.Side)
	}
	for _, c := range w.Exclude {
		code, ok := geo.Code(c)
		if !ok {
			return invalidf("excludeCountries: bad country %q: use ISO 3166-1 alpha-2 codes such as JP or US", c)
		}
		q.ExcludeCountries = append(q.ExcludeCountries, code)
	}
	return nil
}

// geoCounts is the geo query: the metric per country of the senders' IPs (side
// from) or of the receiving servers' IPs (side to), largest first. The frame is
// numeric-long, a country column and one number column, so a Geomap panel looks
// the codes up and an alert rule gets one instance per country. Rows without an
// IP or whose country is unknown (private, reserved, not in the database) are
// left out, and so are excludeCountries: leaving out the usual countries makes
// the unusual-geography rule.
func geoCounts(ctx context.Context, x *run) (data.Frames, error) {
	dim := x.q.Side.dimension()
	gr := x.groupBy([]Dimension{dim})
	skip := make([]bool, len(countryNames))
	skip[0] = true
	for _, c := range x.q.ExcludeCountries {
		skip[countryKey(c)] = true
	}
	for i, g := range gr.groups {
		if skip[gr.keys[0][g]] {
			gr.groups[i] = -1
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	x.implicit = append(x.implicit, x.geoCondition(dim))
	v := x.aggregate(x.rows, gr.groups, gr.n(), x.q.Metric, x.q.MetricDimension)
	order := slices.DeleteFunc(topOrder(v, gr, gr.n()), func(g int) bool { return skip[gr.keys[0][g]] })
	labels := make([]string, len(order))
	for i, g := range order {
		labels[i] = gr.label(g, 0)
	}
	frame := data.NewFrame(string(TypeGeo), data.NewField("country", nil, labels),
		metricField(string(x.q.Metric), x.q.Metric, v, order))
	frame.Meta = typedMeta(data.FrameTypeNumericLong)
	return data.Frames{frame}, nil
}

// geoCondition describes, for the inspector, which rows a geo query counts.
func (x *run) geoCondition(dim Dimension) string {
	cond := string(dim) + " is known"
	if len(x.q.ExcludeCountries) > 0 {
		cond += " and " + describeFilter(Filter{Dimension: dim, Op: OpNotIn, Values: x.q.ExcludeCountries})
	}
	return cond
}
