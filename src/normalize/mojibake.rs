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
//!   `®`, `™`, `»`, the letters `š`, `ž`, `œ`…) only count in pairs or
//!   after `Â`/`Ã`, so `«café»`, `“JOSÉ”`, `NESCAFÉ®` and Slovak `náš`
//!   pass.
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
//! byte has vanished, rather than guess which one it was.

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
    if value.is_ascii() || !value.chars().any(|c| cp1252_byte(c).is_some_and(|b| b >= 0x80)) {
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
/// without control or private-use characters. Also `None` when text
/// cleaning has dropped one of the bytes (a soft hyphen or C1 control), since
/// which byte it was cannot be known.
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
    let gbk = if gbk_evidence(value) { gbk_repair(value) } else { None };
    match (utf8, gbk) {
        // GBK text whose bytes also happen to form valid UTF-8 (in Greek or
        // Cyrillic, usually) is GBK.
        (Some(utf8), Some(gbk)) if !is_mostly_cjk(&utf8) && is_mostly_cjk(&gbk) => Some(gbk),
        (utf8, gbk) => utf8.or(gbk),
    }
}

/// The Windows-1252 byte that decodes to `c`. C1 controls map to the byte
/// of the same number, as a Latin-1 decoder (or encoding_rs's Windows-1252
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
/// with the byte each came from. The first group is unmistakable; the
/// second is plain ASCII and only believed where a continuation is due.
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

/// NFKC forms that are plain ASCII, so could as well be genuine text.
const AMBIGUOUS_NFKC_FORMS: &[(&str, u8)] = &[
    ("...", 0x85),
    ("TM", 0x99),
    (" ", 0xA0),
    ("1", 0xB9),
    ("2", 0xB2),
    ("3", 0xB3),
    ("a", 0xAA),
    ("o", 0xBA),
];

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
    AMBIGUOUS_NFKC_FORMS
        .iter()
        .find(|(form, _)| text.starts_with(form))
        .map(|&(form, byte)| Continuation { byte, len: form.len(), ambiguous: true })
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

/// Whether `value` holds a run of upper-half Windows-1252 characters that
/// decodes as GBK into at least two Chinese characters.
fn gbk_evidence(value: &str) -> bool {
    let mut rest = value;
    let mut bytes = Vec::new();
    loop {
        bytes.clear();
        while let Some((byte, len)) = high_byte_at(rest) {
            bytes.push(byte);
            rest = rest.get(len..).unwrap_or("");
        }
        if bytes.len() >= 4 {
            if bytes.len() % 2 == 1 {
                // A GBK trail byte can be ASCII (`@`–`~`).
                match rest.bytes().next().filter(|b| (0x40..=0x7E).contains(b)) {
                    Some(trail) => bytes.push(trail),
                    None => {
                        bytes.pop();
                    }
                }
            }
            if let Some(text) = GBK.decode_without_bom_handling_and_without_replacement(&bytes) {
                if text.chars().count() >= 2 && text.chars().all(is_han) {
                    return true;
                }
            }
        }
        let mut chars = rest.chars();
        if chars.next().is_none() {
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
            Some(byte) if byte < 0x80 => bytes.push(byte),
            // A continuation byte with no lead, or a byte that is never a lead.
            Some(_) => return None,
            None => bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    if sequences == 0 {
        return None;
    }
    let text = String::from_utf8(bytes).ok()?;
    is_plausible_utf8(&text).then_some(text)
}

/// Re-encodes `value` as Windows-1252 and decodes it as GBK.
fn gbk_repair(value: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(value.len());
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        let (byte, len) = match high_byte_at(rest) {
            Some(found) => found,
            None => (cp1252_byte(c)?, c.len_utf8()),
        };
        bytes.push(byte);
        rest = rest.get(len..).unwrap_or("");
    }
    let text = GBK.decode_without_bom_handling_and_without_replacement(&bytes)?;
    let plausible = text.chars().any(is_han) && text.chars().all(|c| c.is_ascii() || is_cjk_text(c));
    plausible.then(|| Cow::into_owned(text))
}

/// CJK characters, CJK punctuation and full-width forms.
fn is_cjk_text(c: char) -> bool {
    is_cjk(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

/// Whether most of the non-ASCII characters of `text` are CJK.
fn is_mostly_cjk(text: &str) -> bool {
    let (cjk, other) = text.chars().filter(|c| !c.is_ascii()).fold((0, 0), |(cjk, other), c| {
        if is_cjk_text(c) {
            (cjk + 1, other)
        } else {
            (cjk, other + 1)
        }
    });
    cjk > other
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
        let script = match u32::from(c) {
            0xC0..=0x17F | 0x1E00..=0x1EFF => Script::Latin,
            0x370..=0x3FF => Script::Greek,
            0x400..=0x4FF => Script::Cyrillic,
            0x530..=0x58F => Script::Armenian,
            0x590..=0x5FF => Script::Hebrew,
            0x600..=0x6FF => Script::Arabic,
            0x900..=0x97F => Script::Devanagari,
            0xE00..=0xE7F => Script::Thai,
            0x10A0..=0x10FF => Script::Georgian,
            _ if is_cjk_text(c) => Script::Cjk,
            _ => return false,
        };
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
                match repair_mojibake(&cleaned) {
                    Some(fixed) => {
                        assert_eq!(fixed, text, "{cleaned:?}");
                        repaired += 1;
                    }
                    None => {}
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
        for text in ["José Müller", "Françoise", "São Paulo", "Ærøskøbing", "Émile Zola", "Dvořák", "naïve café", "€100"] {
            let raw = utf8_as_cp1252(text);
            assert!(looks_like_mojibake(&raw), "{text}: {raw}");
            assert_eq!(repair_mojibake(&raw).as_deref(), Some(text), "{text}: {raw}");
        }
        assert_eq!(repair_mojibake("JosÃ©").as_deref(), Some("José"));
        assert_eq!(repair_mojibake("Â©2024").as_deref(), Some("©2024"));
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
            "ÀÉÎÕÜ",
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
    fn partly_garbled_text_passes_genuine_characters_through() {
        let mixed = format!("张伟 {}", utf8_as_cp1252("李娜"));
        assert!(looks_like_mojibake(&mixed));
        assert_eq!(repair_mojibake(&mixed).as_deref(), Some("张伟 李娜"));
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
