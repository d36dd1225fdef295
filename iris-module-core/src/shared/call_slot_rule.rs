//! The call-slot rule, in one place: which of a module's slots a call takes, given the leases
//! stored. Both stores (IRIS's database, the private directory) read the leases, ask this rule,
//! and store what it decided, under a lock.

use std::time::Duration;

/// One slot's lease as stored: held until `until` (time since the Unix epoch; zero or past:
/// free) by `holder` (a call's random token).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lease {
    /// When the lease ends.
    pub until: Duration,
    /// Who holds it.
    pub holder: i64,
}

/// The slot a call takes at `now`, among the first `limit` of `leases` (a missing one is free),
/// with a lease of `lease`: the lowest slot whose lease has ended. A lease ending further ahead
/// than `lease` is not believed (planted by hand, or the clock went back): its slot is free.
/// `None` when every slot is held.
pub fn choose(leases: &[Lease], now: Duration, limit: u32, lease: Duration) -> Option<u32> {
    (0..limit).find(|&slot| {
        leases
            .get(slot as usize)
            .is_none_or(|held| held.until <= now || held.until > now + lease)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Duration = Duration::from_secs(1_000_000);
    const LEASE: Duration = Duration::from_secs(420);

    fn held(for_secs: u64) -> Lease {
        Lease {
            until: NOW + Duration::from_secs(for_secs),
            holder: 7,
        }
    }

    #[test]
    fn a_call_takes_the_lowest_free_slot_and_none_when_all_are_held() {
        assert_eq!(choose(&[], NOW, 2, LEASE), Some(0));
        assert_eq!(choose(&[held(10)], NOW, 2, LEASE), Some(1));
        assert_eq!(choose(&[held(10), held(5)], NOW, 2, LEASE), None);
        // A lease that has ended frees its slot (a worker killed while holding it).
        let ended = Lease {
            until: NOW - Duration::from_secs(1),
            holder: 7,
        };
        assert_eq!(choose(&[held(10), ended], NOW, 2, LEASE), Some(1));
        // Slots beyond the limit (a limit lowered since) are not used.
        assert_eq!(
            choose(&[held(10), held(10), Lease::default()], NOW, 2, LEASE),
            None
        );
    }

    #[test]
    fn a_lease_beyond_the_longest_is_not_believed() {
        assert_eq!(choose(&[held(3825)], NOW, 1, LEASE), Some(0));
    }
}
