//! The seed article (tests/data/lossy/seed/): UTF-8 read as TIS-620 with the C1 controls
//! stripped, so that 21 curly quotes of three kinds all became "โ". The general lossy
//! recovery, through the ordinary pipeline, must restore every one.

use textmend::{apply_plan, fix_and_explain, fix_encoding, fix_text, Config, StreamFixer};

fn read(name: &str) -> String {
    let path = format!(
        "{}/../../tests/data/lossy/seed/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn seed_fix_encoding_restores_every_quote() {
    let broken = read("article.broken.txt");
    let expected = read("article.fixed-encoding.txt");
    assert_eq!(fix_encoding(&broken, &Config::default()), expected);
}

#[test]
fn seed_fix_text_restores_then_uncurls() {
    let broken = read("article.broken.txt");
    let expected = read("article.fixed-text.txt");
    assert_eq!(fix_text(&broken, &Config::default()), expected);
    // Line by line, as the command line streams it.
    let mut stream = StreamFixer::new(Config::default());
    let streamed: String = broken
        .split_inclusive('\n')
        .map(|l| stream.fix(l).into_owned())
        .collect();
    assert_eq!(streamed, expected);
}

#[test]
fn seed_plans_name_each_inference_and_replay() {
    let broken = read("article.broken.txt");
    for line in broken.split_inclusive('\n') {
        let (fixed, plan) = fix_and_explain(line, &Config::default());
        assert_eq!(apply_plan(line, &plan).unwrap(), fixed);
        if line.contains('โ') {
            let json = plan.to_json();
            assert!(json.contains("restore_lost_bytes:"), "{json}");
        }
    }
}

#[test]
fn ftfy_configuration_leaves_the_seed_broken() {
    // ftfy cannot repair it: with ftfy's configuration textmend does not either.
    let broken = read("article.broken.txt");
    assert_eq!(fix_encoding(&broken, &Config::ftfy()), broken);
}

#[test]
fn a_wrong_replay_is_an_error() {
    let plan =
        textmend::Plan::from_json(r#"[["apply","restore_lost_bytes:[[0,\"โ\",\"’\"]]"]]"#).unwrap();
    assert_eq!(apply_plan("โx", &plan).unwrap(), "’x");
    assert!(apply_plan("xโ", &plan).is_err());
    let bad = textmend::Plan::from_json(r#"[["apply","restore_lost_bytes:nonsense"]]"#).unwrap();
    assert!(apply_plan("โx", &bad).is_err());
}
