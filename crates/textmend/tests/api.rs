//! The library's contract: borrowing on clean text, plans that replay or fail cleanly,
//! configuration by name, segmenting.

use std::borrow::Cow;
use textmend::{
    apply_plan, fix_and_explain, fix_encoding, fix_text, Action, Config, Error, Normalization,
    Plan, Step, StreamFixer, UnescapeHtml,
};

#[test]
fn clean_text_is_borrowed() {
    let config = Config::default();
    for text in [
        "",
        "plain ASCII with tabs\tand\nnewlines\n",
        "Привет, мир! Καλημέρα. 你好世界。 こんにちは。 안녕하세요. مرحبا. שלום. สวัสดี",
        "naïve café, Größe, żółć, Việt Nam",
    ] {
        assert!(
            matches!(fix_text(text, &config), Cow::Borrowed(_)),
            "{text:?} was copied"
        );
        assert!(matches!(fix_encoding(text, &config), Cow::Borrowed(_)));
    }
}

#[test]
fn plan_json_round_trip() {
    let (fixed, plan) = fix_and_explain("cafÃ©", &Config::default());
    assert_eq!(fixed, "café");
    assert_eq!(
        plan.to_json(),
        r#"[["encode","latin-1"],["decode","utf-8"]]"#
    );
    assert_eq!(Plan::from_json(&plan.to_json()).unwrap(), plan);
    assert_eq!(apply_plan("cafÃ©", &plan).unwrap(), "café");
}

#[test]
fn bad_plans_are_errors_not_panics() {
    let plan = |steps: &[(&str, &str)]| {
        let json =
            serde_json::to_string(&steps.iter().map(|(a, p)| vec![*a, *p]).collect::<Vec<_>>())
                .unwrap();
        Plan::from_json(&json)
    };
    // Unknown action: a JSON error.
    assert!(plan(&[("explode", "x")]).is_err());
    assert!(Plan::from_json(r#"[["encode"]]"#).is_err());
    assert!(Plan::from_json(r#"[["encode","latin-1","x"]]"#).is_err());
    let run = |steps: &[(&str, &str)]| apply_plan("ĉ€", &plan(steps).unwrap());
    assert!(matches!(
        run(&[("encode", "klingon")]),
        Err(Error::UnknownEncoding(_))
    ));
    assert!(matches!(
        run(&[("apply", "make_it_better")]),
        Err(Error::UnknownStep(_))
    ));
    // ĉ is not in Latin-1.
    assert!(matches!(
        run(&[("encode", "latin-1"), ("decode", "utf-8")]),
        Err(Error::Impossible { index: 0, .. })
    ));
    // A plan that ends with bytes, and steps given the wrong kind of value.
    assert!(matches!(
        run(&[("encode", "utf-8")]),
        Err(Error::Impossible { index: 1, .. })
    ));
    assert!(matches!(
        run(&[("decode", "utf-8")]),
        Err(Error::Impossible { index: 0, .. })
    ));
    assert!(matches!(
        run(&[("encode", "utf-8"), ("apply", "uncurl_quotes")]),
        Err(Error::Impossible { index: 1, .. })
    ));
    assert!(matches!(
        run(&[("transcode", "restore_byte_a0")]),
        Err(Error::Impossible { index: 0, .. })
    ));
    assert!(matches!(
        run(&[("normalize", "NFX")]),
        Err(Error::UnknownNormalization(_))
    ));
    // Invalid UTF-8 after a decode that cannot work.
    assert!(matches!(
        apply_plan(
            "Ã",
            &Plan::from(vec![
                Step::new(Action::Encode, "latin-1"),
                Step::new(Action::Decode, "utf-8")
            ])
        ),
        Err(Error::Impossible { index: 1, .. })
    ));
}

#[test]
fn config_by_name() {
    let mut c = Config::default();
    c.set_step("uncurl-quotes", false).unwrap();
    assert!(!c.uncurl_quotes);
    c.set_step("normalization", false).unwrap();
    assert_eq!(c.normalization, Normalization::None);
    c.set_step("unescape_html", false).unwrap();
    assert_eq!(c.unescape_html, UnescapeHtml::Never);
    assert!(matches!(
        c.set_step("nonsense", false),
        Err(Error::UnknownStep(_))
    ));
    for name in textmend::config::STEP_NAMES {
        Config::default().set_step(name, false).unwrap();
    }
    assert_eq!(
        "nfkc".parse::<Normalization>().unwrap(),
        Normalization::Nfkc
    );
    assert!("nfx".parse::<Normalization>().is_err());
    let text = "“curly” ﬁ";
    assert_eq!(fix_text(text, &Config::no_fixes()), text);
}

#[test]
fn html_auto_rule_is_sticky_across_segments() {
    let config = Config::default();
    assert_eq!(
        fix_text("&amp;\n<b>&amp;</b>\n&amp;\n", &config),
        "&\n<b>&amp;</b>\n&amp;\n"
    );
    let mut stream = StreamFixer::new(config.clone());
    let lines = ["&amp;\n", "<b>&amp;</b>\n", "&amp;\n"];
    let streamed: String = lines.iter().map(|l| stream.fix(l).into_owned()).collect();
    assert_eq!(streamed, "&\n<b>&amp;</b>\n&amp;\n");
    let mut always = config.clone();
    always.unescape_html = UnescapeHtml::Always;
    assert_eq!(fix_text("<b>&amp;</b>", &always), "<b>&</b>");
}

#[test]
fn segments_are_cut_at_max_decode_length() {
    let mut config = Config::default();
    config.max_decode_length = 4;
    // "cafÃ©" cut after 4 characters leaves "Ã" and "©" in different segments, so the
    // mojibake is not seen whole: segmenting is visible, as it is in ftfy.
    assert_eq!(fix_text("cafÃ©", &config), fix_text("cafÃ", &config) + "©");
    config.max_decode_length = 0;
    assert_eq!(fix_text("abc", &config), "abc");
    config.max_decode_length = 1_000_000;
    assert_eq!(fix_text("cafÃ©\ncafÃ©", &config), "café\ncafé");
}

#[test]
fn long_lines_are_cut_between_words() {
    // A line of mojibake longer than the limit. Cut at exactly the limit, as ftfy cuts, some
    // cuts split a `â€™` and leave both halves broken; cut after a space, every word is whole.
    let line = "The Mona Lisa doesnÃ¢â‚¬â„¢t have eyebrows. ".repeat(40);
    let expected = "The Mona Lisa doesn't have eyebrows. ".repeat(40);
    let mut config = Config::default();
    config.max_decode_length = 100;
    assert_eq!(fix_text(&line, &config), expected);
    let mut ftfy = Config::ftfy();
    ftfy.max_decode_length = 100;
    assert_ne!(fix_text(&line, &ftfy), expected);
    // A line with no space in the second half of a segment is cut at the limit.
    let dense = "é".repeat(250);
    assert_eq!(textmend::segment_len(&dense, &config), 200);
}
