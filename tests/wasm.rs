//! The wasm binding, run in headless Chromium by wasm-bindgen-test
//! (`make test-wasm`): the same core behind the JS API the page uses.

#![cfg(target_arch = "wasm32")]

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap()
}

/// The bytes of one of `finish`'s files (a `Blob`).
async fn file(result: &JsValue, key: &str) -> Vec<u8> {
    let blob: web_sys::Blob = get(result, key).dyn_into().unwrap();
    assert_eq!(blob.type_(), "text/csv;charset=utf-8");
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await.unwrap();
    Uint8Array::new(&buffer).to_vec()
}

#[wasm_bindgen_test]
async fn cleans_chunks_pushed_from_js() {
    let mut cleaner = crm_cleaner::wasm::Cleaner::new(JsValue::UNDEFINED, None).unwrap();
    let text = " 名字 ,city\n 张伟 ,Paris \n";
    for chunk in text.as_bytes().chunks(3) {
        cleaner.push(chunk).unwrap();
    }
    let result = cleaner.finish().unwrap();
    let summary = get(&result, "summary");
    assert_eq!(get(&summary, "rows_in").as_f64(), Some(1.0));
    assert_eq!(get(&summary, "cells_changed").as_f64(), Some(2.0));
    let cleaned = file(&result, "cleaned").await;
    assert_eq!(cleaned, "\u{FEFF}名字,city\n张伟,Paris\n".as_bytes());
    assert_eq!(get(&result, "bom").as_bool(), Some(true));
}

#[wasm_bindgen_test]
async fn outputs_larger_than_a_blob_part_come_back_whole() {
    // About 6 MB of cleaned CSV: more than one 4 MiB part of the Blob writer.
    let mut text = String::from("email,city\n");
    for i in 0..200_000 {
        text.push_str(&format!("user{i}@example.com , Paris {i}\n"));
    }
    text.push_str("broken,Lyon\n");
    let profile = js_sys::JSON::parse(r#"{"output":{"bom":"never"},"dedupe":{"enabled":false}}"#).unwrap();
    let mut cleaner = crm_cleaner::wasm::Cleaner::new(profile, None).unwrap();
    for chunk in text.as_bytes().chunks(1 << 20) {
        cleaner.push(chunk).unwrap();
    }
    let result = cleaner.finish().unwrap();
    let cleaned = String::from_utf8(file(&result, "cleaned").await).unwrap();
    let want: String = text.lines().map(|l| l.replace(" , ", ",") + "\n").collect();
    assert!(cleaned.len() > 5_000_000);
    assert_eq!(cleaned, want);
    assert_eq!(get(&result, "bom").as_bool(), Some(false));
    let changes = String::from_utf8(file(&result, "changes").await).unwrap();
    assert_eq!(changes.lines().count(), 1 + 2 * 200_000, "a header and both cells of every row trimmed");
    let kinds = get(&result, "issue_kinds");
    let missing_at = get(&kinds, "email.missing_at");
    assert_eq!(get(&missing_at, "severity").as_string().as_deref(), Some("error"));
    assert!(get(&missing_at, "example_zh").as_string().unwrap().contains('@'));
    let issues = String::from_utf8(file(&result, "issues").await).unwrap();
    assert!(issues.lines().nth(1).unwrap().contains("email.missing_at"), "{issues}");
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_not_a_panic() {
    let mut cleaner = crm_cleaner::wasm::Cleaner::new(JsValue::UNDEFINED, None).unwrap();
    let err = cleaner.finish().err().map(JsValue::from).unwrap();
    let message = get(&err, "message").as_string().unwrap();
    assert_eq!(message, "the file is empty");

    let mut cleaner = crm_cleaner::wasm::Cleaner::new(JsValue::UNDEFINED, None).unwrap();
    let err = cleaner.push(b"\x89PNG\r\n\x1a\n").and_then(|()| cleaner.finish().map(|_| ())).err().map(JsValue::from).unwrap();
    assert!(get(&err, "message").as_string().unwrap().contains("PNG"));
}

#[wasm_bindgen_test]
fn a_bad_profile_is_refused_with_its_reason() {
    let profile = js_sys::JSON::parse(r#"{"version": 7}"#).unwrap();
    let err = crm_cleaner::wasm::Cleaner::new(profile, None).err().map(JsValue::from).unwrap();
    let message = get(&err, "message").as_string().unwrap();
    assert!(message.contains("version 7"), "{message}");
}

#[wasm_bindgen_test]
fn progress_callback_is_called_during_cleaning() {
    let stages = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let seen = stages.clone();
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |p: JsValue| {
        let stage = get(&p, "stage").as_string().unwrap();
        if seen.borrow().last() != Some(&stage) {
            seen.borrow_mut().push(stage);
        }
    });
    let function: js_sys::Function = callback.as_ref().clone().into();
    let mut cleaner = crm_cleaner::wasm::Cleaner::new(JsValue::UNDEFINED, Some(function)).unwrap();
    cleaner.push(b"a\n x \n").unwrap();
    cleaner.finish().unwrap();
    // Validation reports every 32,768 rows, so a one-row file shows only the stage starts.
    assert_eq!(*stages.borrow(), ["infer", "dedupe", "dedupe.keys", "report", "write"]);
}

/// The wasm `validate` gives exactly the answers `crm-cleaner check` gives
/// (recorded in `check-expected.jsonl` by `tests/check_agreement.rs`).
#[wasm_bindgen_test]
fn validate_agrees_with_the_cli_check() {
    let corpus = include_str!("data/check-corpus.tsv");
    let expected = include_str!("data/check-expected.jsonl");
    let options = js_sys::JSON::parse(r#"{"region":"CN"}"#).unwrap();
    let mut compared = 0;
    for (entry, line) in corpus.lines().zip(expected.lines()) {
        let (kind, value) = entry.split_once('\t').unwrap();
        let want = js_sys::JSON::parse(line).unwrap();
        let got = crm_cleaner::wasm::validate(kind, value, options.clone()).map_err(JsValue::from).unwrap();
        let codes: Vec<String> = js_sys::Array::from(&get(&got, "issues"))
            .iter()
            .map(|issue| get(&issue, "code").as_string().unwrap())
            .collect();
        let want_codes: Vec<String> =
            js_sys::Array::from(&get(&want, "issues")).iter().map(|c| c.as_string().unwrap()).collect();
        assert_eq!(codes, want_codes, "{kind} {value:?}");
        for key in ["valid", "normalized", "suggestion"] {
            let (a, b) = (get(&got, key), get(&want, key));
            let same = a == b || (a.is_null() || a.is_undefined()) && (b.is_null() || b.is_undefined());
            assert!(same, "{kind} {value:?} {key}: {a:?} vs {b:?}");
        }
        compared += 1;
    }
    assert_eq!(compared, corpus.lines().count());
}

#[wasm_bindgen_test]
async fn a_full_profile_object_and_a_table_schema_are_both_accepted() {
    let profile = js_sys::JSON::parse(
        r#"{"version":1,"validate":{"default_region":"CN","stale_after_months":12},"columns":[{"name":"m","type":"mobile","required":true}]}"#,
    )
    .unwrap();
    let mut cleaner = crm_cleaner::wasm::Cleaner::new(profile, None).unwrap();
    cleaner.push("m\n138 0013 8000\n".as_bytes()).unwrap();
    let result = cleaner.finish().unwrap();
    let cleaned = file(&result, "cleaned").await;
    assert_eq!(cleaned, b"m\n+8613800138000\n");

    let schema = js_sys::JSON::parse(r#"{"fields":[{"name":"e","type":"string","format":"email"}]}"#).unwrap();
    let mut cleaner = crm_cleaner::wasm::Cleaner::new(schema, None).unwrap();
    cleaner.push(b"e\nbad\n").unwrap();
    let result = cleaner.finish().unwrap();
    let summary = get(&result, "summary");
    assert_eq!(get(&summary, "issue_errors").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
fn check_profile_fills_defaults_and_names_unknown_keys() {
    let ok = crm_cleaner::wasm::check_profile(js_sys::JSON::parse(r#"{"validate":{"default_region":"CN"}}"#).unwrap())
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(get(&get(&ok, "validate"), "default_region").as_string().as_deref(), Some("CN"));
    assert_eq!(get(&ok, "version").as_f64(), Some(1.0));
    let err = crm_cleaner::wasm::check_profile(js_sys::JSON::parse(r#"{"bogus":1}"#).unwrap()).err().map(JsValue::from).unwrap();
    assert!(get(&err, "message").as_string().unwrap().contains("bogus"));
    let err = crm_cleaner::wasm::validate("email", "a@b.com", js_sys::JSON::parse(r#"{"regoin":"CN"}"#).unwrap())
        .err()
        .map(JsValue::from)
        .unwrap();
    assert!(get(&err, "message").as_string().unwrap().contains("regoin"));
}

/// A Cleaner over `text` with `profile` (JSON).
fn cleaner_of(text: &str, profile: &str) -> crm_cleaner::wasm::Cleaner {
    let mut cleaner = crm_cleaner::wasm::Cleaner::new(js_sys::JSON::parse(profile).unwrap(), None).unwrap();
    cleaner.push(text.as_bytes()).unwrap();
    cleaner
}

#[wasm_bindgen_test]
async fn two_cleaners_validating_parts_write_what_one_writes() {
    let mut text = String::from("name,email,mobile,country,created_at,notes\n");
    for i in 0..3000 {
        let mobile = ["13800138000", "+1 415 555 0100", "12345", ""][i % 4];
        let country = ["CN", "USA", "中国", ""][i % 4];
        let date = ["2024/1/5", "05/01/2024", "2019-02-30", "Jan 5, 2024"][i % 4];
        text.push_str(&format!(" Ann {i} ,ANN{i}@Gmial.com,{mobile},{country},{date},\"note, {i}\"\n"));
    }
    let profile = r#"{"version": 1, "dedupe": {"enabled": false}}"#;
    let whole = cleaner_of(&text, profile).finish().unwrap();
    let bytes = cleaner_of(&text, profile).validate_part(1, 2).unwrap();
    assert!(bytes.len() > 10_000, "the helper's part holds its columns and logs");
    let mut main = cleaner_of(&text, profile);
    main.start_part(0, 2).unwrap();
    assert!(main.add_part(&bytes[..bytes.len() / 2]).is_err(), "a part cut short is refused");
    main.add_part(&bytes).unwrap();
    let split = main.finish().unwrap();
    for name in ["cleaned", "issues", "changes", "rejected"] {
        assert_eq!(file(&split, name).await, file(&whole, name).await, "{name}");
    }
    assert!(file(&whole, "changes").await.len() > 100_000);
}

#[wasm_bindgen_test]
async fn two_cleaners_reading_halves_hold_what_one_reads() {
    let mut text = String::from("name,email,mobile,city,notes\n");
    for i in 0..3000 {
        let note = ["\"two\nlines\"", "plain", "\"say \"\"hi\"\"\"", ""][i % 4];
        text.push_str(&format!("张伟{i},zw{i}@qq.com,1380013{:04},北京市朝阳区,{note}\n", i % 10_000));
    }
    let (bytes, profile) = (text.as_bytes(), r#"{"version": 1, "dedupe": {"enabled": false}}"#);
    let whole = cleaner_of(&text, profile).finish().unwrap();
    let new = || crm_cleaner::wasm::Cleaner::new(js_sys::JSON::parse(profile).unwrap(), None).unwrap();
    let (start, middle) = (&bytes[..bytes.len().min(1 << 20)], bytes.len() / 2);
    let mut helper = new();
    let at = middle + helper.second_half_start(start, &bytes[middle..]).unwrap().unwrap() as usize;
    assert!(helper.resume_from(start).unwrap());
    helper.push(&bytes[at..]).unwrap();
    let tail = helper.encode_tail().unwrap();
    let mut main = new();
    main.push(&bytes[..at]).unwrap();
    assert!(main.at_record_start(), "the second half starts where a record starts");
    let head = main.encode_head().unwrap();
    assert!(main.join_tail(tail.slice(0, tail.length() / 2)).is_err(), "a half cut short is refused");
    main.join_tail(tail).unwrap();
    helper.join_head(head).unwrap();
    let (main, helper) = (main.finish().unwrap(), helper.finish().unwrap());
    for name in ["cleaned", "issues", "changes", "rejected"] {
        let expected = file(&whole, name).await;
        assert_eq!(file(&main, name).await, expected, "main worker: {name}");
        assert_eq!(file(&helper, name).await, expected, "helper: {name}");
    }
}
