//! `textmend`: the command line for the textmend library. See `textmend --help`.

mod args;
mod input;
mod jsonl;
mod output;
mod text;

use anyhow::Result;
use args::Args;
use clap::Parser;
use input::{LineReader, Source};
use output::Output;
use std::io::{self, Write};
use std::process::ExitCode;
use text::{Job, Report};

/// Bad input or usage (clap uses the same code for usage errors). 1 is kept for a future
/// `--check`.
const EXIT_BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        // `textmend big.txt | head -1`: the reader has all it wanted.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr().lock(), "textmend: {e:#}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

fn run(args: &Args) -> Result<()> {
    let job = Job {
        config: args.config(),
        encoding_only: args.encoding_only,
        explain: args.explain,
    };
    let sources: Vec<Source> = if args.files.is_empty() {
        vec![Source::Stdin]
    } else {
        args.files.iter().map(|f| Source::from_arg(f)).collect()
    };
    // The output is opened first, so that an unwritable one is reported before any work.
    // If anything below fails, dropping `out` removes its temporary file.
    let mut out = match &args.output {
        Some(path) => Output::file(path)?,
        None => Output::stdout(),
    };
    let mut report = Report::new(sources.len() > 1);
    for source in &sources {
        let mut input = LineReader::open(source)?;
        match &args.jsonl {
            Some(field) => jsonl::fix_records(&mut input, &mut out, &job, field)?,
            None => text::fix_lines(&mut input, &mut out, &job, &mut report)?,
        }
    }
    report.finish()?;
    out.finish()
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| cause.is::<output::BrokenPipe>())
}
