//! The anonymization key through the wasm binding, in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown --test anonymize_wasm` with
//! the runner `make test-wasm` sets up): `setKey`, `deriveKey`, and the
//! error when a keyed transform has no key.

#![cfg(target_arch = "wasm32")]

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PROFILE: &str = r#"{"columns": [{"name": "email", "type": "email"}],
    "anonymize": {"columns": {"email": {"transform": "pseudonym", "prefix": "cust_"}},
                  "salt": "00112233445566778899aabbccddeeff"}}"#;

async fn clean(key: Option<&[u8]>) -> Result<String, String> {
    let profile = js_sys::JSON::parse(PROFILE).unwrap();
    let mut cleaner = crm_cleaner::wasm::Cleaner::new(profile, None).unwrap();
    if let Some(key) = key {
        cleaner.set_key(key).map_err(|e| format!("{:?}", JsValue::from(e)))?;
    }
    cleaner.push(b"email\nZhang@QQ.com\n").unwrap();
    let result = cleaner.finish().map_err(|e| {
        let e = JsValue::from(e);
        Reflect::get(&e, &"message".into()).unwrap().as_string().unwrap()
    })?;
    let blob: web_sys::Blob = Reflect::get(&result, &"cleaned".into()).unwrap().dyn_into().unwrap();
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await.unwrap();
    Ok(String::from_utf8(Uint8Array::new(&buffer).to_vec()).unwrap())
}

#[wasm_bindgen_test]
async fn set_key_gives_stable_tokens_and_no_key_is_an_error() {
    let a = clean(Some(&[1; 32])).await.unwrap();
    assert!(a.starts_with("email\ncust_") && !a.contains("qq.com"), "{a}");
    assert_eq!(a, clean(Some(&[1; 32])).await.unwrap());
    assert_ne!(a, clean(Some(&[2; 32])).await.unwrap());
    assert!(clean(Some(&[1; 31])).await.is_err(), "a key is 32 bytes");
    let e = clean(None).await.unwrap_err();
    assert!(e.contains("need a key"), "{e}");
}

#[wasm_bindgen_test]
async fn derived_keys_are_repeatable() {
    let salt = "00112233445566778899aabbccddeeff";
    let key = crm_cleaner::wasm::derive_key("correct horse battery staple", salt).unwrap();
    assert_eq!(key.len(), 32);
    assert_eq!(key, crm_cleaner::wasm::derive_key("correct horse battery staple", salt).unwrap());
    assert!(crm_cleaner::wasm::derive_key("short", salt).is_err());
    assert!(clean(Some(&key)).await.unwrap().contains("cust_"));
}
