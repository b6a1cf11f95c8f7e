use std::fmt;

/// Errors from the library. Fixing text never fails; these come from replaying a plan and from
/// parsing names.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A plan named an encoding that textmend does not know.
    UnknownEncoding(String),
    /// A plan named a fix that textmend does not know, or a step of an unknown kind.
    UnknownStep(String),
    /// A normalization form other than NFC, NFD, NFKC, NFKD or none.
    UnknownNormalization(String),
    /// A plan step could not be carried out: encoding a character the code page lacks,
    /// decoding bytes that are not valid in the code page, or a step given text where it
    /// needs bytes (or the reverse).
    Impossible {
        /// The step's position in the plan, from 0.
        index: usize,
        /// What went wrong.
        reason: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnknownEncoding(e) => write!(f, "unknown encoding: {e:?}"),
            Error::UnknownStep(s) => write!(f, "unknown step: {s:?}"),
            Error::UnknownNormalization(s) => {
                write!(
                    f,
                    "unknown normalization {s:?} (expected NFC, NFD, NFKC, NFKD or none)"
                )
            }
            Error::Impossible { index, reason } => write!(f, "plan step {index}: {reason}"),
        }
    }
}

impl std::error::Error for Error {}
