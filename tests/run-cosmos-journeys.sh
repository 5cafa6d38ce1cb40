#!/usr/bin/env bash
# Runs the API journey tests against the local host on the Cosmos DB store: every ApiFactory gets a database of its own
# on the Cosmos-protocol test server (npm @vercel/cosmosdb-server, started by the tests). Extra arguments go to dotnet test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/tests/peers/install.sh"
echo "API journeys on Store=Cosmos (cosmosdb-server; TransactionalBatch replaced by the compensating committer, full-text search by the term fallback)"
HEADSTORE_TEST_STORE=Cosmos dotnet test "$root/tests/Headstore.Api.Tests/Headstore.Api.Tests.csproj" -m:1 "$@"
