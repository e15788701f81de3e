package graph

import (
	"context"
	"time"
)

// Probe checks the settings end to end: it obtains a token and reads one trace of
// the last hour. It takes one budget slot. Pass its error to Explain for a
// message a user can act on.
func (c *Client) Probe(ctx context.Context) error {
	now := c.clk.now()
	u := c.listURL(rangeClause(now.Add(-time.Hour), now), 1)
	var page tracePage
	return withSource(c.getJSON(ctx, c.newWaiter(), u, &page))
}
