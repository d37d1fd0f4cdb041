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
    if text.is_ascii() {
        let bytes = text.as_bytes();
        let edges = bytes.first().is_some_and(u8::is_ascii_whitespace) || bytes.last().is_some_and(u8::is_ascii_whitespace);
        return !edges
            && !bytes.windows(2).any(|w| w[0].is_ascii_whitespace() && w[1].is_ascii_whitespace())
            && !bytes.iter().any(|&b| b == b'\t' || (b.is_ascii_control() && b != b'\n' && b != b'\r'));
    }
    is_clean_unicode(text)
}

/// [`is_clean`] for text with non-ASCII characters (half of a Chinese CRM
/// file): whitespace only as single inner spaces or line breaks, nothing
/// invisible, and already NFKC. Two passes without allocating, against
/// building the cleaned copy and comparing it.
fn is_clean_unicode(text: &str) -> bool {
    let mut previous_space = true; // so leading whitespace fails
    for c in text.chars() {
        let space = c.is_whitespace();
        if (space && (previous_space || !matches!(c, ' ' | '\n'))) || c == '\r' || is_invisible(c) || is_stray_control(c) {
            return false;
        }
        previous_space = space;
    }
    !previous_space && is_nfkc_quick(text.chars()) == IsNormalized::Yes
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
        for text in ["张伟", " 张伟", "张伟 ", "张  伟", "张\u{3000}伟", "张\r\n伟", "张\n伟", "张\u{200B}伟", "Ａ张", "ﬁ张", "é张", "e\u{301}张", "张\t伟", ""] {
            assert_eq!(is_clean(text), clean_text_slow(text) == text, "{text:?}");
        }
    }

    /// The cleaning without the fast check, to test the check against.
    fn clean_text_slow(text: &str) -> String {
        strip_and_collapse(&text.nfkc().collect::<String>())
    }
}
