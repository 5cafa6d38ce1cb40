#!/usr/bin/env bash
# Sessions benchmark: runs the local host (Release, SQLite, local call sandbox, background outbox and timers), sets up
# N concurrent connected sessions through the public API, then loads it with wrk on loopback: meter reads by the
# sessions' customers, and call events (participants leaving and rejoining through the local call sandbox, which
# produces the same events as ACS callbacks through the same handler). Writes docs/benchmarks/sessions.md.
# Usage: tests/Headstore.Benchmarks/run-sessions.sh [sessions] [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-1000}
seconds=${2:-30}
port=7091
threads=2
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
dotnet build functions/Headstore.Api -c Release -nologo -v quiet -m:1
dotnet build tests/Headstore.Benchmarks -c Release -nologo -v quiet -m:1
work=$(mktemp -d)
trap 'status=$?; kill ${api:-0} 2>/dev/null && wait ${api:-0} 2>/dev/null || true; [ $status -ne 0 ] && tail -n 30 "$work/api.log" 2>/dev/null; rm -rf "$work"' EXIT

# The same loads without HTTP first, in-process over its own database (call events from 32 workers, meter reads one at a time).
PORT_WORKERS=32 dotnet tests/Headstore.Benchmarks/bin/Release/net10.0/Headstore.Benchmarks.dll sessions-port "$work/port.db" "$count" 20000 "$work/port.json"

ASPNETCORE_ENVIRONMENT=Development Urls="http://127.0.0.1:$port" Sqlite__DatabasePath="$work/headstore.db" \
Mail__Directory="$work/mail" Blobs__Directory="$work/blobs" DemoData__Enabled=false Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft__AspNetCore=Warning \
RateLimits__AnonymousReadsPerMinute=100000000 RateLimits__SignedInReadsPerMinute=100000000 RateLimits__WritesPerMinute=100000000 \
  dotnet functions/Headstore.Api/bin/Release/net10.0/Headstore.Api.dll >"$work/api.log" 2>&1 &
api=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done

dotnet tests/Headstore.Benchmarks/bin/Release/net10.0/Headstore.Benchmarks.dll sessions-setup "http://127.0.0.1:$port" "$count" "$work/sessions.txt" "$work/setup.json"
active=$(sqlite3 "$work/headstore.db" "SELECT COUNT(*) FROM sessions WHERE state = 'Connected'" 2>/dev/null || echo "?")

bench() { # name, script, connections: 10 s warm-up, then measured with 2 threads
  SESSIONS_FILE="$work/sessions.txt" THREADS=$threads wrk -t$threads -c"$3" -d10s -s "tests/Headstore.Benchmarks/$2" "http://127.0.0.1:$port" >/dev/null
  SESSIONS_FILE="$work/sessions.txt" THREADS=$threads wrk -t$threads -c"$3" -d"${seconds}s" --latency -s "tests/Headstore.Benchmarks/$2" "http://127.0.0.1:$port" >"$work/$1.txt"
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
bench meter session-meter.lua 32
bench meter4 session-meter.lua 4
bench events session-events.lua 32
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
after=$(sqlite3 "$work/headstore.db" "SELECT COUNT(*) FROM sessions WHERE state IN ('Connected', 'Interrupted')" 2>/dev/null || echo "?")

row() { # name, file → markdown row: requests/s, p50, p90, p99, non-2xx
  local f="$work/$2.txt"
  local rps p50 p90 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$f")
  p50=$(awk '/ 50%/ {print $2}' "$f"); p90=$(awk '/ 90%/ {print $2}' "$f"); p99=$(awk '/ 99%/ {print $2}' "$f")
  errors=$(awk '/Non-2xx/ {print $5}' "$f"); errors=${errors:-0}
  echo "| $1 | $rps | $p50 | $p90 | $p99 | $errors |"
}
setup=$(cat "$work/setup.json" "$work/port.json")
field() { echo "$setup" | sed -nE "s/.*\"$1\": ([0-9.]+).*/\1/p"; }
mkdir -p docs/benchmarks
{
  echo "# Sessions benchmark"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on this build machine ($(nproc) cores shared with other builds, $(free -g | awk '/Mem/ {print $2}') GiB), by \`tests/Headstore.Benchmarks/run-sessions.sh $count $seconds\`:"
  echo "the local host in Release (SQLite in WAL mode, the local call sandbox, the outbox dispatcher and the one-second"
  echo "timer sweep running in the background), loaded with wrk on loopback (wrk shares the same cores). The machine's load"
  echo "average (1, 5, 15 min) was $load_before before the HTTP load and $load_after after it: other engineers' builds and"
  echo "tests shared the two cores, so tail latencies include waiting for a core."
  echo
  echo "## Set-up: $(field sessions) concurrent sessions, through the public API"
  echo
  echo "Each session: expert token, profile, online; customer token, card saved; session started (card authorised, room"
  echo "prepared, expert marked busy), accepted, joined by both on the sandbox call. 16 clients in parallel."
  echo
  echo "| sessions | seconds | requests | requests/s | sessions set up per second | connected after set-up | connected or interrupted after the load |"
  echo "|---|---|---|---|---|---|---|"
  echo "| $(field sessions) | $(field setupSeconds) | $(field setupRequests) | $(field setupRequestsPerSecond) | $(field sessionsStartedPerSecond) | $active | $after |"
  echo
  echo "## Load (wrk -t$threads, ${seconds} s after a 10 s warm-up, over all $(field sessions) sessions)"
  echo
  echo "| operation | requests/s | p50 | p90 | p99 | non-2xx |"
  echo "|---|---|---|---|---|---|"
  row "GET /api/sessions/{id}/meter, 32 connections (as the session's customer)" meter
  row "GET /api/sessions/{id}/meter, 4 connections" meter4
  row "POST /api/local-calls/{id}/leave\|join, 32 connections (one call event each)" events
  echo
  echo "With 32 connections always busy, latency is mostly queueing (32 / throughput); 4 connections show the service time."
  echo
  echo "## At the port, without HTTP ($(field portSessions) connected sessions, the application composed as the local host composes it)"
  echo
  echo "| call events | events/s (32 concurrent workers, group commits) | meter reads | meter p50 ms | meter p99 ms | meter max ms |"
  echo "|---|---|---|---|---|---|"
  echo "| $(field portEvents) | $(field portEventsPerSecond) | $(field portMeterReads) | $(field portMeterP50Ms) | $(field portMeterP99Ms) | $(field portMeterMaxMs) |"
  echo
  echo "Targets: meter reads p99 under 5 ms; call-event ingestion at least 2,000 events per second."
} > docs/benchmarks/sessions.md
cat docs/benchmarks/sessions.md
