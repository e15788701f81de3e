package graph

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

func TestDetailsFollowsPagesAndSortsStably(t *testing.T) {
	const id = "c1d2e3f4-5678-49ab-9cde-0123456789ab"
	ev := func(at, event, desc string) map[string]any {
		return map[string]any{"id": id, "messageId": "<m@contoso.com>", "dateTime": at, "event": event, "action": "", "description": desc, "data": "<root></root>"}
	}
	var f *fakeMS
	f = newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
		body := map[string]any{"@odata.context": "https://graph.example/v1.0/$metadata#Collection(microsoft.graph.exchangeMessageTraceDetail)"}
		if n == 0 {
			body["value"] = []map[string]any{
				ev("2026-02-28T09:15:02Z", "Deliver", "The message was successfully delivered."),
				ev("2026-02-28T09:15:00Z", "Receive", "Message received by: MN2PR00MB0670.namprd00.prod.outlook.com"),
				ev("2026-02-28T09:15:00Z", "Submit", "same second as Receive, listed after it"),
			}
			body["@odata.nextLink"] = f.srv.URL + r.URL.EscapedPath() + "?$skiptoken=d2"
		} else {
			body["value"] = []map[string]any{ev("2026-02-28T09:15:01.5Z", "Transfer", "forked")}
		}
		writeJSON(w, http.StatusOK, body)
	})
	got, err := f.client(f.config()).Details(context.Background(), id, "o'hara@example.com")
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	for _, d := range got {
		events = append(events, d.Event)
	}
	if want := []string{"Receive", "Submit", "Transfer", "Deliver"}; !reflect.DeepEqual(events, want) {
		t.Errorf("events %v, want %v", events, want)
	}
	wantFirst := trace.Detail{ID: id, MessageID: "<m@contoso.com>", Time: time.Date(2026, 2, 28, 9, 15, 0, 0, time.UTC), Event: "Receive",
		Description: "Message received by: MN2PR00MB0670.namprd00.prod.outlook.com", Data: "<root></root>"}
	if got[0] != wantFirst {
		t.Errorf("detail\n got %+v\nwant %+v", got[0], wantFirst)
	}
	reqs := f.requests()
	wantPath := tracesPath + "/" + id + "/getDetailsByRecipient(recipientAddress='o''hara@example.com')"
	if len(reqs) != 2 || reqs[0].Path != wantPath || reqs[1].Path != wantPath || reqs[1].RawQuery != "$skiptoken=d2" {
		t.Fatalf("requests %+v", reqs)
	}
	if want := tracesPath + "/" + id + "/getDetailsByRecipient(recipientAddress='o%27%27hara@example.com')"; reqs[0].EscapedPath != want {
		t.Errorf("escaped path %s, want %s", reqs[0].EscapedPath, want)
	}
	if reqs[0].Prefer != "include-unknown-enum-members" {
		t.Errorf("Prefer %q", reqs[0].Prefer)
	}
}

func TestDetailsValidatesArguments(t *testing.T) {
	f := newFakeMS(t, okGraph)
	c := f.client(f.config())
	for _, args := range [][2]string{{"", "a@example.com"}, {"id", "*@example.com"}, {"id", "' or 1 eq 1"}, {"id\n", "a@example.com"}} {
		_, err := c.Details(context.Background(), args[0], args[1])
		var ve *FieldError
		if !errors.As(err, &ve) || !backend.IsDownstreamError(err) {
			t.Errorf("Details(%q, %q): err %v, want a downstream FieldError", args[0], args[1], err)
		}
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests for invalid arguments", n)
	}
}

func TestDetailsURLEscapesID(t *testing.T) {
	c := &Client{base: mustURL(t, "https://graph.example")}
	got := c.detailsURL("a/b c", "x@example.com")
	want := "https://graph.example" + tracesPath + "/a%2Fb%20c/getDetailsByRecipient(recipientAddress='x@example.com')"
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

// TestDetailsNotFound: Graph's 404 is reported as trace.ErrNotFound, once, with no retry.
func TestDetailsNotFound(t *testing.T) {
	f := newFakeMS(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		graphError(w, http.StatusNotFound, "NotFound", "The requested resource was not found")
	})
	_, err := f.client(f.config()).Details(context.Background(), "c1d2e3f4-5678-49ab-9cde-0123456789ab", "a@example.com")
	if !errors.Is(err, trace.ErrNotFound) || !backend.IsDownstreamError(err) {
		t.Fatalf("err %v, want downstream trace.ErrNotFound", err)
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("%d requests, want 1 (a 404 is not retried)", n)
	}
}
