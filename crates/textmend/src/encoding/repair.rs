use crate::{Config, Plan};
use std::borrow::Cow;
pub fn decode_inconsistent_utf8(t: &str) -> Cow<'_, str> {
    Cow::Borrowed(t)
}
pub fn fix_c1_controls(t: &str) -> Cow<'_, str> {
    Cow::Borrowed(t)
}
pub fn fix_encoding_one_step(t: &str, _c: &Config) -> (String, Plan) {
    (t.to_string(), Plan::new())
}
