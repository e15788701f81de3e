package trace

import (
	"reflect"
	"testing"
)

func TestFilterClauses(t *testing.T) {
	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"empty", Filter{}, nil},
		{"fixed order and doubled quotes", Filter{Subject: "RE: o'hara", Status: StatusFailed, Sender: "o'hara@example.com", ID: "x"},
			[]string{"id eq 'x'", "senderAddress eq 'o''hara@example.com'", "status eq 'failed'", "contains(subject,'RE: o''hara')"}},
		{"subject op", Filter{Subject: "[EXT]", SubjectOp: SubjectEndsWith}, []string{"endsWith(subject,'[EXT]')"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.f.Clauses(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Clauses() = %q, want %q", got, tc.want)
			}
		})
	}
}
