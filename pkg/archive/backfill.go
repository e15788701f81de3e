package archive

import (
	"fmt"
	"time"
)

// DefaultBackfillDays is how far back a first configuration reaches: all that
// Microsoft keeps.
const DefaultBackfillDays = 90

// Backfill is the state of the history load: which whole UTC days before now are
// still to fetch, newest first (recent days matter most to dashboards and alert
// rules), and how many are done.
type Backfill struct {
	Todo  []time.Time // day starts, newest first
	Done  int
	Total int
}

// PlanBackfill looks at the archived hours of the days days before now (the
// current, unfinished day excluded: the store's refresh owns it). A day is done
// when all its 24 hours are archived.
func PlanBackfill(hours []ArchivedHour, now time.Time, days int) Backfill {
	have := make(map[int64]int, len(hours)/24+1)
	for _, h := range hours {
		have[h.Start.UTC().Truncate(24*time.Hour).Unix()]++
	}
	today := now.UTC().Truncate(24 * time.Hour)
	b := Backfill{Total: days}
	for k := 1; k <= days; k++ {
		d := today.AddDate(0, 0, -k)
		if have[d.Unix()] >= 24 {
			b.Done++
			continue
		}
		b.Todo = append(b.Todo, d)
	}
	return b
}

// Notice is the progress line health and frames show.
func (b Backfill) Notice() string {
	if b.Done >= b.Total {
		if b.Total == 1 {
			return "backfill complete: 1 day archived"
		}
		return fmt.Sprintf("backfill complete: %d days archived", b.Total)
	}
	return fmt.Sprintf("backfilled %d of %d days", b.Done, b.Total)
}
