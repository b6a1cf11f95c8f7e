//! Shows what lossy recovery makes of a text, for studying its choices.
//!
//! ```text
//! cargo run -p textmend --example lossy_debug -- 'Putinโs decree'
//! cargo run -p textmend --example lossy_debug -- --file broken.txt
//! cargo run -p textmend --example lossy_debug -- --scripts 'Ð\u{a2}Ñ\u{80}Ðµ'   # every script
//! ```
//!
//! With a string, prints the repair and every inference (what was seen, what was chosen, the
//! runner-up and the margin). With `--file`, prints each line that changes, as it was and as
//! it became, and how many lines changed. `LOSSY_DEBUG=1` in a debug build also prints each
//! line's reading.

use textmend::encoding::{repair_dropped_bytes, repair_lost_bytes};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, path] if flag == "--file" => {
            let text = match std::fs::read_to_string(path) {
                Ok(text) => text,
                Err(e) => {
                    eprintln!("{path}: {e}");
                    std::process::exit(2);
                }
            };
            let mut changed = 0;
            for line in text.lines() {
                if let Some((fixed, _)) = repair_dropped_bytes(line) {
                    changed += 1;
                    println!("- {line}\n+ {fixed}");
                }
            }
            println!("{changed} of {} lines changed", text.lines().count());
        }
        [text] => println!("{:#?}", repair_dropped_bytes(text)),
        [flag, text] if flag == "--scripts" => println!("{:#?}", repair_lost_bytes(text, true)),
        _ => {
            eprintln!("usage: lossy_debug [--scripts] TEXT | lossy_debug --file PATH");
            std::process::exit(2);
        }
    }
}
