// Is 2 MW more than 2,889 MWh? The question has no answer.
use tanso::{Energy, Power};
use uom::si::{energy::megawatt_hour, power::megawatt};

fn main() {
    let capacity = Power::new::<megawatt>(2.0);
    let generated = Energy::new::<megawatt_hour>(2889.13);
    if capacity > generated {
        println!("bigger");
    }
}
