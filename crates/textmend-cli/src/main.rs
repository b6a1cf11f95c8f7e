//! `textmend`: the command line for the textmend library. See `textmend --help`.

use clap::Parser;
use std::io::{self, Write};
use std::process::ExitCode;
use textmend_cli::args::Args;
use textmend_cli::{is_broken_pipe, run_cli, EXIT_BAD_INPUT};

fn main() -> ExitCode {
    let args = Args::parse();
    // Ctrl-C, SIGTERM, SIGHUP: remove the temporary files being written, so that nothing
    // is left behind; the files they were to replace are untouched until their rename.
    let _ = ctrlc::set_handler(|| {
        textmend_cli::output::remove_temp_files();
        std::process::exit(130);
    });
    match run_cli(&args) {
        Ok(code) => ExitCode::from(code),
        // `textmend big.txt | head -1`: the reader has all it wanted.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr().lock(), "textmend: {e:#}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}
