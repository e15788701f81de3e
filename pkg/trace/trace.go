// Package trace defines the message-trace record shared by every layer and the
// Source interface that both Microsoft Graph and the demo tenant implement.
package trace

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound means the source holds no such trace (or not for that recipient):
// the user asked for something that is not there, not a failure.
var ErrNotFound = errors.New("no such message trace")

// Status is the delivery status of a trace, as Graph's exchangeMessageTraceStatus
// enum spells it (camelCase).
type Status uint8

// The values of exchangeMessageTraceStatus, in Graph's order, plus StatusUnknown for
// anything a newer service returns that this build does not know.
const (
	StatusUnknown Status = iota
	StatusGettingStatus
	StatusPending
	StatusFailed
	StatusDelivered
	StatusExpanded
	StatusQuarantined
	StatusFilteredAsSpam
	StatusRecalled
)

var statusNames = [...]string{"unknown", "gettingStatus", "pending", "failed", "delivered", "expanded", "quarantined", "filteredAsSpam", "recalled"}

// Statuses lists every known status (StatusUnknown last), for editors and pivots.
func Statuses() []Status {
	return []Status{StatusGettingStatus, StatusPending, StatusFailed, StatusDelivered, StatusExpanded, StatusQuarantined, StatusFilteredAsSpam, StatusRecalled, StatusUnknown}
}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unknown"
}

// ParseStatus maps Graph's spelling to a Status. It is case-insensitive because the
// beta documentation shows PascalCase; unrecognised values (including
// unknownFutureValue) become StatusUnknown rather than failing the page.
func ParseStatus(s string) Status {
	for i, n := range statusNames {
		if equalFold(n, s) {
			return Status(i)
		}
	}
	return StatusUnknown
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// Trace is one exchangeMessageTrace row: one message to one recipient.
type Trace struct {
	ID        string    // Graph's trace id (a GUID); with Recipient it identifies the row
	MessageID string    // the Message-ID header
	Received  time.Time // UTC
	Sender    string
	Recipient string
	Subject   string
	Size      int64 // bytes
	FromIP    string
	ToIP      string // empty for inbound mail
	Status    Status
}

// Key identifies a row for de-duplication and upserts.
type Key struct{ ID, Recipient string }

// Key returns the (id, recipientAddress) identity of the trace.
func (t Trace) Key() Key { return Key{t.ID, t.Recipient} }

// Detail is one exchangeMessageTraceDetail event of getDetailsByRecipient.
type Detail struct {
	ID          string
	MessageID   string
	Time        time.Time
	Event       string
	Action      string
	Description string
	Data        string
}

// SubjectOp is how a pushed-down subject filter matches.
type SubjectOp string

// Subject operators Graph documents for $filter.
const (
	SubjectContains   SubjectOp = "contains"
	SubjectStartsWith SubjectOp = "startsWith"
	SubjectEndsWith   SubjectOp = "endsWith"
)

// Filter is what can be pushed down to Graph: at most one value per property,
// combined with AND. An address may be "*@domain" to match a whole domain. An empty
// field means "no condition". Everything else is filtered locally by the query engine.
type Filter struct {
	ID        string
	MessageID string
	Sender    string
	Recipient string
	Status    Status // StatusUnknown = no condition
	FromIP    string
	ToIP      string
	Subject   string
	SubjectOp SubjectOp
}

// IsZero reports whether the filter has no condition.
func (f Filter) IsZero() bool { return f == Filter{} }

// Request asks a source for the traces received in [From, To] matching Filter.
type Request struct {
	From, To time.Time
	Filter   Filter
	// Resume is a Result.Resume of an earlier call with the same Filter: the
	// source continues the read where it stopped if it still can, else it reads
	// the range from the start. Empty: read from the start.
	Resume string
}

// Severity of a notice, mirroring Grafana's frame notice severities.
type Severity int

// Notice severities.
const (
	SeverityInfo Severity = iota
	SeverityWarning
	SeverityError
)

// Notice is something the user must know about a result, such as a clamped range
// or a window that could not be loaded. It becomes a frame notice.
type Notice struct {
	Severity Severity
	Text     string
}

// Result is what a source returns. Traces are de-duplicated on Key.
type Result struct {
	Traces  []Trace
	Notices []Notice
	// Covered is the part of the requested range actually read, after clamping
	// (e.g. to Graph's 90-day limit). Zero if nothing was read.
	CoveredFrom, CoveredTo time.Time
	// Resume, set when a read stopped part-way, lets a later Request continue it
	// (Graph: at the page it stopped) instead of starting over. Opaque.
	Resume string
}

// Source is where traces come from: Microsoft Graph or the demo tenant.
//
// List must return every row it has read even when it fails part-way: a non-nil
// error together with a non-empty Result means the result is partial, and the
// caller keeps the rows and reports the error. Sources are safe for concurrent use.
type Source interface {
	List(ctx context.Context, req Request) (Result, error)
	Details(ctx context.Context, id, recipient string) ([]Detail, error)
}
