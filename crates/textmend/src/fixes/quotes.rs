//! PLACEHOLDER: to be written.
use std::borrow::Cow;

/// PLACEHOLDER.
pub fn uncurl_quotes(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}
