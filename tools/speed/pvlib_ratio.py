"""tanso against pvlib on the same EPW, on the same machine, in one run.

Writes an 8760-hour EPW from the committed Santiago weather CSV (tests/data/
santiago_climatology.csv; DNI and DHI left missing, so both sides decompose GHI with Erbs),
then measures:

1. the hourly chain (sun position at interval midpoints, Erbs, Perez, physical IAM, Fuentes,
   PVWatts DC and inverter) on the parsed weather:
   - pvlib: `crosscheck.run` of tools/pvlib_crosscheck (the chain the cross-check test holds
     tanso to), in-process, median of several runs;
   - tanso: the criterion benchmark `cargo bench --bench chain` on the same file
     (`chain-epw/prepare+simulate`, its median);
2. a whole estimate on the EPW:
   - pvlib: `pvlib.iotools.read_epw` + the same chain with the Renca system, in-process
     (Python start-up and imports not counted);
   - tanso: the process `tanso estimate renca-solar --weather FILE`, wall time from start to
     exit (start-up, catalog, EPW parsing, sun positions, chain, report), median of many runs.

and prints the ratios. Usage, from the repository root:

    pip install -r tools/pvlib_crosscheck/requirements.txt
    cargo build --release
    python3 tools/speed/pvlib_ratio.py [--runs N] [--skip-bench]

`CARGO_TARGET_DIR` is honoured; `TANSO_BIN` names another tanso binary to time. With
--skip-bench the criterion results already on disk are read (from an earlier run on the same
file).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pvlib

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools" / "pvlib_crosscheck"))
import crosscheck  # noqa: E402  (the pvlib chain of the cross-check)

TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
OUT = TARGET / "speed"
CRITERION = OUT / "criterion"

# renca-solar as documented (seeds/renca-solar.toml, models/solar-pv.toml defaults).
RENCA = {
    "dc_kw": 2000.0,
    "dc_ac_ratio": 1.2,
    "tilt_deg": 10.0,
    "azimuth_deg": 0.0,
    "transposition": "perez",
    "mounting": "roof",
    "temperature_model": "fuentes",
}
# The chain benchmark's system (the cross-check's `pvwatts_default_roof`).
CHAIN = crosscheck.CONFIGURATIONS["pvwatts_default_roof"]


def write_epw(csv_path, epw_path):
    """An EPW (EnergyPlus data dictionary field order) with the CSV's GHI, air temperature
    and wind; every other field carries its 'missing' code."""
    df, lat, lon, alt = crosscheck.read_tanso_csv(csv_path)
    tz = df.index[0].utcoffset().total_seconds() / 3600.0
    lines = [
        f"LOCATION,Santiago (tanso climatology),RM,CHL,tanso climatology generator,855740,"
        f"{lat},{lon},{tz:.1f},{alt}",
        "DESIGN CONDITIONS,0",
        "TYPICAL/EXTREME PERIODS,0",
        "GROUND TEMPERATURES,0",
        "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
        "COMMENTS 1,written by tools/speed/pvlib_ratio.py from tests/data/santiago_climatology.csv",
        "COMMENTS 2,DNI and DHI missing (9999): decomposed from GHI",
        "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31",
    ]
    start = df.index - pd.Timedelta(hours=1)
    for t0, ghi, ta, ws in zip(start, df["ghi"], df["temp_air"], df["wind_speed"]):
        # Hour-ending records: hour h covers [h-1, h) local standard time.
        lines.append(
            f"{t0.year},{t0.month},{t0.day},{t0.hour + 1},60,?9?9?9?9E0?9?9?9*9*9?9*9*9*9*9*9*9*9*9*9*_*9*9*9*9*9,"
            f"{ta:.1f},99.9,999,999999,9999,9999,9999,{ghi:.0f},9999,9999,999999,999999,"
            f"999999,9999,999,{ws:.1f},99,99,9999,99999,9,999999999,999,.999,999,99,999,999,99"
        )
    epw_path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def pvlib_weather(epw_path):
    data, meta = pvlib.iotools.read_epw(str(epw_path))
    # read_epw stamps each record at its interval start; crosscheck.run takes interval ends.
    df = pd.DataFrame(
        {"ghi": data["ghi"], "temp_air": data["temp_air"], "wind_speed": data["wind_speed"]}
    )
    df.index = data.index + pd.Timedelta(hours=1)
    return df, meta["latitude"], meta["longitude"], meta["altitude"]


def median_time(fn, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), times


def criterion_median(group, bench):
    est = CRITERION / group / bench / "new" / "estimates.json"
    return json.loads(est.read_text())["median"]["point_estimate"] / 1e9


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="pvlib runs per measurement")
    ap.add_argument("--process-runs", type=int, default=60, help="tanso process runs")
    ap.add_argument("--skip-bench", action="store_true")
    args = ap.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    epw = OUT / "santiago.epw"
    write_epw(ROOT / "tests/data/santiago_climatology.csv", epw)
    tanso = Path(os.environ.get("TANSO_BIN", TARGET / "release" / "tanso"))
    if not tanso.exists():
        sys.exit(f"{tanso} not found: run `cargo build --release` first")

    # pvlib, in-process.
    df, lat, lon, alt = pvlib_weather(epw)
    crosscheck.run(df, lat, lon, alt, CHAIN)  # warm-up (imports, caches)
    chain_py, _ = median_time(lambda: crosscheck.run(df, lat, lon, alt, CHAIN), args.runs)

    def whole():
        d, la, lo, al = pvlib_weather(epw)
        return crosscheck.run(d, la, lo, al, RENCA)

    whole_py, _ = median_time(whole, args.runs)
    _, annual_py = whole()

    # tanso: the chain in criterion, on the same file.
    if not args.skip_bench:
        env = dict(os.environ, TANSO_BENCH_EPW=str(epw), CRITERION_HOME=str(CRITERION))
        subprocess.run(
            ["cargo", "bench", "--bench", "chain", "--", "chain-epw"],
            cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    chain_rs = criterion_median("chain-epw", "prepare+simulate")
    parse_rs = criterion_median("chain-epw", "parse")

    # tanso: the whole process.
    cmd = [str(tanso), "estimate", "renca-solar", "--weather", str(epw), "--format", "json"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    first = next(
        f for f in json.loads(out)["outcome"]["headline"] if f["key"] == "first_year_ac_energy"
    )["value"]
    process_rs, _ = median_time(
        lambda: subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL), args.process_runs
    )

    print(f"pvlib {pvlib.__version__}, pandas {pd.__version__}, Python {sys.version.split()[0]}")
    print(f"weather: {epw} (8760 h)")
    print(f"first-year AC energy, Renca: tanso {first['value']:.1f} {first['unit']}, "
          f"pvlib {annual_py / 1000:.1f} MWh")
    print()
    print("hourly chain (sun positions, Erbs, Perez, IAM, Fuentes, DC, AC; parsed weather)")
    print(f"  pvlib  crosscheck.run          {chain_py * 1e3:9.2f} ms  (median of {args.runs})")
    print(f"  tanso  prepare + simulate      {chain_rs * 1e3:9.3f} ms  (criterion median)")
    print(f"  ratio                          {chain_py / chain_rs:9.0f} x  (goal >= 200 x)")
    print()
    print("whole estimate on the EPW")
    print(f"  pvlib  read_epw + chain        {whole_py * 1e3:9.2f} ms  (in-process, median of {args.runs})")
    print(f"  tanso  `tanso estimate` process{process_rs * 1e3:9.3f} ms  (median of {args.process_runs})")
    print(f"         of which EPW parsing    {parse_rs * 1e3:9.3f} ms  (criterion median)")
    print(f"  ratio                          {whole_py / process_rs:9.0f} x  (goal >= 60 x)")


if __name__ == "__main__":
    main()
