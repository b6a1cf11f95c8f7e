//! PLACEHOLDER: to be written.
use std::borrow::Cow;

/// PLACEHOLDER.
pub fn remove_control_chars(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}
