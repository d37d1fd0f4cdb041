//! Matching keys: the forms of a value that two records of the same customer
//! share even when the values were written differently.
//!
//! Every key here is computed from a value that has already been through
//! normalization (`crate::normalize`, `crate::validate`), once per record,
//! and is used only to find and compare candidate pairs: no key is ever
//! written to the output.
//!
//! - [`email_key`]: lower case, without a `+tag`, and for Gmail without the
//!   dots of the local part;
//! - [`phone_key`]: the digits of an E.164 number, without its extension;
//! - [`name_key`]: for a person's name, an OpenRefine-style fingerprint
//!   (words folded to ASCII, sorted and de-duplicated, so `Smith John` meets
//!   `John Smith`), the toneless pinyin of a Chinese name (so `张伟` meets
//!   `Wei Zhang`), Double Metaphone codes and a guess at the family name;
//! - [`postcode_key`], [`address_tokens`] and [`birth_year`].

use std::borrow::Cow;

use pinyin::ToPinyin;
use rphonetic::DoubleMetaphone;
use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

use crate::normalize::country::fold;
use crate::normalize::name::{is_cjk, is_han};
use crate::validate::date::parse_date;

/// The matching key of an email address: lower case, with a `+tag` removed
/// from the local part (`Jane+crm@Example.com` → `jane@example.com`), and for
/// `gmail.com` and `googlemail.com` also without dots in the local part and
/// with the domain spelled `gmail.com` (`J.Doe@googlemail.com` →
/// `jdoe@gmail.com`), since Gmail delivers all of those to one mailbox.
///
/// The tag is removed for every domain because most large providers (Gmail,
/// Outlook, iCloud, Fastmail, Proton, …) support plus-addressing, and a `+`
/// in an address that means something else is rare. Dots matter everywhere
/// but Gmail, so they are kept elsewhere.
///
/// `None` for a value without an `@`, or with nothing before or after it.
/// The key is for matching only and must never be written to the output:
/// it is often not the address the customer gave.
pub fn email_key(email: &str) -> Option<String> {
    email_key_cow(email).map(Cow::into_owned)
}

/// [`email_key`], borrowing `email` when it already is its own key, which
/// is the usual case: the comparators call this once per pair.
pub(crate) fn email_key_cow(email: &str) -> Option<Cow<'_, str>> {
    let email = email.trim();
    let at = email.rfind('@')?;
    let (local, domain) = (email.get(..at)?, email.get(at + 1..)?);
    if local.is_empty() || domain.is_empty() {
        return None;
    }
    let gmail = domain.eq_ignore_ascii_case("gmail.com") || domain.eq_ignore_ascii_case("googlemail.com");
    let untagged = strip_plus_tag(local);
    let unchanged = untagged.len() == local.len()
        && !email.chars().any(char::is_uppercase)
        && !(gmail && (local.contains('.') || domain.len() != "gmail.com".len()));
    if unchanged {
        return Some(Cow::Borrowed(email));
    }
    let mut key = String::with_capacity(email.len());
    for c in untagged.chars().filter(|&c| !(gmail && c == '.')) {
        key.extend(c.to_lowercase());
    }
    key.push('@');
    if gmail {
        key.push_str("gmail.com");
    } else {
        key.extend(domain.chars().flat_map(char::to_lowercase));
    }
    Some(Cow::Owned(key))
}

/// The local part of an address without its `+tag`; unchanged when the
/// `+` opens it (there would be nothing left).
fn strip_plus_tag(local: &str) -> &str {
    match local.find('+') {
        Some(plus) if plus > 0 => local.get(..plus).unwrap_or(local),
        _ => local,
    }
}

/// Fewest digits a phone number can have with its country code (`+290`
/// numbers of Saint Helena have seven).
const MIN_PHONE_DIGITS: usize = 7;

/// Most digits E.164 allows.
const MAX_PHONE_DIGITS: usize = 15;

/// The matching key of a phone number in E.164 form: its digits without
/// the `+` and without any extension (`+8613800138000;ext=1` →
/// `8613800138000`).
///
/// A value that is not quite E.164 (left as typed because it did not
/// validate) still gets a key when it is made of digits and the usual
/// separators (spaces, `-`, `.`, `/`, parentheses). `None` for an empty
/// value, anything else, fewer than 7 or more than 15 digits, and
/// placeholders made of one repeated digit (`0000000000`), which would
/// otherwise match every other placeholder.
pub fn phone_key(e164: &str) -> Option<String> {
    phone_digits(e164).map(Cow::into_owned)
}

/// [`phone_key`], borrowing from `e164` when it is clean E.164 (the usual case).
pub(crate) fn phone_digits(e164: &str) -> Option<Cow<'_, str>> {
    // The extension starts at `;ext=`, `ext`, `x` or `#`: at the first
    // letter, `;` or `#`.
    let end = e164.find(|c: char| c.is_alphabetic() || c == ';' || c == '#').unwrap_or(e164.len());
    let number = e164.get(..end)?.trim();
    let number = number.strip_prefix('+').unwrap_or(number);
    let digits: Cow<str> = if number.bytes().all(|b| b.is_ascii_digit()) {
        Cow::Borrowed(number)
    } else if number.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '/' | '(' | ')')) {
        Cow::Owned(number.chars().filter(char::is_ascii_digit).collect())
    } else {
        return None;
    };
    let first = digits.bytes().next()?;
    let plausible = (MIN_PHONE_DIGITS..=MAX_PHONE_DIGITS).contains(&digits.len()) && digits.bytes().any(|b| b != first);
    plausible.then_some(digits)
}

/// Appends `text` to `out` lower-cased and folded to ASCII, as the
/// fingerprint wants it: letters with an obvious ASCII spelling become it
/// (`é` → `e`, `ß` → `ss`, `ł` → `l`), other accented letters lose their
/// accents (`ễ` → `e`), and letters of other scripts stay as they are.
/// Characters for which `dropped` holds vanish (`O'Brien` → `obrien`);
/// other punctuation, symbols and whitespace become one space.
///
/// Whitespace between two Han characters is dropped, so that `张 伟` and
/// `张伟` fold alike: a space inside a Chinese name separates nothing. A
/// name dot does separate (`约翰·史密斯` → `约翰 史密斯`).
fn fold_into(out: &mut String, text: &str, dropped: fn(char) -> bool) {
    let mut gap = Gap::None;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            gap.flush(out);
            out.push(c.to_ascii_lowercase());
        } else if dropped(c) {
            continue;
        } else if c.is_alphanumeric() {
            if gap == Gap::Space && is_han(c) && out.ends_with(is_han) {
                gap = Gap::None;
            }
            gap.flush(out);
            for lower in c.to_lowercase() {
                push_folded(out, lower);
            }
        } else if c.is_whitespace() {
            gap = gap.max(Gap::Space);
        } else {
            gap = Gap::Break;
        }
    }
}

/// What separates the word being folded from the next, in [`fold_into`].
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    /// Nothing yet.
    None,
    /// Whitespace only.
    Space,
    /// Punctuation or a symbol.
    Break,
}

impl Gap {
    /// Writes the separator, if any, before the next letter.
    fn flush(&mut self, out: &mut String) {
        if *self != Gap::None && !out.is_empty() {
            out.push(' ');
        }
        *self = Gap::None;
    }
}

/// Appends one lower-case non-ASCII letter or digit, folded (see [`fold_into`]).
fn push_folded(out: &mut String, c: char) {
    if let Some(ascii) = fold(c) {
        out.push_str(ascii);
    } else if is_cjk(c) {
        // Decomposing Hangul would turn syllables into jamo: keep CJK whole.
        out.push(c);
    } else {
        decompose_canonical(c, |part| {
            if canonical_combining_class(part) == 0 {
                out.push(part);
            }
        });
    }
}

/// What vanishes inside a name rather than separating words: apostrophes
/// (`O'Brien`, `D’Angelo`) and dots (`J.R. Smith` → `jr smith`).
fn dropped_in_name(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | '´' | '.')
}

/// The name folded for keys: see [`fold_into`] and [`dropped_in_name`].
fn fold_name(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    fold_into(&mut folded, name, dropped_in_name);
    folded
}

/// Words sorted, de-duplicated and joined by one space.
fn sorted_words<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut words: Vec<&str> = words.collect();
    words.sort_unstable();
    words.dedup();
    words.join(" ")
}

/// The fingerprint of a name, as OpenRefine's fingerprint keyer makes it:
/// lower case, folded to ASCII (`José` → `jose`), punctuation removed, the
/// words sorted, de-duplicated and joined by one space. `Smith John`,
/// `John Smith` and `JOHN  SMITH` all give `john smith`.
///
/// Unlike OpenRefine, only apostrophes and dots vanish (`O'Brien` →
/// `obrien`); other punctuation separates words, so `Mary-Jane` gives
/// `jane mary` and `Smith,John` gives `john smith`. Chinese, Japanese and
/// Korean text is kept as written, with spaces between Han characters
/// dropped (`张 伟` → `张伟`); see [`pinyin_key`] for matching it against
/// Latin spellings.
pub fn name_fingerprint(name: &str) -> String {
    sorted_words(fold_name(name).split_whitespace())
}

/// Two-character Chinese family names (复姓), simplified and traditional.
/// A name of three or more Han characters starting with one of these has it
/// as its family name (`欧阳娜娜`: `欧阳` + `娜娜`).
#[rustfmt::skip]
const COMPOUND_SURNAMES: &[&str] = &[
    "上官", "东方", "东郭", "令狐", "公冶", "公孙", "公孫", "南宫", "南宮", "司徒", "司空", "司马",
    "司馬", "呼延", "夏侯", "太叔", "宇文", "宗政", "尉迟", "尉遲", "慕容", "拓跋", "東方", "東郭",
    "欧阳", "歐陽", "濮阳", "濮陽", "澹台", "独孤", "獨孤", "申屠", "百里", "皇甫", "端木", "诸葛",
    "諸葛", "西门", "西門", "谷梁", "轩辕", "軒轅", "钟离", "鍾離", "长孙", "長孫", "闻人", "聞人",
    "万俟", "萬俟", "闾丘", "閭丘",
];

/// Readings of family names that differ from the character's everyday
/// reading, which is what the pinyin crate gives (`曾` is `ceng` in `曾经`
/// but the surname Zeng). Used for the family name only.
const SURNAME_READINGS: &[(&str, &str)] = &[
    ("万俟", "moqi"),
    ("仇", "qiu"),
    ("区", "ou"),
    ("區", "ou"),
    ("单", "shan"),
    ("單", "shan"),
    ("召", "shao"),
    ("员", "yun"),
    ("員", "yun"),
    ("句", "gou"),
    ("宓", "fu"),
    ("尉迟", "yuchi"),
    ("尉遲", "yuchi"),
    ("折", "she"),
    ("曾", "zeng"),
    ("朴", "piao"),
    ("查", "zha"),
    ("乐", "yue"),
    ("樂", "yue"),
    ("盖", "ge"),
    ("蓋", "ge"),
    ("秘", "bi"),
    ("种", "chong"),
    ("種", "chong"),
    ("繁", "po"),
    ("缪", "miao"),
    ("繆", "miao"),
    ("翟", "zhai"),
    ("萬俟", "moqi"),
    ("藏", "zang"),
    ("覃", "qin"),
    ("解", "xie"),
    ("重", "chong"),
    ("阚", "kan"),
    ("闞", "kan"),
    ("隗", "wei"),
    ("黑", "he"),
];

/// The length in characters of the family name at the start of a Chinese
/// name of `len` Han characters: two for a compound surname (when a given
/// name follows it), else one.
fn han_family_len(name: &str, len: usize) -> usize {
    let two = name.char_indices().nth(2).map_or(name, |(i, _)| name.get(..i).unwrap_or(name));
    if len >= 3 && COMPOUND_SURNAMES.contains(&two) {
        2
    } else {
        1
    }
}

/// Splits a Chinese name into family and given name, or `None` when `word`
/// does not look like one: it must be two to four Han characters.
fn split_han_name(word: &str) -> Option<(&str, &str)> {
    let len = word.chars().count();
    if !(2..=4).contains(&len) || !word.chars().all(is_han) {
        return None;
    }
    let family_len = han_family_len(word, len);
    let cut = word.char_indices().nth(family_len).map_or(word.len(), |(i, _)| i);
    Some((word.get(..cut)?, word.get(cut..)?))
}

/// Appends the toneless pinyin of every character of `text`, without
/// spaces; characters without a reading are kept as they are.
fn push_pinyin(out: &mut String, text: &str) {
    for c in text.chars() {
        match c.to_pinyin() {
            // Folded so that `ü` is `u`, as it is written in Latin-script names.
            Some(reading) => fold_into(out, reading.plain(), |_| false),
            None => out.push(c),
        }
    }
}

/// Appends the pinyin of a family name, in its surname reading.
fn push_surname_pinyin(out: &mut String, family: &str) {
    match SURNAME_READINGS.iter().find(|&&(han, _)| han == family) {
        Some(&(_, reading)) => out.push_str(reading),
        None => push_pinyin(out, family),
    }
}

/// The Chinese name among the folded words, when there is exactly one word
/// with Han characters and it looks like a name (see [`split_han_name`]).
fn han_name(folded: &str) -> Option<(&str, &str)> {
    let mut han_words = folded.split_whitespace().filter(|w| w.chars().any(is_han));
    let word = han_words.next()?;
    if han_words.next().is_some() {
        return None;
    }
    split_han_name(word)
}

/// The key of a name with Han characters: each word in toneless pinyin,
/// a Chinese name split into family and given name as Latin spellings
/// write it (`张伟` → `zhang` + `wei`, `欧阳娜娜` → `ouyang` + `nana`,
/// `王小明` → `wang` + `xiaoming`), then sorted and de-duplicated like
/// [`name_fingerprint`], so that `pinyin_key("张伟")` equals
/// `name_fingerprint("Wei Zhang")` and `name_fingerprint("Zhang Wei")`:
/// `wei zhang`. Words in other scripts are kept, folded as in the
/// fingerprint; a transliterated foreign name gives one word per part
/// (`约翰·史密斯` → `shimisi yuehan`).
///
/// `None` for a name without Han characters.
///
/// A character with several readings gets the pinyin crate's default one,
/// its everyday reading, except in the family name, where a small table
/// gives the surname reading of the common cases (`曾` Zeng not Ceng, `单`
/// Shan not Dan, `翟` Zhai not Di, `尉迟` Yuchi). Polyphonic characters in
/// given names, rarer surnames, and romanizations other than Hanyu Pinyin
/// (Wade-Giles `Chang`, Cantonese `Cheung`, the passport spelling `Lyu` for
/// `吕`, which gives `lu` here) do not meet; the phonetic and Jaro-Winkler
/// levels of [`crate::dedupe::compare::compare_name`] catch some of them.
/// Japanese names written in kanji cannot be told from Chinese ones and
/// get a (meaningless, but harmless) pinyin key too.
pub fn pinyin_key(name: &str) -> Option<String> {
    pinyin_of(&fold_name(name))
}

/// [`pinyin_key`] of a name already folded by [`fold_name`].
fn pinyin_of(folded: &str) -> Option<String> {
    if !folded.chars().any(is_han) {
        return None;
    }
    let split = han_name(folded);
    let mut words: Vec<String> = Vec::with_capacity(4);
    for word in folded.split_whitespace() {
        let mut out = String::with_capacity(word.len() * 2);
        match split {
            Some((family, given)) if word.len() == family.len() + given.len() && word.starts_with(family) => {
                push_surname_pinyin(&mut out, family);
                words.push(std::mem::take(&mut out));
                push_pinyin(&mut out, given);
            }
            _ => push_pinyin(&mut out, word),
        }
        words.push(out);
    }
    Some(sorted_words(words.iter().map(String::as_str)))
}

/// Longest Double Metaphone code kept: the usual four.
const CODE_LEN: usize = 4;

/// A Double Metaphone code (at most four ASCII capitals, `JNK` for
/// `Zhang`), held inline so that a [`NameKey`] needs no allocation for it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Code {
    /// The code in `bytes[..len]`.
    bytes: [u8; CODE_LEN],
    /// Bytes in use.
    len: u8,
}

impl Code {
    /// The code of an ASCII `code`, cut to four characters.
    fn new(code: &str) -> Code {
        let mut out = Code::default();
        for (slot, b) in out.bytes.iter_mut().zip(code.bytes().filter(u8::is_ascii)) {
            *slot = b;
            out.len += 1;
        }
        out
    }

    /// The code as text; empty when the word had none.
    pub fn as_str(&self) -> &str {
        self.bytes.get(..usize::from(self.len)).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("")
    }

    /// Whether the word had no code (it was not made of Latin letters).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// The Double Metaphone codes of one word: the primary code and the
/// alternate one (equal to the primary when the word has no other
/// plausible pronunciation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct TokenSound {
    /// The most likely pronunciation (`Smith` → `SM0`).
    pub primary: Code,
    /// Another plausible one (`Smith` → `XMT`, as in `Schmidt`).
    pub alternate: Code,
}

impl TokenSound {
    /// The codes of `word` when it is made only of ASCII letters (after
    /// folding), and empty codes otherwise: Double Metaphone is defined for
    /// English and related spellings only.
    pub fn of(word: &str) -> TokenSound {
        if word.is_empty() || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
            return TokenSound::default();
        }
        let codes = DoubleMetaphone::default().double_metaphone(word);
        TokenSound { primary: Code::new(&codes.primary()), alternate: Code::new(&codes.alternate()) }
    }

    /// Whether the two words may sound alike: they share a non-empty code.
    pub fn overlaps(&self, other: &TokenSound) -> bool {
        [self.primary, self.alternate]
            .iter()
            .any(|code| !code.is_empty() && (*code == other.primary || *code == other.alternate))
    }
}

/// The Double Metaphone codes of a name (primary, and alternate when it
/// differs) for every word written in Latin letters, sorted and
/// de-duplicated: `John Smith` → `AN JN SM0 XMT`. A name with Han
/// characters is coded through its pinyin (see [`pinyin_key`]), so `张伟`
/// and `Zhang Wei` share their codes.
///
/// Meant for blocking (candidate pairs are the records that share a code,
/// or a code of their [`NameKey::family`]), and a weak signal on its own:
/// Double Metaphone gives `John` and `Jane` the same code.
pub fn phonetic_keys(name: &str) -> Vec<String> {
    let folded = fold_name(name);
    let words = pinyin_of(&folded).unwrap_or_else(|| sorted_words(folded.split_whitespace()));
    codes_of(&sounds_of(&words))
}

/// The sounds of the space-separated `words`, one per word, in order.
fn sounds_of(words: &str) -> Vec<TokenSound> {
    words.split_whitespace().map(TokenSound::of).collect()
}

/// The non-empty codes among `sounds`, sorted and de-duplicated.
fn codes_of(sounds: &[TokenSound]) -> Vec<String> {
    let mut codes: Vec<&str> = sounds
        .iter()
        .flat_map(|s| [s.primary.as_str(), s.alternate.as_str()])
        .filter(|code| !code.is_empty())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes.into_iter().map(str::to_owned).collect()
}

/// Everything the comparators need to know about a person's name, computed
/// once per record by [`name_key`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameKey {
    /// The fingerprint (see [`name_fingerprint`]); empty for a name without
    /// letters or digits.
    pub fingerprint: String,
    /// The pinyin key, for a name with Han characters (see [`pinyin_key`]).
    pub pinyin: Option<String>,
    /// The Double Metaphone codes, sorted and de-duplicated, for blocking
    /// (see [`phonetic_keys`]).
    pub phonetic: Vec<String>,
    /// A best guess at the family name, for blocking: for a Chinese name its
    /// first character, or first two for a compound surname (`欧阳娜娜` →
    /// `欧阳`); for other names the last word, skipping initials and
    /// suffixes such as `Jr`, or the last word before a comma (`Smith,
    /// John` → `smith`), folded like the fingerprint. `None` for a name
    /// without words. Latin spellings of Chinese names in either order
    /// (`Zhang Wei`) get the last word, which may be the given name.
    pub family: Option<String>,
    /// The codes of each word of [`NameKey::latin`], in order: what
    /// [`crate::dedupe::compare::compare_name`] compares word by word.
    pub sounds: Vec<TokenSound>,
}

impl NameKey {
    /// The name's words in Latin letters where possible: the pinyin key
    /// for a name with Han characters, else the fingerprint. The words of
    /// this (split on spaces) match [`NameKey::sounds`] one for one.
    pub fn latin(&self) -> &str {
        self.pinyin.as_deref().unwrap_or(&self.fingerprint)
    }
}

/// Computes the [`NameKey`] of a person's name.
pub fn name_key(name: &str) -> NameKey {
    let folded = fold_name(name);
    let fingerprint = sorted_words(folded.split_whitespace());
    let pinyin = pinyin_of(&folded);
    let family = family_of(name, &folded);
    let sounds = sounds_of(pinyin.as_deref().unwrap_or(&fingerprint));
    let phonetic = codes_of(&sounds);
    NameKey { fingerprint, pinyin, phonetic, family, sounds }
}

/// Generational suffixes and degrees that may follow a family name.
const NAME_SUFFIXES: &[&str] = &["esq", "ii", "iii", "iv", "jr", "md", "phd", "sr"];

/// The family name (see [`NameKey::family`]) of `name`, folded as `folded`.
fn family_of(name: &str, folded: &str) -> Option<String> {
    if let Some((family, _)) = han_name(folded) {
        return Some(family.to_owned());
    }
    if let Some((before, after)) = name.split_once([',', '，']) {
        if !before.trim().is_empty() && !after.trim().is_empty() {
            return last_family_word(&fold_name(before)).map(str::to_owned);
        }
    }
    last_family_word(folded).map(str::to_owned)
}

/// The last word that is neither an initial nor a suffix, or failing
/// that the last word.
fn last_family_word(folded: &str) -> Option<&str> {
    let mut words = folded.split_whitespace().rev();
    let last = words.clone().next()?;
    let proper = words.find(|w| w.chars().nth(1).is_some() && !NAME_SUFFIXES.contains(w));
    Some(proper.unwrap_or(last))
}

/// The matching key of a postal code: upper-case letters and digits only
/// (`sw1a 1aa` → `SW1A1AA`, `100-0001` → `1000001`), and a nine-digit US
/// ZIP+4 cut to its five-digit ZIP (`94105-1234` → `94105`), since the
/// extra four digits are often left off. `None` for a value without
/// letters or digits.
pub fn postcode_key(postcode: &str) -> Option<String> {
    let mut key: String =
        postcode.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect();
    if key.len() == 9 && key.bytes().all(|b| b.is_ascii_digit()) {
        key.truncate(5);
    }
    (!key.is_empty()).then_some(key)
}

/// Street-address words and their abbreviations, each mapped to one
/// spelling (the usual abbreviation), sorted by the word.
const ADDRESS_WORDS: &[(&str, &str)] = &[
    ("apartment", "apt"),
    ("av", "ave"),
    ("avenue", "ave"),
    ("boulevard", "blvd"),
    ("building", "bldg"),
    ("circle", "cir"),
    ("court", "ct"),
    ("drive", "dr"),
    ("east", "e"),
    ("floor", "fl"),
    ("highway", "hwy"),
    ("lane", "ln"),
    ("mount", "mt"),
    ("north", "n"),
    ("northeast", "ne"),
    ("northwest", "nw"),
    ("number", "no"),
    ("parkway", "pkwy"),
    ("place", "pl"),
    ("road", "rd"),
    ("room", "rm"),
    ("saint", "st"),
    ("south", "s"),
    ("southeast", "se"),
    ("southwest", "sw"),
    ("square", "sq"),
    ("str", "st"),
    ("street", "st"),
    ("suite", "ste"),
    ("terrace", "ter"),
    ("west", "w"),
];

/// Characters that end a part of a Chinese address: province, city,
/// district, county, town, village, road, street, lane, number, building,
/// unit, floor and room.
fn ends_address_part(c: char) -> bool {
    matches!(
        c,
        '省' | '市'
            | '区'
            | '區'
            | '县'
            | '縣'
            | '镇'
            | '鎮'
            | '乡'
            | '鄉'
            | '村'
            | '路'
            | '街'
            | '道'
            | '巷'
            | '弄'
            | '号'
            | '號'
            | '楼'
            | '樓'
            | '栋'
            | '棟'
            | '座'
            | '层'
            | '層'
            | '室'
            | '单'
            | '元'
    )
}

/// The words of an address for token-set comparison, in order: lower case,
/// folded to ASCII like names, split at punctuation and spaces, with the
/// usual abbreviations unified (`Street` and `St.` both give `st`, `Road`
/// and `Rd` give `rd`, `Avenue` gives `ave`; see the table in the source).
/// `1 Main St.` and `1 Main Street` both give `1 main st`.
///
/// Chinese addresses, written without spaces, are cut after each
/// administrative or street unit (`北京市朝阳区建国路88号` → `北京市`,
/// `朝阳区`, `建国路`, `88`); a lone `号` (number) is dropped since the
/// number before it is the word that matters. Deliberately simple: a unit
/// left out on one side (`北京朝阳区`) makes the neighbouring words differ,
/// and `St` stands for both Street and Saint.
pub fn address_tokens(address: &str) -> Vec<String> {
    let mut folded = String::with_capacity(address.len());
    fold_into(&mut folded, address, |c| matches!(c, '\'' | '’'));
    let mut tokens = Vec::new();
    for word in folded.split_whitespace() {
        push_address_word(&mut tokens, word);
    }
    tokens
}

/// Appends the tokens of one folded address word: Han runs cut into
/// parts, digit and letter runs kept, abbreviations unified.
fn push_address_word(tokens: &mut Vec<String>, word: &str) {
    let mut start = 0;
    let mut in_han = None;
    for (i, c) in word.char_indices() {
        let han = is_han(c);
        // A change between Han and other text cuts (`88号`, `3楼`).
        if in_han.is_some_and(|h| h != han) {
            push_address_part(tokens, word.get(start..i).unwrap_or(""));
            start = i;
        }
        in_han = Some(han);
        if han && ends_address_part(c) {
            let end = i + c.len_utf8();
            push_address_part(tokens, word.get(start..end).unwrap_or(""));
            start = end;
            in_han = None;
        }
    }
    push_address_part(tokens, word.get(start..).unwrap_or(""));
}

/// Appends one address token, unified, unless it is empty or a lone `号`.
fn push_address_part(tokens: &mut Vec<String>, part: &str) {
    if part.is_empty() || part == "号" || part == "號" {
        return;
    }
    let unified = ADDRESS_WORDS.binary_search_by(|&(word, _)| word.cmp(part)).ok().and_then(|i| ADDRESS_WORDS.get(i));
    tokens.push(unified.map_or(part, |&(_, short)| short).to_owned());
}

/// The year of a date of birth, in any form [`parse_date`] reads
/// (`1985-03-04`, `04/03/1985`, an Excel serial day); `None` if it is not
/// a date.
pub fn birth_year(date: &str) -> Option<i32> {
    parse_date(date, None).ok().map(|d| d.year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_lower_cases_and_drops_plus_tags() {
        assert_eq!(email_key("Jane.Doe+crm@Example.COM").as_deref(), Some("jane.doe@example.com"));
        assert_eq!(email_key("jane.doe@example.com").as_deref(), Some("jane.doe@example.com"));
        assert_eq!(email_key("  zhang.wei+news@qq.com ").as_deref(), Some("zhang.wei@qq.com"));
    }

    #[test]
    fn email_gmail_ignores_dots_and_googlemail() {
        assert_eq!(email_key("J.O.H.N.Smith+promo@gmail.com").as_deref(), Some("johnsmith@gmail.com"));
        assert_eq!(email_key("john.smith@googlemail.com").as_deref(), Some("johnsmith@gmail.com"));
        assert_eq!(email_key("johnsmith@GMAIL.com").as_deref(), Some("johnsmith@gmail.com"));
    }

    #[test]
    fn email_borrows_when_already_a_key() {
        assert!(matches!(email_key_cow("wang.fang@163.com"), Some(Cow::Borrowed(_))));
        assert!(matches!(email_key_cow("johnsmith@gmail.com"), Some(Cow::Borrowed(_))));
    }

    #[test]
    fn email_without_parts_has_no_key() {
        assert_eq!(email_key(""), None);
        assert_eq!(email_key("not an email"), None);
        assert_eq!(email_key("@example.com"), None);
        assert_eq!(email_key("jane@"), None);
        // A `+` that opens the local part is not a tag.
        assert_eq!(email_key("+1@example.com").as_deref(), Some("+1@example.com"));
    }

    #[test]
    fn phone_keeps_digits_without_extension() {
        assert_eq!(phone_key("+8613800138000").as_deref(), Some("8613800138000"));
        assert_eq!(phone_key("+8613800138000;ext=1").as_deref(), Some("8613800138000"));
        assert_eq!(phone_key("+14155550100;ext=123").as_deref(), Some("14155550100"));
        assert_eq!(phone_key("+44 20 7946 0958 x12").as_deref(), Some("442079460958"));
        assert_eq!(phone_key("(010) 6552-9988").as_deref(), Some("01065529988"));
    }

    #[test]
    fn phone_rejects_what_is_not_a_number() {
        assert_eq!(phone_key(""), None);
        assert_eq!(phone_key("+"), None);
        assert_eq!(phone_key("n/a"), None);
        assert_eq!(phone_key("12345"), None);
        assert_eq!(phone_key("+0000000000"), None);
        assert_eq!(phone_key("+1234567890123456"), None);
    }

    #[test]
    fn fingerprint_sorts_folds_and_dedupes() {
        assert_eq!(name_fingerprint("John Smith"), "john smith");
        assert_eq!(name_fingerprint("SMITH,  John"), "john smith");
        assert_eq!(name_fingerprint("Smith John"), "john smith");
        assert_eq!(name_fingerprint("José  Álvarez"), "alvarez jose");
        assert_eq!(name_fingerprint("Søren Kierkegaard"), "kierkegaard soren");
        assert_eq!(name_fingerprint("Nguyễn Thị Ánh"), "anh nguyen thi");
        assert_eq!(name_fingerprint("Ma Ma"), "ma");
        assert_eq!(name_fingerprint("Patrick O'Brien"), "obrien patrick");
        assert_eq!(name_fingerprint("Mary-Jane Watson"), "jane mary watson");
        assert_eq!(name_fingerprint("J.R. Ewing"), "ewing jr");
        assert_eq!(name_fingerprint(""), "");
        assert_eq!(name_fingerprint(" -- "), "");
    }

    #[test]
    fn fingerprint_keeps_chinese_whole() {
        assert_eq!(name_fingerprint("张伟"), "张伟");
        assert_eq!(name_fingerprint("张 伟"), "张伟");
        assert_eq!(name_fingerprint("约翰·史密斯"), "史密斯 约翰");
        assert_eq!(name_fingerprint("김민준"), "김민준");
    }

    #[test]
    fn pinyin_meets_latin_spellings() {
        assert_eq!(pinyin_key("张伟").as_deref(), Some("wei zhang"));
        assert_eq!(pinyin_key("张伟"), Some(name_fingerprint("Wei Zhang")));
        assert_eq!(pinyin_key("张伟"), Some(name_fingerprint("Zhang Wei")));
        assert_eq!(pinyin_key("欧阳娜娜"), Some(name_fingerprint("Ouyang Nana")));
        assert_eq!(pinyin_key("王小明"), Some(name_fingerprint("Xiaoming Wang")));
        assert_eq!(pinyin_key("諸葛亮"), Some(name_fingerprint("Zhuge Liang")));
        assert_eq!(pinyin_key("约翰·史密斯").as_deref(), Some("shimisi yuehan"));
        assert_eq!(pinyin_key("John Smith"), None);
    }

    #[test]
    fn pinyin_reads_surnames_as_surnames() {
        assert_eq!(pinyin_key("曾国藩").as_deref(), Some("guofan zeng"));
        assert_eq!(pinyin_key("单田芳").as_deref(), Some("shan tianfang"));
        assert_eq!(pinyin_key("尉迟恭").as_deref(), Some("gong yuchi"));
        // Outside the family name the everyday reading stays.
        assert_eq!(pinyin_key("李曾").as_deref(), Some("ceng li"));
        // `ü` is written `u`, as in most Latin spellings.
        assert_eq!(pinyin_key("吕布").as_deref(), Some("bu lu"));
    }

    #[test]
    fn phonetic_codes_per_latin_word() {
        assert_eq!(phonetic_keys("John Smith"), ["AN", "JN", "SM0", "XMT"]);
        assert_eq!(phonetic_keys("Jon Smyth"), ["AN", "JN", "SM0", "XMT"]);
        assert_eq!(phonetic_keys("张伟"), phonetic_keys("Zhang Wei"));
        assert!(phonetic_keys("Сергей").is_empty());
        assert!(phonetic_keys("").is_empty());
    }

    #[test]
    fn name_key_guesses_the_family_name() {
        let family = |name| name_key(name).family;
        assert_eq!(family("张伟").as_deref(), Some("张"));
        assert_eq!(family("欧阳娜娜").as_deref(), Some("欧阳"));
        assert_eq!(family("司马光").as_deref(), Some("司马"));
        assert_eq!(family("John Smith").as_deref(), Some("smith"));
        assert_eq!(family("John A. Smith Jr.").as_deref(), Some("smith"));
        assert_eq!(family("Smith, John").as_deref(), Some("smith"));
        assert_eq!(family("van der Berg, Jan").as_deref(), Some("berg"));
        assert_eq!(family("Smith J").as_deref(), Some("smith"));
        assert_eq!(family("Madonna").as_deref(), Some("madonna"));
        assert_eq!(family(""), None);
    }

    #[test]
    fn name_key_sounds_follow_the_latin_words() {
        let key = name_key("欧阳娜娜");
        assert_eq!(key.fingerprint, "欧阳娜娜");
        assert_eq!(key.latin(), "nana ouyang");
        assert_eq!(key.sounds.len(), 2);
        assert_eq!(key.sounds[1], TokenSound::of("ouyang"));
        let key = name_key("Robert Smith");
        assert_eq!(key.pinyin, None);
        assert_eq!(key.latin(), "robert smith");
        assert_eq!(key.sounds[0].primary.as_str(), "RPRT");
        assert_eq!(key.phonetic, phonetic_keys("Robert Smith"));
    }

    #[test]
    fn token_sound_is_empty_outside_latin_letters() {
        assert!(TokenSound::of("42").primary.is_empty());
        assert!(TokenSound::of("张").primary.is_empty());
        assert!(!TokenSound::of("smith").overlaps(&TokenSound::of("42")));
        assert!(TokenSound::of("smith").overlaps(&TokenSound::of("schmidt")));
    }

    #[test]
    fn postcode_keys() {
        assert_eq!(postcode_key("sw1a 1aa").as_deref(), Some("SW1A1AA"));
        assert_eq!(postcode_key("SW1A1AA").as_deref(), Some("SW1A1AA"));
        assert_eq!(postcode_key("94105-1234").as_deref(), Some("94105"));
        assert_eq!(postcode_key("100020").as_deref(), Some("100020"));
        assert_eq!(postcode_key("100-0001").as_deref(), Some("1000001"));
        assert_eq!(postcode_key(" - "), None);
    }

    #[test]
    fn address_abbreviations_meet() {
        assert_eq!(address_tokens("1 Main St."), ["1", "main", "st"]);
        assert_eq!(address_tokens("1 Main Street"), ["1", "main", "st"]);
        assert_eq!(address_tokens("221B Baker Street, Apt. 4"), ["221b", "baker", "st", "apt", "4"]);
        assert_eq!(address_tokens("12 Rue de l'Église"), ["12", "rue", "de", "leglise"]);
        assert_eq!(address_tokens("500 N. Michigan Ave"), address_tokens("500 North Michigan Avenue"));
        assert!(address_tokens("").is_empty());
    }

    #[test]
    fn address_chinese_is_cut_into_units() {
        assert_eq!(address_tokens("北京市朝阳区建国路88号"), ["北京市", "朝阳区", "建国路", "88"]);
        assert_eq!(address_tokens("北京市 朝阳区 建国路 88 号"), address_tokens("北京市朝阳区建国路88号"));
        assert_eq!(
            address_tokens("上海市浦东新区世纪大道100号3楼"),
            ["上海市", "浦东新区", "世纪大道", "100", "3", "楼"]
        );
    }

    #[test]
    fn address_words_table_is_sorted() {
        assert!(ADDRESS_WORDS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn birth_years() {
        assert_eq!(birth_year("1985-03-04"), Some(1985));
        assert_eq!(birth_year("04/03/1985"), Some(1985));
        assert_eq!(birth_year("1985年3月4日"), Some(1985));
        assert_eq!(birth_year("unknown"), None);
        assert_eq!(birth_year(""), None);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod never_panic {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn keys_take_any_text(s in "\\PC{0,40}") {
                let _ = email_key(&s);
                let _ = phone_key(&s);
                let _ = name_key(&s);
                let _ = phonetic_keys(&s);
                let _ = postcode_key(&s);
                let _ = address_tokens(&s);
                let _ = birth_year(&s);
            }

            #[test]
            fn latin_names_take_any_letters(s in "[a-zA-Z '.,-]{0,30}") {
                let key = name_key(&s);
                prop_assert_eq!(key.sounds.len(), key.latin().split_whitespace().count());
            }
        }
    }
}
