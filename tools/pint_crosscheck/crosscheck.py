"""Evaluate the units-playground cross-check cases with Pint, an independent unit library,
and write the reference values that tests/pint_crosscheck.rs compares tanso's evaluator with.

Each case in tests/data/units_eval_cases.json gives tanso's expression and target unit, and
the same quantity written for Pint (a Python expression over Q = ureg.Quantity, because Pint
spells some units differently and has no CO2e: a mass of CO2e is a plain mass to it).

Usage (from the repository root):
    python3 -m venv /tmp/pint-venv && /tmp/pint-venv/bin/pip install -r tools/pint_crosscheck/requirements.txt
    /tmp/pint-venv/bin/python tools/pint_crosscheck/crosscheck.py \
        tests/data/units_eval_cases.json tests/data/pint_reference.json
"""

import json
import sys

import pint


def main(cases_path, out_path):
    ureg = pint.UnitRegistry()
    cases = json.load(open(cases_path, encoding="utf-8"))
    out = []
    for case in cases:
        quantity = eval(case["pint"], {"__builtins__": {}}, {"Q": ureg.Quantity})
        value = quantity.to(case["pint_unit"]).magnitude
        out.append({"tanso": case["tanso"], "to": case["to"], "value": float(value)})
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"pint_version": pint.__version__, "cases": out}, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
