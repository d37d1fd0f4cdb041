//! A small deterministic random source for the tests that hold a fast path
//! to the plain one over many generated inputs (xorshift64).

/// A generator of numbers below its argument, from `seed` (never 0).
pub(crate) fn below(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |n| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    }
}
