package columns

import (
	"strings"
	"testing"
)

// A regex filter is matched against every distinct value, so its size is bounded
// by trace.CompileRegex: a pattern that expands beyond the limit is refused with a
// message that says what to change, and an ordinary one still compiles.
func TestRegexFilterBounded(t *testing.T) {
	cases := []struct {
		name, pattern, wantErr string
	}{
		{"ordinary", `^invoice-\d+@`, ""},
		{"too long", strings.Repeat("a", 513), "the limit is 512"},
		{"expands", `((ab|cd|ef){30}){30}`, "counted repetitions"},
		{"syntax", `(`, "bad regex"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Compile(Filter{Dimension: DimSender, Op: OpRegex, Values: []string{c.pattern}})
			if c.wantErr == "" {
				if err != nil {
					t.Fatalf("Compile: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("error %v, want it to contain %q", err, c.wantErr)
			}
		})
	}
}
