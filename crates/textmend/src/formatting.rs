//! PLACEHOLDER: display-width helpers, to be written.
