package archive

import (
	"slices"
	"testing"
	"time"
)

func TestPlanBackfill(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	today := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	var hours []ArchivedHour
	addDay := func(k, n int) { // n hours of day k before today
		for h := 0; h < n; h++ {
			hours = append(hours, ArchivedHour{Start: today.AddDate(0, 0, -k).Add(time.Duration(h) * time.Hour)})
		}
	}
	addDay(0, 9)  // today: not part of the backfill
	addDay(1, 24) // yesterday: done
	addDay(2, 23) // one hour lost (a crash): to do
	addDay(4, 24)
	b := PlanBackfill(hours, now, 5)
	want := []time.Time{today.AddDate(0, 0, -2), today.AddDate(0, 0, -3), today.AddDate(0, 0, -5)}
	if b.Done != 2 || b.Total != 5 || !slices.EqualFunc(b.Todo, want, time.Time.Equal) {
		t.Fatalf("plan = %+v, want done 2 of 5, todo %v", b, want)
	}
	if got := b.Notice(); got != "backfilled 2 of 5 days" {
		t.Fatalf("notice %q", got)
	}
	if got := PlanBackfill(hours, now, 1).Notice(); got != "backfill complete: 1 day archived" {
		t.Fatalf("notice %q", got)
	}
}
