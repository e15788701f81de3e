package columns

import (
	"slices"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Metric is what timeseries, top and baseline compute per group.
type Metric string

// Metrics.
const (
	MetricCount    Metric = "count"
	MetricSizeSum  Metric = "sizeSum"
	MetricSizeAvg  Metric = "sizeAvg"
	MetricSizeMax  Metric = "sizeMax"
	MetricSizeP95  Metric = "sizeP95"
	MetricDistinct Metric = "distinct"
)

// Metrics lists the metrics in editor order.
var Metrics = []Metric{MetricCount, MetricSizeSum, MetricSizeAvg, MetricSizeMax, MetricSizeP95, MetricDistinct}

// Filter is one condition of a query. Values are already interpolated by the frontend.
type Filter struct {
	Dimension Dimension `json:"dimension"`
	Op        Op        `json:"op"`
	Values    []string  `json:"values"`
}

// Dimension is a property a query can filter or group on.
type Dimension string

// The dimensions of docs/query-model.md. Size is filter-only (numeric); the
// countries need a geo resolver (countries.go).
const (
	DimStatus          Dimension = "status"
	DimSender          Dimension = "sender"
	DimSenderDomain    Dimension = "senderDomain"
	DimRecipient       Dimension = "recipient"
	DimRecipientDomain Dimension = "recipientDomain"
	DimFromIP          Dimension = "fromIP"
	DimToIP            Dimension = "toIP"
	DimDirection       Dimension = "direction"
	DimSubject         Dimension = "subject"
	DimSubjectTemplate Dimension = "subjectTemplate"
	DimSizeBucket      Dimension = "sizeBucket"
	DimMessageID       Dimension = "messageId"
	DimID              Dimension = "id"
	DimSize            Dimension = "size"
	DimFromCountry     Dimension = "fromCountry"
	DimToCountry       Dimension = "toCountry"
	// The networks of fromIP and toIP need an ASN resolver (enrich.go).
	DimFromAsn Dimension = "fromAsn"
	DimFromOrg Dimension = "fromOrg"
	DimToAsn   Dimension = "toAsn"
	DimToOrg   Dimension = "toOrg"
)

// groupable lists, in editor order, the dimensions a query can group by.
var groupable = []Dimension{
	DimStatus, DimSender, DimSenderDomain, DimRecipient, DimRecipientDomain,
	DimFromIP, DimToIP, DimFromCountry, DimToCountry, DimFromAsn, DimFromOrg, DimToAsn, DimToOrg, DimDirection, DimSubject,
	DimSubjectTemplate, DimSizeBucket, DimMessageID, DimID,
}

// Op is a filter operator.
type Op string

// Filter operators; semantics in docs/query-model.md.
const (
	OpEq         Op = "eq"
	OpNeq        Op = "neq"
	OpIn         Op = "in"
	OpNotIn      Op = "notIn"
	OpContains   Op = "contains"
	OpStartsWith Op = "startsWith"
	OpEndsWith   Op = "endsWith"
	OpRegex      Op = "regex"
	OpCIDR       Op = "cidr"
	OpGt         Op = "gt"
	OpLt         Op = "lt"
	// Tenant-profile operators on countries take no values: the engine fills in the
	// data source's home or embargoed countries (ResolveProfile) before compiling.
	OpHome         Op = "home"         // a home country
	OpNotHome      Op = "notHome"      // a known country that is not a home country
	OpEmbargoed    Op = "embargoed"    // an embargoed country
	OpNotEmbargoed Op = "notEmbargoed" // not embargoed, unknown included
)

// ProfileOps are the operators whose values come from the tenant profile.
var ProfileOps = []Op{OpHome, OpNotHome, OpEmbargoed, OpNotEmbargoed}

// IsProfileOp reports whether op takes its values from the tenant profile.
func IsProfileOp(op Op) bool { return slices.Contains(ProfileOps, op) }

var (
	setOps    = []Op{OpEq, OpNeq, OpIn, OpNotIn}
	stringOps = slices.Concat(setOps, []Op{OpContains, OpStartsWith, OpEndsWith, OpRegex})
	ipOps     = slices.Concat(stringOps, []Op{OpCIDR})
	enumOps   = slices.Concat(setOps, []Op{OpRegex})
	sizeOps   = slices.Concat(setOps, []Op{OpGt, OpLt})
	asnOps    = slices.Concat(setOps, []Op{OpContains, OpGt, OpLt})
)

// opsFor returns the operators valid on d, or nil if d cannot be filtered on.
func opsFor(d Dimension) []Op {
	switch d {
	case DimFromIP, DimToIP:
		return ipOps
	case DimStatus, DimDirection, DimSizeBucket:
		return enumOps
	case DimFromCountry, DimToCountry:
		return slices.Concat(setOps, ProfileOps)
	case DimSize:
		return sizeOps
	case DimFromAsn, DimToAsn:
		return asnOps
	case DimFromOrg, DimToOrg:
		return stringOps
	case DimSender, DimSenderDomain, DimRecipient, DimRecipientDomain, DimSubject,
		DimSubjectTemplate, DimMessageID, DimID:
		return stringOps
	}
	return nil
}

// IsGroupable reports whether a query can group or split on d.
func IsGroupable(d Dimension) bool { return slices.Contains(groupable, d) }

// StatusName spells a trace status as the status dimension does.
func StatusName(st trace.Status) string { return statusNames[statusKeys([]trace.Status{st})[0]] }

// Dimensions lists the dimensions a query can group by, for the editor.
func Dimensions() []string {
	out := make([]string, len(groupable))
	for i, d := range groupable {
		out[i] = string(d)
	}
	return out
}

// Operators maps every filterable dimension to its valid operators, for the editor.
func Operators() map[string][]string {
	out := make(map[string][]string, len(groupable)+1)
	for _, d := range slices.Concat(groupable, []Dimension{DimSize}) {
		ops := opsFor(d)
		names := make([]string, len(ops))
		for i, op := range ops {
			names[i] = string(op)
		}
		out[string(d)] = names
	}
	return out
}

// Direction values, derived from the accepted domains.
const (
	dirInbound uint32 = iota
	dirOutbound
	dirInternal
)

var directionNames = []string{"inbound", "outbound", "internal"}

// Size buckets, binary units (1 KB = 1024 bytes).
var (
	sizeBucketNames  = []string{"<10KB", "10KB-100KB", "100KB-1MB", "1MB-10MB", ">=10MB"}
	sizeBucketBounds = []int32{10 << 10, 100 << 10, 1 << 20, 10 << 20}
)

func sizeBucket(size int32) uint32 {
	for i, b := range sizeBucketBounds {
		if size < b {
			return uint32(i)
		}
	}
	return uint32(len(sizeBucketBounds))
}

// statusNames names every Status by its numeric value.
var statusNames = func() []string {
	all := trace.Statuses()
	names := make([]string, len(all))
	for _, s := range all {
		names[s] = s.String()
	}
	return names
}()

// enumNames returns the fixed value set of an enumerated dimension, or nil.
func enumNames(d Dimension) []string {
	switch d {
	case DimStatus:
		return statusNames
	case DimDirection:
		return directionNames
	case DimSizeBucket:
		return sizeBucketNames
	}
	return nil
}
