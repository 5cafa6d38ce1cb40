#!/usr/bin/env bash
# CI collection: every API journey test against the local host on the Cosmos DB store, on the Cosmos-protocol test
# server (npm @vercel/cosmosdb-server, started by the tests; each host gets a database of its own). tests/run.sh runs it
# and counts its "Passed!/Failed!" line; it fails on any failed or skipped journey, and ends with what the test server
# cannot do and what covers it instead. Extra arguments go to dotnet test (e.g. --filter).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
project="$root/tests/Headstore.Api.Tests/Headstore.Api.Tests.csproj"
configuration="${HEADSTORE_CONFIGURATION:-Release}"

bash "$root/tests/peers/install.sh" >/dev/null

# tests/run.sh has built the solution already; on its own this builds the test project first.
build=(--no-build)
if [ ! -f "$root/tests/Headstore.Api.Tests/bin/$configuration/net10.0/Headstore.Api.Tests.dll" ]; then
  build=(-m:1)
fi

notes=$(mktemp)
output=$(mktemp)
trap 'rm -f "$notes" "$output"' EXIT
started=$(date +%s)
echo "API journeys on Store=Cosmos (cosmosdb-server)"
status=0
HEADSTORE_TEST_STORE=Cosmos HEADSTORE_TEST_NOTES="$notes" \
  dotnet test "$project" -c "$configuration" "${build[@]}" -nologo -v minimal "$@" >"$output" 2>&1 || status=$?
grep -vE "^\s*$" "$output" | grep -vE "^(Build|Determining|  Restored|  All projects|Test run for|A total of)" || true
elapsed=$(( $(date +%s) - started ))

if ! grep -qE "^(Passed|Failed)!" "$output"; then
  echo "Failed! - the Cosmos journeys did not run (see above)"
  exit 1
fi
if grep -qE "Skipped: +[1-9]" "$output"; then
  echo "Failed! - journeys were skipped on Cosmos; every journey must run on both stores"
  status=1
fi
if [ ! -s "$notes" ]; then
  echo "Failed! - no host ran on the Cosmos store (HEADSTORE_TEST_STORE was not honoured)"
  status=1
fi

echo "Cosmos journeys took ${elapsed}s"
echo "What the test server cannot do, and what covers it instead:"
sort -u "$notes" | sed 's/^/  /'
exit $status
