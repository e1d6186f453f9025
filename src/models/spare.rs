//! A thread lent to a model for the rest of an estimate.
//!
//! `tanso estimate --weather FILE` reads the file on two threads. Once its part is read, the
//! other thread would have nothing to do while the model prepares the year and runs the
//! chain on the main one, so it is lent to the model with the weather it read
//! ([`Spare::serve`]). The model hands it work on that weather with [`Spare::lend`] and gets
//! the result with [`Lent::take`]; work the spare thread has not started by then is taken
//! back and done by the taker. No one waits for a thread that is busy or asleep, and a model
//! gives the same result with a spare thread as without one. Only that one-shot command
//! lends a thread: the server's estimates already keep every core busy.
//!
//! Work is given the data (`D`, the weather) when it runs rather than borrowing it, so a
//! spare has no lifetime of its own to tie the estimate's together.

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

type Job<D> = Box<dyn FnOnce(&D) + Send>;

/// A thread lent for work on data of type `D` (the weather it read).
pub struct Spare<D: ?Sized> {
    queue: Mutex<Queue<D>>,
    /// Signalled when work is lent or the loan ends.
    wake: Condvar,
}

struct Queue<D: ?Sized> {
    /// Work not yet started, in the order lent, each with its number.
    jobs: VecDeque<(u64, Job<D>)>,
    lent: u64,
    closed: bool,
}

/// Work lent to a [`Spare`] thread: the way to its result.
#[must_use = "lent work is done, or taken back, by `take`"]
pub struct Lent<T> {
    id: u64,
    /// The spare it was lent to, by address: `take` is only given that one.
    spare: usize,
    result: Receiver<T>,
}

impl<D: ?Sized> Default for Spare<D> {
    fn default() -> Self {
        Spare {
            queue: Mutex::new(Queue {
                jobs: VecDeque::new(),
                lent: 0,
                closed: false,
            }),
            wake: Condvar::new(),
        }
    }
}

impl<D: ?Sized> Spare<D> {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Queue<D>> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How many pieces of work have been lent.
    pub fn lent(&self) -> u64 {
        self.lock().lent
    }

    /// Queues `work` for the spare thread, after work lent before it.
    pub fn lend<T: Send + 'static>(&self, work: impl FnOnce(&D) -> T + Send + 'static) -> Lent<T> {
        let (done, result) = sync_channel(1);
        let mut queue = self.lock();
        let id = queue.lent;
        queue.lent += 1;
        // Should `work` panic, `done` is dropped unsent and the taker panics in turn.
        let job: Job<D> = Box::new(move |data| {
            let _ = done.send(work(data));
        });
        queue.jobs.push_back((id, job));
        drop(queue);
        self.wake.notify_one();
        Lent {
            id,
            spare: self as *const Self as *const () as usize,
            result,
        }
    }

    /// Does lent work, in the order lent, until [`Spare::close`]: what the lent thread runs.
    /// Work is done on the data `data` gives, asked for when the first work comes (so a
    /// thread can be lent before its data is ready: the weather still being read, say).
    pub fn serve<'d>(&self, data: impl FnOnce() -> &'d D)
    where
        D: 'd,
    {
        let mut data = Some(data);
        let mut ready = None;
        while let Some(job) = self.next_job() {
            let data = *ready.get_or_insert_with(|| data.take().expect("asked once")());
            job(data);
        }
    }

    /// Ends the loan: the thread in [`Spare::serve`] returns once its current work is done.
    /// Work it has not started stays queued for its takers.
    pub fn close(&self) {
        self.lock().closed = true;
        self.wake.notify_all();
    }

    /// Runs `f`, then ends the loan, also when `f` panics (a thread left serving would keep
    /// a scope that spawned it from ending).
    pub fn lent_while<R>(&self, f: impl FnOnce() -> R) -> R {
        struct CloseOnDrop<'s, D: ?Sized>(&'s Spare<D>);
        impl<D: ?Sized> Drop for CloseOnDrop<'_, D> {
            fn drop(&mut self) {
                self.0.close();
            }
        }
        let _close = CloseOnDrop(self);
        f()
    }

    /// The next work to do, or `None` once the loan has ended.
    fn next_job(&self) -> Option<Job<D>> {
        let mut queue = self.lock();
        loop {
            if let Some((_, job)) = queue.jobs.pop_front() {
                return Some(job);
            }
            if queue.closed {
                return None;
            }
            queue = self
                .wake
                .wait(queue)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

impl<D: ?Sized> std::fmt::Debug for Spare<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let queue = self.lock();
        f.debug_struct("Spare")
            .field("waiting", &queue.jobs.len())
            .field("closed", &queue.closed)
            .finish()
    }
}

impl<T> Lent<T> {
    /// The result of the work: done here on `data` (the spare thread's) if that thread has not
    /// started it, else waited for. Panics if the work panicked on the spare thread.
    pub fn take<D: ?Sized>(self, spare: &Spare<D>, data: &D) -> T {
        assert_eq!(
            self.spare, spare as *const Spare<D> as *const () as usize,
            "lent work is taken from the spare it was lent to"
        );
        let mut queue = spare.lock();
        let job = queue
            .jobs
            .iter()
            .position(|(id, _)| *id == self.id)
            .and_then(|i| queue.jobs.remove(i));
        drop(queue);
        if let Some((_, job)) = job {
            job(data);
        }
        self.result
            .recv()
            .expect("work lent to the spare thread panicked")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(part: &[u64]) -> u64 {
        part.iter().sum()
    }

    #[test]
    fn work_gives_the_same_result_whoever_does_it() {
        let data: Vec<u64> = (1..=1000).collect();
        // No thread serves: the taker does the work itself.
        let alone = Spare::<[u64]>::new();
        let lent = alone.lend(|d| sum(&d[500..]));
        assert_eq!(sum(&data[..500]) + lent.take(&alone, &data), 500_500);
        // A thread serves (whether it starts the work before the take or not).
        for _ in 0..50 {
            let spare = Spare::<[u64]>::new();
            let got = std::thread::scope(|s| {
                s.spawn(|| spare.serve(|| &data[..]));
                spare.lent_while(|| {
                    let a = spare.lend(|d| sum(&d[..300]));
                    let b = spare.lend(|d| sum(&d[300..]));
                    b.take(&spare, &data) + a.take(&spare, &data)
                })
            });
            assert_eq!(got, 500_500);
        }
    }

    #[test]
    fn a_served_thread_leaves_when_the_loan_ends_even_after_a_panic() {
        let spare = Spare::<[u64]>::new();
        let caught = std::thread::scope(|s| {
            s.spawn(|| spare.serve(|| &[][..]));
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                spare.lent_while(|| panic!("the model failed"))
            }))
        });
        // The scope ended: the serving thread returned.
        assert!(caught.is_err());
    }

    #[test]
    fn work_that_panics_makes_its_taker_panic_wherever_it_ran() {
        let taken = |lent: Lent<u64>, spare: &Spare<[u64]>| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| lent.take(spare, &[])))
        };
        let fails = |d: &[u64]| -> u64 { panic!("lent work failed on {} numbers", d.len()) };
        // Not started by any thread: done by the taker, whose panic it is.
        let spare = Spare::new();
        let lent = spare.lend(fails);
        assert!(taken(lent, &spare).is_err());
        // Started by the serving thread: the panic ends that thread, and the taker is told
        // rather than left waiting.
        let spare = Spare::new();
        let lent = spare.lend(fails);
        std::thread::scope(|s| {
            let served = s.spawn(|| spare.serve(|| &[][..]));
            assert!(served.join().is_err(), "the work panicked there");
            assert!(taken(lent, &spare).is_err());
        });
    }
}
