package query

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
	"github.com/exotrace/messagetrace-datasource/pkg/geo"
)

// Side says whose IP a geo query locates.
type Side string

// Sides.
const (
	SideFrom Side = "from" // fromIP: the sending server or client
	SideTo   Side = "to"   // toIP: the receiving server of outbound mail
)

func (s Side) dimension() columns.Dimension {
	if s == SideTo {
		return columns.DimToCountry
	}
	return columns.DimFromCountry
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
func geoCounts(ctx context.Context, req *request) (data.Frames, error) {
	dim := req.q.Side.dimension()
	gr := req.sel.GroupBy([]columns.Dimension{dim})
	skip := make([]bool, columns.CountryKeys)
	skip[0] = true
	for _, c := range req.q.ExcludeCountries {
		skip[columns.CountryKey(c)] = true
	}
	for i, g := range gr.Groups {
		if skip[gr.Keys[0][g]] {
			gr.Groups[i] = -1
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	req.implicit = append(req.implicit, req.geoCondition(dim))
	v := req.sel.Aggregate(req.sel.Rows, gr.Groups, gr.N(), req.q.Metric, req.q.MetricDimension)
	order := slices.DeleteFunc(columns.TopOrder(v, gr, gr.N()), func(g int) bool { return skip[gr.Keys[0][g]] })
	labels := make([]string, len(order))
	for i, g := range order {
		labels[i] = gr.Label(g, 0)
	}
	frame := data.NewFrame(string(TypeGeo), data.NewField("country", nil, labels),
		metricField(string(req.q.Metric), req.q.Metric, v, order))
	frame.Meta = typedMeta(data.FrameTypeNumericLong)
	return data.Frames{frame}, nil
}

// geoCondition describes, for the inspector, which rows a geo query counts.
func (req *request) geoCondition(dim columns.Dimension) string {
	cond := string(dim) + " is known"
	if len(req.q.ExcludeCountries) > 0 {
		cond += " and " + columns.DescribeFilter(columns.Filter{Dimension: dim, Op: columns.OpNotIn, Values: req.q.ExcludeCountries})
	}
	return cond
}
