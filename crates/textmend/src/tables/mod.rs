//! Generated tables. Never edit these files by hand: each names the command that regenerates it.

#[rustfmt::skip]
pub mod codepages;
pub mod digits;
pub mod entities;
pub mod lossy_model;
pub mod width;
