package demo

import "time"

const (
	hourMs   = int64(time.Hour / time.Millisecond)
	minuteMs = int64(time.Minute / time.Millisecond)
)

// jst is Asia/Tokyo. Japan has no daylight saving time, so a fixed zone is exact
// and does not depend on tzdata being installed (Grafana's Alpine image lacks it).
var jst = time.FixedZone("JST", 9*60*60)

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func hourOf(ms int64) int64 { return floorDiv(ms, hourMs) }

func msTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
