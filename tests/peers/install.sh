#!/usr/bin/env bash
# Installs the local stand-ins the infrastructure and API tests start (idempotent: does nothing when present).
#   .test-peers/node_modules/@vercel/cosmosdb-server  Cosmos DB protocol server (tests/peers/cosmos-server.js starts it)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peers="${HEADSTORE_TEST_PEERS:-$root/.test-peers}"
cosmos_version="1.0.1"

installed_version() {
  node -p "require('$peers/node_modules/@vercel/cosmosdb-server/package.json').version" 2>/dev/null || true
}

if [ "$(installed_version)" != "$cosmos_version" ]; then
  echo "installing @vercel/cosmosdb-server@$cosmos_version into $peers"
  mkdir -p "$peers"
  npm install --prefix "$peers" --no-audit --no-fund --loglevel=error "@vercel/cosmosdb-server@$cosmos_version"
else
  echo "@vercel/cosmosdb-server@$cosmos_version already installed in $peers"
fi
