//! Email addresses.
//!
//! [`validate_email`] checks one cell against the RFC 5321/5322 `addr-spec`
//! (with the RFC 6531 allowance for non-ASCII local parts), unwraps display
//! names and `mailto:` links, converts internationalized domains to punycode
//! and spots typos of the big providers' domains. It never looks anything up
//! on the network.
//!
//! # Canonical form
//!
//! `local@domain`, with the domain lower-cased and, when it has non-ASCII
//! labels, converted to its ASCII (`xn--`) form, and with the **local part
//! lower-cased too**. RFC 5321 says the local part *may* be case-sensitive,
//! but virtually every real mailbox provider (Gmail, Outlook, QQ, 163, …)
//! treats it case-insensitively, and deduplication needs one spelling per
//! mailbox: `John.Smith@X.com` and `john.smith@x.com` are the same contact.
//! Quoted local parts (`"John Doe"@x.com`) are the exception: they are so
//! rare that whoever wrote one probably meant it exactly, so they are kept
//! as written.
//!
//! # Cost
//!
//! Called once per cell on million-row files: a plain ASCII address (a
//! dot-atom, one `@`, letter-digit-hyphen labels, a TLD of letters) is
//! checked and lower-cased in one pass over its bytes, and only the others
//! take the full check; the valid path allocates only
//! the normalized string; parsing is hand-written (no regex), punycode is
//! encoded from a stack buffer, and the typo check runs a bounded edit
//! distance on stack arrays.

use core::net::{Ipv4Addr, Ipv6Addr};
use std::cell::RefCell;

use rustc_hash::FxHashMap;

use super::{Issue, Verdict};

/// How [`validate_email`] treats likely typos.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EmailOptions {
    /// Replace a mistyped popular domain (`gmial.com`) by the real one
    /// (`gmail.com`) in the normalized value. The `email.domain_typo`
    /// warning is reported either way; without this the correction is only
    /// offered as the verdict's suggestion.
    pub fix_typos: bool,
}

/// Most octets in a local part (RFC 5321 §4.5.3.1.1).
const MAX_LOCAL: usize = 64;
/// Most octets in a whole address (RFC 5321 path limit less the brackets).
const MAX_ADDRESS: usize = 254;
/// Most octets in a domain (RFC 1035).
const MAX_DOMAIN: usize = 253;
/// Most octets in one domain label (RFC 1035).
const MAX_LABEL: usize = 63;

/// Validates and normalizes one email address.
///
/// Accepts `user@example.com`, display-name forms (`张伟 <zw@qq.com>`,
/// `"Smith, John" <john@x.com>`, `<a@b.com>`) and `mailto:` links, which
/// are unwrapped with an `email.unwrapped` warning. See the module docs for
/// the canonical form.
pub fn validate_email(value: &str, options: &EmailOptions) -> Verdict {
    let (address, unwrapped) = unwrap_address(value.trim());
    let mut verdict = check_address(address, options, true);
    if unwrapped {
        verdict.issues.insert(
            0,
            Issue::warning(
                "email.unwrapped",
                "Removed the display name or \"mailto:\" and kept only the address",
                "已去除显示名称或“mailto:”前缀，仅保留邮件地址",
            ),
        );
    }
    verdict
}

/// Strips `Name <addr>`, `<addr>` and `mailto:addr?query` down to `addr`.
fn unwrap_address(s: &str) -> (&str, bool) {
    let mut s = s;
    let mut unwrapped = false;
    if let Some(inner) = s.strip_suffix('>') {
        if let Some(open) = inner.rfind('<') {
            s = inner[open + 1..].trim();
            unwrapped = true;
        }
    }
    if s.len() >= 7 && s.is_char_boundary(7) && s[..7].eq_ignore_ascii_case("mailto:") {
        s = s[7..].trim_start();
        // `?subject=…` starts the header fields of a mailto URI.
        if let Some(q) = s.find('?') {
            s = &s[..q];
        }
        unwrapped = true;
    }
    (s, unwrapped)
}

/// Whitespace, plus the invisible characters that paste in with it.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Index just past the closing quote of a quoted string starting at byte 0,
/// honouring backslash escapes.
fn quoted_end(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' {
            return Some(i + 1);
        }
    }
    None
}

/// Validates a bare address. `repair` allows one attempt at suggesting a
/// repaired address when the address is wrong.
fn check_address(addr: &str, options: &EmailOptions, repair: bool) -> Verdict {
    match plain_address(addr) {
        Some((out, domain_start)) => with_typo_check(Verdict { valid: true, ..Verdict::default() }, out, domain_start, options),
        None => check_address_in_full(addr, options, repair),
    }
}

/// The canonical form of a plain address and where its domain starts, when
/// `addr` is one: ASCII, a dot-atom of letters, digits and `atext` symbols,
/// one `@`, and a domain of at least two letter-digit-hyphen labels ending
/// in a TLD of two or more letters, within every length limit. Nearly every
/// address in a CRM column is; for them this one pass over the bytes gives
/// what [`check_address_in_full`] gives (several passes, by character),
/// which was most of an email column's time. Anything else returns `None`.
fn plain_address(addr: &str) -> Option<(String, usize)> {
    let bytes = addr.as_bytes();
    let at = bytes.iter().position(|&b| b == b'@')?;
    let (local, domain) = (&bytes[..at], &bytes[at + 1..]);
    if local.is_empty() || local.len() > MAX_LOCAL || addr.len() > MAX_ADDRESS || domain.len() > MAX_DOMAIN {
        return None;
    }
    let mut previous = b'.'; // so a leading dot fails
    for &b in local {
        let dot = b == b'.';
        if !(b.is_ascii_alphanumeric() || is_atext_symbol(b) || (dot && previous != b'.')) {
            return None;
        }
        previous = b;
    }
    if previous == b'.' {
        return None;
    }
    let (mut labels, mut tld): (usize, &[u8]) = (0, &[]);
    for label in domain.split(|&b| b == b'.') {
        let hyphen_at_end = label.first() == Some(&b'-') || label.last() == Some(&b'-');
        if label.is_empty() || label.len() > MAX_LABEL || hyphen_at_end {
            return None;
        }
        if !label.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-') {
            return None;
        }
        labels += 1;
        tld = label;
    }
    // A TLD of letters also rules out a dotted IP address as the domain.
    let plain_tld = tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic);
    if labels < 2 || !plain_tld {
        return None;
    }
    Some((addr.to_ascii_lowercase(), at + 1))
}

/// Every address [`plain_address`] does not take: quoted local parts, IP
/// literals, international domains, and every error with its message.
fn check_address_in_full(addr: &str, options: &EmailOptions, repair: bool) -> Verdict {
    if addr.is_empty() {
        return Verdict::invalid(Issue::error(
            "email.empty",
            "Email address is empty",
            "电子邮件地址为空",
        ));
    }
    // Whitespace outside a quoted local part.
    let unquoted_from = if addr.starts_with('"') { quoted_end(addr).unwrap_or(0) } else { 0 };
    if addr[unquoted_from..].chars().any(is_space) {
        let mut verdict = Verdict::invalid(Issue::error(
            "email.whitespace",
            "Email address contains a space",
            "电子邮件地址中包含空格",
        ));
        if repair {
            let stripped: String = addr.chars().filter(|&c| !is_space(c)).collect();
            verdict.suggestion = suggestion_from(check_address(&stripped, options, false));
        }
        return verdict;
    }

    // Split at the '@' that separates local part and domain.
    let (local, domain, quoted) = if addr.starts_with('"') {
        let Some(end) = quoted_end(addr) else {
            return Verdict::invalid(local_issue(
                "The quoted part before '@' has no closing quote",
                "“@”前面带引号的部分缺少右引号",
            ));
        };
        match addr[end..].strip_prefix('@') {
            Some(domain) if domain.contains('@') => return Verdict::invalid(multiple_at()),
            Some(domain) => (&addr[..end], domain, true),
            None if end == addr.len() => return Verdict::invalid(missing_at()),
            None => {
                return Verdict::invalid(local_issue(
                    "Text follows the quoted part before '@'",
                    "“@”前面带引号的部分后面还有多余的文字",
                ))
            }
        }
    } else {
        let Some(at) = addr.find('@') else {
            return Verdict::invalid(missing_at());
        };
        if addr[at + 1..].contains('@') {
            return Verdict::invalid(multiple_at());
        }
        (&addr[..at], &addr[at + 1..], false)
    };

    let mut verdict = Verdict { valid: true, ..Verdict::default() };
    let mut out = String::with_capacity(addr.len() + 8);

    // Local part.
    let local_problem = if quoted { check_quoted_local(local) } else { check_dot_atom(local) };
    match local_problem {
        Some(issue) => verdict = verdict.with(issue),
        None => {
            if quoted {
                out.push_str(local);
                verdict = verdict.with(Issue::warning(
                    "email.unusual",
                    "A quoted part before '@' is valid but rarely supported",
                    "“@”前面带引号的写法虽然合法，但很少被支持",
                ));
            } else {
                push_lowercase(&mut out, local);
            }
        }
    }
    if local.len() > MAX_LOCAL {
        verdict = verdict.with(Issue::error(
            "email.too_long",
            format!("The part before '@' is {} bytes long; at most {MAX_LOCAL} are allowed", local.len()),
            format!("“@”前面的部分长 {} 字节，最多允许 {MAX_LOCAL} 字节", local.len()),
        ));
    }
    out.push('@');
    let domain_start = out.len();

    // Domain.
    let kind = match push_domain(domain, &mut out) {
        Ok(kind) => kind,
        Err(issue) => {
            let verdict = verdict.with(issue);
            return with_repair(verdict, local, domain, options, repair);
        }
    };
    let domain_len = out.len() - domain_start;
    if kind == DomainKind::IpLiteral {
        verdict = verdict.with(Issue::warning(
            "email.unusual",
            "An IP address instead of a domain name is valid but unusual",
            "使用 IP 地址代替域名虽然合法，但很少见",
        ));
    } else if domain_len > MAX_DOMAIN {
        verdict = verdict.with(Issue::error(
            "email.too_long",
            format!("The domain is {domain_len} characters long; at most {MAX_DOMAIN} are allowed"),
            format!("域名长 {domain_len} 个字符，最多允许 {MAX_DOMAIN} 个"),
        ));
    }
    if out.len() > MAX_ADDRESS {
        verdict = verdict.with(Issue::error(
            "email.too_long",
            format!("The address is {} characters long; at most {MAX_ADDRESS} are allowed", out.len()),
            format!("邮件地址长 {} 个字符，最多允许 {MAX_ADDRESS} 个", out.len()),
        ));
    }
    if !verdict.valid {
        return verdict;
    }
    if kind == DomainKind::IpLiteral {
        // No provider to have mistyped.
        verdict.normalized = Some(out);
        return verdict;
    }
    with_typo_check(verdict, out, domain_start, options)
}

/// A valid address's verdict, given its canonical form `out` (domain from
/// `domain_start`): a mistyped popular domain is flagged and, if the options
/// say so, corrected.
fn with_typo_check(mut verdict: Verdict, mut out: String, domain_start: usize, options: &EmailOptions) -> Verdict {
    if let Some(fixed) = domain_typo(&out[domain_start..]) {
        let typed = &out[domain_start..];
        let en = if options.fix_typos {
            format!("Domain \"{typed}\" looks like a typo of \"{fixed}\"; corrected")
        } else {
            format!("Domain \"{typed}\" looks like a typo of \"{fixed}\"")
        };
        let zh = if options.fix_typos {
            format!("域名“{typed}”疑似“{fixed}”的拼写错误，已更正")
        } else {
            format!("域名“{typed}”疑似“{fixed}”的拼写错误")
        };
        verdict = verdict.with(Issue::warning("email.domain_typo", en, zh));
        if options.fix_typos {
            out.truncate(domain_start);
            out.push_str(fixed);
        } else {
            let mut suggestion = String::with_capacity(domain_start + fixed.len());
            suggestion.push_str(&out[..domain_start]);
            suggestion.push_str(fixed);
            verdict.suggestion = Some(suggestion);
        }
    }
    verdict.normalized = Some(out);
    verdict
}

/// The address a repaired verdict offers, if it is valid.
fn suggestion_from(verdict: Verdict) -> Option<String> {
    if verdict.valid {
        verdict.suggestion.or(verdict.normalized)
    } else {
        None
    }
}

/// On a domain error, tries the usual slips (`gmail,com`, `gmail.com.`,
/// `gmail..com`, `gmailcom`) and suggests the repaired address if valid.
fn with_repair(mut verdict: Verdict, local: &str, domain: &str, options: &EmailOptions, repair: bool) -> Verdict {
    if !repair || domain.is_empty() {
        return verdict;
    }
    let mut fixed = String::with_capacity(domain.len() + 1);
    for c in domain.chars() {
        let c = if matches!(c, ',' | ';') { '.' } else { c };
        if c == '.' && (fixed.is_empty() || fixed.ends_with('.')) {
            continue;
        }
        fixed.push(c);
    }
    while fixed.ends_with('.') {
        fixed.pop();
    }
    if !fixed.contains('.') {
        let lower = fixed.to_ascii_lowercase();
        if let Some(known) = POPULAR.iter().find(|d| {
            d.len() == lower.len() + 1 && d.bytes().filter(|&b| b != b'.').eq(lower.bytes())
        }) {
            fixed.clear();
            fixed.push_str(known);
        }
    }
    if fixed != domain {
        let mut candidate = String::with_capacity(local.len() + 1 + fixed.len());
        candidate.push_str(local);
        candidate.push('@');
        candidate.push_str(&fixed);
        verdict.suggestion = suggestion_from(check_address(&candidate, options, false));
    }
    verdict
}

fn missing_at() -> Issue {
    Issue::error("email.missing_at", "Email address has no '@'", "电子邮件地址缺少“@”")
}

fn multiple_at() -> Issue {
    Issue::error("email.multiple_at", "Email address has more than one '@'", "电子邮件地址包含多个“@”")
}

fn local_issue(en: impl Into<String>, zh: impl Into<String>) -> Issue {
    Issue::error("email.local_invalid", en, zh)
}

fn domain_issue(en: impl Into<String>, zh: impl Into<String>) -> Issue {
    Issue::error("email.domain_invalid", en, zh)
}

/// ASCII characters allowed in a dot-atom besides letters and digits.
fn is_atext_symbol(b: u8) -> bool {
    matches!(
        b,
        b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'/' | b'=' | b'?' | b'^' | b'_' | b'`'
            | b'{' | b'|' | b'}' | b'~'
    )
}

/// Checks an unquoted local part: `atext` runs separated by single dots.
fn check_dot_atom(local: &str) -> Option<Issue> {
    if local.is_empty() {
        return Some(local_issue("Nothing before '@'", "“@”前面没有内容"));
    }
    if local.starts_with('.') {
        return Some(local_issue("The part before '@' starts with a dot", "“@”前面的部分以点号开头"));
    }
    if local.ends_with('.') {
        return Some(local_issue("The part before '@' ends with a dot", "“@”前面的部分以点号结尾"));
    }
    if local.contains("..") {
        return Some(local_issue("The part before '@' has two dots in a row", "“@”前面的部分包含连续的点号"));
    }
    let bad = local.chars().find(|&c| {
        if c.is_ascii() {
            let b = c as u8;
            !(b.is_ascii_alphanumeric() || b == b'.' || is_atext_symbol(b))
        } else {
            c.is_control()
        }
    })?;
    Some(local_issue(
        format!("Character \"{}\" is not allowed before '@'", bad.escape_default()),
        format!("“@”前面的部分包含不允许的字符“{}”", bad.escape_default()),
    ))
}

/// Checks a quoted local part, quotes included: printable ASCII and spaces
/// (RFC 5322 `qtext`), backslash escapes, and UTF-8 (RFC 6531).
fn check_quoted_local(local: &str) -> Option<Issue> {
    let inner = &local[1..local.len() - 1];
    if inner.is_empty() {
        return Some(local_issue("The quotes before '@' are empty", "“@”前面的引号中没有内容"));
    }
    let bad = inner.chars().find(|&c| c.is_control() && c != '\t')?;
    Some(local_issue(
        format!("Character \"{}\" is not allowed before '@'", bad.escape_default()),
        format!("“@”前面的部分包含不允许的字符“{}”", bad.escape_default()),
    ))
}

/// Lower-cases `s` onto `out` (ASCII fast path).
fn push_lowercase(out: &mut String, s: &str) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.extend(s.chars().flat_map(char::to_lowercase));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DomainKind {
    Name,
    IpLiteral,
}

/// Label separators: the ASCII dot and the ideographic full stops that
/// UTS #46 maps to it (`。`, `｡`; `．` is already mapped by NFKC).
fn is_label_dot(c: char) -> bool {
    matches!(c, '.' | '。' | '｡' | '．')
}

/// Validates a domain and appends its canonical ASCII form to `out`.
fn push_domain(domain: &str, out: &mut String) -> Result<DomainKind, Issue> {
    if domain.is_empty() {
        return Err(domain_issue("Nothing after '@'", "“@”后面没有域名"));
    }
    if let Some(rest) = domain.strip_prefix('[') {
        return push_ip_literal(rest, out).map(|()| DomainKind::IpLiteral);
    }
    let start = out.len();
    let mut labels = 0usize;
    let mut numeric_labels = 0usize;
    let mut tld_start = start;
    if domain.starts_with(is_label_dot) {
        return Err(domain_issue("The domain starts with a dot", "域名以点号开头"));
    }
    if domain.ends_with(is_label_dot) {
        return Err(domain_issue("The domain ends with a dot", "域名以点号结尾"));
    }
    for label in domain.split(is_label_dot) {
        if label.is_empty() {
            return Err(domain_issue("The domain has two dots in a row", "域名包含连续的点号"));
        }
        if labels > 0 {
            out.push('.');
        }
        let label_start = out.len();
        if label.is_ascii() {
            if let Some(bad) = label.bytes().find(|b| !(b.is_ascii_alphanumeric() || *b == b'-')) {
                return Err(bad_domain_char(bad as char));
            }
            push_lowercase(out, label);
        } else {
            push_idn_label(label, out)?;
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(domain_issue(
                "A part of the domain starts or ends with a hyphen",
                "域名的某一部分以连字符开头或结尾",
            ));
        }
        if out.len() - label_start > MAX_LABEL {
            return Err(domain_issue(
                format!("A part of the domain is longer than {MAX_LABEL} characters"),
                format!("域名的某一部分超过 {MAX_LABEL} 个字符"),
            ));
        }
        if label.bytes().all(|b| b.is_ascii_digit()) {
            numeric_labels += 1;
        }
        tld_start = label_start;
        labels += 1;
    }
    if labels == 4 && numeric_labels == 4 {
        return Err(domain_issue(
            "An IP address as domain must be written in square brackets, e.g. user@[192.168.0.1]",
            "IP 地址形式的域名必须写在方括号中，例如 user@[192.168.0.1]",
        ));
    }
    let domain_ascii = &out[start..];
    if labels < 2 {
        return Err(Issue::error(
            "email.no_tld",
            format!("Domain \"{domain_ascii}\" has no top-level domain such as .com"),
            format!("域名“{domain_ascii}”缺少顶级域名（如 .com）"),
        ));
    }
    let tld = &out[tld_start..];
    let tld_ok = tld.starts_with("xn--") || (tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()));
    if !tld_ok {
        return Err(Issue::error(
            "email.no_tld",
            format!("Top-level domain \".{tld}\" is not valid: it needs at least two letters"),
            format!("顶级域名“.{tld}”无效：至少需要两个字母"),
        ));
    }
    Ok(DomainKind::Name)
}

fn bad_domain_char(c: char) -> Issue {
    domain_issue(
        format!("Character \"{}\" is not allowed in the domain", c.escape_default()),
        format!("域名包含不允许的字符“{}”", c.escape_default()),
    )
}

/// `[192.168.0.1]` or `[IPv6:2001:db8::1]`, the leading `[` already gone.
fn push_ip_literal(rest: &str, out: &mut String) -> Result<(), Issue> {
    let bad = || domain_issue("The IP address in square brackets is not valid", "方括号中的 IP 地址无效");
    let inner = rest.strip_suffix(']').ok_or_else(bad)?;
    use core::fmt::Write;
    if inner.len() > 5 && inner.is_char_boundary(5) && inner[..5].eq_ignore_ascii_case("IPv6:") {
        let ip: Ipv6Addr = inner[5..].parse().map_err(|_| bad())?;
        write!(out, "[IPv6:{ip}]").map_err(|_| bad())
    } else {
        let ip: Ipv4Addr = inner.parse().map_err(|_| bad())?;
        write!(out, "[{ip}]").map_err(|_| bad())
    }
}

/// Non-ASCII characters accepted in a domain label: letters and digits of
/// any script plus the combining marks that scripts need. A pragmatic
/// approximation of IDNA 2008's PVALID set, without its tables.
fn is_idn_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c as u32,
            0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A
            | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0E31..=0x0E4E | 0x0EB1..=0x0ECD
            | 0x0F18..=0x0FC6 | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200C | 0x200D
            | 0x20D0..=0x20FF | 0x3099 | 0x309A | 0x30FB | 0x00B7 | 0xFE20..=0xFE2F)
        || (matches!(c as u32, 0x0900..=0x0DFF) && !matches!(c as u32, 0x0964 | 0x0965 | 0x0970))
}

/// Most code points in a label that can still fit 63 octets as `xn--…`.
const MAX_IDN_CHARS: usize = MAX_LABEL - 4;

/// Lower-cases a non-ASCII label and appends it as `xn--` + punycode.
fn push_idn_label(label: &str, out: &mut String) -> Result<(), Issue> {
    let too_long = || {
        domain_issue(
            format!("A part of the domain is longer than {MAX_LABEL} characters"),
            format!("域名的某一部分超过 {MAX_LABEL} 个字符"),
        )
    };
    let mut buf = [0u32; MAX_IDN_CHARS];
    let mut n = 0usize;
    for c in label.chars() {
        if c.is_ascii() {
            if !(c.is_ascii_alphanumeric() || c == '-') {
                return Err(bad_domain_char(c));
            }
        } else if !is_idn_char(c) {
            return Err(bad_domain_char(c));
        }
        for lc in c.to_lowercase() {
            let slot = buf.get_mut(n).ok_or_else(too_long)?;
            *slot = lc as u32;
            n += 1;
        }
    }
    out.push_str("xn--");
    if punycode_encode(&buf[..n], out) {
        Ok(())
    } else {
        Err(too_long())
    }
}

/// Punycode (RFC 3492 §6.3) of `input`, appended to `out`. Returns false on
/// overflow, which cannot happen for labels short enough to be valid.
fn punycode_encode(input: &[u32], out: &mut String) -> bool {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    const INITIAL_N: u32 = 128;
    const INITIAL_BIAS: u32 = 72;

    fn digit(d: u32) -> char {
        // d < 36: a–z then 0–9.
        if d < 26 {
            char::from(b'a' + d as u8)
        } else {
            char::from(b'0' + (d - 26) as u8)
        }
    }

    fn adapt(delta: u32, num_points: u32, first: bool) -> u32 {
        const DAMP: u32 = 700;
        const SKEW: u32 = 38;
        let mut delta = if first { delta / DAMP } else { delta / 2 };
        delta += delta / num_points;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + SKEW)
    }

    let mut basic = 0u32;
    for &c in input {
        if c < 0x80 {
            out.push(char::from(c as u8));
            basic += 1;
        }
    }
    if basic > 0 {
        out.push('-');
    }
    let total = input.len() as u32;
    let (mut n, mut delta, mut bias, mut handled) = (INITIAL_N, 0u32, INITIAL_BIAS, basic);
    while handled < total {
        let Some(m) = input.iter().copied().filter(|&c| c >= n).min() else {
            return false;
        };
        let Some(d) = (m - n).checked_mul(handled + 1).and_then(|x| delta.checked_add(x)) else {
            return false;
        };
        delta = d;
        n = m;
        for &c in input {
            if c < n {
                let Some(d) = delta.checked_add(1) else {
                    return false;
                };
                delta = d;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    true
}

/// The providers whose domains are most often mistyped: corrections point
/// here.
const POPULAR: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "yahoo.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "protonmail.com",
    "qq.com",
    "163.com",
    "126.com",
    "sina.com",
    "sina.cn",
    "sohu.com",
    "yeah.net",
    "foxmail.com",
    "aliyun.com",
    "139.com",
    "189.cn",
];

/// The set of bytes (folded to 64 bits) in a domain's first label. Folding
/// only merges bytes, so counting the bits one set lacks never overstates
/// how many edits are needed.
const fn name_mask(d: &[u8]) -> u64 {
    let mut mask = 0u64;
    let mut i = 0;
    while i < d.len() && d[i] != b'.' {
        mask |= 1 << (d[i] & 63);
        i += 1;
    }
    mask
}

const fn name_masks<const N: usize>(list: &[&str]) -> [u64; N] {
    let mut masks = [0u64; N];
    let mut i = 0;
    while i < N && i < list.len() {
        masks[i] = name_mask(list[i].as_bytes());
        i += 1;
    }
    masks
}

const POPULAR_MASKS: [u64; POPULAR.len()] = name_masks(POPULAR);
const REAL_MASKS: [u64; REAL.len()] = name_masks(REAL);

/// Real mail domains close to a popular one. They are never "corrected",
/// and a near miss of one of them is corrected to it, not to the popular
/// neighbour (`ymail.con` → `ymail.com`, not `gmail.com`).
const REAL: &[&str] = &[
    "mail.com",
    "email.com",
    "gmx.com",
    "gmx.net",
    "gmx.de",
    "ymail.com",
    "rocketmail.com",
    "wahoo.com",
    "msn.com",
    "mac.com",
    "aim.com",
    "hotmail.co.uk",
    "hotmail.fr",
    "hotmail.de",
    "hotmail.it",
    "hotmail.es",
    "live.cn",
    "live.co.uk",
    "live.fr",
    "outlook.jp",
    "yahoo.co.uk",
    "yahoo.co.jp",
    "yahoo.com.cn",
    "yahoo.cn",
    "yahoo.com.hk",
    "yahoo.com.tw",
    "yahoo.fr",
    "yahoo.de",
    "sina.com.cn",
    "vip.sina.com",
    "vip.qq.com",
    "vip.163.com",
    "vip.126.com",
    "188.com",
    "163.net",
    "21cn.com",
    "tom.com",
    "263.net",
    "proton.me",
    "protonmail.ch",
    "pm.me",
    "mail.ru",
    "yandex.ru",
    "web.de",
    "orange.fr",
    "free.fr",
    "comcast.net",
    "att.net",
    "verizon.net",
    "zoho.com",
    "naver.com",
    "daum.net",
    "hanmail.net",
];

/// The optimal-string-alignment (restricted Damerau-Levenshtein) distance
/// of `a` and `b` if it is at most `k`, else `None`. Edits are single-byte
/// insertions, deletions, substitutions and adjacent transpositions.
///
/// For the tiny `k` used here (≤ 2) a branch-and-bound beats the usual
/// dynamic programme: common prefixes and suffixes are stripped (an optimal
/// alignment can always match them), then at most 4 branches per edit.
/// No allocation.
fn osa_within(a: &[u8], b: &[u8], k: u8) -> Option<u8> {
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[p..], &b[p..]);
    let q = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[..a.len() - q], &b[..b.len() - q]);
    if a.is_empty() && b.is_empty() {
        return Some(0);
    }
    if k == 0 || a.len().abs_diff(b.len()) > usize::from(k) {
        return None;
    }
    let mut best: Option<u8> = None;
    let mut consider = |d: Option<u8>| {
        if let Some(d) = d {
            if best.is_none_or(|b| d + 1 < b) {
                best = Some(d + 1);
            }
        }
    };
    if !a.is_empty() && !b.is_empty() {
        consider(osa_within(&a[1..], &b[1..], k - 1));
        if a.len() >= 2 && b.len() >= 2 && a[0] == b[1] && a[1] == b[0] {
            consider(osa_within(&a[2..], &b[2..], k - 1));
        }
    }
    if !a.is_empty() {
        consider(osa_within(&a[1..], b, k - 1));
    }
    if !b.is_empty() {
        consider(osa_within(a, &b[1..], k - 1));
    }
    best
}

/// Whether `a` is `b` with two adjacent characters swapped.
fn is_transposition(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let Some(i) = a.iter().zip(b).position(|(x, y)| x != y) else {
        return false;
    };
    i + 1 < a.len() && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..]
}

/// The provider domain that `domain` (lower-case ASCII) is probably a typo
/// of, if any.
///
/// A domain is split into its first label (the provider's *name*) and the
/// rest (the *suffix*); a correction needs a suffix within one edit. How far
/// the name may be depends on its length, because short names have many
/// real neighbours (`mi.com`, `aon.com`, `soho.com`):
/// - names of up to 4 characters: exactly equal, or (letters only) two
///   adjacent letters swapped with the suffix exact (`sian.com` → `sina.com`);
/// - 5 to 7 characters: one edit in the name, two edits in all;
/// - 8 or more: two edits in all.
fn domain_typo(domain: &str) -> Option<&'static str> {
    TYPO_CACHE.with(|cache| {
        if let Some(&known) = cache.try_borrow().ok().as_ref().and_then(|c| c.get(domain)) {
            return known;
        }
        let answer = find_domain_typo(domain);
        if let Ok(mut cache) = cache.try_borrow_mut() {
            if cache.len() < TYPO_CACHE_ENTRIES {
                cache.insert(domain.into(), answer);
            }
        }
        answer
    })
}

/// Most domains [`domain_typo`] remembers (per thread).
const TYPO_CACHE_ENTRIES: usize = 4096;

thread_local! {
    /// [`domain_typo`]'s answers for domains seen before. An email column
    /// repeats a few dozen providers and company domains, and looking each
    /// one up in the lists (and, for a company's domain, comparing it with
    /// every provider) was a fifth of checking an address. The answer
    /// depends on the domain alone, so remembering it changes nothing.
    static TYPO_CACHE: RefCell<FxHashMap<Box<str>, Option<&'static str>>> = RefCell::new(FxHashMap::default());
}

/// [`domain_typo`] without the cache.
fn find_domain_typo(domain: &str) -> Option<&'static str> {
    if POPULAR.contains(&domain) || REAL.contains(&domain) {
        return None;
    }
    let (name, suffix) = domain.split_once('.')?;
    let (name, suffix) = (name.as_bytes(), suffix.as_bytes());
    let mask = name_mask(name);
    let mut best: Option<(&'static str, u8)> = None;
    for (&candidate, &c_mask) in POPULAR.iter().zip(&POPULAR_MASKS).chain(REAL.iter().zip(&REAL_MASKS)) {
        // At most two edits in the name and one in the suffix; each byte the
        // one name has and the other lacks needs an edit of its own.
        if candidate.len().abs_diff(domain.len()) > 3
            || (mask & !c_mask).count_ones() > 2
            || (c_mask & !mask).count_ones() > 2
        {
            continue;
        }
        let Some((c_name, c_suffix)) = candidate.split_once('.') else {
            continue;
        };
        let (c_name, c_suffix) = (c_name.as_bytes(), c_suffix.as_bytes());
        let Some(ds) = osa_within(suffix, c_suffix, 1) else {
            continue;
        };
        let total = match c_name.len() {
            0..=4 if name == c_name && ds == 1 => 1,
            0..=4 if ds == 0 && c_name.iter().all(u8::is_ascii_alphabetic) && is_transposition(name, c_name) => 1,
            0..=4 => continue,
            5..=7 => match osa_within(name, c_name, 1.min(2 - ds)) {
                Some(dn) => dn + ds,
                None => continue,
            },
            _ => match osa_within(name, c_name, 2 - ds) {
                Some(dn) => dn + ds,
                None => continue,
            },
        };
        if total > 0 && best.is_none_or(|(_, d)| total < d) {
            best = Some((candidate, total));
        }
    }
    best.map(|(d, _)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass check of plain addresses gives what the full check
    /// gives, on addresses built from pieces that sit near every one of its
    /// limits (lengths, dots, hyphens, numeric labels, TLDs, typos).
    #[test]
    fn plain_addresses_are_checked_as_the_full_check_does() {
        let long_local = "l".repeat(MAX_LOCAL);
        let long_label = "d".repeat(MAX_LABEL);
        let pieces = [
            "a", "Z", "9", ".", "..", "@", "-", "_", "+", "'", "!", "~", "\"", " ", "\t", "[", "]", "(", ",", "é", "。", "张",
            "gmail", "gmial", "qq", "con", "com", "co", "c", "x1", "xn--fiqs8s", "1", "123", "163", "cm", "hotmial",
            long_local.as_str(), long_label.as_str(), ".com", "@qq.com", "@gmail.com", "@1.2.3.4", "IPv6:",
        ];
        let labels = [
            "a", "Z", "9", "123", "-", "x-", "-y", "ab-c", "b.", ".c", "..", "c", "com", "Com", "gmial", "qq", "163", "y1", "_",
            "+", "é", "\"", long_local.as_str(), long_label.as_str(),
        ];
        // A domain of `len` bytes: labels of up to 63 `d`s, then `.com`.
        let domain_of = |len: usize| {
            let (mut domain, body) = (String::new(), len - ".com".len());
            while domain.len() < body {
                if !domain.is_empty() {
                    domain.push('.');
                }
                // Never a single byte left over, which a dot would take.
                let left = body - domain.len();
                domain.push_str(&"d".repeat(if left > MAX_LABEL { (left - 2).min(MAX_LABEL) } else { left }));
            }
            domain + ".com"
        };
        let mut edges: Vec<String> = ["a@x.y", "a@example.C", "a@b.cd", "a@1.2.3.4", "a@1.2.3.com", "a.b@c-d.e-f.gh", "a@-b.com"]
            .map(String::from)
            .into();
        for (local, domain) in [1, MAX_LOCAL - 1, MAX_LOCAL, MAX_LOCAL + 1].into_iter().flat_map(|l| (245..260).map(move |d| (l, d))) {
            edges.push(format!("{}@{}", "l".repeat(local), domain_of(domain)));
        }
        for addr in &edges {
            assert_eq!(check_address(addr, &EmailOptions::default(), true), check_address_in_full(addr, &EmailOptions::default(), true), "{addr:?}");
        }
        assert!(edges.iter().any(|a| a.len() == MAX_ADDRESS + 1 && plain_address(&a[..a.len() - 1]).is_some()));
        assert!(edges.iter().any(|a| a.len() - a.find('@').unwrap() - 1 == MAX_DOMAIN + 1));

        let mut next = crate::test_rng::below(0xD1B5_4A32_D192_ED03);
        let mut plain = 0;
        for round in 0..300_000 {
            let mut pick = |from: &[&str], count: usize| -> String { (0..count).map(|_| from[next(from.len())]).collect() };
            let mut addr = pick(&pieces, 3);
            if round % 2 == 0 {
                // A local part, one `@`, and a domain of two to four labels.
                let domain: Vec<String> = (0..2 + round % 3).map(|i| pick(&labels, 1 + (round >> i) % 2)).collect();
                addr = format!("{}@{}", pick(&labels, 1 + round / 2 % 2), domain.join("."));
            }
            if round % 7 == 0 {
                addr = format!("{}{addr}", "a".repeat(next(260)));
            }
            plain += usize::from(plain_address(&addr).is_some());
            for fix_typos in [false, true] {
                let options = EmailOptions { fix_typos };
                for repair in [false, true] {
                    let (got, want) = (check_address(&addr, &options, repair), check_address_in_full(&addr, &options, repair));
                    assert_eq!(got, want, "{addr:?}");
                }
            }
        }
        // The pieces make plain addresses often enough to test that path too.
        assert!(plain > 5_000, "{plain}");
    }

    /// `(input, valid, issue codes in order (space separated), why)`.
    const CASES: &[(&str, bool, &str, &str)] = &[
        // --- plain valid addresses ---
        ("john@example.com", true, "", "simplest form"),
        ("john.smith@example.com", true, "", "dot in local part"),
        ("john.smith.jr@example.co.uk", true, "", "several dots, multi-label domain"),
        ("a@b.co", true, "", "one-letter local and domain name"),
        ("user+tag@gmail.com", true, "", "plus addressing"),
        ("user-name@example.org", true, "", "hyphen in local part"),
        ("user_name@example.net", true, "", "underscore in local part"),
        ("first.o'brien@example.ie", true, "", "apostrophe is atext"),
        ("x!#$%&'*+-/=?^_`{|}~y@example.com", true, "", "every atext symbol"),
        ("1234567890@example.com", true, "", "digits only local part"),
        ("email@123.123.123.com", true, "", "numeric labels, alphabetic TLD"),
        ("email@sub.domain.example.com", true, "", "deep subdomain"),
        ("email@example-one.com", true, "", "hyphen inside domain label"),
        ("email@a-b-c.d-e.com", true, "", "several hyphens"),
        ("email@example.museum", true, "", "long TLD"),
        ("email@example.name", true, "", "gTLD"),
        ("email@example.photography", true, "", "11-letter TLD"),
        ("EMAIL@EXAMPLE.COM", true, "", "upper case, normalized to lower"),
        ("John.Doe@Example.Com", true, "", "mixed case"),
        ("zhangwei@qq.com", true, "", "QQ mail"),
        ("12345678@qq.com", true, "", "QQ number address"),
        ("wang.fang@163.com", true, "", "NetEase 163"),
        ("li_na@126.com", true, "", "NetEase 126"),
        ("test@yeah.net", true, "", "NetEase yeah.net"),
        ("test@sina.com", true, "", "Sina"),
        ("test@sina.cn", true, "", "Sina .cn"),
        ("test@sina.com.cn", true, "", "Sina .com.cn"),
        ("test@sohu.com", true, "", "Sohu"),
        ("test@foxmail.com", true, "", "Foxmail"),
        ("test@aliyun.com", true, "", "Aliyun"),
        ("test@139.com", true, "", "China Mobile"),
        ("test@189.cn", true, "", "China Telecom"),
        ("test@vip.qq.com", true, "", "QQ VIP"),
        ("test@vip.163.com", true, "", "163 VIP"),
        ("test@188.com", true, "", "NetEase 188"),
        ("test@21cn.com", true, "", "21CN"),
        ("test@gmail.com", true, "", "Gmail"),
        ("test@googlemail.com", true, "", "Googlemail"),
        ("test@hotmail.com", true, "", "Hotmail"),
        ("test@outlook.com", true, "", "Outlook"),
        ("test@live.com", true, "", "Live"),
        ("test@yahoo.com", true, "", "Yahoo"),
        ("test@icloud.com", true, "", "iCloud"),
        ("test@me.com", true, "", "Apple me.com"),
        ("test@aol.com", true, "", "AOL"),
        ("test@protonmail.com", true, "", "Proton"),
        ("test@mail.com", true, "", "mail.com is real, not a gmail typo"),
        ("test@email.com", true, "", "email.com is real"),
        ("test@gmx.com", true, "", "GMX is real, not gmail"),
        ("test@gmx.de", true, "", "GMX Germany"),
        ("test@ymail.com", true, "", "ymail is Yahoo's, not a gmail typo"),
        ("test@rocketmail.com", true, "", "Yahoo's rocketmail"),
        ("test@msn.com", true, "", "MSN"),
        ("test@mac.com", true, "", "mac.com, not a me.com typo"),
        ("test@hotmail.co.uk", true, "", "Hotmail UK"),
        ("test@hotmail.fr", true, "", "Hotmail France"),
        ("test@yahoo.co.jp", true, "", "Yahoo Japan"),
        ("test@yahoo.com.hk", true, "", "Yahoo HK"),
        ("test@live.cn", true, "", "Live China"),
        ("test@proton.me", true, "", "Proton short domain"),
        ("test@protonmail.ch", true, "", "Proton Swiss"),
        ("test@wahoo.com", true, "", "real company one edit from yahoo"),
        ("test@mi.com", true, "", "Xiaomi: short names are never fuzzily corrected"),
        ("test@aon.com", true, "", "short name one edit from aol"),
        ("test@soho.com", true, "", "short name one edit from sohu"),
        ("test@life.com", true, "", "short name one edit from live"),
        ("test@163.net", true, "", "real, TLD two edits from 163.com"),
        ("test@126.net", true, "", "suffix net is two edits from com"),
        ("test@qq.cn", true, "", "suffix cn is two edits from com"),
        ("test@gmail.de", true, "", "suffix de too far from com"),
        ("test@company.cn", true, "", "ordinary Chinese company"),
        ("test@baidu.com", true, "", "ordinary domain"),
        ("test@tencent.com", true, "", "ordinary domain"),
        ("test@alibaba-inc.com", true, "", "hyphenated company domain"),
        ("test@xn--fiqs8s.cn", true, "", "punycode label kept as is"),
        ("test@example.xn--fiqs8s", true, "", "punycode TLD"),
        ("a.b.c.d.e.f@example.com", true, "", "many dots"),
        ("x@x.io", true, "", "short everything"),
        ("ab@ab.ab", true, "", "two-letter TLD"),
        ("o'reilly@example.com", true, "", "apostrophe"),
        ("user%example.org@example.com", true, "", "percent is atext"),
        ("user=x@example.com", true, "", "equals sign"),
        ("{user}@example.com", true, "", "braces are atext"),
        ("zhang.wei@company.com.cn", true, "", "three-label Chinese domain"),
        ("info@my-company.co.jp", true, "", "Japanese company domain"),
        // --- surrounding whitespace tolerated ---
        ("  john@example.com  ", true, "", "surrounding spaces trimmed"),
        ("\tjohn@example.com\n", true, "", "surrounding tab/newline trimmed"),
        // --- unwrapping ---
        ("张伟 <zw@qq.com>", true, "email.unwrapped", "Chinese display name"),
        ("\"Smith, John\" <john@x.com>", true, "email.unwrapped", "quoted display name with comma"),
        ("<a@b.com>", true, "email.unwrapped", "angle brackets only"),
        ("John Smith <John.Smith@Example.com>", true, "email.unwrapped", "display name, mixed case"),
        ("mailto:john@example.com", true, "email.unwrapped", "mailto link"),
        ("MAILTO:john@example.com", true, "email.unwrapped", "upper-case mailto"),
        ("mailto:john@example.com?subject=Hi", true, "email.unwrapped", "mailto with query"),
        ("<mailto:john@example.com>", true, "email.unwrapped", "mailto inside brackets"),
        ("John < john@example.com >", true, "email.unwrapped", "spaces inside brackets"),
        ("王芳 <wang@gmial.com>", true, "email.unwrapped email.domain_typo", "unwrapped and mistyped"),
        ("Bob <>", false, "email.unwrapped email.empty", "empty brackets"),
        ("Bob <bob>", false, "email.unwrapped email.missing_at", "bracketed non-address"),
        ("mailto:", false, "email.unwrapped email.empty", "bare mailto"),
        // --- quoted local parts and IP literals ---
        ("\"john doe\"@example.com", true, "email.unusual", "quoted local with space"),
        ("\"john@doe\"@example.com", true, "email.unusual", "quoted local containing @"),
        ("\"a\\\"b\"@example.com", true, "email.unusual", "escaped quote in quoted local"),
        ("\"John..Doe\"@example.com", true, "email.unusual", "double dot allowed in quotes"),
        ("\"\"@example.com", false, "email.local_invalid", "empty quoted local"),
        ("\"john@example.com", false, "email.local_invalid", "unterminated quote"),
        ("\"john\"x@example.com", false, "email.local_invalid", "text after quoted string"),
        ("\"john\"", false, "email.missing_at", "quoted string only"),
        ("\"a\"@b@example.com", false, "email.multiple_at", "second @ after quoted local"),
        ("user@[192.168.0.1]", true, "email.unusual", "IPv4 literal"),
        ("user@[IPv6:2001:db8::1]", true, "email.unusual", "IPv6 literal"),
        ("user@[ipv6:::1]", true, "email.unusual", "IPv6 literal, lower-case tag"),
        ("user@[300.1.1.1]", false, "email.domain_invalid", "IPv4 octet out of range"),
        ("user@[192.168.0.1", false, "email.domain_invalid", "unclosed bracket"),
        ("user@[hello]", false, "email.domain_invalid", "not an IP in brackets"),
        ("user@[IPv6:zz::1]", false, "email.domain_invalid", "bad IPv6"),
        ("user@192.168.0.1", false, "email.domain_invalid", "bare IPv4 needs brackets"),
        // --- IDN ---
        ("用户@例子.广告", true, "", "Chinese local and IDN domain"),
        ("josé@bücher.de", true, "", "accented local, IDN domain"),
        ("test@münchen.de", true, "", "umlaut domain"),
        ("test@MÜNCHEN.DE", true, "", "upper-case IDN lower-cased before punycode"),
        ("test@中国.cn", true, "", "Chinese label, ASCII TLD"),
        ("test@例子.中国", true, "", "Chinese TLD"),
        ("test@пример.рф", true, "", "Cyrillic"),
        ("test@españa.es", true, "", "Spanish"),
        ("test@例子。中国", true, "", "ideographic full stop as dot"),
        ("测试@qq.com", true, "", "Chinese local part"),
        ("test@例子", false, "email.no_tld", "IDN without TLD"),
        ("test@例★子.cn", false, "email.domain_invalid", "symbol in IDN label"),
        ("test@例子，中国", false, "email.domain_invalid", "full-width comma is not a dot"),
        // --- full-width input after NFKC ---
        ("zhangsan@qq.com", true, "", "ｚｈａｎｇｓａｎ＠ｑｑ．ｃｏｍ after NFKC"),
        ("li@163.com", true, "", "ｌｉ＠１６３．ｃｏｍ after NFKC"),
        ("wang@gmail.con", true, "email.domain_typo", "ｗａｎｇ＠ｇｍａｉｌ．ｃｏｎ after NFKC"),
        // --- empty ---
        ("", false, "email.empty", "empty"),
        ("   ", false, "email.empty", "spaces only"),
        // --- missing / multiple @ ---
        ("john.example.com", false, "email.missing_at", "no @"),
        ("john", false, "email.missing_at", "just a name"),
        ("john#example.com", false, "email.missing_at", "hash instead of @"),
        ("john@@example.com", false, "email.multiple_at", "doubled @"),
        ("john@doe@example.com", false, "email.multiple_at", "two @"),
        ("a@b@c.com", false, "email.multiple_at", "two @ short"),
        ("@", false, "email.local_invalid email.domain_invalid", "lone @"),
        // --- whitespace ---
        ("john smith@example.com", false, "email.whitespace", "space in local"),
        ("john@exa mple.com", false, "email.whitespace", "space in domain"),
        ("john @example.com", false, "email.whitespace", "space before @"),
        ("john@ example.com", false, "email.whitespace", "space after @"),
        ("john\t@example.com", false, "email.whitespace", "tab inside"),
        ("john\u{3000}@example.com", false, "email.whitespace", "ideographic space"),
        ("john\u{200B}@example.com", false, "email.whitespace", "zero-width space"),
        ("john@example.com other@example.com", false, "email.whitespace", "two addresses"),
        // --- local part ---
        ("@example.com", false, "email.local_invalid", "empty local"),
        (".john@example.com", false, "email.local_invalid", "leading dot"),
        ("john.@example.com", false, "email.local_invalid", "trailing dot"),
        ("john..doe@example.com", false, "email.local_invalid", "double dot"),
        ("john,doe@example.com", false, "email.local_invalid", "comma"),
        ("john(doe)@example.com", false, "email.local_invalid", "parentheses"),
        ("john:doe@example.com", false, "email.local_invalid", "colon"),
        ("john;doe@example.com", false, "email.local_invalid", "semicolon"),
        ("john<doe@example.com", false, "email.local_invalid", "less-than"),
        ("john[1]@example.com", false, "email.local_invalid", "brackets"),
        ("john\\doe@example.com", false, "email.local_invalid", "backslash"),
        ("john\"doe@example.com", false, "email.local_invalid", "stray quote"),
        ("john\u{7}@example.com", false, "email.local_invalid", "control character"),
        (".@example.com", false, "email.local_invalid", "dot only"),
        ("..@x..com", false, "email.local_invalid email.domain_invalid", "both parts bad"),
        // --- domain ---
        ("john@", false, "email.domain_invalid", "empty domain"),
        ("john@.example.com", false, "email.domain_invalid", "leading dot"),
        ("john@example.com.", false, "email.domain_invalid", "trailing dot"),
        ("john@example..com", false, "email.domain_invalid", "double dot"),
        ("john@-example.com", false, "email.domain_invalid", "label starts with hyphen"),
        ("john@example-.com", false, "email.domain_invalid", "label ends with hyphen"),
        ("john@exa_mple.com", false, "email.domain_invalid", "underscore"),
        ("john@example.com,", false, "email.domain_invalid", "trailing comma"),
        ("john@gmail,com", false, "email.domain_invalid", "comma instead of dot"),
        ("john@exam!ple.com", false, "email.domain_invalid", "exclamation mark"),
        ("john@example.com>", false, "email.domain_invalid", "stray bracket"),
        ("john@example.c-m", false, "email.no_tld", "hyphen in TLD"),
        ("john@example.com/path", false, "email.domain_invalid", "URL path"),
        ("john@http://example.com", false, "email.domain_invalid", "URL in domain"),
        // --- TLD ---
        ("john@localhost", false, "email.no_tld", "single label"),
        ("john@example", false, "email.no_tld", "no dot"),
        ("john@gmailcom", false, "email.no_tld", "missing dot in gmail.com"),
        ("john@qqcom", false, "email.no_tld", "missing dot in qq.com"),
        ("john@example.c", false, "email.no_tld", "one-letter TLD"),
        ("john@example.123", false, "email.no_tld", "numeric TLD"),
        ("john@example.c0m", false, "email.no_tld", "digit in TLD"),
        ("john@1.2.3", false, "email.no_tld", "three numbers"),
        // --- typos of popular domains ---
        ("john@gmail.con", true, "email.domain_typo", "gmail .con"),
        ("john@gmail.co", true, "email.domain_typo", "gmail .co"),
        ("john@gmail.cm", true, "email.domain_typo", "gmail .cm"),
        ("john@gmail.comm", true, "email.domain_typo", "gmail .comm"),
        ("john@gmail.cmo", true, "email.domain_typo", "gmail .cmo transposed"),
        ("john@gmail.om", true, "email.domain_typo", "gmail .om"),
        ("john@gmial.com", true, "email.domain_typo", "gmial transposed"),
        ("john@gmai.com", true, "email.domain_typo", "gmai missing letter"),
        ("john@gmaill.com", true, "email.domain_typo", "gmaill doubled letter"),
        ("john@gnail.com", true, "email.domain_typo", "gnail substitution"),
        ("john@gamil.con", true, "email.domain_typo", "two slips"),
        ("john@googlemial.com", true, "email.domain_typo", "googlemail transposed"),
        ("john@hotmial.com", true, "email.domain_typo", "hotmial"),
        ("john@hotmal.com", true, "email.domain_typo", "hotmal"),
        ("john@hotmail.con", true, "email.domain_typo", "hotmail .con"),
        ("john@hotmail.co", true, "email.domain_typo", "hotmail .co"),
        ("john@homtail.com", true, "email.domain_typo", "homtail"),
        ("john@outlok.com", true, "email.domain_typo", "outlok"),
        ("john@outloo.com", true, "email.domain_typo", "outloo"),
        ("john@outlook.cm", true, "email.domain_typo", "outlook .cm"),
        ("john@live.con", true, "email.domain_typo", "live .con"),
        ("john@yahooo.com", true, "email.domain_typo", "yahooo"),
        ("john@yaho.com", true, "email.domain_typo", "yaho"),
        ("john@yhaoo.com", true, "email.domain_typo", "yhaoo"),
        ("john@yahoo.con", true, "email.domain_typo", "yahoo .con"),
        ("john@iclod.com", true, "email.domain_typo", "iclod"),
        ("john@icloud.con", true, "email.domain_typo", "icloud .con"),
        ("john@me.con", true, "email.domain_typo", "me .con"),
        ("john@aol.con", true, "email.domain_typo", "aol .con"),
        ("john@protonmial.com", true, "email.domain_typo", "protonmial"),
        ("john@protonmail.con", true, "email.domain_typo", "protonmail .con"),
        ("john@qq.con", true, "email.domain_typo", "qq .con"),
        ("john@qq.cm", true, "email.domain_typo", "qq .cm"),
        ("john@qq.co", true, "email.domain_typo", "qq .co"),
        ("john@qq.comm", true, "email.domain_typo", "qq .comm"),
        ("john@163.cm", true, "email.domain_typo", "163 .cm"),
        ("john@163.con", true, "email.domain_typo", "163 .con"),
        ("john@163.co", true, "email.domain_typo", "163 .co"),
        ("john@126.con", true, "email.domain_typo", "126 .con"),
        ("john@126.cm", true, "email.domain_typo", "126 .cm"),
        ("john@sina.con", true, "email.domain_typo", "sina .con"),
        ("john@sian.com", true, "email.domain_typo", "sian transposed"),
        ("john@sina.com.cm", true, "email.domain_typo", "sina .com.cm"),
        ("john@sohu.con", true, "email.domain_typo", "sohu .con"),
        ("john@yeah.nte", true, "email.domain_typo", "yeah .nte"),
        ("john@yeah.ne", true, "email.domain_typo", "yeah .ne"),
        ("john@foxmial.com", true, "email.domain_typo", "foxmial"),
        ("john@foxmail.cm", true, "email.domain_typo", "foxmail .cm"),
        ("john@foxmai.com", true, "email.domain_typo", "foxmai"),
        ("john@aliyun.con", true, "email.domain_typo", "aliyun .con"),
        ("john@alyun.com", true, "email.domain_typo", "alyun"),
        ("john@139.con", true, "email.domain_typo", "139 .con"),
        ("john@189.cm", true, "email.domain_typo", "189 .cm"),
        ("john@139.cm", true, "email.domain_typo", "139 .cm"),
        ("john@189.com", true, "", "189.com is two suffix edits from 189.cn: left alone"),
        ("john@ymail.con", true, "email.domain_typo", "near miss of a real non-popular domain"),
        ("john@mail.con", true, "email.domain_typo", "mail.con goes to mail.com"),
        ("john@gmx.con", true, "email.domain_typo", "gmx .con"),
        // --- lengths ---
        (
            "a234567890123456789012345678901234567890123456789012345678901234@example.com",
            true,
            "",
            "64-octet local part",
        ),
        (
            "a2345678901234567890123456789012345678901234567890123456789012345@example.com",
            false,
            "email.too_long",
            "65-octet local part",
        ),
        (
            "user@a23456789012345678901234567890123456789012345678901234567890123.com",
            true,
            "",
            "63-octet label",
        ),
        (
            "user@a234567890123456789012345678901234567890123456789012345678901234.com",
            false,
            "email.domain_invalid",
            "64-octet label",
        ),
    ];

    fn codes(v: &Verdict) -> String {
        v.codes().join(" ")
    }

    #[test]
    fn table() {
        assert!(CASES.len() >= 200, "only {} cases", CASES.len());
        let mut failures = Vec::new();
        for &(input, valid, expected, why) in CASES {
            let v = validate_email(input, &EmailOptions::default());
            if v.valid != valid || codes(&v) != expected {
                failures.push(format!(
                    "{input:?} ({why}): got valid={} codes=[{}] normalized={:?}, want valid={valid} codes=[{expected}]",
                    v.valid,
                    codes(&v),
                    v.normalized
                ));
            }
            // Invariants: valid ⇔ normalized; every issue has both languages.
            assert_eq!(v.valid, v.normalized.is_some(), "{input:?}");
            for issue in &v.issues {
                assert!(!issue.en.is_empty() && !issue.zh.is_empty(), "{input:?}");
            }
        }
        assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    }

    #[test]
    fn normalized_forms() {
        let cases = [
            ("John.Doe@Example.Com", "john.doe@example.com"),
            ("EMAIL@EXAMPLE.COM", "email@example.com"),
            ("张伟 <zw@qq.com>", "zw@qq.com"),
            ("\"Smith, John\" <John@X.com>", "john@x.com"),
            ("mailto:Bob@Example.com?subject=x", "bob@example.com"),
            ("\"John Doe\"@Example.com", "\"John Doe\"@example.com"),
            ("用户@例子.广告", "用户@xn--fsqu00a.xn--4rr70v"),
            ("josé@bücher.de", "josé@xn--bcher-kva.de"),
            ("JOSÉ@BÜCHER.DE", "josé@xn--bcher-kva.de"),
            ("test@münchen.de", "test@xn--mnchen-3ya.de"),
            ("test@中国.cn", "test@xn--fiqs8s.cn"),
            ("test@例子。中国", "test@xn--fsqu00a.xn--fiqs8s"),
            ("test@пример.рф", "test@xn--e1afmkfd.xn--p1ai"),
            ("test@españa.es", "test@xn--espaa-rta.es"),
            ("user@[IPv6:2001:DB8:0:0:0:0:0:1]", "user@[IPv6:2001:db8::1]"),
            ("user@[192.168.0.1]", "user@[192.168.0.1]"),
            ("  a@b.com ", "a@b.com"),
        ];
        for (input, want) in cases {
            let v = validate_email(input, &EmailOptions::default());
            assert_eq!(v.normalized.as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn punycode_rfc3492_samples() {
        fn enc(s: &str) -> String {
            let cps: Vec<u32> = s.chars().map(|c| c as u32).collect();
            let mut out = String::new();
            assert!(punycode_encode(&cps, &mut out));
            out
        }
        // RFC 3492 §7.1 (A) Arabic (Egyptian), (B) Chinese (simplified).
        assert_eq!(
            enc("\u{0644}\u{064A}\u{0647}\u{0645}\u{0627}\u{0628}\u{062A}\u{0643}\u{0644}\u{0645}\u{0648}\u{0634}\u{0639}\u{0631}\u{0628}\u{064A}\u{061F}"),
            "egbpdaj6bu4bxfgehfvwxn"
        );
        assert_eq!(enc("他们为什么不说中文"), "ihqwcrb4cv8a8dqg056pqjye");
        // (L) mixed ASCII and Japanese.
        assert_eq!(enc("3年B組金八先生"), "3B-ww4c5e180e575a65lsy2b");
        assert_eq!(enc("bücher"), "bcher-kva");
        assert_eq!(enc("abc"), "abc-");
    }

    #[test]
    fn typo_suggestions_and_fixing() {
        let cases = [
            ("john@gmail.con", "john@gmail.com"),
            ("john@gmial.com", "john@gmail.com"),
            ("john@gmail.co", "john@gmail.com"),
            ("john@qq.con", "john@qq.com"),
            ("john@163.cm", "john@163.com"),
            ("john@yahooo.com", "john@yahoo.com"),
            ("john@outlok.com", "john@outlook.com"),
            ("john@hotmial.com", "john@hotmail.com"),
            ("john@sian.com", "john@sina.com"),
            ("john@sina.com.cm", "john@sina.com.cn"),
            ("john@yeah.nte", "john@yeah.net"),
            ("john@189.cm", "john@189.cn"),
            ("john@ymail.con", "john@ymail.com"),
            ("john@mail.con", "john@mail.com"),
            ("John@GMIAL.COM", "john@gmail.com"),
        ];
        for (input, want) in cases {
            let plain = validate_email(input, &EmailOptions { fix_typos: false });
            assert!(plain.valid, "{input}");
            assert_eq!(plain.suggestion.as_deref(), Some(want), "{input}");
            assert_ne!(plain.normalized.as_deref(), Some(want), "{input}");
            let fixed = validate_email(input, &EmailOptions { fix_typos: true });
            assert!(fixed.valid, "{input}");
            assert_eq!(fixed.normalized.as_deref(), Some(want), "{input}");
            assert_eq!(fixed.codes(), vec!["email.domain_typo"], "{input}");
            assert!(fixed.issues[0].en.contains("corrected"), "{input}");
        }
    }

    #[test]
    fn repairs_are_suggested_for_invalid_addresses() {
        let cases = [
            ("john@gmail,com", "john@gmail.com"),
            ("john@gmailcom", "john@gmail.com"),
            ("john@qqcom", "john@qq.com"),
            ("john@example.com.", "john@example.com"),
            ("john@example..com", "john@example.com"),
            ("john@ gmail.com", "john@gmail.com"),
            ("john @ gmial.com", "john@gmail.com"),
            ("john@gmail,con", "john@gmail.com"),
        ];
        for (input, want) in cases {
            let v = validate_email(input, &EmailOptions::default());
            assert!(!v.valid, "{input}");
            assert_eq!(v.suggestion.as_deref(), Some(want), "{input}");
        }
        // No suggestion when the repair does not help.
        let v = validate_email("john@exa!mple.com", &EmailOptions::default());
        assert_eq!(v.suggestion, None);
    }

    #[test]
    fn the_typo_cache_gives_the_answers_of_the_search() {
        for d in ["gmial.com", "acme.com", "qq.con", "gmail.com", "gmial.com", "acme.com", "qq.con"] {
            // The second time from the cache: the same answer.
            assert_eq!(domain_typo(d), find_domain_typo(d), "{d}");
        }
        assert_eq!(domain_typo("gmial.com"), Some("gmail.com"));
        assert_eq!(domain_typo("qq.con"), Some("qq.com"));
        assert_eq!(domain_typo("acme.com"), None);
    }

    #[test]
    fn popular_and_real_domains_are_never_corrected() {
        for d in POPULAR.iter().chain(REAL) {
            assert_eq!(domain_typo(d), None, "{d}");
            let v = validate_email(&format!("x@{d}"), &EmailOptions { fix_typos: true });
            assert!(v.valid && v.issues.is_empty(), "{d}: {:?}", v.codes());
        }
    }

    #[test]
    fn whole_address_length_limit() {
        let label = "a".repeat(60);
        let domain = format!("{label}.{label}.{label}.{label}.com"); // 247
        let ok = format!("abcdef@{domain}"); // 254
        assert!(validate_email(&ok, &EmailOptions::default()).valid);
        let long = format!("abcdefgh@{domain}"); // 256
        assert_eq!(validate_email(&long, &EmailOptions::default()).codes(), vec!["email.too_long"]);
    }

    /// Reference: optimal-string-alignment (restricted Damerau-Levenshtein) distance of
    /// two short ASCII strings, without allocating: three rolling rows on the
    /// stack. Strings longer than 31 bytes get `u8::MAX`.
    fn osa_distance(a: &[u8], b: &[u8]) -> u8 {
        const N: usize = 32;
        if a.len() >= N || b.len() >= N {
            return u8::MAX;
        }
        let mut before = [0u8; N]; // row i - 2
        let mut prev = [0u8; N]; // row i - 1
        let mut cur = [0u8; N]; // row i
        for (j, cell) in prev.iter_mut().enumerate().take(b.len() + 1) {
            *cell = j as u8;
        }
        for i in 1..=a.len() {
            cur[0] = i as u8;
            for j in 1..=b.len() {
                let cost = u8::from(a[i - 1] != b[j - 1]);
                let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(before[j - 2] + 1);
                }
                cur[j] = v;
            }
            before = prev;
            prev = cur;
        }
        prev[b.len()]
    }

    #[test]
    fn edit_distance() {
        assert_eq!(osa_distance(b"gmail", b"gmial"), 1);
        assert_eq!(osa_distance(b"gmail", b"gmx"), 3);
        assert_eq!(osa_distance(b"", b"abc"), 3);
        assert_eq!(osa_distance(b"ca", b"abc"), 3);
        assert_eq!(osa_within(b"gmail", b"gmial", 2), Some(1));
        assert_eq!(osa_within(b"gmail", b"gmx", 2), None);
        assert_eq!(osa_within(b"ca", b"abc", 2), None);
        assert_eq!(osa_within(b"abc", b"abc", 0), Some(0));
        // The bounded search agrees with the full dynamic programme on every
        // pair of short strings over a small alphabet.
        let alphabet = b"abc";
        let mut words: Vec<Vec<u8>> = vec![Vec::new()];
        for len in 1..=4 {
            let mut w = vec![0usize; len];
            loop {
                words.push(w.iter().map(|&i| alphabet[i]).collect());
                let Some(pos) = w.iter().rposition(|&i| i + 1 < alphabet.len()) else { break };
                w[pos] += 1;
                for x in &mut w[pos + 1..] {
                    *x = 0;
                }
            }
        }
        for a in &words {
            for b in &words {
                let full = osa_distance(a, b);
                for k in 0..=2u8 {
                    let want = (full <= k).then_some(full);
                    assert_eq!(osa_within(a, b, k), want, "{a:?} {b:?} k={k}");
                }
            }
        }
        assert!(is_transposition(b"sian", b"sina"));
        assert!(!is_transposition(b"sina", b"sina"));
        assert!(!is_transposition(b"sino", b"sina"));
    }

    #[test]
    fn never_panics_on_odd_input() {
        let odd = ["@@", "<", ">", "<>", "\"", "\"\"", "\"\\", "a@[", "a@[]", "a@]", "mailto", "a@.", "a@..", "a@。",
            "a@-", "a@xn--", "é@é", "a@\u{0301}.com", "a@b.c\u{0301}", "\u{FEFF}", "a@\u{10FFFF}.com"];
        for s in odd {
            let _ = validate_email(s, &EmailOptions::default());
            let _ = validate_email(s, &EmailOptions { fix_typos: true });
        }
        let long = "é".repeat(500);
        let _ = validate_email(&format!("a@{long}.com"), &EmailOptions::default());
    }
}
