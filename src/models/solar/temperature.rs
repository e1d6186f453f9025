//! Cell temperature: the Fuentes (1987) transient energy balance used by PVWatts, and the
//! Sandia (SAPM) steady-state model.

use uom::si::angle::degree;
use uom::si::f64::HeatTransfer;
use uom::si::heat_flux_density::watt_per_square_meter;
use uom::si::heat_transfer::watt_per_square_meter_kelvin;
use uom::si::length::meter;
use uom::si::ratio::ratio;
use uom::si::temperature_interval::kelvin as kelvin_interval;
use uom::si::thermodynamic_temperature::{degree_celsius, kelvin};
use uom::si::time::second;
use uom::si::velocity::meter_per_second;

use crate::units::{
    Angle, Irradiance, Length, Ratio, Speed, Temperature, TemperatureInterval, Time,
};

// The four-lane type is used only by the AVX2 path, on x86-64.
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
mod lanes;
#[cfg(target_arch = "x86_64")]
mod lockstep;

use lanes::Lanes;

/// Stefan–Boltzmann constant as used by Fuentes (1987), W/(m²·K⁴).
const STEFAN_BOLTZMANN: f64 = 5.669e-8;
/// Conditions of the installed-NOCT test in Fuentes (1987): 800 W/m², 20 °C air, 1 m/s wind.
const NOCT_IRRADIANCE: f64 = 800.0;
const NOCT_AIR_K: f64 = 293.15;
const NOCT_WIND: f64 = 1.0;
/// Sky temperature at the NOCT conditions as Fuentes' code (SAND85-0330, Appendix A) and
/// pvlib hold it: eq. 24 at 293.15 K (282.2088 K), rounded to 282.21 K.
const NOCT_SKY_K: f64 = 282.21;
/// Module heat capacity per unit area, J/(m²·K) (Fuentes 1987, 11 000).
const FUENTES_CAPACITANCE: f64 = 11_000.0;
/// Reynolds number above which forced convection is treated as turbulent (Fuentes 1987).
const TURBULENT_REYNOLDS: f64 = 1.2e5;

/// Parameters of the Fuentes thermal model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FuentesParams {
    /// Installed nominal operating cell temperature (INOCT). PVWatts: 49 °C roof mount,
    /// 45 °C open rack.
    pub noct_installed: Temperature,
    /// Height of the module above ground (PVWatts: 5 m).
    pub module_height: Length,
    /// Height of the wind-speed measurement (Fuentes: 30 ft = 9.144 m).
    pub wind_height: Length,
    /// Thermal emissivity of the module surfaces (Fuentes: 0.84).
    pub emissivity: Ratio,
    /// Solar absorptance of the module (Fuentes: 0.83).
    pub absorptance: Ratio,
    /// Tilt used in the free-convection term (Fuentes' reference code fixes 30°).
    pub surface_tilt: Angle,
    /// Module width for the hydraulic diameter (Fuentes: 0.31579 m).
    pub module_width: Length,
    /// Module length for the hydraulic diameter (Fuentes: 1.2 m).
    pub module_length: Length,
}

impl FuentesParams {
    /// Fuentes (1987) defaults, as used by PVWatts and pvlib, with the given INOCT.
    pub fn with_noct(noct_installed: Temperature) -> Self {
        FuentesParams {
            noct_installed,
            module_height: Length::new::<meter>(5.0),
            wind_height: Length::new::<meter>(9.144),
            emissivity: Ratio::new::<ratio>(0.84),
            absorptance: Ratio::new::<ratio>(0.83),
            surface_tilt: Angle::new::<degree>(30.0),
            module_width: Length::new::<meter>(0.31579),
            module_length: Length::new::<meter>(1.2),
        }
    }
}

/// Effective sky temperature from air temperature:
/// T_sky = 0.68·(0.0552·T_a^1.5) + 0.32·T_a (kelvin).
///
/// Fuentes, M. K. (1987), "A simplified thermal model for flat-plate photovoltaic arrays",
/// Sandia report SAND85-0330, eq. 24. Input: air temperature. Output: sky temperature.
pub fn fuentes_sky_temperature(air: Temperature) -> Temperature {
    Temperature::new::<kelvin>(sky_temperature_k(air.get::<kelvin>()))
}

/// [`fuentes_sky_temperature`] in kelvin, for one air temperature or four.
#[inline(always)]
fn sky_temperature_k<T: Lanes>(ta: T) -> T {
    ta * 0.0552 * ta.sqrt() * 0.68 + ta * 0.32
}

/// Wind speed at module height from the measured speed by a 1/5 power law:
/// v = v_ref·(h/h_ref)^0.2.
///
/// Fuentes (1987), SAND85-0330, eq. 22. Inputs: measured speed, measurement height,
/// module height. Output: speed at the module.
pub fn wind_speed_at_height(wind: Speed, measured_at: Length, module_height: Length) -> Speed {
    let ratio_h = module_height.get::<meter>() / measured_at.get::<meter>();
    wind * ratio_h.powf(0.2)
}

/// Hydraulic diameter of a rectangle, D = 2·w·l/(w + l).
fn hydraulic_diameter(width: Length, length: Length) -> f64 {
    let (w, l) = (width.get::<meter>(), length.get::<meter>());
    2.0 * w * l / (w + l)
}

/// Top-surface convective heat-transfer coefficient of a module, combining forced and free
/// convection as h = (h_free³ + h_forced³)^(1/3).
///
/// Fuentes (1987), SAND85-0330, §3 (eqs. 9–14). Air properties at mean film temperature T
/// (K) at sea-level pressure: ρ = 0.003484·101325/T kg/m³, ν = 0.24237·10⁻⁶·T^0.76/ρ m²/s,
/// k = 2.1695·10⁻⁴·T^0.84 W/(m·K); Prandtl number 0.71, c_p = 1007 J/(kg·K). Forced:
/// laminar h = 0.86·Re^−0.5·ρ·c_p·v/Pr^0.67, turbulent (Re > 1.2·10⁵, when `allow_turbulent`)
/// h = 0.0282·Re^−0.2·ρ·c_p·v/Pr^0.4. Free: h = 0.21·(Gr·Pr)^0.32·k/D with
/// Gr = g/T·ΔT·D³/ν²·sin(tilt). Inputs: film temperature, wind at module height,
/// module–air temperature difference, hydraulic diameter D, tilt. Output: W/(m²·K).
pub fn fuentes_convection_coefficient(
    film_temperature: Temperature,
    wind: Speed,
    temperature_difference: TemperatureInterval,
    hydraulic_diameter: Length,
    tilt: Angle,
    allow_turbulent: bool,
) -> HeatTransfer {
    let c = Convection::new(hydraulic_diameter.get::<meter>(), tilt);
    HeatTransfer::new::<watt_per_square_meter_kelvin>(c.coefficient(
        film_temperature.get::<kelvin>(),
        wind.get::<meter_per_second>(),
        temperature_difference.get::<kelvin_interval>().abs(),
        allow_turbulent,
    ))
}

/// Geometry-dependent constants of [`fuentes_convection_coefficient`], hoisted out of the
/// per-hour iteration.
#[derive(Debug, Clone, Copy)]
struct Convection {
    d: f64,
    sin_tilt: f64,
    pr_turbulent: f64,
    pr_laminar: f64,
}

impl Convection {
    fn new(hydraulic_diameter_m: f64, tilt: Angle) -> Self {
        Convection {
            d: hydraulic_diameter_m,
            sin_tilt: tilt.get::<degree>().to_radians().sin(),
            pr_turbulent: 0.71f64.powf(0.4),
            pr_laminar: 0.71f64.powf(0.67),
        }
    }

    /// The coefficient in W/(m²·K) for film temperature `t` (K), wind `v` (m/s) and
    /// module–air difference `dt` (K ≥ 0); equations as documented on
    /// [`fuentes_convection_coefficient`].
    fn coefficient(&self, t: f64, v: f64, dt: f64, allow_turbulent: bool) -> f64 {
        let d = self.d;
        let ln_t = t.ln();
        let density = 0.003_484 * 101_325.0 / t;
        let viscosity = 0.242_37e-6 * (0.76 * ln_t).exp() / density;
        let conductivity = 2.1695e-4 * (0.84 * ln_t).exp();
        let reynolds = v * d / viscosity;
        let forced = if allow_turbulent && reynolds > TURBULENT_REYNOLDS {
            0.0282 / reynolds.powf(0.2) * density * v * 1007.0 / self.pr_turbulent
        } else {
            0.86 / reynolds.sqrt() * density * v * 1007.0 / self.pr_laminar
        };
        let grashof = 9.8 / t * dt * d * d * d / (viscosity * viscosity) * self.sin_tilt;
        let gr_pr = grashof * 0.71;
        let free = if gr_pr > 0.0 {
            0.21 * (0.32 * gr_pr.ln()).exp() * conductivity / d
        } else {
            0.0
        };
        // (free³ + forced³)^(1/3), with forced > 0 (wind ≥ 1e-4 m/s in the model).
        ((free * free * free + forced * forced * forced).ln() / 3.0).exp()
    }
}

/// Constants of the Fuentes model fixed by the installed NOCT: the convection multiplier
/// (total over top-side convection), the ground-temperature ratio and the heat capacity.
#[derive(Debug, Clone, Copy)]
struct FuentesCalibration {
    convection_ratio: f64,
    ground_ratio: f64,
    capacitance: f64,
    hydraulic_diameter: f64,
}

/// Calibrates the back-side and ground terms so that the steady-state module temperature
/// at NOCT conditions (800 W/m², 20 °C air, 1 m/s wind) equals the installed NOCT
/// (Fuentes 1987, §4, eqs. 15–20), and scales the heat capacity for hot mountings
/// (INOCT > 48 °C: C·[1 + (INOCT − 48 °C)/12 K]).
fn fuentes_calibration(p: &FuentesParams) -> FuentesCalibration {
    let eps = p.emissivity.get::<ratio>();
    let alpha = p.absorptance.get::<ratio>();
    let tn = p.noct_installed.get::<kelvin>();
    let ta = NOCT_AIR_K;
    let tsky = NOCT_SKY_K;
    let d = hydraulic_diameter(p.module_width, p.module_length);
    let h_top = fuentes_convection_coefficient(
        Temperature::new::<kelvin>((tn + ta) / 2.0),
        Speed::new::<meter_per_second>(NOCT_WIND),
        TemperatureInterval::new::<kelvin_interval>(tn - ta),
        Length::new::<meter>(d),
        p.surface_tilt,
        false,
    )
    .get::<watt_per_square_meter_kelvin>();
    let h_ground = eps * STEFAN_BOLTZMANN * (tn * tn + ta * ta) * (tn + ta);
    let back_ratio = (alpha * NOCT_IRRADIANCE
        - eps * STEFAN_BOLTZMANN * (tn.powi(4) - tsky.powi(4))
        - h_top * (tn - ta))
        / ((h_ground + h_top) * (tn - ta));
    let t_ground = (tn.powi(4) - back_ratio * (tn.powi(4) - ta.powi(4)))
        .max(0.0)
        .powf(0.25)
        .clamp(ta, tn);
    let ground_ratio = (t_ground - ta) / (tn - ta);
    let convection_ratio = (alpha * NOCT_IRRADIANCE
        - eps * STEFAN_BOLTZMANN * (2.0 * tn.powi(4) - tsky.powi(4) - t_ground.powi(4)))
        / (h_top * (tn - ta));
    let hot = 321.15; // 48 °C
    let capacitance = if tn > hot {
        FUENTES_CAPACITANCE * (1.0 + (tn - hot) / 12.0)
    } else {
        FUENTES_CAPACITANCE
    };
    FuentesCalibration {
        convection_ratio,
        ground_ratio,
        capacitance,
        hydraulic_diameter: d,
    }
}

/// The convection correlations of [`fuentes_convection_coefficient`] for one module, as
/// power laws of the film temperature T (K), so that an evaluation needs one logarithm of T
/// instead of one per property. With ρ = R/T, ν = a·T^0.76/ρ, k = b·T^0.84 (R = 0.003484 ×
/// 101325, a = 0.24237·10⁻⁶, b = 2.1695·10⁻⁴) the same equations read
///
/// * Re = v·D/ν = C_re·v·T^−1.76,
/// * laminar forced h = 0.86·Re^−0.5·ρ·c_p·v/Pr^0.67 = C_l·v^0.5·T^−0.12,
/// * turbulent forced h = 0.0282·Re^−0.2·ρ·c_p·v/Pr^0.4 = C_t·v^0.8·T^−0.648,
/// * free h = 0.21·(Gr·Pr)^0.32·k/D = C_g·ΔT^0.32·T^−0.6064,
///
/// and the cubes of the forced and free terms are what the mixed coefficient
/// (h_free³ + h_forced³)^(1/3) needs. The constants are computed from the correlations'
/// own coefficients (checked against the direct form in the tests to 10⁻¹² relative).
#[derive(Debug, Clone, Copy)]
struct PowerLawConvection {
    /// ln C_re − ln 1.2·10⁵: turbulent when ln v + this − 1.76·ln T > 0.
    ln_re_over_limit: f64,
    /// C_l³ (laminar forced cube = C_l³·v^1.5·T^−0.36).
    laminar3: f64,
    /// C_t³ (turbulent forced cube = C_t³·v^2.4·T^−1.944).
    turbulent3: f64,
    /// C_g³ (free cube = C_g³·ΔT^0.96·T^−1.8192); 0 on a horizontal module.
    free3: f64,
}

/// Exponents of T in the cubes of [`PowerLawConvection`].
const LAMINAR3_T: f64 = -0.36;
const TURBULENT3_T: f64 = -1.944;
const FREE3_T: f64 = -1.8192;
const FREE3_DT: f64 = 0.96;

impl PowerLawConvection {
    fn new(hydraulic_diameter_m: f64, tilt: Angle) -> Self {
        let d = hydraulic_diameter_m;
        let r = 0.003_484 * 101_325.0;
        let a = 0.242_37e-6;
        let b = 2.1695e-4;
        let (cp, pr, g) = (1007.0, 0.71f64, 9.8);
        let c_re = d * r / a;
        let c_l = 0.86 * cp / pr.powf(0.67) * (a * r / d).sqrt();
        let c_t = 0.0282 * cp / pr.powf(0.4) * c_re.powf(-0.2) * r;
        let sin_tilt = tilt.get::<degree>().to_radians().sin();
        let gr = g * d * d * d * sin_tilt * r * r / (a * a);
        let c_g = if gr > 0.0 {
            0.21 * b / d * (gr * pr).powf(0.32)
        } else {
            0.0
        };
        PowerLawConvection {
            ln_re_over_limit: c_re.ln() - TURBULENT_REYNOLDS.ln(),
            laminar3: c_l.powi(3),
            turbulent3: c_t.powi(3),
            free3: c_g.powi(3),
        }
    }
}

/// One step of the Fuentes balance: what stays fixed while its temperature is solved for
/// (for one step, or four at once with [`lanes::Wide`]).
#[derive(Debug, Clone, Copy)]
struct FuentesStep<T = f64> {
    /// Air and sky temperature (K).
    ta: T,
    tsky: T,
    /// Module temperature at the start of the step (K).
    t0: T,
    /// Absorbed irradiance at the start and end of the step (W/m²).
    s0: T,
    s: T,
    /// ln v (wind at module height) and the forced-convection cubes without their T factor.
    ln_v: T,
    laminar3: T,
    turbulent3: T,
}

/// What a step's weather fixes before its solution is known: [`FuentesStep`] without its
/// start.
#[derive(Debug, Clone, Copy)]
struct StepWeather<T = f64> {
    ta: T,
    tsky: T,
    s: T,
    ln_v: T,
    laminar3: T,
    turbulent3: T,
}

impl<T: Copy> StepWeather<T> {
    /// The step started from module temperature `t0` (K) and absorbed irradiance `s0`
    /// (W/m²).
    #[inline(always)]
    fn started(&self, t0: T, s0: T) -> FuentesStep<T> {
        let w = self;
        FuentesStep {
            ta: w.ta,
            tsky: w.tsky,
            t0,
            s0,
            s: w.s,
            ln_v: w.ln_v,
            laminar3: w.laminar3,
            turbulent3: w.turbulent3,
        }
    }
}

/// The heat-transfer coefficients of one evaluation, kept to start the next step.
#[derive(Debug, Clone, Copy)]
struct Coefficients<T = f64> {
    h_c: T,
    h_s: T,
    h_g: T,
    lambda: T,
    decay: T,
}

/// The Fuentes model with its calibration and convection constants.
struct FuentesSolver {
    cal: FuentesCalibration,
    conv: PowerLawConvection,
    /// ε·σ (W/(m²·K⁴)).
    eps_sigma: f64,
    /// Δt/C (m²·K/W).
    dt_over_c: f64,
}

/// update(T) and its first two derivatives in T, with the coefficients at T.
#[derive(Debug, Clone, Copy)]
struct Update<T = f64> {
    u: T,
    du: T,
    d2u: T,
    k: Coefficients<T>,
    /// ln Re − ln Re_crit: forced convection is turbulent where positive.
    turbulence: T,
    /// dλ/dT and d²λ/dT².
    dlambda: T,
    d2lambda: T,
}

impl FuentesSolver {
    /// The step solution T_new = update(t) with coefficients evaluated at module temperature
    /// `t` (see [`fuentes_cell_temperature`]), its first and second derivatives in t, and the
    /// coefficients. Every derivative is analytic: each term is a power law, a polynomial or
    /// an exponential of t, so they cost no further logarithm or exponential. Written over
    /// [`Lanes`], so that it solves one step (`f64`) or four independent ones ([`lanes::Wide`]);
    /// the branches are selects, which for `f64` are the `if`s they read as.
    #[inline(always)]
    fn update<T: Lanes>(&self, p: &FuentesStep<T>, t: T) -> Update<T> {
        let (ta, tsky, r) = (p.ta, p.tsky, self.cal.ground_ratio);
        let es = self.eps_sigma;
        // Convection at film temperature f = (t + ta)/2, df/dt = 1/2.
        let f = (t + ta) * 0.5;
        let ln_f = f.ln();
        let turbulence = p.ln_v + self.conv.ln_re_over_limit - ln_f * 1.76;
        let turbulent = turbulence.gt(0.0);
        let forced3 = T::select(turbulent, p.turbulent3, p.laminar3);
        let forced_exp = T::select(turbulent, T::splat(TURBULENT3_T), T::splat(LAMINAR3_T));
        // Cubes as power laws c·f^a: d/dt = c·f^a·a/(2f), d²/dt² = c·f^a·a(a − 1)/(4f²).
        let forced3 = forced3 * (forced_exp * ln_f).exp();
        let inv_2f = T::splat(0.5) / f;
        let mut d_sum = forced3 * forced_exp * inv_2f;
        let mut d2_sum = forced3 * forced_exp * (forced_exp - 1.0) * inv_2f * inv_2f;
        let diff = t - ta;
        let free3 = if self.conv.free3 > 0.0 {
            let dt = diff.abs();
            let v = (dt.ln() * FREE3_DT + ln_f * FREE3_T).exp() * self.conv.free3;
            // v = c·|t − ta|^b·f^a: v'/v = b/diff + a/(2f), (v'/v)' = −b/diff² − a/(4f²).
            let inv_diff = T::splat(1.0) / diff;
            let g = inv_diff * FREE3_DT + inv_2f * FREE3_T;
            // None where t = ta, where |t − ta|^0.96 has no derivative.
            let free = diff.nonzero();
            d_sum = T::select(free, d_sum + v * g, d_sum);
            d2_sum = T::select(
                free,
                d2_sum + v * (g * g - inv_diff * FREE3_DT * inv_diff - inv_2f * FREE3_T * inv_2f),
                d2_sum,
            );
            T::select(free, v, T::splat(0.0))
        } else {
            T::splat(0.0)
        };
        let sum = forced3 + free3;
        // The cube root as exp(ln(·)/3): two libm calls are cheaper here than `cbrt`. (Each
        // division costs several multiplications, so the update divides only five times.)
        const THIRD: f64 = 1.0 / 3.0;
        let h_c = (sum.ln() * THIRD).exp() * self.cal.convection_ratio;
        let inv_sum = T::splat(1.0) / sum;
        let q = d_sum * inv_sum;
        let dh_c = h_c * q * THIRD;
        let d2h_c = h_c * (d2_sum * inv_sum * THIRD - q * (2.0 / 9.0) * q);
        // Radiation to the sky and to the ground at T_g = ta + r·(t − ta).
        let h_s = (t * t + tsky * tsky) * es * (t + tsky);
        let dh_s = (t * 3.0 * t + t * 2.0 * tsky + tsky * tsky) * es;
        let d2h_s = (t * 6.0 + tsky * 2.0) * es;
        let tg = ta + diff * r;
        let h_g = (t * t + tg * tg) * es * (t + tg);
        let dh_g = ((t * 2.0 + tg * 2.0 * r) * (t + tg) + (t * t + tg * tg) * (1.0 + r)) * es;
        let d2h_g =
            ((t + tg) * (2.0 + 2.0 * r * r) + (t * 2.0 + tg * 2.0 * r) * 2.0 * (1.0 + r)) * es;
        let h = h_c + h_s + h_g;
        let dh = dh_c + dh_s + dh_g;
        let d2h = d2h_c + d2h_s + d2h_g;
        let lambda = -h * self.dt_over_c;
        let dlambda = -dh * self.dt_over_c;
        let d2lambda = -d2h * self.dt_over_c;
        // Below λ = −10 the decay is taken as 0 (as in Fuentes' code).
        let live = lambda.gt(-10.0);
        let zero = T::splat(0.0);
        let decay = T::choose(live, || lambda.exp(), || zero);
        let ddecay = T::select(live, decay * dlambda, zero);
        let d2decay = T::select(live, decay * (d2lambda + dlambda * dlambda), zero);
        let ds = p.s - p.s0;
        let inv_l = T::splat(1.0) / lambda;
        let forcing = h_c * ta + h_s * tsky + h_g * tg + p.s0 + ds * inv_l;
        let dforcing = dh_c * ta + dh_s * tsky + dh_g * tg + h_g * r - ds * dlambda * inv_l * inv_l;
        let d2forcing = d2h_c * ta + d2h_s * tsky + d2h_g * tg + dh_g * 2.0 * r
            - ds * (d2lambda - dlambda * 2.0 * dlambda * inv_l) * inv_l * inv_l;
        let kept = T::splat(1.0) - decay;
        let num = kept * forcing + ds;
        let dnum = -ddecay * forcing + kept * dforcing;
        let d2num = -d2decay * forcing - ddecay * 2.0 * dforcing + kept * d2forcing;
        let inv_h = T::splat(1.0) / h;
        let u = p.t0 * decay + num * inv_h;
        let du = p.t0 * ddecay + (dnum - num * dh * inv_h) * inv_h;
        let d2u = p.t0 * d2decay
            + (d2num - (dnum * 2.0 * dh + num * d2h) * inv_h + num * 2.0 * dh * dh * inv_h * inv_h)
                * inv_h;
        let k = Coefficients {
            h_c,
            h_s,
            h_g,
            lambda,
            decay,
        };
        Update {
            u,
            du,
            d2u,
            k,
            turbulence,
            dlambda,
            d2lambda,
        }
    }

    /// The step solution with the coefficients held at `k` (those of the previous step):
    /// linear in T through T_g, so solved directly. A start for Halley's method.
    fn predict(&self, p: &FuentesStep, k: &Coefficients) -> f64 {
        let r = self.cal.ground_ratio;
        let h = k.h_c + k.h_s + k.h_g;
        let ds = p.s - p.s0;
        let fixed = k.h_c * p.ta + k.h_s * p.tsky + k.h_g * p.ta * (1.0 - r) + p.s0 + ds / k.lambda;
        let a = p.t0 * k.decay + ((1.0 - k.decay) * fixed + ds) / h;
        let b = (1.0 - k.decay) * k.h_g * r / h;
        a / (1.0 - b)
    }

    /// Solves T = update(T) for one step by Halley's method from `start`. `update` is a
    /// contraction with slope 0.02 to 0.08 here, so G(T) = update(T) − T has G' ≈ −1, and
    /// Halley's step δ = −2GG'/(2G'² − GG'') converges cubically. It stops after a step below
    /// [`FUENTES_STEP_K`] (below 10⁻¹⁵ K left), or after a first step that [`final_step`] judges
    /// close enough: from the predicted start (about 0.14 K off) that spares the second
    /// evaluation in about half the hours. Should it not converge (e.g. where the exp(λ) cut
    /// at λ = −10 makes update jump), the step falls back to plain fixed-point iteration as in
    /// Fuentes' code. Returns the temperature, and the coefficients and d update/dT of the
    /// last evaluation.
    fn solve(&self, p: &FuentesStep, start: f64) -> (f64, Coefficients, f64) {
        let mut t = start;
        for _ in 0..FUENTES_MAX_STEPS {
            let e = self.update(p, t);
            let (step, newton) = halley_step(&e, t);
            if !step.is_finite() {
                break;
            }
            t += step;
            if step.abs() < FUENTES_STEP_K || final_step(p, &e, t, step, newton) {
                return (t, e.k, e.du);
            }
        }
        self.fixed_point(p)
    }

    /// The fallback of [`FuentesSolver::solve`]: Fuentes' plain fixed-point iteration from
    /// the step's start.
    fn fixed_point(&self, p: &FuentesStep) -> (f64, Coefficients, f64) {
        let mut t = p.t0;
        let mut e = self.update(p, t);
        for _ in 0..FUENTES_FIXED_POINT_ITERATIONS {
            e = self.update(p, t);
            t = e.u;
        }
        (t, e.k, e.du)
    }
}

/// Halley's step δ = −2GG'/(2G'² − GG'') for G(T) = update(T) − T from the evaluation `e`
/// at `t`, and Newton's −G/G' (see [`FuentesSolver::solve`]).
#[inline(always)]
fn halley_step<T: Lanes>(e: &Update<T>, t: T) -> (T, T) {
    let g = e.u - t;
    let dg = e.du - 1.0;
    (g * -2.0 * dg / (dg * 2.0 * dg - g * e.d2u), -g / dg)
}

/// Whether a Halley step of `step` to `t` from the evaluation `e` (where Newton's step would
/// have been `newton`) leaves T close enough to the root to stop.
///
/// Halley's and Newton's steps differ by the second-order term, −G''/(2G')·δ²; the error a
/// Halley step leaves is the third-order one, about that difference times δ over the scale
/// on which G'' changes (a kelvin or more away from T = T_a). So the step is final when
/// |δ − δ_N|·|δ| < [`FUENTES_FINAL_PRODUCT_K2`], δ < [`FUENTES_FINAL_STEP_K`], T stays well
/// away from T_a (free convection's |T − T_a|^0.96 has unbounded derivatives there), and the
/// step crosses no jump of `update` (the laminar/turbulent switch, the exp(λ) cut), judged
/// from ln f(T + δ) ≈ ln f + δ/(2f) and λ(T + δ) ≈ λ + λ'δ + λ''δ²/2. The rule is a
/// measured one. The steps it accepts lie within 2·10⁻⁹ K of the root on the Santiago EPW
/// and Toyama's embedded year (17,520 hourly steps), and within 8·10⁻⁹ K on the Santiago
/// year with its wind redrawn from calm to 12 m/s, for three mountings (26,280 steps), where
/// a test holds them to 10⁻⁷ K; a change of iteration may move results by 10⁻⁶ K.
fn final_step(p: &FuentesStep, e: &Update, t: f64, step: f64, newton: f64) -> bool {
    let turbulence = e.turbulence - 1.76 * step / (t - step + p.ta);
    let lambda = e.k.lambda + step * (e.dlambda + 0.5 * step * e.d2lambda);
    (step - newton).abs() * step.abs() < FUENTES_FINAL_PRODUCT_K2
        && step.abs() < FUENTES_FINAL_STEP_K
        && (t - p.ta).abs() > FUENTES_FREE_MARGIN * step.abs()
        && (turbulence > 0.0) == (e.turbulence > 0.0)
        && turbulence.abs() > 1e-5
        && (lambda > -10.0) == (e.k.lambda > -10.0)
        && (lambda + 10.0).abs() > 1e-4
}

/// Bound on |δ − δ_N|·|δ| for a final Halley step (K²).
const FUENTES_FINAL_PRODUCT_K2: f64 = 3e-8;
/// Largest final Halley step (K).
const FUENTES_FINAL_STEP_K: f64 = 0.5;
/// A final step must leave |T − T_a| above this many times its length.
const FUENTES_FREE_MARGIN: f64 = 10.0;
/// The solve stops once a step moves the module temperature by less than this (K); the
/// error left is then about c·step³, with c measured from 10⁻⁶ K⁻² (median) to 2·10⁻⁴ K⁻²
/// (calm air), so below 10⁻¹⁵ K.
const FUENTES_STEP_K: f64 = 1e-4;
/// Halley steps tried before falling back to fixed-point iteration.
const FUENTES_MAX_STEPS: usize = 8;
/// Fixed-point iterations of the fallback (Fuentes' code does 10).
const FUENTES_FIXED_POINT_ITERATIONS: usize = 10;

/// Module temperature series by the Fuentes (1987) transient energy balance (the PVWatts
/// cell-temperature model).
///
/// Per step of length Δt the module (heat capacity C per area) exchanges heat by convection
/// h_c, sky radiation h_s = εσ(T² + T_sky²)(T + T_sky) and ground radiation
/// h_g = εσ(T² + T_g²)(T + T_g), with T_g = T_a + r_g·(T − T_a), while absorbing
/// S = α·E_poa, taken to vary linearly across the step from the previous value S0. The
/// linear ODE C·dT/dt = S(t) + h_c·T_a + h_s·T_sky + h_g·T_g − H·T (H = h_c + h_s + h_g) is
/// solved exactly over the step:
/// T = T0·e^λ + [(1 − e^λ)(h_c·T_a + h_s·T_sky + h_g·T_g + S0 + (S − S0)/λ) + S − S0]/H,
/// λ = −H·Δt/C. The coefficients depend on T, so each step solves T = update(T) by Halley's
/// method (the two derivatives are analytic), starting from the step solution with the
/// previous step's coefficients, to 10⁻⁸ K or better; Fuentes' code and pvlib do ten plain
/// fixed-point iterations, which converge to the same root (10⁻¹⁰ K on a year of hourly
/// data). The series starts from 20 °C and zero irradiance.
///
/// Fuentes, M. K. (1987), "A simplified thermal model for flat-plate photovoltaic arrays",
/// Sandia report SAND85-0330 (eqs. 3–8, 22, 24; NOCT calibration §4). PVWatts:
/// Dobos (2014), NREL/TP-6A20-62641, §8. Inputs (equal-length series): POA irradiance
/// (W/m²), air temperature, wind speed at `wind_height`; the step Δt; parameters.
/// Output: module (cell) temperature for each step.
pub fn fuentes_cell_temperature(
    poa: &[Irradiance],
    air: &[Temperature],
    wind: &[Speed],
    step: Time,
    params: &FuentesParams,
) -> Vec<Temperature> {
    let run = FuentesRun::new(poa, air, wind, step, params);
    let n = run.len();
    let mut out = Vec::with_capacity(n);
    let mut state = FuentesState::START;
    for i in 0..n {
        state = run.advance(i, &state);
        out.push(Temperature::new::<kelvin>(state.t));
    }
    out
}

/// [`fuentes_cell_temperature`] where only the steps with light are needed: the
/// temperature of each step with POA irradiance above zero, in order (one per lit step, so a
/// year's series is half the size).
///
/// A dark step's temperature matters to the next lit one only through the decay e^λ of the
/// step solution (about 10⁻³ over a night hour): an error E in T0 leaves about
/// E·e^λ/(1 − update') in T. So of a night, only the last 4 steps before light are solved,
/// from the air temperature, and the product of those factors bounds what the guess can
/// leave at dawn. Should that bound, for a guess 100 K off, exceed 10⁻¹⁰ K, the night is
/// solved from further back, whole if need be. The lit steps then agree with the full series
/// to that bound, at about two-thirds of the work on a year.
///
/// With the night skipped, each day is a series of its own, so on a CPU with AVX2 and FMA
/// four days are solved at once (`temperature/lockstep.rs`), their updates' exponentials
/// and logarithms computed four at a time. Elsewhere the days are solved one after another.
/// The two agree to 10⁻⁷ K, the solver's own tolerance, as a rounding difference could tip
/// a final-step decision (measured on the Santiago year: 1.7·10⁻¹³ K).
pub fn fuentes_cell_temperature_lit(
    poa: &[Irradiance],
    air: &[Temperature],
    wind: &[Speed],
    step: Time,
    params: &FuentesParams,
) -> Vec<Temperature> {
    let run = FuentesRun::new(poa, air, wind, step, params);
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU has the features `lit_avx2` is compiled for (checked just above).
        return unsafe { lockstep::lit_avx2(&run) };
    }
    lit_one_day_at_a_time(&run)
}

/// [`fuentes_cell_temperature_lit`] with one step solved at a time.
fn lit_one_day_at_a_time(run: &FuentesRun<'_>) -> Vec<Temperature> {
    let n = run.len();
    let mut out = Vec::with_capacity(n / 2);
    let mut state = FuentesState::START;
    let mut i = 0;
    while i < n {
        if run.lit(i) {
            state = run.advance(i, &state);
            out.push(Temperature::new::<kelvin>(state.t));
            i += 1;
            continue;
        }
        // A dark run i..dawn; after the last light nothing needs solving.
        let dawn = (i..n).find(|&j| run.lit(j)).unwrap_or(n);
        if dawn == n {
            break;
        }
        state = run.through_night(i, dawn, state);
        i = dawn;
    }
    out
}

/// Whether a night solved from a guess, whose steps carried the share `carry` of an error in
/// their start through to dawn, leaves less than [`FUENTES_NIGHT_BOUND_K`] of it.
fn night_is_forgotten(carry: f64) -> bool {
    FUENTES_NIGHT_GUESS_K * carry < FUENTES_NIGHT_BOUND_K
}

/// Dark steps solved before a lit one when a night is skipped.
const FUENTES_NIGHT_STEPS: usize = 4;
/// How far off the air temperature a night-time module temperature is assumed to be, at
/// most (K): nights' modules sit a few kelvin below the air.
const FUENTES_NIGHT_GUESS_K: f64 = 100.0;
/// The most a skipped night may change the first lit step's temperature by (K).
const FUENTES_NIGHT_BOUND_K: f64 = 1e-10;

/// The inputs of a Fuentes series, and the one step that advances it.
struct FuentesRun<'a> {
    solver: FuentesSolver,
    poa: &'a [Irradiance],
    air: &'a [Temperature],
    wind: &'a [Speed],
    alpha: f64,
    /// v = v_ref·(h/h_ref)^0.2 (eq. 22): the factor is the same every step.
    wind_factor: f64,
}

/// Where a Fuentes series stands after a step.
#[derive(Debug, Clone, Copy)]
struct FuentesState {
    /// Module temperature (K).
    t: f64,
    /// Absorbed irradiance (W/m²).
    s: f64,
    /// The step's coefficients, to predict the next step's temperature.
    last: Option<Coefficients>,
    /// d update/dT at the step's solution.
    du: f64,
}

impl FuentesState {
    /// The series starts from 20 °C and zero irradiance.
    const START: Self = FuentesState {
        t: NOCT_AIR_K,
        s: 0.0,
        last: None,
        du: 0.0,
    };

    /// d T/d T0 of the step: the share of an error in the temperature it started from that
    /// is left in its solution, e^λ/(1 − update').
    fn carry(&self) -> f64 {
        self.last.map_or(1.0, |k| k.decay / (1.0 - self.du).abs())
    }
}

impl<'a> FuentesRun<'a> {
    fn new(
        poa: &'a [Irradiance],
        air: &'a [Temperature],
        wind: &'a [Speed],
        step: Time,
        params: &FuentesParams,
    ) -> Self {
        let cal = fuentes_calibration(params);
        let wind_factor = wind_speed_at_height(
            Speed::new::<meter_per_second>(1.0),
            params.wind_height,
            params.module_height,
        )
        .get::<meter_per_second>();
        FuentesRun {
            solver: FuentesSolver {
                conv: PowerLawConvection::new(cal.hydraulic_diameter, params.surface_tilt),
                eps_sigma: params.emissivity.get::<ratio>() * STEFAN_BOLTZMANN,
                dt_over_c: step.get::<second>() / cal.capacitance,
                cal,
            },
            poa,
            air,
            wind,
            alpha: params.absorptance.get::<ratio>(),
            wind_factor,
        }
    }

    fn len(&self) -> usize {
        self.poa.len().min(self.air.len()).min(self.wind.len())
    }

    /// Whether step `i` absorbs any light.
    fn lit(&self, i: usize) -> bool {
        self.poa[i].get::<watt_per_square_meter>() > 0.0
    }

    /// The fixed inputs of step `i`, started from module temperature `t0` (K) and absorbed
    /// irradiance `s0` (W/m²).
    fn inputs(&self, i: usize, t0: f64, s0: f64) -> FuentesStep {
        let (air, wind, poa) = (
            self.air[i].get::<kelvin>(),
            self.wind[i].get::<meter_per_second>(),
            self.poa[i].get::<watt_per_square_meter>(),
        );
        self.weather(air, wind, poa).started(t0, s0)
    }

    /// What a step's air temperature (K), measured wind (m/s) and POA irradiance (W/m²) fix.
    #[inline(always)]
    fn weather<T: Lanes>(&self, air: T, wind: T, poa: T) -> StepWeather<T> {
        let conv = &self.solver.conv;
        // Small offset keeps the forced-convection term finite in calm air (Fuentes' code).
        let v = wind * self.wind_factor + 1e-4;
        let ln_v = v.ln();
        StepWeather {
            ta: air,
            tsky: sky_temperature_k(air),
            s: T::select(poa.gt(0.0), poa, T::splat(0.0)) * self.alpha,
            ln_v,
            laminar3: v * conv.laminar3 * v.sqrt(),
            turbulent3: (ln_v * 2.4).exp() * conv.turbulent3,
        }
    }

    /// The state after the dark steps `night..dawn`, from `state` after step `night` − 1:
    /// only the last [`FUENTES_NIGHT_STEPS`] are solved, from a guess, if that bounds the
    /// guess's effect at dawn (see [`fuentes_cell_temperature_lit`]); else more, or all.
    fn through_night(&self, night: usize, dawn: usize, state: FuentesState) -> FuentesState {
        let mut from = dawn.saturating_sub(FUENTES_NIGHT_STEPS).max(night);
        loop {
            if from == night {
                return (night..dawn).fold(state, |s, j| self.advance(j, &s));
            }
            let (end, carry) = (from..dawn).fold((self.guess(from), 1.0), |(s, carry), j| {
                let next = self.advance(j, &s);
                (next, carry * next.carry())
            });
            if night_is_forgotten(carry) {
                return end;
            }
            from = from.saturating_sub(FUENTES_NIGHT_STEPS).max(night);
        }
    }

    /// The state a night is solved from when started at step `from`: the module at the air
    /// temperature of the step before.
    fn guess(&self, from: usize) -> FuentesState {
        FuentesState {
            t: self.air[from - 1].get::<kelvin>(),
            s: 0.0,
            last: None,
            du: 0.0,
        }
    }

    /// Solves step `i` from the state after step i − 1. (Always inlined: it is the loop body
    /// of both series functions.)
    #[inline(always)]
    fn advance(&self, i: usize, prev: &FuentesState) -> FuentesState {
        let step = self.inputs(i, prev.t, prev.s);
        let (t, k, du) = self.solver.solve(&step, self.start(&step, prev));
        FuentesState {
            t,
            s: step.s,
            last: Some(k),
            du,
        }
    }

    /// Where the solve of `step` after `prev` starts: the step solution with the previous
    /// step's coefficients, or the previous temperature.
    #[inline(always)]
    fn start(&self, step: &FuentesStep, prev: &FuentesState) -> f64 {
        let start = match &prev.last {
            Some(k) => self.solver.predict(step, k),
            None => prev.t,
        };
        if start.is_finite() { start } else { prev.t }
    }
}

/// Parameters of the SAPM cell-temperature model.
///
/// `a` and `b` are empirical regression coefficients of ln((T_m − T_a)/E): `a` is
/// dimensionless (the log of a value in °C·m²/W) and `b` is in s/m (per unit wind speed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SapmParams {
    /// Coefficient a, ln(°C·m²/W).
    pub a: f64,
    /// Coefficient b, s/m.
    pub b: f64,
    /// Cell–back-surface temperature difference at 1000 W/m².
    pub delta_t: TemperatureInterval,
}

impl SapmParams {
    const fn new(a: f64, b: f64, dt_k: f64) -> Self {
        SapmParams {
            a,
            b,
            delta_t: TemperatureInterval {
                dimension: std::marker::PhantomData,
                units: std::marker::PhantomData,
                value: dt_k,
            },
        }
    }
    /// Open rack, glass/glass (King et al. 2004, Table 1; pvlib `open_rack_glass_glass`).
    pub const OPEN_RACK_GLASS_GLASS: SapmParams = SapmParams::new(-3.47, -0.0594, 3.0);
    /// Close (roof) mount, glass/glass (pvlib `close_mount_glass_glass`).
    pub const CLOSE_MOUNT_GLASS_GLASS: SapmParams = SapmParams::new(-2.98, -0.0471, 1.0);
    /// Open rack, glass/polymer backsheet (pvlib `open_rack_glass_polymer`).
    pub const OPEN_RACK_GLASS_POLYMER: SapmParams = SapmParams::new(-3.56, -0.0750, 3.0);
    /// Insulated back, glass/polymer (pvlib `insulated_back_glass_polymer`).
    pub const INSULATED_BACK_GLASS_POLYMER: SapmParams = SapmParams::new(-2.81, -0.0455, 0.0);
}

/// SAPM cell temperature: T_m = E·exp(a + b·WS) + T_a; T_c = T_m + (E/E0)·ΔT, E0 = 1000 W/m².
///
/// King, D. L., Boyson, W. E. and Kratochvil, J. A. (2004), "Photovoltaic Array Performance
/// Model", Sandia report SAND2004-3535, eqs. 11–12. Inputs: POA irradiance E (W/m²), air
/// temperature T_a, wind speed WS at 10 m, parameters. Output: cell temperature.
pub fn sapm_cell_temperature(
    poa: Irradiance,
    air: Temperature,
    wind: Speed,
    params: &SapmParams,
) -> Temperature {
    let e = poa.get::<watt_per_square_meter>();
    let ws = wind.get::<meter_per_second>();
    let module = air.get::<degree_celsius>() + e * (params.a + params.b * ws).exp();
    let cell = module + e / 1000.0 * params.delta_t.get::<kelvin_interval>();
    Temperature::new::<degree_celsius>(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sapm_matches_pvlib() {
        // pvlib tests/test_temperature.py: sapm_cell(900, 20, 5, -3.47, -0.0594, 3)
        // = 43.509190983665746.
        let t = sapm_cell_temperature(
            Irradiance::new::<watt_per_square_meter>(900.0),
            Temperature::new::<degree_celsius>(20.0),
            Speed::new::<meter_per_second>(5.0),
            &SapmParams::OPEN_RACK_GLASS_GLASS,
        );
        assert!((t.get::<degree_celsius>() - 43.509_190_983_665_746).abs() < 1e-9);
        // pvlib 0.16.1: 1000 W/m², 25 °C, 1 m/s → open_rack_glass_glass
        // 57.32, close_mount_glass_glass 74.46, open_rack_glass_polymer 54.38 (54.38393439),
        // insulated_back_glass_polymer 82.53 °C.
        let at = |p: &SapmParams| {
            sapm_cell_temperature(
                Irradiance::new::<watt_per_square_meter>(1000.0),
                Temperature::new::<degree_celsius>(25.0),
                Speed::new::<meter_per_second>(1.0),
                p,
            )
            .get::<degree_celsius>()
        };
        assert!((at(&SapmParams::OPEN_RACK_GLASS_GLASS) - 57.32).abs() < 0.01);
        assert!((at(&SapmParams::CLOSE_MOUNT_GLASS_GLASS) - 74.46).abs() < 0.01);
        assert!((at(&SapmParams::OPEN_RACK_GLASS_POLYMER) - 54.383_934_39).abs() < 1e-6);
        assert!((at(&SapmParams::INSULATED_BACK_GLASS_POLYMER) - 82.53).abs() < 0.01);
    }

    fn series() -> (Vec<Irradiance>, Vec<Temperature>, Vec<Speed>) {
        let poa = [0.0, 200.0, 600.0, 900.0, 1000.0, 500.0, 50.0, 0.0];
        let ta = [15.0, 18.0, 22.0, 25.0, 27.0, 24.0, 20.0, 16.0];
        let ws = [1.0, 2.0, 3.0, 0.5, 0.0, 4.0, 2.0, 1.0];
        (
            poa.iter()
                .map(|&g| Irradiance::new::<watt_per_square_meter>(g))
                .collect(),
            ta.iter()
                .map(|&t| Temperature::new::<degree_celsius>(t))
                .collect(),
            ws.iter()
                .map(|&v| Speed::new::<meter_per_second>(v))
                .collect(),
        )
    }

    #[test]
    fn fuentes_matches_pvlib() {
        // Computed with pvlib 0.16.1, temperature.fuentes on an hourly index with
        // poa [0,200,600,900,1000,500,50,0], temp_air [15,18,22,25,27,24,20,16],
        // wind [1,2,3,0.5,0,4,2,1]: noct_installed=49 →
        // [12.0809946, 22.06135059, 37.18890739, 59.56674586, 69.24415564, 37.68473466,
        //  21.83262216, 13.50443293]; noct_installed=45, surface_tilt=20 →
        // [12.54314121, 21.54929254, 35.01835917, 55.60976229, 65.41385175, 35.32888641,
        //  21.22159925, 13.84793325]. Both converge on the same root of each step (pvlib by
        // 10 fixed-point iterations, tanso by Halley's method): within 1e-6 °C, the expected
        // values being printed to 1e-8.
        let (poa, ta, ws) = series();
        let hour = Time::new::<second>(3600.0);
        let roof = fuentes_cell_temperature(
            &poa,
            &ta,
            &ws,
            hour,
            &FuentesParams::with_noct(Temperature::new::<degree_celsius>(49.0)),
        );
        let expect = [
            12.080_994_6,
            22.061_350_59,
            37.188_907_39,
            59.566_745_86,
            69.244_155_64,
            37.684_734_66,
            21.832_622_16,
            13.504_432_93,
        ];
        for (t, e) in roof.iter().zip(expect) {
            assert!(
                (t.get::<degree_celsius>() - e).abs() < 1e-6,
                "{} vs {e}",
                t.get::<degree_celsius>()
            );
        }
        let mut rack = FuentesParams::with_noct(Temperature::new::<degree_celsius>(45.0));
        rack.surface_tilt = Angle::new::<degree>(20.0);
        let open = fuentes_cell_temperature(&poa, &ta, &ws, hour, &rack);
        let expect = [
            12.543_141_21,
            21.549_292_54,
            35.018_359_17,
            55.609_762_29,
            65.413_851_75,
            35.328_886_41,
            21.221_599_25,
            13.847_933_25,
        ];
        for (t, e) in open.iter().zip(expect) {
            assert!(
                (t.get::<degree_celsius>() - e).abs() < 1e-6,
                "{} vs {e}",
                t.get::<degree_celsius>()
            );
        }
    }

    #[test]
    fn power_law_convection_is_the_direct_correlation() {
        // Same equations rearranged: the cubes of the power-law form against the direct
        // (ρ, ν, k, Re, Gr) form, laminar and turbulent, over the film temperatures, winds
        // and temperature differences a module sees.
        let d = hydraulic_diameter(Length::new::<meter>(0.31579), Length::new::<meter>(1.2));
        for tilt in [30.0, 10.0, 0.0] {
            let tilt = Angle::new::<degree>(tilt);
            let direct = Convection::new(d, tilt);
            let p = PowerLawConvection::new(d, tilt);
            for t in [250.0, 280.0, 300.0, 330.0, 360.0] {
                for v in [1e-4, 0.5, 2.0, 5.0, 9.0, 20.0] {
                    for dt in [0.0, 1e-3, 2.0, 30.0] {
                        let want = direct.coefficient(t, v, dt, true);
                        let ln_t: f64 = t.ln();
                        let turbulent = v.ln() + p.ln_re_over_limit - 1.76 * ln_t > 0.0;
                        let forced3 = if turbulent {
                            p.turbulent3 * v.powf(2.4) * (TURBULENT3_T * ln_t).exp()
                        } else {
                            p.laminar3 * v.powf(1.5) * (LAMINAR3_T * ln_t).exp()
                        };
                        let free3 = if dt > 0.0 {
                            p.free3 * dt.powf(FREE3_DT) * (FREE3_T * ln_t).exp()
                        } else {
                            0.0
                        };
                        let got = ((forced3 + free3).ln() / 3.0).exp();
                        assert!(
                            (got - want).abs() <= 1e-12 * want,
                            "T {t} v {v} ΔT {dt}: {got} vs {want}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn update_derivatives_are_the_slopes_of_the_update() {
        // The analytic d update/dT and d² update/dT² against central differences, on a sunny,
        // a windy (turbulent) and a night step.
        let params = FuentesParams::with_noct(Temperature::new::<degree_celsius>(49.0));
        let cal = fuentes_calibration(&params);
        let solver = FuentesSolver {
            conv: PowerLawConvection::new(cal.hydraulic_diameter, params.surface_tilt),
            eps_sigma: 0.84 * STEFAN_BOLTZMANN,
            dt_over_c: 3600.0 / cal.capacitance,
            cal,
        };
        for (ta, v, s0, s, t0) in [
            (298.0, 1.5, 500.0, 700.0, 320.0),
            (290.0, 12.0, 300.0, 200.0, 300.0),
            (280.0, 0.5, 0.0, 0.0, 279.0),
        ] {
            let ln_v: f64 = f64::ln(v);
            let p = FuentesStep {
                ta,
                tsky: fuentes_sky_temperature(Temperature::new::<kelvin>(ta)).get::<kelvin>(),
                t0,
                s0,
                s,
                ln_v,
                laminar3: solver.conv.laminar3 * v * v.sqrt(),
                turbulent3: solver.conv.turbulent3 * (2.4 * ln_v).exp(),
            };
            for t in [ta - 5.0, ta + 3.0, ta + 25.0] {
                let e = solver.update(&p, t);
                let h = 1e-4;
                let (up, down) = (solver.update(&p, t + h), solver.update(&p, t - h));
                let num = (up.u - down.u) / (2.0 * h);
                assert!((e.du - num).abs() < 1e-7, "T {t}: {} vs {num}", e.du);
                assert!(e.du.abs() < 0.2, "update is a contraction: {}", e.du);
                let num2 = (up.du - down.du) / (2.0 * h);
                assert!(
                    (e.d2u - num2).abs() < 1e-6 * (1.0 + e.d2u.abs()),
                    "T {t}: {} vs {num2}",
                    e.d2u
                );
            }
        }
    }

    /// The committed Santiago climatology year: GHI (as the POA irradiance of a flat module)
    /// and air temperature, with the wind redrawn each hour from 0 to 12 m/s so that calm and
    /// turbulent hours both occur.
    pub(super) fn santiago_year() -> (Vec<Irradiance>, Vec<Temperature>, Vec<Speed>) {
        let csv = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/santiago_climatology.csv"
        ))
        .unwrap();
        let rows: Vec<(f64, f64)> = csv
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("period_end"))
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (f[1].parse().unwrap(), f[2].parse().unwrap())
            })
            .collect();
        assert_eq!(rows.len(), 8760);
        let wind = (0..rows.len() as u64).map(|i| {
            let x = (i.wrapping_mul(2_654_435_761) % 1_201) as f64 / 100.0;
            Speed::new::<meter_per_second>(x)
        });
        (
            rows.iter()
                .map(|r| Irradiance::new::<watt_per_square_meter>(r.0))
                .collect(),
            rows.iter()
                .map(|r| Temperature::new::<degree_celsius>(r.1))
                .collect(),
            wind.collect(),
        )
    }

    /// A roof, a tilted and a flat open-rack module: (NOCT °C, tilt °, parameters).
    pub(super) fn three_mountings() -> impl Iterator<Item = (f64, f64, FuentesParams)> {
        [(49.0, 10.0), (45.0, 30.0), (56.0, 0.0)]
            .map(|(noct, tilt)| {
                let mut params = FuentesParams::with_noct(Temperature::new::<degree_celsius>(noct));
                params.surface_tilt = Angle::new::<degree>(tilt);
                (noct, tilt, params)
            })
            .into_iter()
    }

    #[test]
    fn a_year_solved_by_halley_steps_matches_the_converged_fixed_point() {
        // The Santiago climatology year (GHI as the absorbed irradiance's source, air
        // temperature) with the wind redrawn each hour from 0 to 12 m/s, so that calm hours
        // (module near air temperature, where free convection's |T − T_a|^0.96 is not smooth)
        // and turbulent ones both occur. Reference: plain fixed-point iteration of the same
        // balance, as in Fuentes' code, but run 60 times per step (the update contracts by
        // at most 0.1 per iteration, so that is converged to rounding). The solver often stops
        // after one Halley step; a change of iteration may move results by 10⁻⁶ K, and this
        // one is held to 10⁻⁷ K (measured: 8·10⁻⁹ K) for three mountings.
        let (poa, air, wind) = santiago_year();
        let hour = Time::new::<second>(3600.0);
        for (noct, tilt, params) in three_mountings() {
            let got = fuentes_cell_temperature(&poa, &air, &wind, hour, &params);
            let run = FuentesRun::new(&poa, &air, &wind, hour, &params);
            let (mut t0, mut s0, mut worst) = (NOCT_AIR_K, 0.0, 0.0f64);
            for (i, got) in got.iter().enumerate() {
                let p = run.inputs(i, t0, s0);
                let mut t = t0;
                for _ in 0..60 {
                    t = run.solver.update(&p, t).u;
                }
                worst = worst.max((got.get::<kelvin>() - t).abs());
                (t0, s0) = (t, p.s);
            }
            assert!(worst < 1e-7, "NOCT {noct} °C, tilt {tilt}°: {worst} K");
        }
    }

    #[test]
    fn lit_hours_match_the_full_series_and_most_of_the_night_is_skipped() {
        // Expected values: the full series of the same year. The skipped nights may move the
        // first lit hour by at most 10⁻¹⁰ K (the bound the function checks), so every lit hour
        // must agree to 10⁻⁹ K.
        let (poa, air, wind) = santiago_year();
        let hour = Time::new::<second>(3600.0);
        for (noct, tilt, params) in three_mountings() {
            let full = fuentes_cell_temperature(&poa, &air, &wind, hour, &params);
            let lit = fuentes_cell_temperature_lit(&poa, &air, &wind, hour, &params);
            let lit_full: Vec<(usize, &Temperature)> = full
                .iter()
                .enumerate()
                .filter(|(i, _)| poa[*i].get::<watt_per_square_meter>() > 0.0)
                .collect();
            assert_eq!(lit.len(), lit_full.len());
            for (l, (i, f)) in lit.iter().zip(lit_full) {
                let d = (l.get::<kelvin>() - f.get::<kelvin>()).abs();
                assert!(d < 1e-9, "NOCT {noct} °C, tilt {tilt}°, hour {i}: {d} K");
            }
            let skipped = full.len() - lit.len();
            // The year's 4,401 dark hours are not returned; the work skips all but 4 of each
            // night, which the benchmark shows (chain-epw/fuentes-lit against fuentes).
            assert_eq!(skipped, 4_401);
        }
    }

    #[test]
    fn a_night_too_calm_to_forget_its_start_is_solved_whole() {
        // Still, cold air and a small module: the step decay e^λ is large enough that four
        // night steps do not bound the guess's effect below 10⁻¹⁰ K, so the function must
        // solve further back. Checked: that the four-step bound indeed fails here, and that
        // the lit hours still match the full series.
        let n = 36;
        let poa: Vec<Irradiance> = (0..n)
            .map(|i| {
                let g = if (8..16).contains(&i) || i >= 32 {
                    400.0
                } else {
                    0.0
                };
                Irradiance::new::<watt_per_square_meter>(g)
            })
            .collect();
        let air = vec![Temperature::new::<degree_celsius>(-35.0); n];
        let wind = vec![Speed::new::<meter_per_second>(0.0); n];
        let hour = Time::new::<second>(3600.0);
        let mut params = FuentesParams::with_noct(Temperature::new::<degree_celsius>(60.0));
        params.surface_tilt = Angle::new::<degree>(0.0);
        let run = FuentesRun::new(&poa, &air, &wind, hour, &params);
        let mut state = FuentesState::START;
        let mut carry = 1.0;
        for j in 28..32 {
            state = run.advance(j, &state);
            carry *= state.carry();
        }
        assert!(
            FUENTES_NIGHT_GUESS_K * carry > FUENTES_NIGHT_BOUND_K,
            "four steps already suffice: {carry}"
        );
        let full = fuentes_cell_temperature(&poa, &air, &wind, hour, &params);
        let lit = fuentes_cell_temperature_lit(&poa, &air, &wind, hour, &params);
        let lit_hours: Vec<usize> = (8..16).chain(32..n).collect();
        assert_eq!(lit.len(), lit_hours.len());
        for (l, i) in lit.iter().zip(lit_hours) {
            let d = (l.get::<kelvin>() - full[i].get::<kelvin>()).abs();
            assert!(d < 1e-9, "hour {i}: {d} K");
        }
    }

    #[test]
    fn fuentes_steady_state_reproduces_noct() {
        // By construction (Fuentes 1987 §4) a module held at NOCT conditions — 800 W/m²,
        // 20 °C air, 1 m/s wind at module height — settles at the installed NOCT.
        let n = 48;
        let params = FuentesParams::with_noct(Temperature::new::<degree_celsius>(45.0));
        // Wind given at module height: convert 1 m/s back to the measurement height.
        let v_ref = 1.0 / (5.0f64 / 9.144).powf(0.2);
        let t = fuentes_cell_temperature(
            &vec![Irradiance::new::<watt_per_square_meter>(800.0); n],
            &vec![Temperature::new::<degree_celsius>(20.0); n],
            &vec![Speed::new::<meter_per_second>(v_ref); n],
            Time::new::<second>(3600.0),
            &params,
        );
        let last = t[n - 1].get::<degree_celsius>();
        assert!((last - 45.0).abs() < 0.05, "{last}");
    }
}
