//! The Renca rooftop solar estimate rebuilt by hand, one typed step at a time (guide chapter
//! 8, `docs/teaching/08-renca-by-hand.md`). `cargo run --example renca_by_hand`.
//!
//! Two numbers come from the engine's hourly chain, as `tanso estimate renca-solar` reports
//! them: the first year's plane-of-array insolation (1,870.856 kWh/m²) and performance ratio
//! (77.21406 %). Everything after them is done here with the named quantities, and
//! `tests/examples.rs` checks the results against the engine's.

use tanso::units::MassPerEnergy;
use tanso::units::custom::frequency::percent_per_year;
use tanso::units::custom::mass_per_energy::tonne_per_megawatt_hour;
use tanso::units::custom::radiant_exposure::kilowatt_hour_per_square_meter;
use tanso::units::ghg::{Co2e, EmissionIntensity, GasMass};
use tanso::units::{QuantityValue, format_readable};
use tanso::{AnnualRate, Energy, Insolation, Irradiance, Power, Ratio, Time};
use uom::si::heat_flux_density::kilowatt_per_square_meter;
use uom::si::power::megawatt;
use uom::si::ratio::{percent, ratio};
use uom::si::time::{day, hour, year};

/// The calculation, as printed.
pub fn report() -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };

    // Steps 1-4: the first year.
    let capacity = Power::new::<megawatt>(2.0);
    let poa = Insolation::new::<kilowatt_hour_per_square_meter>(1870.856);
    let stc = Irradiance::new::<kilowatt_per_square_meter>(1.0);
    let full_sun: Time = poa / stc;
    let ideal: Energy = capacity * full_sun;
    let performance_ratio = Ratio::new::<percent>(77.21406);
    let first_year: Energy = ideal * performance_ratio;
    line(format!("plane-of-array insolation: {poa}"));
    line(format!(
        "hours of full sun: {} h",
        format_readable(full_sun.get::<hour>(), 6)
    ));
    line(format!("ideal DC energy: {ideal}"));
    line(format!("first-year AC energy: {first_year}"));
    let hours_in_year = Time::new::<hour>(8760.0);
    let capacity_factor: Ratio = first_year / (capacity * hours_in_year);
    line(format!(
        "capacity factor: {} %",
        format_readable(capacity_factor.get::<percent>(), 4)
    ));

    // Steps 5-7: the crediting period, 1 March 2024 to 31 December 2030.
    let degradation = AnnualRate::new::<percent_per_year>(0.5);
    let kept = Ratio::new::<ratio>(1.0) - degradation * Time::new::<year>(1.0);
    let last_year_share: Ratio = Time::new::<day>(306.0) / Time::new::<day>(365.0);
    let grid =
        EmissionIntensity::<Co2e>::new(MassPerEnergy::new::<tonne_per_megawatt_hour>(0.25987));
    let mut energy = Energy::new::<uom::si::energy::megawatt_hour>(0.0);
    let mut factor = Ratio::new::<ratio>(1.0);
    for year_index in 0..7 {
        let share = if year_index == 6 {
            last_year_share
        } else {
            Ratio::new::<ratio>(1.0)
        };
        let this_year = first_year * factor * share;
        line(format!("  crediting year {}: {this_year}", year_index + 1));
        energy += this_year;
        factor = factor * kept;
    }
    let avoided: GasMass<Co2e> = energy * grid;
    line(format!("crediting-period AC energy: {energy}"));
    line(format!(
        "crediting-period emission reductions: {}",
        QuantityValue::of(avoided).readable(6)
    ));
    out
}

fn main() {
    print!("{}", report());
}
