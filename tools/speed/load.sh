#!/usr/bin/env bash
# Load test of `tanso serve` on this machine (loopback only), with wrk from Debian:
#
#   1. what-if requests that are never alike (renca-solar, varying tilt, azimuth, capacity):
#      every one runs the hourly chain; 64 connections for DURATION seconds (default 20);
#   2. the documented renca-solar estimate unchanged, answered from the memo;
#   3. a soak: varying requests at 64 connections for SOAK seconds (default 60, 0 to skip),
#      with the server's resident memory (VmRSS) sampled every 5 s.
#
# Usage: tools/speed/load.sh [path/to/tanso]   (default: $CARGO_TARGET_DIR or target,
#        release/tanso; build it first with `cargo build --release`)
# Environment: DURATION, SOAK, CONNECTIONS (64), WRK_THREADS (1: the load generator shares
# the two cores with the server, one thread is plenty for it).
# Bounded: every wrk run has a fixed duration and the server is stopped by its pid.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-${CARGO_TARGET_DIR:-target}/release/tanso}
duration=${DURATION:-20}
soak=${SOAK:-60}
conns=${CONNECTIONS:-64}
threads=${WRK_THREADS:-1}
[ -x "$bin" ] || { echo "no $bin: run cargo build --release first" >&2; exit 2; }
if ! command -v wrk >/dev/null; then
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log=$(mktemp)
"$bin" serve --bind "127.0.0.1:$port" >"$log" 2>&1 &
server=$!
stop() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"; }
trap stop EXIT
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.1
done
url="http://127.0.0.1:$port"
echo "server: $bin (pid $server), $(nproc) cores, wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"

run() { # name, script, seconds
    echo "== $1: $conns connections, $3 s"
    wrk -t"$threads" -c"$conns" -d"$3s" --latency -s "tools/speed/$2" "$url" \
        | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors|requests in"
}
wrk -t"$threads" -c"$conns" -d5s -s tools/speed/varying.lua "$url" >/dev/null  # warm-up
run "varying what-if requests (renca-solar, tilt/azimuth/capacity never alike)" varying.lua "$duration"
run "documented project unchanged (memo)" memo.lua "$duration"

if [ "$soak" -lt 5 ]; then
    exit 0
fi
echo "== soak: varying requests, $conns connections, $soak s; VmRSS every 5 s"
wrk -t"$threads" -c"$conns" -d"${soak}s" --latency -s tools/speed/varying.lua "$url" >"$log.wrk" &
load=$!
rss=()
for _ in $(seq $((soak / 5))); do
    sleep 5
    rss+=("$(awk '/VmRSS/ {print $2}' "/proc/$server/status")")
done
wait "$load"
grep -E "Requests/sec|99%|Non-2xx" "$log.wrk" || true
rm -f "$log.wrk"
echo "VmRSS (kB): ${rss[*]}"
printf '%s\n' "${rss[@]}" | sort -n | awk 'NR == 1 {min = $1} {max = $1} END {printf "VmRSS range over the soak: %d kB (min %d, max %d)\n", max - min, min, max}'
