package graph

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Details returns the events of one trace for one recipient, oldest first
// (stable, since events in the same second can arrive unordered).
func (c *Client) Details(ctx context.Context, id, recipient string) ([]trace.Detail, error) {
	if err := validateDetailArgs(id, recipient); err != nil {
		return nil, withSource(err)
	}
	var out []trace.Detail
	w := c.newWaiter()
	for next := c.detailsURL(id, recipient); next != ""; {
		var page detailPage
		if err := c.getJSON(ctx, w, next, &page); err != nil {
			if errors.Is(err, trace.ErrNotFound) {
				return nil, withSource(notFound(id, recipient, err))
			}
			return out, withSource(err)
		}
		for _, d := range page.Value {
			out = append(out, d.toDetail())
		}
		if err := c.checkNextLink(next, page.NextLink); err != nil {
			return out, withSource(err)
		}
		next = page.NextLink
	}
	if len(out) == 0 {
		// Every delivered or rejected message has at least its receive event, so
		// no events means Graph knows no such trace for this recipient.
		return nil, withSource(notFound(id, recipient, trace.ErrNotFound))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out, nil
}

// notFound names both halves of the key, since either may be the wrong one.
func notFound(id, recipient string, err error) error {
	return fmt.Errorf("no message trace %s for recipient %s (check both; Microsoft keeps traces for 90 days): %w", id, recipient, err)
}

func validateDetailArgs(id, recipient string) error {
	if id == "" {
		return &FieldError{Field: "details.id", Reason: "is required"}
	}
	if _, err := checkText(id); err != nil {
		return &FieldError{Field: "details.id", Reason: err.Error()}
	}
	if _, err := checkAddress(recipient); err != nil || strings.HasPrefix(recipient, "*@") {
		return &FieldError{Field: "details.recipient", Reason: "must be one recipient address (local@domain)"}
	}
	return nil
}

// detailsURL builds the OData function call. The address is an OData literal
// (quotes doubled) inside the path, then percent-encoded as a path segment.
func (c *Client) detailsURL(id, recipient string) string {
	lit := url.PathEscape(strings.ReplaceAll(recipient, "'", "''"))
	return c.base.String() + tracesPath + "/" + url.PathEscape(id) + "/getDetailsByRecipient(recipientAddress='" + lit + "')"
}
