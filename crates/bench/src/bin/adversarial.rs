//! `adversarial`: the inputs most likely to make text repair slow, at 1 MB and at 8 MB, and
//! whether the time grows in proportion to the size. Prints a Markdown table.
//!
//! ```text
//! cargo run --release -p textmend-bench --bin adversarial [-- --quick]
//! ```
//!
//! Each input is fixed with `fix_text` and textmend's defaults; the time is the best of a few
//! batches of runs (CPU time of this process for long ones, so that other work on the
//! machine counts as little as possible). An 8 MB input must take at most 10 times as long as 1 MB of the same (linear
//! time gives 8, quadratic 64); the program exits with 1 when one does not. Two more rows
//! compare one line of 100 MB and ten million tiny lines with 1 MB of the same, per byte.
//! `--quick` uses 128 KB and 1 MB instead, and leaves out the 100 MB rows.
//!
//! The last rows are the known exceptions, measured at 16 KB and 128 KB so that they end:
//! nested HTML entities and nested terminal escapes, where each round of fixes peels one
//! layer and the rounds repeat until nothing changes (as in ftfy).

use std::process::ExitCode;
use std::time::{Duration, Instant};
use textmend::{fix_text, Config};

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
];

/// The known exceptions: quadratic, as in ftfy (see the README's Robustness section).
const QUADRATIC: &[Input] = &[
    ("nested entities `&amp;amp;amp;…`", |n| {
        format!("&{}", "amp;".repeat(n / 4))
    }),
    ("nested escapes, controls kept", |n| {
        format!("{}{}", "\x1b[".repeat(n / 5), "31m".repeat(n / 5))
    }),
];

/// CPU time of this process.
fn cpu_time() -> Duration {
    // /proc/self/stat fields 14 and 15: user and system time in clock ticks.
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<u64> = after
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    if fields.len() < 13 {
        return Duration::ZERO;
    }
    let ticks = fields[11] + fields[12];
    Duration::from_millis(ticks * 10)
}

/// Seconds to fix `text` once: the best of `runs` batches, each of as many fixes as fill
/// a quarter of a second (at least one), CPU time of this process where the batch is long
/// enough for its clock-tick resolution, wall clock otherwise.
fn time(text: &str, config: &Config, runs: usize) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..runs {
        let (cpu, wall) = (cpu_time(), Instant::now());
        let mut count = 0u32;
        while count == 0 || wall.elapsed() < Duration::from_millis(250) {
            let fixed = fix_text(text, config);
            std::hint::black_box(&fixed);
            count += 1;
        }
        let wall = wall.elapsed().as_secs_f64();
        let cpu = (cpu_time() - cpu).as_secs_f64();
        let t = if wall >= 1.0 && cpu > 0.0 { cpu } else { wall };
        best = best.min(t / f64::from(count));
    }
    best
}

fn main() -> ExitCode {
    let quick = std::env::args().any(|a| a == "--quick");
    let (small, large) = if quick {
        (128 << 10, 1 << 20)
    } else {
        (1 << 20, 8 << 20)
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
        "| input | {} | {} | ratio (≤ 10) |",
        label(small),
        label(large)
    );
    println!("|---|---:|---:|---:|");
    for (name, make) in INPUTS {
        let (a, b) = (make(small), make(large));
        let ta = time(&a, &config, 5);
        let tb = time(&b, &config, 3);
        let ratio = tb / ta;
        ok &= ratio <= 10.0;
        println!(
            "| {name} | {:.1} ms | {:.1} ms | {ratio:.1}{} |",
            ta * 1e3,
            tb * 1e3,
            if ratio <= 10.0 { "" } else { " **too slow**" }
        );
    }
    if !quick {
        // Per byte against 1 MB of the same: 100 MB would be 100 times as long.
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
        println!("| input | 1 MB | whole | time per byte, whole ÷ 1 MB (≤ 10/8) |");
        println!("|---|---:|---:|---:|");
        for (name, make, size) in big {
            let ta = time(&make(1 << 20), &config, 5);
            let whole = make(*size);
            let tb = time(&whole, &config, 1);
            let per_byte = (tb / *size as f64) / (ta / (1 << 20) as f64);
            ok &= per_byte <= 1.25;
            println!(
                "| {name} | {:.1} ms | {:.2} s | {per_byte:.2}{} |",
                ta * 1e3,
                tb,
                if per_byte <= 1.25 {
                    ""
                } else {
                    " **too slow**"
                }
            );
        }
    }
    println!();
    println!("Known exceptions (quadratic, as in ftfy; not counted):");
    println!();
    println!("| input | 16 KB | 128 KB | ratio |");
    println!("|---|---:|---:|---:|");
    let mut keep_controls = Config::default();
    keep_controls.remove_control_chars = false;
    for (i, (name, make)) in QUADRATIC.iter().enumerate() {
        let config = if i == 1 { &keep_controls } else { &config };
        let ta = time(&make(16 << 10), config, 3);
        let tb = time(&make(128 << 10), config, 1);
        println!(
            "| {name} | {:.1} ms | {:.1} ms | {:.1} |",
            ta * 1e3,
            tb * 1e3,
            tb / ta
        );
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        eprintln!("an input took more than 10 times as long at 8 times the size");
        ExitCode::from(1)
    }
}
