//! Irradiance on the plane of array (POA): angle of incidence, sky-diffuse transposition
//! models (isotropic, Hay–Davies, Perez 1990) and ground-reflected irradiance.
//!
//! Angles follow PVWatts: tilt from horizontal, surface azimuth clockwise from north
//! (180° = facing south); solar azimuth clockwise from north.

use uom::si::angle::degree;
use uom::si::heat_flux_density::watt_per_square_meter;
use uom::si::ratio::ratio;

use crate::units::{Angle, Irradiance, Ratio};

/// Orientation of a fixed surface.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Surface {
    /// Tilt from horizontal (0° flat, 90° vertical).
    pub tilt: Angle,
    /// Azimuth the surface faces, clockwise from north (180° = south).
    pub azimuth: Angle,
}

/// Sun and sky state of one interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sky {
    /// Solar zenith used for transposition (apparent, i.e. refraction-corrected).
    pub zenith: Angle,
    /// Solar azimuth, clockwise from north.
    pub azimuth: Angle,
    /// Global horizontal irradiance.
    pub ghi: Irradiance,
    /// Direct normal irradiance.
    pub dni: Irradiance,
    /// Diffuse horizontal irradiance.
    pub dhi: Irradiance,
    /// Extraterrestrial normal irradiance I0.
    pub dni_extra: Irradiance,
    /// Relative optical air mass; `None` when the sun is below the horizon.
    pub airmass: Option<Ratio>,
}

/// Sky-diffuse transposition model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TranspositionModel {
    /// Isotropic sky (Liu & Jordan 1963).
    Isotropic,
    /// Hay & Davies (1980): circumsolar + isotropic.
    HayDavies,
    /// Perez et al. (1990), "allsitescomposite1990" coefficients (PVWatts' sky model).
    #[default]
    Perez,
}

/// POA irradiance and its components.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PoaComponents {
    /// Total POA irradiance (beam + sky diffuse + ground reflected).
    pub global: Irradiance,
    /// Beam component on the plane.
    pub beam: Irradiance,
    /// Sky-diffuse component on the plane.
    pub sky_diffuse: Irradiance,
    /// Ground-reflected component on the plane.
    pub ground_diffuse: Irradiance,
    /// Angle of incidence of the beam on the plane.
    pub aoi: Angle,
}

fn w(x: f64) -> Irradiance {
    Irradiance::new::<watt_per_square_meter>(x)
}

/// The sun's zenith and azimuth as cosines and sines: what every transposition step needs,
/// computed once per hour and shared by any number of orientations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SunDirection {
    pub cos_zenith: Ratio,
    pub sin_zenith: Ratio,
    pub cos_azimuth: Ratio,
    pub sin_azimuth: Ratio,
}

impl SunDirection {
    /// From the (apparent) zenith and the azimuth clockwise from north.
    pub fn new(zenith: Angle, azimuth: Angle) -> Self {
        let (sz, cz) = zenith.get::<degree>().to_radians().sin_cos();
        let (sa, ca) = azimuth.get::<degree>().to_radians().sin_cos();
        let r = Ratio::new::<ratio>;
        SunDirection {
            cos_zenith: r(cz),
            sin_zenith: r(sz),
            cos_azimuth: r(ca),
            sin_azimuth: r(sa),
        }
    }
}

/// A surface's tilt and azimuth as cosines and sines, computed once per orientation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurfaceDirection {
    pub cos_tilt: Ratio,
    pub sin_tilt: Ratio,
    pub cos_azimuth: Ratio,
    pub sin_azimuth: Ratio,
}

impl SurfaceDirection {
    /// A surface of this tilt facing north (for the terms that depend on the tilt alone).
    pub fn of_tilt(tilt: Angle) -> Self {
        Self::new(&Surface {
            tilt,
            azimuth: Angle::new::<degree>(0.0),
        })
    }

    pub fn new(surface: &Surface) -> Self {
        let (st, ct) = surface.tilt.get::<degree>().to_radians().sin_cos();
        let (sa, ca) = surface.azimuth.get::<degree>().to_radians().sin_cos();
        let r = Ratio::new::<ratio>;
        SurfaceDirection {
            cos_tilt: r(ct),
            sin_tilt: r(st),
            cos_azimuth: r(ca),
            sin_azimuth: r(sa),
        }
    }
}

/// [`aoi_projection`] from precomputed directions:
/// cos θ = cos Z·cos β + sin Z·sin β·(cos γs·cos γ + sin γs·sin γ), the difference of
/// azimuths expanded so that no angle is evaluated per hour. Duffie & Beckman (2013),
/// eq. 1.6.3. Output clipped to [−1, 1].
pub fn aoi_projection_of(sun: &SunDirection, surface: &SurfaceDirection) -> Ratio {
    let v = |r: Ratio| r.get::<ratio>();
    let cos_daz =
        v(sun.cos_azimuth) * v(surface.cos_azimuth) + v(sun.sin_azimuth) * v(surface.sin_azimuth);
    let p =
        v(sun.cos_zenith) * v(surface.cos_tilt) + v(sun.sin_zenith) * v(surface.sin_tilt) * cos_daz;
    Ratio::new::<ratio>(p.clamp(-1.0, 1.0))
}

/// Cosine of the angle of incidence of the beam on a tilted surface:
/// cos θ = cos Z·cos β + sin Z·sin β·cos(γs − γ).
///
/// Duffie & Beckman, Solar Engineering of Thermal Processes, 4th ed. (2013), eq. 1.6.3.
/// Inputs: surface tilt β and azimuth γ; solar zenith Z and azimuth γs. Output: cos θ (–),
/// clipped to [−1, 1]; negative when the sun is behind the plane.
pub fn aoi_projection(surface: &Surface, zenith: Angle, solar_azimuth: Angle) -> Ratio {
    let (b, g) = (
        surface.tilt.get::<degree>(),
        surface.azimuth.get::<degree>(),
    );
    let (z, gs) = (zenith.get::<degree>(), solar_azimuth.get::<degree>());
    let p = z.to_radians().cos() * b.to_radians().cos()
        + z.to_radians().sin() * b.to_radians().sin() * (gs - g).to_radians().cos();
    Ratio::new::<ratio>(p.clamp(-1.0, 1.0))
}

/// Angle of incidence θ = arccos(cos θ) of the beam on the surface (0–180°); see
/// [`aoi_projection`].
pub fn angle_of_incidence(surface: &Surface, zenith: Angle, solar_azimuth: Angle) -> Angle {
    Angle::new::<degree>(
        aoi_projection(surface, zenith, solar_azimuth)
            .get::<ratio>()
            .acos()
            .to_degrees(),
    )
}

/// Beam irradiance on the plane: E_b = DNI·max(cos θ, 0).
///
/// Duffie & Beckman (2013), §2.15. Inputs: DNI (W/m²), cos θ (–). Output: W/m².
pub fn beam_on_plane(dni: Irradiance, aoi_projection: Ratio) -> Irradiance {
    dni * aoi_projection.get::<ratio>().max(0.0)
}

/// Isotropic sky diffuse on the plane: E_d = DHI·(1 + cos β)/2.
///
/// Liu, B. Y. H. and Jordan, R. C. (1963), "The long-term average performance of flat-plate
/// solar-energy collectors", Solar Energy 7(2), 53–74. Inputs: tilt β, DHI (W/m²).
/// Output: W/m².
pub fn isotropic_sky_diffuse(tilt: Angle, dhi: Irradiance) -> Irradiance {
    isotropic_sky_diffuse_with(dhi, &SurfaceDirection::of_tilt(tilt))
}

/// [`isotropic_sky_diffuse`] with the surface's direction precomputed.
pub fn isotropic_sky_diffuse_with(dhi: Irradiance, surface: &SurfaceDirection) -> Irradiance {
    dhi * ((1.0 + surface.cos_tilt.get::<ratio>()) / 2.0)
}

/// Ground-reflected irradiance on the plane: E_g = GHI·ρ·(1 − cos β)/2.
///
/// Liu & Jordan (1963), isotropic ground. Inputs: tilt β, GHI (W/m²), albedo ρ (–).
/// Output: W/m².
pub fn ground_reflected(tilt: Angle, ghi: Irradiance, albedo: Ratio) -> Irradiance {
    ground_reflected_with(ghi, albedo, &SurfaceDirection::of_tilt(tilt))
}

/// [`ground_reflected`] with the surface's direction precomputed.
pub fn ground_reflected_with(
    ghi: Irradiance,
    albedo: Ratio,
    surface: &SurfaceDirection,
) -> Irradiance {
    ghi * (albedo.get::<ratio>() * (1.0 - surface.cos_tilt.get::<ratio>()) / 2.0)
}

/// Hay–Davies sky diffuse: E_d = DHI·[A·R_b + (1 − A)·(1 + cos β)/2], with anisotropy
/// index A = DNI/I0 and R_b = max(cos θ, 0)/max(cos Z, 0.01745).
///
/// Hay, J. E. and Davies, J. A. (1980), "Calculation of the solar radiation incident on an
/// inclined surface", Proc. First Canadian Solar Radiation Data Workshop, 59–72. The floor
/// of cos Z at cos 89° follows pvlib (GH 432). Inputs: surface, sky (apparent zenith,
/// azimuth, DNI, DHI, I0). Output: W/m².
pub fn hay_davies_sky_diffuse(surface: &Surface, sky: &Sky) -> Irradiance {
    let a = aoi_projection(surface, sky.zenith, sky.azimuth);
    let cos_z = Ratio::new::<ratio>(sky.zenith.get::<degree>().to_radians().cos());
    hay_davies_sky_diffuse_with(sky, a, cos_z, &SurfaceDirection::new(surface))
}

/// [`hay_davies_sky_diffuse`] with cos θ, cos Z and the surface's direction precomputed
/// (same equation; `sky` gives DNI, DHI and I0).
pub fn hay_davies_sky_diffuse_with(
    sky: &Sky,
    aoi_projection: Ratio,
    cos_zenith: Ratio,
    surface: &SurfaceDirection,
) -> Irradiance {
    let dhi = sky.dhi.get::<watt_per_square_meter>();
    let i0 = sky.dni_extra.get::<watt_per_square_meter>();
    if dhi <= 0.0 || i0 <= 0.0 {
        return w(0.0);
    }
    let a = (sky.dni.get::<watt_per_square_meter>() / i0).clamp(0.0, 1.0);
    let cos_t = aoi_projection.get::<ratio>().max(0.0);
    let cos_z = cos_zenith.get::<ratio>().max(0.01745);
    let rb = cos_t / cos_z;
    let iso = (1.0 + surface.cos_tilt.get::<ratio>()) / 2.0;
    w((dhi * (a * rb + (1.0 - a) * iso)).max(0.0))
}

/// Perez 1990 coefficients, "allsitescomposite1990": for each sky-clearness bin ε,
/// (F11, F12, F13) and (F21, F22, F23). Perez, R., Ineichen, P., Seals, R., Michalsky, J.
/// and Stewart, R. (1990), Solar Energy 44(5), 271–289, Table 6 (as tabulated in pvlib
/// `irradiance._get_perez_coefficients`).
const PEREZ_1990: [([f64; 3], [f64; 3]); 8] = [
    ([-0.008, 0.588, -0.062], [-0.060, 0.072, -0.022]),
    ([0.130, 0.683, -0.151], [-0.019, 0.066, -0.029]),
    ([0.330, 0.487, -0.221], [0.055, -0.064, -0.026]),
    ([0.568, 0.187, -0.295], [0.109, -0.152, -0.014]),
    ([0.873, -0.392, -0.362], [0.226, -0.462, 0.001]),
    ([1.132, -1.237, -0.412], [0.288, -0.823, 0.056]),
    ([1.060, -1.600, -0.359], [0.264, -1.127, 0.131]),
    ([0.678, -0.327, -0.250], [0.156, -1.377, 0.251]),
];

/// Upper bounds of the Perez sky-clearness bins 1–7 (bin 8 is ε ≥ 6.2).
const PEREZ_EPSILON_BINS: [f64; 7] = [1.065, 1.23, 1.5, 1.95, 2.8, 4.5, 6.2];

/// Perez sky diffuse on the plane (circumsolar + horizon brightening):
/// E_d = DHI·[(1 − F1)(1 + cos β)/2 + F1·a/b + F2·sin β], with a = max(0, cos θ),
/// b = max(cos 85°, cos Z); sky clearness ε = [(DHI + DNI)/DHI + κZ³]/(1 + κZ³), κ = 1.041,
/// Z in radians; brightness Δ = DHI·AM/I0; F1 = max(0, F11 + F12Δ + F13Z),
/// F2 = F21 + F22Δ + F23Z with coefficients of the ε bin. The result is clamped at ≥ 0.
///
/// Perez, R., Ineichen, P., Seals, R., Michalsky, J. and Stewart, R. (1990), "Modeling
/// daylight availability and irradiance components from direct and global irradiance",
/// Solar Energy 44(5), 271–289 ("allsitescomposite1990" coefficients). Inputs: surface;
/// sky (apparent zenith, azimuth, DNI, DHI, I0, relative air mass). Output: W/m².
///
/// When the air mass is undefined (sun below the horizon at the interval midpoint while the
/// hour still has diffuse light), the anisotropic terms are meaningless and this function
/// returns the isotropic value; pvlib returns 0 there instead.
pub fn perez_sky_diffuse(surface: &Surface, sky: &Sky) -> Irradiance {
    let a = aoi_projection(surface, sky.zenith, sky.azimuth);
    let cos_z = Ratio::new::<ratio>(sky.zenith.get::<degree>().to_radians().cos());
    let dir = SurfaceDirection::new(surface);
    match perez_brightness(sky) {
        PerezSky::Dark => w(0.0),
        PerezSky::Isotropic => isotropic_sky_diffuse_with(sky.dhi, &dir),
        PerezSky::Anisotropic(b) => perez_sky_diffuse_with(sky.dhi, &b, a, cos_z, &dir),
    }
}

/// Perez's circumsolar and horizon brightening coefficients of one hour's sky.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PerezBrightness {
    /// F1 (circumsolar), ≥ 0.
    pub f1: Ratio,
    /// F2 (horizon).
    pub f2: Ratio,
}

/// What the Perez model makes of one hour's sky.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PerezSky {
    /// No diffuse light.
    Dark,
    /// No air mass (sun below the horizon at the midpoint): isotropic, see
    /// [`perez_sky_diffuse`].
    Isotropic,
    /// The brightening coefficients.
    Anisotropic(PerezBrightness),
}

/// The orientation-independent part of [`perez_sky_diffuse`]: sky clearness ε, brightness Δ
/// and the coefficients F1, F2 of the ε bin (same equations and reference).
pub fn perez_brightness(sky: &Sky) -> PerezSky {
    let dhi = sky.dhi.get::<watt_per_square_meter>();
    if dhi <= 0.0 {
        return PerezSky::Dark;
    }
    let Some(am) = sky.airmass else {
        return PerezSky::Isotropic;
    };
    let i0 = sky.dni_extra.get::<watt_per_square_meter>();
    let dni = sky.dni.get::<watt_per_square_meter>().max(0.0);
    let z = sky.zenith.get::<degree>().to_radians();
    let kz3 = 1.041 * z.powi(3);
    let epsilon = ((dhi + dni) / dhi + kz3) / (1.0 + kz3);
    let delta = dhi * am.get::<ratio>() / i0;
    let bin = PEREZ_EPSILON_BINS
        .iter()
        .position(|&upper| epsilon < upper)
        .unwrap_or(7);
    let (f1c, f2c) = PEREZ_1990[bin];
    PerezSky::Anisotropic(PerezBrightness {
        f1: Ratio::new::<ratio>((f1c[0] + f1c[1] * delta + f1c[2] * z).max(0.0)),
        f2: Ratio::new::<ratio>(f2c[0] + f2c[1] * delta + f2c[2] * z),
    })
}

/// The orientation-dependent part of [`perez_sky_diffuse`]:
/// E_d = DHI·[(1 − F1)(1 + cos β)/2 + F1·a/b + F2·sin β], a = max(0, cos θ),
/// b = max(cos 85°, cos Z), clamped at ≥ 0. Inputs: DHI, the hour's coefficients, cos θ,
/// cos Z, the surface's direction. Output: W/m².
pub fn perez_sky_diffuse_with(
    dhi: Irradiance,
    brightness: &PerezBrightness,
    aoi_projection: Ratio,
    cos_zenith: Ratio,
    surface: &SurfaceDirection,
) -> Irradiance {
    let (f1, f2) = (brightness.f1.get::<ratio>(), brightness.f2.get::<ratio>());
    let a = aoi_projection.get::<ratio>().max(0.0);
    let b = cos_zenith.get::<ratio>().max(85f64.to_radians().cos());
    let (ct, st) = (
        surface.cos_tilt.get::<ratio>(),
        surface.sin_tilt.get::<ratio>(),
    );
    let e =
        dhi.get::<watt_per_square_meter>() * ((1.0 - f1) * (1.0 + ct) / 2.0 + f1 * a / b + f2 * st);
    w(e.max(0.0))
}

/// Total POA irradiance: beam + sky diffuse (by `model`) + ground reflected.
///
/// Combines [`beam_on_plane`], the chosen sky-diffuse model and [`ground_reflected`].
/// Inputs: surface, sky, albedo ρ (–), model. Output: components (W/m²) and AOI.
pub fn plane_of_array(
    surface: &Surface,
    sky: &Sky,
    albedo: Ratio,
    model: TranspositionModel,
) -> PoaComponents {
    let p = plane_of_array_with(
        &SurfaceDirection::new(surface),
        sky,
        &SunDirection::new(sky.zenith, sky.azimuth),
        &perez_brightness(sky),
        albedo,
        model,
    );
    PoaComponents {
        global: p.global,
        beam: p.beam,
        sky_diffuse: p.sky_diffuse,
        ground_diffuse: p.ground_diffuse,
        aoi: Angle::new::<degree>(p.aoi_projection.get::<ratio>().acos().to_degrees()),
    }
}

/// POA irradiance and the projection cos θ, as [`plane_of_array_with`] gives them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlaneIrradiance {
    pub global: Irradiance,
    pub beam: Irradiance,
    pub sky_diffuse: Irradiance,
    pub ground_diffuse: Irradiance,
    /// cos θ of the beam on the plane (negative behind it).
    pub aoi_projection: Ratio,
}

/// [`plane_of_array`] with what does not depend on the orientation prepared once per hour
/// (the sun's direction, Perez's coefficients) and what does not depend on the hour
/// prepared once per surface: the same sums, with no angle evaluated per hour.
pub fn plane_of_array_with(
    surface: &SurfaceDirection,
    sky: &Sky,
    sun: &SunDirection,
    perez: &PerezSky,
    albedo: Ratio,
    model: TranspositionModel,
) -> PlaneIrradiance {
    let proj = aoi_projection_of(sun, surface);
    let beam = beam_on_plane(sky.dni, proj);
    let sky_diffuse = match model {
        TranspositionModel::Isotropic => isotropic_sky_diffuse_with(sky.dhi, surface),
        TranspositionModel::HayDavies => {
            hay_davies_sky_diffuse_with(sky, proj, sun.cos_zenith, surface)
        }
        TranspositionModel::Perez => match perez {
            PerezSky::Dark => w(0.0),
            PerezSky::Isotropic => isotropic_sky_diffuse_with(sky.dhi, surface),
            PerezSky::Anisotropic(b) => {
                perez_sky_diffuse_with(sky.dhi, b, proj, sun.cos_zenith, surface)
            }
        },
    };
    let ground_diffuse = ground_reflected_with(sky.ghi, albedo, surface);
    PlaneIrradiance {
        global: beam + sky_diffuse + ground_diffuse,
        beam,
        sky_diffuse,
        ground_diffuse,
        aoi_projection: proj,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deg(x: f64) -> Angle {
        Angle::new::<degree>(x)
    }
    fn close(a: Irradiance, b: f64, tol: f64) {
        let a = a.get::<watt_per_square_meter>();
        assert!((a - b).abs() <= tol, "{a} vs {b}");
    }
    fn surface(tilt: f64, az: f64) -> Surface {
        Surface {
            tilt: deg(tilt),
            azimuth: deg(az),
        }
    }

    /// The fixture of pvlib tests/test_irradiance.py (Tucson, 2014-06-24 00/06/12/18 h).
    fn fixture(i: usize) -> Sky {
        let ghi = [0.0, 79.738_604_22, 1_042.480_314_87, 257.207_511_38];
        let dni = [0.0, 316.194_905_6, 939.954_698_81, 646.228_860_49];
        let dhi = [0.0, 40.461_498_18, 118.458_318_79, 62.033_762_65];
        let zen = [124.039_086_3, 82.854_570_44, 10.564_135_62, 72.416_871_22];
        let az = [
            352.695_506_99,
            66.714_103_38,
            144.765_677_54,
            287.041_041_28,
        ];
        let am = [
            None,
            Some(7.588_315_96),
            Some(1.016_881_36),
            Some(3.279_304_43),
        ];
        Sky {
            zenith: deg(zen[i]),
            azimuth: deg(az[i]),
            ghi: w(ghi[i]),
            dni: w(dni[i]),
            dhi: w(dhi[i]),
            dni_extra: w(1_321.165_583_483_309_3),
            airmass: am[i].map(Ratio::new::<ratio>),
        }
    }

    #[test]
    fn angle_of_incidence_matches_pvlib() {
        // pvlib tests/test_irradiance.py: aoi(90, 0, 30, 60) = 75.5224878, projection 0.25;
        // aoi(30, 180, 30, 180) = 0; aoi(30, 180, 150, 0) = 180.
        let a = angle_of_incidence(&surface(90.0, 0.0), deg(30.0), deg(60.0));
        assert!((a.get::<degree>() - 75.522_487_8).abs() < 1e-6);
        let p = aoi_projection(&surface(90.0, 0.0), deg(30.0), deg(60.0));
        assert!((p.get::<ratio>() - 0.25).abs() < 1e-12);
        let a = angle_of_incidence(&surface(30.0, 180.0), deg(30.0), deg(180.0));
        assert!(a.get::<degree>().abs() < 1e-6);
        let a = angle_of_incidence(&surface(30.0, 180.0), deg(150.0), deg(0.0));
        assert!((a.get::<degree>() - 180.0).abs() < 1e-6);
    }

    #[test]
    fn isotropic_and_ground_match_pvlib() {
        // pvlib tests/test_irradiance.py: isotropic(40, 100) = 88.30222215594891;
        // get_ground_diffuse(40, 900) = 26.32000014911496 with albedo 0.25.
        close(
            isotropic_sky_diffuse(deg(40.0), w(100.0)),
            88.302_222_155_948_91,
            1e-9,
        );
        close(
            ground_reflected(deg(40.0), w(900.0), Ratio::new::<ratio>(0.25)),
            26.320_000_149_114_96,
            1e-9,
        );
    }

    #[test]
    fn perez_matches_pvlib_test_values() {
        // pvlib tests/test_irradiance.py test_perez: [0, 31.46046871, NaN, 45.45539877]
        // (compared to 2 decimals there).
        let s = surface(40.0, 180.0);
        close(perez_sky_diffuse(&s, &fixture(1)), 31.460_468_71, 0.01);
        close(perez_sky_diffuse(&s, &fixture(3)), 45.455_398_77, 0.01);
        // Sun below the horizon (no air mass) and no diffuse light: zero.
        close(perez_sky_diffuse(&s, &fixture(0)), 0.0, 0.0);
    }

    #[test]
    fn poa_components_match_pvlib() {
        // pvlib tests/test_irradiance.py test_poa_components (Perez, ground 'sand' albedo
        // 0.4): poa_global [0, 35.19456561, 956.18253696, 90.99624896], poa_direct
        // [0, 0, 798.31939281, 33.50143401].
        let s = surface(40.0, 180.0);
        let rho = Ratio::new::<ratio>(0.4);
        let expect_global = [0.0, 35.194_565_61, 956.182_536_96, 90.996_248_96];
        let expect_beam = [0.0, 0.0, 798.319_392_81, 33.501_434_01];
        for i in 1..4 {
            let p = plane_of_array(&s, &fixture(i), rho, TranspositionModel::Perez);
            close(p.global, expect_global[i], 0.01);
            close(p.beam, expect_beam[i], 1e-4);
        }
    }

    #[test]
    fn hay_davies_matches_pvlib() {
        // Computed with pvlib 0.16.1: irradiance.haydavies(40, 180, dhi, dni,
        // 1321.1655834833093, zenith, azimuth) on the test_irradiance fixture =
        // [0, 27.17751419, 102.99486181, 33.19086529].
        let s = surface(40.0, 180.0);
        let expect = [0.0, 27.177_514_19, 102.994_861_81, 33.190_865_29];
        for (i, e) in expect.iter().enumerate() {
            close(hay_davies_sky_diffuse(&s, &fixture(i)), *e, 1e-6);
        }
    }

    #[test]
    fn total_irradiance_matches_pvlib_derived_values() {
        // Computed with pvlib 0.16.1: get_total_irradiance(32, 180, 10, 180,
        // dni=1000, ghi=1100, dhi=100, dni_extra=1400, airmass=1, surface_type='urban'
        // (albedo 0.18)): isotropic poa_global 1034.6295, direct 927.1839, sky diffuse
        // 92.4024, ground 15.0432; Perez sky diffuse 98.8455, poa_global 1041.0726.
        let sky = Sky {
            zenith: deg(10.0),
            azimuth: deg(180.0),
            ghi: w(1100.0),
            dni: w(1000.0),
            dhi: w(100.0),
            dni_extra: w(1400.0),
            airmass: Some(Ratio::new::<ratio>(1.0)),
        };
        let s = surface(32.0, 180.0);
        let rho = Ratio::new::<ratio>(0.18);
        let iso = plane_of_array(&s, &sky, rho, TranspositionModel::Isotropic);
        close(iso.global, 1034.6295, 1e-3);
        close(iso.beam, 927.1839, 1e-3);
        close(iso.sky_diffuse, 92.4024, 1e-3);
        close(iso.ground_diffuse, 15.0432, 1e-3);
        let per = plane_of_array(&s, &sky, rho, TranspositionModel::Perez);
        close(per.sky_diffuse, 98.8455, 1e-3);
        close(per.global, 1041.0726, 1e-3);
    }

    #[test]
    fn flat_plane_sees_ghi() {
        // For β = 0 every model reduces to beam·cos Z + DHI = GHI (closure of the inputs).
        let mut sky = fixture(3);
        let cz = sky.zenith.get::<degree>().to_radians().cos();
        sky.ghi = w(
            sky.dni.get::<watt_per_square_meter>() * cz + sky.dhi.get::<watt_per_square_meter>()
        );
        for m in [
            TranspositionModel::Isotropic,
            TranspositionModel::HayDavies,
            TranspositionModel::Perez,
        ] {
            let p = plane_of_array(&surface(0.0, 180.0), &sky, Ratio::new::<ratio>(0.2), m);
            close(p.global, sky.ghi.get::<watt_per_square_meter>(), 1e-9);
        }
    }
}
