//! Compiles libphonenumber's metadata (as the `phonenumber` crate ships it)
//! into the compact text table that `src/validate/phone/metadata.rs` reads
//! at run time, so the wasm module carries only the patterns phone
//! validation uses, not the crate, its decoder and its regex engine.
//!
//! # Format (`$OUT_DIR/phone_metadata.txt`)
//!
//! One territory a line, in the order `phonenumber`'s `Database::by_code`
//! returns them for calling codes 1 to 999 (so sorted by calling code, the
//! main country of a shared code first). Fields are separated by `\x1f`:
//!
//! ```text
//! id  code  main  idd  national_prefix  npfp  transform  leading_digits  (pattern lengths local) × 11
//! ```
//!
//! * `main` is `1` or `0`;
//! * an optional value is empty when absent and `=value` when present (so
//!   a present empty value stays distinguishable);
//! * patterns have their insignificant whitespace removed (the crate
//!   compiles them in free-spacing mode);
//! * the 11 descriptors are, in order: general, fixed line, mobile, toll
//!   free, premium rate, shared cost, voip, personal number, pager, uan,
//!   voicemail; an absent one has an empty pattern field;
//! * `lengths` and `local` are hexadecimal bit masks (bit n: n digits).
//!
//! Every pattern is compiled here with `regex-lite`, the run-time engine, so
//! a pattern it cannot read fails the build rather than a phone call.

use std::error::Error;
use std::fmt::Write as _;
use std::path::PathBuf;

use phonenumber::metadata::{Descriptor, DATABASE};
use phonenumber::Metadata;

type BuildResult<T> = Result<T, Box<dyn Error>>;

fn main() -> BuildResult<()> {
    println!("cargo:rerun-if-changed=build.rs");
    let mut out = String::with_capacity(512 * 1024);
    let mut territories = 0;
    for code in 1..=999u16 {
        let Some(metas) = DATABASE.by_code(&code) else { continue };
        for meta in metas {
            write_territory(&mut out, meta)?;
            territories += 1;
        }
    }
    if territories < 200 {
        return Err(format!("only {territories} territories in phonenumber's metadata").into());
    }
    let path = PathBuf::from(std::env::var("OUT_DIR")?).join("phone_metadata.txt");
    std::fs::write(path, out)?;
    Ok(())
}

fn write_territory(out: &mut String, meta: &Metadata) -> BuildResult<()> {
    let d = meta.descriptors();
    text(out, meta.id())?;
    field(out, &meta.country_code().to_string())?;
    field(out, if meta.is_main_country_for_code() { "1" } else { "0" })?;
    optional(out, meta.international_prefix().map(|r| pattern(r.as_str())).transpose()?.as_deref())?;
    optional(out, meta.national_prefix())?;
    optional(out, meta.national_prefix_for_parsing().map(|r| pattern(r.as_str())).transpose()?.as_deref())?;
    optional(out, meta.national_prefix_transform_rule())?;
    optional(out, meta.leading_digits().map(|r| pattern(r.as_str())).transpose()?.as_deref())?;
    let descriptors = [
        Some(d.general()),
        d.fixed_line(),
        d.mobile(),
        d.toll_free(),
        d.premium_rate(),
        d.shared_cost(),
        d.voip(),
        d.personal_number(),
        d.pager(),
        d.uan(),
        d.voicemail(),
    ];
    for desc in descriptors {
        descriptor(out, desc)?;
    }
    out.push('\n');
    Ok(())
}

fn descriptor(out: &mut String, desc: Option<&Descriptor>) -> BuildResult<()> {
    match desc {
        None => {
            for _ in 0..3 {
                field(out, "")?;
            }
        }
        Some(desc) => {
            let p = pattern(desc.national_number().as_str())?;
            if p.is_empty() {
                return Err("an empty descriptor pattern".into());
            }
            field(out, &p)?;
            field(out, &format!("{:x}", mask(desc.possible_length())?))?;
            field(out, &format!("{:x}", mask(desc.possible_local_length())?))?;
        }
    }
    Ok(())
}

/// The pattern without its free-spacing whitespace, checked to compile
/// with `regex-lite` and `regex` the way the run time compiles it (the embed
/// build uses the first, the batch build the second).
fn pattern(source: &str) -> BuildResult<String> {
    if source.contains('#') || source.contains("\\ ") {
        return Err(format!("pattern needs free-spacing mode: {source}").into());
    }
    let p: String = source.chars().filter(|c| !c.is_whitespace()).collect();
    let whole = format!("^(?:{p})$");
    regex_lite::Regex::new(&whole).map_err(|e| format!("{p}: {e}"))?;
    regex::Regex::new(&whole).map_err(|e| format!("{p}: {e}"))?;
    Ok(p)
}

fn mask(lengths: &[u16]) -> BuildResult<u32> {
    let mut m = 0u32;
    for &l in lengths {
        if l >= 32 {
            return Err(format!("possible length {l} does not fit the mask").into());
        }
        m |= 1 << l;
    }
    Ok(m)
}

/// The first field of a line.
fn text(out: &mut String, value: &str) -> BuildResult<()> {
    if value.contains(['\x1f', '\n']) {
        return Err(format!("separator in metadata value {value:?}").into());
    }
    out.push_str(value);
    Ok(())
}

fn field(out: &mut String, value: &str) -> BuildResult<()> {
    out.push('\x1f');
    text(out, value)
}

fn optional(out: &mut String, value: Option<&str>) -> BuildResult<()> {
    match value {
        None => field(out, ""),
        Some(v) => {
            let mut s = String::with_capacity(v.len() + 1);
            let _ = write!(s, "={v}");
            field(out, &s)
        }
    }
}
