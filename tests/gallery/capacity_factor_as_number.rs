// A capacity factor read as "16.5" from a report: a percentage or a ratio?
use tanso::{Power, Time};
use uom::si::{power::megawatt, time::hour};

fn main() {
    let capacity = Power::new::<megawatt>(2.0);
    let year = Time::new::<hour>(8760.0);
    let capacity_factor: f64 = 16.5;
    let _energy = capacity * year * capacity_factor;
}
