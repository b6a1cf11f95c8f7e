//! Repairs beyond ftfy's reach, tried only when ftfy's own search finds nothing to do:
//! UTF-8 misread through more code pages, legacy text shown through the wrong legacy code
//! page, and UTF-8 that lost bytes on the way. Each must clear a high bar of evidence; text
//! that does not is left as it is.

use crate::plan::Step;
use crate::Config;

/// A cheap test: could any repair beyond ftfy apply to `text`? `false` is a promise that
/// [`repair`] would return `None`.
pub fn may_apply(text: &str, config: &Config) -> bool {
    let _ = (text, config);
    false
}

/// Tries the repairs beyond ftfy that `config` turns on, in order; the first that is
/// confident wins. Returns the repaired text and the plan steps that replay it.
pub fn repair(text: &str, config: &Config) -> Option<(String, Vec<Step>)> {
    let _ = (text, config);
    None
}

/// Whether a plan step was written by one of these repairs (and so [`replay`] carries it
/// out).
pub fn writes_step(step: &Step) -> bool {
    let _ = step;
    false
}

/// Replays a plan step written by one of these repairs: the result, or why it cannot be
/// carried out.
pub fn replay(step: &Step, text: &str) -> Result<String, String> {
    let _ = text;
    Err(format!("{step} is not a step of the repairs beyond ftfy"))
}
