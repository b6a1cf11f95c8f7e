//! Arbitrary bytes through every code page textmend knows, both ways, through `detect` and
//! its decoders for every label, and through the other byte-level entry points: no panic,
//! what decodes encodes back to the same bytes, and a decoder fed the bytes in two chunks
//! gives what it gives on them whole.
#![no_main]

use libfuzzer_sys::fuzz_target;
use textmend::detect::{detect, TextEncoding};
use textmend::encoding::{self, codecs, heuristic};
use textmend::fixes::surrogates::decode_wtf8_lossy;
use textmend_fuzz::reference::CODEC_NAMES;

fuzz_target!(|bytes: &[u8]| {
    let lossy = String::from_utf8_lossy(bytes);
    for name in CODEC_NAMES {
        let codec = codecs::by_name(name).expect("every listed code page exists");
        assert_eq!(codec.name(), *name);
        if let Ok(text) = codec.decode(bytes) {
            // Decoding is one-to-one: the text encodes back to the same bytes. Except in
            // utf-8-variants, where a CESU-8 pair and the four-byte form are one character
            // (encoding writes standard UTF-8): there the encoding decodes to the same text.
            let again = codec
                .encode(&text)
                .unwrap_or_else(|e| panic!("{name}: {text:?} decoded but does not encode: {e}"));
            if *name == "utf-8-variants" {
                assert_eq!(codec.decode(&again).as_deref(), Ok(&*text), "{name}");
            } else {
                assert_eq!(
                    again, bytes,
                    "{name}: decode then encode is not the identity"
                );
            }
        }
        if let Ok(encoded) = codec.encode(&lossy) {
            let back = codec
                .decode(&encoded)
                .unwrap_or_else(|e| panic!("{name}: encoded {lossy:?} does not decode: {e}"));
            assert_eq!(
                back, lossy,
                "{name}: encode then decode is not the identity"
            );
        }
    }
    // Names from the wild: any string is a name or not, without panicking.
    let _ = codecs::by_name(&lossy);
    let _ = encoding::fixer_by_name(&lossy);

    // UTF-8 with its variants accepts everything strict UTF-8 does, with the same result.
    let (_, variants) = codecs::decode_utf8_for_repair(bytes);
    let wtf8 = decode_wtf8_lossy(bytes);
    if let Ok(strict) = std::str::from_utf8(bytes) {
        assert_eq!(variants.as_deref(), Ok(strict));
        assert_eq!(wtf8.as_deref(), Some(strict));
    }
    let _ = codecs::decode_utf8_variants(bytes);

    // The fixes on recovered bytes, and the heuristic, on anything.
    let _ = encoding::restore_byte_a0(bytes);
    let _ = encoding::replace_lossy_sequences(bytes);
    let _ = heuristic::is_bad(&lossy);

    // Detection never fails, and what it picks decodes anything, with U+FFFD at worst.
    for complete in [false, true] {
        let found = detect(bytes, complete);
        found
            .encoding
            .decode_all(bytes, true)
            .unwrap_or_else(|e| panic!("{}: replacing decoder failed: {e}", found.encoding));
    }
    // Every label's decoder, whole and in two chunks cut where the first byte says.
    let split = bytes
        .first()
        .map_or(0, |&b| usize::from(b) % (bytes.len() + 1));
    for label in LABELS.iter().chain(CODEC_NAMES) {
        // utf-8-variants is the repair's own decoder, not a label.
        let Some(encoding) = TextEncoding::for_label(label) else {
            assert!(CODEC_NAMES.contains(label), "{label} is not a label");
            continue;
        };
        for replace in [false, true] {
            let whole = encoding.decode_all(bytes, replace);
            if replace {
                assert!(whole.is_ok(), "{label}: replacing decoder failed");
            }
            let mut decoder = encoding.new_decoder(replace);
            let mut chunked = String::new();
            let result = decoder
                .decode(&bytes[..split], false, &mut chunked)
                .and_then(|()| decoder.decode(&bytes[split..], true, &mut chunked));
            match (&whole, result) {
                (Ok(text), Ok(())) => assert_eq!(&chunked, text, "{label}: chunks differ"),
                (Err(a), Err(b)) => assert_eq!(a.offset, b.offset, "{label}: error offsets"),
                (a, b) => panic!("{label} (replace {replace}): whole {a:?}, in chunks {b:?}"),
            }
        }
    }
});

/// Labels `detect` knows beyond the engine's code pages.
const LABELS: &[&str] = &[
    "utf-8",
    "utf-16le",
    "utf-16be",
    "utf-16",
    "utf-32",
    "utf-32le",
    "utf-32be",
    "shift-jis",
    "euc-jp",
    "iso-2022-jp",
    "gbk",
    "gb18030",
    "big5",
    "euc-kr",
    "windows-1251",
    "koi8-r",
    "ibm855",
    "johab",
    "mac-cyrillic",
    "iso-8859-15",
    "windows-874",
];
