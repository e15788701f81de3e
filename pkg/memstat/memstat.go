// Package memstat reads what the process really uses, for a memory cap that
// holds against the heap rather than only against the bytes the store counts.
package memstat

import (
	"os"
	"runtime/metrics"
	"strconv"
	"strings"
)

// Usage is one reading.
type Usage struct {
	// HeapLive is the heap the last garbage collection found live
	// (/gc/heap/live:bytes): the figure to cap, since it does not swing with
	// garbage not yet collected.
	HeapLive uint64
	// HeapObjects is live plus not yet swept dead objects right now.
	HeapObjects uint64
	// Held is the memory the Go runtime holds from the OS and has not
	// returned (total mapped minus released), an upper bound of its RSS share.
	Held uint64
	// RSS is the process's resident set from /proc/self/statm; 0 where that
	// file does not exist (not Linux).
	RSS uint64
}

var names = []string{
	"/gc/heap/live:bytes",
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/total:bytes",
	"/memory/classes/heap/released:bytes",
}

// Read takes a reading. It costs a few microseconds and stops nothing.
func Read() Usage {
	s := make([]metrics.Sample, len(names))
	for i, n := range names {
		s[i].Name = n
	}
	metrics.Read(s)
	v := func(i int) uint64 {
		if s[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return s[i].Value.Uint64()
	}
	return Usage{HeapLive: v(0), HeapObjects: v(1), Held: v(2) - v(3), RSS: rss()}
}

// rss reads the resident pages of /proc/self/statm (its second field).
func rss() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, err := strconv.ParseUint(f[1], 10, 64)
	if err != nil {
		return 0
	}
	return pages * uint64(os.Getpagesize())
}
