//! The free tier's request rate (4 a minute): requests are spaced out, whatever thread makes
//! them, for as long as the module lives (IRIS's bridge keeps it while its configuration holds).

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Spaces requests `interval` apart.
#[derive(Debug)]
pub struct RateLimiter {
    interval: Duration,
    next: Mutex<Option<Instant>>,
}

impl RateLimiter {
    /// At most `per_minute` requests a minute (0: no limit).
    pub fn per_minute(per_minute: u32) -> Self {
        RateLimiter {
            interval: if per_minute == 0 {
                Duration::ZERO
            } else {
                Duration::from_secs(60) / per_minute
            },
            next: Mutex::new(None),
        }
    }

    /// How long the next request waits (without waiting).
    pub fn reserve(&self) -> Duration {
        if self.interval.is_zero() {
            return Duration::ZERO;
        }
        let now = Instant::now();
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let slot = next.map_or(now, |next| next.max(now));
        *next = Some(slot + self.interval);
        slot - now
    }

    /// Waits for the next request's turn.
    pub fn wait(&self) {
        let delay = self.reserve();
        if !delay.is_zero() {
            std::thread::sleep(delay);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_spaced_out() {
        let limiter = RateLimiter::per_minute(4);
        assert_eq!(limiter.reserve(), Duration::ZERO);
        let second = limiter.reserve();
        assert!(second > Duration::from_secs(14) && second <= Duration::from_secs(15));
        let third = limiter.reserve();
        assert!(third > Duration::from_secs(29) && third <= Duration::from_secs(30));
        assert_eq!(RateLimiter::per_minute(0).reserve(), Duration::ZERO);
    }
}
