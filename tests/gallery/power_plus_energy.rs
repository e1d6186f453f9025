// A power is a rate, an energy an amount: 2 MW + 2,889 MWh has no meaning.
use tanso::{Energy, Power};
use uom::si::{energy::megawatt_hour, power::megawatt};

fn main() {
    let capacity = Power::new::<megawatt>(2.0);
    let generated = Energy::new::<megawatt_hour>(2889.13);
    let _total = capacity + generated;
}
