package intel

import (
	"context"
	"strings"
	"testing"
)

// FuzzLoadCSV: any feed loads or fails with an error naming what is wrong; a
// loaded feed holds no more indicators than lines.
func FuzzLoadCSV(f *testing.F) {
	f.Add("indicator,kind,confidence,actor,labels\nevil.example,domain,90,Actor,Malware/X|Phish\n")
	f.Add("203.0.113.7,,50\n198.51.100.0/24,cidr,101\n")
	f.Add("a@b.c,email,x\n\"open,1,2\n")
	f.Fuzz(func(t *testing.T, text string) {
		feed, err := LoadCSV(context.Background(), strings.NewReader(text))
		if err != nil {
			if feed != nil || err.Error() == "" {
				t.Fatalf("feed %v with error %q", feed, err)
			}
			return
		}
		if feed.Len() > strings.Count(text, "\n")+1 {
			t.Fatalf("%d indicators from %d lines", feed.Len(), strings.Count(text, "\n")+1)
		}
	})
}

// FuzzLoadJSON: the JSON feed parser never panics and errors are not empty.
func FuzzLoadJSON(f *testing.F) {
	f.Add(`[{"indicator":"evil.example","kind":"domain","confidence":90}]`)
	f.Add(`{"indicators":[]}`)
	f.Add(`[{"indicator":1}]`)
	f.Fuzz(func(t *testing.T, text string) {
		feed, err := LoadJSON(context.Background(), strings.NewReader(text))
		if err != nil && (feed != nil || err.Error() == "") {
			t.Fatalf("feed %v with error %q", feed, err)
		}
	})
}
