// 8760 what? A bare number has no unit.
use tanso::Power;
use uom::si::power::megawatt;

fn main() {
    let capacity = Power::new::<megawatt>(2.0);
    let _energy = capacity * 8760.0;
}
