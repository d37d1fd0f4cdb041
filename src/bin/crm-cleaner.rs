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

    use clap::{Parser, Subcommand};
    use crm_cleaner::write::{write_rejected, write_table};
    use crm_cleaner::{clean, Error, Profile, Reader, Result};

    /// Size of the chunks the input is read in.
    const CHUNK: usize = 1 << 20;

    #[derive(Parser)]
    #[command(name = "crm-cleaner", version, about = "Validate, normalize and clean CRM files (CSV)")]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Clean a CSV file: read it, run the profile's stages, write the cleaned CSV.
        Clean {
            /// The input file, or `-` for standard input.
            input: PathBuf,
            /// A JSON cleaning profile (the same format the page uses).
            #[arg(long)]
            profile: Option<PathBuf>,
            /// Where to write the cleaned CSV (default: standard output).
            #[arg(long)]
            out: Option<PathBuf>,
            /// Where to write the rejected rows as CSV.
            #[arg(long)]
            rejected: Option<PathBuf>,
            /// Where to write the JSON report (summary, problems, timing).
            #[arg(long)]
            report: Option<PathBuf>,
        },
    }

    pub fn main() -> ExitCode {
        let cli = Cli::parse();
        let result = match cli.command {
            Command::Clean { input, profile, out, rejected, report } => {
                run_clean(&input, profile.as_deref(), out.as_deref(), rejected.as_deref(), report.as_deref())
            }
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("crm-cleaner: error: {e}");
                ExitCode::from(1)
            }
        }
    }

    fn load_profile(path: Option<&Path>) -> Result<Profile> {
        let Some(path) = path else { return Ok(Profile::default()) };
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
        Profile::from_json(&text)
    }

    fn open_input(path: &Path) -> Result<Box<dyn Read>> {
        if path == Path::new("-") {
            return Ok(Box::new(io::stdin().lock()));
        }
        let file = File::open(path).map_err(|e| Error::io(format!("opening {}", path.display()), e))?;
        Ok(Box::new(file))
    }

    fn create(path: &Path) -> Result<BufWriter<File>> {
        let file = File::create(path).map_err(|e| Error::io(format!("creating {}", path.display()), e))?;
        Ok(BufWriter::new(file))
    }

    /// Streams the input through the reader in fixed-size chunks.
    fn read_all(input: &mut dyn Read, reader: &mut Reader) -> Result<()> {
        let mut chunk = vec![0; CHUNK];
        loop {
            let n = match input.read(&mut chunk) {
                Ok(0) => return Ok(()),
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io("reading the input", e)),
            };
            reader.push(&chunk[..n])?;
        }
    }

    fn run_clean(
        input: &Path,
        profile: Option<&Path>,
        out: Option<&Path>,
        rejected: Option<&Path>,
        report: Option<&Path>,
    ) -> Result<()> {
        let started = Instant::now();
        let profile = load_profile(profile)?;
        let mut reader = Reader::new((&profile.input).into());
        read_all(&mut *open_input(input)?, &mut reader)?;
        let cleaned = clean(reader.finish()?, &profile, &mut |_| {})?;
        match out {
            Some(path) => write_table(&cleaned.table, &profile.output, create(path)?)?,
            None => write_table(&cleaned.table, &profile.output, BufWriter::new(io::stdout().lock()))?,
        }
        if let Some(path) = rejected {
            write_rejected(&cleaned.rejected, &profile.output, create(path)?)?;
        }
        if let Some(path) = report {
            let mut json = serde_json::to_value(&cleaned.summary).unwrap_or_default();
            json["elapsed_ms"] = serde_json::json!(started.elapsed().as_secs_f64() * 1000.0);
            let mut file = create(path)?;
            let text = serde_json::to_string_pretty(&json).unwrap_or_default();
            writeln!(file, "{text}").map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
            file.flush().map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
        }
        for notice in &cleaned.summary.notices {
            eprintln!("crm-cleaner: note: {notice}");
        }
        Ok(())
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
