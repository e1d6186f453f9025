"""Writes docs/teaching/09-compile-fail-gallery.md from the gallery cases (tests/gallery/*.rs),
the first line of each committed .stderr, and the explanations below.

Run from the repository root after re-blessing the gallery:
    python3 tools/teaching/gallery_chapter.py
tests/guide.rs checks that the chapter and the gallery agree.
"""

from pathlib import Path

CASES = [
    ("power_plus_energy", "A power plus an energy",
     "The plant's rating (2 MW) is a rate; the year's output (2,889 MWh) is an amount. Their sum has no unit and no meaning, and with bare numbers it would still print 2,891.13. Multiply the power by a time to get an energy (`capacity * Time::new::<hour>(1.0)`), or divide the energy by a time to get a mean power."),
    ("power_compared_with_energy", "A power compared with an energy",
     "Comparison is addition's cousin: `>` is only defined between quantities of the same kind. The usual slip is a check like \"output above rating\", which needs the output per hour (`generated / year` is a `Power`) or the rating over a time."),
    ("bare_number_hours", "A bare number where a quantity is required",
     "`8760.0` is hours to the writer and nothing to the compiler. The named quantities refuse to be scaled by a bare number, because a bare number is exactly how the Orbiter's pound-force seconds slipped through. Say what it is: `Time::new::<hour>(8760.0)`, and the product becomes an `Energy`."),
    ("capacity_factor_as_number", "A capacity factor as a number: percentage or ratio?",
     "A report's \"16.5\" is a percentage; read as a ratio it is 1,650 %. The compiler cannot know which was meant, so it refuses both and the note shows the two spellings that say it: `Ratio::new::<percent>(16.5)` or `Ratio::new::<ratio>(0.165)`. (In text, `\"16.5 %\"` and `\"0.165\"` parse to the same value; `\"16.5\"` for a share is caught by the catalog's range check.)"),
    ("annual_rate_as_ratio", "A rate per year where a ratio is expected",
     "Degradation of 0.5 %/yr is a rate: it becomes a share only over a time. `first_year * degradation` would be \"2,889 MWh × 0.5 % per year\", which is a power, not a loss. Multiply the rate by a time first: `degradation * Time::new::<year>(6.0)` is a `Ratio` (3 %)."),
    ("energy_as_emission_intensity", "An energy where an emission intensity is expected",
     "Avoided emissions are energy × emission intensity, and here the grid factor was written as an energy. `Energy * Energy` is not a quantity tanso knows (joules squared), so the product is refused at the `*`, before the wrong `GasMass<Co2e>` could exist. Give the factor its type: `EmissionIntensity::<Co2e>::new(MassPerEnergy::new::<tonne_per_megawatt_hour>(0.26))`, or parse `\"0.26 tCO2e/MWh\"` at the edge."),
    ("specific_yield_as_time", "A specific yield where a time is expected",
     "1,445 kWh/kWp is dimensionally 1,445 h (kWh ÷ kW), so `uom` would divide it by 8,760 h without a word. tanso keeps `SpecificYield` a type of its own, with no division at all: this is the one case where the message comes from the absence of an operator (E0369). To mean the full-load hours, say so: `specific_yield.full_load_time()` is a time."),
    ("temperature_plus_temperature", "A temperature plus a temperature",
     "A temperature is a point on a scale: 20 °C + 25 °C is neither 45 °C nor, in kelvin, 566 K. What adds to a temperature is a *difference* of temperatures (`TemperatureInterval`, e.g. 25 K of heating above ambient), and two temperatures subtract to one. `uom` makes the same distinction; the named types say it in words."),
    ("ch4_plus_co2e", "Methane plus CO2e",
     "A tonne of methane is not a tonne of CO2e: it is 28 of them under AR5, 27 under AR6, 21 under the CDM's lowest-of rule. The gas is a type parameter, so `GasMass<Ch4>` and `GasMass<Co2e>` do not add. Convert first with a named set: `methane.to_co2e(&catalog.gwp(GwpSetId::Ar5)) + electricity`."),
    ("ch4_to_co2e_without_gwp", "Methane to CO2e without a GWP set",
     "`.into()` is how a Rust programmer asks for \"the obvious conversion\", and there is none: the answer depends on the set. CO2 converts on its own (its GWP is 1 by definition); methane and nitrous oxide need `to_co2e(&gwp)`, so the set used is always named in the code and reported with the result."),
    ("parse_into_f64", "Parsing text into a bare number",
     "Text becomes a quantity at the edge, and only a quantity: `parse_as` asks the type for the dimension to expect, and `f64` has none. Ask for a `Ratio` and `\"16.5 %\"` becomes 0.165, with an error naming the field if someone writes `\"16.5 MWh\"`."),
    ("model_input_f64", "A model input declared as a bare f64",
     "A model declares its inputs with `model_inputs!`, and each field's type tells the catalog which dimension to check in `models/<id>.toml`. A `f64` field would let \"2 MW\" and \"2 kW\" both arrive as 2.0. Declare `capacity: Power` and the catalog's `dimension = \"power\"` is checked when it loads."),
]

HEAD = """# 9. The compile-fail gallery

Twelve mistakes a learner writes, each a file in `tests/gallery/` with the compiler's message
committed beside it (`.stderr`). `cargo test --test gallery` compiles each one with
[trybuild](https://docs.rs/trybuild) and fails if it compiles or if the message changes, so
the messages below are the compiler's, not ours to embellish. The first line of each names
both quantities; rustc adds notes on what would make sense, and the `.stderr` files hold the
whole text.

How the messages are made: the named quantities (`tanso::Power`, ...) are newtypes over
`uom`'s types, and each operator goes through a trait with a `#[diagnostic::on_unimplemented]`
message, e.g. "cannot add `{Self}` to `{L}`". The engine's own traits (`Measure`, the model
inputs' `Param`) carry one too. The messages depend on the compiler version: they were recorded
with rustc 1.95 (see `tests/gallery.rs` for what happens on another version).

"""


def main():
    root = Path(__file__).resolve().parents[2]
    out = [HEAD]
    for i, (name, title, text) in enumerate(CASES, 1):
        code = (root / "tests/gallery" / f"{name}.rs").read_text()
        stderr = (root / "tests/gallery" / f"{name}.stderr").read_text()
        first = stderr.splitlines()[0]
        error_code = first.split("[", 1)[1].split("]", 1)[0]
        out.append(f"## {i}. {title}\n\n`tests/gallery/{name}.rs`:\n\n")
        out.append(f"```rust,compile_fail,{error_code}\n{code}```\n\n")
        out.append(f"```text\n{first}\n```\n\n{text}\n\n")
    out.append("Next: [exercises](10-exercises.md).\n")
    (root / "docs/teaching/09-compile-fail-gallery.md").write_text("".join(out))


if __name__ == "__main__":
    main()
