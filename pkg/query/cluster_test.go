package query

import (
	"testing"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
)

// clusterOf clusters subjects (each weighing one) and returns, per subject, the
// display pattern of its cluster.
func clusterOf(subjects []string) []string {
	c := newDictCache(nil)
	shapes := make([][]uint32, len(subjects))
	for i, s := range subjects {
		shapes[i] = c.intern(shapeTokens(subjectTemplate(s)))
	}
	weight := make([]int64, len(subjects))
	for i := range weight {
		weight[i] = 1
	}
	wildcard := c.derived.ID(wildcardToken)
	content := func(tok uint32) bool { return isContentWord(c.derived.String(tok)) }
	assign, patterns := clusterTemplates(shapes, weight, wildcard, content)
	out := make([]string, len(subjects))
	for i, ci := range assign {
		out[i] = spell(c.derived, patterns[ci])
	}
	return out
}

func spell(d *table.Dict, ids []uint32) string {
	words := make([]string, len(ids))
	for i, id := range ids {
		words[i] = d.String(id)
	}
	return joinShape(words)
}

func TestClusterTemplates(t *testing.T) {
	tests := []struct {
		name     string
		subjects []string
		same     [][2]int // pairs that must share a cluster
		apart    [][2]int // pairs that must not
		pattern  string   // pattern of subject 0
	}{
		{
			name: "names vary, lengths too",
			subjects: []string{"Invoice #123 from Acme Corp", "Invoice #456 from Globex Ltd",
				"RE: Invoice #789 from Initech", "Invoice 1001 from Umbrella Health Corporation"},
			same:    [][2]int{{0, 1}, {0, 2}, {0, 3}},
			pattern: "invoice <num> from <*>",
		},
		{
			name:     "name first, template after",
			subjects: []string{"Acme Corp: payment 123 overdue today", "Globex Ltd: payment 456 overdue today"},
			same:     [][2]int{{0, 1}},
			pattern:  "<*> payment <num> overdue today",
		},
		{
			name: "unrelated business subjects stay apart",
			subjects: []string{"Quarterly sales review agenda", "Quarterly budget planning meeting",
				"Invoice #123 from Acme Corp", "Lunch on Friday", "Project Alpha kickoff", "Project Beta budget"},
			apart:   [][2]int{{0, 1}, {2, 3}, {4, 5}, {1, 5}},
			pattern: "quarterly sales review agenda",
		},
		{
			name:     "a lone word in common is not enough",
			subjects: []string{"Invoice <num> attached", "Invoice overdue now", "Invoice from Bob"},
			apart:    [][2]int{{0, 1}, {0, 2}, {1, 2}},
			pattern:  "invoice <num> attached",
		},
		{
			name:     "particles and single characters are not enough",
			subjects: []string{"Re: 価格改定の件", "来期予算の件", "来週の会議について", "来週の出張について"},
			apart:    [][2]int{{0, 1}, {2, 3}},
			pattern:  "価格改定の件",
		},
		{
			name: "Japanese variants",
			subjects: []string{"【請求書】株式会社アクメ様 No.12345", "【請求書】株式会社グローベックス様 No.67890",
				"【ご案内】社内研修のお知らせ"},
			same:    [][2]int{{0, 1}},
			apart:   [][2]int{{0, 2}},
			pattern: "請求書株式会社<*>様 no <num>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := clusterOf(tt.subjects)
			for _, p := range tt.same {
				if got[p[0]] != got[p[1]] {
					t.Errorf("%q and %q apart: %q vs %q", tt.subjects[p[0]], tt.subjects[p[1]], got[p[0]], got[p[1]])
				}
			}
			for _, p := range tt.apart {
				if got[p[0]] == got[p[1]] {
					t.Errorf("%q and %q together in %q", tt.subjects[p[0]], tt.subjects[p[1]], got[p[0]])
				}
			}
			if got[0] != tt.pattern {
				t.Errorf("pattern = %q, want %q", got[0], tt.pattern)
			}
		})
	}
}

func TestGlobMatch(t *testing.T) {
	const w = 99
	tests := []struct {
		pattern, tokens []uint32
		want            bool
	}{
		{[]uint32{1, w, 3}, []uint32{1, 2, 2, 3}, true},
		{[]uint32{1, w, 3}, []uint32{1, 3}, false}, // <*> is at least one word
		{[]uint32{1, w}, []uint32{1, 5, 6}, true},
		{[]uint32{w, 2}, []uint32{2}, false},
		{[]uint32{1, 2}, []uint32{1, 2, 3}, false},
	}
	for _, tt := range tests {
		if got := globMatch(tt.pattern, tt.tokens, w); got != tt.want {
			t.Errorf("globMatch(%v, %v) = %v", tt.pattern, tt.tokens, got)
		}
	}
}
