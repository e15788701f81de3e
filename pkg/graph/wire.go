package graph

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// tracePage is one page of GET .../messageTraces.
type tracePage struct {
	Value    []wireTrace `json:"value"`
	NextLink string      `json:"@odata.nextLink"`
}

// wireTrace is exchangeMessageTrace as Graph sends it.
type wireTrace struct {
	ID               string    `json:"id"`
	MessageID        string    `json:"messageId"`
	ReceivedDateTime graphTime `json:"receivedDateTime"`
	SenderAddress    string    `json:"senderAddress"`
	RecipientAddress string    `json:"recipientAddress"`
	Subject          string    `json:"subject"`
	Size             int64     `json:"size"`
	FromIP           string    `json:"fromIP"`
	ToIP             string    `json:"toIP"`
	Status           string    `json:"status"`
}

func (w wireTrace) toTrace() trace.Trace {
	return trace.Trace{
		ID: w.ID, MessageID: w.MessageID, Received: time.Time(w.ReceivedDateTime),
		Sender: w.SenderAddress, Recipient: w.RecipientAddress, Subject: w.Subject,
		Size: w.Size, FromIP: w.FromIP, ToIP: w.ToIP, Status: trace.ParseStatus(w.Status),
	}
}

// detailPage is one page of getDetailsByRecipient.
type detailPage struct {
	Value    []wireDetail `json:"value"`
	NextLink string       `json:"@odata.nextLink"`
}

// wireDetail is exchangeMessageTraceDetail as Graph sends it.
type wireDetail struct {
	ID          string    `json:"id"`
	MessageID   string    `json:"messageId"`
	DateTime    graphTime `json:"dateTime"`
	Event       string    `json:"event"`
	Action      string    `json:"action"`
	Description string    `json:"description"`
	Data        string    `json:"data"`
}

func (w wireDetail) toDetail() trace.Detail {
	return trace.Detail{
		ID: w.ID, MessageID: w.MessageID, Time: time.Time(w.DateTime),
		Event: w.Event, Action: w.Action, Description: w.Description, Data: w.Data,
	}
}

// graphTime is a DateTimeOffset in UTC. It also accepts a timestamp without
// offset (read as UTC) so one odd value cannot fail a whole 5,000-row page.
type graphTime time.Time

func (t *graphTime) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil || s == "" {
		return nil // null or missing: zero time
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if v, err := time.Parse(layout, s); err == nil {
			*t = graphTime(v.UTC())
			return nil
		}
	}
	return fmt.Errorf("unrecognised date-time %q", s)
}
