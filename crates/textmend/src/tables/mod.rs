//! Generated tables. Never edit these files by hand: each names the command that regenerates it.

#[rustfmt::skip]
pub mod codepages;
pub mod digits;
#[rustfmt::skip]
pub mod entities;
#[rustfmt::skip]
pub mod legacy_model;
pub mod lossy_model;
#[rustfmt::skip]
pub mod lossy_scripts_model;
#[rustfmt::skip]
pub mod traditional;
pub mod width;
#[rustfmt::skip]
pub mod windows_dbcs;
