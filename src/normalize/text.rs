//! Text normalization shared by every column type: the steps that make two
//! spellings of the same text byte-identical before any type-specific rule.
//!
//! In order: Unicode NFKC (full-width `Ａ１２３＠ＱＱ．ＣＯＭ` becomes
//! `A123@QQ.COM`, the ideographic space a plain space), removal of zero-width
//! and control characters (invisible, but they break equality and Excel), and
//! whitespace collapsed to single spaces and trimmed.

use std::borrow::Cow;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Characters that are invisible and never meant: zero-width space/joiners,
/// word joiner, BOM, soft hyphen. (ZWJ inside emoji is lost too; CRM fields
/// have no business holding emoji sequences.)
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Control characters other than line breaks and tab, which multi-line
/// notes legitimately hold.
fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// Whether `text` needs no work at all: the common case, checked in one
/// pass without allocating. Runs of eight printable ASCII bytes, most of
/// a CRM cell, are passed over a word at a time; this check runs on every
/// cell of the file and was the largest single function of validation.
///
/// The rules: no whitespace at either end and no two whitespace characters
/// in a row; no tab or control character; for text with non-ASCII
/// characters, no whitespace but single spaces and line breaks, no `\r`,
/// nothing invisible, and already NFKC. (All-ASCII text keeps a lone `\r`
/// as it is, as it always has.)
fn is_clean(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut previous_space = true; // so leading whitespace fails
    let (mut ascii, mut plain, mut carriage_return) = (true, true, false);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if let Some(word) = bytes.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
                if all_printable_ascii(u64::from_le_bytes(word)) {
                    previous_space = false;
                    i += 8;
                    continue;
                }
            }
            match b {
                b' ' | b'\n' | b'\r' => {
                    if previous_space {
                        return false;
                    }
                    previous_space = true;
                    carriage_return |= b == b'\r';
                }
                0..=0x1F | 0x7F => return false,
                _ => previous_space = false,
            }
            i += 1;
            continue;
        }
        ascii = false;
        previous_space = false;
        if let Some(len) = cjk_ideograph_at(bytes, i) {
            i += len;
            continue;
        }
        if b == 0xC3 {
            // U+00C0-U+00FF (`C3 80` to `C3 BF`): À-ÿ, the accented letters
            // of Western European names (and × ÷), plain as they stand.
            i += 2;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else { return false };
        i += c.len_utf8();
        if c.is_whitespace() || is_invisible(c) || is_stray_control(c) {
            return false;
        }
        plain = false;
    }
    if bytes.is_empty() || ascii {
        return bytes.is_empty() || !previous_space;
    }
    !previous_space && !carriage_return && (plain || nfkc_quick(text) == IsNormalized::Yes)
}

/// Whether all eight bytes of `word` are printable ASCII (`!` to `~`):
/// no high bit, none below 0x21, none equal to 0x7F.
fn all_printable_ascii(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_0x21 = word.wrapping_sub(ONES * 0x21) & !word & HIGH;
    let del = word ^ (ONES * 0x7F);
    let is_del = del.wrapping_sub(ONES) & !del & HIGH;
    word & HIGH == 0 && below_0x21 == 0 && is_del == 0
}

/// The CJK Unified Ideographs block: not whitespace, invisible or control,
/// and NFKC as it stands ([`is_plain_nfkc`]); [`cjk_ideograph_at`] is the
/// same check on bytes, and the tests hold the two together.
fn is_cjk_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// The length (3) of the character at `bytes[i]` when it is in the CJK
/// Unified Ideographs block (U+4E00 `E4 B8 80` to U+9FFF `E9 BF BF`), read
/// from its bytes without decoding: half of a Chinese file's characters.
/// `bytes` is valid UTF-8 and `i` a character boundary.
fn cjk_ideograph_at(bytes: &[u8], i: usize) -> Option<usize> {
    let lead = *bytes.get(i)?;
    if !(0xE4..=0xE9).contains(&lead) {
        return None;
    }
    let second = *bytes.get(i + 1)?;
    // E4 needs a second byte of B8 or more (U+4E00 onwards); E5-E9 cover U+5000-U+9FFF.
    (lead > 0xE4 || second >= 0xB8).then_some(3)
}

/// Characters that are NFKC as they stand and have combining class 0, so
/// text made of them alone is NFKC without looking each one up: ASCII, the
/// letters of Latin-1 (U+00C0 to U+00FF, not the compatibility characters
/// before them such as `ª` or `½`) and the CJK Unified Ideographs block
/// (not the compatibility ideographs at U+F900, which NFKC maps). Chinese
/// names and addresses are almost all this, and so are European names;
/// the table lookups were 6% of a clean in the browser, and still 2.7% with
/// Latin-1 letters looked up. [`is_clean`] keeps its `plain` flag for
/// exactly these characters.
fn is_plain_nfkc(c: char) -> bool {
    c.is_ascii() || ('\u{C0}'..='\u{FF}').contains(&c) || is_cjk_ideograph(c)
}

/// `is_nfkc_quick` of `text`, with each [plain](is_plain_nfkc) character
/// passed as `a`: the same answer (both are NFKC and start a combining
/// sequence), but ASCII takes the check's fast path where anything else is
/// looked up in its tables. Text with a full-width bracket or comma
/// (`（`, `，`: Chinese companies and addresses) used to look up every
/// ideograph before it.
fn nfkc_quick(text: &str) -> IsNormalized {
    is_nfkc_quick(text.chars().map(|c| if is_plain_nfkc(c) { 'a' } else { c }))
}

/// NFKC, without invisible or control characters, whitespace collapsed and trimmed.
/// Line breaks inside the text are kept (one per run) since notes and
/// addresses use them; other whitespace runs become one space.
pub fn clean_text(text: &str) -> Cow<'_, str> {
    if is_clean(text) {
        return Cow::Borrowed(text);
    }
    let nfkc: Cow<str> = if nfkc_quick(text) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfkc().collect())
    };
    let out = strip_and_collapse(&nfkc);
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

/// Drops invisible and control characters and collapses whitespace (of NFKC text).
fn strip_and_collapse(nfkc: &str) -> String {
    let mut out = String::with_capacity(nfkc.len());
    let mut pending: Option<char> = None;
    for c in nfkc.chars() {
        if is_invisible(c) || is_stray_control(c) {
            continue;
        }
        if c.is_whitespace() {
            let kind = if c == '\n' || c == '\r' { '\n' } else { ' ' };
            pending = Some(if pending == Some('\n') { '\n' } else { kind });
            continue;
        }
        if let Some(space) = pending.take() {
            if !out.is_empty() {
                out.push(space);
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_becomes_ascii() {
        assert_eq!(clean_text("Ａ１２３＠ＱＱ．ＣＯＭ"), "A123@QQ.COM");
        assert_eq!(clean_text("１３８\u{3000}００１３\u{3000}８０００"), "138 0013 8000");
    }

    #[test]
    fn whitespace_is_collapsed_and_trimmed() {
        assert_eq!(clean_text("  Ann \t  Lee\u{00A0} "), "Ann Lee");
        assert_eq!(clean_text("line one  \r\n  line two"), "line one\nline two");
        assert_eq!(clean_text("\u{3000}张伟\u{3000}"), "张伟");
    }

    #[test]
    fn invisible_and_control_characters_are_removed() {
        assert_eq!(clean_text("ann\u{200B}@qq.com"), "ann@qq.com");
        assert_eq!(clean_text("\u{FEFF}Bob\u{0007}"), "Bob");
        assert_eq!(clean_text("soft\u{00AD}hyphen"), "softhyphen");
    }

    #[test]
    fn clean_text_borrows_when_nothing_changes() {
        assert!(matches!(clean_text("plain text"), Cow::Borrowed(_)));
        assert!(matches!(clean_text("张伟"), Cow::Borrowed(_)));
        assert!(matches!(clean_text("José Müller"), Cow::Borrowed(_)));
        assert!(matches!(clean_text("北京市 朝阳区\n建国路"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_fast_check_agrees_with_cleaning() {
        for text in ["Ann Lee", " Ann", "Ann ", "Ann  Lee", "Ann\tLee", "Ann\nLee", "Ann\r\nLee", "Ann\u{7}", "a", " ", "张伟", " 张伟", "张伟 ", "张  伟", "张\u{3000}伟", "张\r\n伟", "张\n伟", "张\u{200B}伟", "Ａ张", "ﬁ张", "é张", "e\u{301}张", "张\t伟", ""] {
            assert_eq!(is_clean(text), clean_text_slow(text) == text, "{text:?}");
        }
    }

    #[test]
    fn plain_characters_are_nfkc_quick_yes_alone_and_together() {
        let plain: Vec<char> = (0u32..0x80).chain(0xC0..=0xFF).chain(0x4E00..=0x9FFF).filter_map(char::from_u32).filter(|&c| is_plain_nfkc(c)).collect();
        assert_eq!(plain.len(), 0x80 + 0x40 + (0x9FFF - 0x4E00 + 1));
        for &c in &plain {
            assert_eq!(is_nfkc_quick(std::iter::once(c)), IsNormalized::Yes, "U+{:04X}", c as u32);
        }
        assert_eq!(is_nfkc_quick(plain.iter().copied()), IsNormalized::Yes);
        // Combining class 0 too: text of plain characters needs no reordering.
        assert!(plain.iter().all(|&c| unicode_normalization::char::canonical_combining_class(c) == 0));
        assert!(!is_plain_nfkc('\u{F900}') && !is_plain_nfkc('Ａ') && !is_plain_nfkc('\u{AA}') && !is_plain_nfkc('\u{BD}'));
        assert!(is_plain_nfkc('é') && is_plain_nfkc('Ø'));
    }

    #[test]
    fn the_quick_check_with_plain_characters_as_a_agrees_with_the_whole_one() {
        let pieces = ["a", "é", "Ø", "张", "伟", "（", "，", "\u{301}", "\u{323}", "\u{F900}", "Ａ", "ﬁ", "\u{AA}", "\u{3099}", "か", "\u{1100}", "\u{1161}", "\u{AC00}"];
        let mut next = crate::test_rng::below(0x9E37_79B9_7F4A_7C15);
        for _ in 0..100_000 {
            let text: String = (0..next(8)).map(|_| pieces[next(pieces.len())]).collect();
            assert_eq!(nfkc_quick(&text), is_nfkc_quick(text.chars()), "{text:?}");
        }
    }

    /// The check as it was before it went a word at a time, to test it against.
    fn is_clean_by_char(text: &str) -> bool {
        if text.is_ascii() {
            let mut previous_space = true;
            let mut clean = true;
            for b in text.bytes() {
                let space = b.is_ascii_whitespace();
                clean &= !(space && previous_space) && b != b'\t' && (!b.is_ascii_control() || b == b'\n' || b == b'\r');
                previous_space = space;
            }
            return text.is_empty() || (clean && !previous_space);
        }
        let mut previous_space = true;
        let mut plain = true;
        for c in text.chars() {
            let space = c.is_whitespace();
            if (space && (previous_space || !matches!(c, ' ' | '\n'))) || c == '\r' || is_invisible(c) || is_stray_control(c) {
                return false;
            }
            previous_space = space;
            plain &= is_plain_nfkc(c);
        }
        !previous_space && (plain || is_nfkc_quick(text.chars()) == IsNormalized::Yes)
    }

    #[test]
    fn the_word_at_a_time_check_agrees_with_the_one_by_character() {
        let pieces = [
            "a", "Z", "~", "!", " ", "  ", "\n", "\r", "\r\n", "\t", "\u{7}", "\u{7F}", "\u{B}", "\u{C}", "张", "伟", "é", "Ａ",
            "\u{3000}", "\u{A0}", "\u{200B}", "\u{AD}", "\u{85}", "ﬁ", "e\u{301}", "\u{F900}", "abcdefgh", "12345678", "@qq.com",
        ];
        let mut next = crate::test_rng::below(0x2545_F491_4F6C_DD1D);
        for _ in 0..200_000 {
            let text: String = (0..next(12)).map(|_| pieces[next(pieces.len())]).collect();
            assert_eq!(is_clean(&text), is_clean_by_char(&text), "{text:?}");
        }
        for byte in 0u8..0x80 {
            for at in 0..9 {
                let mut text = "abcdefgh".to_string();
                text.insert(at, char::from(byte));
                assert_eq!(is_clean(&text), is_clean_by_char(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn ideographs_are_found_from_their_bytes() {
        for c in (0x80u32..0x11_0000).filter_map(char::from_u32) {
            let text = format!("{c}a");
            let found = cjk_ideograph_at(text.as_bytes(), 0).is_some();
            assert_eq!(found, is_cjk_ideograph(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn printable_ascii_words() {
        assert!(all_printable_ascii(u64::from_le_bytes(*b"!~abcXYZ")));
        for bad in [b' ', b'\n', 0x7F, 0x80, 0xFF, 0x00, 0x20] {
            for at in 0..8 {
                let mut word = *b"abcdefgh";
                word[at] = bad;
                assert!(!all_printable_ascii(u64::from_le_bytes(word)), "{bad:#x} at {at}");
            }
        }
    }

    /// The cleaning without the fast check, to test the check against.
    fn clean_text_slow(text: &str) -> String {
        strip_and_collapse(&text.nfkc().collect::<String>())
    }
}
