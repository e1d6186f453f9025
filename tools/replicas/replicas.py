#!/usr/bin/env python3
"""Three `tanso serve` replicas on one PostgreSQL behind HAProxy, all on loopback.

What it checks, and prints as figures (see README: Running at scale for a run's figures):

1. A scenario saved through one replica is read and evaluated through each of the others.
2. A load through the balancer (default 30 s, 8 client threads: saves of new scenarios, reads
   and estimates of saved ones) during which one replica is stopped and restarted: by
   default killed with SIGKILL at 10 s and restarted at 15 s. Afterwards every acknowledged
   save (201/200) is read back through the balancer. It reports the statuses seen, the failed
   requests (5xx, and requests whose connection HAProxy closed without an answer, which it does
   instead of a 502 when a reused server connection dies), which replica the 5xx came from
   (HAProxy's log), how many requests were in flight on the killed replica when it died
   (HAProxy's stats: current sessions to it, sampled just before the kill), HAProxy's retries
   and redispatches, and latency percentiles.

Not part of `cargo test`: it needs HAProxy and PostgreSQL (Debian's packages; installed with
apt-get if missing and run as root) and takes a minute per run. Only loopback addresses are
used, and every loop is bounded in time.

    tools/replicas/replicas.py                        # builds the release binary first
    tools/replicas/replicas.py --signal TERM          # a graceful stop instead of a crash
    tools/replicas/replicas.py --retry-on "conn-failure empty-response"

--retry-on is HAProxy's `retry-on`: the default, conn-failure, retries only requests that
never reached a replica; adding empty-response also retries requests cut by the kill, which is
safe for this API (saves are idempotent: the id is the content hash; estimates are pure).
Exit status 0 when no acknowledged write is lost, the scenario is read through every replica,
and no request sent after the stopped replica's process had exited failed (only those in
flight on it may); the figures are the result.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port: int, method: str, path: str, body: dict | None = None, timeout: float = 30):
    """One request on a fresh connection: (status, parsed JSON or text)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"content-type": "application/json"} if data else {}
        conn.request(method, path, body=data, headers=headers)
        r = conn.getresponse()
        text = r.read().decode()
        try:
            return r.status, json.loads(text)
        except ValueError:
            return r.status, text
    finally:
        conn.close()


def wait_ready(port: int, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if request(port, "GET", "/readyz", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"port {port} not ready after {seconds} s")


def ensure_haproxy() -> str:
    path = shutil.which("haproxy") or ("/usr/sbin/haproxy" if os.path.exists("/usr/sbin/haproxy") else None)
    if path:
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing Debian's haproxy package", file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "haproxy"], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, stdout=subprocess.DEVNULL)
        return shutil.which("haproxy") or "/usr/sbin/haproxy"
    raise SystemExit("haproxy not found; install Debian's haproxy package")


class Replica:
    def __init__(self, name: str, binary: str, database: str, work: Path, drain: float):
        self.name, self.binary, self.database = name, binary, database
        self.port = free_port()
        self.log = work / f"{name}.log"
        self.drain = drain
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**os.environ, "TANSO_DATABASE_URL": self.database, "TANSO_DRAIN_SECONDS": str(self.drain),
               "TANSO_BIND": f"127.0.0.1:{self.port}", "RUST_LOG": "warn,tanso=info", "NO_COLOR": "1"}
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([self.binary, "serve"], env=env, stdout=log, stderr=log)
        wait_ready(self.port)

    def stop(self, sig: int) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)

    def wait(self, seconds: float = 60) -> None:
        if self.proc:
            self.proc.wait(timeout=seconds)


HAPROXY_CFG = """
global
    maxconn 2000
    stats socket {sock} mode 600 level admin
    log stdout format raw local0 info

defaults
    mode http
    log global
    option httplog
    timeout connect 1s
    timeout client 60s
    timeout server 60s
    timeout http-keep-alive 10s
    retries 3
    option redispatch 1
    retry-on {retry_on}
    default-server check inter 500ms fall 2 rise 2

frontend tanso
    bind 127.0.0.1:{port}
    default_backend replicas

backend replicas
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
{servers}
"""


def haproxy_cmd(sock: Path, command: str) -> str:
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(str(sock))
        s.sendall(command.encode() + b"\n")
        chunks = []
        while True:
            b = s.recv(65536)
            if not b:
                break
            chunks.append(b)
    return b"".join(chunks).decode()


def haproxy_stats(sock: Path) -> dict[str, dict[str, str]]:
    text = haproxy_cmd(sock, "show stat")
    lines = [l for l in text.splitlines() if l]
    header = lines[0].lstrip("# ").split(",")
    out = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split(",")))
        out[f"{row['pxname']}/{row['svname']}"] = row
    return out


class Load:
    """Client threads through the balancer; every result recorded."""

    def __init__(self, port: int, threads: int, seconds: float, client_retry: bool):
        self.port, self.threads, self.seconds = port, threads, seconds
        self.client_retry = client_retry
        self.lock = threading.Lock()
        self.results: list[tuple[float, float, str, int]] = []  # start, end, op, status (0: no answer)
        self.acked: dict[str, dict] = {}
        self.errors: list[tuple[float, str, str | None]] = []  # requests with no answer
        self.stale_retries = 0
        self.counter = 0

    def next_scenario(self) -> dict:
        with self.lock:
            self.counter += 1
            n = self.counter
        # Distinct scenarios: capacities from 100 kW up in 1 W steps, within the model's range.
        return {"project": "renca-solar", "parameters": {"capacity": f"{100_000 + n} W"}}

    def worker(self, seed: int, stop_at: float) -> None:
        rnd = random.Random(seed)
        conn = None
        while time.monotonic() < stop_at:
            with self.lock:
                ids = list(self.acked.keys()) if self.acked and rnd.random() < 0.5 else None
            if ids:
                sid = rnd.choice(ids)
                op = rnd.choice(["read", "estimate"])
                method, path, body = ("GET", f"/v1/scenarios/{sid}", None) if op == "read" else (
                    "GET", f"/v1/scenarios/{sid}/estimate", None)
            else:
                op, method, path, body = "save", "POST", "/v1/scenarios", self.next_scenario()
            start = time.monotonic()
            status, parsed, error = 0, None, None
            for attempt in (1, 2):
                reused = conn is not None
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                    data = json.dumps(body).encode() if body else None
                    conn.request(method, path, body=data,
                                 headers={"content-type": "application/json"} if data else {})
                    r = conn.getresponse()
                    text = r.read()
                    status = r.status
                    if op == "save" and status in (200, 201):
                        parsed = json.loads(text)
                    if r.will_close or status >= 500:
                        conn.close()
                        conn = None
                    break
                except (OSError, http.client.HTTPException) as e:
                    if conn:
                        conn.close()
                    conn = None
                    error = f"{type(e).__name__}: {e}"
                    # With --client-retry: a kept-alive connection closed without an answer is
                    # sent again once on a new connection (RFC 9112 9.3.1 allows it for
                    # idempotent requests; saves here are, by content hash). Counted apart.
                    if self.client_retry and reused and attempt == 1 and isinstance(
                            e, (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)):
                        with self.lock:
                            self.stale_retries += 1
                        continue
                    break
            end = time.monotonic()
            with self.lock:
                self.results.append((start, end, op, status))
                if status == 0:
                    self.errors.append((start, op, error))
                if parsed is not None:
                    self.acked[parsed["id"]] = body

    def run(self, during) -> None:
        stop_at = time.monotonic() + self.seconds
        workers = [threading.Thread(target=self.worker, args=(i, stop_at)) for i in range(self.threads)]
        for w in workers:
            w.start()
        during()
        for w in workers:
            w.join(timeout=self.seconds + 120)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


LOG_RE = re.compile(r" (\S+)/(\S+) (-?\d+)/(-?\d+)/(-?\d+)/(-?\d+)/\+?(-?\d+) (\d{3}) ")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", help="the tanso binary (default: build target/release/tanso)")
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--kill-at", type=float, default=10, help="seconds into the load")
    ap.add_argument("--restart-at", type=float, default=15, help="seconds into the load")
    ap.add_argument("--signal", choices=["KILL", "TERM"], default="KILL")
    ap.add_argument("--retry-on", default="conn-failure", help="HAProxy retry-on (default: conn-failure)")
    ap.add_argument("--drain", type=float, default=2, help="TANSO_DRAIN_SECONDS of the replicas")
    ap.add_argument("--client-retry", action="store_true",
                    help="clients resend once a request whose kept-alive connection closed unanswered")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (logs)")
    args = ap.parse_args()

    binary = args.bin
    if not binary:
        subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT, check=True)
        target = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
        binary = str((target if target.is_absolute() else ROOT / target) / "release" / "tanso")
    haproxy = ensure_haproxy()
    work = Path(tempfile.mkdtemp(prefix="tanso-replicas."))
    pg_env = subprocess.run([str(ROOT / "tools/pg/throwaway.sh"), "start"], check=True,
                            capture_output=True, text=True).stdout
    pg = dict(re.findall(r"export (\w+)=(\S+)", pg_env))
    replicas: list[Replica] = []
    lb = None
    try:
        admin = pg["TANSO_TEST_POSTGRES_URL"]
        subprocess.run(["psql", "-q", admin, "-c", "CREATE DATABASE tanso"], check=True)
        database = admin.rsplit("/", 1)[0] + "/tanso"
        replicas = [Replica(f"r{i}", binary, database, work, args.drain) for i in (1, 2, 3)]
        for r in replicas:  # started together: one migrates, the others wait on its lock
            threading.Thread(target=r.start).start()
        for r in replicas:
            wait_ready(r.port)
        lb_port = free_port()
        sock = work / "haproxy.sock"
        servers = "\n".join(f"    server {r.name} 127.0.0.1:{r.port}" for r in replicas)
        cfg = work / "haproxy.cfg"
        cfg.write_text(HAPROXY_CFG.format(sock=sock, retry_on=args.retry_on, port=lb_port, servers=servers))
        lb_log = open(work / "haproxy.log", "wb")
        lb = subprocess.Popen([haproxy, "-db", "-f", str(cfg)], stdout=lb_log, stderr=subprocess.STDOUT)
        wait_ready(lb_port)
        time.sleep(1.5)  # every server's first health check

        print(f"tanso: {binary}\nPostgreSQL: {database}\nHAProxy: 127.0.0.1:{lb_port}, retry-on {args.retry_on}")
        print("replicas: " + ", ".join(f"{r.name} 127.0.0.1:{r.port}" for r in replicas))

        # 1. Saved through r1, read and evaluated through r2 and r3.
        s, saved = request(replicas[0].port, "POST", "/v1/scenarios",
                           {"project": "renca-solar", "parameters": {"capacity": "3 MW"}})
        assert s == 201, (s, saved)
        sid = saved["id"]
        for r in replicas[1:]:
            s, got = request(r.port, "GET", f"/v1/scenarios/{sid}")
            assert s == 200 and got["scenario"]["parameters"]["capacity"] == "3 MW", (r.name, s, got)
            s, est = request(r.port, "GET", f"/v1/scenarios/{sid}/estimate")
            assert s == 200 and est["id"] == sid, (r.name, s, est)
        print(f"cross-replica: {sid} saved through r1, read and estimated through r2 and r3: ok")

        # 2. The load, with r2 stopped and restarted.
        victim = replicas[1]
        events: dict[str, float | int] = {}
        load = Load(lb_port, args.threads, args.seconds, args.client_retry)
        t0 = time.monotonic()

        def chaos() -> None:
            time.sleep(max(0.0, t0 + args.kill_at - time.monotonic()))
            before = haproxy_stats(sock)[f"replicas/{victim.name}"]
            events["in_flight_at_stop"] = int(before["scur"] or 0)
            events["stop"] = time.monotonic() - t0
            victim.stop(signal.SIGKILL if args.signal == "KILL" else signal.SIGTERM)
            victim.wait()
            events["exited"] = time.monotonic() - t0
            time.sleep(max(0.0, t0 + args.restart_at - time.monotonic()))
            victim.start()
            events["restarted"] = time.monotonic() - t0

        load.run(chaos)
        elapsed = time.monotonic() - t0
        time.sleep(1.0)  # let HAProxy write its last log lines
        stats = haproxy_stats(sock)

        # Every acknowledged write, read back through the balancer.
        lost = []
        for sid, body in load.acked.items():
            s, got = request(lb_port, "GET", f"/v1/scenarios/{sid}")
            if s != 200 or got["scenario"]["parameters"] != body["parameters"]:
                lost.append((sid, s))
        rows = subprocess.run(["psql", "-qtA", database, "-c", "SELECT count(*) FROM scenarios"],
                              check=True, capture_output=True, text=True).stdout.strip()

        # Figures.
        by_status: dict[int, int] = {}
        for _, _, _, st in load.results:
            by_status[st] = by_status.get(st, 0) + 1
        fivexx = [(a, b, op, st) for a, b, op, st in load.results if st >= 500 or st == 0]
        server_5xx: dict[str, int] = {}
        for line in (work / "haproxy.log").read_text(errors="replace").splitlines():
            m = LOG_RE.search(line)
            if m and m.group(1) == "replicas" and int(m.group(8)) >= 500:
                server_5xx[m.group(2)] = server_5xx.get(m.group(2), 0) + 1
        lat = {op: [b - a for a, b, o, st in load.results if o == op and st < 500 and st != 0]
               for op in ("save", "read", "estimate")}
        n = len(load.results)
        print(f"\nload: {n} requests in {elapsed:.1f} s ({n / elapsed:.0f}/s), {args.threads} threads; "
              f"{victim.name} {args.signal} at {events['stop']:.1f} s (exited at {events['exited']:.1f} s), "
              f"restarted and ready at {events['restarted']:.1f} s")
        print("statuses: " + ", ".join(f"{k if k else 'no answer'}: {v}" for k, v in sorted(by_status.items())))
        print(f"failed requests seen by clients (5xx, or the connection closed unanswered): {len(fivexx)}; "
              f"5xx by replica in HAProxy's log: {server_5xx or 'none'}")
        for at, op, error in load.errors:
            print(f"  no answer: {op} sent at {at - t0:.3f} s (signal at {events['stop']:.3f} s, "
                  f"exit at {events['exited']:.3f} s): {error}")
        if args.client_retry:
            print(f"requests sent again after a kept-alive connection closed unanswered: {load.stale_retries}")
        print(f"requests in flight on {victim.name} when it was stopped (HAProxy current sessions): "
              f"{events['in_flight_at_stop']}")
        b = stats["replicas/BACKEND"]
        print(f"HAProxy: retries {b.get('wretr')}, redispatches {b.get('wredis')}, "
              f"connection errors {b.get('econ')}, response errors {b.get('eresp')}")
        for r in replicas:
            row = stats[f"replicas/{r.name}"]
            print(f"  {r.name}: {row.get('stot')} sessions, status {row.get('status')}, "
                  f"5xx responses {row.get('hrsp_5xx')}, downtime {row.get('downtime')} s")
        for op, v in lat.items():
            print(f"latency {op:<8} n={len(v):>6}  p50 {1000 * percentile(v, 50):7.1f} ms  "
                  f"p99 {1000 * percentile(v, 99):7.1f} ms  max {1000 * max(v, default=0):7.1f} ms")
        print(f"acknowledged saves: {len(load.acked)}; read back through the balancer: "
              f"{len(load.acked) - len(lost)}; lost: {len(lost)}; rows in PostgreSQL: {rows}")
        # In flight on the stopped replica: sent before its process was gone (a request sent
        # between the signal and the exit reached a dying process).
        gone = events["exited"]
        after = [e for e in load.errors if e[0] - t0 > gone]
        after += [r for r in fivexx if r[3] != 0 and r[0] - t0 > gone]
        print(f"failed requests sent after {victim.name} had exited ({gone:.3f} s): {len(after)}; "
              f"the others were sent while it was running or dying")
        ok = not lost and not after
        if len(fivexx) > events["in_flight_at_stop"]:
            print(f"NOTE: the {len(fivexx)} failed requests exceed the {events['in_flight_at_stop']} in flight on "
                  f"{victim.name} when it was stopped")
        return 0 if ok else 1
    finally:
        if lb:
            lb.terminate()
            lb.wait(timeout=10)
        for r in replicas:
            r.stop(signal.SIGTERM)
        for r in replicas:
            try:
                r.wait(30)
            except subprocess.TimeoutExpired:
                r.stop(signal.SIGKILL)
        subprocess.run([str(ROOT / "tools/pg/throwaway.sh"), "stop", pg.get("TANSO_PG_DIR", "")], check=False)
        if args.keep:
            print(f"logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
