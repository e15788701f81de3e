package columns

import (
	"reflect"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

func TestSplitAt(t *testing.T) {
	at := func(ms ...int64) []trace.Trace {
		out := make([]trace.Trace, len(ms))
		for i, m := range ms {
			out[i] = trace.Trace{ID: "x", Received: time.UnixMilli(m)}
		}
		return out
	}
	dict := table.NewDict()
	tabs := []*table.Table{table.FromTraces(dict, at(10, 20, 30, 40)), table.FromTraces(dict, at(50, 60))}
	r := InRange(tabs, 15, 100) // drops the row at 10
	after, before := r.SplitAt(35)
	if got := Gather(after, ColTime); !reflect.DeepEqual(got, []int64{40, 50, 60}) || after.Len() != 3 {
		t.Errorf("after = %v (%d)", got, after.Len())
	}
	if got := Gather(before, ColTime); !reflect.DeepEqual(got, []int64{20, 30}) || before.Len() != 2 {
		t.Errorf("before = %v (%d)", got, before.Len())
	}
}
