package query

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// details returns the hop-by-hop events of one message for one recipient.
// It reads no rows: the loader asks Graph for the events.
func details(ctx context.Context, req *request) (data.Frames, error) {
	q := req.q
	events, err := req.e.loader.Details(ctx, q.TraceID, q.Recipient)
	if errors.Is(err, trace.ErrNotFound) {
		return nil, invalidf("no message trace %s for recipient %s: Microsoft keeps traces for 90 days, and the recipient must be one of the message's recipients", q.TraceID, q.Recipient)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the events of trace %s for %s: %w", q.TraceID, q.Recipient, err)
	}
	n := len(events)
	times := make([]time.Time, n)
	event, action, desc, detail := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, d := range events {
		times[i], event[i], action[i], desc[i], detail[i] = d.Time.UTC(), d.Event, d.Action, d.Description, d.Data
	}
	frame := data.NewFrame(string(TypeDetails),
		data.NewField("time", nil, times),
		data.NewField("event", nil, event),
		data.NewField("action", nil, action),
		data.NewField("description", nil, desc),
		data.NewField("data", nil, detail),
	)
	frame.RefID = q.RefID
	frame.Meta = &data.FrameMeta{ExecutedQueryString: fmt.Sprintf(
		"GET messageTraces/%s/getDetailsByRecipient(recipientAddress=%s)", q.TraceID, trace.Quote(q.Recipient))}
	return data.Frames{frame}, nil
}
