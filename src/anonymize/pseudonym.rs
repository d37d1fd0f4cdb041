//! Keyed pseudonyms: each value becomes a token such as `cust_3f9a1c…`,
//! the HMAC-SHA256 of its canonical form under the secret key. The same
//! customer gets the same token in every file and every run that uses the
//! same key, so pseudonymized files can still be joined; without the key a
//! token cannot be tied back to a value, not even by trying every phone number.

use std::borrow::Cow;

use crate::profile::ColumnType;

use super::key::{hex, Key};
use super::settings::PseudonymOptions;

/// The token for `value` in a column of type `kind`.
pub fn token(key: &Key, kind: ColumnType, value: &str, options: &PseudonymOptions) -> String {
    let canonical = canonical(kind, value);
    let mac = key.mac("pseudonym", &[canonical.as_bytes()]);
    let mut out = options.prefix.clone();
    out.push_str(&hex(&mac)[..options.length.clamp(8, 64)]);
    out
}

/// The form two spellings of the same value share, so they get one token:
/// emails in lower case, phone numbers as `+` and digits, other text with
/// its whitespace collapsed. The column's type decides, not the column's
/// name, so "Email" in one file and "邮箱" in another give equal tokens.
fn canonical(kind: ColumnType, value: &str) -> Cow<'_, str> {
    let value = value.trim();
    match kind {
        ColumnType::Email => Cow::Owned(value.to_lowercase()),
        k if k.is_phone() => {
            let plus = if value.starts_with('+') { "+" } else { "" };
            Cow::Owned(plus.chars().chain(value.chars().filter(char::is_ascii_digit)).collect())
        }
        _ if value.contains(char::is_whitespace) => Cow::Owned(value.split_whitespace().collect::<Vec<_>>().join(" ")),
        _ => Cow::Borrowed(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> Key {
        Key::from_bytes(&[byte; 32]).unwrap()
    }

    fn cust() -> PseudonymOptions {
        PseudonymOptions { prefix: "cust_".into(), length: 12 }
    }

    #[test]
    fn same_value_and_key_give_the_same_token_another_key_another() {
        let a = token(&key(1), ColumnType::Email, "zhang@qq.com", &cust());
        assert_eq!(a, token(&key(1), ColumnType::Email, "zhang@qq.com", &cust()));
        assert_eq!(a, token(&key(1), ColumnType::Email, " Zhang@QQ.com", &cust()));
        assert_ne!(a, token(&key(2), ColumnType::Email, "zhang@qq.com", &cust()));
        assert_ne!(a, token(&key(1), ColumnType::Email, "li@qq.com", &cust()));
        assert!(a.starts_with("cust_") && a.len() == 17, "{a}");
        assert!(a[5..].chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn phone_spellings_share_a_token() {
        let o = PseudonymOptions::default();
        assert_eq!(
            token(&key(1), ColumnType::Mobile, "+86 138 1234 5678", &o),
            token(&key(1), ColumnType::Mobile, "+8613812345678", &o)
        );
        assert_eq!(token(&key(1), ColumnType::Mobile, "+8613812345678", &o).len(), 16);
        let name = |v| token(&key(1), ColumnType::FullName, v, &o);
        assert_eq!(name(" Ann  Lee "), name("Ann Lee"));
    }
}
