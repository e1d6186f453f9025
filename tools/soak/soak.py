#!/usr/bin/env python3
"""Load and soak test of the tanso service (not part of `cargo test`).

Starts the release binary on a free local port (or uses --url), then keeps N connections busy
for D seconds with a mix of valid and invalid requests: estimates of both documented projects
(with and without a Monte Carlo), batches, conversions, catalog reads, HEAD requests, and bad
inputs of every kind (malformed JSON, wrong dimensions, unknown ids and routes, a UTC/local
mix-up in a weather file, temperatures below absolute zero, oversized targets and headers).

Checks: no 5xx and no connection failure, every error a problem document. Reports requests,
throughput, latency percentiles, answers by status, and the server's resident memory sampled
every second (start, peak, end, and the growth over the second half of the run).

    cargo build --release
    python3 tools/soak/soak.py                      # 60 s, 64 connections
    python3 tools/soak/soak.py --seconds 10 --connections 8

Exit status 0 when the run is clean, 1 otherwise. Standard library only.
"""

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def weather_shifted(hours):
    """The committed typical year with GHI moved by `hours` (a UTC/local mix-up)."""
    lines = (ROOT / "tests/data/santiago_climatology.csv").read_text().splitlines()
    head = [l for l in lines if l.startswith("#") or l.startswith("period_end")]
    rows = [l.split(",") for l in lines if not (l.startswith("#") or l.startswith("period_end"))]
    ghi = [r[1] for r in rows]
    n = len(rows)
    for i, r in enumerate(rows):
        r[1] = ghi[(i - hours) % n]
    return "\n".join(head + [",".join(r) for r in rows]) + "\n"


def requests_mix():
    """(weight, label, method, path, body or None, extra headers, expected statuses)."""
    est = "/v1/estimates"
    shifted = json.dumps(
        {"project": "renca-solar", "options": {"weather": {"format": "csv", "data": weather_shifted(12)}}}
    )
    return [
        # valid
        (6, "healthz", "GET", "/healthz", None, {}, {200}),
        (4, "projects", "GET", "/v1/projects", None, {}, {200}),
        (3, "model", "GET", "/v1/models/solar-pv", None, {}, {200}),
        (2, "head project", "HEAD", "/v1/projects/renca-solar", None, {}, {200}),
        (8, "estimate solar", "POST", est, {"project": "renca-solar", "parameters": {"capacity": "3 MW"}}, {}, {200}),
        (8, "estimate compost", "POST", est, {"project": "badung-compost"}, {}, {200}),
        (4, "estimate compost MC", "POST", est, {"project": "badung-compost", "options": {"uncertainty": {"draws": 500, "seed": 7}}}, {}, {200}),
        (2, "estimate solar MC", "POST", est, {"project": "renca-solar", "options": {"uncertainty": {"draws": 300}}}, {}, {200}),
        (2, "batch", "POST", est + "/batch", {"scenarios": [{"project": "renca-solar"}, {"project": "nowhere"}, {"project": "badung-compost", "parameters": {"utilisation": "60 %"}}]}, {}, {200}),
        (4, "convert", "POST", "/v1/units/convert", {"quantity": "2 MW", "to": "kW"}, {}, {200}),
        # invalid
        (4, "malformed json", "POST", est, b'{"project": ', {}, {400}),
        (4, "wrong dimension", "POST", est, {"project": "renca-solar", "parameters": {"capacity": "3 MWh"}}, {}, {422}),
        (3, "unknown project", "POST", est, {"project": "atlantis"}, {}, {422}),
        (3, "carbon imbalance", "POST", est, {"project": "badung-compost", "parameters": {"compost_yield": "100 %", "doc_compost": "60 %"}}, {}, {422}),
        (3, "gsd overflow", "POST", est, {"project": "badung-compost", "options": {"uncertainty": {"draws": 50, "parameters": {"electricity_use": {"distribution": "lognormal", "gsd": 1e200}}}}}, {}, {422}),
        (3, "below absolute zero", "POST", "/v1/units/convert", {"quantity": "-5 K", "to": "K"}, {}, {422}),
        (3, "unknown route", "GET", "/v2/nothing", None, {}, {404}),
        (3, "wrong method", "DELETE", "/v1/projects", None, {}, {405}),
        (2, "wrong media type", "POST", est, b"project=renca-solar", {"Content-Type": "text/plain"}, {415}),
        (1, "uri too long", "GET", "/v1/projects?pad=" + "a" * 10000, None, {}, {414}),
        (1, "too many headers", "GET", "/v1/projects", None, {f"X-Pad-{i}": "p" for i in range(80)}, {431}),
        (1, "weather 12 h off", "POST", est, shifted.encode(), {}, {422}),
        (2, "huge value", "POST", est, {"project": "renca-solar", "parameters": {"capacity": "x" * 200_000}}, {}, {422}),
    ]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.by_status = {}
        self.by_label = {}
        self.latencies = []
        self.unexpected = []
        self.failures = []
        self.not_problem = 0

    def add(self, label, status, latency, expected, is_problem):
        with self.lock:
            self.by_status[status] = self.by_status.get(status, 0) + 1
            self.by_label[label] = self.by_label.get(label, 0) + 1
            self.latencies.append(latency)
            if status not in expected and len(self.unexpected) < 20:
                self.unexpected.append(f"{label}: {status}")
            if status >= 400 and not is_problem:
                self.not_problem += 1

    def fail(self, label, err):
        with self.lock:
            self.failures.append(f"{label}: {err}")


def worker(host, port, deadline, mix, stats, seed):
    rng = random.Random(seed)
    weights = [m[0] for m in mix]
    conn = None
    while time.monotonic() < deadline:
        _, label, method, path, body, headers, expected = rng.choices(mix, weights)[0]
        if isinstance(body, (dict, list)):
            data = json.dumps(body).encode()
        else:
            data = body
        h = {"Content-Type": "application/json"} if data is not None else {}
        h.update(headers)
        try:
            if conn is None:
                conn = http.client.HTTPConnection(host, port, timeout=60)
            start = time.monotonic()
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            r.read()
            took = time.monotonic() - start
            ct = r.getheader("Content-Type", "")
            stats.add(label, r.status, took, expected, ct.startswith("application/problem+json"))
            if r.getheader("Connection", "").lower() == "close" or r.will_close:
                conn.close()
                conn = None
        except Exception as e:  # noqa: BLE001 - any failure is reported
            stats.fail(label, repr(e))
            if conn is not None:
                conn.close()
            conn = None


def rss_kib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--binary", default=str(ROOT / os.environ.get("CARGO_TARGET_DIR", "target") / "release/tanso"))
    ap.add_argument("--url", help="an already running service, e.g. http://127.0.0.1:8080 (RSS is then not sampled unless --pid)")
    ap.add_argument("--pid", type=int, help="pid of the service given by --url, to sample its RSS")
    args = ap.parse_args()

    server = None
    if args.url:
        host, port = args.url.replace("http://", "").split(":")
        port = int(port)
        pid = args.pid
    else:
        binary = Path(args.binary)
        if not binary.is_absolute():
            binary = ROOT / binary
        if not binary.exists():
            sys.exit(f"no binary at {binary}: run `cargo build --release` first (or give --binary)")
        host, port = "127.0.0.1", free_port()
        server = subprocess.Popen(
            [str(binary), "serve", "--bind", f"{host}:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "RUST_LOG": "warn"},
        )
        pid = server.pid
        for _ in range(100):
            try:
                c = http.client.HTTPConnection(host, port, timeout=1)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            server.kill()
            sys.exit("the service did not start")

    mix = requests_mix()
    stats = Stats()
    samples = []
    start = time.monotonic()
    deadline = start + args.seconds
    threads = [
        threading.Thread(target=worker, args=(host, port, deadline, mix, stats, i), daemon=True)
        for i in range(args.connections)
    ]
    for t in threads:
        t.start()
    while time.monotonic() < deadline:
        if pid:
            samples.append((time.monotonic() - start, rss_kib(pid)))
        time.sleep(1.0)
    for t in threads:
        t.join(timeout=120)
    elapsed = time.monotonic() - start
    if pid:
        samples.append((elapsed, rss_kib(pid)))
    if server:
        server.terminate()
        server.wait(timeout=30)

    total = sum(stats.by_status.values())
    lat = sorted(stats.latencies)
    pct = lambda p: lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000 if lat else float("nan")
    five = sum(n for s, n in stats.by_status.items() if s >= 500)
    print(f"soak: {args.seconds:.0f} s, {args.connections} connections, {total} requests ({total / elapsed:.0f}/s)")
    print(f"latency ms: p50 {pct(50):.1f}, p90 {pct(90):.1f}, p99 {pct(99):.1f}, max {pct(100):.1f}")
    print("by status: " + ", ".join(f"{s}: {n}" for s, n in sorted(stats.by_status.items())))
    print(f"5xx: {five}; connection failures: {len(stats.failures)}; errors without a problem document: {stats.not_problem}")
    rss = [r for _, r in samples if r is not None]
    if rss:
        half = [r for t, r in samples if r is not None and t >= elapsed / 2]
        growth = (half[-1] - half[0]) / 1024 if len(half) > 1 else 0.0
        print(
            f"RSS MiB: start {rss[0] / 1024:.1f}, peak {max(rss) / 1024:.1f}, end {rss[-1] / 1024:.1f}, "
            f"second-half growth {growth:+.1f} ({len(rss)} samples, 1 s apart)"
        )
    if stats.unexpected:
        print("unexpected statuses (first 20): " + "; ".join(stats.unexpected))
    if stats.failures:
        print("failures (first 10): " + "; ".join(stats.failures[:10]))
    clean = five == 0 and not stats.failures and stats.not_problem == 0 and not stats.unexpected
    print("clean" if clean else "NOT CLEAN")
    sys.exit(0 if clean else 1)


if __name__ == "__main__":
    main()
