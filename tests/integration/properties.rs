//! Property tests of the edges where text becomes numbers: the unit parser and the weather
//! readers. Whatever they are given, they never panic, and whatever they accept is finite (and
//! physical: no temperature below absolute zero).

use proptest::prelude::*;
use tanso::units::{
    Dimension, Energy, Irradiance, Measure, Power, QuantityInput, Ratio, Temperature, UNITS,
    convert, parse_as, read_any,
};
use tanso::weather::{checks, csv::parse_csv, epw::parse_epw};

/// Text that looks like a quantity more often than chance would: a number-ish start, maybe
/// a known unit symbol, maybe junk.
fn quantity_text() -> impl Strategy<Value = String> {
    let number = prop_oneof![
        any::<f64>().prop_map(|v| v.to_string()),
        "[-+−]?[0-9]{0,6}(\\.[0-9]{0,6})?([eE][-+]?[0-9]{1,4})?",
        Just("NaN".to_string()),
        Just("-inf".to_string()),
        "\\PC{0,8}",
    ];
    let unit = prop_oneof![
        (0..UNITS.len()).prop_map(|i| UNITS[i].symbol.to_string()),
        (0..UNITS.len()).prop_map(|i| UNITS[i].aliases.first().unwrap_or(&"").to_string()),
        "\\PC{0,12}",
    ];
    (number, "[ ]{0,2}", unit).prop_map(|(n, s, u)| format!("{n}{s}{u}"))
}

fn finite_if_parsed<M: Measure>(text: &str) -> Result<(), TestCaseError> {
    if let Ok(q) = parse_as::<M>("field", &QuantityInput::Text(text.to_string())) {
        prop_assert!(
            q.to_si().is_finite(),
            "{text} gave a non-finite {:?}",
            M::DIMENSION
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_unit_parser_never_panics_nor_yields_a_non_finite_quantity(text in quantity_text()) {
        finite_if_parsed::<Power>(&text)?;
        finite_if_parsed::<Energy>(&text)?;
        finite_if_parsed::<Irradiance>(&text)?;
        finite_if_parsed::<Ratio>(&text)?;
        finite_if_parsed::<Temperature>(&text)?;
        if let Ok(t) = parse_as::<Temperature>("t", &QuantityInput::Text(text.clone())) {
            prop_assert!(t.value >= 0.0, "{text} is below absolute zero");
        }
        if let Ok(r) = read_any(&text) {
            prop_assert!(r.value.is_finite(), "{text}");
        }
    }

    #[test]
    fn object_and_number_forms_never_panic(value in any::<f64>(), unit in quantity_text()) {
        for d in [Dimension::Power, Dimension::Temperature, Dimension::Ratio] {
            let _ = tanso::units::read(&QuantityInput::Object { value, unit: unit.clone() }, d);
            let _ = tanso::units::read(&QuantityInput::Number(value), d);
        }
    }

    #[test]
    fn conversions_never_panic_and_are_finite(text in quantity_text(), to in quantity_text()) {
        let targets = [to.as_str(), "kW", "K", "°C", "%", "tCO2e/MWh"];
        for to in targets {
            if let Ok(c) = convert(&QuantityInput::Text(text.clone()), to) {
                prop_assert!(c.value.is_finite(), "{text} → {to}");
            }
        }
    }
}

/// A valid CSV of `n` hours in January at Santiago.
fn csv_rows(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let (day, hour) = (1 + (i + 1) / 24, (i + 1) % 24);
            format!(
                "2023-01-{day:02}T{hour:02}:00-04:00,{},{},2.1",
                (i % 24) * 40,
                15.0
            )
        })
        .collect()
}

const CSV_HEAD: &str = "# tanso weather csv v1\n# latitude = -33.4 deg\n# longitude = -70.73 deg\n# elevation = 476 m\nperiod_end,ghi [W/m²],temp_air [°C],wind_speed [m/s]";

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|v| v.to_string()),
        Just(String::new()),
        Just("nan".to_string()),
        Just("inf".to_string()),
        "-?[0-9]{1,5}(\\.[0-9]{1,3})?",
        "\\PC{0,10}",
    ]
}

fn epw_text(rows: &[String]) -> String {
    let header = "LOCATION,Test,RM,CHL,synthetic,000000,-33.40,-70.73,-4.0,476.0\nDESIGN CONDITIONS,0\nTYPICAL/EXTREME PERIODS,0\nGROUND TEMPERATURES,0\nHOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0\nCOMMENTS 1,x\nCOMMENTS 2,x\nDATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31\n";
    format!("{header}{}\n", rows.join("\n"))
}

fn epw_row(i: usize) -> Vec<String> {
    let (day, hour) = (1 + i / 24, 1 + i % 24);
    let ghi = (i % 24) * 40;
    format!("1995,1,{day},{hour},60,?9,15.0,8.0,60,95000,0,1415,300,{ghi},0,{ghi},0,0,0,0,200,1.5,0,0,20,77777,9,999999999,10,0.1,0,88,0.18,0,1")
        .split(',')
        .map(str::to_string)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn the_csv_reader_never_panics_and_accepts_only_finite_weather(
        n in 1usize..30,
        edits in proptest::collection::vec((0usize..30, 0usize..4, cell()), 0..6),
        junk in proptest::option::of("\\PC{0,40}"),
    ) {
        let mut rows: Vec<Vec<String>> = csv_rows(n).iter().map(|r| r.split(',').map(str::to_string).collect()).collect();
        for (r, c, v) in edits {
            if let Some(row) = rows.get_mut(r % n) {
                row[c] = v;
            }
        }
        let mut text = format!("{CSV_HEAD}\n{}\n", rows.iter().map(|r| r.join(",")).collect::<Vec<_>>().join("\n"));
        if let Some(j) = junk {
            text.push_str(&j);
        }
        if let Ok(w) = parse_csv(&text, "prop.csv") {
            for r in w.records() {
                prop_assert!(r.ghi.value.is_finite() && r.ghi.value >= 0.0);
                prop_assert!(r.air_temperature.value.is_finite() && r.air_temperature.value > 0.0);
                prop_assert!(r.wind_speed.value.is_finite());
            }
            let loc = *w.location().expect("the head gives a location");
            let _ = checks::check(&w, &loc);
        }
    }

    #[test]
    fn the_epw_reader_never_panics_and_accepts_only_finite_weather(
        n in 1usize..30,
        edits in proptest::collection::vec((0usize..30, 0usize..35, cell()), 0..6),
        truncate in proptest::option::of(0usize..35),
    ) {
        let mut rows: Vec<Vec<String>> = (0..n).map(epw_row).collect();
        for (r, c, v) in edits {
            if let Some(row) = rows.get_mut(r % n) {
                row[c] = v;
            }
        }
        if let Some(t) = truncate {
            rows[0].truncate(t);
        }
        let text = epw_text(&rows.iter().map(|r| r.join(",")).collect::<Vec<_>>());
        if let Ok(w) = parse_epw(&text, "prop.epw") {
            for r in w.records() {
                prop_assert!(r.ghi.value.is_finite() && r.ghi.value >= 0.0);
                prop_assert!(r.air_temperature.value.is_finite() && r.air_temperature.value > 0.0);
                prop_assert!(r.dni.is_none_or(|v| v.value.is_finite()));
            }
            let loc = *w.location().expect("an EPW has a location");
            let _ = checks::check(&w, &loc);
        }
    }

    #[test]
    fn arbitrary_text_never_panics_either_reader(text in "\\PC{0,400}") {
        let _ = parse_csv(&text, "any.csv");
        let _ = parse_epw(&text, "any.epw");
        let with_head = format!("{CSV_HEAD}\n{text}");
        let _ = parse_csv(&with_head, "any.csv");
    }
}
