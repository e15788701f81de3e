package subject

import "testing"

// tokenIDs interns tokens as the engine's derived dictionary does.
type tokenIDs struct {
	ids   map[string]uint32
	names []string
}

func (d *tokenIDs) id(tok string) uint32 {
	if id, ok := d.ids[tok]; ok {
		return id
	}
	d.ids[tok] = uint32(len(d.names))
	d.names = append(d.names, tok)
	return d.ids[tok]
}

// clusterOf clusters subjects (each weighing one) and returns, per subject, the
// display pattern of its cluster.
func clusterOf(subjects []string) []string {
	d := &tokenIDs{ids: map[string]uint32{}}
	shapes := make([][]uint32, len(subjects))
	for i, s := range subjects {
		for _, tok := range ShapeTokens(Template(s)) {
			shapes[i] = append(shapes[i], d.id(tok))
		}
	}
	weight := make([]int64, len(subjects))
	for i := range weight {
		weight[i] = 1
	}
	wildcard := d.id(Wildcard)
	content := func(tok uint32) bool { return IsContentWord(d.names[tok]) }
	assign, patterns := Cluster(shapes, weight, wildcard, content)
	out := make([]string, len(subjects))
	for i, ci := range assign {
		words := make([]string, len(patterns[ci]))
		for j, id := range patterns[ci] {
			words[j] = d.names[id]
		}
		out[i] = JoinShape(words)
	}
	return out
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
