#!/usr/bin/env bash
# Runs the API journey tests against the local host on the Cosmos DB store (the CI collection, in Debug by default
# here). Extra arguments go to dotnet test, e.g. --filter "FullyQualifiedName~Payments".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HEADSTORE_CONFIGURATION="${HEADSTORE_CONFIGURATION:-Debug}" exec bash "$root/tests/collections/cosmos-journeys.sh" "$@"
