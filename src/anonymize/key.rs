//! The secret key behind pseudonyms, fakes and date shifts: parsing it from
//! hex or base64, deriving it from a passphrase, making a new one, and the
//! keyed hash (HMAC-SHA256) every keyed transform uses.
//!
//! The key never reaches an output: it is not a profile field that is
//! serialized, it has no `Display`, and its `Debug` hides the bytes.

use std::fmt;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::error::{Error, Result};

/// Bytes in a key.
pub const KEY_BYTES: usize = 32;

/// A 32-byte secret key with its HMAC-SHA256 state prepared.
#[derive(Clone)]
pub struct Key {
    bytes: [u8; KEY_BYTES],
    mac: Hmac<Sha256>,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(<secret>)")
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.bytes == other.bytes
    }
}

impl Key {
    /// A key from exactly 32 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Key> {
        let bytes: [u8; KEY_BYTES] =
            bytes.try_into().map_err(|_| Error::Key(format!("a key is {KEY_BYTES} bytes, not {}", bytes.len())))?;
        let mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&bytes).map_err(|e| Error::Key(e.to_string()))?;
        Ok(Key { bytes, mac })
    }

    /// A key written as 64 hex digits or as base64 (standard or URL-safe,
    /// padded or not), surrounding whitespace ignored.
    pub fn parse(text: &str) -> Result<Key> {
        let text = text.trim();
        if let Some(bytes) = decode_hex(text) {
            return Key::from_bytes(&bytes);
        }
        let engines = [
            base64::engine::general_purpose::STANDARD,
            base64::engine::general_purpose::STANDARD_NO_PAD,
            base64::engine::general_purpose::URL_SAFE,
            base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ];
        match engines.iter().find_map(|engine| engine.decode(text).ok()) {
            Some(bytes) => Key::from_bytes(&bytes),
            None => Err(Error::Key(format!(
                "a key is {KEY_BYTES} bytes written as 64 hex digits or as base64; \
                 `crm-cleaner keygen` makes one"
            ))),
        }
    }

    /// A key from a key file's contents: exactly 32 raw bytes, or text for [`Key::parse`].
    pub fn from_file_contents(contents: &[u8]) -> Result<Key> {
        match std::str::from_utf8(contents) {
            Ok(text) if !text.trim().is_empty() && text.len() != KEY_BYTES => Key::parse(text),
            _ => Key::from_bytes(contents),
        }
    }

    /// The key derived from a passphrase with Argon2id (19 MiB, 2 passes:
    /// OWASP's minimum), so that guessing passphrases is slow. `salt` is the
    /// profile's `anonymize.salt` in hex.
    pub fn derive(passphrase: &str, salt: &str) -> Result<Key> {
        if passphrase.chars().count() < 12 {
            return Err(Error::Key("a passphrase needs at least 12 characters".into()));
        }
        let salt = parse_salt(salt)?;
        let params = argon2::Params::new(19 * 1024, 2, 1, Some(KEY_BYTES)).map_err(|e| Error::Key(e.to_string()))?;
        let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut bytes = [0u8; KEY_BYTES];
        argon.hash_password_into(passphrase.as_bytes(), &salt, &mut bytes).map_err(|e| Error::Key(e.to_string()))?;
        Key::from_bytes(&bytes)
    }

    /// A new random key from the operating system.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn generate() -> Result<Key> {
        let mut bytes = [0u8; KEY_BYTES];
        getrandom::fill(&mut bytes).map_err(|e| Error::Key(format!("no randomness from the system: {e}")))?;
        Key::from_bytes(&bytes)
    }

    /// The key's bytes, for handing a derived key to the page.
    pub fn to_bytes(&self) -> [u8; KEY_BYTES] {
        self.bytes
    }

    /// The key as 64 hex digits, for writing a key file.
    pub fn to_hex(&self) -> String {
        hex(&self.bytes)
    }

    /// HMAC-SHA256 of `parts` under the key, separated by `purpose` so that
    /// a pseudonym can never equal a fake's seed or a date shift. Each part
    /// is length-prefixed, so (`ab`, `c`) and (`a`, `bc`) differ.
    pub fn mac(&self, purpose: &str, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = self.mac.clone();
        for part in std::iter::once(purpose.as_bytes()).chain(parts.iter().copied()) {
            mac.update(&(part.len() as u64).to_le_bytes());
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }
}

/// A new random salt for [`Key::derive`]: 16 bytes from the operating system, in hex.
#[cfg(not(target_arch = "wasm32"))]
pub fn new_salt() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Error::Key(format!("no randomness from the system: {e}")))?;
    Ok(hex(&bytes))
}

/// A salt in hex, at least 16 bytes.
pub fn parse_salt(text: &str) -> Result<Vec<u8>> {
    match decode_hex(text.trim()) {
        Some(bytes) if bytes.len() >= 16 => Ok(bytes),
        _ => Err(Error::Profile("anonymize.salt must be at least 16 bytes written in hex (32+ hex digits)".into())),
    }
}

/// Lower-case hex digits of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// Bytes from hex digits (either case), or `None` if `text` is not an even run of them.
fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.is_empty() || !text.len().is_multiple_of(2) {
        return None;
    }
    let digit = |b: u8| char::from(b).to_digit(16);
    text.as_bytes().chunks(2).map(|pair| Some((digit(pair[0])? * 16 + digit(pair[1])?) as u8)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    #[test]
    fn parses_hex_base64_and_raw_bytes_alike() {
        let raw: Vec<u8> = (0..32).collect();
        let b64 = base64::engine::general_purpose::STANDARD.encode(&raw);
        let key = Key::parse(HEX).unwrap();
        assert_eq!(Key::parse(&format!(" {b64}\n")).unwrap(), key);
        assert_eq!(Key::from_file_contents(&raw).unwrap(), key);
        assert_eq!(Key::from_file_contents(format!("{HEX}\n").as_bytes()).unwrap(), key);
        assert_eq!(key.to_hex(), HEX);
    }

    #[test]
    fn refuses_short_keys_and_hides_the_key_in_debug() {
        assert!(Key::parse("abcd").is_err());
        assert!(Key::parse("not a key at all!").is_err());
        let key = Key::parse(HEX).unwrap();
        assert!(!format!("{key:?}").contains("0001"));
    }

    #[test]
    fn macs_are_separated_by_purpose_and_by_part_boundaries() {
        let key = Key::parse(HEX).unwrap();
        assert_ne!(key.mac("a", &[b"x"]), key.mac("b", &[b"x"]));
        assert_ne!(key.mac("a", &[b"ab", b"c"]), key.mac("a", &[b"a", b"bc"]));
        assert_eq!(key.mac("a", &[b"x"]), key.mac("a", &[b"x"]));
    }

    #[test]
    fn derivation_is_repeatable_and_depends_on_the_salt() {
        let salt = "00112233445566778899aabbccddeeff";
        let a = Key::derive("correct horse battery staple", salt).unwrap();
        assert_eq!(a, Key::derive("correct horse battery staple", salt).unwrap());
        assert_ne!(a, Key::derive("correct horse battery staple", "ff112233445566778899aabbccddeeff").unwrap());
        assert!(Key::derive("short", salt).is_err());
        assert!(Key::derive("correct horse battery staple", "abcd").is_err());
    }
}
