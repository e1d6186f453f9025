//! The PV system and site descriptions, their PVWatts defaults and validation.

use thiserror::Error;
use uom::si::angle::degree;
use uom::si::length::meter;
use uom::si::power::{gigawatt, watt};
use uom::si::ratio::{percent, ratio};
use uom::si::temperature_coefficient::per_kelvin;
use uom::si::thermodynamic_temperature::degree_celsius;
use uom::si::time::second;

use super::dc::{LossBreakdown, ModuleType};
use super::iam::CoverOptics;
use super::inverter::PVWATTS_NOMINAL_EFFICIENCY;
use super::temperature::SapmParams;
use super::transposition::TranspositionModel;
use crate::sun::{DEFAULT_DELTA_T_S, DEFAULT_REFRACTION_TEMPERATURE_C};
use crate::units::custom::frequency::{per_year, percent_per_year};
use crate::units::{
    Angle, AnnualRate, Length, Power, Ratio, Temperature, TemperatureCoefficient, Time,
};
use crate::weather::{Weather, WeatherError};

/// Why a PV simulation could not run.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SolarError {
    /// A system or site parameter is out of range.
    #[error("{parameter}: {message}")]
    InvalidParameter {
        /// The parameter's name, as in [`PvSystem`] / [`Site`].
        parameter: &'static str,
        /// What was wrong, with the accepted range and the value given.
        message: String,
    },
    /// The weather could not be read or is invalid.
    #[error(transparent)]
    Weather(#[from] WeatherError),
    /// The weather series does not cover one year of hours.
    #[error(
        "the weather series has {records} hourly records; a PV year needs 8760 (or 8784 in a leap year)"
    )]
    NotAYear {
        /// Number of records given.
        records: usize,
    },
    /// The weather source gives no site location and none was supplied.
    #[error("the weather source has no latitude/longitude/elevation; give the site explicitly")]
    NoLocation,
    /// A computed value was not finite (a defect; reported rather than returned).
    #[error("internal error: {what} is not finite at hour {index}")]
    NonFinite {
        /// Which quantity.
        what: &'static str,
        /// Hour index in the series.
        index: usize,
    },
}

fn invalid(parameter: &'static str, message: String) -> SolarError {
    SolarError::InvalidParameter { parameter, message }
}

/// Check that `v` is finite and within [lo, hi]; the message shows value and range in `unit`.
fn check_range(
    parameter: &'static str,
    v: f64,
    lo: f64,
    hi: f64,
    unit: &str,
) -> Result<(), SolarError> {
    if !v.is_finite() || v < lo || v > hi {
        return Err(invalid(
            parameter,
            format!("must be within {lo}–{hi} {unit}, got {v} {unit}"),
        ));
    }
    Ok(())
}

/// Where the system is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Site {
    /// Latitude, north positive.
    pub latitude: Angle,
    /// Longitude, east positive.
    pub longitude: Angle,
    /// Elevation above sea level.
    pub elevation: Length,
}

impl Site {
    /// A validated site: latitude −90…90°, longitude −180…180°, elevation −500…9000 m.
    pub fn new(latitude: Angle, longitude: Angle, elevation: Length) -> Result<Self, SolarError> {
        let s = Site {
            latitude,
            longitude,
            elevation,
        };
        s.validate()?;
        Ok(s)
    }

    /// The site recorded in a weather file's metadata.
    pub fn from_weather(weather: &Weather) -> Result<Self, SolarError> {
        let loc = weather.location().ok_or(SolarError::NoLocation)?;
        Site::new(loc.latitude, loc.longitude, loc.elevation)
    }

    /// Checks the ranges given in [`Site::new`].
    pub fn validate(&self) -> Result<(), SolarError> {
        check_range("latitude", self.latitude.get::<degree>(), -90.0, 90.0, "°")?;
        check_range(
            "longitude",
            self.longitude.get::<degree>(),
            -180.0,
            180.0,
            "°",
        )?;
        check_range(
            "elevation",
            self.elevation.get::<meter>(),
            -500.0,
            9000.0,
            "m",
        )
    }
}

/// How the modules are mounted; sets the Fuentes installed NOCT as in PVWatts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mounting {
    /// Fixed, flush or close to a roof: INOCT 49 °C (PVWatts "fixed roof mount").
    #[default]
    RoofMount,
    /// Fixed open rack with free air flow behind: INOCT 45 °C (PVWatts "fixed open rack").
    OpenRack,
    /// Building-integrated (a façade or window with little or no air behind the module). In
    /// SAPM it takes the insulated-back parameters of King et al. (2004); PVWatts has no such
    /// class, so the Fuentes model uses its hottest one, the roof mount's 49 °C, which
    /// understates the heating of an insulated back (prefer SAPM for these arrays).
    BuildingIntegrated,
}

impl Mounting {
    /// Installed NOCT used by PVWatts v5/v8 for this mounting (NREL SSC
    /// `cmod_pvwattsv5.cpp`, `cmod_pvwattsv8.cpp`): 49 °C roof, 45 °C open rack; a
    /// building-integrated array takes the roof value (PVWatts has no hotter class).
    pub fn installed_noct(self) -> Temperature {
        match self {
            Mounting::RoofMount | Mounting::BuildingIntegrated => {
                Temperature::new::<degree_celsius>(49.0)
            }
            Mounting::OpenRack => Temperature::new::<degree_celsius>(45.0),
        }
    }
}

/// Cell-temperature model.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum TemperatureModel {
    /// Fuentes (1987), as PVWatts, with the INOCT of the mounting (or the override).
    #[default]
    Fuentes,
    /// Sandia SAPM with the given parameters.
    Sapm(SapmParams),
}

/// A grid-connected fixed-tilt PV system, PVWatts-style. Build with [`PvSystem::new`] and
/// change fields as needed; every field is checked by [`PvSystem::validate`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PvSystem {
    /// DC nameplate rating at STC (P_dc0).
    pub dc_capacity: Power,
    /// DC/AC ratio: P_dc0 / P_ac0. Default 1.2 (PVWatts web calculator).
    pub dc_ac_ratio: Ratio,
    /// Tilt from horizontal. Default 20°.
    pub tilt: Angle,
    /// Azimuth the array faces, clockwise from north (180° = south). Default 180°.
    pub azimuth: Angle,
    /// Ground albedo; `None` uses the weather file's albedo where given, else 0.2.
    pub albedo: Option<Ratio>,
    /// Module type (sets γ). Default standard.
    pub module_type: ModuleType,
    /// Overrides the module type's power temperature coefficient γ.
    pub temperature_coefficient: Option<TemperatureCoefficient>,
    /// Mounting (sets the Fuentes INOCT). Default roof mount.
    pub mounting: Mounting,
    /// Overrides the mounting's installed NOCT.
    pub installed_noct: Option<Temperature>,
    /// System losses. Default PVWatts breakdown (14.08 %).
    pub losses: LossBreakdown,
    /// Nominal inverter efficiency η_nom. Default 0.96.
    pub inverter_efficiency: Ratio,
    /// Sky-diffuse transposition model. Default Perez 1990.
    pub transposition: TranspositionModel,
    /// Cell-temperature model. Default Fuentes.
    pub temperature_model: TemperatureModel,
    /// Module cover optics for the IAM. Default glass n = 1.526, K = 4 m⁻¹, L = 2 mm, no AR.
    pub cover: CoverOptics,
    /// Degradation rate for lifetime energy. Default 0.5 %/yr.
    pub degradation: AnnualRate,
    /// Multiplier on plane-of-array irradiance for resource and transposition corrections
    /// (uncertainty analysis). Default 1.
    pub irradiance_scale: Ratio,
    /// Multiplier on DC power for modules delivering more or less than their nameplate
    /// (uncertainty analysis); the inverter's AC rating is unchanged. Default 1.
    pub dc_scale: Ratio,
}

/// Default DC/AC ratio (PVWatts web calculator).
pub const DEFAULT_DC_AC_RATIO: f64 = 1.2;
/// Default albedo when neither the system nor the weather gives one (PVWatts).
pub const DEFAULT_ALBEDO: f64 = 0.2;
/// Default tilt (PVWatts web calculator default), degrees.
pub const DEFAULT_TILT_DEG: f64 = 20.0;
/// Default degradation rate, %/yr (Jordan & Kurtz 2013 median).
pub const DEFAULT_DEGRADATION_PCT_PER_YEAR: f64 = 0.5;

impl PvSystem {
    /// A system of the given DC rating with PVWatts defaults: DC/AC 1.2, tilt 20°, azimuth
    /// 180° (equator-facing in the northern hemisphere; set 0° in the southern), standard
    /// module, roof mount, default losses, η_nom 0.96, Perez, Fuentes, no AR coating,
    /// degradation 0.5 %/yr.
    pub fn new(dc_capacity: Power) -> Self {
        PvSystem {
            dc_capacity,
            dc_ac_ratio: Ratio::new::<ratio>(DEFAULT_DC_AC_RATIO),
            tilt: Angle::new::<degree>(DEFAULT_TILT_DEG),
            azimuth: Angle::new::<degree>(180.0),
            albedo: None,
            module_type: ModuleType::default(),
            temperature_coefficient: None,
            mounting: Mounting::default(),
            installed_noct: None,
            losses: LossBreakdown::default(),
            inverter_efficiency: Ratio::new::<ratio>(PVWATTS_NOMINAL_EFFICIENCY),
            transposition: TranspositionModel::default(),
            temperature_model: TemperatureModel::default(),
            cover: CoverOptics::default(),
            degradation: AnnualRate::new::<percent_per_year>(DEFAULT_DEGRADATION_PCT_PER_YEAR),
            irradiance_scale: Ratio::new::<ratio>(1.0),
            dc_scale: Ratio::new::<ratio>(1.0),
        }
    }

    /// AC rating P_ac0 = P_dc0 / (DC/AC ratio).
    pub fn ac_capacity(&self) -> Power {
        self.dc_capacity / self.dc_ac_ratio.get::<ratio>()
    }

    /// γ in use: the override or the module type's.
    pub fn gamma(&self) -> TemperatureCoefficient {
        self.temperature_coefficient
            .unwrap_or_else(|| self.module_type.temperature_coefficient())
    }

    /// INOCT in use: the override or the mounting's.
    pub fn noct(&self) -> Temperature {
        self.installed_noct
            .unwrap_or_else(|| self.mounting.installed_noct())
    }

    /// Checks every parameter against its accepted range (see the field docs).
    pub fn validate(&self) -> Result<(), SolarError> {
        let p = self.dc_capacity.get::<watt>();
        if !p.is_finite() || p <= 0.0 || self.dc_capacity.get::<gigawatt>() > 10.0 {
            return Err(invalid(
                "dc_capacity",
                format!("must be more than 0 W and at most 10 GW, got {p} W"),
            ));
        }
        check_range("dc_ac_ratio", self.dc_ac_ratio.get::<ratio>(), 0.5, 3.0, "")?;
        check_range("tilt", self.tilt.get::<degree>(), 0.0, 90.0, "°")?;
        check_range("azimuth", self.azimuth.get::<degree>(), 0.0, 360.0, "°")?;
        if let Some(a) = self.albedo {
            check_range("albedo", a.get::<ratio>(), 0.0, 1.0, "")?;
        }
        if let Some(g) = self.temperature_coefficient {
            check_range(
                "temperature_coefficient",
                g.get::<per_kelvin>() * 100.0,
                -2.0,
                0.5,
                "%/°C",
            )?;
        }
        if let Some(t) = self.installed_noct {
            check_range(
                "installed_noct",
                t.get::<degree_celsius>(),
                25.0,
                80.0,
                "°C",
            )?;
        }
        // A loss of 100 % is a plant that delivers nothing (e.g. out of service all year).
        for (name, l) in self.losses.named() {
            let v = l.get::<percent>();
            if !v.is_finite() || !(0.0..=100.0).contains(&v) {
                return Err(invalid(
                    "losses",
                    format!("{name} must be within 0–100 %, got {v} %"),
                ));
            }
        }
        check_range(
            "inverter_efficiency",
            self.inverter_efficiency.get::<percent>(),
            50.0,
            100.0,
            "%",
        )?;
        check_range(
            "degradation",
            self.degradation.get::<per_year>() * 100.0,
            0.0,
            10.0,
            "%/yr",
        )?;
        check_range(
            "irradiance_scale",
            self.irradiance_scale.get::<ratio>(),
            0.0,
            3.0,
            "",
        )?;
        check_range("dc_scale", self.dc_scale.get::<ratio>(), 0.0, 3.0, "")?;
        let n = self.cover.refractive_index.get::<ratio>();
        check_range("cover.refractive_index", n, 1.0, 3.0, "")?;
        if let Some(nar) = self.cover.ar_coating_index {
            check_range("cover.ar_coating_index", nar.get::<ratio>(), 1.0, 3.0, "")?;
        }
        check_range(
            "cover.thickness",
            self.cover.thickness.get::<meter>() * 1000.0,
            0.0,
            20.0,
            "mm",
        )?;
        check_range(
            "cover.extinction_coefficient",
            self.cover
                .extinction_coefficient
                .get::<uom::si::reciprocal_length::reciprocal_meter>(),
            0.0,
            100.0,
            "1/m",
        )?;
        if let TemperatureModel::Sapm(s) = self.temperature_model {
            let dt = s.delta_t.get::<uom::si::temperature_interval::kelvin>();
            let ok = (-10.0..=0.0).contains(&s.a)
                && (-1.0..=0.0).contains(&s.b)
                && (0.0..=20.0).contains(&dt);
            if !ok {
                return Err(invalid(
                    "temperature_model",
                    format!(
                        "SAPM parameters must have a in −10…0, b in −1…0 s/m, ΔT in 0–20 K; got a = {}, b = {}, ΔT = {dt}",
                        s.a, s.b
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Options of the sun-position step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SunOptions {
    /// ΔT = TT − UT. Default 67 s (pvlib default).
    pub delta_t: Time,
    /// Annual mean air temperature for refraction. Default 12 °C (pvlib default).
    pub refraction_temperature: Temperature,
}

impl Default for SunOptions {
    fn default() -> Self {
        SunOptions {
            delta_t: Time::new::<second>(DEFAULT_DELTA_T_S),
            refraction_temperature: Temperature::new::<degree_celsius>(
                DEFAULT_REFRACTION_TEMPERATURE_C,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uom::si::power::kilowatt;

    #[test]
    fn defaults_validate_and_derive() {
        let s = PvSystem::new(Power::new::<kilowatt>(1200.0));
        s.validate().unwrap();
        assert!((s.ac_capacity().get::<kilowatt>() - 1000.0).abs() < 1e-9);
        assert!((s.noct().get::<degree_celsius>() - 49.0).abs() < 1e-12);
    }

    #[test]
    fn invalid_parameters_are_named() {
        let mut s = PvSystem::new(Power::new::<kilowatt>(100.0));
        s.tilt = Angle::new::<degree>(95.0);
        let e = s.validate().unwrap_err().to_string();
        assert!(e.starts_with("tilt:") && e.contains("95"), "{e}");
        let mut s = PvSystem::new(Power::new::<kilowatt>(f64::NAN));
        assert!(s.validate().is_err());
        s.dc_capacity = Power::new::<kilowatt>(100.0);
        s.losses.soiling = Ratio::new::<percent>(100.0);
        assert!(
            s.validate().is_ok(),
            "a loss of 100 % is a plant that delivers nothing"
        );
        s.losses.soiling = Ratio::new::<percent>(100.5);
        let e = s.validate().unwrap_err().to_string();
        assert!(e.contains("soiling"), "{e}");
        let e = Site::new(
            Angle::new::<degree>(-95.0),
            Angle::new::<degree>(0.0),
            Length::new::<meter>(0.0),
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("latitude:"), "{e}");
    }
}
