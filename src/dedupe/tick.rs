//! Progress inside the dedupe stage's steps: a counter of work done that
//! calls back every so many units, so the page's worker hears from a
//! million-row run at least every 250 ms without paying for a call per
//! pair. Counting work rather than reading a clock keeps it deterministic
//! and works in wasm, which has no clock here.

/// Work units between two reports: a few milliseconds of work whether a
/// unit is a row keyed or a pair compared.
pub const REPORT_EVERY: u64 = 16_384;

/// Counts work done towards a total and reports `(done, total)`.
pub struct Ticker<'p> {
    progress: &'p mut dyn FnMut(u64, u64),
    done: u64,
    total: u64,
    next: u64,
}

impl<'p> Ticker<'p> {
    /// A counter at 0 of `total`, reporting to `progress`.
    pub fn new(progress: &'p mut dyn FnMut(u64, u64), total: u64) -> Ticker<'p> {
        Ticker { progress, done: 0, total, next: 0 }
    }

    /// Counts `units` more work, reporting when [`REPORT_EVERY`] units
    /// passed since the last report.
    pub fn add(&mut self, units: u64) {
        self.done = self.done.saturating_add(units);
        if self.done >= self.next {
            self.report();
        }
    }

    /// Reports now, for a step whose work does not come in units (one
    /// iteration of EM, one sort).
    pub fn report(&mut self) {
        (self.progress)(self.done.min(self.total), self.total);
        self.next = self.done.saturating_add(REPORT_EVERY);
    }

    /// Raises the total (work found along the way).
    pub fn grow(&mut self, units: u64) {
        self.total = self.total.saturating_add(units);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_so_many_units() {
        let mut seen = Vec::new();
        let mut progress = |done, total| seen.push((done, total));
        let mut ticker = Ticker::new(&mut progress, 40_000);
        for _ in 0..40_000 {
            ticker.add(1);
        }
        ticker.report();
        assert_eq!(seen, [(1, 40_000), (16_385, 40_000), (32_769, 40_000), (40_000, 40_000)]);
    }
}
