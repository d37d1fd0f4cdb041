//! The wasm binding, run in headless Chromium by wasm-bindgen-test
//! (`make test-wasm`): the same core behind the JS API the page uses.

#![cfg(target_arch = "wasm32")]

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap()
}

#[wasm_bindgen_test]
fn cleans_chunks_pushed_from_js() {
    let mut cleaner = crm_cleaner::wasm::Cleaner::new(JsValue::UNDEFINED, None).unwrap();
    let text = " 名字 ,city\n 张伟 ,Paris \n";
    for chunk in text.as_bytes().chunks(3) {
        cleaner.push(chunk).unwrap();
    }
    let result = cleaner.finish().unwrap();
    let summary = get(&result, "summary");
    assert_eq!(get(&summary, "rows_in").as_f64(), Some(1.0));
    assert_eq!(get(&summary, "cells_changed").as_f64(), Some(2.0));
    let cleaned = Uint8Array::new(&get(&result, "cleaned")).to_vec();
    assert_eq!(cleaned, "\u{FEFF}名字,city\n张伟,Paris\n".as_bytes());
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
fn a_full_profile_object_and_a_table_schema_are_both_accepted() {
    let profile = js_sys::JSON::parse(
        r#"{"version":1,"validate":{"default_region":"CN","stale_after_months":12},"columns":[{"name":"m","type":"mobile","required":true}]}"#,
    )
    .unwrap();
    let mut cleaner = crm_cleaner::wasm::Cleaner::new(profile, None).unwrap();
    cleaner.push("m\n138 0013 8000\n".as_bytes()).unwrap();
    let result = cleaner.finish().unwrap();
    let cleaned = Uint8Array::new(&get(&result, "cleaned")).to_vec();
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
