//! A core for `tanso estimate`'s weather-reading thread other than its main thread's.
//!
//! On the 2-core virtual machines tanso's speed is measured on, a new thread often started on
//! its parent's core, and the two then took turns there for a millisecond or more while the
//! other core sat idle; a thread woken later could be queued the same way (timestamps with
//! `sched_getcpu`, README, Speed). So the reading thread moves itself to another core as
//! soon as it runs, and stays there until it ends. Linux only; elsewhere it is not moved.

/// A core this process may run on other than the calling thread's.
#[derive(Clone, Copy)]
pub struct OtherCore {
    #[cfg(target_os = "linux")]
    core: usize,
}

#[cfg(target_os = "linux")]
impl OtherCore {
    /// The first core other than the calling thread's that it may run on; `None` with one.
    pub fn find() -> Option<OtherCore> {
        // SAFETY: `sched_getaffinity` writes at most `size_of` bytes into a zeroed set owned
        // here; `CPU_ISSET` reads a bit below `CPU_SETSIZE` of it.
        unsafe {
            let mut allowed: libc::cpu_set_t = std::mem::zeroed();
            if libc::sched_getaffinity(0, std::mem::size_of_val(&allowed), &mut allowed) != 0 {
                return None;
            }
            let here = usize::try_from(libc::sched_getcpu()).ok()?;
            (0..libc::CPU_SETSIZE as usize)
                .find(|&c| c != here && libc::CPU_ISSET(c, &allowed))
                .map(|core| OtherCore { core })
        }
    }

    /// Moves the calling thread to that core for the rest of its life. A refusal (the core
    /// taken from the process meanwhile) leaves it where the kernel puts it: only slower.
    pub fn move_here(&self) {
        // SAFETY: `CPU_SET` sets a bit below `CPU_SETSIZE` (the core was found below it) of
        // a zeroed set owned here; `sched_setaffinity` reads `size_of` bytes of it.
        unsafe {
            let mut one: libc::cpu_set_t = std::mem::zeroed();
            libc::CPU_SET(self.core, &mut one);
            libc::sched_setaffinity(0, std::mem::size_of_val(&one), &one);
        }
    }
}

#[cfg(not(target_os = "linux"))]
impl OtherCore {
    pub fn find() -> Option<OtherCore> {
        None
    }
    pub fn move_here(&self) {}
}
