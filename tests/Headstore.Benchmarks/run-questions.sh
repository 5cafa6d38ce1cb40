#!/usr/bin/env bash
# Questions benchmark: seeds 100,000 answered questions, measures similar-question search at the store port, then runs
# the local host (Release) and loads GET /api/questions/{id}, POST /api/questions and GET /api/questions/similar with wrk
# on loopback. Writes docs/benchmarks/questions.md. Usage: tests/Headstore.Benchmarks/run-questions.sh [questions]
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-100000}
port=7090
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
dotnet build functions/Headstore.Api -c Release -nologo -v quiet
dotnet build tests/Headstore.Benchmarks -c Release -nologo -v quiet
work=$(mktemp -d)
trap 'status=$?; kill ${api:-0} 2>/dev/null && wait ${api:-0} 2>/dev/null || true; [ $status -ne 0 ] && tail -n 30 "$work/api.log" 2>/dev/null; rm -rf "$work"' EXIT

dotnet tests/Headstore.Benchmarks/bin/Release/net10.0/Headstore.Benchmarks.dll seed-and-search "$work/headstore.db" "$count" "$work/search.json"

ASPNETCORE_ENVIRONMENT=Development Urls="http://127.0.0.1:$port" Sqlite__DatabasePath="$work/headstore.db" \
Mail__Directory="$work/mail" Blobs__Directory="$work/blobs" DemoData__Enabled=false Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft__AspNetCore=Warning \
RateLimits__AnonymousReadsPerMinute=100000000 \
RateLimits__SignedInReadsPerMinute=100000000 RateLimits__WritesPerMinute=100000000 \
  dotnet functions/Headstore.Api/bin/Release/net10.0/Headstore.Api.dll >"$work/api.log" 2>&1 &
api=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
token=$(curl -sf -X POST "http://127.0.0.1:$port/api/dev/tokens" -H 'content-type: application/json' \
  -d '{"subject":"customer-bench","name":"Bench","roles":["customer"]}' | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')

bench() { # name, script: 10 s warm-up, then 30 s measured with 2 threads and 32 connections
  IDS_FILE="$work/question-ids.txt" TOKEN="$token" wrk -t2 -c32 -d10s -s "tests/Headstore.Benchmarks/$2" "http://127.0.0.1:$port" >/dev/null
  IDS_FILE="$work/question-ids.txt" TOKEN="$token" wrk -t2 -c32 -d30s --latency -s "tests/Headstore.Benchmarks/$2" "http://127.0.0.1:$port" >"$work/$1.txt"
}
bench get get-question.lua
bench post post-question.lua
bench similar similar-search.lua

row() { # name, file → markdown row: requests/s, p50, p90, p99, non-2xx
  local f="$work/$2.txt"
  local rps p50 p90 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$f")
  p50=$(awk '/ 50%/ {print $2}' "$f"); p90=$(awk '/ 90%/ {print $2}' "$f"); p99=$(awk '/ 99%/ {print $2}' "$f")
  errors=$(awk '/Non-2xx/ {print $5}' "$f"); errors=${errors:-0}
  echo "| $1 | $rps | $p50 | $p90 | $p99 | $errors |"
}
search=$(cat "$work/search.json")
field() { echo "$search" | sed -nE "s/.*\"$1\": ([0-9.]+).*/\1/p"; }
mkdir -p docs/benchmarks
{
  echo "# Questions benchmark"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on this build machine ($(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB), by \`tests/Headstore.Benchmarks/run-questions.sh\`."
  echo
  echo "## Similar-question search at the store port (SQLite FTS5, BM25), $(field questions) answered questions"
  echo
  echo "| queries | p50 ms | p95 ms | p99 ms | max ms | queries/s (one thread) | seed s | database MB |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "| $(field searchQueries) | $(field searchP50Ms) | $(field searchP95Ms) | $(field searchP99Ms) | $(field searchMaxMs) | $(field searchQueriesPerSecond) | $(field seedSeconds) | $(field databaseMegabytes) |"
  echo
  echo "Target: p95 under 15 ms."
  echo
  echo "## Through HTTP (local host, Release, loopback, wrk -t2 -c32, 30 s after 10 s warm-up; wrk shares the 2 cores)"
  echo
  echo "| operation | requests/s | p50 | p90 | p99 | non-2xx |"
  echo "|---|---|---|---|---|---|"
  row "GET /api/questions/{id}" get
  row "POST /api/questions (signed in, new question each time)" post
  row "GET /api/questions/similar?q=…" similar
} > docs/benchmarks/questions.md
cat docs/benchmarks/questions.md
