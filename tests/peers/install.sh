#!/usr/bin/env bash
# Installs the local stand-ins the infrastructure and API tests start (idempotent: does nothing when present).
#   .test-peers/node_modules/@vercel/cosmosdb-server  Cosmos DB protocol server (tests/peers/cosmos-server.js starts it)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peers="${HEADSTORE_TEST_PEERS:-$root/.test-peers}"
cosmos_version="1.0.1"

# Node.js and npm come with this machine image; a bare Debian needs them from apt.
if ! command -v npm >/dev/null 2>&1; then
  echo "installing nodejs and npm from apt"
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi

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
