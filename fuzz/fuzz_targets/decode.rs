//! Arbitrary bytes through every code page textmend knows, both ways, and through the other
//! byte-level entry points: no panic, and what decodes encodes back to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use textmend::encoding::{self, codecs, heuristic};
use textmend::fixes::surrogates::decode_wtf8_lossy;
use textmend_fuzz::reference::CODEC_NAMES;

fuzz_target!(|bytes: &[u8]| {
    let lossy = String::from_utf8_lossy(bytes);
    for name in CODEC_NAMES {
        let codec = codecs::by_name(name).expect("every listed code page exists");
        assert_eq!(codec.name(), *name);
        if let Ok(text) = codec.decode(bytes) {
            // Decoding is one-to-one: the text encodes back to the same bytes.
            let again = codec
                .encode(&text)
                .unwrap_or_else(|e| panic!("{name}: {text:?} decoded but does not encode: {e}"));
            assert_eq!(
                again, bytes,
                "{name}: decode then encode is not the identity"
            );
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
});
