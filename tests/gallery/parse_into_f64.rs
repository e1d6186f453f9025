// Text is parsed at the edge into a quantity, never into a bare number.
use tanso::units::{QuantityInput, parse_as};

fn main() {
    let input = QuantityInput::from("16.5 %");
    let _capacity_factor: f64 = parse_as("capacity_factor", &input).unwrap();
}
