// Package provisioning has no code: its tests check the shipped provisioning
// files (provisioning/, dashboards/, Dockerfile) against a model of the order in
// which Grafana's server applies them.
package provisioning
