package demo

import "time"

// date is a local calendar day.
type date struct {
	y int
	m time.Month
	d int
}

func dateOf(t time.Time) date { return date{t.Year(), t.Month(), t.Day()} }

func (d date) add(days int) date {
	return dateOf(time.Date(d.y, d.m, d.d+days, 12, 0, 0, 0, time.UTC))
}

func (d date) weekday() time.Weekday {
	return time.Date(d.y, d.m, d.d, 12, 0, 0, 0, time.UTC).Weekday()
}

// easter is Western Easter Sunday (anonymous Gregorian algorithm).
func easter(y int) date {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return date{y, time.Month(month), day}
}

// nthWeekday is the n-th wd of the month (n = -1: the last).
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) date {
	if n < 0 {
		d := date{y, m + 1, 1}.add(-1)
		for d.weekday() != wd {
			d = d.add(-1)
		}
		return d
	}
	d := date{y, m, 1}
	for d.weekday() != wd {
		d = d.add(1)
	}
	return d.add(7 * (n - 1))
}

// observed moves a Saturday holiday to Friday and a Sunday one to Monday, as
// US employers do.
func observed(d date) date {
	switch d.weekday() {
	case time.Saturday:
		return d.add(-1)
	case time.Sunday:
		return d.add(1)
	}
	return d
}

// Public holidays when offices close, nationally (CH: the federal day and
// the holidays most cantons keep; AU: New South Wales).
func holidaysCH(y int) []date {
	e := easter(y)
	return []date{{y, 1, 1}, {y, 1, 2}, e.add(-2), e.add(1), e.add(39), e.add(50), {y, 8, 1}, {y, 12, 25}, {y, 12, 26}}
}

func holidaysBR(y int) []date {
	e := easter(y)
	return []date{{y, 1, 1}, e.add(-48), e.add(-47), e.add(-2), {y, 4, 21}, {y, 5, 1}, e.add(60), {y, 9, 7},
		{y, 10, 12}, {y, 11, 2}, {y, 11, 15}, {y, 11, 20}, {y, 12, 25}}
}

func holidaysUS(y int) []date {
	thanksgiving := nthWeekday(y, time.November, time.Thursday, 4)
	return []date{observed(date{y, 1, 1}), nthWeekday(y, time.January, time.Monday, 3), nthWeekday(y, time.February, time.Monday, 3),
		nthWeekday(y, time.May, time.Monday, -1), observed(date{y, 6, 19}), observed(date{y, 7, 4}),
		nthWeekday(y, time.September, time.Monday, 1), thanksgiving, thanksgiving.add(1), observed(date{y, 12, 25})}
}

func holidaysAU(y int) []date {
	e := easter(y)
	return []date{{y, 1, 1}, observed26(date{y, 1, 26}), e.add(-2), e.add(-1), e.add(1), {y, 4, 25},
		nthWeekday(y, time.June, time.Monday, 2), nthWeekday(y, time.October, time.Monday, 1), {y, 12, 25}, {y, 12, 26}}
}

// observed26 moves Australia Day off a weekend to the Monday after.
func observed26(d date) date {
	switch d.weekday() {
	case time.Saturday:
		return d.add(2)
	case time.Sunday:
		return d.add(1)
	}
	return d
}

// dayKind is how busy a local day is.
type dayKind uint8

const (
	workday dayKind = iota
	weekend
	holiday
)

func (w *world) dayKindOf(t time.Time) dayKind {
	d := dateOf(t)
	for _, h := range w.holidays(d.y) {
		if h == d {
			return holiday
		}
	}
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return weekend
	}
	return workday
}
