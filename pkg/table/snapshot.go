package table

import "github.com/exotrace/messagetrace-datasource/pkg/trace"

// Snapshot is a read-only set of tables the store serves for one request. Rows may
// lie outside the requested range (tables are whole buckets): readers filter on Time.
// Notices say what is missing or stale (partial data).
type Snapshot struct {
	Tables  []*Table
	Notices []trace.Notice
}

// Rows is the total row count of the snapshot.
func (s Snapshot) Rows() int {
	n := 0
	for _, t := range s.Tables {
		n += t.Len()
	}
	return n
}
