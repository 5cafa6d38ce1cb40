#!/usr/bin/env bash
# Runs every test of Headstore on a fresh machine: installs what the tests need, builds, tests, and prints a summary.
# Usage: ./tests/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Test peers (npm packages into ./.test-peers, Debian packages where missing), when a setup script exists for them.
if [ -x tests/peers/install.sh ]; then
  tests/peers/install.sh
fi

log=$(mktemp)
trap 'rm -f "$log" "${out:-}"' EXIT
status=0
dotnet build Serverless.ci.slnf -c Release -nologo -v minimal | tail -n 3
out=$(mktemp)
run() { # name, command...: runs one test step, keeps its output for the summary, shows its verdict lines
  echo "== $1"; shift
  if "$@" >"$out" 2>&1; then rc=0; else rc=$?; fi
  cat "$out" >>"$log"
  grep -E "^(Passed|Failed)!|\[FAIL\]| error |NOT SUPPORTED|covered instead" "$out" || true
  if [ "$rc" -ne 0 ]; then status=1; tail -n 40 "$out"; fi
}
for project in tests/*.Tests/*.Tests.csproj; do
  run "$(basename "$(dirname "$project")")" dotnet test "$project" -c Release --no-build -nologo -v minimal
done

# Extra collections (e.g. the API journeys against another store) register themselves here.
for extra in tests/collections/*.sh; do
  [ -e "$extra" ] || continue
  run "$(basename "$extra")" bash "$extra"
done

passed=$(grep -oE "Passed: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE "Failed: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: $passed passed, $failed failed"
exit $status
