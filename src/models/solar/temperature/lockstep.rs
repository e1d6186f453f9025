//! [`super::fuentes_cell_temperature_lit`] four days at a time.
//!
//! With a night's start guessed a few steps before dawn, each day's series depends on no
//! other, so four of them are solved in lockstep, each in a lane of [`Wide`]: one call of
//! the update evaluates a step of each, and each lane then takes its own Halley step,
//! finishes its step or moves on to its next day. The days, the guesses and the rules of
//! every decision are those of the one-at-a-time path; only the update's arithmetic is shared
//! across lanes (with the four-lane `exp` and `ln` of [`super::lanes`], within 2 ulp of
//! glibc's). A night whose guess is not forgotten by dawn is left to the one-at-a-time path,
//! which solves it from further back; a step whose Halley iteration falls back to fixed point
//! is solved on its own, one step at a time.

use uom::si::thermodynamic_temperature::kelvin;
use uom::si::velocity::meter_per_second;

use super::lanes::{WIDTH, Wide};
use super::{
    Coefficients, FUENTES_MAX_STEPS, FUENTES_NIGHT_STEPS, FUENTES_STEP_K, FuentesRun, FuentesState,
    FuentesStep, StepWeather, Update, final_step, halley_step, night_is_forgotten,
};
use crate::units::Temperature;
use uom::si::heat_flux_density::watt_per_square_meter;

/// [`super::fuentes_cell_temperature_lit`] with four days in lockstep, compiled for AVX2 and FMA so
/// that the lanes' arithmetic is vector instructions.
#[target_feature(enable = "avx2,fma")]
pub(super) fn lit_avx2(run: &FuentesRun<'_>) -> Vec<Temperature> {
    lit_in_lockstep(run)
}

/// A stretch of steps that one lane solves in order.
#[derive(Debug, Clone, Copy)]
struct Day {
    /// First step solved.
    from: usize,
    /// Whether `from` starts from a guess (else from the series' start).
    guess: bool,
    /// Where the dark run before it starts (the previous day ends there).
    night: usize,
    /// First lit step.
    dawn: usize,
    /// One past its last lit step.
    end: usize,
    /// Where its first lit step goes in the output.
    out: usize,
}

/// The days of a series, as the one-at-a-time path meets them, and the number of lit steps.
/// A dark run too short to skip (no more than [`FUENTES_NIGHT_STEPS`] steps) is solved
/// whole, within the day before.
fn days(run: &FuentesRun<'_>) -> (Vec<Day>, usize) {
    let n = run.len();
    let mut days = Vec::new();
    let mut day = Day {
        from: 0,
        guess: false,
        night: 0,
        dawn: (0..n).find(|&j| run.lit(j)).unwrap_or(n),
        end: 0,
        out: 0,
    };
    let (mut i, mut lit) = (0, 0);
    while i < n {
        if run.lit(i) {
            lit += 1;
            i += 1;
            continue;
        }
        let dawn = (i..n).find(|&j| run.lit(j)).unwrap_or(n);
        if dawn == n {
            break;
        }
        let from = dawn.saturating_sub(FUENTES_NIGHT_STEPS).max(i);
        if from > i {
            if i > day.from {
                days.push(Day { end: i, ..day });
            }
            day = Day {
                from,
                guess: true,
                night: i,
                dawn,
                end: 0,
                out: lit,
            };
        }
        i = dawn;
    }
    if i > day.from {
        days.push(Day { end: i, ..day });
    }
    (days, lit)
}

/// The weather part of every step the days solve (the skipped night steps are left at
/// zero), computed [`WIDTH`] steps at a time.
struct Weather(Vec<StepWeather>);

impl Weather {
    #[inline(always)]
    fn new(run: &FuentesRun<'_>, days: &[Day]) -> Self {
        let zero = StepWeather {
            ta: 0.0,
            tsky: 0.0,
            s: 0.0,
            ln_v: 0.0,
            laminar3: 0.0,
            turbulent3: 0.0,
        };
        let mut all = vec![zero; run.len()];
        for day in days {
            for c in (day.from..day.end).step_by(WIDTH) {
                let at = |i: usize| (c + i).min(day.end - 1);
                let w = run.weather(
                    Wide::from_fn(|i| run.air[at(i)].get::<kelvin>()),
                    Wide::from_fn(|i| run.wind[at(i)].get::<meter_per_second>()),
                    Wide::from_fn(|i| run.poa[at(i)].get::<watt_per_square_meter>()),
                );
                for (i, slot) in all[c..day.end].iter_mut().take(WIDTH).enumerate() {
                    *slot = StepWeather {
                        ta: w.ta.0[i],
                        tsky: w.tsky.0[i],
                        s: w.s.0[i],
                        ln_v: w.ln_v.0[i],
                        laminar3: w.laminar3.0[i],
                        turbulent3: w.turbulent3.0[i],
                    };
                }
            }
        }
        Weather(all)
    }
}

/// One lane: the day it solves, the step it is on, and where Halley's method stands.
#[derive(Debug, Clone, Copy)]
struct Lane {
    /// Index of its day.
    day: usize,
    /// The step being solved, and the state after the one before.
    j: usize,
    state: FuentesState,
    /// The step's inputs, the current iterate (K) and the Halley steps taken.
    step: FuentesStep,
    t: f64,
    halley: usize,
    /// Where its next lit step goes in the output.
    out: usize,
    /// The share of an error in the guess still carried (see [`FuentesState::carry`]).
    carry: f64,
}

/// What a lane does after an evaluation.
enum Next {
    /// Evaluate again (the same step, or its next one).
    Go,
    /// The lane is done with its day: solved, or (`forgotten` false) stopped at dawn
    /// because the night did not forget its guess, so the day needs the one-at-a-time path.
    Done { forgotten: bool },
}

impl Lane {
    #[inline(always)]
    fn start(index: usize, day: &Day, run: &FuentesRun<'_>, weather: &Weather) -> Lane {
        let state = if day.guess {
            run.guess(day.from)
        } else {
            FuentesState::START
        };
        let mut lane = Lane {
            day: index,
            j: day.from,
            state,
            step: weather.0[day.from].started(state.t, state.s),
            t: 0.0,
            halley: 0,
            out: day.out,
            carry: 1.0,
        };
        lane.t = run.start(&lane.step, &state);
        lane
    }

    /// Takes the Halley step `step` (and Newton's `newton`) from the evaluation `e` at
    /// [`Lane::t`], as [`super::FuentesSolver::solve`] does, and when the step is solved,
    /// records it and moves on.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn after(
        &mut self,
        e: &Update,
        (step, newton): (f64, f64),
        day: &Day,
        run: &FuentesRun<'_>,
        weather: &Weather,
        out: &mut [Temperature],
    ) -> Next {
        let (t, k, du) = if step.is_finite() {
            let t = self.t + step;
            self.halley += 1;
            if step.abs() < FUENTES_STEP_K || final_step(&self.step, e, t, step, newton) {
                (t, e.k, e.du)
            } else if self.halley < FUENTES_MAX_STEPS {
                self.t = t;
                return Next::Go;
            } else {
                run.solver.fixed_point(&self.step)
            }
        } else {
            run.solver.fixed_point(&self.step)
        };
        self.finish(t, k, du, day, run, weather, out)
    }

    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn finish(
        &mut self,
        t: f64,
        k: Coefficients,
        du: f64,
        day: &Day,
        run: &FuentesRun<'_>,
        weather: &Weather,
        out: &mut [Temperature],
    ) -> Next {
        self.state = FuentesState {
            t,
            s: self.step.s,
            last: Some(k),
            du,
        };
        if run.lit(self.j) {
            out[self.out] = Temperature::new::<kelvin>(t);
            self.out += 1;
        } else if day.guess && self.j < day.dawn {
            self.carry *= self.state.carry();
        }
        self.j += 1;
        if day.guess && self.j == day.dawn && !night_is_forgotten(self.carry) {
            return Next::Done { forgotten: false };
        }
        if self.j == day.end {
            return Next::Done { forgotten: true };
        }
        self.step = weather.0[self.j].started(t, self.state.s);
        self.t = run.start(&self.step, &self.state);
        self.halley = 0;
        Next::Go
    }
}

/// The lanes' steps as one wide step.
#[inline(always)]
fn gather(lanes: &[Lane; WIDTH]) -> (FuentesStep<Wide>, Wide) {
    let lane = |f: fn(&FuentesStep) -> f64| Wide::from_fn(|i| f(&lanes[i].step));
    (
        FuentesStep {
            ta: lane(|p| p.ta),
            tsky: lane(|p| p.tsky),
            t0: lane(|p| p.t0),
            s0: lane(|p| p.s0),
            s: lane(|p| p.s),
            ln_v: lane(|p| p.ln_v),
            laminar3: lane(|p| p.laminar3),
            turbulent3: lane(|p| p.turbulent3),
        },
        Wide::from_fn(|i| lanes[i].t),
    )
}

impl Update<Wide> {
    /// Lane `i`'s evaluation.
    #[inline(always)]
    fn lane(&self, i: usize) -> Update {
        let k = &self.k;
        Update {
            u: self.u.0[i],
            du: self.du.0[i],
            d2u: self.d2u.0[i],
            k: Coefficients {
                h_c: k.h_c.0[i],
                h_s: k.h_s.0[i],
                h_g: k.h_g.0[i],
                lambda: k.lambda.0[i],
                decay: k.decay.0[i],
            },
            turbulence: self.turbulence.0[i],
            dlambda: self.dlambda.0[i],
            d2lambda: self.d2lambda.0[i],
        }
    }
}

#[inline(always)]
fn lit_in_lockstep(run: &FuentesRun<'_>) -> Vec<Temperature> {
    let (days, lit) = days(run);
    let weather = Weather::new(run, &days);
    let mut out = vec![Temperature::new::<kelvin>(0.0); lit];
    // The state each day ends in, and the days left to the one-at-a-time path.
    let mut ends = vec![FuentesState::START; days.len()];
    let mut left = Vec::new();
    let Some(first) = days.first() else {
        return out;
    };
    // An idle lane keeps computing on its last step (its results unread), so that every
    // lane always holds numbers.
    let mut lanes = [Lane::start(0, first, run, &weather); WIDTH];
    let mut busy = [false; WIDTH];
    let mut next = 0;
    loop {
        for (lane, busy) in lanes.iter_mut().zip(&mut busy).filter(|(_, b)| !**b) {
            if next < days.len() {
                *lane = Lane::start(next, &days[next], run, &weather);
                *busy = true;
                next += 1;
            }
        }
        if !busy.contains(&true) {
            break;
        }
        let (step, t) = gather(&lanes);
        let e = run.solver.update(&step, t);
        let (halley, newton) = halley_step(&e, t);
        for (i, (lane, busy)) in lanes.iter_mut().zip(&mut busy).enumerate() {
            if !*busy {
                continue;
            }
            let day = &days[lane.day];
            let steps = (halley.0[i], newton.0[i]);
            if let Next::Done { forgotten } =
                lane.after(&e.lane(i), steps, day, run, &weather, &mut out)
            {
                if forgotten {
                    ends[lane.day] = lane.state;
                } else {
                    left.push(lane.day);
                }
                *busy = false;
            }
        }
    }
    // In order, as each may start from the end of the day before.
    left.sort_unstable();
    for d in left {
        let day = &days[d];
        let before = if d == 0 {
            FuentesState::START
        } else {
            ends[d - 1]
        };
        let mut state = run.through_night(day.night, day.dawn, before);
        let mut o = day.out;
        for j in day.dawn..day.end {
            state = run.advance(j, &state);
            if run.lit(j) {
                out[o] = Temperature::new::<kelvin>(state.t);
                o += 1;
            }
        }
        ends[d] = state;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::solar::temperature::tests::{santiago_year, three_mountings};
    use crate::models::solar::temperature::{FuentesParams, lit_one_day_at_a_time};
    use crate::units::{Irradiance, Speed, Time};
    use uom::si::thermodynamic_temperature::degree_celsius;
    use uom::si::time::second;

    fn both(
        poa: &[Irradiance],
        air: &[Temperature],
        wind: &[Speed],
        params: &FuentesParams,
    ) -> (Vec<Temperature>, Vec<Temperature>) {
        let run = FuentesRun::new(poa, air, wind, Time::new::<second>(3600.0), params);
        (lit_in_lockstep(&run), lit_one_day_at_a_time(&run))
    }

    fn worst(a: &[Temperature], b: &[Temperature]) -> f64 {
        assert_eq!(a.len(), b.len());
        a.iter()
            .zip(b)
            .map(|(a, b)| (a.get::<kelvin>() - b.get::<kelvin>()).abs())
            .fold(0.0, f64::max)
    }

    #[test]
    fn four_days_at_once_match_one_at_a_time() {
        // Expected values: the one-at-a-time path on the Santiago year with its wind redrawn
        // (calm to 12 m/s), for three mountings. The days and decisions are the same; the
        // four-lane exp and ln differ from glibc's by a few ulp, which may tip a final-step
        // decision, so the bound is the solver's own (10⁻⁷ K; measured 1.7·10⁻¹³ K). The
        // lanes run here without AVX2 codegen: the arithmetic is the same, only slower.
        let (poa, air, wind) = santiago_year();
        for (noct, tilt, params) in three_mountings() {
            let (four, one) = both(&poa, &air, &wind, &params);
            let w = worst(&four, &one);
            assert!(w < 1e-7, "NOCT {noct} °C, tilt {tilt}°: {w} K");
        }
    }

    #[test]
    fn every_kind_of_day_is_met() {
        // A series that starts in the dark, has nights of every length (a short one solved
        // whole, long ones skipped, a cold calm one whose guess is not forgotten and goes to
        // the one-at-a-time path), lit hours at the very start and end, and ends dark.
        let pattern: Vec<f64> = (0..120)
            .map(|i| match i {
                0..=5 => 0.0,
                6..=14 => 300.0 + 20.0 * i as f64,
                15..=17 => 0.0,
                18..=30 => 500.0,
                31..=60 => 0.0,
                61..=70 => 650.0,
                71..=100 => 0.0,
                101..=115 => 200.0,
                _ => 0.0,
            })
            .collect();
        for (start_lit, cold) in [(false, false), (true, false), (false, true), (true, true)] {
            let poa: Vec<Irradiance> = pattern
                .iter()
                .enumerate()
                .map(|(i, &g)| {
                    let g = if start_lit && i < 3 { 100.0 } else { g };
                    Irradiance::new::<watt_per_square_meter>(g)
                })
                .collect();
            let t_air = if cold { -35.0 } else { 12.0 };
            let air: Vec<Temperature> = (0..poa.len())
                .map(|i| Temperature::new::<degree_celsius>(t_air + (i % 24) as f64 * 0.3))
                .collect();
            let wind =
                vec![Speed::new::<meter_per_second>(if cold { 0.0 } else { 2.5 }); poa.len()];
            let mut params = FuentesParams::with_noct(Temperature::new::<degree_celsius>(60.0));
            params.surface_tilt = uom::si::f64::Angle::new::<uom::si::angle::degree>(0.0);
            let (four, one) = both(&poa, &air, &wind, &params);
            let w = worst(&four, &one);
            assert!(w < 1e-7, "start lit {start_lit}, cold {cold}: {w} K");
        }
    }
}
