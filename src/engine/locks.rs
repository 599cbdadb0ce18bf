//! Per-user serialisation: a fixed set of mutexes striped by a hash of the
//! user id. Two requests for one user always take the same stripe, so a
//! read-modify-write of that user's session never interleaves with another;
//! different users rarely share one, and sharing only costs a short wait.

use crate::rubric::text::stable_hash;
use std::sync::{Mutex, MutexGuard};

const STRIPES: usize = 256;

/// The striped locks.
#[derive(Debug)]
pub struct Locks(Vec<Mutex<()>>);

impl Default for Locks {
    fn default() -> Self {
        Locks((0..STRIPES).map(|_| Mutex::new(())).collect())
    }
}

impl Locks {
    /// Holds the user's stripe until the guard drops.
    pub fn lock(&self, user: &str) -> MutexGuard<'_, ()> {
        let stripe = (stable_hash(user.as_bytes()) % STRIPES as u64) as usize;
        // A panic while holding the lock leaves no half-written state behind
        // (writes are transactional), so a poisoned stripe is still usable.
        self.0[stripe]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
