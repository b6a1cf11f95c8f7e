use std::borrow::Cow;
use crate::{Config, Normalization, Plan};

/// Fixes text (placeholder body).
pub fn fix_text<'a>(text: &'a str, _config: &Config) -> Cow<'a, str> { Cow::Borrowed(text) }
/// Fixes one segment and explains.
pub fn fix_and_explain<'a>(text: &'a str, _config: &Config) -> (Cow<'a, str>, Plan) { (Cow::Borrowed(text), Plan::new()) }
/// Fixes one segment.
pub fn fix_text_segment<'a>(text: &'a str, config: &Config) -> Cow<'a, str> { fix_and_explain(text, config).0 }
/// Fixes encoding.
pub fn fix_encoding<'a>(text: &'a str, config: &Config) -> Cow<'a, str> { fix_encoding_and_explain(text, config).0 }
/// Fixes encoding and explains.
pub fn fix_encoding_and_explain<'a>(text: &'a str, _config: &Config) -> (Cow<'a, str>, Plan) { (Cow::Borrowed(text), Plan::new()) }
pub(crate) fn normalize(text: &str, _form: Normalization) -> Cow<'_, str> { Cow::Borrowed(text) }
