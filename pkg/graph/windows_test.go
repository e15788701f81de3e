package graph

import (
	"net/http"
	"testing"
	"time"
)

func TestPlanWindows(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	d := func(day int, hms ...int) time.Time {
		h := append(hms, 0, 0, 0)
		return time.Date(2026, 2, day, h[0], h[1], h[2], 0, time.UTC)
	}
	cases := []struct {
		name     string
		from, to time.Time
		want     []window
	}{
		{"exactly 10 days is one window", d(1), d(11), []window{{d(1), d(11)}}},
		{"one second more is two", d(1), d(11, 0, 0, 1), []window{{d(1, 0, 0, 1), d(11, 0, 0, 1)}, {d(1), d(1, 0, 0, 1)}}},
		{"sub-second bounds truncate", d(1).Add(500 * time.Millisecond), d(2).Add(900 * time.Millisecond), []window{{d(1), d(2)}}},
		{"end in the future is now", d(27), now.Add(48 * time.Hour), []window{{d(27), now}}},
		{"start after end", d(5), d(4), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := planWindows(tc.from, tc.to, now)
			if len(p.windows) != len(tc.want) {
				t.Fatalf("windows %v, want %v", p.windows, tc.want)
			}
			for i := range tc.want {
				if !p.windows[i].from.Equal(tc.want[i].from) || !p.windows[i].to.Equal(tc.want[i].to) {
					t.Errorf("window %d = %v, want %v", i, p.windows[i], tc.want[i])
				}
			}
		})
	}
}

func TestPlanWindowsZeroBoundsMeanAllRetained(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	p := planWindows(time.Time{}, time.Time{}, now)
	floor := time.Date(2025, 12, 2, 0, 0, 0, 0, time.UTC)
	if len(p.windows) != 9 || !p.windows[0].to.Equal(now) || !p.windows[8].from.Equal(floor) || len(p.notices) != 0 {
		t.Errorf("plan %+v", p)
	}
}

func TestRetentionFloor(t *testing.T) {
	// Late in the day or just after midnight, the floor is 89 whole days back.
	for _, now := range []time.Time{time.Date(2026, 8, 24, 23, 59, 0, 0, time.UTC), time.Date(2026, 8, 24, 0, 0, 1, 0, time.UTC)} {
		if got, want := retentionFloor(now), time.Date(2026, 5, 27, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
			t.Errorf("floor(%v) = %v, want %v", now, got, want)
		}
	}
}

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"5", 5 * time.Second, true},
		{"0", 0, true},
		{now.Add(time.Minute).Format(http.TimeFormat), time.Minute, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"", 0, false},
		{"soon", 0, false},
		{"-3", 0, false},
	}
	for _, tc := range cases {
		h := http.Header{}
		if tc.value != "" {
			h.Set("Retry-After", tc.value)
		}
		if got, ok := retryAfter(h, now); got != tc.want || ok != tc.ok {
			t.Errorf("Retry-After %q = %v %v, want %v %v", tc.value, got, ok, tc.want, tc.ok)
		}
	}
}
