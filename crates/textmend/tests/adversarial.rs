//! Linear time on the inputs most likely to break it, at sizes a debug build handles in
//! seconds: each input is fixed at 16 KB and at 128 KB, and the larger must not take more
//! than 20 times as long (linear time gives 8, a little more where the larger no longer
//! fits in a cache; quadratic gives 64). The tests assert growth, never a time: the timings
//! are the best of a few runs, interleaved; a ratio over the bound is measured again (up to
//! five times in all); and the timing tests take turns (a lock) so that no other test of
//! this file competes for the CPU. The margin is wide so that a busy machine does not make
//! them flake.
//!
//! Every row of the bench's table has its input here (`cargo run --release -p
//! textmend-bench --bin adversarial` measures them at 1, 2 and 8 MB with a bound of 10, and
//! its table is in the README), with a few more.

use std::borrow::Cow;
use std::sync::Mutex;
use std::time::Instant;
use textmend::{fix_encoding, fix_text, Config};

/// Held by each timing test, so that no two of them compete for the CPU.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// `unit` repeated to at least `size` bytes.
fn repeat(unit: &str, size: usize) -> String {
    unit.repeat(size.div_ceil(unit.len()))
}

type Input = (&'static str, fn(usize) -> String);

/// `Config::default()` with `remove_control_chars` off (so that ESC stays and terminal
/// escapes can nest) for the inputs whose name says "controls kept"; with segments of 1,000
/// characters for "short segments".
fn config_for(name: &str) -> Config {
    let mut config = Config::default();
    if name.contains("controls kept") {
        config.remove_control_chars = false;
    }
    if name.starts_with("short segments") {
        config.max_decode_length = 1000;
    }
    if name.starts_with("experimental") {
        config = Config::experimental();
    }
    config
}

const INPUTS: &[Input] = &[
    ("Ã repeated", |n| repeat("Ã", n)),
    ("layered mojibake", |n| {
        repeat("The Mona Lisa doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t have eyebrows. ", n)
    }),
    ("partial mojibake", |n| repeat("été Ã©tÃ© déjà ", n)),
    ("no-break spaces lost", |n| repeat("voilÃ le travail ", n)),
    ("HTML entities", |n| {
        repeat("&eacute;&amp;&#x263A;&#128;&nbsp; ", n)
    }),
    ("unfinished entities", |n| {
        repeat("&#x26;&&#;&abcdefghijklmnopqrstuvwxyz0123", n)
    }),
    ("terminal escapes", |n| {
        repeat("\x1b[1;31mred\x1b[0m \x1b[38;5;2m", n)
    }),
    ("unfinished escapes", |n| {
        repeat("\x1b[1;2;3;4;5;6;7;8;9;0;", n)
    }),
    ("CESU-8 as text", |n| repeat("í\u{a0}½í¸€ í ½ ", n)),
    ("C1 controls", |n| repeat("\u{93}quoted\u{94} \u{85}", n)),
    ("quotes, ligatures, widths", |n| {
        repeat("“ﬁne” ＬＯＵＤ ｶﾀｶﾅ ", n)
    }),
    ("box drawing and letters", |n| {
        repeat("╔═══╗ Ã©Ã¨ ║x║ â€œ ", n)
    }),
    ("combining marks", |n| {
        repeat("e\u{301}\u{308}\u{323}a\u{30a} ", n)
    }),
    ("clean Cyrillic", |n| repeat("Привет, мир! ", n)),
    ("tiny lines", |n| repeat("Ã©\n", n)),
    ("tiny clean lines", |n| repeat("é\n", n)),
    ("CR line breaks", |n| repeat("Ã©\r", n)),
    ("mixed mojibake and clean text, one line", |n| {
        repeat(
            "The cafÃ© sells crÃ¨me brÃ»lÃ©e for â‚¬4 and plain tea. ",
            n,
        )
    }),
    // Each round of fixes peels one layer; the pipeline peels them all in one pass.
    ("nested entities", |n| format!("&{}", "amp;".repeat(n / 4))),
    ("nested entities in text", |n| {
        format!("Fish &{}gt; chips &lt;3", "amp;".repeat(n / 4))
    }),
    ("nested escapes, controls kept", |n| {
        format!("{}{}", "\x1b[".repeat(n / 5), "31m".repeat(n / 5))
    }),
    ("nested escapes and entities, controls kept", |n| {
        format!(
            "{}{}&{}lt;",
            "\x1b[".repeat(n / 16),
            "1;2m".repeat(n / 16),
            "amp;".repeat(n / 16)
        )
    }),
    ("escape digits under letters, controls kept", |n| {
        format!("\x1b[{}x{}", "1".repeat(n / 2), "a".repeat(n / 2))
    }),
    // With `max_decode_length` at 1,000 characters: one long line in many segments.
    ("short segments", |n| repeat("Ã©tÃ© &amp; “x” \x1b[0m ", n)),
    ("short segments, layered mojibake", |n| {
        repeat("The Mona Lisa doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t have eyebrows. ", n)
    }),
    ("short segments, CESU-8 as text", |n| {
        repeat("í\u{a0}½í¸€ í ½ ", n)
    }),
    // Chinese read as GBK that lost bytes to U+FFFD (`有限公司的信息，`), which the
    // experimental switches read: every character a candidate, every U+FFFD a gap.
    ("experimental: GBK that lost bytes, one line", |n| {
        repeat("鏈夐檺鍏\u{fffd}鍙哥殑淇℃伅锛\u{fffd}", n)
    }),
    (
        "experimental: lost capitals and apostrophes, one line",
        |n| repeat("Les Ãtats câest Ãber ", n),
    ),
    ("experimental: GBK that lost bytes, lines", |n| {
        repeat("鏈夐檺鍏\u{fffd}鍙哥殑淇℃伅锛\u{fffd}涓\u{fffd}鏂囧瓧\n", n)
    }),
];

/// Best of `runs` timings of `f`, in seconds.
fn best_of(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// The time to fix `small` and `large`, best of three, measured in turns.
fn times(small: &str, large: &str, fix: impl Fn(&str)) -> (f64, f64) {
    let (mut a, mut b) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..3 {
        a = a.min(best_of(1, || fix(small)));
        b = b.min(best_of(1, || fix(large)));
    }
    (a, b)
}

/// The bound on how much longer the larger input may take.
const BOUND: f64 = 20.0;

/// [`times`] and the ratio of the two (below two milliseconds the clock says little: such a
/// time counts as two). A ratio over [`BOUND`] is measured again, up to four more times, and
/// the lowest kept: other work on the machine can stretch one measurement, but not every
/// one, while superlinear work is over the bound each time (quadratic gives 64).
fn growth(small: &str, large: &str, fix: impl Fn(&str)) -> (f64, f64, f64) {
    let mut best = (f64::INFINITY, f64::INFINITY, f64::INFINITY);
    for _ in 0..5 {
        let (a, b) = times(small, large, &fix);
        let ratio = b.max(2e-3) / a.max(2e-3);
        if ratio < best.2 {
            best = (a, b, ratio);
        }
        if ratio <= BOUND {
            break;
        }
    }
    best
}

#[test]
fn every_adversarial_input_takes_time_in_proportion_to_its_size() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    const SMALL: usize = 16 << 10;
    const LARGE: usize = 128 << 10;
    let mut report = Vec::new();
    let mut slow = Vec::new();
    for (name, make) in INPUTS {
        let config = config_for(name);
        let (small, large) = (make(SMALL), make(LARGE));
        type Fix = for<'a> fn(&'a str, &Config) -> Cow<'a, str>;
        for (what, fix) in [
            ("fix_text", fix_text as Fix),
            ("fix_encoding", fix_encoding),
        ] {
            let (a, b, ratio) = growth(&small, &large, |t| {
                std::hint::black_box(fix(t, &config));
            });
            report.push(format!("{name} ({what}): {a:.4} s, {b:.4} s, x{ratio:.1}"));
            if ratio > BOUND {
                slow.push(format!("{name} ({what}): x{ratio:.1}"));
            }
        }
    }
    println!("{}", report.join("\n"));
    assert!(
        slow.is_empty(),
        "superlinear: {slow:?}\n{}",
        report.join("\n")
    );
}

/// Lines that look like UTF-8 that lost bytes (`Ã?` is `à`, `é`... whose second byte became
/// `?`) wake the lossy recovery, which weighs the completions of each gap: by far the most
/// expensive text per byte (tens of microseconds in release), so measured at 2 KB and 16 KB,
/// in short lines and in one line (under the recovery's cap of 10,000 gaps a line).
#[test]
fn lossy_looking_text_takes_time_in_proportion_to_its_size() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let config = Config::default();
    let mut slow = Vec::new();
    for (name, unit) in [
        ("short lines", "Ã?Ã?Ã? d?j? vu\n"),
        ("one line", "Ã?Ã?Ã? d?j? vu "),
        // Capitals lost at the start of words beside lost apostrophes: each gap once asked
        // about the whole line (whether it is prose, its language), which was quadratic.
        ("lost capitals, one line", "Les Ãtats câest "),
    ] {
        let (small, large) = (repeat(unit, 2 << 10), repeat(unit, 16 << 10));
        let (a, b, ratio) = growth(&small, &large, |t| {
            std::hint::black_box(fix_text(t, &config));
        });
        println!("{name}: {a:.4} s, {b:.4} s, x{ratio:.1}");
        if ratio > BOUND {
            slow.push(format!("{name}: {a:.4} s, {b:.4} s, x{ratio:.1}"));
        }
    }
    assert!(slow.is_empty(), "superlinear: {slow:?}");
}

/// Nested HTML entities: each round of fixes decodes one layer (`&amp;amp;` → `&amp;` →
/// `&`), and the rounds repeat until nothing changes (ftfy 6.3.1 loops the same way), so
/// round by round a segment of n bytes costs n/4 rounds of O(n). The pipeline peels every
/// layer in one pass where no other fix could act between the rounds. Measured at 4 KB and
/// 32 KB, where the rounds took a quarter of a second.
#[test]
fn nested_entities_take_linear_time() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let make = |n: usize| format!("&{}", "amp;".repeat(n / 4));
    let config = Config::default();
    let (a, b, ratio) = growth(&make(4 << 10), &make(32 << 10), |t| {
        assert_eq!(fix_text(t, &config), "&");
    });
    assert!(ratio <= BOUND, "{a} s, {b} s: x{ratio:.1}");
}

/// Nested terminal escapes with `remove_control_chars` off (with it on, the ESC characters
/// all go in the first round): `ESC [ ESC [ 31m 31m` loses its inner sequence in one round,
/// which makes the outer one whole for the next.
#[test]
fn nested_escapes_take_linear_time() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let make = |n: usize| format!("{}{}", "\x1b[".repeat(n / 5), "31m".repeat(n / 5));
    let mut config = Config::default();
    config.remove_control_chars = false;
    let (a, b, ratio) = growth(&make(4 << 10), &make(32 << 10), |t| {
        assert_eq!(fix_text(t, &config), "");
    });
    assert!(ratio <= BOUND, "{a} s, {b} s: x{ratio:.1}");
}
