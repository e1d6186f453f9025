// 0.5 %/yr is a rate: over how many years? A rate times a time is a ratio.
use tanso::{AnnualRate, Energy};
use tanso::units::custom::frequency::percent_per_year;
use uom::si::energy::megawatt_hour;

fn main() {
    let first_year = Energy::new::<megawatt_hour>(2889.13);
    let degradation = AnnualRate::new::<percent_per_year>(0.5);
    let _lost = first_year * degradation;
}
