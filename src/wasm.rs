//! The browser binding: exposes the core to JavaScript with wasm-bindgen.
//!
//! Deliberately thin: it converts JS values to core types and back, and turns
//! core errors into JS `Error`s. A panic (a bug, never bad input) is printed
//! to the console by `console_error_panic_hook`; the page then replaces the
//! worker, because a wasm instance that trapped cannot be trusted again.
//!
//! ```js
//! const cleaner = new Cleaner(profile, ({ stage, done, total }) => ...);
//! for await (const chunk of file.stream()) cleaner.push(chunk);
//! const { summary, cleaned } = cleaner.finish(); // cleaned: Blob (text/csv)
//! ```
//!
//! Profiles that pseudonymize, fake or shift dates need a key first:
//! `cleaner.setKey(crypto.getRandomValues(new Uint8Array(32)))` or
//! `cleaner.setKey(deriveKey(passphrase, profile.anonymize.salt))`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

#[cfg(feature = "batch")]
use crate::pipeline::{clean_on, Progress, Validation};
use crate::profile::{ColumnType, Profile};
#[cfg(feature = "batch")]
use crate::read::Reader;
#[cfg(feature = "batch")]
use crate::validate::column::Context;
use crate::validate::column::{validate_input, value_options};

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// The crate version, for the page's footer and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("could not pass the result to JavaScript: {e}")))
}

#[cfg(feature = "batch")]
fn set(object: &js_sys::Object, key: &str, value: &JsValue) -> Result<(), JsError> {
    js_sys::Reflect::set(object, &key.into(), value).map(|_| ()).map_err(|_| JsError::new("could not build the result object"))
}

/// Today's date from the browser's clock (the core has none).
fn today() -> (i32, u32, u32) {
    let now = js_sys::Date::new_0();
    (now.get_full_year() as i32, now.get_month() + 1, now.get_date())
}

/// A JS value as JSON, so that serde's `deny_unknown_fields` is honoured.
fn json_value(value: JsValue) -> Result<serde_json::Value, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("not a JSON-like object: {e}")))
}

/// Checks a cleaning profile (or a Frictionless Table Schema) and returns it
/// in the form the core uses, with every default filled in; throws an `Error`
/// naming the problem. Lets a page check a profile the user loads before any
/// file is cleaned.
#[wasm_bindgen(js_name = checkProfile)]
pub fn check_profile(profile: JsValue) -> Result<JsValue, JsError> {
    let profile = Profile::from_value(json_value(profile)?)?;
    profile.check()?;
    to_js(&profile)
}

/// The worksheet names of a spreadsheet (XLSX, XLS, ODS), visible sheets
/// first, for a sheet picker.
#[cfg(feature = "batch")]
#[wasm_bindgen(js_name = sheetNames)]
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, JsError> {
    Ok(crate::read::spreadsheet::sheet_names(bytes)?)
}

/// Derives a 32-byte anonymization key from a passphrase (Argon2id, about
/// 19 MiB and a second or so) and the profile's `anonymize.salt` (hex), for
/// [`Cleaner::set_key`]. The same passphrase and salt give the same key.
#[cfg(feature = "batch")]
#[wasm_bindgen(js_name = deriveKey)]
pub fn derive_key(passphrase: &str, salt: &str) -> Result<Vec<u8>, JsError> {
    Ok(crate::anonymize::Key::derive(passphrase, salt)?.to_bytes().to_vec())
}

/// Options for [`validate`], as a plain JS object.
#[derive(serde::Deserialize, Default)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
struct ValidateJsOptions {
    /// Region for phone numbers without a country code; the country for postal codes.
    region: Option<String>,
    /// A whole cleaning profile whose settings apply (region, date order, typo fixing).
    profile: Option<Profile>,
}

/// Validates one value the way the batch cleaner would: `type` is a column
/// type name (`email`, `phone`, `mobile`, `date`, `cn_id`, `postal_code`, ...),
/// `options` is `{ region, profile }` (both optional). Returns
/// `{ valid, normalized, issues: [{ code, severity, en, zh }], suggestion }`.
#[wasm_bindgen]
pub fn validate(kind: &str, value: &str, options: JsValue) -> Result<JsValue, JsError> {
    let kind = ColumnType::parse(kind).ok_or_else(|| JsError::new(&format!("unknown type {kind:?}")))?;
    let options: ValidateJsOptions = if options.is_undefined() || options.is_null() {
        ValidateJsOptions::default()
    } else {
        // Through serde_json so that `deny_unknown_fields` holds (serde-wasm-bindgen ignores it).
        let value = json_value(options)?;
        serde_json::from_value(value).map_err(|e| JsError::new(&format!("invalid options: {e}")))?
    };
    let profile = options.profile.unwrap_or_default();
    let verdict = validate_input(kind, value, &value_options(&profile, options.region, today()));
    to_js(&verdict)
}

/// Adds deduplication's outputs to `finish`'s result: `duplicates` and
/// `clusters` (CSV as `Blob`s, header only when dedupe was off) and
/// `dedupe`: `null` when off, else `{ review: [{ rows: [a, b], values: [[...],
/// [...]], differing: [column], explanation: { weight, probability, fields:
/// [{ field, level, label, weight }] } }], histogram: { min, max, bin_width,
/// counts }, thresholds: [{ probability, clusters, rows_merged }] }`.
#[cfg(feature = "batch")]
fn write_dedupe(
    result: &js_sys::Object,
    cleaned: &crate::Cleaned,
    output: &crate::profile::OutputOptions,
    rows: u64,
    report: &mut dyn FnMut(Progress),
) -> Result<(), JsError> {
    // Rough line lengths, for the progress bar only: a merged-away row with
    // all its columns; a clusters line (row, cluster, flags, score, keys).
    let duplicate_bytes = cleaned.summary.rows_merged * 200;
    let cluster_bytes = (cleaned.table.rows() as u64 + cleaned.summary.rows_merged) * 40;
    let share = |from: f64, to: f64, expected: u64| ProgressShare { from, to, expected: expected.max(1), rows };
    emit(result, "duplicates", |out| {
        cleaned.write_duplicates(output, ProgressWriter::new(out, share(0.93, 0.935, duplicate_bytes), report))
    })?;
    emit(result, "clusters", |out| {
        cleaned.write_clusters(output, ProgressWriter::new(out, share(0.935, 0.94, cluster_bytes), report))
    })?;
    report(Progress { stage: "write", done: (rows as f64 * 0.94) as u64, total: rows });
    let dedupe = cleaned.dedupe.as_ref().map(|d| {
        serde_json::json!({ "review": d.review, "histogram": d.histogram, "thresholds": d.thresholds })
    });
    set(result, "dedupe", &to_js(&dedupe)?)
}

/// One cleaning run: build it from a profile, `push` the file's bytes, `finish`.
#[cfg(feature = "batch")]
#[wasm_bindgen]
pub struct Cleaner {
    profile: Profile,
    reader: Option<Reader>,
    on_progress: Option<js_sys::Function>,
    /// A run whose columns are validated in parts (see `startPart`), until `finish`.
    validation: Option<Validation>,
    /// The finished run, kept for the grid (see the `impl` at the end).
    kept: Option<(crate::pipeline::Cleaned, crate::grid::Review)>,
}

#[cfg(feature = "batch")]
#[wasm_bindgen]
impl Cleaner {
    /// `profile` is a cleaning profile as a plain object (or `undefined` for
    /// the defaults); `onProgress`, if given, is called with
    /// `{ stage, done, total }` while the cleaning stages run.
    #[wasm_bindgen(constructor)]
    pub fn new(profile: JsValue, on_progress: Option<js_sys::Function>) -> Result<Cleaner, JsError> {
        let profile: Profile = if profile.is_undefined() || profile.is_null() {
            Profile::default()
        } else {
            Profile::from_value(json_value(profile)?)?
        };
        profile.check()?;
        let reader = Reader::new(profile.input.read_options()?);
        Ok(Cleaner { profile, reader: Some(reader), on_progress, validation: None, kept: None })
    }

    /// Sets the anonymization key for pseudonyms, fakes and date shifts: 32
    /// bytes, from `crypto.getRandomValues(new Uint8Array(32))` or
    /// [`derive_key`]. It is kept in this cleaner only, never in any output.
    #[wasm_bindgen(js_name = setKey)]
    pub fn set_key(&mut self, key: &[u8]) -> Result<(), JsError> {
        self.profile.anonymize.key = Some(crate::anonymize::Key::from_bytes(key)?);
        Ok(())
    }

    /// Feeds the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        let reader = self.reader.as_mut().ok_or(crate::Error::Finished)?;
        Ok(reader.push(chunk)?)
    }

    /// Tells the reader the file's size (`File.size`) so the table can
    /// reserve room once, instead of growing (and copying) its columns by
    /// doubling. Optional; a wrong size never changes the result.
    #[wasm_bindgen(js_name = sizeHint)]
    pub fn size_hint(&mut self, total_bytes: f64) {
        if let Some(reader) = self.reader.as_mut() {
            if total_bytes.is_finite() && total_bytes > 0.0 {
                reader.size_hint(total_bytes as u64);
            }
        }
    }

    /// Bytes pushed so far.
    #[wasm_bindgen(getter, js_name = bytesIn)]
    pub fn bytes_in(&self) -> f64 {
        self.reader.as_ref().map_or(0.0, |r| r.bytes_in() as f64)
    }

    /// Data rows read so far.
    #[wasm_bindgen(getter, js_name = rowsIn)]
    pub fn rows_in(&self) -> f64 {
        self.reader.as_ref().map_or(0.0, |r| r.rows_in() as f64)
    }

    /// Reading a file in two halves in two workers (`src/read/halves.rs`),
    /// as the main worker: whether the bytes pushed so far end a record, so
    /// that a helper's reading of the rest can be joined here.
    #[wasm_bindgen(js_name = atRecordStart)]
    pub fn at_record_start(&self) -> bool {
        self.reader.as_ref().is_some_and(Reader::at_record_start)
    }

    /// As the main worker, at a record's end: the rows read so far, as
    /// bytes for the helper's [`Cleaner::join_head`]. Reading goes on here.
    #[wasm_bindgen(js_name = encodeHead)]
    pub fn encode_head(&self) -> Result<js_sys::Uint8Array, JsError> {
        let reader = self.reader.as_ref().ok_or(crate::Error::Finished)?;
        to_js_bytes(|out| reader.encode_head_into(out))
    }

    /// As the main worker: appends the helper's rows of the rest of the
    /// file ([`Cleaner::encode_tail`]), which ends the input. Throws (and
    /// changes nothing) if they do not fit: then push the rest here.
    #[wasm_bindgen(js_name = joinTail)]
    pub fn join_tail(&mut self, bytes: js_sys::Uint8Array) -> Result<(), JsError> {
        Ok(self.reader.as_mut().ok_or(crate::Error::Finished)?.join_tail_from(&mut JsInput::new(bytes))?)
    }

    /// As the helper, before pushing anything: makes this cleaner read the
    /// file from the start of a record in its middle, learning the encoding,
    /// layout and header from `fileStart` (the file's first MiB, or all of
    /// it). False (and nothing changed) when the file cannot be read in halves.
    #[wasm_bindgen(js_name = resumeFrom)]
    pub fn resume_from(&mut self, file_start: &[u8]) -> Result<bool, JsError> {
        let Some(point) = self.probe(file_start)? else { return Ok(false) };
        self.reader = Some(Reader::resume(self.profile.input.read_options()?, point));
        Ok(true)
    }

    /// Where the second half of the file starts for two workers reading it
    /// in halves: the offset in `window` (the file's bytes from about its
    /// middle on) just after the first line break that ends a record, by the
    /// layout `fileStart` (the file's first MiB) shows; `undefined` when the
    /// file cannot be read in halves. Changes nothing in this cleaner.
    #[wasm_bindgen(js_name = secondHalfStart)]
    pub fn second_half_start(&self, file_start: &[u8], window: &[u8]) -> Result<Option<u32>, JsError> {
        let Some(point) = self.probe(file_start)? else { return Ok(None) };
        Ok(crate::read::second_half_start(window, point.dialect()).and_then(|at| u32::try_from(at).ok()))
    }

    /// As the helper, after pushing the rest of the file: its rows as bytes
    /// for the main worker's [`Cleaner::join_tail`]. Throws when they cannot
    /// be joined (see `src/read/halves.rs`).
    #[wasm_bindgen(js_name = encodeTail)]
    pub fn encode_tail(&mut self) -> Result<js_sys::Uint8Array, JsError> {
        let reader = self.reader.as_mut().ok_or(crate::Error::Finished)?;
        reader.end_tail()?;
        to_js_bytes(|out| reader.encode_tail_into(out))
    }

    /// As the helper, after [`Cleaner::encode_tail`]: puts the main worker's
    /// rows ([`Cleaner::encode_head`]) before this cleaner's, which then holds
    /// what reading the whole file gives. Throws (changing nothing) if they do not fit.
    #[wasm_bindgen(js_name = joinHead)]
    pub fn join_head(&mut self, bytes: js_sys::Uint8Array) -> Result<(), JsError> {
        Ok(self.reader.as_mut().ok_or(crate::Error::Finished)?.join_head_from(&mut JsInput::new(bytes))?)
    }

    /// Ends the input and returns only what reading found, without cleaning or
    /// writing: `{ rows_in, rows_rejected, columns, encoding, delimiter, table_bytes }`.
    /// For benchmarks of the reader and for previews.
    #[wasm_bindgen(js_name = finishRead)]
    pub fn finish_read(&mut self) -> Result<JsValue, JsError> {
        let reader = self.reader.take().ok_or(crate::Error::Finished)?;
        let read = reader.finish()?;
        let facts = serde_json::json!({
            "rows_in": read.rows_in,
            "rows_rejected": read.rejected.len(),
            "columns": read.table.width(),
            "format": read.format,
            "encoding": read.encoding,
            "delimiter": char::from(read.dialect.delimiter).to_string(),
            "table_bytes": read.table.heap_bytes(),
        });
        to_js(&facts)
    }

    /// Ends the input, infers the column types and validates the columns of
    /// part `part` of `parts` (`src/validate/split.rs`: every worker that
    /// reads the same file with the same profile splits the columns the same
    /// way); then [`Cleaner::add_part`] takes in the other parts and
    /// [`Cleaner::finish`] validates any columns still missing and runs the
    /// rest. The results are the same as without parts, byte for byte.
    #[wasm_bindgen(js_name = startPart)]
    pub fn start_part(&mut self, part: u32, parts: u32) -> Result<(), JsError> {
        let mut report = reporter(self.on_progress.clone());
        let mut validation = Validation::start(self.take_read()?, &self.profile, &mut report);
        validation.validate_part(part, parts, &Context { today: today() }, &mut report)?;
        self.validation = Some(validation);
        Ok(())
    }

    /// For a helper worker: [`Cleaner::start_part`], then the part's results
    /// as bytes for the main worker's [`Cleaner::add_part`]. This cleaner is
    /// spent afterwards.
    #[wasm_bindgen(js_name = validatePart)]
    pub fn validate_part(&mut self, part: u32, parts: u32) -> Result<Vec<u8>, JsError> {
        self.start_part(part, parts)?;
        let validation = self.validation.take().ok_or(crate::Error::Finished)?;
        Ok(validation.into_part().encode())
    }

    /// Ends the input and infers the column types, for validating the
    /// columns one at a time with another worker (`validateColumn`);
    /// returns the typed columns' indices in the order the two claim them:
    /// the main worker from the front, the helper from the back
    /// (`src/validate/split.rs`, `claim_order`). Both workers get the same
    /// order from the same file and profile.
    #[wasm_bindgen(js_name = startClaims)]
    pub fn start_claims(&mut self) -> Result<Vec<u32>, JsError> {
        let mut report = reporter(self.on_progress.clone());
        let validation = Validation::start(self.take_read()?, &self.profile, &mut report);
        let order = validation.claim_order().columns.into_iter().map(|i| i as u32).collect();
        self.validation = Some(validation);
        Ok(order)
    }

    /// How many columns at the front of `startClaims`'s order only the main
    /// worker may claim (they cost it more to take in than to validate).
    #[wasm_bindgen(js_name = mainOnlyClaims)]
    pub fn main_only_claims(&self) -> Result<u32, JsError> {
        let validation = self.validation.as_ref().ok_or_else(|| JsError::new("mainOnlyClaims needs startClaims first"))?;
        Ok(validation.claim_order().main_only as u32)
    }

    /// Validates the column at table index `index` (from `startClaims`'s
    /// order); `before`: how many columns both workers had claimed before
    /// it, for the progress reports.
    #[wasm_bindgen(js_name = validateColumn)]
    pub fn validate_column(&mut self, index: u32, before: u32) -> Result<(), JsError> {
        let mut report = reporter(self.on_progress.clone());
        let validation = self.validation.as_mut().ok_or_else(|| JsError::new("validateColumn needs startClaims first"))?;
        validation.validate_column(index as usize, before as usize, &Context { today: today() }, &mut report)?;
        Ok(())
    }

    /// For a helper: the columns it validated with `validateColumn`, as bytes
    /// for the main worker's [`Cleaner::add_part`]. This cleaner is spent afterwards.
    #[wasm_bindgen(js_name = takePart)]
    pub fn take_part(&mut self) -> Result<Vec<u8>, JsError> {
        let validation = self.validation.take().ok_or(crate::Error::Finished)?;
        Ok(validation.into_part().encode())
    }

    /// Takes in the bytes of another worker's [`Cleaner::validate_part`].
    /// Throws (and changes nothing) if they do not fit this run: then
    /// `finish` validates those columns here.
    #[wasm_bindgen(js_name = addPart)]
    pub fn add_part(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        let validation = self.validation.as_mut().ok_or_else(|| JsError::new("addPart needs startPart first"))?;
        validation.add_part(crate::validate::split::Part::decode(bytes)?)?;
        Ok(())
    }

    /// Ends the input, runs the cleaning stages and returns `{ summary,
    /// profile, cleaned, rejected, issues, changes, duplicates, clusters,
    /// bom, issue_kinds, dedupe }`: the summary, the profile as run (every
    /// column's type filled in), six CSV files as `Blob`s of type
    /// `text/csv;charset=utf-8` (written part by part, see `BlobWriter`),
    /// whether the cleaned CSV starts with a byte-order mark, the first
    /// issue of each code (`{ code: { severity, example, example_zh } }`),
    /// and `dedupe` (`null` when off):
    /// `{ review, histogram, thresholds }`, the review queue, the histogram
    /// of candidate pairs' match weights, and the clusters at each slider
    /// threshold (see `write_dedupe`).
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        let mut report = reporter(self.on_progress.clone());
        let context = Context { today: today() };
        let mut cleaned = match self.validation.take() {
            Some(validation) => validation.finish(&context, &mut report)?,
            None => clean_on(self.take_read()?, &self.profile, &context, &mut report)?,
        };
        let rows = cleaned.table.rows() as u64;
        report(Progress { stage: "write", done: 0, total: rows });
        let output = &self.profile.output;
        // Progress by bytes written against the bytes expected, in rows: the
        // cleaned CSV is the first half of the stage, the logs most of the rest.
        let expected = cleaned.table.columns().iter().map(|c| c.text_len() as u64 + c.len() as u64).sum::<u64>().max(1);
        let share = |from: f64, to: f64, expected: u64| ProgressShare { from, to, expected: expected.max(1), rows };
        let result = js_sys::Object::new();
        let bom = emit(&result, "cleaned", |out| cleaned.write(output, false, ProgressWriter::new(out, share(0.0, 0.5, expected), &mut report)))?;
        set(&result, "bom", &bom.into())?;
        emit(&result, "rejected", |out| cleaned.write_rejected(output, true, out))?;
        report(Progress { stage: "write", done: rows / 2, total: rows });
        // About 80 bytes an issue line and 60 a change line in the generated benchmark file.
        let issue_bytes = cleaned.issues.len() as u64 * 80;
        emit(&result, "issues", |out| cleaned.write_issues(output, ProgressWriter::new(out, share(0.5, 0.7, issue_bytes), &mut report)))?;
        let change_bytes = cleaned.changes.len() as u64 * 60;
        emit(&result, "changes", |out| cleaned.write_changes(output, ProgressWriter::new(out, share(0.7, 0.93, change_bytes), &mut report)))?;
        report(Progress { stage: "write", done: (rows as f64 * 0.93) as u64, total: rows });
        // After writing: the writers count what they neutralized into the summary.
        set(&result, "summary", &to_js(&cleaned.summary)?)?;
        set(&result, "profile", &to_js(&cleaned.profile)?)?;
        set(&result, "issue_kinds", &to_js(&issue_kinds(&cleaned.issues))?)?;
        write_dedupe(&result, &cleaned, output, rows, &mut report)?;
        report(Progress { stage: "write", done: (rows as f64 * 0.95) as u64, total: rows });
        let review = crate::grid::Review::with_progress(&cleaned, &mut |share| {
            report(Progress { stage: "write", done: (rows as f64 * (0.95 + 0.05 * share)) as u64, total: rows })
        });
        report(Progress { stage: "write", done: rows, total: rows });
        self.kept = Some((cleaned, review));
        Ok(result.into())
    }
}

#[cfg(feature = "batch")]
impl Cleaner {
    /// What reading the file from the middle needs, learnt from its first
    /// bytes as this cleaner's reader would read them; `None` when they do
    /// not decide it or the file cannot be read in halves.
    fn probe(&self, file_start: &[u8]) -> Result<Option<crate::read::ResumePoint>, JsError> {
        let mut probe = Reader::new(self.profile.input.read_options()?);
        Ok(probe.push(file_start).ok().and_then(|()| probe.resume_point()))
    }

    /// Ends the input: what was read.
    fn take_read(&mut self) -> Result<crate::read::ReadOutput, JsError> {
        let reader = self.reader.take().ok_or(crate::Error::Finished)?;
        Ok(reader.finish()?)
    }
}

/// A half of a file read in two workers (`src/read/halves.rs`), about 100
/// MB for the 1M-row file, goes between them as a `Uint8Array` written and
/// read in place, a piece at a time: not built whole in wasm memory and
/// copied out, nor copied in whole before it is read (wasm memory never
/// shrinks, so each whole copy would have stayed in the tab's peak).
#[cfg(feature = "batch")]
enum JsBytes {
    /// Counting the bytes first, for the array's size.
    Count(usize),
    /// Writing them at `at`.
    Array { array: js_sys::Uint8Array, at: u32 },
}

#[cfg(feature = "batch")]
impl crate::codec::Sink for JsBytes {
    fn put(&mut self, bytes: &[u8]) {
        match self {
            JsBytes::Count(n) => *n += bytes.len(),
            JsBytes::Array { array, at } => {
                // Sized by the count of the same writes, so the pieces fit.
                let end = *at + bytes.len() as u32;
                array.subarray(*at, end).copy_from(bytes);
                *at = end;
            }
        }
    }

    fn skip(&mut self, n: usize) -> bool {
        match self {
            JsBytes::Count(count) => {
                *count += n;
                true
            }
            JsBytes::Array { .. } => false,
        }
    }
}

/// What `write` writes, as a new `Uint8Array` (outside wasm memory).
#[cfg(feature = "batch")]
fn to_js_bytes(write: impl Fn(&mut crate::codec::Encoder<JsBytes>) -> crate::Result<()>) -> Result<js_sys::Uint8Array, JsError> {
    use crate::codec::Encoder;
    let mut count = Encoder::new(JsBytes::Count(0));
    write(&mut count)?;
    let JsBytes::Count(size) = count.into_sink() else { return Err(JsError::new("counting failed")) };
    let size = u32::try_from(size).map_err(|_| crate::Error::TooLarge { what: "half of a file", limit: "4 GiB" })?;
    let array = js_sys::Uint8Array::new_with_length(size);
    write(&mut Encoder::new(JsBytes::Array { array: array.clone(), at: 0 }))?;
    Ok(array)
}

/// A `Uint8Array` read in place by [`crate::codec::Input`].
#[cfg(feature = "batch")]
struct JsInput {
    array: js_sys::Uint8Array,
    at: u32,
    len: u32,
}

#[cfg(feature = "batch")]
impl JsInput {
    fn new(array: js_sys::Uint8Array) -> Self {
        let len = array.length();
        JsInput { array, at: 0, len }
    }
}

#[cfg(feature = "batch")]
impl crate::codec::Input for JsInput {
    fn remaining(&self) -> usize {
        (self.len - self.at) as usize
    }

    fn take_into(&mut self, into: &mut [u8]) -> crate::Result<()> {
        if into.len() > self.remaining() {
            return Err(crate::Error::Part("it ends too early".into()));
        }
        let end = self.at + into.len() as u32;
        self.array.subarray(self.at, end).copy_to(into);
        self.at = end;
        Ok(())
    }
}

/// The progress callback of the core's stages, calling `onProgress` with `{ stage, done, total }`.
#[cfg(feature = "batch")]
fn reporter(callback: Option<js_sys::Function>) -> impl FnMut(Progress) {
    move |p: Progress| {
        if let Some(f) = &callback {
            let progress = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&progress, &"stage".into(), &p.stage.into());
            let _ = js_sys::Reflect::set(&progress, &"done".into(), &(p.done as f64).into());
            let _ = js_sys::Reflect::set(&progress, &"total".into(), &(p.total as f64).into());
            let _ = f.call1(&JsValue::NULL, &progress);
        }
    }
}

/// The part of the write stage one output stands for: from `from` to `to`
/// (shares of the stage) as its `expected` bytes are written.
#[cfg(feature = "batch")]
#[derive(Clone, Copy)]
struct ProgressShare {
    from: f64,
    to: f64,
    expected: u64,
    rows: u64,
}

/// Writes one output into a `Blob` set on `result` under `name`, a few MiB
/// at a time (see [`BlobWriter`]); returns whether it starts with a BOM.
#[cfg(feature = "batch")]
fn emit(
    result: &js_sys::Object,
    name: &str,
    write: impl FnOnce(&mut BlobWriter) -> crate::Result<()>,
) -> Result<bool, JsError> {
    let mut out = BlobWriter::new();
    write(&mut out)?;
    let bom = out.starts_with_bom();
    set(result, name, &out.into_blob("text/csv;charset=utf-8")?.into())?;
    Ok(bom)
}

/// Bytes of one part of an output's Blob.
#[cfg(feature = "batch")]
const BLOB_PART_BYTES: usize = 4 << 20;

/// An output written into Blobs of [`BLOB_PART_BYTES`] as it goes, then one
/// Blob of them all. Neither the wasm heap nor the JS heap ever holds a
/// whole output (a million-row file's issues CSV is 180 MB): each part is
/// copied out and its buffer reused, and a Blob's bytes are the browser's to
/// keep (Chromium moves them out of the page's process). Wasm memory never
/// shrinks, so an output built whole in it was a peak the tab kept.
#[cfg(feature = "batch")]
struct BlobWriter {
    parts: js_sys::Array,
    buffer: Vec<u8>,
    bom: bool,
}

#[cfg(feature = "batch")]
impl BlobWriter {
    fn new() -> Self {
        BlobWriter { parts: js_sys::Array::new(), buffer: Vec::new(), bom: false }
    }

    /// Moves the buffered bytes into a Blob part.
    fn flush_part(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        if self.parts.length() == 0 {
            self.bom = self.buffer.starts_with(b"\xEF\xBB\xBF");
        }
        let bytes = js_sys::Array::of1(&js_sys::Uint8Array::from(self.buffer.as_slice()));
        let part = web_sys::Blob::new_with_u8_array_sequence(&bytes)
            .map_err(|_| std::io::Error::other("the browser could not store the output"))?;
        self.parts.push(&part);
        self.buffer.clear();
        Ok(())
    }

    fn starts_with_bom(&self) -> bool {
        if self.parts.length() == 0 {
            self.buffer.starts_with(b"\xEF\xBB\xBF")
        } else {
            self.bom
        }
    }

    /// The whole output as one Blob of type `mime`.
    fn into_blob(mut self, mime: &str) -> Result<web_sys::Blob, JsError> {
        self.flush_part().map_err(|e| JsError::new(&e.to_string()))?;
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        web_sys::Blob::new_with_blob_sequence_and_options(&self.parts, &options)
            .map_err(|_| JsError::new("the browser could not store the output"))
    }
}

#[cfg(feature = "batch")]
impl std::io::Write for BlobWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.buffer.capacity() == 0 {
            self.buffer.reserve_exact(BLOB_PART_BYTES + (64 << 10));
        }
        self.buffer.extend_from_slice(buf);
        if self.buffer.len() >= BLOB_PART_BYTES {
            self.flush_part()?;
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The first issue of each code, for the page's legend: `{ code: {
/// severity, example, example_zh } }` with the first message of the code in
/// English and Chinese (a code has one severity).
#[cfg(feature = "batch")]
fn issue_kinds(issues: &crate::ledger::IssueLog) -> serde_json::Map<String, serde_json::Value> {
    let mut kinds = serde_json::Map::new();
    for issue in issues.iter() {
        if !kinds.contains_key(issue.code) {
            let severity = if issue.severity == crate::validate::Severity::Error { "error" } else { "warning" };
            let kind = serde_json::json!({ "severity": severity, "example": issue.message, "example_zh": issue.message_zh });
            kinds.insert(issue.code.to_string(), kind);
        }
    }
    kinds
}

/// Counts the bytes of an output as they are written, for the write stage's
/// progress: a report every 4 MiB (a few tens of milliseconds in the browser).
#[cfg(feature = "batch")]
struct ProgressWriter<'a, W: std::io::Write> {
    out: W,
    written: u64,
    next: u64,
    share: ProgressShare,
    report: &'a mut dyn FnMut(Progress),
}

#[cfg(feature = "batch")]
impl<'a, W: std::io::Write> ProgressWriter<'a, W> {
    fn new(out: W, share: ProgressShare, report: &'a mut dyn FnMut(Progress)) -> Self {
        ProgressWriter { out, written: 0, next: 0, share, report }
    }
}

#[cfg(feature = "batch")]
impl<W: std::io::Write> std::io::Write for ProgressWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.written += n as u64;
        if self.written >= self.next {
            self.next = self.written + (4 << 20);
            let ProgressShare { from, to, expected, rows } = self.share;
            let part = (self.written as f64 / expected as f64).min(1.0);
            let done = (rows as f64 * (from + (to - from) * part)) as u64;
            (self.report)(Progress { stage: "write", done, total: rows });
        }
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

// ---------------------------------------------------------------- the grid
//
// After `finish`, the cleaned table stays in the Cleaner so the page can show
// any range of rows and edit cells (src/grid.rs):
//
//   cleaner.rowCount                      rows of the cleaned table
//   cleaner.matchRows(code?)              Uint32Array of rows with an issue (of `code`)
//   cleaner.rows(indices: Uint32Array)    [{ row, source_row, cells, issues, changes }]
//   cleaner.edit(row, column, value)      { valid, row: { ...as rows() } }
//   cleaner.export()                      { summary, cleaned, issues, changes } with the edits

#[cfg(feature = "batch")]
#[wasm_bindgen]
impl Cleaner {
    fn kept(&self) -> Result<&(crate::pipeline::Cleaned, crate::grid::Review), JsError> {
        self.kept.as_ref().ok_or_else(|| JsError::new("no finished run to show: call finish() first"))
    }

    /// Rows of the cleaned table (0 before `finish`).
    #[wasm_bindgen(getter, js_name = rowCount)]
    pub fn row_count(&self) -> u32 {
        self.kept.as_ref().map_or(0, |(c, _)| c.table.rows() as u32)
    }

    /// The rows with an issue of `code` (any issue when `code` is empty or missing), ascending.
    #[wasm_bindgen(js_name = matchRows)]
    pub fn match_rows(&self, code: Option<String>) -> Result<Vec<u32>, JsError> {
        let (cleaned, review) = self.kept()?;
        Ok(review.rows_with_issues(cleaned, code.as_deref().filter(|c| !c.is_empty())))
    }

    /// The rows at `indices`, each with its cells, issues and changed cells.
    pub fn rows(&self, indices: &[u32]) -> Result<JsValue, JsError> {
        let (cleaned, review) = self.kept()?;
        to_js(&review.rows(cleaned, indices))
    }

    /// Sets a cell to `value`, validated and normalized by the column's rules
    /// and logged as `manual_edit`; returns `{ valid, row }`.
    pub fn edit(&mut self, row: u32, column: u32, value: &str) -> Result<JsValue, JsError> {
        let (cleaned, review) = self.kept.as_mut().ok_or_else(|| JsError::new("no finished run to edit"))?;
        let valid = review.edit(cleaned, row, column, value, today())?;
        let view = review.rows(cleaned, &[row]);
        to_js(&serde_json::json!({ "valid": valid, "row": view.first() }))
    }

    /// The downloads and the summary (with its quality report) as they are
    /// now, edits included: `{ summary, cleaned, issues, changes, bom }`,
    /// the files as `Blob`s (see `finish`).
    pub fn export(&mut self) -> Result<JsValue, JsError> {
        let (cleaned, review) = self.kept.as_mut().ok_or_else(|| JsError::new("no finished run to export"))?;
        review.commit(cleaned);
        let output = self.profile.output.clone();
        let result = js_sys::Object::new();
        let bom = emit(&result, "cleaned", |out| cleaned.write(&output, false, out))?;
        set(&result, "bom", &bom.into())?;
        emit(&result, "issues", |out| cleaned.write_issues(&output, out))?;
        emit(&result, "changes", |out| cleaned.write_changes(&output, out))?;
        set(&result, "summary", &to_js(&cleaned.summary)?)?;
        Ok(result.into())
    }
}

// ---------------------------------------------------------------- link mode (the page's "Match against an existing list")

/// Link mode: for each row of `new_bytes`, its best match in `existing_bytes`
/// (two whole files, CSV or spreadsheet). Both are cleaned with `profile`
/// (validation only: deduplication off), then matched as the CLI's `link`
/// does. Returns `{ matches, summary, rows }`: the matches CSV as a
/// `Uint8Array` (`source_row_new, source_row_existing, score, explanation`),
/// the link summary (fields, blocking, threshold, `matched`) and the number
/// of new rows.
#[cfg(feature = "batch")]
#[wasm_bindgen(js_name = linkFiles)]
pub fn link_files(existing_bytes: &[u8], new_bytes: &[u8], profile: JsValue) -> Result<JsValue, JsError> {
    use crate::dedupe::link::{link, Side};
    let profile: Profile = if profile.is_undefined() || profile.is_null() {
        Profile::default()
    } else {
        Profile::from_value(json_value(profile)?)?
    };
    profile.check()?;
    let clean_side = |bytes: &[u8]| -> Result<crate::pipeline::Cleaned, JsError> {
        let mut profile = profile.clone();
        profile.dedupe.enabled = false;
        let mut reader = Reader::new(profile.input.read_options()?);
        reader.push(bytes)?;
        let read = reader.finish()?;
        Ok(clean_on(read, &profile, &Context { today: today() }, &mut |_| {})?)
    };
    let (a, b) = (clean_side(existing_bytes)?, clean_side(new_bytes)?);
    let (sources_a, sources_b) = (a.source_rows().0, b.source_rows().0);
    let side_a = Side { table: &a.table, profile: &a.profile, sources: &sources_a };
    let side_b = Side { table: &b.table, profile: &b.profile, sources: &sources_b };
    let (rows, summary) = link(&side_a, &side_b, &profile.dedupe);
    let mut matches = Vec::new();
    crate::write::write_links(&rows, &profile.output, &mut matches)?;
    let result = js_sys::Object::new();
    set(&result, "matches", &js_sys::Uint8Array::from(matches.as_slice()))?;
    set(&result, "summary", &to_js(&summary)?)?;
    set(&result, "rows", &JsValue::from_f64(rows.len() as f64))?;
    Ok(result.into())
}
