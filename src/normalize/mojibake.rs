//! Mojibake: text garbled by being decoded with the wrong encoding, almost
//! always UTF-8 or GBK bytes read as Windows-1252 (or Latin-1).
//!
//! `张伟` in UTF-8 is `E5 BC A0 E4 BC 9F`; read as Windows-1252 that is
//! `å¼ ä¼Ÿ`. In GBK it is `D5 C5 CE B0`, which reads as `ÕÅÎ°`. French and
//! German fare no better: `José Müller` becomes `JosÃ© MÃ¼ller`.
//!
//! [`looks_like_mojibake`] spots such text without being fooled by real
//! accented text (`José Müller`, `Françoise`, `São Paulo`, `Ærøskøbing`):
//!
//! * UTF-8 read as Windows-1252 leaves a *lead* character (`Â`–`ô`, the
//!   bytes that open a multi-byte sequence) followed by one to three
//!   *continuation* characters (the bytes `80`–`BF`: `€`, `…`, `Ÿ`, `¼`,
//!   `©`, `»`, no-break space, …). Real text has letters after `é`, not `¼`.
//!   Continuations that real text does put after a letter (quotes, dashes,
//!   `®`, `™`, `»`, the letters `š`, `ž`, `œ`…) only count in pairs, in
//!   two sequences back to back, or after `Â`/`Ã`, so `«café»`, `“JOSÉ”`,
//!   `NESCAFÉ®` and Slovak `náš` pass.
//! * GBK read as Windows-1252 leaves runs of four or more characters from
//!   the upper half of Windows-1252 (`ÕÅÎ°`), which real European text
//!   never has; a run counts only if its bytes decode as GBK into Chinese
//!   characters.
//!
//! The values arriving here have already been through NFKC and the removal
//! of control and invisible characters, which changes mojibake: `¼` becomes
//! `1⁄4`, `µ` becomes `μ`, `´` becomes a space and a combining accent, the
//! no-break space a plain space, `²` a plain `2`, and the soft hyphen and
//! the C1 controls (bytes `81`, `8D`, `8F`, `90`, `9D`) vanish. Detection
//! reads these NFKC forms back as the bytes they came from; plain-ASCII
//! forms (`2`, `a`, space) are believed only next to evidence that is not
//! ASCII. [`repair_mojibake`] undoes what can be undone and gives up when a
//! byte has vanished, rather than guess which one it was; only when two
//! losses conspire (a vanished byte and an ASCII form that shifts the
//! pairing of GBK bytes, say) can it be fooled, for about one in five
//! hundred random Chinese strings. A file read with the wrong encoding is
//! best read again with the right one; repair is for the odd garbled cell.

use std::borrow::Cow;

use encoding_rs::GBK;

use super::name::{is_cjk, is_han};

/// Returns true if `value` looks like UTF-8 or GBK text decoded as
/// Windows-1252 or Latin-1 (see the module documentation). Genuine accented
/// Latin text (`José Müller`, `Françoise`, `São Paulo`, `Ærøskøbing`) is
/// not flagged.
///
/// Cheap for the common cases: ASCII and text without Latin-1 characters
/// (all Chinese, say) are rejected after one scan, without allocating.
pub fn looks_like_mojibake(value: &str) -> bool {
    if !may_hold_high_cp1252(value) || !value.chars().any(|c| cp1252_byte(c).is_some_and(|b| b >= 0x80)) {
        return false;
    }
    utf8_evidence(value) || gbk_evidence(value)
}

/// Undoes mojibake: re-encodes `value` as Windows-1252 (reading NFKC forms
/// back as the bytes they came from) and decodes the bytes as UTF-8 or, if
/// that does not fit, as GBK. Text encoded twice (`ÃƒÂ©`) is repaired
/// twice.
///
/// Returns `None` unless `value` [looks like mojibake](looks_like_mojibake)
/// and the bytes decode without error into plausible text: all CJK for GBK;
/// for UTF-8, letters from Latin and CJK scripts or from one other script,
/// without control or private-use characters, and at least one non-ASCII
/// letter (`Â©2024` is detected but not repaired: a lone symbol is too
/// easily a wrong guess). Also `None` when text cleaning has dropped one of
/// the bytes (a soft hyphen or C1 control), since which byte it was cannot
/// be known.
///
/// When both readings fit, UTF-8 wins if it gives CJK or real-looking Latin
/// words (`JosÃ©` → `José`) and GBK wins otherwise (`Ã¦Ã¯` → `忙茂`, not
/// `æï`).
pub fn repair_mojibake(value: &str) -> Option<String> {
    let mut repaired = repair_once(value)?;
    for _ in 0..2 {
        match repair_once(&repaired) {
            Some(again) => repaired = again,
            None => break,
        }
    }
    Some(repaired)
}

/// One round of [`repair_mojibake`].
fn repair_once(value: &str) -> Option<String> {
    if value.is_ascii() || !value.chars().any(|c| cp1252_byte(c).is_some_and(|b| b >= 0x80)) {
        return None;
    }
    let utf8 = if utf8_evidence(value) { utf8_repair(value) } else { None };
    let gbk = || if gbk_evidence(value) { gbk_repair(value) } else { None };
    match utf8 {
        Some(utf8) if is_latin_or_cjk(&utf8) && (is_mostly_cjk(&utf8) || has_latin_words(&utf8)) => Some(utf8),
        // GBK text whose bytes also happen to form valid UTF-8 comes out as
        // Greek or Cyrillic, or as accented letters with no plain letters
        // beside them (`Ã¦Ã¯` is `忙茂` in GBK, or `æï`).
        Some(utf8) => gbk().or(Some(utf8)),
        // UTF-8 that lost bytes in cleaning must not be mistaken for GBK: its
        // bytes often fit GBK too.
        None if is_utf8_shaped(value) => None,
        None => gbk(),
    }
}

/// Whether `value` has the shape of UTF-8 read as Windows-1252, allowing
/// for bytes lost in cleaning: every upper-half character is a lead or a
/// continuation right after a lead, at least one three- or four-byte
/// sequence is there, and no more leads lack continuations than have all
/// of theirs. Cleaning shortens a sequence now and then but never leaves a
/// continuation without its lead; GBK text read this way usually has such
/// strays, or leads without continuations all over.
fn is_utf8_shaped(value: &str) -> bool {
    let (mut complete, mut complete_long, mut incomplete) = (0usize, 0usize, 0usize);
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        let Some(needed) = lead_len(c) else {
            if high_byte_at(rest).is_some() {
                return false;
            }
            rest = rest.get(c.len_utf8()..).unwrap_or("");
            continue;
        };
        rest = rest.get(c.len_utf8()..).unwrap_or("");
        let mut found = 0;
        while found < needed {
            let Some(next) = continuation_at(rest) else { break };
            rest = rest.get(next.len..).unwrap_or("");
            found += 1;
        }
        if found < needed {
            incomplete += 1;
        } else {
            complete += 1;
            // Two-byte sequences are common in GBK text by chance.
            complete_long += usize::from(needed >= 2);
        }
    }
    complete_long > 0 && incomplete <= complete
}

/// Whether some accented Latin letter in `text` has a plain ASCII letter
/// beside it, as in real words (`José`, `été`).
fn has_latin_words(text: &str) -> bool {
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if let Some(p) = previous {
            let accented = |c: char| !c.is_ascii() && matches!(script(c), Some(Script::Latin));
            if (accented(p) && c.is_ascii_alphabetic()) || (p.is_ascii_alphabetic() && accented(c)) {
                return true;
            }
        }
        previous = Some(c);
    }
    false
}

/// Whether most non-ASCII characters of `text` are CJK.
fn is_mostly_cjk(text: &str) -> bool {
    let non_ascii = text.chars().filter(|c| !c.is_ascii()).count();
    let cjk = text.chars().filter(|&c| is_cjk_text(c)).count();
    cjk * 2 > non_ascii
}

/// Whether `value` may hold a character whose Windows-1252 byte is 0x80 or
/// more, judged by UTF-8 lead bytes alone: U+0080–U+00FF start with C2 or
/// C3, and the 27 other such characters with C5, C6, CB or E2. A scan of
/// bytes, against decoding every character of every text cell (Chinese
/// text has none of these leads, so it is passed over here).
fn may_hold_high_cp1252(value: &str) -> bool {
    value.bytes().any(|b| matches!(b, 0xC2 | 0xC3 | 0xC5 | 0xC6 | 0xCB | 0xE2))
}

/// The Windows-1252 byte that decodes to `c`. C1 controls map to the byte
/// of the same number, as a Latin-1 decoder (or `encoding_rs`'s Windows-1252
/// decoder, for the five bytes Windows-1252 leaves undefined) produces them.
fn cp1252_byte(c: char) -> Option<u8> {
    let code = u32::from(c);
    if code < 0x100 {
        return u8::try_from(code).ok();
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// How many continuation bytes follow `c` if it is a UTF-8 lead byte read
/// as Windows-1252 (`Â`–`ß`: one, `à`–`ï`: two, `ð`–`ô`: three).
fn lead_len(c: char) -> Option<usize> {
    match u32::from(c) {
        0xC2..=0xDF => Some(1),
        0xE0..=0xEF => Some(2),
        0xF0..=0xF4 => Some(3),
        _ => None,
    }
}

/// What NFKC makes of Windows-1252 characters in the continuation range,
/// with the byte each came from: forms no genuine text has in their place.
/// (The C1 controls and the soft hyphen are removed by cleaning instead.)
const NFKC_FORMS: &[(&str, u8)] = &[
    ("1\u{2044}4", 0xBC),
    ("1\u{2044}2", 0xBD),
    ("3\u{2044}4", 0xBE),
    (" \u{301}", 0xB4),
    (" \u{308}", 0xA8),
    (" \u{304}", 0xAF),
    (" \u{327}", 0xB8),
    (" \u{303}", 0x98),
    ("\u{3BC}", 0xB5),
];

/// NFKC forms that are plain ASCII, so could as well be genuine text; they
/// are only believed where a continuation is due and something else vouches
/// for the sequence.
const AMBIGUOUS_NFKC_FORMS: &[(&str, u8)] =
    &[("...", 0x85), ("TM", 0x99), (" ", 0xA0), ("1", 0xB9), ("2", 0xB2), ("3", 0xB3), ("a", 0xAA), ("o", 0xBA)];

/// A continuation byte read from the start of some text.
#[derive(Debug, Clone, Copy)]
struct Continuation {
    /// The byte (`80`–`BF`).
    byte: u8,
    /// How many bytes of text it took.
    len: usize,
    /// Whether the text was plain ASCII that need not be mojibake at all.
    ambiguous: bool,
}

/// The continuation byte that `text` starts with, as a Windows-1252
/// character or its NFKC form.
fn continuation_at(text: &str) -> Option<Continuation> {
    for &(form, byte) in NFKC_FORMS {
        if text.starts_with(form) {
            return Some(Continuation { byte, len: form.len(), ambiguous: false });
        }
    }
    let c = text.chars().next()?;
    if let Some(byte) = cp1252_byte(c).filter(|b| (0x80..=0xBF).contains(b)) {
        return Some(Continuation { byte, len: c.len_utf8(), ambiguous: false });
    }
    AMBIGUOUS_NFKC_FORMS.iter().find(|(form, _)| text.starts_with(form)).map(|&(form, byte)| Continuation {
        byte,
        len: form.len(),
        ambiguous: true,
    })
}

/// Whether a continuation byte is strong evidence on its own: characters
/// that never follow a letter in real text (`¼`, `ˆ`, `¤`, `µ`, `²`, C1
/// controls, …). Punctuation, `©®™°`, currency signs and the letters
/// `ŠšŒœŽžŸ` can, so they are weak.
fn is_strong(byte: u8) -> bool {
    matches!(
        byte,
        0x81 | 0x83
            | 0x88
            | 0x89
            | 0x8D
            | 0x8F
            | 0x90
            | 0x98
            | 0x9D
            | 0xA4
            | 0xA6
            | 0xA8
            | 0xAA
            | 0xAC
            | 0xAF
            | 0xB2
            | 0xB3
            | 0xB5
            | 0xB8
            | 0xB9
            | 0xBA
            | 0xBC
            | 0xBD
            | 0xBE
    )
}

/// Superscript digits and fractions, which real text can put at the start
/// of a word.
fn is_numeric(byte: u8) -> bool {
    matches!(byte, 0xB2 | 0xB3 | 0xB9 | 0xBC..=0xBE)
}

/// Punctuation that may follow a word ending in `Ã` in Portuguese written
/// in capitals (`“IRMÃ”`, `MAÇÃ…`), so is no evidence after `Ã`.
fn is_punctuation(byte: u8) -> bool {
    matches!(byte, 0x82 | 0x84 | 0x85 | 0x8B | 0x91..=0x97 | 0x99 | 0x9B | 0xA0 | 0xAB | 0xB7 | 0xBB)
}

/// Whether `value` holds a UTF-8 sequence read as Windows-1252 (see the
/// module documentation for what counts).
fn utf8_evidence(value: &str) -> bool {
    // Where the last three- or four-byte sequence with an unambiguous
    // continuation ended: two such sequences back to back (`ç„TMæ£`) are
    // evidence even when every continuation is weak.
    let mut long_sequence_end = None;
    for (i, c) in value.char_indices() {
        let Some(needed) = lead_len(c) else { continue };
        let mut rest = value.get(i + c.len_utf8()..).unwrap_or("");
        let mut found: Option<Continuation> = None;
        let (mut count, mut unambiguous, mut strong, mut strong_symbols) = (0, 0, 0, 0);
        while count < needed {
            let Some(next) = continuation_at(rest) else { break };
            count += 1;
            if !next.ambiguous {
                unambiguous += 1;
                strong += usize::from(is_strong(next.byte));
                strong_symbols += usize::from(is_strong(next.byte) && !is_numeric(next.byte));
            }
            found.get_or_insert(next);
            rest = rest.get(next.len..).unwrap_or("");
        }
        let hit = match (c, found) {
            (_, None) => false,
            // `Â` then a no-break space (now a space) or any symbol: Â is
            // never followed by those in French.
            ('Â', Some(first)) => !first.ambiguous || first.byte == 0xA0,
            ('Ã', Some(first)) => !first.ambiguous && !is_punctuation(first.byte),
            (_, Some(_)) if needed == 1 => strong == 1,
            // `café ½`: a word, a space and whatever starts the next word.
            (_, Some(first)) if first.byte == 0xA0 => count == needed && strong_symbols >= 1,
            (_, Some(_)) => strong >= 1 || (count == needed && unambiguous >= 2),
        };
        if hit {
            return true;
        }
        if needed >= 2 && unambiguous >= 1 {
            if long_sequence_end == Some(i) {
                return true;
            }
            long_sequence_end = Some(value.len() - rest.len());
        }
    }
    false
}

/// The upper-half Windows-1252 byte that `text` starts with, as a character
/// or an unmistakable NFKC form, with the length taken.
fn high_byte_at(text: &str) -> Option<(u8, usize)> {
    for &(form, byte) in NFKC_FORMS {
        if text.starts_with(form) {
            return Some((byte, form.len()));
        }
    }
    let c = text.chars().next()?;
    cp1252_byte(c).filter(|&b| b >= 0x80).map(|b| (b, c.len_utf8()))
}

/// Like [`high_byte_at`], but between two upper-half characters `1`, `2`,
/// `3`, `a` and `o` are read as the `¹`, `²`, `³`, `ª` and `º` NFKC made
/// them from: GBK `中国` read as Windows-1252 is `ÖÐ¹ú`, which NFKC turns
/// into `ÖÐ1ú`. The flag tells whether the byte was such a guess.
fn gbk_byte_at(text: &str, after_high: bool) -> Option<(u8, usize, bool)> {
    if let Some((byte, len)) = high_byte_at(text) {
        return Some((byte, len, false));
    }
    if !after_high {
        return None;
    }
    let byte = nfkc_ascii_form(*text.as_bytes().first()?)?;
    high_byte_at(text.get(1..)?).map(|_| (byte, 1, true))
}

/// Whether `value` holds a run of upper-half Windows-1252 characters that
/// decodes as GBK into at least two Chinese characters.
fn gbk_evidence(value: &str) -> bool {
    let mut rest = value;
    // The byte the ASCII character before the run may stand for (see
    // [`nfkc_ascii_form`]).
    let mut form_before = None;
    let mut bytes = Vec::new();
    loop {
        bytes.clear();
        if let Some(form) = form_before {
            bytes.push(form);
        }
        let start = bytes.len();
        // Letters read as bytes (`a`, `o`; digits are less of a stretch).
        let mut forms = 0usize;
        while let Some((byte, len, guessed)) = gbk_byte_at(rest, bytes.len() > start) {
            forms += usize::from(guessed && matches!(byte, 0xAA | 0xBA));
            bytes.push(byte);
            rest = rest.get(len..).unwrap_or("");
        }
        let form_after = rest.bytes().next().and_then(nfkc_ascii_form);
        let letter = |form: Option<u8>| usize::from(matches!(form, Some(0xAA | 0xBA)));
        if bytes.len() > start {
            if let Some(form) = form_after {
                bytes.push(form);
            }
            let end = bytes.len() - usize::from(form_after.is_some());
            // An odd run starts or ends with half a character: try it with
            // the neighbouring form, or without its first or last byte. At
            // most one letter may be read as a byte (`Ñoño` is Spanish).
            let candidates = if (end - start) % 2 == 1 {
                [
                    (bytes.get(..end), forms + letter(form_before)),
                    (bytes.get(start..), forms + letter(form_after)),
                    (bytes.get(start + 1..end), forms),
                    (bytes.get(start..end - 1), forms),
                ]
            } else {
                [(bytes.get(start..end), forms), (None, 0), (None, 0), (None, 0)]
            };
            let found = candidates
                .into_iter()
                .any(|(run, forms)| run.is_some_and(|run| forms <= 1 && run.len() % 2 == 0 && decodes_to_han(run)));
            if found {
                return true;
            }
        }
        let mut chars = rest.chars();
        form_before = chars.next().and_then(|c| u8::try_from(c).ok()).and_then(nfkc_ascii_form);
        if rest.is_empty() {
            return false;
        }
        rest = chars.as_str();
    }
}

/// Re-encodes `value` as Windows-1252 and decodes it as UTF-8, requiring
/// every lead byte to have all its continuation bytes. Characters outside
/// Windows-1252 pass through as they are.
fn utf8_repair(value: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(value.len());
    let mut sequences = 0usize;
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        if lead_len(c).is_none() && high_byte_at(rest).is_some() {
            // A continuation byte with no lead (`1⁄4` included), or a byte
            // that is never a lead.
            return None;
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("");
        if let Some(needed) = lead_len(c) {
            bytes.push(cp1252_byte(c)?);
            let mut believable = false;
            for _ in 0..needed {
                let next = continuation_at(rest)?;
                believable |= !next.ambiguous || (c == 'Â' && next.byte == 0xA0);
                bytes.push(next.byte);
                rest = rest.get(next.len..).unwrap_or("");
            }
            if !believable {
                return None;
            }
            sequences += 1;
            continue;
        }
        match cp1252_byte(c) {
            Some(byte) => bytes.push(byte),
            None => bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    if sequences == 0 {
        return None;
    }
    let text = String::from_utf8(bytes).ok()?;
    // A repair that made no letter is a guess (`3Â3⁄42` is GBK `陈静`
    // after NFKC, not `3¾2`): symbol-only mojibake is detected, not repaired.
    let made_a_letter = text.chars().any(|c| !c.is_ascii() && c.is_alphabetic());
    (made_a_letter && is_plausible_utf8(&text)).then_some(text)
}

/// Whether a run of at least four upper-half bytes is GB2312 Chinese.
fn decodes_to_han(bytes: &[u8]) -> bool {
    bytes.len() >= 4
        && is_gb2312_shaped(bytes)
        && GBK.decode_without_bom_handling_and_without_replacement(bytes).is_some_and(|text| text.chars().all(is_han))
}

/// Whether `bytes` are ASCII and pairs from the GB2312 area of GBK (both
/// bytes `A1`–`FE`, lead at most `F7`), which is where GBK keeps all the
/// common characters. UTF-8 read as GBK almost never fits: its continuation
/// bytes `80`–`A0` are not GB2312 bytes.
fn is_gb2312_shaped(bytes: &[u8]) -> bool {
    let mut bytes = bytes.iter();
    while let Some(&lead) = bytes.next() {
        if lead < 0x80 {
            continue;
        }
        let trail = bytes.next().copied().unwrap_or(0);
        if !(0xA1..=0xF7).contains(&lead) || !(0xA1..=0xFE).contains(&trail) {
            return false;
        }
    }
    true
}

/// Re-encodes `value` as Windows-1252 and decodes it as GBK, if the bytes
/// are [GB2312-shaped](is_gb2312_shaped).
///
/// The ASCII forms NFKC leaves of `¹²³ªº` are read back between two
/// upper-half characters, and also just before or after a run of them when
/// the run has an odd number of bytes and exactly one of the two is such a
/// form (GBK `国家`, `B9 FA BC D2`, is `¹ú¼Ò` and after NFKC `1ú1⁄4Ò`).
/// An even run next to such a form is ambiguous and not repaired.
fn gbk_repair(value: &str) -> Option<String> {
    // Each character's byte and, for an ASCII form, the byte it may stand for.
    let mut items: Vec<(u8, Option<u8>)> = Vec::with_capacity(value.len());
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        let (item, len) = match high_byte_at(rest) {
            Some((byte, len)) => ((byte, None), len),
            None => {
                let byte = cp1252_byte(c)?;
                ((byte, nfkc_ascii_form(byte)), c.len_utf8())
            }
        };
        items.push(item);
        rest = rest.get(len..).unwrap_or("");
    }
    let is_high = |items: &[(u8, Option<u8>)], i: usize| items.get(i).is_some_and(|&(b, _)| b >= 0x80);
    let is_form = |items: &[(u8, Option<u8>)], i: usize| items.get(i).is_some_and(|&(b, f)| b < 0x80 && f.is_some());
    // Forms between upper-half bytes.
    let mut i = 0;
    while i < items.len() {
        let mut end = i;
        while is_form(&items, end) {
            end += 1;
        }
        if end > i && i > 0 && is_high(&items, i - 1) && is_high(&items, end) {
            for item in items.get_mut(i..end).unwrap_or_default() {
                item.0 = item.1.unwrap_or(item.0);
            }
        }
        i = end.max(i + 1);
    }
    // Forms completing an odd run.
    let mut i = 0;
    while i < items.len() {
        if !is_high(&items, i) {
            i += 1;
            continue;
        }
        let mut end = i;
        while is_high(&items, end) {
            end += 1;
        }
        let before = i.checked_sub(1).filter(|&b| is_form(&items, b));
        let after = Some(end).filter(|&a| is_form(&items, a));
        if (end - i) % 2 == 1 {
            // The form must stand alone: in `2oÅ…` either could be the lead.
            let fix = match (before, after) {
                (Some(at), None) if !at.checked_sub(1).is_some_and(|b| is_form(&items, b)) => at,
                (None, Some(at)) if !is_form(&items, at + 1) => at,
                _ => return None,
            };
            let item = items.get_mut(fix)?;
            item.0 = item.1?;
            end += 1;
        } else if before.is_some() || after.is_some() {
            // An even run next to a form: either the form is plain ASCII, or
            // it is a byte and cleaning dropped another one. No telling.
            return None;
        }
        i = end;
    }
    let bytes: Vec<u8> = items.iter().map(|&(byte, _)| byte).collect();
    if !is_gb2312_shaped(&bytes) {
        return None;
    }
    let text = GBK.decode_without_bom_handling_and_without_replacement(&bytes)?;
    let plausible = text.chars().any(is_han) && text.chars().all(|c| c.is_ascii() || is_cjk_text(c));
    plausible.then(|| Cow::into_owned(text))
}

/// The upper-half byte whose NFKC form is the ASCII `byte`, among those
/// that can be GB2312 bytes: `¹²³ªº` (`1`, `2`, `3`, `a`, `o`).
fn nfkc_ascii_form(byte: u8) -> Option<u8> {
    match byte {
        b'1' => Some(0xB9),
        b'2' => Some(0xB2),
        b'3' => Some(0xB3),
        b'a' => Some(0xAA),
        b'o' => Some(0xBA),
        _ => None,
    }
}

/// CJK characters, CJK punctuation and full-width forms.
fn is_cjk_text(c: char) -> bool {
    is_cjk(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

/// Whether every letter of `text` is Latin or CJK.
fn is_latin_or_cjk(text: &str) -> bool {
    text.chars().filter(|c| c.is_alphabetic()).all(|c| matches!(script(c), Some(Script::Latin | Script::Cjk)))
}

/// Scripts a repaired letter can belong to; see [`is_plausible_utf8`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cjk,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    Devanagari,
    Thai,
    Georgian,
}

/// The script of letter `c`, if it is one a repair may produce.
fn script(c: char) -> Option<Script> {
    Some(match u32::from(c) {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x17F | 0x1E00..=0x1EFF => Script::Latin,
        0x370..=0x3FF => Script::Greek,
        0x400..=0x4FF => Script::Cyrillic,
        0x530..=0x58F => Script::Armenian,
        0x590..=0x5FF => Script::Hebrew,
        0x600..=0x6FF => Script::Arabic,
        0x900..=0x97F => Script::Devanagari,
        0xE00..=0xE7F => Script::Thai,
        0x10A0..=0x10FF => Script::Georgian,
        _ if is_cjk_text(c) => Script::Cjk,
        _ => return None,
    })
}

/// Whether decoded UTF-8 is believable text: no control, private-use,
/// replacement or non-characters, and letters only from Latin and CJK
/// scripts, or only from one other script. GBK bytes that happen to be
/// valid UTF-8 decode to a jumble of Latin Extended-B, IPA, Greek and
/// Cyrillic, which this turns away.
fn is_plausible_utf8(text: &str) -> bool {
    let mut seen: Option<Script> = None;
    let mut latin_or_cjk = false;
    for c in text.chars() {
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
            return false;
        }
        if matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'.. | '\u{FFFD}' | '\u{FDD0}'..='\u{FDEF}')
            || (u32::from(c) & 0xFFFE) == 0xFFFE
        {
            return false;
        }
        if c.is_ascii() || !c.is_alphabetic() {
            continue;
        }
        let Some(script) = script(c) else { return false };
        if matches!(script, Script::Latin | Script::Cjk) {
            latin_or_cjk = true;
            if seen.is_some_and(|s| !matches!(s, Script::Latin | Script::Cjk)) {
                return false;
            }
        } else if latin_or_cjk || seen.is_some_and(|s| s != script) {
            return false;
        }
        seen = Some(script);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_high_cp1252_character_has_one_of_the_lead_bytes() {
        for c in (0u32..0x11_0000).filter_map(char::from_u32) {
            if cp1252_byte(c).is_some_and(|b| b >= 0x80) {
                assert!(may_hold_high_cp1252(&c.to_string()), "U+{:04X}", c as u32);
            }
        }
        assert!(!may_hold_high_cp1252("北京市朝阳区 Acme Inc."));
    }
    use crate::normalize::text::clean_text;
    use encoding_rs::WINDOWS_1252;

    /// `text` encoded as UTF-8 and read as Windows-1252.
    fn utf8_as_cp1252(text: &str) -> String {
        WINDOWS_1252.decode_without_bom_handling(text.as_bytes()).0.into_owned()
    }

    /// `text` encoded as GBK and read as Windows-1252.
    fn gbk_as_cp1252(text: &str) -> String {
        let (bytes, _, errors) = GBK.encode(text);
        assert!(!errors, "{text}");
        WINDOWS_1252.decode_without_bom_handling(&bytes).0.into_owned()
    }

    const CHINESE: &[&str] = &[
        "张伟",
        "欧阳娜娜",
        "李娜",
        "王小明",
        "刘德华",
        "陈静",
        "中国",
        "北京市朝阳区",
        "上海浦东新区",
        "深圳市南山区科技园",
        "广州天河",
        "杭州阿里巴巴",
        "张三",
        "李四",
        "赵敏",
        "黄晓明",
        "周杰伦",
        "有限公司",
        "客户经理",
        "电话号码",
    ];

    #[test]
    fn the_examples_from_the_docs() {
        assert_eq!(utf8_as_cp1252("张伟"), "å¼\u{A0}ä¼Ÿ");
        assert_eq!(gbk_as_cp1252("张伟"), "ÕÅÎ°");
        assert!(looks_like_mojibake("å¼\u{A0}ä¼Ÿ"));
        assert!(looks_like_mojibake("å¼ ä¼Ÿ"));
        assert!(looks_like_mojibake("ÕÅÎ°"));
        assert_eq!(repair_mojibake("å¼\u{A0}ä¼Ÿ").as_deref(), Some("张伟"));
        assert_eq!(repair_mojibake("å¼ ä¼Ÿ").as_deref(), Some("张伟"));
        assert_eq!(repair_mojibake("ÕÅÎ°").as_deref(), Some("张伟"));
    }

    #[test]
    fn utf8_chinese_read_as_cp1252_is_detected_and_repaired() {
        for &text in CHINESE {
            let raw = utf8_as_cp1252(text);
            assert!(looks_like_mojibake(&raw), "{text}: {raw}");
            assert_eq!(repair_mojibake(&raw).as_deref(), Some(text), "{text}: {raw}");
        }
    }

    #[test]
    fn gbk_chinese_read_as_cp1252_is_detected_and_repaired() {
        for &text in CHINESE {
            let raw = gbk_as_cp1252(text);
            assert!(looks_like_mojibake(&raw), "{text}: {raw}");
            assert_eq!(repair_mojibake(&raw).as_deref(), Some(text), "{text}: {raw}");
        }
    }

    #[test]
    fn cleaned_mojibake_is_still_detected_and_never_misrepaired() {
        let mut repaired = 0;
        for &text in CHINESE {
            for raw in [utf8_as_cp1252(text), gbk_as_cp1252(text)] {
                let cleaned = clean_text(&raw);
                assert!(looks_like_mojibake(&cleaned), "{text}: {cleaned:?}");
                if let Some(fixed) = repair_mojibake(&cleaned) {
                    assert_eq!(fixed, text, "{cleaned:?}");
                    repaired += 1;
                }
            }
        }
        // Most survive cleaning; those that lost a byte are not guessed at.
        assert!(repaired >= CHINESE.len(), "{repaired}");
    }

    #[test]
    fn nfkc_forms_are_read_back() {
        // 张伟 after NFKC: `¼` is `1⁄4`, the no-break space a space.
        assert!(looks_like_mojibake("å1⁄4 ä1⁄4Ÿ"));
        assert_eq!(repair_mojibake("å1⁄4 ä1⁄4Ÿ").as_deref(), Some("张伟"));
        assert_eq!(repair_mojibake("MÃ1⁄4ller").as_deref(), Some("Müller"));
    }

    #[test]
    fn japanese_and_korean() {
        for text in ["東京都新宿区", "さくら", "カタカナ", "서울특별시", "김민수"] {
            let raw = utf8_as_cp1252(text);
            assert!(looks_like_mojibake(&raw), "{text}: {raw}");
            assert_eq!(repair_mojibake(&raw).as_deref(), Some(text), "{text}: {raw}");
        }
    }

    #[test]
    fn latin_text_read_as_cp1252_is_detected_and_repaired() {
        for text in [
            "José Müller",
            "Françoise",
            "São Paulo",
            "Ærøskøbing",
            "Émile Zola",
            "Dvořák",
            "naïve café",
            "Crème brûlée",
        ] {
            let raw = utf8_as_cp1252(text);
            assert!(looks_like_mojibake(&raw), "{text}: {raw}");
            assert_eq!(repair_mojibake(&raw).as_deref(), Some(text), "{text}: {raw}");
        }
        assert_eq!(repair_mojibake("JosÃ©").as_deref(), Some("José"));
        assert_eq!(repair_mojibake("50 Â°C, Ã©tÃ©").as_deref(), Some("50 °C, été"));
    }

    #[test]
    fn symbols_alone_are_detected_but_not_repaired() {
        for garbled in ["Â©2024", "â‚¬100", "50Â°C", "3Â3⁄42"] {
            assert!(looks_like_mojibake(garbled), "{garbled}");
            assert_eq!(repair_mojibake(garbled), None, "{garbled}");
        }
    }

    #[test]
    fn ambiguous_bytes_prefer_the_likelier_reading() {
        // C3 A6 C3 AF: `æï` in UTF-8, `忙茂` in GBK.
        assert_eq!(repair_mojibake("Ã¦Ã¯").as_deref(), Some("忙茂"));
        // C3 A9: `é` in UTF-8 beside plain letters.
        assert_eq!(repair_mojibake("CafÃ©").as_deref(), Some("Café"));
    }

    #[test]
    fn double_encoding_is_repaired_twice() {
        let twice = utf8_as_cp1252(&utf8_as_cp1252("José"));
        assert_eq!(twice, "JosÃƒÂ©");
        assert!(looks_like_mojibake(&twice));
        assert_eq!(repair_mojibake(&twice).as_deref(), Some("José"));
        let twice = utf8_as_cp1252(&utf8_as_cp1252("张伟"));
        assert_eq!(repair_mojibake(&twice).as_deref(), Some("张伟"));
    }

    #[test]
    fn genuine_text_is_not_flagged() {
        let genuine = [
            "José Müller",
            "Françoise",
            "São Paulo",
            "SÃO PAULO",
            "Ærøskøbing",
            "Ñoño",
            "Zoë",
            "naïve café",
            "Crème brûlée",
            "Straße",
            "Þórunn Ólafsdóttir",
            "Ångström",
            "Øystein Bjørn",
            "Kurt Gödel",
            "Erdős Pál",
            "Dvořák",
            "náš dům",
            "téže",
            "Łódź",
            "İstanbul",
            "Nguyễn Văn An",
            "«café» et",
            "“JOSÉ”",
            "“IRMÃ”",
            "MAÇÃ…",
            "NESCAFÉ®",
            "Café™",
            "résumé—draft",
            "voilà–yes",
            "50°C",
            "¿Qué?",
            "¡Hola!",
            "©2024 Société Générale",
            "Müller–Lüdenscheidt",
            "AÇAÍ",
            "ÉCOLE",
            "Ça va",
            "José´s",
            "José ́s",
            "col·lecció",
            "Nº 5",
            "1ª",
            "café ½",
            "café ¼",
            "café 1⁄4",
            "«café\u{A0}»",
            "Größe ½",
            "Ελληνικά",
            "Москва",
            "张伟",
            "東京",
            "김민수",
            "",
            "plain ascii",
            "ÆØÅ",
            "¡¡¡Olé!!!",
            "©®°±",
        ];
        for text in genuine {
            assert!(!looks_like_mojibake(text), "{text}");
            assert_eq!(repair_mojibake(text), None, "{text}");
        }
    }

    #[test]
    fn genuine_place_and_people_names_are_not_flagged() {
        let names = "Jyväskylä Hämeenlinna Pääkaupunki yöä Müßiggang Ørsted Tromsø Gävle Malmö Besançon Wrocław \
            Kraków Bogotá Medellín Córdoba Zürich Köln Düsseldorf Saint-Étienne Reykjavík Þingvellir Eyjafjallajökull \
            Façade Œuvre Ægir Øre œuf Naïveté Noël Citroën Häagen-Dazs Mötley Crüe Beyoncé Pokémon Conceição \
            informações Gonçalves México Álvarez Peña Núñez Óscar Íñigo Ñandú Ålesund Åsa Øvre Ærø São João Brâncuși \
            Ștefan Żółć Ürümqi Şişli Göçmen Ağaoğlu Đặng Nguyễn Trần Hồ Chí Minh Lê Văn Việt Piñata Mañana Çağrı \
            Fußgängerübergänge Ärzteschaft Übermaß Öl Ära Straßenbahn Ðuro Ðorđević Ísafjörður Höfn Seyðisfjörður";
        for name in names.split_whitespace() {
            for text in [name.to_string(), name.to_uppercase(), name.to_lowercase(), format!("{name} {name}")] {
                assert!(!looks_like_mojibake(&text), "{text}");
                assert!(!looks_like_mojibake(&clean_text(&text)), "{text}");
            }
        }
    }

    #[test]
    fn partly_garbled_text_passes_genuine_characters_through() {
        let mixed = format!("张伟 {}", utf8_as_cp1252("李娜"));
        assert!(looks_like_mojibake(&mixed));
        assert_eq!(repair_mojibake(&mixed).as_deref(), Some("张伟 李娜"));
    }

    /// Pseudo-random strings of two to six common Chinese characters (GB2312
    /// level 1), deterministic.
    fn random_chinese(count: usize) -> Vec<String> {
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                let len = 2 + (next() % 5) as usize;
                let mut bytes = Vec::new();
                for _ in 0..len {
                    bytes.push(0xB0 + (next() % 0x28) as u8);
                    bytes.push(0xA1 + (next() % 0x5E) as u8);
                }
                GBK.decode_without_bom_handling(&bytes).0.chars().filter(|&c| is_han(c)).collect::<String>()
            })
            .filter(|s| s.chars().count() >= 2)
            .collect()
    }

    #[test]
    fn random_chinese_is_detected_and_never_misrepaired() {
        /// Outcomes for one kind of garbling: detected, repaired, repaired
        /// wrongly, total.
        #[derive(Default, Debug)]
        struct Tally {
            detected: usize,
            repaired: usize,
            wrong: usize,
            total: usize,
        }
        impl Tally {
            fn add(&mut self, text: &str, garbled: &str) {
                self.total += 1;
                self.detected += usize::from(looks_like_mojibake(garbled));
                match repair_mojibake(garbled) {
                    Some(fixed) if fixed == text => self.repaired += 1,
                    Some(fixed) => {
                        self.wrong += 1;
                        eprintln!("{text} -> {garbled:?} -> {fixed}");
                    }
                    None => {}
                }
            }
        }
        let samples = random_chinese(3000);
        let mut tallies: [Tally; 4] = Default::default();
        for text in &samples {
            let utf8 = utf8_as_cp1252(text);
            let gbk = gbk_as_cp1252(text);
            tallies[0].add(text, &utf8);
            tallies[1].add(text, &gbk);
            tallies[2].add(text, &clean_text(&utf8));
            tallies[3].add(text, &clean_text(&gbk));
        }
        eprintln!("{tallies:#?}");
        let [raw_utf8, raw_gbk, clean_utf8, clean_gbk] = &tallies;
        // Raw mojibake: always detected, (almost) always repaired, never wrongly.
        for raw in [raw_utf8, raw_gbk] {
            assert_eq!(raw.detected, raw.total);
            assert_eq!(raw.wrong, 0);
            assert!(raw.repaired * 100 >= raw.total * 99, "{raw:?}");
        }
        assert_eq!(raw_utf8.repaired, raw_utf8.total);
        // Cleaned mojibake has lost information (NFKC, dropped soft hyphens
        // and C1 controls): still detected, repaired when it can be, wrongly
        // very rarely (0.1–0.2% of these random strings, where two losses
        // conspire).
        for cleaned in [clean_utf8, clean_gbk] {
            assert!(cleaned.detected * 100 >= cleaned.total * 97, "{cleaned:?}");
            assert!(cleaned.wrong * 200 <= cleaned.total, "{cleaned:?}");
        }
        // Cleaning drops one UTF-8 continuation byte in ten outright (GBK
        // loses only its rarer `AD` trail bytes), so fewer UTF-8 strings
        // survive whole than GBK ones.
        assert!(clean_utf8.repaired * 100 >= clean_utf8.total * 40, "{clean_utf8:?}");
        assert!(clean_gbk.repaired * 100 >= clean_gbk.total * 80, "{clean_gbk:?}");
    }

    #[test]
    fn plausibility() {
        assert!(is_plausible_utf8("José"));
        assert!(is_plausible_utf8("José 张伟"));
        assert!(is_plausible_utf8("Москва"));
        assert!(!is_plausible_utf8("Москва Ελλάδα"));
        assert!(!is_plausible_utf8("José Москва"));
        assert!(!is_plausible_utf8("a\u{E000}"));
        assert!(!is_plausible_utf8("a\u{0081}"));
        assert!(!is_plausible_utf8("ȀɎ"));
    }
}
