#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what it needs (Debian's Chromium,
# npm packages, Go modules, mage, the plugin validator), then runs every layer:
# frontend unit tests, Go unit/golden tests, the plugin binary launched as Grafana
# launches it, browser tests of the editors, and the plugin validator on the zip.
# Ends with one summary line per runner and a total.
# (Steps are functions run under "||", where bash ignores set -e: each command
# therefore ends in "|| return 1".)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LOGS=$ROOT/.test-logs
rm -rf "$LOGS" && mkdir -p "$LOGS"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 CI=${CI:-true}
unset GF_PLUGIN_GRPC_ADDRESS_EXOTRACE_MESSAGETRACE_DATASOURCE || true

step() { printf '\n==> %s\n' "$*"; }
SUMMARY=()
PASSED=0
FAILED=0
record() { # name passed failed
  SUMMARY+=("$(printf '%-22s %s passed, %s failed' "$1:" "$2" "$3")")
  PASSED=$((PASSED + $2)); FAILED=$((FAILED + $3))
}

install_system() {
  if [ ! -x /usr/bin/chromium ]; then
    step "Installing Debian's Chromium"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi
    $SUDO apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null || return 1
  fi
}

frontend() {
  step "npm ci"
  npm ci --no-audit --no-fund --loglevel=error || return 1
  step "Frontend: typecheck, lint"
  npm run -s typecheck || return 1
  npm run -s lint || return 1
  step "Frontend: jest"
  local rc=0 p f
  npm run -s test:ci 2>&1 | tee "$LOGS/jest.log" || rc=1
  p=$(grep -Eo 'Tests:.* ([0-9]+) passed' "$LOGS/jest.log" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' || echo 0)
  f=$(grep -E '^Tests:' "$LOGS/jest.log" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+' || echo 0)
  record jest "$p" "$f"
  [ $rc = 0 ] || return 1
  step "Frontend: production build"
  npm run -s build || return 1
}

# BEGIN postgres: a throwaway PostgreSQL cluster for the archive tests (pkg/archive).
# Installs Debian's postgresql if missing, runs initdb in a temp dir (as the postgres
# user when the script runs as root: initdb refuses root), listens on a Unix socket
# in that dir only (no port to collide with), exports EXOTRACE_TEST_POSTGRES_DSN,
# and stop_postgres (trapped on exit) stops the cluster and deletes the dir.
PG_TMP=""
PG_BIN=""
start_postgres() {
  if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    step "Installing Debian's PostgreSQL"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi
    $SUDO apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null || return 1
  fi
  PG_BIN=$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -1)
  PG_TMP=$(mktemp -d /tmp/exotrace-pg.XXXXXX) || return 1
  local as=()
  if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_TMP" || return 1; as=(runuser -u postgres --); fi
  step "Throwaway PostgreSQL ($PG_BIN) in $PG_TMP"
  "${as[@]}" "$PG_BIN/initdb" -D "$PG_TMP/data" -U exotrace --auth=trust -E UTF8 >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log"; return 1; }
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 start \
    -o "-c listen_addresses='' -c unix_socket_directories='$PG_TMP' -c fsync=off" >/dev/null \
    || { cat "$PG_TMP/server.log"; return 1; }
  export EXOTRACE_TEST_POSTGRES_DSN="host=$PG_TMP port=5432 user=exotrace dbname=postgres sslmode=disable"
}
stop_postgres() {
  [ -n "$PG_TMP" ] || return 0
  local as=()
  if [ "$(id -u)" = 0 ]; then as=(runuser -u postgres --); fi
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"
  PG_TMP=""
}
# END postgres

backend() {
  step "Go: gofmt, vet"
  local unformatted
  unformatted=$(gofmt -l pkg internal scripts Magefile.go)
  if [ -n "$unformatted" ]; then echo "gofmt needed: $unformatted"; return 1; fi
  go vet ./pkg/... ./internal/... ./scripts/... || return 1
  step "Go: unit, golden and fake-Graph tests"
  local pkgs
  pkgs=$(go list ./pkg/... ./internal/... | grep -v /internal/testing/grpchost)
  go test -count=1 -v $pkgs > "$LOGS/go.log" 2>&1 || { grep -E -- '--- FAIL|^FAIL|panic:|_test.go:[0-9]+:' "$LOGS/go.log" | head -80; go_record "$LOGS/go.log" go; return 1; }
  grep -E '^(ok|FAIL|---)' "$LOGS/go.log" | grep -v -- '--- PASS' | grep -v -- '--- SKIP' || true
  go_record "$LOGS/go.log" "go test"
  step "Go: race detector on the concurrent packages (store, graph client, query engine, archive)"
  go test -count=1 -race ./pkg/store/ ./pkg/graph/ ./pkg/query/ ./pkg/archive/ > "$LOGS/race.log" 2>&1 || { tail -60 "$LOGS/race.log"; return 1; }
  cat "$LOGS/race.log"
  fuzz || return 1
  step "Go: backend build with mage (linux/amd64) into dist/"
  go tool mage -v build:linux || return 1
  chmod 0755 dist/gpx_messagetrace_linux_amd64 || return 1
}

# Native Go fuzzing, 7 s per target (77 s in all) on top of each target's seed
# corpus, which the unit-test step already runs. A failing input is written under
# the package's testdata/fuzz/ and replayed by plain go test from then on.
FUZZ_TARGETS="trace:FuzzQuote trace:FuzzClauses trace:FuzzCompileRegex graph:FuzzFilterClauses graph:FuzzParseCertificate
plugin:FuzzSettings plugin:FuzzQueryJSON geo:FuzzLoadCSV intel:FuzzLoadCSV intel:FuzzLoadJSON store:FuzzPlan"
fuzz() {
  step "Go: fuzzing ($FUZZ_TARGETS)"
  local t pkg name p=0 f=0
  for t in $FUZZ_TARGETS; do
    pkg=${t%%:*} name=${t#*:}
    if go test -run '^$' -fuzz "^$name\$" -fuzztime 7s "./pkg/$pkg/" > "$LOGS/fuzz-$name.log" 2>&1; then
      p=$((p + 1))
    else
      f=$((f + 1)); tail -30 "$LOGS/fuzz-$name.log"
    fi
  done
  record "go fuzz" "$p" "$f"
  [ "$f" = 0 ]
}

go_record() { # log name
  record "$2" "$(grep -c -- '--- PASS' "$1" || true)" "$(grep -c -- '--- FAIL' "$1" || true)"
}

host() {
  step "Plugin binary launched as Grafana launches it (go-plugin, gRPC)"
  PLUGIN_BINARY=$ROOT/dist/gpx_messagetrace_linux_amd64 go test -count=1 -v ./internal/testing/grpchost/ > "$LOGS/host.log" 2>&1 \
    || { grep -E -- '--- FAIL|^FAIL|panic:|_test.go:[0-9]+:' "$LOGS/host.log" | head -80; go_record "$LOGS/host.log" "plugin host"; return 1; }
  grep -E '^(ok|FAIL)' "$LOGS/host.log"
  go_record "$LOGS/host.log" "plugin host"
}

browser() {
  step "Editors in Debian's Chromium (Playwright)"
  local rc=0 p f
  npm run -s test:browser 2>&1 | tee "$LOGS/browser.log" || rc=1
  p=$(grep -Eo '^ *[0-9]+ passed' "$LOGS/browser.log" | grep -Eo '[0-9]+' | tail -1 || echo 0)
  f=$(grep -Eo '^ *[0-9]+ failed' "$LOGS/browser.log" | grep -Eo '[0-9]+' | tail -1 || echo 0)
  record playwright "${p:-0}" "${f:-0}"
  [ $rc = 0 ] || return 1
}

validate() {
  step "Grafana plugin validator on the packaged zip"
  local rc=0 p f
  ./scripts/validate.sh 2>&1 | tee "$LOGS/validator.log" || rc=1
  p=$(grep -Eo 'validator: [0-9]+ passed' "$LOGS/validator.log" | grep -Eo '[0-9]+' || echo 0)
  f=$(grep -Eo ', [0-9]+ failed' "$LOGS/validator.log" | grep -Eo '[0-9]+' | tail -1 || echo 0)
  record validator "$p" "$f"
  [ $rc = 0 ] || return 1
}

status=0
install_system || status=1
trap stop_postgres EXIT
start_postgres || status=1
frontend || status=1
backend || status=1
if [ $status = 0 ]; then host || status=1; fi
if [ $status = 0 ]; then browser || status=1; fi
if [ $status = 0 ]; then validate || status=1; fi

printf '\n==> Summary\n'
for line in "${SUMMARY[@]}"; do echo "$line"; done
echo "Total: $PASSED passed, $FAILED failed"
if [ $status != 0 ] && [ "$FAILED" = 0 ]; then echo "a build or check step failed (see above)"; fi
exit $status
