package demo

import (
	"reflect"
	"testing"
)

func TestWatchlist(t *testing.T) {
	tn, err := NewTenant(Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []WatchEntry{
		{"k.inoue@example.co.jp", 90, "Credential-stealing malware detected on the user's laptop", WatchlistName},
		{"y.sasaki@example.co.jp", 60, "Sign-in from an unfamiliar location", WatchlistName},
		{"y.fukuda@example.co.jp", 40, "Unmanaged device enrolled", WatchlistName},
	}
	if got := tn.Watchlist(); !reflect.DeepEqual(got, want) {
		t.Errorf("Watchlist = %v, want %v", got, want)
	}
	for _, name := range []string{"", "ch-small", "br-medium", "us-large", "au-heldout"} {
		t.Run(name, func(t *testing.T) {
			tn, err := NewTenant(Options{Tenant: name})
			if err != nil {
				t.Fatal(err)
			}
			wl, labels := tn.Watchlist(), Labels(Options{Tenant: name})
			if wl[0].User != labels[2].Sender {
				t.Errorf("first entry %s, want the compromised mailbox %s", wl[0].User, labels[2].Sender)
			}
			seen := map[string]bool{}
			for _, e := range wl {
				if seen[e.User] || e.User == labels[3].Sender {
					t.Errorf("%s is listed twice or is the insider", e.User)
				}
				seen[e.User] = true
			}
		})
	}
}
