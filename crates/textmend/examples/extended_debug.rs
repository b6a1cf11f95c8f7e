//! Shows what the experimental repairs make of a text, for studying their choices.
//!
//! ```text
//! cargo run -p textmend --release --example extended_debug -- 'Привет тАФ мир'
//! ```
//!
//! Prints the result and plan of `fix_encoding` with `Config::experimental()`, then for
//! each extra code page that reads some run of the text: every such run, what it decodes to,
//! what it costs before and after, and whether it is repaired.

use textmend::encoding::extended::{read_runs, settled_text_cost, PAGES};
use textmend::{fix_and_explain, fix_encoding_and_explain, Config};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: extended_debug TEXT...");
        std::process::exit(2);
    }
    for text in &args {
        if let Some((page, fixed)) = textmend::encoding::extended::repair(text) {
            println!("extended: {} {fixed}", page.name);
        }
        println!("settled cost: {:.1}", settled_text_cost(text));
        println!(
            "legacy may_apply: {}",
            textmend::encoding::legacy::may_apply(text)
        );
        let ftfy_view = textmend::fix_encoding(text, &Config::ftfy());
        println!(
            "legacy repair: {:?}",
            textmend::encoding::legacy::repair(text).map(|x| x.2)
        );
        for c in textmend::encoding::legacy::candidates(text) {
            println!(
                "  beats ftfy's {ftfy_view}: {}",
                textmend::encoding::legacy::beats(&c.text, &ftfy_view)
            );
            println!(
                "  legacy {} as {}: {:.1}{} {}",
                c.pair.real.name,
                c.pair.shown.name,
                c.gain,
                if c.accepted { " +" } else { "" },
                c.text
            );
        }
        let (fixed, plan) = fix_encoding_and_explain(text, &Config::experimental());
        println!("in:   {text}\nout:  {fixed}\nplan: {}", plan.to_json());
        let (fixed, plan) = fix_and_explain(text, &Config::experimental());
        println!("text: {fixed}\nplan: {}", plan.to_json());
        println!(
            "fix_text: {}",
            textmend::fix_text(text, &Config::experimental())
        );
        for page in PAGES {
            let reading = read_runs(text, page);
            if reading.runs.is_empty() {
                continue;
            }
            println!(
                "  {}: gain {:.1}, {} repaired",
                page.name, reading.gain, reading.repaired
            );
            let chars: Vec<char> = text.chars().collect();
            for run in &reading.runs {
                let seen: String = chars[run.start..run.end].iter().collect();
                println!(
                    "    {} {seen:?} -> {:?}  {:.1} -> {:.1}",
                    if run.taken { '+' } else { ' ' },
                    run.decoded,
                    run.before,
                    run.after
                );
            }
        }
    }
}
