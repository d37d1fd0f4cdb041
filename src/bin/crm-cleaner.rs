//! The command-line front end: the same core and the same JSON profile as the
//! page, for batch jobs and benchmarks.
//!
//! Exit codes: 0 success, 1 bad input (one line on stderr naming the problem
//! and its line), 2 usage error.

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::fs::File;
    use std::io::{self, BufWriter, Read, Write};
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;
    use std::time::Instant;

    use clap::{Args, Parser, Subcommand};
    use crm_cleaner::profile::Profile;
    use crm_cleaner::{clean, Cleaned, Error, Reader, Result};

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
            /// Add a first column `source_row` (1-based data row in the input) to every output file.
            #[arg(long)]
            row_numbers: bool,
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
            Command::Clean { input, out, rejected, report, row_numbers } => {
                run_clean(&input, out.as_deref(), rejected.as_deref(), report.as_deref(), row_numbers)
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
        let mut profile = match &flags.profile {
            None => Profile::default(),
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
                Profile::from_json(&text)?
            }
        };
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

    fn run_clean(
        flags: &InputFlags,
        out: Option<&Path>,
        rejected: Option<&Path>,
        report: Option<&Path>,
        row_numbers: bool,
    ) -> Result<()> {
        let started = Instant::now();
        let profile = load_profile(flags)?;
        let mut cleaned = clean(read_input(&flags.input, &profile)?, &profile, &mut |_| {})?;
        write_out(&mut cleaned, &profile, out, row_numbers)?;
        if let Some(path) = rejected {
            cleaned.write_rejected(&profile.output, row_numbers, create(path)?)?;
        }
        if let Some(path) = report {
            let mut json = serde_json::to_value(&cleaned.summary).unwrap_or_default();
            json["elapsed_ms"] = serde_json::json!(started.elapsed().as_secs_f64() * 1000.0);
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

    fn run_convert(flags: &InputFlags, out: Option<&Path>) -> Result<()> {
        let mut profile = load_profile(flags)?;
        profile.normalize.trim = false;
        let mut converted = clean(read_input(&flags.input, &profile)?, &profile, &mut |_| {})?;
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
