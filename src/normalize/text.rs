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

/// Whether `text` needs no work at all: the common case, checked without allocating.
fn is_clean(text: &str) -> bool {
    match is_clean_ascii(text.as_bytes()) {
        Some(clean) => clean,
        None => is_clean_unicode(text),
    }
}

/// [`is_clean`] in one pass over the bytes, `None` at the first non-ASCII
/// byte: no whitespace at either end, no two whitespace bytes in a row, no
/// tab or control byte other than a line break.
fn is_clean_ascii(bytes: &[u8]) -> Option<bool> {
    let mut previous_space = true; // so leading whitespace fails
    let mut clean = true;
    for &b in bytes {
        if !b.is_ascii() {
            return None;
        }
        let space = b.is_ascii_whitespace();
        clean &= !(space && previous_space) && b != b'\t' && (!b.is_ascii_control() || b == b'\n' || b == b'\r');
        previous_space = space;
    }
    Some(bytes.is_empty() || (clean && !previous_space))
}

/// [`is_clean`] for text with non-ASCII characters (half of a Chinese CRM
/// file): whitespace only as single inner spaces or line breaks, nothing
/// invisible, and already NFKC. Two passes without allocating, against
/// building the cleaned copy and comparing it.
fn is_clean_unicode(text: &str) -> bool {
    let mut previous_space = true; // so leading whitespace fails
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

/// Characters that are NFKC as they stand and have combining class 0, so
/// text made of them alone is NFKC without looking each one up: ASCII and
/// the CJK Unified Ideographs block (not the compatibility ideographs at
/// U+F900, which NFKC maps). Chinese names and addresses are almost all
/// this; the table lookups were 6% of a clean in the browser.
fn is_plain_nfkc(c: char) -> bool {
    c.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// NFKC, without invisible or control characters, whitespace collapsed and trimmed.
/// Line breaks inside the text are kept (one per run) since notes and
/// addresses use them; other whitespace runs become one space.
pub fn clean_text(text: &str) -> Cow<'_, str> {
    if is_clean(text) {
        return Cow::Borrowed(text);
    }
    let nfkc: Cow<str> = if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
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
        let plain: Vec<char> = (0u32..0x80).chain(0x4E00..=0x9FFF).filter_map(char::from_u32).filter(|&c| is_plain_nfkc(c)).collect();
        assert_eq!(plain.len(), 0x80 + (0x9FFF - 0x4E00 + 1));
        for &c in &plain {
            assert_eq!(is_nfkc_quick(std::iter::once(c)), IsNormalized::Yes, "U+{:04X}", c as u32);
        }
        assert_eq!(is_nfkc_quick(plain.iter().copied()), IsNormalized::Yes);
        assert!(!is_plain_nfkc('\u{F900}') && !is_plain_nfkc('Ａ') && !is_plain_nfkc('é'));
    }

    /// The cleaning without the fast check, to test the check against.
    fn clean_text_slow(text: &str) -> String {
        strip_and_collapse(&text.nfkc().collect::<String>())
    }
}
