//! Plain-text mode: each input is one text, fixed line by line as it streams through.

use crate::input::LineReader;
use crate::output::{write_error, Output};
use anyhow::{Context, Result};
use std::borrow::Cow;
use std::io::{self, BufWriter, Write};
use textmend::{
    fix_and_explain, fix_encoding, fix_encoding_and_explain, Config, Plan, StreamFixer,
    UnescapeHtml,
};

/// What to do to each text.
pub struct Job {
    pub config: Config,
    /// Only undo mojibake (`fix_encoding`).
    pub encoding_only: bool,
    /// Also report the plan of each fix.
    pub explain: bool,
}

/// Where `--explain` reports go in plain-text mode: standard error, one line per changed line.
pub struct Report {
    writer: BufWriter<io::Stderr>,
    /// Whether each report names its file (when there are several inputs).
    with_file_names: bool,
}

impl Report {
    pub fn new(with_file_names: bool) -> Report {
        Report {
            writer: BufWriter::new(io::stderr()),
            with_file_names,
        }
    }

    fn line(&mut self, file: &str, line_number: u64, plan: &Plan) -> Result<()> {
        let plan = serde_json::to_string(plan).context("cannot write a plan as JSON")?;
        if self.with_file_names {
            writeln!(self.writer, "{file}:{line_number}: {plan}")
        } else {
            writeln!(self.writer, "{line_number}: {plan}")
        }
        .map_err(|e| write_error("standard error", e))
    }

    pub fn finish(mut self) -> Result<()> {
        self.writer
            .flush()
            .map_err(|e| write_error("standard error", e))
    }
}

/// Fixes one input as one text, line by line, into `out`.
pub fn fix_lines(
    input: &mut LineReader,
    out: &mut Output,
    job: &Job,
    report: &mut Report,
) -> Result<()> {
    let name = input.name().to_string();
    if !job.explain {
        let mut stream = StreamFixer::new(job.config.clone());
        while let Some((_, line)) = input.next_line()? {
            let fixed = if job.encoding_only {
                fix_encoding(line, &job.config)
            } else {
                stream.fix(line)
            };
            out.write(&fixed)?;
        }
        return Ok(());
    }

    // With --explain each line goes through fix_and_explain, as ftfy's fix_file does it:
    // the same result as streaming, since the state that carries from line to line is only
    // "a `<` was seen: stop decoding HTML entities", kept here.
    let mut config = job.config.clone();
    while let Some((number, line)) = input.next_line()? {
        let (fixed, plan): (Cow<str>, Plan) = if job.encoding_only {
            fix_encoding_and_explain(line, &job.config)
        } else {
            if config.unescape_html == UnescapeHtml::Auto && line.contains('<') {
                config.unescape_html = UnescapeHtml::Never;
            }
            fix_and_explain(line, &config)
        };
        if fixed != line {
            report.line(&name, number, &plan)?;
        }
        out.write(&fixed)?;
    }
    Ok(())
}
