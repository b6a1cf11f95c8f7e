//! Where the time goes, by kind of line: the mixed corpus split into the lines
//! `fix_encoding` repairs, those only the other fixes change, and clean ASCII and non-ASCII
//! lines; `fix_text` timed on each group (CPU time, best of 5).
//!
//! `cargo run --release -p textmend-bench --example groups [MB]`
use textmend::{fix_encoding, fix_text, Config};
use textmend_bench::corpus::{generate, Kind};
use textmend_bench::process_cpu_time;

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(24);
    let text = generate(Kind::Mixed, mb * 1_000_000);
    let config = Config::default();
    let mut groups: [Vec<&str>; 4] = Default::default();
    for line in text.split_inclusive('\n') {
        let group = if fix_encoding(line, &config) != line {
            0
        } else if fix_text(line, &config) != line {
            1
        } else if line.is_ascii() {
            2
        } else {
            3
        };
        groups[group].push(line);
    }
    let names = ["mojibake", "other fixes", "clean ASCII", "clean non-ASCII"];
    let total: usize = text.len();
    println!("| lines | share of bytes | MB per CPU-s | ns per line | share of time |");
    println!("|---|---:|---:|---:|---:|");
    let mut rows = Vec::new();
    for (name, lines) in names.iter().zip(&groups) {
        let bytes: usize = lines.iter().map(|l| l.len()).sum();
        let mut best = f64::MAX;
        for _ in 0..5 {
            let start = process_cpu_time();
            let mut n = 0;
            for line in lines {
                n += fix_text(line, &config).len();
            }
            std::hint::black_box(n);
            best = best.min((process_cpu_time() - start).as_secs_f64());
        }
        rows.push((name, lines.len(), bytes, best));
    }
    let time: f64 = rows.iter().map(|r| r.3).sum();
    for (name, count, bytes, t) in rows {
        println!(
            "| {name} ({count}) | {:.1}% | {:.0} | {:.0} | {:.1}% |",
            100.0 * bytes as f64 / total as f64,
            bytes as f64 / 1e6 / t,
            t * 1e9 / count.max(1) as f64,
            100.0 * t / time
        );
    }
}
