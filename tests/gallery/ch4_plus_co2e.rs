// A tonne of methane is not a tonne of CO2e.
use tanso::units::Mass;
use tanso::units::ghg::{Ch4, Co2e, GasMass};
use uom::si::mass::ton;

fn main() {
    let methane = GasMass::<Ch4>::new(Mass::new::<ton>(49.92));
    let electricity = GasMass::<Co2e>::new(Mass::new::<ton>(324.6));
    let _project = methane + electricity;
}
