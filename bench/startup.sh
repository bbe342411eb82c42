#!/usr/bin/env bash
# Measures what a new user feels at start: time from `blufio serve` to the first /health 200, idle RSS
# after 30 s (VmRSS of the JVM), and the wall time of `blufio --version` and `blufio api GET /v1/health`.
# Usage: bench/startup.sh [idle seconds, default 30]. Uses a throw-away data dir and a free port.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
idle="${1:-30}"
tmp="$(mktemp -d)"
export BLUFIO_DATA_DIR="$tmp/data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export BLUFIO_GATEWAY__PORT="$port"
"$root/blufio" --version >/dev/null   # builds once if needed; not timed

now_ms() { date +%s%3N; }
t0=$(now_ms)
"$root/blufio" serve 2>"$tmp/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
until curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; do sleep 0.02; done
t1=$(now_ms)
echo "start to first /health 200: $((t1 - t0)) ms"

jpid=$(pgrep -P $pid java || echo $pid)
sleep "$idle"
echo "idle RSS after ${idle} s: $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$jpid/status)"

t=$(now_ms); for i in 1 2 3 4 5; do "$root/blufio" --version >/dev/null; done; t2=$(now_ms)
echo "blufio --version: $(( (t2 - t) / 5 )) ms (mean of 5)"
t=$(now_ms); for i in 1 2 3 4 5; do "$root/blufio" api GET /v1/health >/dev/null; done; t2=$(now_ms)
echo "blufio api GET /v1/health: $(( (t2 - t) / 5 )) ms (mean of 5)"
echo "RSS after those requests: $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$jpid/status)"
