package query

import (
	"context"
	"errors"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// ValidationError is a problem with the query itself; its message says what to fix.
// It is the user's input, not the plugin's fault, so it is tagged downstream as
// Grafana's error-source convention asks for invalid queries.
type ValidationError struct{ msg string }

func (e *ValidationError) Error() string { return e.msg }

// invalidf builds a ValidationError tagged with the downstream error source.
func invalidf(format string, args ...any) error {
	return backend.DownstreamError(&ValidationError{msg: fmt.Sprintf(format, args...)})
}

// IsValidation reports whether err is (or wraps) a ValidationError.
func IsValidation(err error) bool {
	var v *ValidationError
	return errors.As(err, &v)
}

// errorResponse turns err into the query's response, keeping its error source.
func errorResponse(err error) backend.DataResponse {
	switch {
	case IsValidation(err):
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		return backend.ErrDataResponseWithSource(backend.StatusTimeout, backend.ErrorSourceDownstream, err.Error())
	case errors.Is(err, context.Canceled):
		return backend.ErrDataResponseWithSource(backend.StatusTimeout, backend.ErrorSourceDownstream, err.Error())
	}
	resp := backend.ErrorResponseWithErrorSource(err)
	resp.Status = backend.StatusInternal
	if resp.ErrorSource == backend.ErrorSourceDownstream {
		resp.Status = backend.StatusBadGateway
	}
	return resp
}
