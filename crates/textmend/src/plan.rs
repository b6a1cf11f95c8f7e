//! Plans: the list of steps a repair took, serializable to JSON and replayable.
//!
//! A plan is a list of `[action, parameter]` pairs, as ftfy writes them:
//!
//! ```json
//! [["encode", "sloppy-windows-1252"], ["decode", "utf-8"], ["apply", "uncurl_quotes"]]
//! ```
//!
//! `encode` turns text into bytes through a code page, `decode` turns bytes back into text,
//! `transcode` and `apply` run a named fix (on bytes or on text, as the fix requires), and
//! `normalize` applies a Unicode normalization form. [`apply_plan`] replays a plan on the
//! original text and gives the same result exactly; a step it cannot carry out is an
//! [`Error`], never a panic.

use crate::encoding::{self, codecs};
use crate::error::Error;
use crate::Normalization;
use serde::de::{self, SeqAccess, Visitor};
use serde::ser::SerializeTuple;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// What a step does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Text to bytes, through the code page named by the parameter.
    Encode,
    /// Bytes to text, through the code page named by the parameter.
    Decode,
    /// A fix that works on bytes (between an `encode` and a `decode`), or on text.
    Transcode,
    /// A fix applied to text.
    Apply,
    /// Unicode normalization; the parameter is the form (`NFC`...).
    Normalize,
}

impl Action {
    /// The action's name in a plan.
    pub fn name(self) -> &'static str {
        match self {
            Action::Encode => "encode",
            Action::Decode => "decode",
            Action::Transcode => "transcode",
            Action::Apply => "apply",
            Action::Normalize => "normalize",
        }
    }

    fn from_name(name: &str) -> Option<Action> {
        Some(match name {
            "encode" => Action::Encode,
            "decode" => Action::Decode,
            "transcode" => Action::Transcode,
            "apply" => Action::Apply,
            "normalize" => Action::Normalize,
            _ => return None,
        })
    }
}

/// One step of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Step {
    /// What the step does.
    pub action: Action,
    /// The code page, fix or normalization form it does it with.
    pub parameter: String,
}

impl Step {
    /// A step from its two parts.
    pub fn new(action: Action, parameter: impl Into<String>) -> Step {
        Step {
            action,
            parameter: parameter.into(),
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.action.name(), self.parameter)
    }
}

impl Serialize for Step {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut t = serializer.serialize_tuple(2)?;
        t.serialize_element(self.action.name())?;
        t.serialize_element(&self.parameter)?;
        t.end()
    }
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Step, D::Error> {
        struct StepVisitor;
        impl<'de> Visitor<'de> for StepVisitor {
            type Value = Step;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a pair [action, parameter]")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Step, A::Error> {
                let action: String = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let parameter: String = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                if seq.next_element::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(3, &self));
                }
                let action = Action::from_name(&action).ok_or_else(|| {
                    de::Error::unknown_variant(
                        &action,
                        &["encode", "decode", "transcode", "apply", "normalize"],
                    )
                })?;
                Ok(Step { action, parameter })
            }
        }
        deserializer.deserialize_tuple(2, StepVisitor)
    }
}

/// The steps a repair took, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Plan {
    /// The steps.
    pub steps: Vec<Step>,
}

impl Plan {
    /// An empty plan: nothing was changed.
    pub fn new() -> Plan {
        Plan::default()
    }

    /// Whether the plan has no steps.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Adds a step.
    pub fn push(&mut self, action: Action, parameter: impl Into<String>) {
        self.steps.push(Step::new(action, parameter));
    }

    /// The plan as JSON: `[["encode","latin-1"],["decode","utf-8"]]`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a plan always serializes")
    }

    /// Reads a plan from JSON. Unknown actions are an error here; unknown parameters are an
    /// error when the plan is applied.
    pub fn from_json(json: &str) -> Result<Plan, serde_json::Error> {
        serde_json::from_str(json)
    }
}

impl From<Vec<Step>> for Plan {
    fn from(steps: Vec<Step>) -> Plan {
        Plan { steps }
    }
}

/// The spans a lossy repair's step (`restore_lost_bytes:[...]`) rewrites: for each, its byte
/// position in the text the step applies to, what was there, and what replaces it (a
/// U+FFFD in it marks a lost character not restored, see `Config::mark_unsure`). `None` for
/// any other step parameter.
///
/// ```
/// let spans = textmend::plan::lost_bytes_fills(r#"restore_lost_bytes:[[5,"โ","’"]]"#);
/// assert_eq!(spans, Some(vec![(5, "โ".to_string(), "’".to_string())]));
/// assert_eq!(textmend::plan::lost_bytes_fills("uncurl_quotes"), None);
/// ```
pub fn lost_bytes_fills(parameter: &str) -> Option<Vec<(usize, String, String)>> {
    encoding::beyond::lost_bytes_fills(parameter)?.ok()
}

/// The code page whose runs an `apply` step of the extra code pages decodes
/// (`decode_runs:gbk` gives `gbk`); `None` for any other step parameter.
pub fn runs_decoded_through(parameter: &str) -> Option<&str> {
    encoding::beyond::runs_decoded_through(parameter)
}

/// What a plan works on between its steps.
enum Value {
    Text(String),
    Bytes(Vec<u8>),
}

/// Replays a plan on `text`. Applying the plan returned with a repair to the text it was
/// computed from gives the repaired text exactly.
pub fn apply_plan(text: &str, plan: &Plan) -> Result<String, Error> {
    let mut value = Value::Text(text.to_string());
    for (index, step) in plan.steps.iter().enumerate() {
        let impossible = |reason: String| Error::Impossible { index, reason };
        value = match (step.action, value) {
            (Action::Encode, Value::Text(t)) => {
                let codec = codecs::by_name(&step.parameter)
                    .ok_or_else(|| Error::UnknownEncoding(step.parameter.clone()))?;
                Value::Bytes(codec.encode(&t).map_err(|e| impossible(e.to_string()))?)
            }
            (Action::Decode, Value::Bytes(b)) => {
                let codec = codecs::by_name(&step.parameter)
                    .ok_or_else(|| Error::UnknownEncoding(step.parameter.clone()))?;
                Value::Text(codec.decode(&b).map_err(|e| impossible(e.to_string()))?)
            }
            (Action::Apply, Value::Text(t)) if encoding::beyond::writes_step(step) => {
                Value::Text(encoding::beyond::replay(step, &t).map_err(impossible)?)
            }
            (Action::Transcode | Action::Apply, value) => {
                let fixer = encoding::fixer_by_name(&step.parameter)
                    .ok_or_else(|| Error::UnknownStep(step.parameter.clone()))?;
                match (fixer, value) {
                    (encoding::Fixer::Text(f), Value::Text(t)) => Value::Text(f(&t).into_owned()),
                    (encoding::Fixer::Bytes(f), Value::Bytes(b)) => {
                        Value::Bytes(f(&b).into_owned())
                    }
                    (encoding::Fixer::Text(_), Value::Bytes(_)) => {
                        return Err(impossible(format!(
                            "{} works on text, but the plan has bytes here",
                            step.parameter
                        )))
                    }
                    (encoding::Fixer::Bytes(_), Value::Text(_)) => {
                        return Err(impossible(format!(
                            "{} works on bytes, but the plan has text here",
                            step.parameter
                        )))
                    }
                }
            }
            (Action::Normalize, Value::Text(t)) => {
                let form: Normalization = step.parameter.parse()?;
                Value::Text(crate::pipeline::normalize(&t, form).into_owned())
            }
            (Action::Encode | Action::Normalize, Value::Bytes(_)) => {
                return Err(impossible(format!(
                    "{step} needs text, but the plan has bytes here"
                )))
            }
            (Action::Decode, Value::Text(_)) => {
                return Err(impossible(format!(
                    "{step} needs bytes, but the plan has text here"
                )))
            }
        };
    }
    match value {
        Value::Text(t) => Ok(t),
        Value::Bytes(_) => Err(Error::Impossible {
            index: plan.steps.len(),
            reason: "the plan ends with bytes: it needs a final decode step".to_string(),
        }),
    }
}
