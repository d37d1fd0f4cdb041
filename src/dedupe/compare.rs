//! Comparison levels: how closely two records agree on one field.
//!
//! As in Splink, each comparator sorts a pair of values into one of a few
//! levels: level 0 is exact (the strongest agreement), each further level is
//! weaker, and the last one means the values disagree. The scorer
//! (`super::score`) learns how much each level says about a match, so the
//! levels only need to be ordered and distinct, not calibrated.
//!
//! A comparator returns `None` when either value is missing (empty, or not
//! of the field's type: an email without `@`). A missing value is neutral:
//! it is evidence neither for nor against a match, and the scorer must skip
//! it rather than count it as a disagreement.
//!
//! Each comparator has a table of its levels in its documentation, and a
//! `*_LABELS` constant naming them (for explanations) whose length is the
//! `*_LEVELS` constant the scorer sizes its tables with.
//!
//! The comparators run once per candidate pair, far more often than the
//! keys of [`super::keys`] are computed, so they borrow where they can.
//! Those that take raw values ([`compare_email`], [`compare_phone`]) borrow
//! when the value already is its own key; for names, companies and
//! addresses, compute the key once per record and compare the keys
//! ([`compare_name`], [`compare_text_tokens`] on `company_key`s,
//! [`compare_token_sets`] on `address_tokens`).

use super::keys::{address_tokens, email_key_cow, phone_digits, NameKey, TokenSound};
use crate::normalize::company::company_key;
use crate::normalize::name::is_cjk;
use crate::validate::date::{days_from_civil, days_in_month, parse_date};

/// The levels of [`compare_email`].
pub const EMAIL_LABELS: [&str; 4] = ["same address", "same local part", "Jaro-Winkler ≥ 0.9", "different"];
/// How many levels [`compare_email`] has.
pub const EMAIL_LEVELS: usize = EMAIL_LABELS.len();

/// Local parts shared by the role accounts of many organizations: the same
/// one at two domains says nothing about a person.
#[rustfmt::skip]
const ROLE_ACCOUNTS: &[&str] = &[
    "accounts", "admin", "billing", "contact", "enquiries", "hello", "help", "hr", "info", "kefu", "mail",
    "marketing", "no-reply", "noreply", "office", "sales", "service", "support", "team", "test", "webmaster",
];

/// Compares two email addresses (or their [`email_key`]s, which is quicker)
/// by their keys.
///
/// | level | when |
/// | --- | --- |
/// | 0 | same key (`J.Smith+x@gmail.com`, `jsmith@googlemail.com`) |
/// | 1 | same local part, dots aside, at another domain (or the same one): a mistyped domain (`@gmial.com`) or the same person's other provider; never for role accounts such as `info@` |
/// | 2 | Jaro-Winkler similarity of the keys ≥ 0.9: a typo; not when the local parts hold different digits (`user12@` and `user13@`, `ann1985@` and `ann1990@` are other accounts, not typos) |
/// | 3 | different |
///
/// `None` if either has no key (see [`email_key`]).
///
/// [`email_key`]: super::keys::email_key
pub fn compare_email(a: &str, b: &str) -> Option<u8> {
    compare_email_keys(&email_key_cow(a)?, &email_key_cow(b)?)
}

/// [`compare_email`] of two [`email_key`]s, as stored per record: the keys
/// are not normalized again (that was 4% of scoring a million rows).
///
/// [`email_key`]: super::keys::email_key
pub fn compare_email_keys(a: &str, b: &str) -> Option<u8> {
    if a == b {
        return Some(0);
    }
    let (local_a, _) = a.rsplit_once('@')?;
    let (local_b, _) = b.rsplit_once('@')?;
    let same_local = local_a.chars().filter(|&c| c != '.').eq(local_b.chars().filter(|&c| c != '.'));
    if same_local && !ROLE_ACCOUNTS.contains(&local_a) {
        return Some(1);
    }
    if !ascii_digits(local_a).eq(ascii_digits(local_b)) {
        return Some(3);
    }
    Some(if jaro_winkler(a, b) >= 0.9 { 2 } else { 3 })
}

/// The ASCII digits of `text`, in order.
fn ascii_digits(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.bytes().filter(u8::is_ascii_digit)
}

/// FNV-1a over `bytes`: a small, fixed hash for the signatures below.
fn fnv(bytes: impl Iterator<Item = u8>) -> u32 {
    bytes.fold(0x811C_9DC5, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// A summary of an [`email_key`] from which [`emails_surely_differ`] tells
/// most pairs of other people's addresses apart without reading them (on a
/// million rows, reading two addresses per pair was mostly cache misses):
/// a hash of the local part without dots, and one of its digits.
///
/// [`email_key`]: super::keys::email_key
pub fn email_signature(key: &str) -> u64 {
    let local = key.rsplit_once('@').map_or(key, |(local, _)| local);
    let undotted = fnv(local.bytes().filter(|&b| b != b'.'));
    (u64::from(undotted) << 32) | u64::from(fnv(ascii_digits(local)))
}

/// Whether two different email keys with these signatures are surely at
/// the last level of [`compare_email_keys`]: their local parts differ, dots
/// aside, and so do their digits.
pub fn emails_surely_differ(x: u64, y: u64) -> bool {
    (x >> 32) != (y >> 32) && (x as u32) != (y as u32)
}

/// A summary of a [`phone_key`] for [`phones_surely_differ`]: how often each
/// digit occurs (4 bits each; keys have at most 15 digits), and a hash of
/// the last 8 digits (0 when there are fewer).
///
/// [`phone_key`]: super::keys::phone_key
pub fn phone_signature(digits: &str) -> u64 {
    let counts = ascii_digits(digits).fold(0u64, |counts, d| {
        let shift = 4 * u64::from(d - b'0');
        if (counts >> shift) & 0xF == 0xF {
            counts
        } else {
            counts + (1 << shift)
        }
    });
    let tail = last_digits(digits).map_or(0, |tail| (fnv(tail.bytes()) & 0xFF_FFFF) | 1);
    (u64::from(tail) << 40) | counts
}

/// Whether two different phone keys with these signatures are surely at
/// the last level of [`compare_phone_keys`]: their last 8 digits differ
/// (or one has fewer), and no single edit turns one into the other, since
/// an edit changes the digit counts by at most 2 in all.
pub fn phones_surely_differ(x: u64, y: u64) -> bool {
    let (tail_x, tail_y) = (x >> 40, y >> 40);
    let same_tail_possible = tail_x != 0 && tail_x == tail_y;
    let count_changes: u64 = (0..10).map(|d| ((x >> (4 * d)) & 0xF).abs_diff((y >> (4 * d)) & 0xF)).sum();
    !same_tail_possible && count_changes > 2
}

/// A 64-bit summary of a word set: bit `h(id)` for each word id. Two sets
/// whose summaries share no bit share no word, so [`compare_sorted_sets`]
/// would find them different.
pub fn word_set_signature(ids: &[u32]) -> u64 {
    ids.iter().fold(0, |bits, &id| bits | 1 << ((u64::from(id).wrapping_mul(0x9E37_79B9_7F4A_7C15)) >> 58))
}

/// The levels of [`compare_phone`].
pub const PHONE_LABELS: [&str; 4] = ["same number", "same last 8 digits", "one typo apart", "different"];
/// How many levels [`compare_phone`] has.
pub const PHONE_LEVELS: usize = PHONE_LABELS.len();

/// Digits compared by the second level of [`compare_phone`]: enough for a
/// subscriber number in most countries, few enough to skip the country and
/// trunk codes.
const PHONE_TAIL: usize = 8;

/// Compares two phone numbers in E.164 form (or their [`phone_key`]s).
///
/// | level | when |
/// | --- | --- |
/// | 0 | same digits (extensions aside) |
/// | 1 | same last 8 digits: a country code missing (`13800138000` vs `+8613800138000`) or a different trunk prefix |
/// | 2 | one digit wrong, missing, extra or two adjacent digits swapped (Damerau-Levenshtein distance 1) |
/// | 3 | different |
///
/// `None` if either has no key (see [`phone_key`]).
///
/// [`phone_key`]: super::keys::phone_key
pub fn compare_phone(a: &str, b: &str) -> Option<u8> {
    compare_phone_keys(&phone_digits(a)?, &phone_digits(b)?)
}

/// [`compare_phone`] of two [`phone_key`]s (digits only), as stored per record.
///
/// [`phone_key`]: super::keys::phone_key
pub fn compare_phone_keys(a: &str, b: &str) -> Option<u8> {
    if a == b {
        return Some(0);
    }
    if let (Some(tail_a), Some(tail_b)) = (last_digits(a), last_digits(b)) {
        if tail_a == tail_b {
            return Some(1);
        }
    }
    Some(if one_edit_apart(a.as_bytes(), b.as_bytes()) { 2 } else { 3 })
}

/// Whether two different byte strings are one edit apart: one byte
/// replaced, inserted or deleted, or two adjacent bytes swapped (optimal
/// string alignment or Damerau-Levenshtein distance 1), found in one pass
/// without the distance matrix.
fn one_edit_apart(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    let (rest_short, rest_long) = (short.get(prefix..).unwrap_or(&[]), long.get(prefix..).unwrap_or(&[]));
    match long.len() - short.len() {
        // Insertion: skipping one byte of the longer leaves the same text.
        1 => rest_long.get(1..) == Some(rest_short),
        0 => {
            let substituted = rest_short.get(1..) == rest_long.get(1..);
            let swapped = matches!((rest_short, rest_long), ([p, q, tail_a @ ..], [r, s, tail_b @ ..]) if p == s && q == r && tail_a == tail_b);
            substituted || swapped
        }
        _ => false,
    }
}

/// The last [`PHONE_TAIL`] digits, if there are that many.
fn last_digits(digits: &str) -> Option<&str> {
    digits.get(digits.len().checked_sub(PHONE_TAIL)?..)
}

/// The levels of [`compare_name`].
pub const NAME_LABELS: [&str; 6] = [
    "same name",
    "same words rearranged or transliterated",
    "words sound alike, nicknames",
    "Jaro-Winkler ≥ 0.92",
    "Jaro-Winkler ≥ 0.80",
    "different",
];
/// How many levels [`compare_name`] has.
pub const NAME_LEVELS: usize = NAME_LABELS.len();

/// Compares two names by their [`NameKey`]s.
///
/// | level | when |
/// | --- | --- |
/// | 0 | same fingerprint (`John Smith`, `SMITH, John`) |
/// | 1 | the same letters in other words: `Mary Jane Smith` vs `Maryjane Smith`; or a Chinese name against its pinyin in either order (`张伟` vs `Wei Zhang`, `欧阳娜娜` vs `Ouyang Nana`, `王小明` vs `Xiao Ming Wang`) |
/// | 2 | every word of the shorter name (at least two words if the lengths differ) pairs off with a word of the other that sounds alike (shared Double Metaphone code: `Jon`/`John`, `Smyth`/`Smith`), is a nickname of it (`Bob`/`Robert`), or is its initial (`J`/`John`); for two Chinese names, the same pinyin (`张伟` vs `章伟`: a homophone picked from the input method) |
/// | 3 | Jaro-Winkler similarity ≥ 0.92 |
/// | 4 | Jaro-Winkler similarity ≥ 0.80 |
/// | 5 | different |
///
/// Jaro-Winkler is taken on the fingerprints and on the Latin forms
/// ([`NameKey::latin`]), whichever is higher. `None` if either name has no
/// words. Level 2 is evidence, not proof: Double Metaphone gives `John` and
/// `Jane` the same code, and drops vowels (`Li`, `Lee`, `Lu`).
pub fn compare_name(a: &NameKey, b: &NameKey) -> Option<u8> {
    if a.fingerprint.is_empty() || b.fingerprint.is_empty() {
        return None;
    }
    if a.fingerprint == b.fingerprint {
        return Some(0);
    }
    let one_chinese = a.pinyin.is_some() != b.pinyin.is_some();
    if rearranged(&a.fingerprint, &b.fingerprint) || (one_chinese && rearranged(a.latin(), b.latin())) {
        return Some(1);
    }
    let sound_alike = match (&a.pinyin, &b.pinyin) {
        // Two Chinese names written in different characters: the pinyin of
        // each character is exact, so only the whole reading counts.
        (Some(pa), Some(pb)) => pa == pb,
        _ => words_sound_alike(a, b),
    };
    if sound_alike {
        return Some(2);
    }
    let mut similarity = jaro_winkler(&a.fingerprint, &b.fingerprint);
    if a.pinyin.is_some() || b.pinyin.is_some() {
        similarity = similarity.max(jaro_winkler(a.latin(), b.latin()));
    }
    Some(if similarity >= 0.92 {
        3
    } else if similarity >= 0.80 {
        4
    } else {
        5
    })
}

/// Most words of a name compared word by word; longer names are compared
/// by Jaro-Winkler alone.
const MAX_WORDS: usize = 8;

/// The words of a key, on the stack.
struct Words<'a> {
    /// The words, in `text[..len]`.
    text: [&'a str; MAX_WORDS],
    /// Their sounds, when they were taken from a [`NameKey`].
    sound: [TokenSound; MAX_WORDS],
    /// Words in use.
    len: usize,
}

impl<'a> Words<'a> {
    /// The space-separated words of `text`, or `None` if there are more
    /// than [`MAX_WORDS`].
    fn of(text: &'a str) -> Option<Words<'a>> {
        let mut words = Words { text: [""; MAX_WORDS], sound: [TokenSound::default(); MAX_WORDS], len: 0 };
        for word in text.split_whitespace() {
            *words.text.get_mut(words.len)? = word;
            words.len += 1;
        }
        Some(words)
    }

    /// The Latin words of a name key with their sounds.
    fn of_name(key: &'a NameKey) -> Option<Words<'a>> {
        let mut words = Words::of(key.latin())?;
        for (slot, sound) in words.sound.iter_mut().zip(&key.sounds) {
            *slot = *sound;
        }
        Some(words)
    }

    /// The bit set of all words.
    fn all(&self) -> u32 {
        (1u32 << self.len) - 1
    }
}

/// Whether the space-separated words of `a` and `b`, each put in some
/// order and written without spaces, spell the same thing: `mary jane` and
/// `maryjane`, `ming wang xiao` and `wang xiaoming`. Both sides have at
/// most [`MAX_WORDS`] words.
fn rearranged(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let letters = |s: &str| s.bytes().filter(|&c| c != b' ').count();
    if letters(a) != letters(b) {
        return false;
    }
    match (Words::of(a), Words::of(b)) {
        (Some(a), Some(b)) => spell_alike(&a, &b, (0, 0), (b"", b"")),
        _ => false,
    }
}

/// The search behind [`rearranged`]: `used` holds the words of each side
/// taken so far, `rest` what is left of the last word taken on each side,
/// and the letters before it are known to agree. Takes a new word on
/// whichever side has run out and checks the common prefix.
fn spell_alike(a: &Words, b: &Words, used: (u32, u32), rest: (&[u8], &[u8])) -> bool {
    let (used_a, used_b) = used;
    match rest {
        ([], []) if used_a == a.all() && used_b == b.all() => true,
        ([], _) if used_a == a.all() => false,
        (_, []) if used_b == b.all() => false,
        ([], rest_b) => (0..a.len).any(|i| {
            used_a & (1 << i) == 0 && spell_alike(a, b, (used_a | 1 << i, used_b), (a.text[i].as_bytes(), rest_b))
        }),
        (rest_a, []) => (0..b.len).any(|j| {
            used_b & (1 << j) == 0 && spell_alike(a, b, (used_a, used_b | 1 << j), (rest_a, b.text[j].as_bytes()))
        }),
        (rest_a, rest_b) => {
            let n = rest_a.len().min(rest_b.len());
            let (head_a, tail_a) = rest_a.split_at(n);
            let (head_b, tail_b) = rest_b.split_at(n);
            head_a == head_b && spell_alike(a, b, used, (tail_a, tail_b))
        }
    }
}

/// Whether every word of the shorter name pairs off with a different word
/// of the longer one that agrees with it (see [`words_agree`]). When the
/// names have different lengths the shorter must have two words at least,
/// so that `John` alone does not agree with `John Smith`.
fn words_sound_alike(a: &NameKey, b: &NameKey) -> bool {
    let (Some(a), Some(b)) = (Words::of_name(a), Words::of_name(b)) else {
        return false;
    };
    let (short, long) = if a.len <= b.len { (a, b) } else { (b, a) };
    if short.len == 0 || (short.len < long.len && short.len < 2) {
        return false;
    }
    pair_off(&short, &long, 0, 0)
}

/// Pairs word `i` and those after it of `short` with unused words of `long`.
fn pair_off(short: &Words, long: &Words, i: usize, used: u32) -> bool {
    if i == short.len {
        return true;
    }
    (0..long.len).any(|j| {
        used & (1 << j) == 0
            && words_agree(short.text[i], &short.sound[i], long.text[j], &long.sound[j])
            && pair_off(short, long, i + 1, used | 1 << j)
    })
}

/// Whether two words of names agree at the phonetic level: equal, sharing
/// a Double Metaphone code, nicknames of one another or of the same name,
/// or one is the other's initial.
fn words_agree(a: &str, sound_a: &TokenSound, b: &str, sound_b: &TokenSound) -> bool {
    a == b || sound_a.overlaps(sound_b) || is_initial_of(a, b) || is_initial_of(b, a) || nicknames(a, b)
}

/// Whether `initial` is one letter and `word` starts with it.
fn is_initial_of(initial: &str, word: &str) -> bool {
    let mut letters = initial.chars();
    matches!((letters.next(), letters.next()), (Some(c), None) if word.len() > initial.len() && word.starts_with(c))
}

/// Common English nicknames and the names they stand for, sorted by
/// nickname. A nickname of several names has a row for each.
const NICKNAMES: &[(&str, &str)] = &[
    ("abby", "abigail"),
    ("al", "albert"),
    ("al", "alfred"),
    ("alex", "alexander"),
    ("alex", "alexandra"),
    ("andy", "andrew"),
    ("ben", "benjamin"),
    ("beth", "elizabeth"),
    ("betty", "elizabeth"),
    ("bill", "william"),
    ("billy", "william"),
    ("bob", "robert"),
    ("bobby", "robert"),
    ("cathy", "catherine"),
    ("charlie", "charles"),
    ("chris", "christina"),
    ("chris", "christine"),
    ("chris", "christopher"),
    ("chuck", "charles"),
    ("dan", "daniel"),
    ("danny", "daniel"),
    ("dave", "david"),
    ("debbie", "deborah"),
    ("dick", "richard"),
    ("don", "donald"),
    ("ed", "edward"),
    ("eddie", "edward"),
    ("fred", "frederick"),
    ("greg", "gregory"),
    ("hank", "henry"),
    ("harry", "henry"),
    ("jack", "john"),
    ("jake", "jacob"),
    ("jeff", "jeffrey"),
    ("jen", "jennifer"),
    ("jenny", "jennifer"),
    ("jerry", "gerald"),
    ("jim", "james"),
    ("jimmy", "james"),
    ("joe", "joseph"),
    ("johnny", "john"),
    ("jon", "jonathan"),
    ("kate", "catherine"),
    ("kate", "katherine"),
    ("kathy", "katherine"),
    ("katie", "katherine"),
    ("ken", "kenneth"),
    ("larry", "lawrence"),
    ("liz", "elizabeth"),
    ("maggie", "margaret"),
    ("matt", "matthew"),
    ("meg", "margaret"),
    ("mick", "michael"),
    ("mike", "michael"),
    ("nick", "nicholas"),
    ("pat", "patricia"),
    ("pat", "patrick"),
    ("peggy", "margaret"),
    ("pete", "peter"),
    ("phil", "philip"),
    ("ray", "raymond"),
    ("rich", "richard"),
    ("rick", "richard"),
    ("rob", "robert"),
    ("ron", "ronald"),
    ("sam", "samantha"),
    ("sam", "samuel"),
    ("sandy", "sandra"),
    ("steve", "stephen"),
    ("steve", "steven"),
    ("sue", "susan"),
    ("ted", "edward"),
    ("ted", "theodore"),
    ("tim", "timothy"),
    ("tom", "thomas"),
    ("tommy", "thomas"),
    ("tony", "anthony"),
    ("vicky", "victoria"),
    ("walt", "walter"),
    ("will", "william"),
];

/// The names `word` is a nickname of (none for a word that is not one).
fn formal_names(word: &str) -> impl Iterator<Item = &'static str> + '_ {
    let start = NICKNAMES.partition_point(|&(nick, _)| nick < word);
    NICKNAMES.iter().skip(start).take_while(move |&&(nick, _)| nick == word).map(|&(_, formal)| formal)
}

/// Whether `a` and `b` are the same name by the nickname table: one is a
/// nickname of the other (`bob`, `robert`) or both are of the same name
/// (`bob`, `rob`).
fn nicknames(a: &str, b: &str) -> bool {
    formal_names(a).any(|f| f == b || formal_names(b).any(|g| g == f)) || formal_names(b).any(|f| f == a)
}

/// The levels of [`compare_date`].
pub const DATE_LABELS: [&str; 5] = ["same day", "day and month swapped", "within 31 days", "same year", "different"];
/// How many levels [`compare_date`] has.
pub const DATE_LEVELS: usize = DATE_LABELS.len();

/// Compares two dates, normally ISO 8601 (`2024-03-04`, with or without a
/// time, which is ignored); other forms go through [`parse_date`].
///
/// | level | when |
/// | --- | --- |
/// | 0 | same day |
/// | 1 | day and month swapped (`2024-03-04` vs `2024-04-03`): one side was read in the other order |
/// | 2 | at most 31 days apart: the same month, or a typo near a month's end |
/// | 3 | same year |
/// | 4 | different |
///
/// `None` if either is not a date.
pub fn compare_date(a: &str, b: &str) -> Option<u8> {
    let (ya, ma, da) = ymd(a)?;
    let (yb, mb, db) = ymd(b)?;
    if (ya, ma, da) == (yb, mb, db) {
        return Some(0);
    }
    if ya == yb && ma == db && da == mb {
        return Some(1);
    }
    let apart = (days_from_civil(ya, ma, da) - days_from_civil(yb, mb, db)).abs();
    Some(if apart <= 31 {
        2
    } else if ya == yb {
        3
    } else {
        4
    })
}

/// Year, month and day of a date: read directly when the value starts with
/// an ISO `YYYY-MM-DD` (the normalized form, and the usual case), else by
/// [`parse_date`].
fn ymd(value: &str) -> Option<(i32, u32, u32)> {
    let value = value.trim();
    let number = |range: std::ops::Range<usize>| {
        value.get(range).filter(|s| s.bytes().all(|b| b.is_ascii_digit())).and_then(|s| s.parse::<u32>().ok())
    };
    let iso = value.get(4..5) == Some("-") && value.get(7..8) == Some("-");
    if let (true, Some(year), Some(month), Some(day)) = (iso, number(0..4), number(5..7), number(8..10)) {
        let year = i32::try_from(year).ok()?;
        let valid = year > 0 && day >= 1 && day <= days_in_month(year, month);
        return valid.then_some((year, month, day));
    }
    parse_date(value, None).ok().map(|d| (d.year, d.month, d.day))
}

/// The levels of [`compare_number`].
pub const NUMBER_LABELS: [&str; 4] = ["equal", "within 1%", "within 10%", "different"];
/// How many levels [`compare_number`] has.
pub const NUMBER_LEVELS: usize = NUMBER_LABELS.len();

/// Compares two numbers (as normalized: `1234.5`, `-3`, `1e6`) by their
/// difference relative to the larger magnitude.
///
/// | level | when |
/// | --- | --- |
/// | 0 | equal (`100` and `100.0`) |
/// | 1 | within 1% |
/// | 2 | within 10% |
/// | 3 | different |
///
/// `None` if either is not a finite number.
pub fn compare_number(a: &str, b: &str) -> Option<u8> {
    let (a, b) = (number(a)?, number(b)?);
    if a == b {
        return Some(0);
    }
    let relative = (a - b).abs() / a.abs().max(b.abs());
    Some(if relative <= 0.01 {
        1
    } else if relative <= 0.1 {
        2
    } else {
        3
    })
}

/// A finite number, or `None`.
fn number(value: &str) -> Option<f64> {
    value.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The levels of [`compare_token_sets`], [`compare_text_tokens`],
/// [`compare_company`] and [`compare_address`].
pub const TOKEN_LABELS: [&str; 4] = ["same words", "overlap ≥ 0.9", "overlap ≥ 0.6", "different"];
/// How many levels the token-set comparators have.
pub const TOKEN_LEVELS: usize = TOKEN_LABELS.len();

/// Compares two lists of words as sets, by their overlap coefficient
/// `|A ∩ B| / min(|A|, |B|)`, which is 1 when one set holds the other
/// (`1 main st` and `1 main st apt 4`).
///
/// | level | when |
/// | --- | --- |
/// | 0 | same set of words |
/// | 1 | overlap ≥ 0.9 |
/// | 2 | overlap ≥ 0.6 |
/// | 3 | different |
///
/// `None` if either list is empty. Meant for [`address_tokens`].
pub fn compare_token_sets<S: AsRef<str>>(a: &[S], b: &[S]) -> Option<u8> {
    overlap_level(a.iter().map(AsRef::as_ref).collect(), b.iter().map(AsRef::as_ref).collect())
}

/// Compares two texts as sets of words (see [`compare_token_sets`] for the
/// levels): the words are what whitespace separates, taken as they are, so
/// pass keys (`company_key`, folded text) rather than raw values. A word of
/// two or more Chinese, Japanese or Korean characters, written without
/// spaces, counts as its overlapping character pairs (`字节跳动` → `字节`,
/// `节跳`, `跳动`), so that `北京字节跳动科技` holds `字节跳动`.
///
/// `None` if either has no words.
pub fn compare_text_tokens(a: &str, b: &str) -> Option<u8> {
    overlap_level(text_tokens(a), text_tokens(b))
}

/// Compares two company names by their `company_key`s with
/// [`compare_text_tokens`]: `Acme, Inc.` and `ACME Incorporated` are the
/// same words (`acme`). Builds both keys; with many pairs per record,
/// compute `company_key` once per record and call [`compare_text_tokens`].
pub fn compare_company(a: &str, b: &str) -> Option<u8> {
    compare_text_tokens(&company_key(a), &company_key(b))
}

/// Compares two addresses by their [`address_tokens`] with
/// [`compare_token_sets`]: `1 Main St.` and `1 Main Street` are the same
/// words. Builds both token lists; with many pairs per record, compute them
/// once per record and call [`compare_token_sets`].
pub fn compare_address(a: &str, b: &str) -> Option<u8> {
    compare_token_sets(&address_tokens(a), &address_tokens(b))
}

/// The words of `text` for [`compare_text_tokens`].
pub fn text_tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    for word in text.split_whitespace() {
        let mut chars = word.char_indices().peekable();
        if word.chars().nth(1).is_none() || !word.chars().all(is_cjk) {
            tokens.push(word);
            continue;
        }
        while let Some((start, _)) = chars.next() {
            let Some(&(second, c)) = chars.peek() else { break };
            tokens.extend(word.get(start..second + c.len_utf8()));
        }
    }
    tokens
}

/// The level of two bags of words by the overlap of their sets.
fn overlap_level(mut a: Vec<&str>, mut b: Vec<&str>) -> Option<u8> {
    a.sort_unstable();
    a.dedup();
    b.sort_unstable();
    b.dedup();
    compare_sorted_sets(&a, &b)
}

/// [`compare_token_sets`] of two word sets given sorted and without
/// repeats, such as interned word ids: what a record's words are stored as,
/// so a pair is compared without sorting or allocating.
///
/// `None` if either set is empty.
pub fn compare_sorted_sets<T: Ord>(a: &[T], b: &[T]) -> Option<u8> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    if a == b {
        return Some(0);
    }
    let overlap = common_count(a, b) as f64 / a.len().min(b.len()) as f64;
    Some(if overlap >= 0.9 {
        1
    } else if overlap >= 0.6 {
        2
    } else {
        3
    })
}

/// How many items two sorted, de-duplicated lists share.
fn common_count<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

/// Longest strings [`jaro_winkler`] compares with bit masks on the stack;
/// longer or non-ASCII ones go to `strsim`.
const SHORT: usize = 64;

/// The Jaro-Winkler similarity of `a` and `b`, exactly as
/// `strsim::jaro_winkler` computes it, without its two allocations per call
/// for the usual case of short ASCII keys (names, emails): this runs for
/// most candidate pairs.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if !(a.is_ascii() && b.is_ascii() && x.len() <= SHORT && y.len() <= SHORT) {
        return strsim::jaro_winkler(a, b);
    }
    let sim = jaro_ascii(x, y);
    if sim > 0.7 {
        let prefix = x.iter().zip(y).take(4).take_while(|(p, q)| p == q).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
}

/// Jaro similarity of two ASCII strings of at most [`SHORT`] bytes, with the
/// matched positions as bit masks (the same steps as `strsim::generic_jaro`).
fn jaro_ascii(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let range = (a.len().max(b.len()) / 2).saturating_sub(1);
    let (mut flags_a, mut flags_b, mut matches) = (0u64, 0u64, 0usize);
    for (i, ca) in a.iter().enumerate() {
        let end = b.len().min(i + range + 1);
        for j in i.saturating_sub(range)..end {
            if flags_b & (1 << j) == 0 && b.get(j) == Some(ca) {
                flags_a |= 1 << i;
                flags_b |= 1 << j;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0;
    let mut matched_b = (0..b.len()).filter(|j| flags_b & (1 << j) != 0);
    for (i, ca) in a.iter().enumerate() {
        if flags_a & (1 << i) != 0 && matched_b.next().and_then(|j| b.get(j)) != Some(ca) {
            transpositions += 1;
        }
    }
    let (m, t) = (matches as f64, (transpositions / 2) as f64);
    (m / a.len() as f64 + m / b.len() as f64 + (m - t) / m) / 3.0
}

/// The levels of [`compare_exact`].
pub const EXACT_LABELS: [&str; 2] = ["equal", "different"];
/// How many levels [`compare_exact`] has.
pub const EXACT_LEVELS: usize = EXACT_LABELS.len();

/// Compares two values for equality, surrounding whitespace aside: for
/// codes that are either right or wrong (country, gender, ID numbers once
/// normalized).
///
/// | level | when |
/// | --- | --- |
/// | 0 | equal |
/// | 1 | different |
///
/// `None` if either is empty.
pub fn compare_exact(a: &str, b: &str) -> Option<u8> {
    let (a, b) = (a.trim(), b.trim());
    if a.is_empty() || b.is_empty() {
        return None;
    }
    Some(u8::from(a != b))
}

#[cfg(test)]
mod tests {

    #[test]
    fn emails_with_other_numbers_are_other_accounts() {
        assert_eq!(compare_email("zh.user12@example.cn", "zh.user13@example.cn"), Some(3));
        assert_eq!(compare_email("ann1985@qq.com", "ann1990@qq.com"), Some(3));
        assert_eq!(compare_email("john.smiht@example.com", "john.smith@example.com"), Some(2));
    }

    use super::*;
    use crate::dedupe::keys::name_key;

    fn names(a: &str, b: &str) -> Option<u8> {
        compare_name(&name_key(a), &name_key(b))
    }

    #[test]
    fn labels_match_levels() {
        assert_eq!((EMAIL_LEVELS, PHONE_LEVELS, NAME_LEVELS, DATE_LEVELS), (4, 4, 6, 5));
        assert_eq!((NUMBER_LEVELS, TOKEN_LEVELS, EXACT_LEVELS), (4, 4, 2));
    }

    #[test]
    fn email_levels() {
        assert_eq!(compare_email("john.smith+crm@gmail.com", "JohnSmith@googlemail.com"), Some(0));
        assert_eq!(compare_email("Jane@Example.com", "jane+news@example.com"), Some(0));
        assert_eq!(compare_email("john.smith@gmail.com", "john.smith@gmial.com"), Some(1));
        assert_eq!(compare_email("13800138000@qq.com", "13800138000@163.com"), Some(1));
        assert_eq!(compare_email("jon.smith@acme.com", "john.smith@acme.com"), Some(2));
        assert_eq!(compare_email("john.smith@acme.com", "mary.jones@other.org"), Some(3));
    }

    #[test]
    fn email_role_accounts_are_not_people() {
        assert_eq!(compare_email("info@acme.com", "info@globex.com"), Some(3));
        // A mistyped domain is still caught by similarity.
        assert_eq!(compare_email("info@acme.com", "info@acme.co"), Some(2));
    }

    #[test]
    fn email_missing_is_neutral() {
        assert_eq!(compare_email("", "john@example.com"), None);
        assert_eq!(compare_email("john@example.com", "n/a"), None);
    }

    #[test]
    fn phone_levels() {
        assert_eq!(compare_phone("+8613800138000", "+8613800138000;ext=12"), Some(0));
        assert_eq!(compare_phone("+8613800138000", "13800138000"), Some(1));
        assert_eq!(compare_phone("+442079460958", "02079460958"), Some(1));
        assert_eq!(compare_phone("+8613800138000", "+8613800183000"), Some(2));
        assert_eq!(compare_phone("+14155550100", "+1415550100"), Some(2));
        assert_eq!(compare_phone("+14155550100", "+14155550199"), Some(3));
        assert_eq!(compare_phone("+8613800138000", "+8613912345678"), Some(3));
    }

    #[test]
    fn phone_missing_is_neutral() {
        assert_eq!(compare_phone("", "+8613800138000"), None);
        assert_eq!(compare_phone("+8613800138000", "unknown"), None);
        assert_eq!(compare_phone("0000000000", "0000000000"), None);
    }

    #[test]
    fn name_exact_fingerprint() {
        assert_eq!(names("John Smith", "SMITH, John"), Some(0));
        assert_eq!(names("José Álvarez", "Jose Alvarez"), Some(0));
        assert_eq!(names("张伟", "张 伟"), Some(0));
    }

    #[test]
    fn name_chinese_meets_pinyin() {
        assert_eq!(names("张伟", "Zhang Wei"), Some(1));
        assert_eq!(names("张伟", "Wei Zhang"), Some(1));
        assert_eq!(names("Wei ZHANG", "张伟"), Some(1));
        assert_eq!(names("欧阳娜娜", "Ouyang Nana"), Some(1));
        assert_eq!(names("欧阳娜娜", "Nana Ouyang"), Some(1));
        assert_eq!(names("王小明", "Xiao Ming Wang"), Some(1));
        assert_eq!(names("Mary Jane Smith", "Maryjane Smith"), Some(1));
    }

    #[test]
    fn name_sounds_and_nicknames() {
        assert_eq!(names("Jon Smith", "John Smith"), Some(2));
        assert_eq!(names("John Smyth", "Jon Smith"), Some(2));
        assert_eq!(names("Bob Smith", "Robert Smith"), Some(2));
        assert_eq!(names("Bill Gates", "William Gates"), Some(2));
        assert_eq!(names("Liz Taylor", "Elizabeth Taylor"), Some(2));
        assert_eq!(names("Kate Middleton", "Katherine Middleton"), Some(2));
        assert_eq!(names("Bob Jones", "Rob Jones"), Some(2));
        assert_eq!(names("J Smith", "John Smith"), Some(2));
        assert_eq!(names("John Smith", "John Michael Smith"), Some(2));
        // Homophones picked from a pinyin input method.
        assert_eq!(names("张伟", "章伟"), Some(2));
        assert_eq!(names("张伟", "Zhang Wie"), Some(2));
    }

    #[test]
    fn name_similarity_bands() {
        // Double Metaphone forgives most vowel slips.
        assert_eq!(names("Catherine Zeta", "Catherina Zetta"), Some(2));
        assert_eq!(names("Martha Stewart", "Marta Steward"), Some(2));
        assert_eq!(names("Jonathan Smithers", "Jonathan Smithees"), Some(3));
        assert_eq!(names("John", "John Smith"), Some(4));
        assert_eq!(names("John Smith", "Mary Jones"), Some(5));
        assert_eq!(names("张伟", "李娜"), Some(5));
    }

    #[test]
    fn name_missing_is_neutral() {
        assert_eq!(names("", "John Smith"), None);
        assert_eq!(names("John Smith", " - "), None);
    }

    #[test]
    fn nickname_table_is_sorted() {
        assert!(NICKNAMES.windows(2).all(|w| w[0] < w[1]));
        assert!(nicknames("bob", "robert"));
        assert!(nicknames("robert", "bob"));
        assert!(nicknames("bob", "rob"));
        assert!(!nicknames("bob", "william"));
        assert!(!nicknames("smith", "jones"));
    }

    #[test]
    fn rearranged_words() {
        assert!(rearranged("jane mary", "maryjane"));
        assert!(rearranged("ming wang xiao", "wang xiaoming"));
        assert!(rearranged("berg der van", "berg vander"));
        assert!(!rearranged("ann smith", "nan smith"));
        assert!(!rearranged("ab", "ba"));
    }

    #[test]
    fn date_levels() {
        assert_eq!(compare_date("2024-03-04", "2024-03-04"), Some(0));
        assert_eq!(compare_date("2024-03-04T10:00:00", "2024-03-04"), Some(0));
        assert_eq!(compare_date("2024-03-04", "2024-04-03"), Some(1));
        assert_eq!(compare_date("2024-03-04", "2024-03-28"), Some(2));
        assert_eq!(compare_date("2024-01-31", "2024-02-01"), Some(2));
        assert_eq!(compare_date("1985-03-04", "1985-11-20"), Some(3));
        assert_eq!(compare_date("1985-03-04", "1986-03-04"), Some(4));
        assert_eq!(compare_date("1985年3月4日", "1985-03-04"), Some(0));
    }

    #[test]
    fn date_missing_is_neutral() {
        assert_eq!(compare_date("", "2024-03-04"), None);
        assert_eq!(compare_date("2024-02-30", "2024-03-04"), None);
        assert_eq!(compare_date("2024-03-04", "someday"), None);
    }

    #[test]
    fn number_levels() {
        assert_eq!(compare_number("100", "100.0"), Some(0));
        assert_eq!(compare_number("0", "0"), Some(0));
        assert_eq!(compare_number("1000", "1005"), Some(1));
        assert_eq!(compare_number("1000", "1080"), Some(2));
        assert_eq!(compare_number("1000", "2000"), Some(3));
        assert_eq!(compare_number("0", "5"), Some(3));
        assert_eq!(compare_number("-50", "50"), Some(3));
        assert_eq!(compare_number("", "5"), None);
        assert_eq!(compare_number("NaN", "5"), None);
        assert_eq!(compare_number("inf", "inf"), None);
    }

    #[test]
    fn company_levels() {
        assert_eq!(compare_company("Acme, Inc.", "ACME Incorporated"), Some(0));
        assert_eq!(compare_company("北京科技有限公司", "北京科技有限责任公司"), Some(0));
        assert_eq!(compare_company("Acme Holdings Ltd", "Acme Ltd"), Some(1));
        assert_eq!(compare_company("北京字节跳动科技有限公司", "字节跳动"), Some(1));
        assert_eq!(compare_company("Acme Global Trading", "Acme Trading Partners"), Some(2));
        assert_eq!(compare_company("Acme Inc", "Globex Corporation"), Some(3));
        assert_eq!(compare_company("", "Acme Inc"), None);
    }

    #[test]
    fn address_levels() {
        assert_eq!(compare_address("1 Main St.", "1 Main Street"), Some(0));
        assert_eq!(compare_address("1 Main Street", "1 Main St, Apt 4"), Some(1));
        assert_eq!(compare_address("北京市朝阳区建国路88号", "北京市朝阳区建国路88号3楼"), Some(1));
        assert_eq!(compare_address("12 Oak Road Springfield", "12 Oak Rd Shelbyville"), Some(2));
        assert_eq!(compare_address("1 Main St", "99 Elm Avenue"), Some(3));
        assert_eq!(compare_address("", "1 Main St"), None);
    }

    #[test]
    fn token_sets_and_text_tokens() {
        assert_eq!(compare_token_sets(&["a", "b"], &["b", "a", "a"]), Some(0));
        assert_eq!(compare_token_sets::<&str>(&[], &["a"]), None);
        assert_eq!(text_tokens("字节跳动 abc 科"), ["字节", "节跳", "跳动", "abc", "科"]);
        assert_eq!(compare_text_tokens("acme", "acme"), Some(0));
    }

    #[test]
    fn jaro_winkler_equals_strsim() {
        let words = [
            "",
            "a",
            "martha",
            "marhta",
            "dixon",
            "dicksonx",
            "jellyfish",
            "smellyfish",
            "zhang wei",
            "wei zhang",
            "john.smith@acme.com",
            "jon.smith@acme.com",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl",
            "张伟",
            "zhāng",
        ];
        for a in words {
            for b in words {
                assert_eq!(jaro_winkler(a, b).to_bits(), strsim::jaro_winkler(a, b).to_bits(), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn one_edit_equals_osa() {
        let numbers = [
            "14155550100",
            "14155550199",
            "1415550100",
            "14155551000",
            "41155550100",
            "14155505100",
            "141555501",
            "1",
            "",
        ];
        for a in numbers {
            for b in numbers {
                if a != b {
                    assert_eq!(one_edit_apart(a.as_bytes(), b.as_bytes()), strsim::osa_distance(a, b) <= 1, "{a} {b}");
                }
            }
        }
    }

    #[test]
    fn signatures_never_contradict_the_comparators() {
        let emails = [
            "john.smith@acme.com",
            "johnsmith@other.org",
            "jon.smith@acme.com",
            "ann1985@qq.com",
            "ann1990@qq.com",
            "zh.user12@example.cn",
            "mary@x.com",
            "info@acme.com",
            "info@globex.com",
            "a.b.c@d",
        ];
        for a in emails {
            for b in emails {
                if a != b && emails_surely_differ(email_signature(a), email_signature(b)) {
                    assert_eq!(compare_email_keys(a, b), Some(3), "{a} {b}");
                }
            }
        }
        assert!(emails_surely_differ(email_signature("mary@x.com"), email_signature("bob7@y.com")));
        let phones = [
            "14155550100",
            "14155550199",
            "1415550100",
            "14155551000",
            "41155550100",
            "8613800138000",
            "13800138000",
            "8613800183000",
            "8613912345678",
            "4420794609",
        ];
        for a in phones {
            for b in phones {
                if a != b && phones_surely_differ(phone_signature(a), phone_signature(b)) {
                    assert_eq!(compare_phone_keys(a, b), Some(3), "{a} {b}");
                }
            }
        }
        assert!(phones_surely_differ(phone_signature("8613912345678"), phone_signature("8613800138000")));
        let (x, y) = (word_set_signature(&[1, 7, 9]), word_set_signature(&[2, 3]));
        assert_eq!(x & word_set_signature(&[9]), word_set_signature(&[9]));
        assert!(x & y == 0 || compare_sorted_sets(&[1u32, 7, 9], &[2, 3]) == Some(3));
    }

    #[test]
    fn sorted_sets() {
        assert_eq!(compare_sorted_sets(&[1u32, 5, 9], &[1, 5, 9]), Some(0));
        assert_eq!(compare_sorted_sets(&[1u32, 5], &[1, 5, 9, 12]), Some(1));
        assert_eq!(compare_sorted_sets(&[1u32, 5, 7], &[1, 5, 9]), Some(2));
        assert_eq!(compare_sorted_sets(&[1u32, 2], &[3, 4]), Some(3));
        assert_eq!(compare_sorted_sets::<u32>(&[], &[3]), None);
    }

    #[test]
    fn email_and_phone_keys_compare_like_values() {
        for (a, b) in [
            ("John.Smith+x@gmail.com", "johnsmith@googlemail.com"),
            ("jon.smith@acme.com", "john.smith@acme.com"),
            ("ann1985@qq.com", "ann1990@qq.com"),
            ("info@acme.com", "info@globex.com"),
        ] {
            let (ka, kb) = (crate::dedupe::keys::email_key(a).unwrap(), crate::dedupe::keys::email_key(b).unwrap());
            assert_eq!(compare_email_keys(&ka, &kb), compare_email(a, b));
        }
        assert_eq!(compare_phone_keys("8613800138000", "13800138000"), compare_phone("+8613800138000", "13800138000"));
    }

    #[test]
    fn exact_levels() {
        assert_eq!(compare_exact("CN", "CN"), Some(0));
        assert_eq!(compare_exact(" CN ", "CN"), Some(0));
        assert_eq!(compare_exact("CN", "US"), Some(1));
        assert_eq!(compare_exact("", "US"), None);
    }
}
