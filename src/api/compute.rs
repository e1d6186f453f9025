//! Running computations off the async workers, within the request's time budget.
//!
//! Estimates are CPU-bound (a Monte Carlo may take seconds), so they run on a pool of
//! compute threads, one per core, and the async workers stay free for `/healthz` and light
//! requests. The rest queue in arrival order. A thread takes the next job as soon as it
//! finishes one: a semaphore in front of actix's blocking pool left the cores 21–23 % idle
//! under 64 connections of varying what-if requests, in the hand-off between a permit's
//! release and the next job's start on another thread.
//! A request that outlives its budget gets a 503 `timeout` problem. A thread cannot be
//! interrupted, so the work also receives the [`Deadline`] and checks it between steps
//! (e.g. between the items of a batch): once the budget is spent it stops early instead of
//! computing results nobody will read. A job whose request gave up while it waited is not
//! started at all.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;

use super::problem::{ApiError, ErrorCode};

/// When a request's time budget ends.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    at: Instant,
    budget: Duration,
}

/// The budget was spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedOut;

impl Deadline {
    /// A deadline `budget` from now.
    pub fn after(budget: Duration) -> Self {
        Deadline {
            at: Instant::now() + budget,
            budget,
        }
    }

    /// The moment the budget runs out, for work that checks it itself (the Monte Carlo).
    pub fn instant(&self) -> Instant {
        self.at
    }

    /// What is left of the budget (zero once it is spent).
    pub fn remaining(&self) -> Duration {
        self.at.saturating_duration_since(Instant::now())
    }

    /// `Err(TimedOut)` once the deadline has passed.
    pub fn check(&self) -> Result<(), TimedOut> {
        if Instant::now() >= self.at {
            Err(TimedOut)
        } else {
            Ok(())
        }
    }

    /// The 503 sent when the budget is spent.
    pub fn error(&self) -> ApiError {
        timeout_error(self.budget)
    }
}

/// A job for the compute threads.
type Job = Box<dyn FnOnce() + Send>;

/// The queue of the compute threads: as many threads as cores, since each job is CPU-bound
/// and more at once would only share the cores and make every one of them late. The threads
/// take jobs in arrival order.
static QUEUE: LazyLock<Sender<Job>> = LazyLock::new(|| {
    let (tx, rx) = channel::<Job>();
    let rx = Arc::new(Mutex::new(rx));
    for i in 0..std::thread::available_parallelism().map_or(1, usize::from) {
        let rx = rx.clone();
        std::thread::Builder::new()
            .name(format!("tanso-compute-{i}"))
            .spawn(move || serve_jobs(&rx))
            .expect("a compute thread starts");
    }
    tx
});

/// One compute thread: runs jobs until the queue closes (it never does while the process
/// lives). A job catches its own panics, so the thread survives them.
fn serve_jobs(rx: &Mutex<Receiver<Job>>) {
    loop {
        // The lock is held only while waiting; the job runs after it is released.
        let next = rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
        match next {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

/// Runs `work` on a compute thread within `budget`, once a core is free for it.
pub async fn blocking<T, F>(budget: Duration, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Deadline) -> Result<T, TimedOut> + Send + 'static,
{
    let deadline = Deadline::after(budget);
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        // The request answered 503 while this waited: nobody will read the result.
        if tx.is_closed() || deadline.check().is_err() {
            return;
        }
        let _ = tx.send(catch_unwind(AssertUnwindSafe(|| work(&deadline))));
    });
    if QUEUE.send(job).is_err() {
        tracing::error!("the compute threads are gone; answering 500");
        return Err(ApiError::internal());
    }
    match actix_web::rt::time::timeout(budget, rx).await {
        Err(_elapsed) => Err(timeout_error(budget)),
        // Dropped unsent: the deadline passed before a thread was free.
        Ok(Err(_dropped)) => Err(timeout_error(budget)),
        Ok(Ok(Err(_panicked))) => {
            tracing::error!("a computation panicked; answering 500");
            Err(ApiError::internal())
        }
        Ok(Ok(Ok(Err(TimedOut)))) => Err(timeout_error(budget)),
        Ok(Ok(Ok(Ok(v)))) => Ok(v),
    }
}

fn timeout_error(budget: Duration) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Timeout,
        format!(
            "the computation did not finish within the request time limit of {}; ask for fewer Monte Carlo draws or a smaller batch, or raise the limit with {}",
            show(budget),
            super::limits::TIMEOUT_ENV
        ),
    )
}

fn show(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.3} s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn zero_budget_times_out_with_503() {
        let r = blocking(Duration::ZERO, |d| {
            d.check()?;
            Ok(1)
        })
        .await;
        let e = r.unwrap_err();
        assert_eq!(e.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(e.problem.code, ErrorCode::Timeout);
    }

    #[actix_web::test]
    async fn blocking_work_leaves_the_async_worker_free() {
        // The test runtime has one thread: if the work ran on it, the timer below could not
        // fire before the work ends.
        let start = std::time::Instant::now();
        let slow = actix_web::rt::spawn(blocking(Duration::from_secs(5), |_| {
            std::thread::sleep(Duration::from_millis(400));
            Ok(())
        }));
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        assert!(
            start.elapsed() < Duration::from_millis(300),
            "{:?}",
            start.elapsed()
        );
        slow.await.unwrap().unwrap();
        assert!(start.elapsed() >= Duration::from_millis(400));
    }

    #[actix_web::test]
    async fn a_panic_answers_500_and_its_thread_serves_on() {
        // More panics than threads: were a thread lost to each, the last job would find none.
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        for _ in 0..=threads {
            let r: Result<(), _> =
                blocking(Duration::from_secs(5), |_| panic!("a broken model")).await;
            assert_eq!(r.unwrap_err().status, StatusCode::INTERNAL_SERVER_ERROR);
        }
        let r = blocking(Duration::from_secs(5), |_| Ok(3)).await;
        assert_eq!(r.unwrap(), 3);
    }

    #[actix_web::test]
    async fn a_job_whose_request_gave_up_in_the_queue_never_starts() {
        use std::sync::atomic::{AtomicBool, Ordering};
        // One 300 ms job per thread ahead of it in the queue, so it waits past its 50 ms.
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let busy: Vec<_> = (0..threads)
            .map(|_| {
                actix_web::rt::spawn(blocking(Duration::from_secs(5), |_| {
                    std::thread::sleep(Duration::from_millis(300));
                    Ok(())
                }))
            })
            .collect();
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
        let started = Arc::new(AtomicBool::new(false));
        let flag = started.clone();
        let r = blocking(Duration::from_millis(50), move |_| {
            flag.store(true, Ordering::SeqCst);
            Ok(())
        })
        .await;
        assert_eq!(r.unwrap_err().status, StatusCode::SERVICE_UNAVAILABLE);
        for b in busy {
            b.await.unwrap().unwrap();
        }
        // The busy jobs are done, so a thread has reached the abandoned job by now.
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        assert!(!started.load(Ordering::SeqCst));
    }

    #[actix_web::test]
    async fn work_within_budget_returns_its_value() {
        let r = blocking(Duration::from_secs(5), |d| {
            d.check()?;
            Ok(2)
        })
        .await;
        assert_eq!(r.unwrap(), 2);
    }
}
