//! Repairs beyond ftfy's reach, tried only when ftfy's own search finds nothing to do:
//! UTF-8 misread through more code pages, legacy text shown through the wrong legacy code
//! page, and UTF-8 that lost bytes on the way. Each must clear a high bar of evidence; text
//! that does not is left as it is.
//!
//! Lossy recovery ([`super::repair_dropped_bytes`]) writes one plan step per repair,
//! `["apply", "restore_lost_bytes:[[POSITION, SEEN, CHOSEN], ...]"]`: at byte POSITION of the
//! text the damaged span SEEN was replaced by CHOSEN. The step is an audit trail as much as a
//! recipe: every guess is in it, and replaying it checks that each span is where it says.

use crate::plan::{Action, Step};
use crate::Config;

/// The prefix of the plan steps that lossy recovery writes.
const LOST_BYTES_STEP: &str = "restore_lost_bytes:";

/// A cheap test: could any repair beyond ftfy apply to `text`? `false` is a promise that
/// [`repair`] would return `None`.
pub fn may_apply(text: &str, config: &Config) -> bool {
    config.lossy_repair && super::may_need_repair(text)
}

/// Tries the repairs beyond ftfy that `config` turns on, in order; the first that is
/// confident wins. Returns the repaired text and the plan steps that replay it.
pub fn repair(text: &str, config: &Config) -> Option<(String, Vec<Step>)> {
    if config.lossy_repair && super::may_need_repair(text) {
        if let Some((fixed, inferences)) = super::repair_dropped_bytes(text) {
            let fills: Vec<(usize, &str, &str)> = inferences
                .iter()
                .map(|i| (i.position, i.seen.as_str(), i.chosen.as_str()))
                .collect();
            let json = serde_json::to_string(&fills).ok()?;
            let step = Step::new(Action::Apply, format!("{LOST_BYTES_STEP}{json}"));
            // The step must say exactly what was done: replaying it gives the repair.
            if replay(&step, text).as_deref() == Ok(fixed.as_str()) {
                return Some((fixed, vec![step]));
            }
        }
    }
    None
}

/// Whether a plan step was written by one of these repairs (and so [`replay`] carries it
/// out).
pub fn writes_step(step: &Step) -> bool {
    step.action == Action::Apply && step.parameter.starts_with(LOST_BYTES_STEP)
}

/// Replays a plan step written by one of these repairs: the result, or why it cannot be
/// carried out.
pub fn replay(step: &Step, text: &str) -> Result<String, String> {
    let Some(json) = step.parameter.strip_prefix(LOST_BYTES_STEP) else {
        return Err(format!("{step} is not a step of the repairs beyond ftfy"));
    };
    let fills: Vec<(usize, String, String)> =
        serde_json::from_str(json).map_err(|e| format!("{LOST_BYTES_STEP} {e}"))?;
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    for (position, seen, chosen) in fills {
        let end = position.saturating_add(seen.len());
        if position < copied || text.get(position..end) != Some(seen.as_str()) {
            return Err(format!(
                "{LOST_BYTES_STEP} expected {seen:?} at byte {position}, which the text does not have"
            ));
        }
        out.push_str(&text[copied..position]);
        out.push_str(&chosen);
        copied = end;
    }
    out.push_str(&text[copied..]);
    Ok(out)
}
