//! Runs fix_text (or fix_encoding) on each line of a file, for instruction counts under
//! valgrind: `valgrind --tool=callgrind target/release/examples/count FILE
//! [text|pieces|encoding|none] [default|ftfy]` (`scripts/bench/profile.sh` runs it). `pieces`
//! is one `fix_text` call per 64 KiB of whole lines; `ftfy` runs with `Config::ftfy()`. Counts do not depend on what else the machine is
//! doing, so they compare two versions of the code where timings cannot.
use textmend::{fix_encoding, fix_text, Config};
use textmend_bench::corpus::line_batches;
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a file");
    let call = args.next().unwrap_or_default();
    let text = std::fs::read_to_string(path).expect("a UTF-8 file");
    let config = match args.next().as_deref() {
        Some("ftfy") => Config::ftfy(),
        _ => Config::default(),
    };
    let mut n = 0;
    if call == "pieces" {
        for piece in line_batches(&text, 64 * 1024) {
            n += fix_text(piece, &config).len();
        }
        println!("{n}");
        return;
    }
    for line in text.split_inclusive('\n') {
        n += match call.as_str() {
            "encoding" => fix_encoding(line, &config).len(),
            // Reading and splitting alone, to subtract from the others.
            "none" => line.len(),
            _ => fix_text(line, &config).len(),
        };
    }
    println!("{n}");
}
