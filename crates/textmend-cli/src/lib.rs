//! The `textmend` command line, as a library: the binary (`main.rs`) only parses the
//! arguments and maps the result to an exit status.
//!
//! The record functions are pure (bytes in, bytes or an error out) so that fuzz targets and
//! tests can call them directly: [`jsonl::fix_record`], [`csv::fix_record`],
//! [`work::fix_text_batch`], [`chars::explain_chars`].
//!
//! Data flows one way: [`input`] reads and decodes bytes, [`run`] cuts the text into batches
//! of whole records and fixes them on worker threads ([`work`], [`jsonl`], [`csv`]), then
//! writes them in order through [`output`]; [`report`] adds up what happened.

pub mod args;
pub mod chars;
pub mod csv;
pub mod files;
pub mod generate;
pub mod input;
pub mod jsonl;
pub mod output;
pub mod report;
pub mod run;
pub mod spans;
pub mod work;

use anyhow::{anyhow, Result};
use args::Args;
use input::{Decoding, Source};
use run::{Dest, Format, OnError, Settings};
use work::Job;

/// Bad input or usage (clap uses the same code for usage errors).
pub const EXIT_BAD_INPUT: u8 = 2;
/// `--check` found text that would change.
pub const EXIT_WOULD_CHANGE: u8 = 1;

/// Runs the command; returns the exit status for success (0, or 1 from `--check`).
pub fn run_cli(args: &Args) -> Result<u8> {
    if let Some(what) = &args.generate {
        generate::generate(what)?;
        return Ok(0);
    }
    let settings = settings(args)?;
    let sources = files::sources(&args.files, &args.recursive)?;
    if matches!(settings.dest, Dest::InPlace) && sources.contains(&Source::Stdin) {
        return Err(anyhow!(
            "--in-place replaces files: it cannot take standard input (give FILE arguments or -r DIR)"
        ));
    }
    let outcome = run::run(&settings, sources)?;
    Ok(if settings.check && outcome.would_change {
        EXIT_WOULD_CHANGE
    } else {
        0
    })
}

/// What the options decide, checked.
pub fn settings(args: &Args) -> Result<Settings> {
    let config = args.config();
    let job = Job {
        config,
        encoding_only: args.encoding_only,
        explain: args.explain,
        count_fixes: args.report || args.report_json.is_some(),
    };
    let format = if args.chars {
        Format::Chars
    } else if !args.jsonl.is_empty() {
        let paths = args
            .jsonl
            .iter()
            .map(|p| jsonl::FieldPath::parse(p).map_err(|e| anyhow!("--jsonl: {e}")))
            .collect::<Result<Vec<_>>>()?;
        Format::Jsonl(paths)
    } else if !args.csv.is_empty() {
        let columns = args
            .csv
            .iter()
            .map(|c| csv::ColumnRef::parse(c).map_err(|e| anyhow!("--csv {c}: {e}")))
            .collect::<Result<Vec<_>>>()?;
        Format::Csv {
            columns,
            delimiter: args.delimiter.unwrap_or(b','),
            header: !args.no_header,
        }
    } else {
        Format::Text
    };
    let decoding = match (args.encoding, args.guess) {
        (Some(encoding), _) => Decoding::Named(encoding),
        (None, true) => Decoding::Guess,
        (None, false) => Decoding::Utf8,
    };
    let dest = if args.check {
        Dest::Nowhere
    } else if args.in_place {
        Dest::InPlace
    } else if let Some(dir) = &args.out_dir {
        Dest::OutDir(dir.clone())
    } else {
        Dest::Single(args.output.clone())
    };
    let threads = match args.threads {
        Some(n) => n as usize,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    Ok(Settings {
        job,
        format,
        decoding,
        replace_invalid: args.invalid == "replace",
        on_error: match args.on_error.as_str() {
            "skip" => OnError::Skip,
            "keep" => OnError::Keep,
            _ => OnError::Fail,
        },
        threads,
        check: args.check,
        dest,
        quiet: args.quiet,
        report: args.report,
        report_json: args.report_json.clone(),
        progress: !args.quiet && run::stderr_is_terminal(),
        max_record: args.max_record.unwrap_or(256 << 20),
        explain_file_names: false,
    })
}

/// Whether an error is a closed pipe on the output, which ends the program quietly.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| cause.is::<output::BrokenPipe>())
}
