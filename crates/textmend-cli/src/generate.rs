//! `--generate`: a man page and shell completions, from the same definitions as `--help`.

use crate::args::Args;
use anyhow::{anyhow, Result};
use clap::CommandFactory;
use clap_complete::Shell;
use std::io::Write;

/// Writes the man page (`man`) or the completions for a shell to standard output.
pub fn generate(what: &str) -> Result<()> {
    let mut command = Args::command();
    let mut out: Vec<u8> = Vec::new();
    if what == "man" {
        clap_mangen::Man::new(command)
            .render(&mut out)
            .map_err(|e| anyhow!("cannot write the man page: {e}"))?;
    } else {
        let shell: Shell = what
            .parse()
            .map_err(|_| anyhow!("--generate: unknown shell {what:?}"))?;
        clap_complete::generate(shell, &mut command, "textmend", &mut out);
    }
    let mut stdout = crate::output::stdout_checked()?;
    stdout
        .write_all(&out)
        .and_then(|_| stdout.flush())
        .map_err(|e| crate::output::write_error("standard output", e))
}
