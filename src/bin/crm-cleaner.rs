//! The command-line front end: the same core and the same JSON profile as the
//! page, for batch jobs and benchmarks.
//!
//! Exit codes: 0 success, 1 bad input (one line on stderr naming the problem
//! and its line), 2 usage error.

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::fs::File;
    use std::io::{self, BufRead, BufWriter, Read, Write};
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;
    use std::time::Instant;

    use clap::{Args, Parser, Subcommand};
    use crm_cleaner::anonymize::key::new_salt;
    use crm_cleaner::anonymize::Key;
    use crm_cleaner::dedupe::link::{link, Side};
    use crm_cleaner::dedupe::profile::DedupeProfile;
    use crm_cleaner::profile::Profile;
    use crm_cleaner::write::write_links;
    use crm_cleaner::infer::complete_profile;
    use crm_cleaner::pipeline::{clean_on, pass_through};
    use crm_cleaner::profile::ColumnType;
    use crm_cleaner::table_schema::to_table_schema;
    use crm_cleaner::validate::column::{validate_input, value_options, Context};
    use crm_cleaner::validate::date::civil_from_days;
    use crm_cleaner::{Cleaned, Error, Reader, Result};

    /// Size of the chunks the input is read in.
    const CHUNK: usize = 1 << 20;

    #[derive(Parser)]
    #[command(name = "crm-cleaner", version, about = "Validate, normalize and clean CRM files (CSV, XLSX, ODS)")]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    /// How to read the input; each flag overrides the profile and what would be detected.
    #[derive(Args)]
    struct InputFlags {
        /// The input file (CSV in any encoding, XLSX, XLS, ODS), or `-` for standard input.
        input: PathBuf,
        /// Character encoding of the input (utf-8, gbk, gb18030, big5, shift_jis, utf-16le, windows-1252, ...).
        #[arg(long)]
        encoding: Option<String>,
        /// Field delimiter of the input (one character; `\t` for tab).
        #[arg(long)]
        delimiter: Option<String>,
        /// The first row is data, not a header.
        #[arg(long)]
        no_header: bool,
        /// Worksheet to read from a spreadsheet (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// A JSON cleaning profile (the same format the page uses).
        #[arg(long)]
        profile: Option<PathBuf>,
    }

    /// Deduplication outputs and switches of `clean`.
    #[derive(Args)]
    struct DedupeFlags {
        /// Do not look for duplicates: one output row per kept input row, in order.
        #[arg(long)]
        no_dedupe: bool,
        /// Where to write the rows merged into another (source_row, survivor_row, cluster_id, score, reason, cells).
        #[arg(long)]
        duplicates: Option<PathBuf>,
        /// Where to write every row's cluster (source_row, cluster_id, is_survivor, score, matched_keys).
        #[arg(long)]
        clusters: Option<PathBuf>,
        /// Where to write the review queue as JSON (pairs in the uncertain band, with explanations).
        #[arg(long)]
        review: Option<PathBuf>,
        /// Review decisions to apply, as JSON: [{"rows": [3, 7], "decision": "accept"}, ...].
        #[arg(long)]
        decisions: Option<PathBuf>,
    }

    // Parsed once per process: the size of the largest variant costs nothing.
    #[allow(clippy::large_enum_variant)]
    #[derive(Subcommand)]
    enum Command {
        /// Clean a file: read it, run the profile's stages, write the cleaned CSV.
        Clean {
            #[command(flatten)]
            input: InputFlags,
            /// Where to write the cleaned CSV (default: standard output).
            #[arg(long)]
            out: Option<PathBuf>,
            /// Where to write the rejected rows as CSV.
            #[arg(long)]
            rejected: Option<PathBuf>,
            /// Where to write the JSON report (summary, problems, timing).
            #[arg(long)]
            report: Option<PathBuf>,
            /// Where to write every problem found, as CSV (source_row, column, code, severity, message, value, suggestion).
            #[arg(long)]
            issues: Option<PathBuf>,
            /// Where to write every changed cell, as CSV (source_row, column, before, after, rule).
            #[arg(long)]
            changes: Option<PathBuf>,
            /// Add a first column `source_row` (1-based data row in the input) to every output file.
            #[arg(long)]
            row_numbers: bool,
            /// The anonymization key (for pseudonym, fake, date_shift): a file holding 64 hex
            /// digits, base64, or 32 raw bytes. Otherwise taken from CRM_CLEANER_KEY (hex or
            /// base64), or derived from CRM_CLEANER_PASSPHRASE and the profile's anonymize.salt.
            #[arg(long, value_name = "KEY")]
            key_file: Option<PathBuf>,
            #[command(flatten)]
            dedupe: DedupeFlags,
        },
        /// For each row of NEW, the row of EXISTING that is the same customer (or none), as CSV:
        /// source_row_new, source_row_existing, score, explanation. Columns are matched by type.
        Link {
            /// The file to match against.
            existing: PathBuf,
            /// The file whose rows are looked up.
            new: PathBuf,
            /// Where to write the matches (default: standard output).
            #[arg(long)]
            out: Option<PathBuf>,
            /// Match probability (0-1) a pair needs (default: the profile's dedupe.threshold).
            #[arg(long)]
            threshold: Option<f64>,
            /// A JSON cleaning profile for both files.
            #[arg(long)]
            profile: Option<PathBuf>,
            /// Where to write the JSON report.
            #[arg(long)]
            report: Option<PathBuf>,
        },
        /// Make a new random anonymization key (64 hex digits), or with --salt a salt for
        /// deriving keys from a passphrase (the profile's anonymize.salt).
        Keygen {
            /// Write it to this new file (readable by its owner only) instead of standard output.
            #[arg(long)]
            out: Option<PathBuf>,
            /// Make a salt (16 random bytes in hex) instead of a key.
            #[arg(long)]
            salt: bool,
        },
        /// Infer each column's type from its header and values and print the completed profile as JSON.
        Infer {
            #[command(flatten)]
            input: InputFlags,
        },
        /// Print a profile's columns as a Frictionless Table Schema (`--profile` also
        /// accepts a Table Schema, so the two convert both ways).
        Schema {
            /// The cleaning profile (or Table Schema) to convert.
            profile: PathBuf,
        },
        /// Validate one value per line from standard input; print one JSON object per line:
        /// {"input", "valid", "normalized", "issues": [codes], "suggestion"}.
        Check {
            /// The type: email, phone, mobile, landline, date, datetime, cn_id, postal_code,
            /// country, gender, full_name, url, number, text, ...
            #[arg(required_unless_present = "column")]
            kind: Option<String>,
            /// Region for phone numbers without a country code, and the country for postal codes.
            #[arg(long)]
            region: Option<String>,
            /// A cleaning profile whose settings (region, date order, typo fixing) apply.
            #[arg(long)]
            profile: Option<PathBuf>,
            /// Take the type from this column of the profile.
            #[arg(long, requires = "profile")]
            column: Option<String>,
        },
        /// Read any supported file and write it as UTF-8 RFC 4180 CSV, without cleaning.
        /// Problems with the input (ragged rows, bad bytes) are listed on stderr.
        Convert {
            #[command(flatten)]
            input: InputFlags,
            /// Where to write the CSV (default: standard output).
            #[arg(long)]
            out: Option<PathBuf>,
        },
    }

    pub fn main() -> ExitCode {
        let result = match Cli::parse().command {
            Command::Clean { input, out, rejected, report, issues, changes, row_numbers, key_file, dedupe } => {
                let files = OutputFiles { out, rejected, report, issues, changes };
                run_clean(&input, &files, row_numbers, key_file.as_deref(), &dedupe)
            }
            Command::Link { existing, new, out, threshold, profile, report } => {
                run_link(&existing, &new, out.as_deref(), threshold, profile.as_deref(), report.as_deref())
            }
            Command::Keygen { out, salt } => run_keygen(out.as_deref(), salt),
            Command::Infer { input } => run_infer(&input),
            Command::Schema { profile } => read_profile(&profile).map(|p| println!("{:#}", to_table_schema(&p))),
            Command::Check { kind, region, profile, column } => {
                run_check(kind.as_deref(), region, profile.as_deref(), column.as_deref())
            }
            Command::Convert { input, out } => run_convert(&input, out.as_deref()),
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("crm-cleaner: error: {e}");
                ExitCode::from(1)
            }
        }
    }

    /// The profile from `--profile` (or the defaults) with the input flags on top.
    fn load_profile(flags: &InputFlags) -> Result<Profile> {
        let mut profile = flags.profile.as_deref().map(read_profile).transpose()?.unwrap_or_default();
        if let Some(encoding) = &flags.encoding {
            profile.input.encoding = Some(encoding.clone());
        }
        if let Some(delimiter) = &flags.delimiter {
            profile.input.delimiter = Some(parse_delimiter(delimiter)?);
        }
        if flags.no_header {
            profile.input.has_header = Some(false);
        }
        if let Some(sheet) = &flags.sheet {
            profile.input.sheet = Some(sheet.clone());
        }
        profile.check()?;
        Ok(profile)
    }

    fn parse_delimiter(text: &str) -> Result<char> {
        match text {
            "\\t" | "tab" => Ok('\t'),
            _ => {
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Ok(c),
                    _ => Err(Error::Profile(format!("--delimiter takes one character, not {text:?}"))),
                }
            }
        }
    }

    fn create(path: &Path) -> Result<BufWriter<File>> {
        let file = File::create(path).map_err(|e| Error::io(format!("creating {}", path.display()), e))?;
        Ok(BufWriter::new(file))
    }

    /// Reads the input file (or stdin) through the core reader in fixed-size chunks.
    fn read_input(path: &Path, profile: &Profile) -> Result<crm_cleaner::ReadOutput> {
        let mut input: Box<dyn Read> = if path == Path::new("-") {
            Box::new(io::stdin().lock())
        } else {
            Box::new(File::open(path).map_err(|e| Error::io(format!("opening {}", path.display()), e))?)
        };
        let mut reader = Reader::new(profile.input.read_options()?);
        if let Ok(metadata) = std::fs::metadata(path) {
            if metadata.is_file() {
                reader.size_hint(metadata.len());
            }
        }
        let mut chunk = vec![0; CHUNK];
        loop {
            match input.read(&mut chunk) {
                Ok(0) => return reader.finish(),
                Ok(n) => reader.push(&chunk[..n])?,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::io("reading the input", e)),
            }
        }
    }

    fn write_out(cleaned: &mut Cleaned, profile: &Profile, out: Option<&Path>, row_numbers: bool) -> Result<()> {
        match out {
            Some(path) => cleaned.write(&profile.output, row_numbers, create(path)?),
            None => cleaned.write(&profile.output, row_numbers, BufWriter::new(io::stdout().lock())),
        }
    }

    /// Where `clean` writes its outputs.
    struct OutputFiles {
        out: Option<PathBuf>,
        rejected: Option<PathBuf>,
        report: Option<PathBuf>,
        issues: Option<PathBuf>,
        changes: Option<PathBuf>,
    }

    /// Today's date in UTC, for stale records and far-future dates.
    fn today() -> (i32, u32, u32) {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        civil_from_days((seconds / 86_400) as i64)
    }

    fn run_clean(
        flags: &InputFlags,
        files: &OutputFiles,
        row_numbers: bool,
        key_file: Option<&Path>,
        dedupe: &DedupeFlags,
    ) -> Result<()> {
        let started = Instant::now();
        let mut profile = load_profile(flags)?;
        profile.anonymize.key = load_key(&profile, key_file)?;
        if dedupe.no_dedupe {
            profile.dedupe.enabled = false;
        }
        if let Some(path) = &dedupe.decisions {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
            profile.dedupe.decisions.extend(DedupeProfile::decisions_from_json(&text)?);
        }
        let read = read_input(&flags.input, &profile)?;
        // When each stage started, for the report's `stages_ms`.
        let mut stages: Vec<(String, Instant)> = vec![("read".into(), started)];
        let mut timer = |p: crm_cleaner::Progress| {
            if stages.last().is_none_or(|(name, _)| name != p.stage) {
                stages.push((p.stage.to_string(), Instant::now()));
            }
        };
        let mut cleaned = clean_on(read, &profile, &Context { today: today() }, &mut timer)?;
        stages.push(("write".into(), Instant::now()));
        write_out(&mut cleaned, &profile, files.out.as_deref(), row_numbers)?;
        write_dedupe_outputs(&cleaned, &profile, dedupe)?;
        stages.push(("end".into(), Instant::now()));
        let stages_ms: serde_json::Map<String, serde_json::Value> = stages
            .windows(2)
            .map(|w| (w[0].0.clone(), serde_json::json!(w[1].1.duration_since(w[0].1).as_secs_f64() * 1000.0)))
            .collect();
        if let Some(path) = &files.rejected {
            cleaned.write_rejected(&profile.output, row_numbers, create(path)?)?;
        }
        if let Some(path) = &files.issues {
            cleaned.write_issues(&profile.output, create(path)?)?;
        }
        if let Some(path) = &files.changes {
            cleaned.write_changes(&profile.output, create(path)?)?;
        }
        if let Some(path) = &files.report {
            let mut json = serde_json::to_value(&cleaned.summary).unwrap_or_default();
            json["elapsed_ms"] = serde_json::json!(started.elapsed().as_secs_f64() * 1000.0);
            json["stages_ms"] = serde_json::Value::Object(stages_ms);
            let text = serde_json::to_string_pretty(&json).unwrap_or_default();
            let mut file = create(path)?;
            writeln!(file, "{text}")
                .and_then(|()| file.flush())
                .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
        }
        for notice in &cleaned.summary.notices {
            eprintln!("crm-cleaner: note: {notice}");
        }
        Ok(())
    }

    /// The anonymization key from `--key-file`, `CRM_CLEANER_KEY` or
    /// `CRM_CLEANER_PASSPHRASE` (with the profile's salt), in that order; `None` without any.
    fn load_key(profile: &Profile, key_file: Option<&Path>) -> Result<Option<Key>> {
        if let Some(path) = key_file {
            let bytes = std::fs::read(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
            return Key::from_file_contents(&bytes).map(Some);
        }
        if let Ok(text) = std::env::var("CRM_CLEANER_KEY") {
            return Key::parse(&text).map(Some);
        }
        let Ok(passphrase) = std::env::var("CRM_CLEANER_PASSPHRASE") else { return Ok(None) };
        let salt = profile.anonymize.salt.as_deref().ok_or_else(|| {
            let why = "CRM_CLEANER_PASSPHRASE needs anonymize.salt in the profile; `crm-cleaner keygen --salt` makes one";
            Error::Key(why.into())
        })?;
        Key::derive(&passphrase, salt).map(Some)
    }

    fn run_keygen(out: Option<&Path>, salt: bool) -> Result<()> {
        let text = if salt { new_salt()? } else { Key::generate()?.to_hex() };
        let Some(path) = out else {
            println!("{text}");
            return Ok(());
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let what = format!("creating {} (an existing file is never overwritten)", path.display());
        let mut file = options.open(path).map_err(|e| Error::io(what, e))?;
        writeln!(file, "{text}").map_err(|e| Error::io(format!("writing {}", path.display()), e))
    }

    /// The duplicates, clusters and review files `clean` was asked for.
    fn write_dedupe_outputs(cleaned: &Cleaned, profile: &Profile, flags: &DedupeFlags) -> Result<()> {
        if let Some(path) = &flags.duplicates {
            cleaned.write_duplicates(&profile.output, create(path)?)?;
        }
        if let Some(path) = &flags.clusters {
            cleaned.write_clusters(&profile.output, create(path)?)?;
        }
        if let Some(path) = &flags.review {
            let review = cleaned.dedupe.as_ref().map(|d| &d.review);
            write_json(path, &serde_json::json!({ "review": review }))?;
        }
        Ok(())
    }

    fn write_json(path: &Path, value: &serde_json::Value) -> Result<()> {
        let text = serde_json::to_string_pretty(value).unwrap_or_default();
        let mut file = create(path)?;
        writeln!(file, "{text}").and_then(|()| file.flush()).map_err(|e| Error::io(format!("writing {}", path.display()), e))
    }

    /// Cleans one file of `link` (validation only: its duplicates are its own business).
    fn clean_for_link(path: &Path, profile: &Profile) -> Result<Cleaned> {
        let mut profile = profile.clone();
        profile.dedupe.enabled = false;
        let read = read_input(path, &profile)?;
        clean_on(read, &profile, &Context { today: today() }, &mut |_| {})
    }

    fn run_link(
        existing: &Path,
        new: &Path,
        out: Option<&Path>,
        threshold: Option<f64>,
        profile: Option<&Path>,
        report: Option<&Path>,
    ) -> Result<()> {
        let started = Instant::now();
        let mut profile = profile.map(read_profile).transpose()?.unwrap_or_default();
        if let Some(threshold) = threshold {
            profile.dedupe.threshold = threshold;
        }
        profile.check()?;
        let (a, b) = (clean_for_link(existing, &profile)?, clean_for_link(new, &profile)?);
        let (sources_a, sources_b) = (a.source_rows().0, b.source_rows().0);
        let side_a = Side { table: &a.table, profile: &a.profile, sources: &sources_a };
        let side_b = Side { table: &b.table, profile: &b.profile, sources: &sources_b };
        let (rows, summary) = link(&side_a, &side_b, &profile.dedupe);
        match out {
            Some(path) => write_links(&rows, &profile.output, create(path)?)?,
            None => write_links(&rows, &profile.output, BufWriter::new(io::stdout().lock()))?,
        }
        if let Some(path) = report {
            let mut json = serde_json::to_value(&summary).unwrap_or_default();
            json["elapsed_ms"] = serde_json::json!(started.elapsed().as_secs_f64() * 1000.0);
            write_json(path, &json)?;
        }
        eprintln!("crm-cleaner: {} of {} new rows matched", summary.matched, rows.len());
        Ok(())
    }

    fn run_infer(flags: &InputFlags) -> Result<()> {
        let profile = load_profile(flags)?;
        let read = read_input(&flags.input, &profile)?;
        let (completed, inferred) = complete_profile(&profile, &read.table);
        for column in &inferred {
            for warning in &column.warnings {
                eprintln!("crm-cleaner: column {:?}: {warning}", column.name);
            }
        }
        println!("{}", completed.to_json());
        Ok(())
    }

    fn read_profile(path: &Path) -> Result<Profile> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
        Profile::from_json(&text)
    }

    fn run_check(kind: Option<&str>, region: Option<String>, profile: Option<&Path>, column: Option<&str>) -> Result<()> {
        let profile = profile.map(read_profile).transpose()?.unwrap_or_default();
        let kind = match (kind, column) {
            (Some(name), _) => ColumnType::parse(name)
                .ok_or_else(|| Error::Profile(format!("unknown type {name:?}; one of: {}", type_names())))?,
            (None, Some(name)) => {
                profile.columns.iter().find(|c| c.name == name).map(|c| c.kind).ok_or_else(|| {
                    Error::Profile(format!("the profile has no column {name:?}"))
                })?
            }
            (None, None) => return Err(Error::Profile("give a type or --column".into())),
        };
        let options = value_options(&profile, region, today());
        let stdin = io::stdin();
        let mut out = BufWriter::new(io::stdout().lock());
        for line in stdin.lock().lines() {
            let line = line.map_err(|e| Error::io("reading standard input", e))?;
            let input = line.strip_suffix('\r').unwrap_or(&line);
            let verdict = validate_input(kind, input, &options);
            let json = serde_json::json!({
                "input": input,
                "valid": verdict.valid,
                "normalized": verdict.normalized,
                "issues": verdict.codes(),
                "suggestion": verdict.suggestion,
            });
            writeln!(out, "{json}").map_err(|e| Error::io("writing standard output", e))?;
        }
        out.flush().map_err(|e| Error::io("writing standard output", e))
    }

    fn type_names() -> String {
        ColumnType::ALL.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ")
    }

    fn run_convert(flags: &InputFlags, out: Option<&Path>) -> Result<()> {
        let profile = load_profile(flags)?;
        let mut converted = pass_through(read_input(&flags.input, &profile)?);
        write_out(&mut converted, &profile, out, false)?;
        let s = &converted.summary;
        for problem in &s.problems {
            eprintln!("crm-cleaner: line {}: {} ({})", problem.line, problem.message, problem.kind);
        }
        for row in &converted.rejected {
            eprintln!("crm-cleaner: line {}: rejected: {}", row.line, row.reason);
        }
        eprintln!(
            "crm-cleaner: {} rows read ({}{}), {} written, {} rejected, {} formula cells neutralized",
            s.rows_in,
            s.format,
            if s.encoding.is_empty() { String::new() } else { format!(", {}", s.encoding) },
            s.rows_out,
            s.rows_rejected,
            s.formula_cells_neutralized
        );
        Ok(())
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
