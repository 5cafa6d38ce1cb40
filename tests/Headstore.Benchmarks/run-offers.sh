#!/usr/bin/env bash
# Offers benchmark: runs the local host (Release, SQLite, payment sandbox), sets up answered questions with an offer each
# through the API, then measures POST /api/offers/{id}/accept latency back to back with 1 and 4 concurrent clients and
# paced at 20 accepts/s (HttpClient + Stopwatch per request). Twice: as the local host runs (outbox dispatcher and scheduler in the background), and with the
# dispatcher and scheduler paused, which isolates the acceptance itself from the work it triggers.
# Writes docs/benchmarks/offers.md. Usage: tests/Headstore.Benchmarks/run-offers.sh [offers per run]
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-1000}
# A port nobody listens on (other hosts may run on this machine).
port=$((20000 + RANDOM % 20000))
while ss -ltn 2>/dev/null | grep -q ":$port "; do port=$((20000 + RANDOM % 20000)); done
dotnet build functions/Headstore.Api -c Release -m:1 -nologo -v quiet
dotnet build tests/Headstore.Benchmarks -c Release -m:1 -nologo -v quiet
work=$(mktemp -d)
api=""
trap 'status=$?; if [ -n "$api" ]; then kill "$api" 2>/dev/null; wait "$api" 2>/dev/null; fi; [ $status -ne 0 ] && tail -n 30 "$work/api.log" 2>/dev/null; rm -rf "$work"' EXIT

measure() { # name, background (true|false): a fresh host and database, the benchmark, the host stopped
  rm -rf "$work/data" && mkdir -p "$work/data"
  ASPNETCORE_ENVIRONMENT=Development Urls="http://127.0.0.1:$port" Sqlite__DatabasePath="$work/data/headstore.db" \
  Mail__Directory="$work/data/mail" Blobs__Directory="$work/data/blobs" DemoData__Enabled=false \
  Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft__AspNetCore=Warning \
  Outbox__RunInBackground="$2" Scheduler__Enabled="$2" \
  RateLimits__AnonymousReadsPerMinute=100000000 RateLimits__SignedInReadsPerMinute=100000000 RateLimits__WritesPerMinute=100000000 \
    dotnet functions/Headstore.Api/bin/Release/net10.0/Headstore.Api.dll >"$work/api.log" 2>&1 &
  api=$!
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
  kill -0 "$api" 2>/dev/null || { echo "the host did not start"; exit 1; }
  echo "$(cut -d' ' -f1-3 /proc/loadavg)" >"$work/$1.load-before"
  dotnet tests/Headstore.Benchmarks/bin/Release/net10.0/Headstore.Benchmarks.dll offers "http://127.0.0.1:$port" "$count" "$work/$1.json" "$work/$1.md"
  echo "$(cut -d' ' -f1-3 /proc/loadavg)" >"$work/$1.load-after"
  kill "$api"
  wait "$api" 2>/dev/null || true
  api=""
}
measure running true
measure paused false

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
  echo "$count accepts per run after 100 warm-up accepts. \"Back to back\" runs send the next accept as soon as the last answered"
  echo "(the most the host can do); the paced run starts one accept every 50 ms whatever the others do, and counts each"
  echo "latency from when its request was due (open loop, so a stall is not hidden). The benchmark client, the host and its"
  echo "background work share the machine's cores with whatever else runs there; the load averages (1, 5, 15 min) are given"
  echo "with each table."
  echo
  echo "## As the local host runs: outbox dispatcher and scheduler in the background"
  echo
  echo "Each acceptance raises about ten events (receipts and earnings e-mails, the expert's notice, reputation, the sandbox's"
  echo "Stripe-shaped events, timers) that the dispatcher delivers while the next acceptances run, competing for the one SQLite"
  echo "writer and the cores. Load before: $(cat "$work/running.load-before"), after: $(cat "$work/running.load-after")."
  echo
  cat "$work/running.md"
  echo
  echo "## The acceptance alone: dispatcher and scheduler paused"
  echo
  echo "Load before: $(cat "$work/paused.load-before"), after: $(cat "$work/paused.load-after")."
  echo
  cat "$work/paused.md"
  echo
  echo "Target: p99 under 50 ms."
} > docs/benchmarks/offers.md
cat docs/benchmarks/offers.md
