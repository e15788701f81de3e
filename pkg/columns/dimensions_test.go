package columns

import (
	"reflect"
	"testing"
)

func TestEditorLists(t *testing.T) {
	ops := Operators()
	if got := ops["size"]; !reflect.DeepEqual(got, []string{"eq", "neq", "in", "notIn", "gt", "lt"}) {
		t.Errorf("size ops = %v", got)
	}
	if got := ops["fromIP"]; got[len(got)-1] != "cidr" {
		t.Errorf("fromIP ops = %v, want cidr last", got)
	}
	if len(ops) != len(Dimensions())+1 {
		t.Errorf("%d operator lists for %d dimensions + size", len(ops), len(Dimensions()))
	}
}
