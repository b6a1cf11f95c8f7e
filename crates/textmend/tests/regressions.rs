//! Inputs that fuzzing and the property tests turned up, each pinned by a test named after
//! what it pins. A test marked `#[ignore]` pins a bug that is reported and not yet fixed:
//! `cargo test -- --ignored` shows it failing until the fix lands, then the `ignore` goes.

use textmend::detect::TextEncoding;
use textmend::encoding::codecs;
use textmend::{fix_encoding, fix_text, Config};

/// Decodes `bytes` with a decoder of `label`, fed in two chunks cut at `split`; the error's
/// byte offset if it fails.
fn decode_in_two_chunks(label: &str, bytes: &[u8], split: usize) -> Result<String, u64> {
    let encoding = TextEncoding::for_label(label).expect("a known label");
    let mut decoder = encoding.new_decoder(false);
    let mut out = String::new();
    decoder
        .decode(&bytes[..split], false, &mut out)
        .and_then(|()| decoder.decode(&bytes[split..], true, &mut out))
        .map(|()| out)
        .map_err(|e| e.offset)
}

/// Found by the `decode` fuzz target. `85 31` starts a four-byte GB18030 sequence, which
/// `C3 94` does not finish: the sequence at offset 0 is malformed, and decoding the bytes
/// whole says so. Fed in two chunks cut inside the sequence, the decoder reports offset 1
/// (cut after `85 31`) or 2 (cut after `85 31 C3`): the offset moves with the chunking, so
/// a message that names the byte offset of bad input points at the wrong byte. GBK too.
#[test]
fn gb18030_error_offset_does_not_depend_on_chunking() {
    let bytes = b"\x85\x31\xc3\x94";
    for label in ["gb18030", "gbk"] {
        let whole = TextEncoding::for_label(label)
            .unwrap()
            .decode_all(bytes, false)
            .map_err(|e| e.offset);
        assert_eq!(whole, Err(0), "{label}");
        for split in 0..=bytes.len() {
            assert_eq!(
                decode_in_two_chunks(label, bytes, split),
                whole,
                "{label}, cut at {split}"
            );
        }
    }
}

/// Chunking never changes what a decoder reads or where it fails, for the encodings whose
/// decoders are right about it (the same input as above, and the ones that surround it).
#[test]
fn error_offsets_do_not_depend_on_chunking_elsewhere() {
    let inputs: &[&[u8]] = &[
        b"\x85\x31\xc3\x94",
        b"a\x81",
        b"\x81\x39\x81",
        b"\x8e\x41",
        b"\xa4\x41",
        b"\xed\xa0\x80",
        b"\xff\xfe\x00",
    ];
    for label in [
        "big5",
        "euc-kr",
        "shift-jis",
        "euc-jp",
        "utf-8",
        "utf-16le",
        "utf-32",
        "johab",
        "ibm855",
    ] {
        let encoding = TextEncoding::for_label(label).unwrap();
        for bytes in inputs {
            let whole = encoding.decode_all(bytes, false).map_err(|e| e.offset);
            for split in 0..=bytes.len() {
                assert_eq!(
                    decode_in_two_chunks(label, bytes, split),
                    whole,
                    "{label} {bytes:02x?}, cut at {split}"
                );
            }
        }
    }
}

/// Found by the `decode` fuzz target (a wrong expectation, not a bug): utf-8-variants reads
/// a CESU-8 surrogate pair and the four-byte UTF-8 form as the same character, and writes
/// the four-byte form. So it is not one-to-one; decoding what it writes gives the text back.
#[test]
fn utf8_variants_reads_cesu8_and_four_byte_forms_alike() {
    let codec = codecs::by_name("utf-8-variants").unwrap();
    let cesu = b"Hi guys \xed\xa0\xbd\xed\xb8\x8d";
    let standard = "Hi guys \u{1f60d}".as_bytes();
    assert_eq!(codec.decode(cesu).unwrap(), "Hi guys \u{1f60d}");
    assert_eq!(codec.decode(standard).unwrap(), "Hi guys \u{1f60d}");
    assert_eq!(codec.encode("Hi guys \u{1f60d}").unwrap(), standard);
}

/// Found by the idempotence property; ftfy 6.3.1 does the same. U+2028 joins two lines
/// into one segment, where the `ǆ` keeps MacRoman from encoding the line, so `√†` (MacRoman
/// mojibake of `à`) stays; the first pass turns U+2028 into `\n`, and the second pass, line
/// by line, repairs it.
#[test]
fn line_breaks_made_by_the_first_pass_let_the_second_repair_more() {
    let config = Config::ftfy();
    let once = fix_text("a √† \u{2028}ǆ", &config);
    assert_eq!(once, "a √† \ndž");
    assert_eq!(fix_text(&once, &config), "a à \ndž");
}

/// Found by the clean-text property; ftfy 6.3.1 does the same. A capital `Â` or `Ã` before
/// a space is read as the no-break space or `à` whose A0 byte became a space.
#[test]
fn capital_a_circumflex_or_tilde_before_a_space_reads_as_mojibake() {
    let config = Config::ftfy();
    assert_eq!(fix_encoding("Â ", &config), "\u{a0}");
    assert_eq!(fix_encoding("Ã ", &config), "à ");
    assert_eq!(fix_encoding("Ã", &config), "Ã");
}

/// Found by the `fix_encoding` fuzz target: with the legacy code pages on, the plan of
/// `"\0\0 \u{1a}ndÃ"` said `encode sloppy-windows-1252, decode windows-1250`, which cannot
/// replay: the reading had left U+001A alone, and the encode step has no byte for it. Every
/// plan must replay to the output it explains; a legacy reading whose steps would not is not
/// made.
#[test]
fn legacy_plan_with_control_characters_replays() {
    let mut config = Config::default();
    config.restore_byte_a0 = false;
    config.decode_inconsistent_utf8 = false;
    config.fix_c1_controls = false;
    config.extra_code_pages = true;
    config.legacy_code_pages = true;
    config.lossy_repair = false;
    for max in [31, 1_000_000] {
        config.max_decode_length = max;
        let text = "\0\0 \u{1a}nd\u{c3}";
        let (fixed, plan) = textmend::fix_encoding_and_explain(text, &config);
        assert_eq!(fix_encoding(text, &config), fixed);
        let replayed = textmend::apply_plan(text, &plan);
        assert_eq!(
            replayed.as_deref().ok(),
            Some(&*fixed),
            "{}",
            plan.to_json()
        );
    }
}

/// Found by the `fix_text` fuzz target: the same flaw as the test above, one round later. In
/// a text that ftfy's repairs had already changed, a legacy reading's plan (`encode
/// sloppy-windows-1252, decode windows-1253`) stopped at a character the encode step has no
/// byte for.
#[test]
fn legacy_plan_after_other_repairs_replays() {
    let mut config = Config::default();
    config.restore_byte_a0 = false;
    config.replace_lossy_sequences = false;
    config.remove_terminal_escapes = false;
    config.fix_character_width = false;
    config.fix_line_breaks = false;
    config.remove_control_chars = false;
    config.legacy_code_pages = true;
    config.unescape_html = textmend::UnescapeHtml::Never;
    config.normalization = textmend::Normalization::Nfkd;
    let text = "stWbytes:\r\u{4}\r\0&\r\0\0\0\u{1}\0\0(\u{c3}?\u{c2}\u{a2}\u{e2}?\u{ac}\u{e2}?\u{a2}\r\u{3}c\u{1a}\n/f&f%\0\0\0'\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0%\0\0\0'\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\u{8}\u{3}p\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\u{80}\r\u{1}\n/ff\0\u{80}lass\0\0\0\u{1}\0\0(\u{c3}?\u{c2}";
    let (explained, plan) = textmend::fix_and_explain(text, &config);
    assert_eq!(explained, textmend::fix_text_segment(text, &config));
    let replayed = textmend::apply_plan(text, &plan);
    assert_eq!(
        replayed.as_deref().ok(),
        Some(&*explained),
        "{}",
        plan.to_json()
    );
}

/// Found by `scripts/eval/word_salad.py` (Turkish, 300 lines, seed 4242): Turkish `hâlâ`
/// ("still"), in a line whose only other letters are ASCII, was read by lossy recovery as
/// Latin-1 that lost two quotes (`â` is the lead byte of `’`), with the defaults: the
/// line's languages were not Turkish enough for `â` to be likely, and the word was not
/// among the known words, then the commonest over all languages weighted (Turkish weighs
/// 0.02). Each language's own 750 commonest words with a letter beyond a-z are known now.
#[test]
fn turkish_hala_is_not_read_as_lost_quotes() {
    let line = "Buyrun uygulamalar hâlâ alan.";
    assert_eq!(fix_text(line, &Config::default()), line);
    assert_eq!(fix_encoding(line, &Config::default()), line);
}
