//! Pledges per address per minute (`PORTAL_PLEDGE_RATE_PER_MINUTE`), by the generic cell rate
//! algorithm: each address has a "theoretical arrival time" that every accepted request pushes one
//! interval further; a request is refused while that time is more than a minute ahead. A burst of
//! the whole minute's allowance passes, then requests are spaced evenly — no window edges to game.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// More addresses than this are pruned of those whose allowance is back to full.
const PRUNE_ABOVE: usize = 10_000;

pub struct RateLimiter {
    /// Time between requests at the steady rate; `None` when there is no limit.
    interval: Option<Duration>,
    window: Duration,
    arrivals: Mutex<HashMap<IpAddr, Instant>>,
}

impl RateLimiter {
    pub fn per_minute(rate: u32) -> Self {
        let window = Duration::from_secs(60);
        RateLimiter { interval: (rate > 0).then(|| window / rate), window, arrivals: Mutex::new(HashMap::new()) }
    }

    /// Whether a request from `address` at `now` may go ahead; if so it is counted.
    pub fn allow_at(&self, address: IpAddr, now: Instant) -> bool {
        let Some(interval) = self.interval else { return true };
        let Ok(mut arrivals) = self.arrivals.lock() else { return true };
        if arrivals.len() > PRUNE_ABOVE {
            arrivals.retain(|_, tat| *tat > now);
        }
        let tat = arrivals.get(&address).copied().unwrap_or(now).max(now);
        let next = tat + interval;
        if next.saturating_duration_since(now) > self.window {
            return false;
        }
        arrivals.insert(address, next);
        true
    }

    pub fn allow(&self, address: IpAddr) -> bool {
        self.allow_at(address, Instant::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minutes_allowance_then_one_per_interval() {
        let limiter = RateLimiter::per_minute(5);
        let (a, b): (IpAddr, IpAddr) = ("203.0.113.7".parse().unwrap(), "203.0.113.8".parse().unwrap());
        let start = Instant::now();
        for _ in 0..5 {
            assert!(limiter.allow_at(a, start));
        }
        assert!(!limiter.allow_at(a, start), "the sixth in the same minute is refused");
        assert!(limiter.allow_at(b, start), "other addresses keep their own allowance");
        assert!(!limiter.allow_at(a, start + Duration::from_secs(11)));
        assert!(limiter.allow_at(a, start + Duration::from_secs(12)), "one more after a fifth of a minute");
        assert!(!limiter.allow_at(a, start + Duration::from_secs(13)));
    }

    #[test]
    fn zero_turns_the_limit_off() {
        let limiter = RateLimiter::per_minute(0);
        let a: IpAddr = "198.51.100.1".parse().unwrap();
        assert!((0..1000).all(|_| limiter.allow(a)));
    }
}
