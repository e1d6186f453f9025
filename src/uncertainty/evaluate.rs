//! Running a model over every draw, on one thread or several, with identical results.
//!
//! The draws are cut into contiguous blocks, one per thread (`std::thread::scope`; no rayon:
//! the work is a flat loop over independent rows, and a scoped loop over a fixed number of
//! blocks needs no work-stealing pool or extra dependency). Each block writes its outputs in
//! draw order and the blocks are joined in order, so the result does not depend on the
//! thread count: every draw is computed by the same function from the same row, and nothing
//! is summed across threads.
//!
//! Failures are reported for the lowest failing draw, again whatever the thread count: a
//! model error, an output count that differs from the first draw's, or a non-finite output.
//! A panic in the model is propagated to the caller.

use serde::Serialize;

use super::error::{EvaluationError, UncertaintyError};
use super::sampling::Samples;

/// Model outputs: one column per output, one value per draw, in draw order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outputs {
    columns: Vec<Vec<f64>>,
    draws: usize,
}

impl Outputs {
    /// Number of draws.
    pub fn draws(&self) -> usize {
        self.draws
    }

    /// Number of outputs per draw.
    pub fn outputs(&self) -> usize {
        self.columns.len()
    }

    /// The values of output `k`, in draw order.
    pub fn column(&self, k: usize) -> Option<&[f64]> {
        self.columns.get(k).map(Vec::as_slice)
    }

    /// All output columns.
    pub fn columns(&self) -> &[Vec<f64>] {
        &self.columns
    }
}

/// Evaluates `model` on every draw of `samples`. The model receives one row (one SI value per
/// parameter, in parameter order) and returns its outputs; every draw must return the same
/// number of finite outputs.
///
/// `threads` is the number of threads to use: 0 means [`std::thread::available_parallelism`];
/// it is capped at the number of draws. With 1 the model runs on the calling thread. The
/// result is the same, bit for bit, for any value. If the system cannot start a thread, that
/// block runs on the calling thread instead.
pub fn evaluate<F, E>(
    samples: &Samples,
    model: F,
    threads: usize,
) -> Result<Outputs, EvaluationError<E>>
where
    F: Fn(&[f64]) -> Result<Vec<f64>, E> + Sync,
    E: Send,
{
    let draws = samples.draws();
    let threads = resolve_threads(threads).min(draws).max(1);
    let block = draws.div_ceil(threads);
    let ranges: Vec<(usize, usize)> = (0..draws)
        .step_by(block)
        .map(|start| (start, (start + block).min(draws)))
        .collect();

    let blocks: Vec<Block<E>> = if ranges.len() == 1 {
        vec![run_block(samples, &model, ranges[0])]
    } else {
        std::thread::scope(|scope| {
            let model = &model;
            let handles: Vec<_> = ranges
                .iter()
                .map(|&range| {
                    std::thread::Builder::new()
                        .name("tanso-mc".into())
                        .spawn_scoped(scope, move || run_block(samples, model, range))
                        .map_err(|_| range)
                })
                .collect();
            handles
                .into_iter()
                .map(|h| match h {
                    Ok(handle) => handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    // No thread could be started: do this block here.
                    Err(range) => run_block(samples, model, range),
                })
                .collect()
        })
    };
    merge(blocks, draws)
}

/// The thread count to use for a request of `threads` (0 = all available cores).
pub fn resolve_threads(threads: usize) -> usize {
    if threads == 0 {
        std::thread::available_parallelism().map_or(1, usize::from)
    } else {
        threads
    }
}

/// What one block of draws produced.
struct Block<E> {
    /// First draw of the block.
    start: usize,
    /// Outputs per draw, set by the block's first successful draw.
    width: Option<usize>,
    /// Outputs of the successful draws, row after row.
    values: Vec<f64>,
    /// The first failure in the block, if any (the block stops there).
    failure: Option<EvaluationError<E>>,
}

/// Runs the model on draws `start..end`, reusing one row buffer.
fn run_block<F, E>(samples: &Samples, model: &F, (start, end): (usize, usize)) -> Block<E>
where
    F: Fn(&[f64]) -> Result<Vec<f64>, E>,
{
    let mut row = vec![0.0; samples.parameters()];
    let mut block = Block {
        start,
        width: None,
        values: Vec::new(),
        failure: None,
    };
    for draw in start..end {
        samples.row_into(draw, &mut row);
        let out = match model(&row) {
            Ok(out) => out,
            Err(error) => {
                block.failure = Some(EvaluationError::Model { draw, error });
                break;
            }
        };
        let width = *block.width.get_or_insert_with(|| {
            block.values.reserve_exact(out.len() * (end - start));
            out.len()
        });
        if out.len() != width {
            block.failure = Some(
                UncertaintyError::OutputCount {
                    draw,
                    expected: width,
                    got: out.len(),
                }
                .into(),
            );
            break;
        }
        if let Some((output, &value)) = out.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            block.failure = Some(
                UncertaintyError::NonFiniteOutput {
                    draw,
                    output,
                    value,
                }
                .into(),
            );
            break;
        }
        block.values.extend_from_slice(&out);
    }
    block
}

/// Joins the blocks in draw order into output columns, or returns the failure of the lowest
/// draw. A block whose output count differs from the first block's fails at its first draw,
/// as it would on one thread.
fn merge<E>(blocks: Vec<Block<E>>, draws: usize) -> Result<Outputs, EvaluationError<E>> {
    let mut width: Option<usize> = None;
    for block in &blocks {
        if let (Some(expected), Some(got)) = (width, block.width)
            && expected != got
        {
            return Err(UncertaintyError::OutputCount {
                draw: block.start,
                expected,
                got,
            }
            .into());
        }
        width = width.or(block.width);
        if block.failure.is_some() {
            break;
        }
    }
    let mut columns: Vec<Vec<f64>> = (0..width.unwrap_or(0))
        .map(|_| Vec::with_capacity(draws))
        .collect();
    for block in blocks {
        if let Some(failure) = block.failure {
            return Err(failure);
        }
        if columns.is_empty() {
            continue;
        }
        for row in block.values.chunks_exact(columns.len()) {
            for (col, &v) in columns.iter_mut().zip(row) {
                col.push(v);
            }
        }
    }
    Ok(Outputs { columns, draws })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uncertainty::{Distribution, sample_matrix};

    fn samples(draws: usize) -> Samples {
        sample_matrix(
            &[
                Distribution::normal(100.0, 10.0).unwrap(),
                Distribution::triangular(0.17, 0.40, 0.70).unwrap(),
                Distribution::lognormal(4.0, 2.0).unwrap(),
            ],
            draws,
            99,
        )
        .unwrap()
    }

    fn model(row: &[f64]) -> Result<Vec<f64>, String> {
        Ok(vec![
            row[0] * row[1],
            row[0] * (1.0 - (-row[1]).exp()) + row[2].sqrt(),
        ])
    }

    fn bits(o: &Outputs) -> Vec<Vec<u64>> {
        o.columns()
            .iter()
            .map(|c| c.iter().map(|x| x.to_bits()).collect())
            .collect()
    }

    #[test]
    fn one_thread_and_four_threads_agree_bit_for_bit() {
        let s = samples(10_001); // not a multiple of 4: uneven blocks
        let one = evaluate(&s, model, 1).unwrap();
        let four = evaluate(&s, model, 4).unwrap();
        let three = evaluate(&s, model, 3).unwrap();
        assert_eq!(bits(&one), bits(&four));
        assert_eq!(bits(&one), bits(&three));
        assert_eq!(one.draws(), 10_001);
        assert_eq!(one.outputs(), 2);
        // Draw order: output 0 of draw i is row i's product.
        let c0 = s.column(0).unwrap();
        let c1 = s.column(1).unwrap();
        assert_eq!(one.column(0).unwrap()[1234], c0[1234] * c1[1234]);
    }

    #[test]
    fn more_threads_than_draws_and_automatic_thread_count() {
        let s = samples(3);
        let a = evaluate(&s, model, 16).unwrap();
        let b = evaluate(&s, model, 0).unwrap();
        assert_eq!(bits(&a), bits(&evaluate(&s, model, 1).unwrap()));
        assert_eq!(bits(&a), bits(&b));
    }

    #[test]
    fn the_lowest_failing_draw_is_reported_whatever_the_thread_count() {
        let s = samples(1000);
        let failing = |row: &[f64]| -> Result<Vec<f64>, String> {
            if row[0] > 115.0 {
                Err(format!("too large: {}", row[0]))
            } else {
                Ok(vec![row[0]])
            }
        };
        let first = s
            .column(0)
            .unwrap()
            .iter()
            .position(|&x| x > 115.0)
            .unwrap();
        for threads in [1, 2, 4, 7] {
            match evaluate(&s, failing, threads).unwrap_err() {
                EvaluationError::Model { draw, error } => {
                    assert_eq!(draw, first);
                    assert!(error.starts_with("too large"));
                }
                other => panic!("unexpected {other}"),
            }
        }
    }

    #[test]
    fn output_count_changes_are_errors() {
        let s = samples(100);
        let ragged = |row: &[f64]| -> Result<Vec<f64>, String> {
            Ok(if row[0] > 110.0 {
                vec![1.0, 2.0]
            } else {
                vec![1.0]
            })
        };
        let first = s
            .column(0)
            .unwrap()
            .iter()
            .position(|&x| x > 110.0)
            .unwrap();
        assert!(first > 0, "the test needs draw 0 to return one output");
        for threads in [1, 4] {
            let err = evaluate(&s, ragged, threads).unwrap_err();
            assert!(
                matches!(
                    err,
                    EvaluationError::Engine(UncertaintyError::OutputCount { draw, expected: 1, got: 2 })
                        if draw == first
                ),
                "{err}"
            );
        }
    }

    #[test]
    fn non_finite_outputs_are_errors() {
        let s = samples(10);
        let err = evaluate(&s, |_: &[f64]| Ok::<_, String>(vec![1.0, f64::NAN]), 2).unwrap_err();
        assert!(matches!(
            err,
            EvaluationError::Engine(UncertaintyError::NonFiniteOutput {
                draw: 0,
                output: 1,
                ..
            })
        ));
        assert!(err.to_string().contains("output 1 is NaN"));
    }

    #[test]
    fn a_model_with_no_outputs_gives_no_columns() {
        let s = samples(10);
        let out = evaluate(&s, |_: &[f64]| Ok::<_, String>(vec![]), 4).unwrap();
        assert_eq!(out.outputs(), 0);
        assert_eq!(out.draws(), 10);
    }
}
