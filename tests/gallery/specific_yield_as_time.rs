// 1,445 kWh/kWp is dimensionally 1,445 h, but tanso keeps a specific yield apart from a time.
use tanso::{Energy, Power, Time};
use uom::si::{energy::megawatt_hour, power::megawatt, time::hour};

fn main() {
    let specific_yield = Energy::new::<megawatt_hour>(2889.13).per_rating(Power::new::<megawatt>(2.0));
    let year = Time::new::<hour>(8760.0);
    let _capacity_factor = specific_yield / year;
}
