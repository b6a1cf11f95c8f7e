//! The fixes that are not about encodings, one file each. Every fix is a function
//! `&str -> Cow<str>` that borrows when it has nothing to change.
//!
//! The encoding fixes (`restore_byte_a0`, `replace_lossy_sequences`,
//! `decode_inconsistent_utf8`, `fix_c1_controls`) live in [`crate::encoding`].

pub mod control;
pub mod html;
pub mod ligatures;
pub mod line_breaks;
pub mod quotes;
pub mod surrogates;
pub mod terminal;
pub mod width;

pub use control::remove_control_chars;
pub use html::unescape_html;
pub use ligatures::fix_latin_ligatures;
pub use line_breaks::fix_line_breaks;
pub use quotes::uncurl_quotes;
pub use surrogates::fix_surrogates;
pub use terminal::remove_terminal_escapes;
pub use width::fix_character_width;
