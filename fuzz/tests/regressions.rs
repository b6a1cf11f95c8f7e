//! Crashes the command-line fuzz targets found in `textmend_cli`, pinned here because the
//! library's own tests cannot depend on the command line's crate. Run with
//! `cargo test --manifest-path fuzz/Cargo.toml` (`-- --ignored` for open bugs, if any).

use textmend::Config;
use textmend_cli::csv::{fix_record, CsvSpec};
use textmend_cli::work::Job;

/// Found by the `csv` fuzz target. A column listed twice (`--csv 2,2 --no-header`; the
/// header path removes duplicates, the numbered path does not) gives two edits of the same
/// field, and splicing the second one slices the record backwards: a panic in
/// `csv::fix_record` ("begin > end"), which the command line reports as "internal error: a
/// batch was lost", for `printf '1,"cafÃ©",x\n' | textmend --csv 2,2 --no-header`. Fixed
/// in dcd1a1a: a column given twice is fixed once.
#[test]
fn csv_column_given_twice_is_fixed_once() {
    let spec = CsvSpec {
        delimiter: b',',
        columns: vec![1, 1],
        width: None,
    };
    let job = Job::new(Config::default());
    let fixed = fix_record(b"1,\"caf\xc3\x83\xc2\xa9\",x\n", &spec, &job).expect("a record");
    assert_eq!(&*fixed.bytes, "1,\"café\",x\n".as_bytes());
}
