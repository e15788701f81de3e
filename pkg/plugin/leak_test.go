package plugin

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: disposed
// instances, closed stores and clients must stop all their work and timers.
// Tenant-mode instances archive to SQLite by default, under GF_PATHS_DATA: a
// temporary directory here, never Grafana's.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "exotrace-plugin-test")
	if err != nil {
		panic(err)
	}
	if err := os.Setenv("GF_PATHS_DATA", dir); err != nil {
		panic(err)
	}
	goleak.VerifyTestMain(m, goleak.Cleanup(func(code int) {
		_ = os.RemoveAll(dir)
		os.Exit(code)
	}))
}
