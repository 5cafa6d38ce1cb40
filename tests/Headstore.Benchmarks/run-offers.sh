#!/usr/bin/env bash
# Offers benchmark: runs the local host (Release, SQLite, payment sandbox, outbox and scheduler in the background as in
# production locally), sets up answered questions with an offer each through the API, then measures
# POST /api/offers/{id}/accept latency with 1 and 4 concurrent clients (HttpClient + Stopwatch per request).
# Writes docs/benchmarks/offers.md. Usage: tests/Headstore.Benchmarks/run-offers.sh [offers per run]
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-1000}
port=7091
dotnet build functions/Headstore.Api -c Release -m:1 -nologo -v quiet
dotnet build tests/Headstore.Benchmarks -c Release -m:1 -nologo -v quiet
work=$(mktemp -d)
trap 'status=$?; kill ${api:-0} 2>/dev/null && wait ${api:-0} 2>/dev/null || true; [ $status -ne 0 ] && tail -n 30 "$work/api.log" 2>/dev/null; rm -rf "$work"' EXIT

ASPNETCORE_ENVIRONMENT=Development Urls="http://127.0.0.1:$port" Sqlite__DatabasePath="$work/headstore.db" \
Mail__Directory="$work/mail" Blobs__Directory="$work/blobs" DemoData__Enabled=false Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft__AspNetCore=Warning \
RateLimits__AnonymousReadsPerMinute=100000000 RateLimits__SignedInReadsPerMinute=100000000 RateLimits__WritesPerMinute=100000000 \
  dotnet functions/Headstore.Api/bin/Release/net10.0/Headstore.Api.dll >"$work/api.log" 2>&1 &
api=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done

dotnet tests/Headstore.Benchmarks/bin/Release/net10.0/Headstore.Benchmarks.dll offers "http://127.0.0.1:$port" "$count" "$work/offers.json" "$work/offers-table.md"

mkdir -p docs/benchmarks
{
  echo "# Offers benchmark"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on this build machine ($(nproc) cores shared with other work, $(free -g | awk '/Mem/ {print $2}') GiB), by \`tests/Headstore.Benchmarks/run-offers.sh $count\`."
  echo
  echo "\`POST /api/offers/{id}/accept\` on the local host (Release, loopback, SQLite in WAL mode, the payment sandbox), each request"
  echo "timed by the client from send to the last byte. Every acceptance claims the offer, charges the offer price on the saved"
  echo "card in the sandbox, captures the question's held price when it is still due (every second offer is on a paid question),"
  echo "and records the acceptance (payment, ledger posting, automatic rating, private information, events) in one commit."
  echo "The outbox dispatcher and the scheduler run in the background meanwhile (receipts, earnings e-mails, sandbox events),"
  echo "as they do on a real local host. $count accepts per run after 100 warm-up accepts."
  echo
  cat "$work/offers-table.md"
  echo
  echo "Target: p99 under 50 ms."
} > docs/benchmarks/offers.md
cat docs/benchmarks/offers.md
