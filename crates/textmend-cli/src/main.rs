//! `textmend`: the command line for the textmend library. See `textmend --help`.

use clap::Parser;
use std::io::{self, Write};
use std::process::ExitCode;
use textmend_cli::args::Args;
use textmend_cli::{is_broken_pipe, run_cli, EXIT_BAD_INPUT};

/// Whether descriptor 1 is closed, looked at before `main`: the Rust runtime reopens a closed
/// standard descriptor on `/dev/null` before `main` runs, after which a closed output and
/// `> /dev/null` look the same, and textmend would write its whole output into nothing and
/// report success.
#[cfg(target_os = "linux")]
mod probe {
    use std::sync::atomic::{AtomicBool, Ordering};

    pub static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

    extern "C" fn look() {
        // SAFETY: `fcntl(1, F_GETFD)` only reads the flags of descriptor 1 from the kernel's
        // descriptor table; it takes no pointer, touches no memory of this process and needs
        // no initialised runtime, so it is sound in a constructor that runs before `main`.
        // It fails (-1, EBADF) exactly when descriptor 1 is not open.
        let closed = unsafe { libc::fcntl(1, libc::F_GETFD) } == -1;
        STDOUT_CLOSED.store(closed, Ordering::Relaxed);
    }

    // The C runtime calls the functions in `.init_array` before `main`, in which the Rust
    // runtime sanitises the standard descriptors. The function has the type that section
    // holds (`extern "C" fn()`), and `#[used]` keeps it in the binary.
    #[used]
    #[link_section = ".init_array"]
    static LOOK: extern "C" fn() = look;
}

fn main() -> ExitCode {
    #[cfg(target_os = "linux")]
    textmend_cli::output::set_stdout_closed(
        probe::STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed),
    );
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
