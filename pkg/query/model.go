package query

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
)

// QueryType selects what a query computes (docs/query-model.md).
type QueryType string

// Query types.
const (
	TypeTraces     QueryType = "traces"
	TypeTimeseries QueryType = "timeseries"
	TypeStats      QueryType = "stats"
	TypeTop        QueryType = "top"
	TypeKeywords   QueryType = "keywords"
	TypeCampaigns  QueryType = "campaigns"
	TypeBaseline   QueryType = "baseline"
	TypeDetails    QueryType = "details"
	TypeValues     QueryType = "values"
	TypeGeo        QueryType = "geo"
	TypeThreats    QueryType = "threats"
	TypeNovelty    QueryType = "novelty"
	TypeWatchlist  QueryType = "watchlist"
)

var queryTypes = []QueryType{TypeTraces, TypeTimeseries, TypeStats, TypeTop, TypeKeywords, TypeCampaigns,
	TypeBaseline, TypeDetails, TypeValues, TypeGeo, TypeThreats, TypeNovelty, TypeWatchlist}

// Stat is one number of a stats query.
type Stat string

// Stats.
const (
	StatCount                    Stat = "count"
	StatSizeSum                  Stat = "sizeSum"
	StatSizeAvg                  Stat = "sizeAvg"
	StatSizeMax                  Stat = "sizeMax"
	StatDistinctSenders          Stat = "distinctSenders"
	StatDistinctRecipients       Stat = "distinctRecipients"
	StatDistinctSenderDomains    Stat = "distinctSenderDomains"
	StatDistinctRecipientDomains Stat = "distinctRecipientDomains"
)

var allStats = []Stat{StatCount, StatSizeSum, StatSizeAvg, StatSizeMax, StatDistinctSenders,
	StatDistinctRecipients, StatDistinctSenderDomains, StatDistinctRecipientDomains}

// Query is a parsed and validated query with defaults applied.
type Query struct {
	RefID    string
	Type     QueryType
	From, To time.Time
	// PanelInterval and MaxDataPoints come from Grafana, not from the JSON.
	PanelInterval time.Duration
	MaxDataPoints int64

	Filters []columns.Filter
	Limit   int

	Metric          columns.Metric
	MetricDimension columns.Dimension
	SplitBy         columns.Dimension
	Interval        time.Duration // 0 = the panel's interval
	SeriesLimit     int
	IncludeOther    bool

	Stats   []Stat
	GroupBy []columns.Dimension
	Pivot   bool

	MinMessages int

	Window          time.Duration
	BaselineWindows int
	BaselineMode    BaselineMode
	MinCount        int    // baseline: scores 0 below it; novelty: smallest count reported
	MinHistory      int    // baseline: past windows with traces needed for a score
	Output          string // one baseline, novelty, campaigns, threats or watchlist number column, or "" for all

	LookbackDays int         // novelty: days before the range a value must be absent from
	HistoryDays  int         // campaigns, bursting keywords: days of history scored against
	KeywordMode  KeywordMode // keywords: count or bursting

	TraceID   string
	Recipient string

	Dimension columns.Dimension // values: whose distinct values
	Prefix    string            // values: case-insensitive prefix

	Side             Side     // geo: whose IP
	ExcludeCountries []string // geo: upper-case codes left out
	MinConfidence    int      // threats: weakest indicator reported
}

// wireQuery is the JSON of docs/query-model.md as sent; Parse validates it.
type wireQuery struct {
	QueryType       string           `json:"queryType"`
	Filters         []columns.Filter `json:"filters"`
	Limit           int              `json:"limit"`
	Metric          string           `json:"metric"`
	MetricDimension string           `json:"metricDimension"`
	SplitBy         string           `json:"splitBy"`
	Interval        string           `json:"interval"`
	SeriesLimit     int              `json:"seriesLimit"`
	IncludeOther    bool             `json:"includeOther"`
	Stats           []string         `json:"stats"`
	GroupBy         []string         `json:"groupBy"`
	Pivot           bool             `json:"pivot"`
	MinMessages     int              `json:"minMessages"`
	Window          string           `json:"window"`
	BaselineWindows int              `json:"baselineWindows"`
	Output          string           `json:"output"`
	BaselineMode    string           `json:"baselineMode"`
	MinCount        *int             `json:"minCount"`
	MinHistory      *int             `json:"minHistory"`
	LookbackDays    int              `json:"lookbackDays"`
	HistoryDays     int              `json:"historyDays"`
	Mode            string           `json:"mode"`
	TraceID         string           `json:"traceId"`
	Recipient       string           `json:"recipient"`
	Dimension       string           `json:"dimension"`
	Prefix          string           `json:"prefix"`
	Side            string           `json:"side"`
	Exclude         []string         `json:"excludeCountries"`
	MinConfidence   int              `json:"minConfidence"`
}

// Defaults and bounds.
const (
	defaultSeriesLimit = 10
	maxSeriesLimit     = 100
	defaultMinMessages = 20
	defaultWindow      = time.Hour
	maxBaselineN       = 500
	minInterval        = time.Minute
	// maxHistory is how far back Microsoft keeps message traces.
	maxHistory = 90 * 24 * time.Hour
)

// limits holds the default and maximum limit per query type.
var limits = map[QueryType][2]int{
	TypeTraces:    {1000, 50000},
	TypeTop:       {10, 1000},
	TypeKeywords:  {20, 1000},
	TypeCampaigns: {20, 1000},
	TypeBaseline:  {20, 1000},
	TypeValues:    {100, 10000},
	TypeThreats:   {100, 1000},
	TypeNovelty:   {100, 1000},
	TypeWatchlist: {100, 1000},
}

// TimeRange is the panel's time range; a zero To means now.
type TimeRange struct{ From, To time.Time }

// Envelope is what Grafana sends beside a query's JSON: its refId, the query
// type (which wins over the JSON's), and the panel's interval and width.
type Envelope struct {
	RefID         string
	QueryType     string
	Interval      time.Duration
	MaxDataPoints int64
}

// Parse reads and validates the JSON of one query: first against the query
// contract (pkg/kinds), then the checks that need more than the JSON's shape.
// Errors are InvalidQueryErrors that say what to fix.
func Parse(raw []byte, tr TimeRange, env Envelope) (Query, error) {
	if err := checkContract(raw, env.QueryType); err != nil {
		return Query{}, err
	}
	var w wireQuery
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &w); err != nil {
			return Query{}, invalidf("the query is not valid JSON: %v", err)
		}
	}
	q := Query{
		RefID: env.RefID, From: tr.From.UTC(), To: tr.To.UTC(),
		PanelInterval: env.Interval, MaxDataPoints: env.MaxDataPoints,
		IncludeOther: w.IncludeOther, Pivot: w.Pivot, Output: w.Output,
		TraceID: strings.TrimSpace(w.TraceID), Recipient: strings.TrimSpace(w.Recipient), Prefix: w.Prefix,
	}
	steps := []func(*Query, wireQuery) error{
		parseType(env.QueryType), parseFilters, parseLimit, parseMetric, parseSplit,
		parseStats, parseGroupBy, parseCampaign, parseBaseline, parseDetails, parseValues,
		parseGeo, parseThreats, parseNovelty, parseKeywords, parseWatchlist,
	}
	for _, step := range steps {
		if err := step(&q, w); err != nil {
			return Query{}, err
		}
	}
	return q, nil
}

func parseType(fromRequest string) func(*Query, wireQuery) error {
	return func(q *Query, w wireQuery) error {
		t := cmp.Or(fromRequest, w.QueryType, string(TypeTraces))
		if !slices.Contains(queryTypes, QueryType(t)) {
			return invalidf("unknown queryType %q: use one of %s", t, joinNames(queryTypes))
		}
		q.Type = QueryType(t)
		if q.Type != TypeDetails && q.To.Before(q.From) {
			return invalidf("the time range ends before it starts")
		}
		return nil
	}
}

func parseFilters(q *Query, w wireQuery) error {
	for i, f := range w.Filters {
		f, keep, err := columns.CheckFilter(f)
		if err != nil {
			return invalidf("filter %d (%s %s): %v", i+1, f.Dimension, f.Op, err)
		}
		if keep {
			q.Filters = append(q.Filters, f)
		}
	}
	return nil
}

func parseLimit(q *Query, w wireQuery) error {
	bounds, ok := limits[q.Type]
	if !ok {
		return nil
	}
	q.Limit = w.Limit
	if q.Limit == 0 {
		q.Limit = bounds[0]
	}
	if q.Limit < 1 || q.Limit > bounds[1] {
		return invalidf("limit %d is out of range: use 1 to %d (0 = %d)", w.Limit, bounds[1], bounds[0])
	}
	return nil
}

func parseMetric(q *Query, w wireQuery) error {
	q.Metric = columns.Metric(cmp.Or(w.Metric, string(columns.MetricCount)))
	if !slices.Contains(columns.Metrics, q.Metric) {
		return invalidf("unknown metric %q: use one of %s", w.Metric, joinNames(columns.Metrics))
	}
	if q.Metric != columns.MetricDistinct {
		return nil
	}
	d, err := groupDimension("metricDimension", w.MetricDimension)
	if err != nil {
		return err
	}
	if d == "" {
		return invalidf("metric distinct needs a metricDimension, e.g. sender")
	}
	q.MetricDimension = d
	return nil
}

func parseSplit(q *Query, w wireQuery) error {
	if q.Type != TypeTimeseries {
		return nil
	}
	d, err := groupDimension("splitBy", w.SplitBy)
	if err != nil {
		return err
	}
	q.SplitBy = d
	q.SeriesLimit = cmp.Or(w.SeriesLimit, defaultSeriesLimit)
	if q.SeriesLimit < 1 || q.SeriesLimit > maxSeriesLimit {
		return invalidf("seriesLimit %d is out of range: use 1 to %d", w.SeriesLimit, maxSeriesLimit)
	}
	if w.Interval == "" {
		return nil
	}
	iv, err := parseDuration(w.Interval)
	if err != nil {
		return invalidf("bad interval %q: use a duration such as 5m, 1h or 1d", w.Interval)
	}
	if iv < minInterval {
		return invalidf("interval %q is too short: use at least %s", w.Interval, shortDuration(minInterval))
	}
	q.Interval = iv
	return nil
}

func parseStats(q *Query, w wireQuery) error {
	if q.Type != TypeStats {
		return nil
	}
	if len(w.Stats) == 0 {
		q.Stats = allStats
		return nil
	}
	for _, s := range w.Stats {
		if !slices.Contains(allStats, Stat(s)) {
			return invalidf("unknown stat %q: use any of %s", s, joinNames(allStats))
		}
		if !slices.Contains(q.Stats, Stat(s)) {
			q.Stats = append(q.Stats, Stat(s))
		}
	}
	return nil
}

func parseGroupBy(q *Query, w wireQuery) error {
	lo, hi := 0, 0
	switch q.Type {
	case TypeTop:
		lo, hi = 1, 2
	case TypeBaseline:
		lo, hi = 0, 1
	default:
		return nil
	}
	if len(w.GroupBy) < lo || len(w.GroupBy) > hi {
		return invalidf("%s takes %d to %d groupBy dimensions, got %d", q.Type, lo, hi, len(w.GroupBy))
	}
	for _, name := range w.GroupBy {
		d, err := groupDimension("groupBy", name)
		if err != nil {
			return err
		}
		if d == "" || slices.Contains(q.GroupBy, d) {
			return invalidf("groupBy needs distinct, non-empty dimensions, got %q", w.GroupBy)
		}
		q.GroupBy = append(q.GroupBy, d)
	}
	if q.Pivot && len(q.GroupBy) != 2 {
		return invalidf("pivot needs two groupBy dimensions: rows, then columns")
	}
	return nil
}

func parseCampaign(q *Query, w wireQuery) error {
	if q.Type != TypeCampaigns {
		return nil
	}
	if err := parseHistoryDays(q, w); err != nil {
		return err
	}
	q.MinMessages = cmp.Or(w.MinMessages, defaultMinMessages)
	if q.MinMessages < 1 {
		return invalidf("minMessages must be at least 1, got %d", w.MinMessages)
	}
	if q.Output != "" && !slices.Contains(campaignOutputs, q.Output) {
		return invalidf("unknown output %q: use messages, senders, recipients, score or variants for an alert rule, or leave it empty for the table", q.Output)
	}
	return nil
}

// campaignOutputs are the campaign columns an alert rule can evaluate alone.
var campaignOutputs = []string{"messages", "senders", "recipients", "score", "variants"}

func parseBaseline(q *Query, w wireQuery) error {
	if q.Type != TypeBaseline {
		return nil
	}
	q.BaselineMode = BaselineMode(cmp.Or(w.BaselineMode, string(ModeTrailing)))
	if !slices.Contains(baselineModes, q.BaselineMode) {
		return invalidf("unknown baselineMode %q: use one of %s", w.BaselineMode, joinNames(baselineModes))
	}
	q.Window = defaultWindow
	if w.Window != "" {
		win, err := parseDuration(w.Window)
		if err != nil || win < minInterval {
			return invalidf("bad window %q: use a duration of at least 1m, such as 1h or 1d", w.Window)
		}
		q.Window = win
	}
	period := map[BaselineMode]time.Duration{ModeTrailing: q.Window, ModeDays: 24 * time.Hour, ModeHourOfWeek: 7 * 24 * time.Hour}[q.BaselineMode]
	if q.Window > period {
		return invalidf("window %s is longer than the %s step of baselineMode %s: use at most %s", shortDuration(q.Window), shortDuration(period), q.BaselineMode, shortDuration(period))
	}
	q.BaselineWindows = cmp.Or(w.BaselineWindows, defaultBaselineWindows[q.BaselineMode])
	if q.BaselineWindows < 1 || q.BaselineWindows > maxBaselineN {
		return invalidf("baselineWindows %d is out of range: use 1 to %d", w.BaselineWindows, maxBaselineN)
	}
	if span := period*time.Duration(q.BaselineWindows) + q.Window; span > maxHistory {
		return invalidf("baselineWindows × %s + window spans %s, more than the 90 days Microsoft keeps", shortDuration(period), shortDuration(span))
	}
	var err error
	if q.MinCount, err = optionalCount("minCount", w.MinCount, 0, math.MaxInt32); err != nil {
		return err
	}
	// Trailing keeps its old answer by default; the calendar modes want half their windows.
	minHistory := 0
	if q.BaselineMode != ModeTrailing {
		minHistory = (q.BaselineWindows + 1) / 2
	}
	if q.MinHistory, err = optionalCount("minHistory", w.MinHistory, minHistory, q.BaselineWindows); err != nil {
		return err
	}
	if q.Output != "" && !slices.Contains(baselineColumns, q.Output) {
		return invalidf("unknown output %q: use one of %s, or leave it empty for all", q.Output, strings.Join(baselineColumns, ", "))
	}
	return nil
}

// defaultBaselineWindows is N per baseline mode: a day of hours, four weeks, a week of days.
var defaultBaselineWindows = map[BaselineMode]int{ModeTrailing: 24, ModeHourOfWeek: 4, ModeDays: 7}

// optionalCount reads an optional whole number in [0, hi]; nil takes def.
func optionalCount(field string, v *int, def, hi int) (int, error) {
	if v == nil {
		return def, nil
	}
	if *v < 0 || *v > hi {
		return 0, invalidf("%s %d is out of range: use 0 to %d", field, *v, hi)
	}
	return *v, nil
}

func parseDetails(q *Query, _ wireQuery) error {
	if q.Type != TypeDetails {
		return nil
	}
	switch {
	case q.TraceID == "" && q.Recipient == "":
		return invalidf("details needs the traceId and the recipient of one trace")
	case q.TraceID == "":
		return invalidf("details needs a traceId (the id field of a trace)")
	case q.Recipient == "":
		return invalidf("details needs a recipient: Microsoft keeps events per recipient")
	}
	return nil
}

func parseValues(q *Query, w wireQuery) error {
	if q.Type != TypeValues {
		return nil
	}
	d, err := groupDimension("dimension", w.Dimension)
	if err != nil {
		return err
	}
	if d == "" {
		return invalidf("values needs a dimension: one of %s", joinNames(groupable))
	}
	q.Dimension = d
	return nil
}

// groupDimension validates a dimension that is grouped or split on; "" stays "".
func groupDimension(field, name string) (columns.Dimension, error) {
	d := columns.Dimension(name)
	if name == "" || columns.IsGroupable(d) {
		return d, nil
	}
	return "", invalidf("unknown %s dimension %q: use one of %s", field, name, joinNames(groupable))
}

// parseDuration reads Go durations plus Grafana's d (day) and w (week) units.
func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n := len(s); n > 1 && (s[n-1] == 'd' || s[n-1] == 'w') {
		v, err := strconv.Atoi(s[:n-1])
		if err != nil || v <= 0 {
			return 0, fmt.Errorf("bad duration %q", s)
		}
		unit := 24 * time.Hour
		if s[n-1] == 'w' {
			unit *= 7
		}
		return time.Duration(v) * unit, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("bad duration %q", s)
	}
	return d, nil
}

// shortDuration prints whole days as "7d" and the rest as Go does, without zero units.
func shortDuration(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	return strings.TrimSuffix(s, "0m")
}

func joinNames[T ~string](vals []T) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = string(v)
	}
	return strings.Join(parts, ", ")
}

// groupable names the dimensions a query can group by, for error messages.
var groupable = columns.Dimensions()
