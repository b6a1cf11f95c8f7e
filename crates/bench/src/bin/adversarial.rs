//! `adversarial`: the inputs most likely to make text repair slow, at 1 MB and at 8 MB, and
//! whether the time grows in proportion to the size. Prints a Markdown table.
//!
//! ```text
//! cargo run --release -p textmend-bench --bin adversarial [-- --quick] [-- WORD...]
//! ```
//!
//! Each input is fixed with `fix_text` and textmend's defaults; the time is the CPU time of
//! this process (so that other work on the machine counts as little as possible), the best
//! of a few batches, with the smaller input fixed in eight copies in turn so that both sizes
//! run out of the same level of cache (see `time`). An 8 MB input must take at most 10 times
//! as long as 1 MB of the same (linear time gives 8, quadratic 64); the program exits with 1 when one does not. The 2 MB column
//! tells a step from a curve: a line longer than `max_decode_length` (1,000,000 characters)
//! is cut into segments, which costs a constant factor per byte from the first cut on, so
//! 8 MB ÷ 2 MB near 4 with 8 MB ÷ 1 MB over 10 is a step, not superlinear growth. Two more
//! rows compare one line of 100 MB and ten million tiny lines with 1 MB and 8 MB of the
//! same, per byte. `--quick` uses 128 KB, 256 KB and 1 MB, and leaves out the big rows.
//! Other arguments are words: only the rows whose names contain one of them are measured.
//!
//! Nested HTML entities and nested terminal escapes lose one layer a round of fixes, and
//! the rounds repeat until nothing changes (as in ftfy); the pipeline peels every layer in
//! one pass where nothing else could act between rounds, and their rows check that.

use std::process::ExitCode;
use std::time::Duration;
use textmend::{fix_text, Config};
use textmend_bench::process_cpu_time;

/// `unit` repeated to at least `size` bytes, on one line.
fn repeat(unit: &str, size: usize) -> String {
    unit.repeat(size.div_ceil(unit.len()))
}

/// Makes an input of about `size` bytes.
type Generator = fn(usize) -> String;

/// The adversarial inputs: a name and a generator.
type Input = (&'static str, Generator);

const INPUTS: &[Input] = &[
    ("`Ã` repeated, one line", |n| repeat("Ã", n)),
    ("layered mojibake (3 layers), one line", |n| {
        repeat("The Mona Lisa doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t have eyebrows. ", n)
    }),
    ("partial mojibake in good text", |n| {
        repeat("été Ã©tÃ© déjà ", n)
    }),
    ("no-break spaces lost (`voilÃ le`)", |n| {
        repeat("voilÃ le travail ", n)
    }),
    ("HTML entities", |n| {
        repeat("&eacute;&amp;&#x263A;&#128;&nbsp; ", n)
    }),
    ("terminal escapes", |n| {
        repeat("\x1b[1;31mred\x1b[0m \x1b[38;5;2m", n)
    }),
    ("CESU-8 surrogates as text (`í ½í¸€`)", |n| {
        repeat("í\u{a0}½í¸€ í ½ ", n)
    }),
    ("C1 controls", |n| repeat("\u{93}quoted\u{94} \u{85}", n)),
    ("curly quotes, ligatures, fullwidth", |n| {
        repeat("“ﬁne” ＬＯＵＤ ｶﾀｶﾅ ", n)
    }),
    ("clean Cyrillic, one line", |n| repeat("Привет, мир! ", n)),
    ("tiny lines (`Ã©\\n`)", |n| repeat("Ã©\n", n)),
    ("nested entities `&amp;amp;amp;…`", |n| {
        format!("&{}", "amp;".repeat(n / 4))
    }),
    // With `remove_control_chars` off (see `config_for`): with it on, the first round
    // removes every ESC and nothing nests.
    ("nested escapes, controls kept", |n| {
        format!("{}{}", "\x1b[".repeat(n / 5), "31m".repeat(n / 5))
    }),
];

/// textmend's defaults; with `remove_control_chars` off for an input whose name says
/// "controls kept".
fn config_for(name: &str) -> Config {
    let mut config = Config::default();
    if name.contains("controls kept") {
        config.remove_control_chars = false;
    }
    config
}

/// CPU seconds to fix one of `texts`: the best of `runs` batches, each of as many fixes as
/// fill a third of a second of CPU time (at least one), taking the texts in turn.
///
/// The texts are copies of one input: fixing eight copies of 1 MB in turn touches as much
/// memory as one input of 8 MB, so that the ratio of the two measures the algorithm and not
/// what fits in a core's cache (clean text is fixed at a few nanoseconds per byte, where
/// the cache alone would make 8 MB look 1.5 times slower per byte than 1 MB).
fn time(texts: &[String], config: &Config, runs: usize) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..runs {
        let start = process_cpu_time();
        let mut count = 0u32;
        while count == 0 || process_cpu_time() - start < Duration::from_millis(330) {
            let fixed = fix_text(&texts[count as usize % texts.len()], config);
            std::hint::black_box(&fixed);
            count += 1;
        }
        let cpu = (process_cpu_time() - start).as_secs_f64();
        best = best.min(cpu / f64::from(count));
    }
    best
}

/// `copies` copies of `text`, each in its own allocation.
fn copies(text: String, copies: usize) -> Vec<String> {
    let mut all = vec![text.clone(); copies - 1];
    all.push(text);
    all
}

fn main() -> ExitCode {
    let quick = std::env::args().any(|a| a == "--quick");
    let words: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| words.is_empty() || words.iter().any(|w| name.contains(w.as_str()));
    let (small, middle, large) = if quick {
        (128 << 10, 256 << 10, 1 << 20)
    } else {
        (1 << 20, 2 << 20, 8 << 20)
    };
    let label = |n: usize| {
        if n >= 1 << 20 {
            format!("{} MB", n >> 20)
        } else {
            format!("{} KB", n >> 10)
        }
    };
    let config = Config::default();
    let mut ok = true;
    println!(
        "| input | {s} | {m} | {l} | {l} ÷ {s} (≤ 10) | {l} ÷ {m} |",
        s = label(small),
        m = label(middle),
        l = label(large)
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, make) in INPUTS.iter().filter(|(name, _)| wanted(name)) {
        let config = config_for(name);
        let ta = time(&copies(make(small), large / small), &config, 5);
        let tm = time(&copies(make(middle), large / middle), &config, 3);
        let tb = time(&copies(make(large), 1), &config, 3);
        let ratio = tb / ta;
        ok &= ratio <= 10.0;
        println!(
            "| {name} | {:.1} ms | {:.1} ms | {:.1} ms | {ratio:.1}{} | {:.1} |",
            ta * 1e3,
            tm * 1e3,
            tb * 1e3,
            if ratio <= 10.0 { "" } else { " **over**" },
            tb / tm,
        );
    }
    if !quick {
        // Per byte against 1 MB and 8 MB of the same: 100 MB would be 100 times as long.
        let big: &[(&str, Generator, usize)] = &[
            (
                "one line of 100 MB (mixed mojibake and clean text)",
                |n| {
                    repeat(
                        "The cafÃ© sells crÃ¨me brÃ»lÃ©e for â‚¬4 and plain tea. ",
                        n,
                    )
                },
                100 << 20,
            ),
            (
                "ten million tiny lines (`é\\n`, 30 MB)",
                |n| repeat("é\n", n),
                30_000_000,
            ),
        ];
        println!();
        println!(
            "| input | 1 MB | 8 MB | whole | per byte, whole ÷ 1 MB (≤ 1.25) | whole ÷ 8 MB |"
        );
        println!("|---|---:|---:|---:|---:|---:|");
        for (name, make, size) in big.iter().filter(|(name, _, _)| wanted(name)) {
            let ta = time(&copies(make(1 << 20), 8), &config, 5);
            let tm = time(&copies(make(8 << 20), 1), &config, 3);
            let tb = time(&copies(make(*size), 1), &config, 1);
            let per_byte = |t: f64, n: usize| t / n as f64;
            let vs_small = per_byte(tb, *size) / per_byte(ta, 1 << 20);
            let vs_middle = per_byte(tb, *size) / per_byte(tm, 8 << 20);
            ok &= vs_small <= 1.25;
            println!(
                "| {name} | {:.1} ms | {:.1} ms | {:.2} s | {vs_small:.2}{} | {vs_middle:.2} |",
                ta * 1e3,
                tm * 1e3,
                tb,
                if vs_small <= 1.25 { "" } else { " **over**" },
            );
        }
    }
    // The lossy recovery weighs the completions of each gap: linear, but by far the most
    // expensive text per byte, so measured at an eighth of the sizes.
    println!();
    println!("Lossy-looking text, the slowest per byte:");
    println!();
    let (ls, ll) = (small / 8, large / 8);
    println!(
        "| input | {} | {} | ratio (≤ 10) | per MB at {} |",
        label(ls),
        label(ll),
        label(ll)
    );
    println!("|---|---:|---:|---:|---:|");
    let lossy = [
        ("short lines `Ã?Ã?Ã? d?j? vu`", "Ã?Ã?Ã? d?j? vu\n"),
        (
            "`Ã?` lines of 20 pairs",
            "Ã?Ã?Ã?Ã?Ã?Ã?Ã?Ã?Ã?Ã?Ã?Ã?Ã?Ã?Ã?Ã?Ã?Ã?Ã?Ã? \n",
        ),
    ];
    for (name, unit) in lossy.into_iter().filter(|(name, _)| wanted(name)) {
        let ta = time(&copies(repeat(unit, ls), 8), &config, 2);
        let tb = time(&copies(repeat(unit, ll), 1), &config, 1);
        let ratio = tb / ta;
        ok &= ratio <= 10.0;
        println!(
            "| {name} | {:.1} ms | {:.1} ms | {ratio:.1}{} | {:.1} s |",
            ta * 1e3,
            tb * 1e3,
            if ratio <= 10.0 { "" } else { " **over**" },
            tb * (1 << 20) as f64 / ll as f64,
        );
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        eprintln!("an input took more than 10 times as long at 8 times the size");
        ExitCode::from(1)
    }
}
