package store

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: disposed
// instances, closed stores and clients must stop all their work and timers.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
