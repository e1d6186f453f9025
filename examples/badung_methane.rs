//! Methane at the Badung compost plant (Bali) turned into CO2e with named GWP sets (guide
//! chapter 4). `cargo run --example badung_methane`.
//!
//! Inputs are those of `seeds/badung-compost.toml` and the composting model's defaults:
//! 50 t/d design capacity at 80 % for 312 days a year; 4 gCH4/kg of wet waste composted
//! (IPCC 2006 Vol. 5 Table 4.1); for the methane the waste would have released at the
//! disposal site (CDM TOOL04, first-order decay): DOC 15 %, DOCf 0.5, MCF 0.8, F 0.5, φ 0.85,
//! k 0.4/yr. The GWP sets come from the catalog (`models/gwp.toml`). `tests/examples.rs`
//! checks the results against the engine's.

use tanso::catalog::Catalog;
use tanso::units::Ratio as EngineRatio;
use tanso::units::ghg::{Ch4, Co2e, GasMass, GasPerMass, GwpSetId};
use tanso::units::{QuantityValue, custom::frequency::per_year};
use tanso::{AnnualRate, Mass, MassRate, Ratio, Time};
use uom::si::mass_rate::ton_per_day;
use uom::si::ratio::{per_mille, percent, ratio};
use uom::si::time::{day, year};

fn readable<G: tanso::units::ghg::Gas>(m: GasMass<G>) -> String
where
    GasMass<G>: tanso::units::Measure,
{
    QuantityValue::of(m).readable(6)
}

/// The calculation, as printed.
pub fn report() -> String {
    let catalog = Catalog::embedded().expect("the embedded catalog loads");
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };

    let treated: Mass =
        MassRate::new::<ton_per_day>(50.0) * Ratio::new::<percent>(80.0) * Time::new::<day>(312.0);
    line(format!("waste treated a year: {treated}"));

    // Composting releases methane: 4 g CH4 per kg of wet waste.
    let ef = GasPerMass::<Ch4>::new(EngineRatio::new::<per_mille>(4.0));
    let composting: GasMass<Ch4> = treated * ef;
    line(format!("composting methane: {}", readable(composting)));
    for id in [GwpSetId::Ar5, GwpSetId::Ar6, GwpSetId::CdmLowest] {
        let set = catalog.gwp(id);
        let co2e: GasMass<Co2e> = composting.to_co2e(&set);
        line(format!(
            "  in CO2e with {id} (CH4 {}): {}",
            set.ch4.get::<ratio>(),
            readable(co2e)
        ));
    }

    // The year's waste at the disposal site instead: all the methane it would release
    // (L0 = W · DOC · DOCf · MCF · F · 16/12 · φ), and the first year's share of it under
    // first-order decay, 1 − e^(−k·1 yr).
    let doc = Ratio::new::<percent>(15.0);
    let doc_f = Ratio::new::<ratio>(0.5);
    let mcf = Ratio::new::<ratio>(0.8);
    let methane_fraction = Ratio::new::<ratio>(0.5);
    let carbon_to_methane = Ratio::new::<ratio>(16.0 / 12.0);
    let phi = Ratio::new::<ratio>(0.85);
    let potential: Mass = treated * doc * doc_f * mcf * methane_fraction * carbon_to_methane * phi;
    let committed = GasMass::<Ch4>::new(potential.into());
    line(format!(
        "methane the year's waste would release at the site: {}",
        readable(committed)
    ));
    let k = AnnualRate::new::<per_year>(0.4);
    let decayed_share =
        Ratio::new::<ratio>(1.0 - (-(k * Time::new::<year>(1.0)).get::<ratio>()).exp());
    let first_year = GasMass::<Ch4>::new((potential * decayed_share).into());
    line(format!(
        "  released in the first year: {}",
        readable(first_year)
    ));
    for id in [GwpSetId::Ar5, GwpSetId::CdmLowest] {
        line(format!(
            "  in CO2e with {id}: {}",
            readable(first_year.to_co2e(&catalog.gwp(id)))
        ));
    }
    out
}

fn main() {
    print!("{}", report());
}
