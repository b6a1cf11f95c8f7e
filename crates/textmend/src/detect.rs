//! Bytes of unknown encoding to text: byte order marks, UTF-8, UTF-16/32, legacy code pages.
