package memstat

import (
	"runtime"
	"testing"
)

var sink [][]byte

// TestReadFollowsTheHeap: 64 MiB kept alive show in the live heap after a
// collection, and go once dropped; the process's RSS covers them.
func TestReadFollowsTheHeap(t *testing.T) {
	runtime.GC()
	before := Read()
	for i := 0; i < 64; i++ {
		b := make([]byte, 1<<20)
		for k := range b {
			b[k] = byte(k) // touch every page so it is resident
		}
		sink = append(sink, b)
	}
	runtime.GC()
	during := Read()
	if grew := int64(during.HeapLive) - int64(before.HeapLive); grew < 64<<20 || grew > 66<<20 {
		t.Fatalf("live heap grew by %d, want 64 MiB (+ <2 MiB)", grew)
	}
	if during.HeapObjects == 0 || during.Held < during.HeapLive {
		t.Fatalf("inconsistent reading %+v", during)
	}
	if runtime.GOOS == "linux" && during.RSS < 64<<20 {
		t.Fatalf("RSS %d below the 64 MiB held", during.RSS)
	}
	sink = nil
	runtime.GC()
	if after := Read(); after.HeapLive > before.HeapLive+2<<20 {
		t.Fatalf("live heap %d after release, was %d", after.HeapLive, before.HeapLive)
	}
}
