use crate::{Config, Normalization, Plan};
use std::borrow::Cow;

/// Fixes text (placeholder body).
pub fn fix_text<'a>(text: &'a str, _config: &Config) -> Cow<'a, str> {
    Cow::Borrowed(text)
}
/// Fixes one segment and explains.
pub fn fix_and_explain<'a>(text: &'a str, _config: &Config) -> (Cow<'a, str>, Plan) {
    (Cow::Borrowed(text), Plan::new())
}
/// Fixes one segment.
pub fn fix_text_segment<'a>(text: &'a str, config: &Config) -> Cow<'a, str> {
    fix_and_explain(text, config).0
}
/// Fixes encoding.
pub fn fix_encoding<'a>(text: &'a str, config: &Config) -> Cow<'a, str> {
    fix_encoding_and_explain(text, config).0
}
/// Fixes encoding and explains.
pub fn fix_encoding_and_explain<'a>(text: &'a str, _config: &Config) -> (Cow<'a, str>, Plan) {
    (Cow::Borrowed(text), Plan::new())
}
pub(crate) fn normalize(text: &str, _form: Normalization) -> Cow<'_, str> {
    Cow::Borrowed(text)
}

/// Fixes a text that arrives in pieces (lines of a file), with the same result as one
/// [`fix_text`] call on the whole: the state that carries from one segment to the next
/// (whether a `<` has turned HTML unescaping off) is kept here.
#[derive(Clone, Debug)]
pub struct StreamFixer {
    config: Config,
}

impl StreamFixer {
    /// A fixer for one text (one file).
    pub fn new(config: Config) -> StreamFixer {
        StreamFixer { config }
    }
    /// Fixes the next piece. Pieces should end at line breaks (a final piece may not).
    pub fn fix<'a>(&mut self, piece: &'a str) -> Cow<'a, str> {
        fix_text(piece, &self.config)
    }
}
