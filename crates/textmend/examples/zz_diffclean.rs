#[allow(dead_code)]
#[path = "../tests/differential.rs"]
mod differential;
fn main() {
    let records = differential::load();
    let config = textmend::Config::experimental();
    let mut n = 0; let mut changed = 0;
    let t = std::time::Instant::now();
    for r in records.iter().filter(|r| r.is_clean()) {
        n += 1;
        let got = textmend::fix_encoding(&r.input, &config);
        if got != r.input && r.fix_encoding.is_none() {
            changed += 1;
            println!("{}\n  in:  {}\n  got: {}", r.kind, r.input, got);
        }
    }
    println!("{changed} of {n} clean lines changed, {:.1}s", t.elapsed().as_secs_f64());
}
