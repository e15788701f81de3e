package demo

import "slices"

// WatchEntry is one user of the demo watchlist, shaped like an
// endpoint-security product's export of risky users.
type WatchEntry struct {
	User   string
	Risk   int // 0-100
	Reason string
	List   string
}

// WatchlistName names the demo watchlist.
const WatchlistName = "Endpoint risky users"

// Watchlist returns this tenant's watchlist: the incident-3 mailbox (its
// endpoint flagged before the burst) and two ordinary users whose mail stays
// ordinary, so that a watchlist rule fires on the incident and nowhere else.
func (t *Tenant) Watchlist() []WatchEntry {
	addrs := make([]string, len(dir.boxes))
	for i, b := range dir.boxes {
		addrs[i] = b.addr
	}
	special := []int{compromisedIdx, insiderIdx, geoSalesIdx}
	if t.w != nil {
		d := t.w.d
		addrs = make([]string, len(d.boxes))
		for i, b := range d.boxes {
			addrs[i] = b.addr
		}
		special = []int{d.compromised, d.insider, d.geoSales}
	}
	a := ordinaryBox(len(addrs), 2, special)
	b := ordinaryBox(len(addrs), 3, append(special, a))
	return []WatchEntry{
		{addrs[special[0]], 90, "Credential-stealing malware detected on the user's laptop", WatchlistName},
		{addrs[a], 60, "Sign-in from an unfamiliar location", WatchlistName},
		{addrs[b], 40, "Unmanaged device enrolled", WatchlistName},
	}
}

// ordinaryBox picks a mailbox about n tenths into a directory of size n
// mailboxes, away from the heaviest senders at its start and from the
// incident mailboxes (skip).
func ordinaryBox(size, tenths int, skip []int) int {
	i := size*tenths/10 + 1
	for slices.Contains(skip, i) {
		i++
	}
	return i % size
}
