//! The pace rule, in one place: which slot a request gets, given the next free one. The
//! database store applies the same rule in SQL (`python/shared_state.py`), and the strict test
//! IRIS's tests hold both to the same answers.

use std::time::Duration;

/// How requests to one service are spaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaceRule {
    /// The least time between two requests.
    pub interval: Duration,
    /// The longest a request waits for its slot; a slot further away is not reserved.
    pub max_wait: Duration,
}

impl PaceRule {
    /// A stored slot further ahead than this is not believed (a clock that went back, or a
    /// slot planted by hand): the request goes now.
    pub fn horizon(&self) -> Duration {
        self.max_wait + self.interval
    }
}

/// What a reservation decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    /// How long the request waits.
    pub wait: Duration,
    /// The next free slot to store, when the request was given one (`None`: too far, nothing
    /// reserved).
    pub next_free: Option<Duration>,
}

/// The slot of a request made at `now` (both times since the Unix epoch) when the next free one
/// is `next_free` (none stored yet: now).
pub fn decide(next_free: Option<Duration>, now: Duration, rule: PaceRule) -> Slot {
    let next_free = next_free
        .filter(|next| *next <= now + rule.horizon())
        .unwrap_or(now);
    let slot = next_free.max(now);
    let wait = slot - now;
    Slot {
        wait,
        next_free: (wait <= rule.max_wait).then_some(slot + rule.interval),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: PaceRule = PaceRule {
        interval: Duration::from_secs(15),
        max_wait: Duration::from_secs(60),
    };
    const NOW: Duration = Duration::from_secs(1_000_000);

    #[test]
    fn a_free_service_goes_now_and_the_next_waits_an_interval() {
        assert_eq!(
            decide(None, NOW, RULE),
            Slot {
                wait: Duration::ZERO,
                next_free: Some(NOW + RULE.interval)
            }
        );
        let next = decide(Some(NOW + RULE.interval), NOW, RULE);
        assert_eq!(next.wait, RULE.interval);
        assert_eq!(next.next_free, Some(NOW + RULE.interval * 2));
        // A slot in the past is now.
        assert_eq!(
            decide(Some(NOW - RULE.interval), NOW, RULE).wait,
            Duration::ZERO
        );
    }

    #[test]
    fn a_slot_past_the_longest_wait_is_not_reserved() {
        let far = decide(
            Some(NOW + RULE.max_wait + Duration::from_secs(1)),
            NOW,
            RULE,
        );
        assert_eq!(far.wait, RULE.max_wait + Duration::from_secs(1));
        assert_eq!(far.next_free, None);
    }

    #[test]
    fn a_slot_beyond_the_horizon_is_not_believed() {
        // 3,825 s ahead: planted, or the clock went back.
        let planted = decide(Some(NOW + Duration::from_secs(3825)), NOW, RULE);
        assert_eq!(planted.wait, Duration::ZERO);
        assert_eq!(planted.next_free, Some(NOW + RULE.interval));
    }
}
