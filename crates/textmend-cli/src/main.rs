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

/// One malloc arena for all threads. glibc gives each thread that allocates an arena of its
/// own and keeps what is freed there for that arena: with two workers fixing segments of a
/// long line (a million characters each, several copies of each on the way), the arenas'
/// leftovers doubled the peak memory (68 MiB for a 200 MB line with `-j 2`, 46 MiB with one
/// arena), with no gain in speed: the threads allocate per batch, not per character.
///
/// Batches of a megabyte are also kept in the arena once freed, instead of going back to
/// the kernel: by default glibc maps a buffer that large on its own, or trims the freed
/// top of the heap, and the next batch's buffer then faults in fresh zeroed pages. On
/// 144 MB of mixed text that was 5,000 to 16,000 page faults (it varies with the threads'
/// timing), about 3,500 with these settings, which is what starting the program takes.
/// Larger buffers (the segments of a huge line) are still mapped and returned at once. A
/// trim threshold of 2 MiB gave the faults back; peak memory is 16.1 MiB streaming 1 GB
/// with `-j 1` (14.7 before), 33.6 MiB for a 200 MB line (28.7).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn one_malloc_arena() {
    /// Buffers up to this size come from the arena (a batch and the read that completes it,
    /// with room for what a fix adds).
    const MMAP_THRESHOLD: libc::c_int = 2 << 20;
    /// The arena gives memory back to the kernel when this much is free at its top.
    const TRIM_THRESHOLD: libc::c_int = 4 << 20;
    // SAFETY: `mallopt` sets a tuning parameter of glibc's allocator; it takes no pointer
    // and touches no memory of ours, and it runs first in `main`, before any other thread
    // of this program exists. A refusal (return 0) leaves the default, which is also sound.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD);
    }
}

fn main() -> ExitCode {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    one_malloc_arena();
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
