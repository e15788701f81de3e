// Package layout holds the import-direction check of the backend (its test):
// which of the module's packages each package may import, as data, checked
// against `go list` on every test run. docs/architecture.md draws the same
// rules.
package layout
