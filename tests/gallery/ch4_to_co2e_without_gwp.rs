// Methane becomes CO2e only through a named GWP set.
use tanso::units::Mass;
use tanso::units::ghg::{Ch4, Co2e, GasMass};
use uom::si::mass::ton;

fn main() {
    let methane = GasMass::<Ch4>::new(Mass::new::<ton>(49.92));
    let _co2e: GasMass<Co2e> = methane.into();
}
