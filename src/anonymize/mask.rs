//! Format-preserving masks: hide part of a value, keep its shape, so that a
//! person reading the file still sees "a Beijing mobile" or "a QQ address"
//! (`+86 138****5678`, `z***@qq.com`, `张*`, `1101011990********`).
//!
//! Every mask is built from scratch out of the parts it keeps, never by
//! editing the original, so nothing the rule does not keep (letters in a
//! malformed phone number, a second `@`) can slip through.

use crate::profile::ColumnType;

use super::settings::MaskOptions;

/// The character written for each hidden digit or letter.
const STAR: char = '*';

/// Masks `value` the way its column type suggests.
pub fn mask(kind: ColumnType, value: &str, options: &MaskOptions) -> String {
    let first = options.keep_first;
    let last = options.keep_last;
    match kind {
        k if k.is_phone() => phone(value, first.unwrap_or(3), last.unwrap_or(4)),
        ColumnType::Email => email(value, first.unwrap_or(1), options.mask_domain),
        ColumnType::FullName | ColumnType::GivenName | ColumnType::FamilyName => name(value),
        ColumnType::CnId => cn_id(value, first, last.unwrap_or(0)),
        // An address is cut rather than starred: its city is what a reader can use.
        ColumnType::Address => super::generalize::address(value, false)
            .or_else(|| super::generalize::address(value, true))
            .unwrap_or_default(),
        _ => chars(value, first.unwrap_or(1), last.unwrap_or(0)),
    }
}

/// How many to keep at each end of `len` items: as asked, unless that would
/// show everything, in which case only up to half, from the end.
fn kept(len: usize, first: usize, last: usize) -> (usize, usize) {
    if first.saturating_add(last) < len {
        (first, last)
    } else {
        (0, last.min(len / 2))
    }
}

/// `items` with all but `first` and `last` of them starred.
fn star_middle(items: &[char], first: usize, last: usize) -> String {
    let (first, last) = kept(items.len(), first, last);
    let hidden = items.len() - first - last;
    let mut out: String = items[..first].iter().collect();
    out.extend(std::iter::repeat_n(STAR, hidden));
    out.extend(&items[items.len() - last..]);
    out
}

/// A phone number: its country code (when written with `+`) and the
/// national digits with the middle starred: `+86 138****5678`. Anything
/// but digits is dropped.
pub fn phone(value: &str, first: usize, last: usize) -> String {
    let digits: Vec<char> = value.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return String::new();
    }
    match country_code(value) {
        Some(code) => format!("+{code} {}", star_middle(&digits[code.len()..], first, last)),
        None => star_middle(&digits, first, last),
    }
}

/// The country calling code of a number written in international form.
/// Calling codes are prefix-free (ITU-T E.164), so the first one to three
/// digits that are a known code are the code; a lookup rather than a full
/// parse, because a million phone numbers get masked in one run.
fn country_code(value: &str) -> Option<String> {
    if !value.trim_start().starts_with('+') {
        return None;
    }
    let digits: String = value.chars().filter(char::is_ascii_digit).take(3).collect();
    (1..=digits.len()).map(|len| &digits[..len]).find_map(|prefix| {
        let code: u16 = prefix.parse().ok()?;
        crate::validate::phone::is_calling_code(code).then(|| prefix.to_string())
    })
}

/// An email address: the first `first` characters of the local part, three
/// stars whatever its length (so the length is not shown), and the domain,
/// or only its last label when `mask_domain`: `z***@qq.com`, `z***@***.com`.
pub fn email(value: &str, first: usize, mask_domain: bool) -> String {
    let Some((local, domain)) = value.rsplit_once('@') else {
        return chars(value, first, 0);
    };
    let local: Vec<char> = local.chars().collect();
    let shown: String = local.iter().take(first.min(local.len().saturating_sub(1))).collect();
    let domain = if mask_domain {
        match domain.rsplit_once('.') {
            Some((_, tld)) => format!("***.{tld}"),
            None => "***".to_string(),
        }
    } else {
        domain.to_string()
    };
    format!("{shown}***@{domain}")
}

/// A person's name: the first character of each part, a star for each
/// other character: `张*`, `J*** S****`, `欧**`.
pub fn name(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut at_start = true;
    for c in value.chars() {
        if c.is_whitespace() || matches!(c, '·' | '•' | '-' | '.' | ',') {
            out.push(c);
            at_start = true;
        } else if at_start {
            out.push(c);
            at_start = false;
        } else {
            out.push(STAR);
        }
    }
    out
}

/// A Chinese ID number: by default the region (6 digits) and birth year
/// (4, or 2 in the old 15-digit form) stay; the birth date, sequence and
/// check digit are starred: `1101011990********`.
pub fn cn_id(value: &str, first: Option<usize>, last: usize) -> String {
    let items: Vec<char> = value.chars().filter(char::is_ascii_alphanumeric).collect();
    let default_first = if items.len() == 15 { 8 } else { 10 };
    star_middle(&items, first.unwrap_or(default_first), last)
}

/// Any text: the first and last characters as asked (spaces count), the rest starred.
pub fn chars(value: &str, first: usize, last: usize) -> String {
    let items: Vec<char> = value.chars().collect();
    star_middle(&items, first, last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn phones_keep_the_country_code_and_the_ends() {
        assert_eq!(phone("+8613812345678", 3, 4), "+86 138****5678");
        assert_eq!(phone("+86 138 1234 5678", 3, 4), "+86 138****5678");
        assert_eq!(phone("+14155550100", 0, 2), "+1 ********00");
        assert_eq!(phone("13812345678", 3, 4), "138****5678");
        assert_eq!(phone("call me", 3, 4), "");
        assert_eq!(phone("ext 12", 3, 4), "*2", "short numbers show at most half");
    }

    #[test]
    fn emails_keep_the_domain_unless_asked() {
        assert_eq!(email("zhang.wei@qq.com", 1, false), "z***@qq.com");
        assert_eq!(email("zhang.wei@qq.com", 1, true), "z***@***.com");
        assert_eq!(email("a@b.cn", 1, false), "***@b.cn", "a one-letter local part is not shown");
        assert_eq!(email("no-at-sign", 1, false), "n*********");
    }

    #[test]
    fn names_keep_one_letter_per_part() {
        assert_eq!(name("张伟"), "张*");
        assert_eq!(name("John Smith"), "J*** S****");
        assert_eq!(name("约翰·史密斯"), "约*·史**");
    }

    #[test]
    fn id_numbers_keep_region_and_birth_year() {
        assert_eq!(cn_id("11010119900307123X", None, 0), "1101011990********");
        assert_eq!(cn_id("11010119900307123X", Some(6), 4), "110101********123X");
        assert_eq!(cn_id("110101900307123", None, 0), "11010190*******");
    }

    #[test]
    fn types_pick_their_mask() {
        let o = MaskOptions::default();
        assert_eq!(mask(ColumnType::Mobile, "+8613812345678", &o), "+86 138****5678");
        assert_eq!(mask(ColumnType::FullName, "张伟", &o), "张*");
        assert_eq!(mask(ColumnType::Text, "secret", &o), "s*****");
        assert_eq!(mask(ColumnType::Address, "浙江省杭州市西湖区文三路90号", &o), "浙江省杭州市");
        assert_eq!(mask(ColumnType::Address, "12 High St", &o), "", "nothing sensible to keep");
    }

    /// The original digits the output shows, in order.
    fn digits(s: &str) -> String {
        s.chars().filter(char::is_ascii_digit).collect()
    }

    proptest! {
        #[test]
        fn masked_phones_show_no_more_digits_than_the_rule_keeps(
            value in "\\+?[0-9 ()a-z-]{0,24}", first in 0usize..8, last in 0usize..8,
        ) {
            let out = phone(&value, first, last);
            let original = digits(&value);
            let code = country_code(&value).unwrap_or_default();
            let shown = digits(&out);
            prop_assert!(shown.len() <= code.len() + first + last, "{value:?} -> {out:?}");
            prop_assert!(original.is_empty() || shown.len() < original.len() || original.len() == code.len());
            prop_assert!(out.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '*')));
        }

        #[test]
        fn masked_text_shows_no_more_characters_than_the_rule_keeps(
            value in "\\PC{0,30}", first in 0usize..6, last in 0usize..6,
        ) {
            let out = chars(&value, first, last);
            let shown = out.chars().filter(|&c| c != STAR).count();
            prop_assert!(shown <= first + last);
            let n = value.chars().count();
            prop_assert!(n == 0 || shown < n || value.chars().all(|c| c == STAR));
            prop_assert_eq!(out.chars().count(), n);
        }

        #[test]
        fn masked_ids_show_no_more_than_the_rule_keeps(value in "[0-9]{17}[0-9X]", first in 0usize..18, last in 0usize..18) {
            let out = cn_id(&value, Some(first), last);
            prop_assert!(out.chars().filter(|&c| c != STAR).count() <= first + last);
            prop_assert!(out.contains(STAR));
        }
    }
}
