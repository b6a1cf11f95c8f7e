//! Shows how the legacy repair weighs each reading of a text.
//!
//! ```text
//! cargo run -p textmend --example legacy_debug -- 'Ïðèâåò ìèð'
//! ```
//!
//! Prints, for every pair of pages that gives a reading, the reading, its gain over the text
//! as it stands, the gain of the words it changes, its gain by the word lists' models (for a
//! reading that passed the other tests), and whether it would be taken. Then the readings as
//! East Asian text in a double-byte page (`legacy_dbcs`): cost, East Asian characters, and
//! the one taken.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [text] = args.as_slice() else {
        eprintln!("usage: legacy_debug TEXT");
        std::process::exit(2);
    };
    for c in textmend::encoding::legacy::candidates(text) {
        println!(
            "{:>22} as {:<22} gain {:6.1} words {:6.1} word lists {:>6} {} {}",
            c.pair.real.name,
            c.pair.shown.name,
            c.gain,
            c.word_gain,
            c.word_list_gain
                .map_or("-".to_string(), |g| format!("{g:.1}")),
            if c.accepted { "TAKEN" } else { "     " },
            c.text
        );
    }
    for (shown, real, reading, cost, cjk, why_not) in
        textmend::encoding::legacy_dbcs::readings(text)
    {
        println!(
            "{real:>22} as {shown:<22} cost {cost:6.1} cjk {cjk:3} {reading} ({})",
            why_not.unwrap_or("may be taken")
        );
    }
    match textmend::encoding::legacy_dbcs::repair(text) {
        Some((shown, real, fixed)) => println!("TAKEN {real} as {shown}: {fixed}"),
        None => println!("no double-byte reading taken"),
    }
}
