//! `--chars`: each character of the input with its code point, general category and name,
//! as ftfy's `explain_unicode` prints them.

use std::fmt::Write as _;
use unicode_general_category::{get_general_category, GeneralCategory as G};

/// The two-letter abbreviation of a general category (`Lu`, `Zs`, ...).
fn category(c: char) -> &'static str {
    match get_general_category(c) {
        G::UppercaseLetter => "Lu",
        G::LowercaseLetter => "Ll",
        G::TitlecaseLetter => "Lt",
        G::ModifierLetter => "Lm",
        G::OtherLetter => "Lo",
        G::NonspacingMark => "Mn",
        G::SpacingMark => "Mc",
        G::EnclosingMark => "Me",
        G::DecimalNumber => "Nd",
        G::LetterNumber => "Nl",
        G::OtherNumber => "No",
        G::ConnectorPunctuation => "Pc",
        G::DashPunctuation => "Pd",
        G::OpenPunctuation => "Ps",
        G::ClosePunctuation => "Pe",
        G::InitialPunctuation => "Pi",
        G::FinalPunctuation => "Pf",
        G::OtherPunctuation => "Po",
        G::MathSymbol => "Sm",
        G::CurrencySymbol => "Sc",
        G::ModifierSymbol => "Sk",
        G::OtherSymbol => "So",
        G::SpaceSeparator => "Zs",
        G::LineSeparator => "Zl",
        G::ParagraphSeparator => "Zp",
        G::Control => "Cc",
        G::Format => "Cf",
        G::Surrogate => "Cs",
        G::PrivateUse => "Co",
        G::Unassigned => "Cn",
        // The enumeration is open to categories Unicode may add.
        _ => "Cn",
    }
}

/// Whether Python would print the character as it is (`str.isprintable`): not a control,
/// format, surrogate, private-use or unassigned character, nor a separator other than
/// the space.
fn is_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    !matches!(
        get_general_category(c),
        G::Control
            | G::Format
            | G::Surrogate
            | G::PrivateUse
            | G::Unassigned
            | G::SpaceSeparator
            | G::LineSeparator
            | G::ParagraphSeparator
    )
}

/// How a character is shown: itself, or an escape (`\n`, `\x1b`, `\u200b`) as Python's
/// `unicode-escape` writes it.
fn display(c: char, out: &mut String) {
    if is_printable(c) {
        out.push(c);
        return;
    }
    let _ = match c {
        '\t' => write!(out, "\\t"),
        '\n' => write!(out, "\\n"),
        '\r' => write!(out, "\\r"),
        c if (c as u32) < 0x100 => write!(out, "\\x{:02x}", c as u32),
        c if (c as u32) < 0x10000 => write!(out, "\\u{:04x}", c as u32),
        c => write!(out, "\\U{:08x}", c as u32),
    };
}

/// Appends one line per character of `text`:
/// `U+00E9  é       [Ll] LATIN SMALL LETTER E WITH ACUTE`.
pub fn explain_chars(text: &str, out: &mut String) {
    let mut shown = String::new();
    for c in text.chars() {
        shown.clear();
        display(c, &mut shown);
        let name = unicode_names2::name(c);
        // Padded to seven terminal columns, as ftfy does (a wide character takes two).
        let padded = textmend::formatting::display_ljust(&shown, 7, ' ')
            .unwrap_or_else(|_| format!("{shown:<7}"));
        let _ = write!(out, "U+{:04X}  {padded} [{}] ", c as u32, category(c));
        match name {
            Some(name) => {
                let _ = writeln!(out, "{name}");
            }
            None => out.push_str("<unknown>\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_like_ftfy() {
        let mut out = String::new();
        explain_chars("é\n\u{3042}\u{FEFF}\u{301}", &mut out);
        assert_eq!(
            out,
            "U+00E9  é       [Ll] LATIN SMALL LETTER E WITH ACUTE\n\
             U+000A  \\n      [Cc] <unknown>\n\
             U+3042  あ      [Lo] HIRAGANA LETTER A\n\
             U+FEFF  \\ufeff  [Cf] ZERO WIDTH NO-BREAK SPACE\n\
             U+0301  \u{301}        [Mn] COMBINING ACUTE ACCENT\n"
        );
    }

    #[test]
    fn algorithmic_names() {
        let mut out = String::new();
        explain_chars("\u{4E00}\u{AC00}", &mut out);
        assert!(out.contains("CJK UNIFIED IDEOGRAPH-4E00"), "{out}");
        assert!(out.contains("HANGUL SYLLABLE GA"), "{out}");
    }
}
