//! PLACEHOLDER: the clean-text scan.
