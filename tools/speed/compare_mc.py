#!/usr/bin/env python3
"""Two builds of tanso side by side: 10,000 Monte Carlo draws of every named seed as a whole
process (`tanso estimate SEED --draws 10000 --format json`), runs alternated so both see the
same machine, median of N. Prints each build's time and the ratio new/old.

    python3 tools/speed/compare_mc.py OLD_BINARY NEW_BINARY [SEED ...] [--runs 7]
        [--draws N]        (0: the deterministic estimate, without --draws)
        [--weather FILE]   (an EPW or CSV year passed as --weather)
"""
import argparse
import statistics
import subprocess
import time


def timed(binary: str, seed: str, extra: list) -> float:
    start = time.perf_counter()
    subprocess.run(
        [binary, "estimate", seed, "--format", "json", *extra],
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - start


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("seeds", nargs="*", default=["renca-solar", "badung-compost"])
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--draws", type=int, default=10000)
    p.add_argument("--weather")
    a = p.parse_args()
    extra = (["--draws", str(a.draws)] if a.draws > 0 else []) + (
        ["--weather", a.weather] if a.weather else []
    )
    for seed in a.seeds:
        timed(a.old, seed, extra), timed(a.new, seed, extra)  # warm the page cache
        old, new = [], []
        for _ in range(a.runs):
            old.append(timed(a.old, seed, extra))
            new.append(timed(a.new, seed, extra))
        mo, mn = statistics.median(old) * 1e3, statistics.median(new) * 1e3
        print(f"{seed}: old {mo:.0f} ms, new {mn:.0f} ms, new/old {mn / mo:.2f}")


if __name__ == "__main__":
    main()
