//! The excellent quota: "excellent may not exceed p% of those rated good", per scope.
//!
//! The subtle part is the base. When the base is "good only", moving an excellent candidate down to good adds one
//! to the base, which raises the cap. The excess is therefore the smallest `k` with
//! `candidates − k ≤ cap(good + k)`, not `candidates − cap(good)`. With the base "good or better", moving down
//! does not change the base. [`QuotaCounts::resolve`] computes that fixed point exactly.
//!
//! The tool never demotes anyone by itself: it reports the excess and the candidates a committee would look at
//! first (lowest score first, then by id), and offers the resulting distribution as a proposal.

use serde::Serialize;

use crate::doc::{QuotaBase, Rounding};
use crate::num::Num;

/// The counts in one scope before any proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuotaCounts {
    /// Rated at the capped level (excellent candidates).
    pub candidates: u64,
    /// Rated at the level just below (good).
    pub good: u64,
}

/// The arithmetic result for one scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuotaResolution {
    /// The base as rated: good only, or good plus excellent.
    pub base: u64,
    /// The cap on the base as rated.
    pub cap: u64,
    /// How many candidates must move down to good for the cap to hold.
    pub excess: u64,
    /// The base after those moves.
    pub base_after: u64,
    /// The cap after those moves (larger than `cap` when the base grows).
    pub cap_after: u64,
}

/// `share × base`, rounded as the rule set says; never negative.
pub fn cap_for(share: Num, base: u64, rounding: Rounding) -> u64 {
    let base = Num::int(base.min(i64::MAX as u64) as i64);
    let exact = share.checked_mul(base).unwrap_or(Num::ZERO);
    let rounded = match rounding {
        Rounding::Floor => exact.floor(),
        Rounding::Nearest => exact.round_half_up(),
        Rounding::Ceil => exact.ceil(),
    };
    rounded.max(0) as u64
}

impl QuotaCounts {
    pub fn resolve(self, share: Num, base: QuotaBase, rounding: Rounding) -> QuotaResolution {
        let base_for = |moved: u64| match base {
            QuotaBase::GoodOnly => self.good + moved,
            QuotaBase::GoodOrBetter => self.good + self.candidates,
        };
        let initial_base = base_for(0);
        let cap = cap_for(share, initial_base, rounding);
        // `candidates − k` falls and `cap(k)` never falls as k grows, so the first k that fits is the answer.
        // Binary search keeps this fast even for a scope of a million.
        let fits = |moved: u64| self.candidates - moved <= cap_for(share, base_for(moved), rounding);
        let (mut low, mut high) = (0u64, self.candidates);
        if fits(0) {
            high = 0;
        }
        while low < high {
            let middle = low + (high - low) / 2;
            if fits(middle) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        let excess = high;
        QuotaResolution {
            base: initial_base,
            cap,
            excess,
            base_after: base_for(excess),
            cap_after: cap_for(share, base_for(excess), rounding),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct(p: i64) -> Num {
        Num::percent(Num::int(p))
    }

    #[test]
    fn good_only_base_grows_as_candidates_move_down() {
        // 10 good, 6 excellent candidates, 20% floor: cap(10) = 2. Moving 3 down gives 13 good → cap 2, 3 left: no.
        // Moving 4 down: 14 good → cap 2, 2 left: fits. Naive excess would be 6 − 2 = 4, the same here.
        let r = QuotaCounts { candidates: 6, good: 10 }.resolve(pct(20), QuotaBase::GoodOnly, Rounding::Floor);
        assert_eq!((r.cap, r.excess, r.cap_after), (2, 4, 2));
        // 13 good, 5 candidates: cap(13) = 2, naive excess 3; moving 2 down gives 15 good → cap 3 = 3 left.
        let r = QuotaCounts { candidates: 5, good: 13 }.resolve(pct(20), QuotaBase::GoodOnly, Rounding::Floor);
        assert_eq!((r.cap, r.excess, r.base_after, r.cap_after), (2, 2, 15, 3));
    }

    #[test]
    fn good_or_better_base_is_fixed() {
        let r = QuotaCounts { candidates: 5, good: 13 }.resolve(pct(20), QuotaBase::GoodOrBetter, Rounding::Floor);
        assert_eq!((r.base, r.cap, r.excess), (18, 3, 2));
    }

    #[test]
    fn rounding_changes_the_cap() {
        let counts = QuotaCounts { candidates: 3, good: 12 };
        assert_eq!(counts.resolve(pct(20), QuotaBase::GoodOnly, Rounding::Floor).cap, 2); // 2.4
        assert_eq!(counts.resolve(pct(20), QuotaBase::GoodOnly, Rounding::Nearest).cap, 2);
        assert_eq!(counts.resolve(pct(20), QuotaBase::GoodOnly, Rounding::Ceil).cap, 3);
        let half = QuotaCounts { candidates: 3, good: 15 }; // 20% of 15 = 3.0; of 12.5 …
        assert_eq!(half.resolve(pct(10), QuotaBase::GoodOnly, Rounding::Nearest).cap, 2); // 1.5 → 2
        assert_eq!(half.resolve(pct(10), QuotaBase::GoodOnly, Rounding::Floor).cap, 1);
    }

    #[test]
    fn nothing_to_do_within_the_cap() {
        let r = QuotaCounts { candidates: 2, good: 10 }.resolve(pct(20), QuotaBase::GoodOnly, Rounding::Floor);
        assert_eq!(r.excess, 0);
        let r = QuotaCounts { candidates: 0, good: 0 }.resolve(pct(20), QuotaBase::GoodOnly, Rounding::Floor);
        assert_eq!((r.cap, r.excess), (0, 0));
        // One candidate alone in a cell of one: 20% of 0 good is 0, and moving them down makes 20% of 1 = 0.
        let r = QuotaCounts { candidates: 1, good: 0 }.resolve(pct(20), QuotaBase::GoodOnly, Rounding::Floor);
        assert_eq!(r.excess, 1);
    }
}
