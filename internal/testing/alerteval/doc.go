// Package alerteval emulates, for tests, what Grafana's alerting does with a
// provisioned Grafana-managed rule: it reads the provisioning YAML, builds the
// QueryDataRequest Grafana sends to the data source, converts the returned
// frames as server-side expressions (SSE) do, runs the reduce, math and
// threshold expressions, turns the condition into alert instances and moves
// each instance through Grafana's state machine (Normal, Pending, Alerting,
// Recovering, NoData, Error).
//
// It restates the behaviour summarised in the project's alerting reference
// notes; it is not Grafana's code. It covers what the shipped rules use and
// fails loudly on anything else, so a rule that would need more cannot pass
// by accident. A real Grafana remains the final judge (docs/alerting.md).
package alerteval
