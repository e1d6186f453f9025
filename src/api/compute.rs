//! Running computations off the async workers, within the request's time budget.
//!
//! Estimates are CPU-bound (a Monte Carlo may take seconds), so they run on actix's blocking
//! thread pool (`web::block`) and the workers stay free for `/healthz` and light requests; at
//! most one per core runs at a time, the rest queue in arrival order.
//! A request that outlives its budget gets a 503 `timeout` problem. A blocking thread cannot
//! be interrupted, so the work also receives the [`Deadline`] and checks it between steps
//! (e.g. between the items of a batch): once the budget is spent it stops early instead of
//! computing results nobody will read.

use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::web;

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

/// How many computations run at once: one per core. Each is CPU-bound, so more at once
/// would only share the cores and make every one of them late; the others wait for a
/// permit in arrival order (the semaphore is fair), within their own time budget.
fn permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(1, usize::from))
    });
    &PERMITS
}

/// Runs `work` on the blocking pool within `budget`, once a core is free for it.
pub async fn blocking<T, F>(budget: Duration, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Deadline) -> Result<T, TimedOut> + Send + 'static,
{
    let deadline = Deadline::after(budget);
    let task = async move {
        // Never closed, so acquiring only waits.
        let _permit = permits().acquire().await;
        web::block(move || work(&deadline)).await
    };
    match actix_web::rt::time::timeout(budget, task).await {
        Err(_elapsed) => Err(timeout_error(budget)),
        Ok(Err(_panicked)) => {
            tracing::error!("a computation panicked; answering 500");
            Err(ApiError::internal())
        }
        Ok(Ok(Err(TimedOut))) => Err(timeout_error(budget)),
        Ok(Ok(Ok(v))) => Ok(v),
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
    async fn work_within_budget_returns_its_value() {
        let r = blocking(Duration::from_secs(5), |d| {
            d.check()?;
            Ok(2)
        })
        .await;
        assert_eq!(r.unwrap(), 2);
    }
}
