// A temperature is a point on a scale: 20 °C + 25 °C is not 45 °C.
use tanso::Temperature;
use uom::si::thermodynamic_temperature::degree_celsius;

fn main() {
    let ambient = Temperature::new::<degree_celsius>(20.0);
    let heating = Temperature::new::<degree_celsius>(25.0);
    let _cell = ambient + heating;
}
