//! Anonymization through the command line, run as a real process: the key
//! (in hex, base64 or raw) never appears in any file the CLI writes, the
//! same key gives the same tokens, and a missing key is a clear error.

#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use base64::Engine as _;

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_crm-cleaner"));
    command.env_remove("CRM_CLEANER_KEY").env_remove("CRM_CLEANER_PASSPHRASE");
    command
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("crm-cleaner-anon-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A CRM export of `rows` people, with a few bad values so the issue and change logs have entries.
fn customers(rows: usize) -> String {
    let mut csv = String::from("id,name,email,phone,city,birthday,signup,gender\n");
    let surnames = ["张", "李", "王", "刘", "陈"];
    for i in 0..rows {
        let email = if i % 17 == 0 { format!("user{i}@gmial.com") } else { format!("User{i}@Example.com") };
        let phone = if i % 23 == 0 { "12345".to_string() } else { format!("138{:08}", 10_000_000 + i * 7919) };
        csv.push_str(&format!(
            "{i},{}{},{email}, {phone},{},19{:02}-0{}-1{},2024-0{}-0{},{}\n",
            surnames[i % 5],
            ["伟", "芳", "娜"][i % 3],
            ["Beijing", "Shanghai", "Shenzhen"][i % 3],
            60 + i % 40,
            1 + i % 9,
            i % 10,
            1 + i % 9,
            1 + i % 9,
            ["M", "F"][i % 2],
        ));
    }
    csv
}

const PROFILE: &str = r#"{
  "validate": {"default_region": "CN"},
  "columns": [
    {"name": "email", "type": "email"}, {"name": "phone", "type": "mobile"},
    {"name": "birthday", "type": "date"}, {"name": "signup", "type": "date"}
  ],
  "anonymize": {
    "columns": {
      "id": {"transform": "pseudonym", "prefix": "cust_"},
      "name": {"transform": "fake"},
      "email": {"transform": "pseudonym", "length": 24},
      "phone": {"transform": "mask", "keep_last": 4},
      "birthday": {"transform": "generalize", "to": "year"},
      "signup": {"transform": "date_shift"}
    },
    "date_shift": {"person": "id"},
    "quasi_identifiers": ["city", "birthday", "gender"],
    "k": 3,
    "enforce_k": "suppress"
  }
}"#;

/// Runs `clean` writing every output into `dir`; returns the process output.
fn clean(dir: &Path, extra: &[&str], env: Option<(&str, &str)>) -> Output {
    let mut command = bin();
    command.arg("clean").arg(dir.join("in.csv")).arg("--profile").arg(dir.join("profile.json"));
    for (flag, file) in [("--out", "out.csv"), ("--rejected", "rejected.csv"), ("--issues", "issues.csv")] {
        command.arg(flag).arg(dir.join(file));
    }
    command.arg("--changes").arg(dir.join("changes.csv")).arg("--report").arg(dir.join("report.json"));
    command.args(extra);
    if let Some((name, value)) = env {
        command.env(name, value);
    }
    command.output().unwrap()
}

fn setup(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::write(dir.join("in.csv"), customers(300)).unwrap();
    std::fs::write(dir.join("profile.json"), PROFILE).unwrap();
    dir
}

fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    ["out.csv", "rejected.csv", "issues.csv", "changes.csv", "report.json"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(dir.join(f)).unwrap()))
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_key_never_appears_in_any_output() {
    let dir = setup("leak");
    let raw: Vec<u8> = (0..32u8).map(|b| b.wrapping_mul(37).wrapping_add(11)).collect();
    let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    let b64 = base64::engine::general_purpose::STANDARD.encode(&raw);
    std::fs::write(dir.join("key.hex"), format!("{hex}\n")).unwrap();
    std::fs::write(dir.join("key.raw"), &raw).unwrap();

    let key_file = dir.join("key.hex");
    let out = clean(&dir, &["--key-file", key_file.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let by_hex = outputs(&dir);

    let key_file = dir.join("key.raw");
    let out = clean(&dir, &["--key-file", key_file.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let by_raw = outputs(&dir);

    let out = clean(&dir, &[], Some(("CRM_CLEANER_KEY", &b64)));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let by_env = outputs(&dir);

    assert_eq!(by_hex[0], by_raw[0], "the same key in another form gives the same output");
    assert_eq!(by_hex[0], by_env[0]);
    let needles = [hex.as_bytes().to_vec(), hex.to_uppercase().into_bytes(), b64.into_bytes(), raw.clone(), raw[..8].to_vec()];
    for (file, bytes) in by_hex.iter().chain(&by_raw).chain(&by_env) {
        assert!(!bytes.is_empty(), "{file} was written");
        for needle in &needles {
            assert!(!contains(bytes, needle), "{file} holds the key");
        }
        for stderr in [&out.stderr, &out.stdout] {
            assert!(!contains(stderr, hex.as_bytes()));
        }
    }
}

#[test]
fn outputs_carry_tokens_not_originals_and_rows_are_conserved() {
    let dir = setup("tokens");
    std::fs::write(dir.join("key"), "ab".repeat(32)).unwrap();
    let key_file = dir.join("key");
    let out = clean(&dir, &["--key-file", key_file.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let files = outputs(&dir);
    let all: String = files.iter().map(|(_, b)| String::from_utf8_lossy(b).into_owned()).collect();
    for original in ["User1@Example.com", "user17@gmial.com", "13810007919", "1961-02-12", "张芳"] {
        assert!(!all.contains(original), "{original} leaked");
    }
    let cleaned = String::from_utf8_lossy(&files[0].1).into_owned();
    assert!(cleaned.contains("cust_"), "{cleaned}");
    assert!(cleaned.contains("****"), "masked phones");
    let report: serde_json::Value = serde_json::from_slice(&files[4].1).unwrap();
    let (rows_in, rows_out, rejected) = (report["rows_in"].as_u64(), report["rows_out"].as_u64(), report["rows_rejected"].as_u64());
    assert_eq!(rows_in, Some(300));
    let merged = report["rows_merged"].as_u64().unwrap_or(0);
    assert_eq!(rows_in.unwrap(), rows_out.unwrap() + merged + rejected.unwrap());
    let risk = &report["anonymization"]["risk"];
    assert!(risk["after"]["k"].as_u64().unwrap() >= 3, "{risk}");
    let suppressed = risk["rows_suppressed"].as_u64().unwrap();
    let rejected_csv = String::from_utf8_lossy(&files[1].1).into_owned();
    assert_eq!(rejected_csv.matches("anonymize.k_suppressed").count() as u64, suppressed);
}

#[test]
fn a_keyed_transform_without_a_key_is_a_clear_error() {
    let dir = setup("nokey");
    let out = clean(&dir, &[], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("need a key") && stderr.contains("keygen"), "{stderr}");
    assert!(!dir.join("out.csv").exists(), "nothing is written without the key");
}

#[test]
fn unkeyed_hashes_are_refused() {
    let dir = setup("hash");
    std::fs::write(dir.join("profile.json"), r#"{"anonymize": {"columns": {"phone": {"transform": "sha256"}}}}"#)
        .unwrap();
    let out = clean(&dir, &[], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pseudonym"));
}

#[test]
fn keygen_writes_a_new_key_and_never_overwrites() {
    let dir = scratch("keygen");
    let path = dir.join("key");
    let out = bin().args(["keygen", "--out"]).arg(&path).output().unwrap();
    assert!(out.status.success());
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.trim().len(), 64);
    assert!(text.trim().chars().all(|c| c.is_ascii_hexdigit()));
    let again = bin().args(["keygen", "--out"]).arg(&path).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "the first key is kept");
    let other = bin().arg("keygen").output().unwrap();
    assert_ne!(String::from_utf8_lossy(&other.stdout).trim(), text.trim());
    let salt = bin().args(["keygen", "--salt"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&salt.stdout).trim().len(), 32);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn a_passphrase_and_the_profiles_salt_give_a_key() {
    let dir = setup("passphrase");
    let profile = PROFILE.replacen("\"anonymize\": {", "\"anonymize\": {\"salt\": \"00112233445566778899aabbccddeeff\",", 1);
    std::fs::write(dir.join("profile.json"), profile).unwrap();
    let out = clean(&dir, &[], Some(("CRM_CLEANER_PASSPHRASE", "correct horse battery staple")));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let first = std::fs::read(dir.join("out.csv")).unwrap();
    let out = clean(&dir, &[], Some(("CRM_CLEANER_PASSPHRASE", "correct horse battery staple")));
    assert!(out.status.success());
    assert_eq!(std::fs::read(dir.join("out.csv")).unwrap(), first);
}
