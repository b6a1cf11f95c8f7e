//! PLACEHOLDER: to be written.
use std::borrow::Cow;

/// PLACEHOLDER.
pub fn fix_line_breaks(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}
