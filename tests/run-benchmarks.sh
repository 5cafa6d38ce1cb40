#!/usr/bin/env bash
# Compares the hot operations of the SQLite and Cosmos stores and writes docs/benchmarks/store-comparison.md.
# The Cosmos side runs against the local Cosmos-protocol test server (see the caveats in the report). Pass --quick for a short run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/tests/peers/install.sh"
dotnet run -c Release -m:1 --project "$root/tests/Headstore.StoreBenchmarks/Headstore.StoreBenchmarks.csproj" -- --out "$root/docs/benchmarks/store-comparison.md" "$@"
