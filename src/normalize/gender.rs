//! Gender values: the many ways a CRM export writes a gender (`男`, `女士`,
//! `Male`, `f`, `non-binary`, `保密`), mapped onto four codes chosen by the
//! user.
//!
//! Numbers are never mapped: `1`/`0` and `1`/`2` are both common encodings
//! and they disagree about which is which. Neither are the letters `H`, `W`
//! or `D`, which mean different things in different languages. A value this
//! module does not know is reported by the caller as `gender.unrecognized`
//! rather than guessed at.

use std::borrow::Cow;

/// The codes written for each gender. The default is `M`, `F`, `X` and the
/// empty string for unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenderStyle {
    /// Written for male (`男`, `male`, `M`, `先生`, …).
    pub male: String,
    /// Written for female (`女`, `female`, `F`, `女士`, …).
    pub female: String,
    /// Written for other genders (`其他`, `other`, `non-binary`, `X`, …).
    pub other: String,
    /// Written for unknown or withheld (`未知`, `保密`, `n/a`, `-`, …).
    pub unknown: String,
}

impl Default for GenderStyle {
    fn default() -> GenderStyle {
        GenderStyle { male: "M".to_string(), female: "F".to_string(), other: "X".to_string(), unknown: String::new() }
    }
}

/// The gender a value denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
    Other,
    Unknown,
}

impl Gender {
    /// The code `style` writes for this gender.
    fn code(self, style: &GenderStyle) -> &str {
        match self {
            Gender::Male => &style.male,
            Gender::Female => &style.female,
            Gender::Other => &style.other,
            Gender::Unknown => &style.unknown,
        }
    }
}

/// Maps `value` to the code `style` uses for its gender, or returns `None`
/// if `value` is not a gender this module recognizes (the caller reports
/// `gender.unrecognized`).
///
/// Recognized, without regard to case and ignoring one trailing dot
/// (`Mr.`):
///
/// * male: `男`, `男性`, `男士`, `先生`, `M`, `male`, `man`, `Mr`, and a
///   few other languages' words (`masculino`, `homme`, `männlich`, `남`,
///   `남성`);
/// * female: `女`, `女性`, `女士`, `小姐`, `太太`, `F`, `female`, `woman`,
///   `Mrs`, `Ms`, `Miss` (`femenino`, `femme`, `weiblich`, `여`, `여성`);
/// * other: `其他`, `其它`, `other`, `non-binary`, `nonbinary`, `X`, `O`,
///   `divers`, `diverse`;
/// * unknown: `未知`, `保密`, `不详`, `unknown`, `U`, `n/a`, `na`, `-`,
///   `?`, `unspecified`, `prefer not to say`, and the empty string.
///
/// The codes of `style` itself are recognized too, so a column that was
/// already normalized (say to `1`/`2`) stays valid when cleaned again.
///
/// Numbers are not mapped. The result always borrows from `style`.
pub fn normalize_gender<'a>(value: &str, style: &'a GenderStyle) -> Option<Cow<'a, str>> {
    classify(value, style).map(|gender| Cow::Borrowed(gender.code(style)))
}

/// Room for a lower-cased value; longer values are not genders.
const KEY_CAP: usize = 32;

/// Works out which gender `value` denotes.
fn classify(value: &str, style: &GenderStyle) -> Option<Gender> {
    for gender in [Gender::Male, Gender::Female, Gender::Other, Gender::Unknown] {
        let code = gender.code(style);
        if code == value || (!code.is_empty() && eq_ignore_case(code, value)) {
            return Some(gender);
        }
    }
    let value = value.strip_suffix('.').unwrap_or(value);
    let mut buf = [0; KEY_CAP];
    let key = lower(value, &mut buf)?;
    Some(match key {
        "男" | "男性" | "男士" | "男生" | "先生" | "m" | "male" | "man" | "mr" | "masculino" | "masculin" | "homme"
        | "hombre" | "männlich" | "mannlich" | "남" | "남성" | "남자" => Gender::Male,
        "女" | "女性" | "女士" | "女生" | "小姐" | "太太" | "夫人" | "f" | "female" | "woman" | "mrs" | "ms"
        | "miss" | "femenino" | "feminino" | "féminin" | "feminin" | "femme" | "mujer" | "weiblich" | "여" | "여성"
        | "여자" => Gender::Female,
        "其他" | "其它" | "x" | "o" | "other" | "others" | "non-binary" | "nonbinary" | "non binary" | "divers"
        | "diverse" | "genderqueer" | "非二元" => Gender::Other,
        "" | "未知" | "保密" | "不详" | "不明" | "未填" | "未填写" | "u" | "unknown" | "unk" | "n/a" | "na" | "-"
        | "--" | "?" | "unspecified" | "not specified" | "undisclosed" | "prefer not to say" | "不愿透露" => {
            Gender::Unknown
        }
        _ => return None,
    })
}

/// Whether `a` and `b` are equal ignoring case, without allocating.
fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.chars().flat_map(char::to_lowercase).eq(b.chars().flat_map(char::to_lowercase))
}

/// Writes `value` in lower case into `buf` and returns it; `None` if it
/// does not fit.
fn lower<'b>(value: &str, buf: &'b mut [u8; KEY_CAP]) -> Option<&'b str> {
    let mut len = 0;
    for c in value.chars().flat_map(char::to_lowercase) {
        let end = len + c.len_utf8();
        c.encode_utf8(buf.get_mut(len..end)?);
        len = end;
    }
    std::str::from_utf8(buf.get(..len)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(value: &str) -> Option<String> {
        normalize_gender(value, &GenderStyle::default()).map(Cow::into_owned)
    }

    #[test]
    fn default_style() {
        let style = GenderStyle::default();
        assert_eq!((style.male.as_str(), style.female.as_str(), style.other.as_str()), ("M", "F", "X"));
        assert_eq!(style.unknown, "");
    }

    #[test]
    fn male() {
        for value in [
            "男",
            "男性",
            "先生",
            "男士",
            "M",
            "m",
            "male",
            "Male",
            "MALE",
            "man",
            "Man",
            "Mr",
            "Mr.",
            "männlich",
            "남성",
        ] {
            assert_eq!(norm(value).as_deref(), Some("M"), "{value}");
        }
    }

    #[test]
    fn female() {
        for value in
            ["女", "女性", "女士", "小姐", "F", "f", "female", "Female", "woman", "WOMAN", "Mrs", "Ms.", "Miss", "여성"]
        {
            assert_eq!(norm(value).as_deref(), Some("F"), "{value}");
        }
    }

    #[test]
    fn other() {
        for value in ["其他", "其它", "other", "Other", "non-binary", "Non-Binary", "nonbinary", "X", "x", "divers"]
        {
            assert_eq!(norm(value).as_deref(), Some("X"), "{value}");
        }
    }

    #[test]
    fn unknown() {
        for value in ["未知", "unknown", "Unknown", "保密", "n/a", "N/A", "NA", "-", "不详", "U", "?", ""] {
            assert_eq!(norm(value).as_deref(), Some(""), "{value}");
        }
    }

    #[test]
    fn numbers_and_noise_are_not_mapped() {
        for value in ["1", "0", "2", "H", "W", "D", "男女", "boy", "mail", "femal", "Mx", "性别", "abc", "mmm"] {
            assert_eq!(norm(value), None, "{value}");
        }
        assert_eq!(norm(&"m".repeat(100)), None);
    }

    #[test]
    fn custom_style() {
        let style = GenderStyle {
            male: "男".to_string(),
            female: "女".to_string(),
            other: "其他".to_string(),
            unknown: "未知".to_string(),
        };
        assert_eq!(normalize_gender("Male", &style).as_deref(), Some("男"));
        assert_eq!(normalize_gender("F", &style).as_deref(), Some("女"));
        assert_eq!(normalize_gender("non-binary", &style).as_deref(), Some("其他"));
        assert_eq!(normalize_gender("n/a", &style).as_deref(), Some("未知"));
        assert_eq!(normalize_gender("", &style).as_deref(), Some("未知"));
    }

    #[test]
    fn the_style_codes_themselves_are_recognized() {
        let style = GenderStyle {
            male: "1".to_string(),
            female: "2".to_string(),
            other: "9".to_string(),
            unknown: "Unk".to_string(),
        };
        assert_eq!(normalize_gender("1", &style).as_deref(), Some("1"));
        assert_eq!(normalize_gender("2", &style).as_deref(), Some("2"));
        assert_eq!(normalize_gender("9", &style).as_deref(), Some("9"));
        assert_eq!(normalize_gender("unk", &style).as_deref(), Some("Unk"));
        assert_eq!(normalize_gender("男", &style).as_deref(), Some("1"));
        assert_eq!(normalize_gender("0", &style), None);
    }

    #[test]
    fn result_borrows_from_style() {
        assert!(matches!(normalize_gender("male", &GenderStyle::default()), Some(Cow::Borrowed("M"))));
    }
}
