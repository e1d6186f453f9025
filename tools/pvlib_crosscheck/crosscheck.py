"""Run pvlib's PVWatts-equivalent chain on a tanso weather CSV and write monthly and annual
AC energy to tests/data/pvlib_reference.json.

The chain mirrors tanso's (src/models/solar/chain.rs) with pvlib functions:
solar position at interval midpoints (nrel_numpy, pressure from altitude, 12 degC, delta_t
67 s) -> erbs (apparent zenith) -> get_total_irradiance (perez/isotropic, albedo 0.2) ->
iam.physical on the beam -> temperature.fuentes (or sapm_cell) on POA global ->
pvsystem.pvwatts_dc x (1 - pvwatts_losses()) -> inverter.pvwatts with pdc0 = P_ac0/eta_nom
(which clips at P_ac0) -> hourly energy summed by the month of the interval start.

Usage (from the repository root):
    pip install -r tools/pvlib_crosscheck/requirements.txt
    python tools/pvlib_crosscheck/crosscheck.py \
        tests/data/santiago_climatology.csv tests/data/pvlib_reference.json
"""

import json
import sys

import numpy as np
import pandas as pd
import pvlib
from pvlib import atmosphere, iam, inverter, irradiance, pvsystem, solarposition, temperature

GAMMA_STANDARD = -0.0037  # 1/K, PVWatts v8 standard module
ETA_NOM = 0.96
ALBEDO = 0.2


def read_tanso_csv(path):
    """Reads tanso weather CSV v1 (metadata lines '# key = value unit')."""
    meta = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                break
            if "=" in line:
                key, value = line[1:].split("=", 1)
                meta[key.strip()] = value.strip()
    df = pd.read_csv(path, comment="#")
    df.columns = [c.split("[")[0].strip() for c in df.columns]
    end = pd.to_datetime(df["period_end"], format="ISO8601")
    df.index = pd.DatetimeIndex(end)
    lat = float(meta["latitude"].split()[0])
    lon = float(meta["longitude"].split()[0])
    alt = float(meta["elevation"].split()[0])
    return df, lat, lon, alt


def run(df, lat, lon, alt, config):
    mid = df.index - pd.Timedelta(minutes=30)
    start = df.index - pd.Timedelta(hours=1)
    ghi = pd.Series(df["ghi"].to_numpy(float), index=mid)
    temp_air = pd.Series(df["temp_air"].to_numpy(float), index=mid)
    wind = pd.Series(df["wind_speed"].to_numpy(float), index=mid)

    sp = solarposition.get_solarposition(
        mid, lat, lon, altitude=alt, method="nrel_numpy", temperature=12.0, delta_t=67.0
    )
    dni_extra = irradiance.get_extra_radiation(mid)
    airmass = atmosphere.get_relative_airmass(sp["apparent_zenith"], model="kastenyoung1989")
    dec = irradiance.erbs(ghi, sp["apparent_zenith"], mid)
    poa = irradiance.get_total_irradiance(
        config["tilt_deg"],
        config["azimuth_deg"],
        sp["apparent_zenith"],
        sp["azimuth"],
        dec["dni"],
        ghi,
        dec["dhi"],
        dni_extra=dni_extra,
        airmass=airmass,
        albedo=ALBEDO,
        model=config["transposition"],
    )
    poa = poa.fillna(0.0)
    aoi = irradiance.aoi(config["tilt_deg"], config["azimuth_deg"], sp["apparent_zenith"], sp["azimuth"])
    iam_beam = iam.physical(aoi).fillna(0.0)
    effective = poa["poa_direct"] * iam_beam + poa["poa_diffuse"]

    if config["temperature_model"] == "fuentes":
        noct = 49.0 if config["mounting"] == "roof" else 45.0
        tcell = temperature.fuentes(poa["poa_global"], temp_air, wind, noct_installed=noct)
    else:
        p = temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"]["open_rack_glass_polymer"]
        tcell = temperature.sapm_cell(poa["poa_global"], temp_air, wind, **p)

    pdc0 = config["dc_kw"] * 1000.0
    pac0 = pdc0 / config["dc_ac_ratio"]
    dc = pvsystem.pvwatts_dc(effective, tcell, pdc0, GAMMA_STANDARD)
    dc = dc * (1.0 - pvsystem.pvwatts_losses() / 100.0)
    ac = inverter.pvwatts(dc, pac0 / ETA_NOM, eta_inv_nom=ETA_NOM).clip(lower=0.0)

    month = pd.Series(start.month, index=mid)
    monthly_kwh = (ac / 1000.0).groupby(month).sum()
    return [float(monthly_kwh.get(m, 0.0)) for m in range(1, 13)], float(ac.sum() / 1000.0)


CONFIGURATIONS = {
    "pvwatts_default_roof": {
        "dc_kw": 1000.0,
        "dc_ac_ratio": 1.2,
        "tilt_deg": 20.0,
        "azimuth_deg": 0.0,
        "transposition": "perez",
        "mounting": "roof",
        "temperature_model": "fuentes",
    },
    "isotropic_open_rack_sapm": {
        "dc_kw": 1000.0,
        "dc_ac_ratio": 1.2,
        "tilt_deg": 30.0,
        "azimuth_deg": 20.0,
        "transposition": "isotropic",
        "mounting": "open_rack",
        "temperature_model": "sapm_open_rack_glass_polymer",
    },
    "haydavies_open_rack_fuentes_dcac14": {
        "dc_kw": 1000.0,
        "dc_ac_ratio": 1.4,
        "tilt_deg": 10.0,
        "azimuth_deg": 45.0,
        "transposition": "haydavies",
        "mounting": "open_rack",
        "temperature_model": "fuentes",
    },
}


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    weather, out = sys.argv[1], sys.argv[2]
    df, lat, lon, alt = read_tanso_csv(weather)
    result = {
        "generated_by": "tools/pvlib_crosscheck/crosscheck.py",
        "pvlib_version": pvlib.__version__,
        "pandas_version": pd.__version__,
        "numpy_version": np.__version__,
        "weather_file": weather,
        "site": {"latitude_deg": lat, "longitude_deg": lon, "elevation_m": alt},
        "common": {
            "gamma_pdc_per_k": GAMMA_STANDARD,
            "losses_percent": float(pvsystem.pvwatts_losses()),
            "eta_inv_nom": ETA_NOM,
            "eta_inv_ref": 0.9637,
            "albedo": ALBEDO,
            "solar_position": "nrel_numpy at interval midpoints, delta_t 67 s, 12 degC",
            "iam": "physical n=1.526 K=4 L=0.002 on the beam",
        },
        "configurations": {},
    }
    for name, config in CONFIGURATIONS.items():
        monthly, annual = run(df, lat, lon, alt, config)
        result["configurations"][name] = {
            "system": config,
            "monthly_ac_kwh": [round(m, 3) for m in monthly],
            "annual_ac_kwh": round(annual, 3),
        }
        print(f"{name}: annual AC {annual:.1f} kWh")
        for m, e in enumerate(monthly, 1):
            print(f"  {m:2d} {e:10.1f} kWh")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
