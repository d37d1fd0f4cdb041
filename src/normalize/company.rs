//! Company names: a comparison key for spotting the same company written
//! different ways, and the legal form a name ends with.
//!
//! The key is meant to be stored beside the name, never written over it:
//! `Acme, Inc.`, `ACME Incorporated` and `acme inc` all have the key `acme`,
//! and `北京科技有限公司` and `北京科技有限责任公司` both have `北京科技`, but
//! none of those names is wrong as typed.
//!
//! Legal forms are stripped from the end, repeatedly (`Acme Holdings Co.,
//! Ltd.` → `acme holdings`, `Foo GmbH & Co. KG` → `foo`), and `株式会社`,
//! `有限会社` and `주식회사` from either end. Words that describe the business
//! rather than its legal form stay: `Holdings`, `Group`, `集团`, `控股`,
//! `分公司`. So `阿里巴巴集团有限公司` has the key `阿里巴巴集团`, not
//! `阿里巴巴`: a group holding company and its operating company are
//! different parties to a contract, and merging them is the user's call.
//! A parenthesized `(中国)` or `(China)` is dropped wherever it stands, as
//! are the Japanese and Korean marks `(株)`, `(有)` and `(주)`.

use super::country::fold;
use super::name::is_cjk;

/// Legal forms as they appear at the end of a simplified name (see
/// [`simplify`]), with the canonical spelling [`legal_suffix`] returns.
/// Longer forms come first so that `co ltd` wins over `ltd`.
const LEGAL_FORMS: &[(&str, &str)] = &[
    ("gmbh and co kg", "GmbH & Co. KG"),
    ("public limited company", "PLC"),
    ("s a de c v", "S.A. de C.V."),
    ("private limited", "Pvt Ltd"),
    ("sa de cv", "S.A. de C.V."),
    ("股份有限公司", "股份有限公司"),
    ("有限责任公司", "有限责任公司"),
    ("有限責任公司", "有限責任公司"),
    ("incorporated", "Inc."),
    ("corporation", "Corp."),
    ("pty ltd", "Pty Ltd"),
    ("pte ltd", "Pte Ltd"),
    ("pvt ltd", "Pvt Ltd"),
    ("sdn bhd", "Sdn Bhd"),
    ("limited", "Ltd"),
    ("company", "Co."),
    ("co ltd", "Co., Ltd."),
    ("l l c", "LLC"),
    ("有限公司", "有限公司"),
    ("股份公司", "股份公司"),
    ("株式会社", "株式会社"),
    ("有限会社", "有限会社"),
    ("주식회사", "주식회사"),
    ("corp", "Corp."),
    ("gmbh", "GmbH"),
    ("sarl", "SARL"),
    ("ltda", "Ltda."),
    ("k k", "K.K."),
    ("s a", "S.A."),
    ("inc", "Inc."),
    ("llc", "LLC"),
    ("llp", "LLP"),
    ("ltd", "Ltd"),
    ("plc", "PLC"),
    ("sas", "SAS"),
    ("srl", "S.r.l."),
    ("pty", "Pty"),
    ("pte", "Pte"),
    ("pvt", "Pvt"),
    ("bhd", "Bhd"),
    ("oyj", "Oyj"),
    ("asa", "ASA"),
    ("aps", "ApS"),
    ("sro", "s.r.o."),
    ("kft", "Kft."),
    ("公司", "公司"),
    ("co", "Co."),
    ("lp", "LP"),
    ("ag", "AG"),
    ("kg", "KG"),
    ("sa", "S.A."),
    ("sl", "S.L."),
    ("bv", "B.V."),
    ("nv", "N.V."),
    ("kk", "K.K."),
    ("oy", "Oy"),
    ("ab", "AB"),
    ("as", "AS"),
    ("se", "SE"),
];

/// Legal forms that may also open a name (`株式会社資生堂`).
const LEGAL_PREFIXES: &[&str] = &["株式会社", "有限会社", "주식회사"];

/// Parenthesized words dropped wherever they stand: the country of a local
/// subsidiary and the Japanese and Korean abbreviations of a company form.
const DROPPED_IN_PARENS: &[&str] = &["中国", "中國", "china", "株", "有", "주"];

/// The comparison key for a company name: lower case, accents folded to
/// ASCII where that is trivial (`é` → `e`, `ß` → `ss`), dots and apostrophes
/// dropped, `&` read as `and`, other punctuation and runs of spaces turned
/// into one space (none at all next to Chinese, Japanese or Korean text),
/// a leading `the` dropped, and legal forms stripped from the end as long
/// as one is found (see the module documentation).
///
/// A name that is nothing but a legal form keeps it (`Company` → `company`),
/// so the key is empty only for a name without letters or digits.
pub fn company_key(name: &str) -> String {
    let mut key = simplify(name);
    if key.starts_with("the ") {
        key.replace_range(.."the ".len(), "");
    }
    loop {
        let before = key.len();
        for prefix in LEGAL_PREFIXES {
            if let Some(rest) = key.strip_prefix(prefix) {
                let cut = key.len() - rest.trim_start().len();
                if cut < key.len() {
                    key.replace_range(..cut, "");
                }
            }
        }
        if let Some((_, len)) = find_legal_form(&key) {
            key.truncate(key.len() - len);
            key.truncate(key.trim_end().len());
            // `Smith & Co.`: the `and` went with the legal form.
            if key.ends_with(" and") {
                key.truncate(key.len() - " and".len());
            }
        }
        if key.len() == before {
            return key;
        }
    }
}

/// The canonical spelling of the legal form `name` ends with (`Acme, Inc.`
/// gives `Inc.`, `Acme Co., Ltd.` gives `Co., Ltd.`, `北京科技有限公司` gives
/// `有限公司`), or of the one it starts with if it ends with none
/// (`株式会社資生堂` gives `株式会社`). `None` if there is neither.
///
/// Only the outermost form is reported: `Foo GmbH & Co. KG` gives
/// `GmbH & Co. KG`, `Foo Holdings Ltd` gives `Ltd`.
pub fn legal_suffix(name: &str) -> Option<&'static str> {
    let key = simplify(name);
    if let Some((canonical, _)) = find_legal_form(&key) {
        return Some(canonical);
    }
    LEGAL_PREFIXES.iter().copied().find(|prefix| key.len() > prefix.len() && key.starts_with(prefix))
}

/// The legal form `key` ends with, as its canonical spelling and its length
/// in `key`. A form spelled in Latin letters must be a whole word (or words)
/// and something must come before it.
///
/// A key that is a legal form and nothing else has none: `有限公司` does not
/// end with `公司` in this sense, nor `co ltd` with `ltd`.
fn find_legal_form(key: &str) -> Option<(&'static str, usize)> {
    for &(form, canonical) in LEGAL_FORMS {
        let Some(head) = key.strip_suffix(form) else { continue };
        // `Acme Ltd` and `北京科技Ltd` (no space is kept next to CJK), not `Acmeltd`.
        let needs_boundary = form.starts_with(|c: char| c.is_ascii_alphanumeric());
        if needs_boundary && head.ends_with(|c: char| c.is_alphanumeric() && !is_cjk(c)) {
            continue;
        }
        if head.trim_end().is_empty() {
            return None;
        }
        return Some((canonical, form.len()));
    }
    None
}

/// Lower-cases and simplifies `name` as described for [`company_key`],
/// without stripping anything but the parenthesized words in
/// [`DROPPED_IN_PARENS`].
fn simplify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    // A space is owed before the next word.
    let mut space = false;
    let mut rest = name;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = dropped_parenthesis(rest) {
            rest = after;
            space = true;
            continue;
        }
        rest = &rest[c.len_utf8()..];
        for c in c.to_lowercase() {
            match c {
                '.' | '\'' | '`' | '\u{2019}' | '\u{02BC}' => {}
                '&' => {
                    space = true;
                    push_word(&mut out, "and", &mut space);
                    space = true;
                }
                c if c.is_alphanumeric() => match fold(c) {
                    Some(ascii) => push_word(&mut out, ascii, &mut space),
                    None => push_word(&mut out, c.encode_utf8(&mut [0; 4]), &mut space),
                },
                _ => space = !out.is_empty(),
            }
        }
    }
    out
}

/// Appends `text` to `out`, preceded by a space if one is owed and neither
/// side is CJK.
fn push_word(out: &mut String, text: &str, space: &mut bool) {
    if *space && !out.is_empty() {
        let cjk_before = out.chars().next_back().is_some_and(is_cjk);
        let cjk_after = text.chars().next().is_some_and(is_cjk);
        if !cjk_before && !cjk_after {
            out.push(' ');
        }
    }
    *space = false;
    out.push_str(text);
}

/// If `text` opens with one of [`DROPPED_IN_PARENS`] in ASCII or full-width
/// parentheses, the text after the closing parenthesis.
fn dropped_parenthesis(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('(').or_else(|| text.strip_prefix('（'))?;
    let close = inner.find([')', '）'])?;
    let word = inner.get(..close)?.trim();
    let after = inner.get(close..)?;
    let after = after.strip_prefix(')').or_else(|| after.strip_prefix('）'))?;
    DROPPED_IN_PARENS.iter().any(|d| d.eq_ignore_ascii_case(word)).then_some(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_legal_forms_are_stripped() {
        for name in [
            "Acme, Inc.",
            "ACME Incorporated",
            "acme inc",
            "Acme Inc",
            "ACME CORP.",
            "Acme Corporation",
            "Acme LLC",
            "Acme L.L.C.",
            "Acme Ltd",
            "Acme Ltd.",
            "Acme Limited",
            "Acme PLC",
            "Acme Co.",
            "Acme Company",
            "Acme, Co., Ltd.",
            "ACME CO LTD",
            "Acme Pty Ltd",
            "Acme Pte. Ltd.",
            "Acme Private Limited",
            "Acme Sdn. Bhd.",
            "Acme LLP",
            "Acme L.P.",
        ] {
            assert_eq!(company_key(name), "acme", "{name}");
        }
    }

    #[test]
    fn european_and_asian_legal_forms_are_stripped() {
        for name in [
            "Acme GmbH",
            "Acme AG",
            "Acme SA",
            "Acme S.A.",
            "Acme S. A.",
            "Acme SAS",
            "Acme SARL",
            "Acme BV",
            "Acme B.V.",
            "Acme NV",
            "Acme N.V.",
            "Acme K.K.",
            "Acme KK",
            "Acme GmbH & Co. KG",
            "Acme S.A. de C.V.",
            "Acme S.r.l.",
            "Acme Oy",
            "Acme AB",
            "Acme ASA",
            "Acme SE",
            "Acme ApS",
            "Acme Ltda.",
        ] {
            assert_eq!(company_key(name), "acme", "{name}");
        }
    }

    #[test]
    fn chinese_legal_forms_are_stripped() {
        assert_eq!(company_key("北京科技有限公司"), "北京科技");
        assert_eq!(company_key("北京科技有限责任公司"), "北京科技");
        assert_eq!(company_key("北京科技股份有限公司"), "北京科技");
        assert_eq!(company_key("北京科技公司"), "北京科技");
        assert_eq!(company_key("北京 科技 有限公司"), "北京科技");
        assert_eq!(company_key("台北科技有限責任公司"), "台北科技");
        assert_eq!(company_key("阿里巴巴(中国)有限公司"), "阿里巴巴");
        assert_eq!(company_key("阿里巴巴（中国）有限公司"), "阿里巴巴");
        assert_eq!(company_key("Acme (China) Co., Ltd."), "acme");
        assert_eq!(company_key("ACME有限公司"), "acme");
        assert_eq!(company_key("ACME 有限公司"), "acme");
        assert_eq!(company_key("北京科技 Co., Ltd."), "北京科技");
        assert_eq!(legal_suffix("北京科技 Ltd"), Some("Ltd"));
    }

    #[test]
    fn groups_keep_their_group() {
        assert_eq!(company_key("阿里巴巴集团有限公司"), "阿里巴巴集团");
        assert_eq!(company_key("阿里巴巴集团控股有限公司"), "阿里巴巴集团控股");
        assert_eq!(company_key("Acme Group Ltd"), "acme group");
        assert_eq!(company_key("Acme Holdings Co., Ltd."), "acme holdings");
    }

    #[test]
    fn japanese_and_korean_forms_at_either_end() {
        assert_eq!(company_key("株式会社資生堂"), "資生堂");
        assert_eq!(company_key("トヨタ自動車株式会社"), "トヨタ自動車");
        assert_eq!(company_key("(株)資生堂"), "資生堂");
        assert_eq!(company_key("삼성전자 주식회사"), "삼성전자");
        assert_eq!(company_key("주식회사 카카오"), "카카오");
        assert_eq!(company_key("(주)카카오"), "카카오");
    }

    #[test]
    fn punctuation_case_and_accents() {
        assert_eq!(company_key("AT&T Inc."), "at and t");
        assert_eq!(company_key("AT & T"), "at and t");
        assert_eq!(company_key("Johnson & Johnson"), "johnson and johnson");
        assert_eq!(company_key("Smith & Co."), "smith");
        assert_eq!(company_key("Procter & Gamble Co."), "procter and gamble");
        assert_eq!(company_key("Hewlett-Packard Company"), "hewlett packard");
        assert_eq!(company_key("McDonald's Corporation"), "mcdonalds");
        assert_eq!(company_key("Nestlé S.A."), "nestle");
        assert_eq!(company_key("Müller  GmbH"), "muller");
        assert_eq!(company_key("Straße AG"), "strasse");
        assert_eq!(company_key("The Coca-Cola Company"), "coca cola");
        assert_eq!(company_key("The Walt Disney Company"), "walt disney");
        assert_eq!(company_key("A.B.C. Ltd"), "abc");
    }

    #[test]
    fn nothing_but_a_legal_form_is_kept() {
        assert_eq!(company_key("Company"), "company");
        assert_eq!(company_key("Inc."), "inc");
        assert_eq!(company_key("有限公司"), "有限公司");
        assert_eq!(company_key("Co., Ltd."), "co ltd");
        assert_eq!(company_key("株式会社"), "株式会社");
        assert_eq!(company_key(""), "");
        assert_eq!(company_key("---"), "");
    }

    #[test]
    fn words_that_only_look_like_forms_stay() {
        assert_eq!(company_key("Acme Coffee"), "acme coffee");
        assert_eq!(company_key("Incognito"), "incognito");
        assert_eq!(company_key("Day Spa"), "day spa");
        assert_eq!(company_key("Disco"), "disco");
        assert_eq!(company_key("Acmeinc"), "acmeinc");
        assert_eq!(company_key("Seoul Ltd"), "seoul");
    }

    #[test]
    fn suffix_found() {
        assert_eq!(legal_suffix("Acme, Inc."), Some("Inc."));
        assert_eq!(legal_suffix("ACME Incorporated"), Some("Inc."));
        assert_eq!(legal_suffix("Acme Ltd"), Some("Ltd"));
        assert_eq!(legal_suffix("Acme Limited"), Some("Ltd"));
        assert_eq!(legal_suffix("Acme Co., Ltd."), Some("Co., Ltd."));
        assert_eq!(legal_suffix("Acme Pty Ltd"), Some("Pty Ltd"));
        assert_eq!(legal_suffix("Acme L.L.C."), Some("LLC"));
        assert_eq!(legal_suffix("Acme gmbh"), Some("GmbH"));
        assert_eq!(legal_suffix("Acme S.A."), Some("S.A."));
        assert_eq!(legal_suffix("Foo GmbH & Co. KG"), Some("GmbH & Co. KG"));
        assert_eq!(legal_suffix("北京科技有限公司"), Some("有限公司"));
        assert_eq!(legal_suffix("北京科技有限责任公司"), Some("有限责任公司"));
        assert_eq!(legal_suffix("北京科技股份有限公司"), Some("股份有限公司"));
        assert_eq!(legal_suffix("株式会社資生堂"), Some("株式会社"));
        assert_eq!(legal_suffix("トヨタ自動車株式会社"), Some("株式会社"));
    }

    #[test]
    fn no_suffix() {
        for name in ["Acme", "Acme Group", "Inc.", "有限公司", "", "Incognito", "阿里巴巴集团"] {
            assert_eq!(legal_suffix(name), None, "{name}");
        }
    }
}
