// The grid factor was written as an energy, where an emission intensity is expected.
use tanso::units::ghg::{Co2e, GasMass};
use tanso::Energy;
use uom::si::energy::megawatt_hour;

fn main() {
    let generated = Energy::new::<megawatt_hour>(2889.13);
    let grid_factor = Energy::new::<megawatt_hour>(0.26);
    let _avoided: GasMass<Co2e> = generated * grid_factor;
}
