//! `throughput`: measures textmend on the generated corpus and prints a Markdown table.
//!
//! ```text
//! throughput [--dir DIR] [--mb N] [--runs N] [--threads N]
//!            [--textmend PATH] [--ftfy PATH] [--stream-mb N] [--scale-mb N]
//!            [--corpus mixed|english|non-latin]... [--config default|ftfy]
//! ```
//!
//! `--scale-mb N` (240 unless told; 0 for none): the command line's figures with one thread
//! and with all cores are also taken on each corpus written over and over to N MB, where
//! starting the process no longer weighs on the speed-up.
//!
//! `--config ftfy` runs the in-process figures with `Config::ftfy()` (no repair beyond
//! ftfy), to see what the default configuration's extra repairs cost.
//!
//! `scripts/bench/run.sh` builds everything in release mode and runs this with the figures
//! the README reports.

use std::path::PathBuf;
use std::process::ExitCode;
use textmend::Config;
use textmend_bench::corpus::Kind;
use textmend_bench::{run, Options};

fn usage() -> ExitCode {
    eprintln!(
        "usage: throughput [--dir DIR] [--mb N] [--runs N] [--threads N] \
         [--textmend PATH] [--ftfy PATH] [--stream-mb N] [--scale-mb N] [--corpus mixed|english|non-latin]... [--config default|ftfy]"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut opts = Options {
        dir: std::env::temp_dir().join("textmend-bench"),
        corpus_bytes: 24_000_000,
        runs: 3,
        threads,
        textmend: None,
        ftfy: None,
        stream_bytes: 0,
        scale_bytes: 240_000_000,
        only: Vec::new(),
        config: Config::default(),
    };
    // By default, the textmend binary built beside this one.
    if let Ok(exe) = std::env::current_exe() {
        let sibling = exe.with_file_name("textmend");
        if sibling.exists() {
            opts.textmend = Some(sibling);
        }
    }
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let Some(value) = args.next() else {
            return usage();
        };
        let number = || value.parse::<u64>().ok();
        match flag.as_str() {
            "--dir" => opts.dir = PathBuf::from(&value),
            "--mb" => match number() {
                Some(n) => opts.corpus_bytes = n as usize * 1_000_000,
                None => return usage(),
            },
            "--runs" => match number() {
                Some(n) => opts.runs = n as usize,
                None => return usage(),
            },
            "--threads" => match number() {
                Some(n) => opts.threads = n as usize,
                None => return usage(),
            },
            "--stream-mb" => match number() {
                Some(n) => opts.stream_bytes = n * 1_000_000,
                None => return usage(),
            },
            "--scale-mb" => match number() {
                Some(n) => opts.scale_bytes = n * 1_000_000,
                None => return usage(),
            },
            "--corpus" => match Kind::ALL.iter().find(|k| k.name() == value) {
                Some(&k) => opts.only.push(k),
                None => return usage(),
            },
            "--config" => match value.as_str() {
                "default" => opts.config = Config::default(),
                "ftfy" => opts.config = Config::ftfy(),
                _ => return usage(),
            },
            "--textmend" => opts.textmend = (!value.is_empty()).then(|| PathBuf::from(&value)),
            "--ftfy" => opts.ftfy = (!value.is_empty()).then(|| PathBuf::from(&value)),
            _ => return usage(),
        }
    }
    match run(&opts, |msg| eprintln!("{msg}")) {
        Ok(report) => {
            println!("{}", report.to_markdown());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("throughput: {e}");
            ExitCode::FAILURE
        }
    }
}
