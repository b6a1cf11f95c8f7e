//! PLACEHOLDER: to be written.
use std::borrow::Cow;

/// PLACEHOLDER.
pub fn fix_latin_ligatures(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}
