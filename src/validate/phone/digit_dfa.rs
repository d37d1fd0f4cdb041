//! A phone pattern as a table over the ten ASCII digits, for the batch build.
//!
//! Phone numbers, once scanned, are ASCII digits, and libphonenumber's
//! patterns are regular. Exploring `regex-automata`'s lazy DFA for a pattern
//! over the ten digits gives every state a number reaches; written into a
//! plain `[state][digit]` table, a whole-number check is one lookup a digit
//! with nothing else around it (the `regex` searcher's set-up cost more than
//! the walk, several times for every number). The table answers only for
//! ASCII digit input; anything else is left to the regex.

use std::collections::HashMap;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input};

/// States past this many are not tabled (the regex does the work); the
/// largest pattern in the metadata needs a few hundred.
const MAX_STATES: usize = 4096;

/// Room for the lazy DFA while the table is explored: enough that it never
/// clears its cache, which would make the state IDs already seen stale.
const CACHE_BYTES: usize = 8 << 20;

/// The table's "no match can follow" state.
const DEAD: u16 = u16::MAX;

/// A pattern's states and their digit transitions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DigitTable {
    /// `next[state * 10 + digit]`: the state after `digit`, or [`DEAD`].
    next: Vec<u16>,
    /// Whether the input may end in each state (a whole match).
    accepts: Vec<bool>,
}

/// The lazy DFA of `pattern` with its cache, started for an anchored search.
struct Explorer {
    dfa: DFA,
    cache: Cache,
    start: LazyStateID,
}

impl Explorer {
    fn new(pattern: &str) -> Option<Explorer> {
        let config = DFA::config().cache_capacity(CACHE_BYTES);
        // Without Unicode, `\d` is the ten ASCII digits: the same on the
        // digits the table walks, and far fewer NFA states to build than
        // Unicode's sixty-odd ranges of decimal digits.
        let dfa = DFA::builder().configure(config).syntax(syntax::Config::new().unicode(false)).build(pattern).ok()?;
        let mut cache = dfa.create_cache();
        let start = dfa.start_state_forward(&mut cache, &Input::new("").anchored(Anchored::Yes)).ok()?;
        Some(Explorer { dfa, cache, start })
    }

    /// The state after `digit` (0–9), `None` if the DFA gave up.
    fn step(&mut self, from: LazyStateID, digit: u8) -> Option<LazyStateID> {
        let next = self.dfa.next_state(&mut self.cache, from, b'0' + digit).ok()?;
        (!next.is_quit() && !next.is_unknown()).then_some(next)
    }

    /// Whether the input may end after reaching `state`.
    fn accepts(&mut self, state: LazyStateID) -> Option<bool> {
        self.dfa.next_eoi_state(&mut self.cache, state).ok().map(|s| s.is_match())
    }

    /// Whether the IDs handed out so far still name the same states.
    fn consistent(&self) -> bool {
        self.cache.clear_count() == 0
    }
}

impl DigitTable {
    /// The table of an anchored pattern (`^(?:…)$`), `None` when it has too
    /// many states or the lazy DFA cannot explore it.
    pub fn new(pattern: &str) -> Option<DigitTable> {
        let mut explorer = Explorer::new(pattern)?;
        let mut index: HashMap<LazyStateID, u16> = HashMap::new();
        let mut order = vec![explorer.start];
        index.insert(explorer.start, 0);
        let mut table = DigitTable { next: Vec::new(), accepts: Vec::new() };
        let mut i = 0;
        while let Some(&state) = order.get(i) {
            for digit in 0..10 {
                let next = explorer.step(state, digit)?;
                let id = if next.is_dead() {
                    DEAD
                } else if let Some(&id) = index.get(&next) {
                    id
                } else {
                    if order.len() >= MAX_STATES {
                        return None;
                    }
                    let id = u16::try_from(order.len()).ok()?;
                    index.insert(next, id);
                    order.push(next);
                    id
                };
                table.next.push(id);
            }
            table.accepts.push(explorer.accepts(state)?);
            i += 1;
        }
        explorer.consistent().then_some(table)
    }

    /// The digits a match of an anchored prefix pattern (`^(?:…)`) may start
    /// with, as bits 0–9; `None` when the pattern may match the empty string
    /// (any text matches then) or cannot be explored.
    pub fn first_digits(pattern: &str) -> Option<u16> {
        let mut explorer = Explorer::new(pattern)?;
        let start = explorer.start;
        if explorer.accepts(start)? {
            return None;
        }
        let mut digits = 0;
        for digit in 0..10 {
            if !explorer.step(start, digit)?.is_dead() {
                digits |= 1 << digit;
            }
        }
        explorer.consistent().then_some(digits)
    }

    /// Whether the pattern matches all of `text`: `None` when `text` holds
    /// something other than ASCII digits.
    pub fn matches_whole(&self, text: &[u8]) -> Option<bool> {
        let mut state = 0usize;
        for &b in text {
            let digit = b.wrapping_sub(b'0');
            if digit > 9 {
                return None;
            }
            match self.next.get(state * 10 + digit as usize) {
                Some(&DEAD) | None => {
                    // The rest may still hold a non-digit: say so, as the
                    // regex would see it, rather than answer for it.
                    return text.iter().all(u8::is_ascii_digit).then_some(false);
                }
                Some(&next) => state = next as usize,
            }
        }
        self.accepts.get(state).copied()
    }

    /// Number of states (for tests).
    #[cfg(test)]
    pub fn states(&self) -> usize {
        self.accepts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_matches_agree_with_the_regex() {
        let pattern = "^(?:1[3-9]\\d{9}|(?:10|2[0-9])\\d{8}|[3-9]\\d{9,10})$";
        let table = DigitTable::new(pattern).expect("tabled");
        let regex = regex::Regex::new(pattern).expect("compiles");
        for text in ["13800138000", "1380013800", "2012345678", "10123456789", "", "3", "30000000000", "300000000000"] {
            assert_eq!(table.matches_whole(text.as_bytes()), Some(regex.is_match(text)), "{text:?}");
        }
        assert_eq!(table.matches_whole(b"1380013800x"), None);
        assert_eq!(table.matches_whole(b"0x"), None, "a non-digit after the dead state is still not answered");
    }

    #[test]
    fn first_digits_of_prefixes() {
        assert_eq!(DigitTable::first_digits("^(?:00|1[0-2])"), Some(0b11));
        assert_eq!(DigitTable::first_digits("^(?:(?:1(?:[12]\\d|79)\\d\\d)|0)"), Some(0b11));
        assert_eq!(DigitTable::first_digits("^(?:0?)"), None, "the empty match matches anything");
    }
}
