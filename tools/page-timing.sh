#!/usr/bin/env bash
# Times the what-if page: every documented project's page (the default 1,000 Monte Carlo
# draws), then a comparison of four Renca scenarios, each fetched ROUNDS times from a running
# service; prints the median and the slowest time per page.
#
#   tools/page-timing.sh [BASE_URL] [ROUNDS]     # default http://127.0.0.1:8080, 5 rounds
#
# Start the release build first: cargo run --release -- serve
set -euo pipefail
base=${1:-http://127.0.0.1:8080}
rounds=${2:-5}
command -v curl >/dev/null || { echo "page-timing.sh: needs curl" >&2; exit 2; }

# The dataset version, so that each request is the canonical URL (no redirect in the timing).
version=$(curl -s -o /dev/null -w '%{redirect_url}' "$base/?project=renca-solar" | sed -n 's/.*[?&]v=\([^&]*\).*/\1/p')
[ -n "$version" ] || { echo "page-timing.sh: no tanso service at $base" >&2; exit 1; }
projects=$(curl -s "$base/v1/projects" | python3 -c 'import json, sys; print(" ".join(p["id"] for p in json.load(sys.stdin)["projects"]))')

time_page() {
    local label=$1 url=$2 times
    times=$(for _ in $(seq "$rounds"); do
        curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$url"
    done)
    if echo "$times" | grep -qv '^200 '; then
        echo "page-timing.sh: $label did not answer 200: $(echo "$times" | head -n 1)" >&2
        exit 1
    fi
    echo "$times" | cut -d' ' -f2 | sort -n | awk -v label="$label" '{ t[NR] = $1 } END {
        m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2;
        printf "%-40s median %6.3f s  slowest %6.3f s  (%d requests)\n", label, m, t[NR], NR }'
}

echo "dataset $version, $rounds rounds, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for p in $projects; do
    time_page "$p" "$base/?project=$p&v=$version"
done
keep() { printf 'keep=%s' "$1"; }
time_page "renca-solar, 4 scenarios compared" \
    "$base/?project=renca-solar&v=$version&p.capacity=4+MW&$(keep 'project%3Drenca-solar')&$(keep 'project%3Drenca-solar%26p.capacity%3D3%2BMW')&$(keep 'project%3Drenca-solar%26p.tilt%3D20%2Bdeg')"
