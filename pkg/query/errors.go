package query

import (
	"errors"
	"fmt"
)

// InvalidQueryError is a problem with the query itself (its JSON, a filter, a
// field out of range, an option the data source lacks); its message says what
// to fix. It is the user's input, not the plugin's fault: pkg/plugin reports it
// as a bad request from the downstream error source, as Grafana's convention
// asks for invalid queries.
type InvalidQueryError struct{ msg string }

func (e *InvalidQueryError) Error() string { return e.msg }

func invalidf(format string, args ...any) error {
	return &InvalidQueryError{msg: fmt.Sprintf(format, args...)}
}

// IsInvalidQuery reports whether err is (or wraps) an InvalidQueryError.
func IsInvalidQuery(err error) bool {
	var v *InvalidQueryError
	return errors.As(err, &v)
}
