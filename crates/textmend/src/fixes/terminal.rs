//! PLACEHOLDER: to be written.
use std::borrow::Cow;

/// PLACEHOLDER.
pub fn remove_terminal_escapes(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}
