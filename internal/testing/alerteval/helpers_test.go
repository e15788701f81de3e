package alerteval

import (
	"fmt"
	"strings"
)

// describe is a short text of results for errors and test failures.
func describe(r Results) string {
	if r.NoData {
		return "no data"
	}
	parts := make([]string, len(r.Items))
	for i, it := range r.Items {
		v := "null"
		if it.Value != nil {
			v = fmt.Sprint(*it.Value)
		}
		if it.Kind == KindSeries {
			v = fmt.Sprintf("%d points", len(it.Points))
		}
		parts[i] = fmt.Sprintf("{%s}=%s", it.Labels, v)
	}
	return strings.Join(parts, " ")
}
