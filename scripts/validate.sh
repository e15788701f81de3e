#!/usr/bin/env bash
# Packages dist/ as <id>-<version>.zip and validates it.
# 1. scripts/packagecheck: the plugin validator's offline rules (always runs).
# 2. plugincheck2 (grafana/plugin-validator), if it is on PATH or `go install`
#    can fetch it; its network-bound analyzers are disabled by validator.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
go run ./scripts/packagecheck -dist dist
zip=$(ls -t build/*.zip | head -1)
if ! command -v plugincheck2 >/dev/null 2>&1; then
  if timeout 180 go install github.com/grafana/plugin-validator/pkg/cmd/plugincheck2@latest >/dev/null 2>&1; then
    export PATH=$PATH:$(go env GOPATH)/bin
  fi
fi
if command -v plugincheck2 >/dev/null 2>&1; then
  plugincheck2 -config scripts/validator.yaml -sourceCodeUri "file://$PWD" "$zip"
else
  echo "plugincheck2: not installable here (the Go module proxy does not serve grafana/plugin-validator); the offline checks above stand in for it."
fi
