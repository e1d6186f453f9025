//! Units this domain needs that `uom` does not ship, added with `uom`'s own `unit!` macro so
//! that they convert exactly like the built-in ones.
//!
//! Each `unit!` block lives in its own module because the macro defines the unit structs in
//! the module where it is invoked.

/// Emission intensities in tonnes per megawatt-hour (numerically equal to kg/kWh).
pub mod mass_per_energy {
    unit! {
        system: uom::si;
        quantity: uom::si::mass_per_energy;

        @tonne_per_megawatt_hour: 1.0E3 / 3.6E9; "t/MWh", "tonne per megawatt hour", "tonnes per megawatt hour";
        @tonne_per_gigawatt_hour: 1.0E3 / 3.6E12; "t/GWh", "tonne per gigawatt hour", "tonnes per gigawatt hour";
        @kilogram_per_terajoule: 1.0E-12; "kg/TJ", "kilogram per terajoule", "kilograms per terajoule";
    }
}

/// Waste and compost flows in tonnes per year (a 365-day year, like `uom`'s `year`).
pub mod mass_rate {
    unit! {
        system: uom::si;
        quantity: uom::si::mass_rate;

        @tonne_per_year: 1.0E3 / 3.1536E7; "t/yr", "tonne per year", "tonnes per year";
        @kilotonne_per_year: 1.0E6 / 3.1536E7; "kt/yr", "kilotonne per year", "kilotonnes per year";
    }
}

/// Insolation (irradiation over a period) in kWh/m², the unit PV practitioners quote.
pub mod radiant_exposure {
    unit! {
        system: uom::si;
        quantity: uom::si::radiant_exposure;

        @kilowatt_hour_per_square_meter: 3.6E6; "kWh/m²", "kilowatt hour per square meter", "kilowatt hours per square meter";
    }
}

/// Specific energy use of a process in kWh per tonne of material treated.
pub mod available_energy {
    unit! {
        system: uom::si;
        quantity: uom::si::available_energy;

        @kilowatt_hour_per_tonne: 3.6E6 / 1.0E3; "kWh/t", "kilowatt hour per tonne", "kilowatt hours per tonne";
        @megawatt_hour_per_tonne: 3.6E9 / 1.0E3; "MWh/t", "megawatt hour per tonne", "megawatt hours per tonne";
        @kilowatt_hour_per_kilogram: 3.6E6; "kWh/kg", "kilowatt hour per kilogram", "kilowatt hours per kilogram";
    }
}

/// Temperature coefficients of module power are quoted in %/°C (a 1 °C step equals 1 K).
pub mod temperature_coefficient {
    unit! {
        system: uom::si;
        quantity: uom::si::temperature_coefficient;

        @percent_per_kelvin: 1.0E-2; "%/K", "percent per kelvin", "percent per kelvin";
    }
}

/// Yearly rates: first-order decay constants (1/yr) and degradation (%/yr).
pub mod frequency {
    unit! {
        system: uom::si;
        quantity: uom::si::frequency;

        @per_year: 1.0 / 3.1536E7; "1/yr", "per year", "per year";
        @percent_per_year: 1.0E-2 / 3.1536E7; "%/yr", "percent per year", "percent per year";
    }
}

/// Precipitation totals per year (mm/yr), used to pick the IPCC climate zone.
pub mod velocity {
    unit! {
        system: uom::si;
        quantity: uom::si::velocity;

        @millimeter_per_year: 1.0E-3 / 3.1536E7; "mm/yr", "millimeter per year", "millimeters per year";
    }
}

/// Specific yield (kWh per kWp) reduces to a time in SI; this unit names it.
pub mod time {
    unit! {
        system: uom::si;
        quantity: uom::si::time;

        @kilowatt_hour_per_kilowatt: 3.6E3; "kWh/kWp", "kilowatt hour per kilowatt peak", "kilowatt hours per kilowatt peak";
    }
}

/// Freight emission intensity, g CO2e per tonne-kilometre: (g/t)/km is dimensionally 1/length.
pub mod reciprocal_length {
    unit! {
        system: uom::si;
        quantity: uom::si::reciprocal_length;

        @gram_per_tonne_kilometer: 1.0E-9; "g/(t·km)", "gram per tonne kilometre", "grams per tonne kilometre";
    }
}

/// Fuel consumption of vehicles, a volume per distance (m³/m, an area in SI): litres per
/// 100 km and per km. Kilometres per litre is its reciprocal, so it cannot be a `unit!`: the
/// unit table converts it through these units.
pub mod area {
    unit! {
        system: uom::si;
        quantity: uom::si::area;

        @liter_per_hundred_kilometers: 1.0E-3 / 1.0E5; "L/100km", "litre per 100 kilometres", "litres per 100 kilometres";
        @liter_per_kilometer: 1.0E-3 / 1.0E3; "L/km", "litre per kilometre", "litres per kilometre";
    }
}

/// Energy use of vehicles per distance (J/m, a force in SI): kWh per km, the unit of EV
/// consumption and of traction energy per car-km.
pub mod force {
    unit! {
        system: uom::si;
        quantity: uom::si::force;

        @kilowatt_hour_per_kilometer: 3.6E6 / 1.0E3; "kWh/km", "kilowatt hour per kilometre", "kilowatt hours per kilometre";
        @kilowatt_hour_per_hundred_kilometers: 3.6E6 / 1.0E5; "kWh/100km", "kilowatt hour per 100 kilometres", "kilowatt hours per 100 kilometres";
        @watt_hour_per_kilometer: 3.6E3 / 1.0E3; "Wh/km", "watt hour per kilometre", "watt hours per kilometre";
        @megajoule_per_kilometer: 1.0E6 / 1.0E3; "MJ/km", "megajoule per kilometre", "megajoules per kilometre";
    }
}

/// Energy content of fuels per volume (J/m³, a pressure in SI): MJ per litre.
pub mod pressure {
    unit! {
        system: uom::si;
        quantity: uom::si::pressure;

        @megajoule_per_liter: 1.0E6 / 1.0E-3; "MJ/L", "megajoule per litre", "megajoules per litre";
        @kilowatt_hour_per_liter: 3.6E6 / 1.0E-3; "kWh/L", "kilowatt hour per litre", "kilowatt hours per litre";
        @megajoule_per_cubic_meter: 1.0E6; "MJ/m³", "megajoule per cubic metre", "megajoules per cubic metre";
    }
}

/// Fuel emission factors per energy: g/MJ (well-to-wheel intensities) and kg/TJ (the IPCC
/// tables' unit).
pub mod mass_per_energy_fuel {
    unit! {
        system: uom::si;
        quantity: uom::si::mass_per_energy;

        @gram_per_megajoule: 1.0E-3 / 1.0E6; "g/MJ", "gram per megajoule", "grams per megajoule";
        @kilogram_per_terajoule: 1.0 / 1.0E12; "kg/TJ", "kilogram per terajoule", "kilograms per terajoule";
        @kilogram_per_gigajoule: 1.0 / 1.0E9; "kg/GJ", "kilogram per gigajoule", "kilograms per gigajoule";
    }
}

/// Emissions per passenger-km or vehicle-km (kg/m, a linear mass density in SI).
pub mod linear_mass_density {
    unit! {
        system: uom::si;
        quantity: uom::si::linear_mass_density;

        @kilogram_per_kilometer: 1.0 / 1.0E3; "kg/km", "kilogram per kilometre", "kilograms per kilometre";
    }
}
