package table

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// Strings are copied in, whatever their size, and keep their ids.
func TestDictOwnsStrings(t *testing.T) {
	buf := []byte("sender@example.com" + strings.Repeat("x", 3*maxInBlock))
	tests := []struct {
		name string
		s    string
	}{
		{"empty", ""},
		{"short, sliced from a larger buffer", string(buf)[:18]},
		{"at the block limit", strings.Repeat("a", maxInBlock)},
		{"too large for a block", string(buf)},
		{"bytes", "from IDBytes"},
	}
	d := NewDict()
	for i := range blockSize / 100 { // fill past one block
		d.ID(fmt.Sprintf("%099d", i))
	}
	for _, tt := range tests {
		id := d.ID(tt.s)
		if tt.name == "bytes" {
			id = d.IDBytes([]byte(tt.s))
		}
		if got := d.String(id); got != tt.s {
			t.Errorf("%s: String(ID) = %.20q…", tt.name, got)
		}
		if again, ok := d.Lookup(tt.s); !ok || again != id {
			t.Errorf("%s: Lookup = %d, %v; want %d", tt.name, again, ok, id)
		}
	}
	for i := range blockSize / 100 {
		if s := d.String(uint32(i + 1)); s != fmt.Sprintf("%099d", i) {
			t.Fatalf("string %d overwritten: %q", i+1, s)
		}
	}
}

// Writers and readers of views race on one Dict (run with -race).
func TestDictConcurrent(t *testing.T) {
	d := NewDict()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 2000 {
				s := fmt.Sprintf("w%d-%d", w%2, i) // two writers share each string
				if got := d.String(d.ID(s)); got != s {
					t.Errorf("got %q, want %q", got, s)
					return
				}
				if v := d.View(); len(v) == 0 || v[0] != "" {
					t.Error("bad view")
					return
				}
			}
		})
	}
	wg.Wait()
	if d.Len() != 1+2*2000 {
		t.Errorf("%d strings, want %d", d.Len(), 1+2*2000)
	}
}
