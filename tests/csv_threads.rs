//! A CSV roster read on two threads ([`CsvStream::read_threaded`]: the bytes decoded and split on one, the records
//! read into the table on the other) gives what the stream gives on one thread: the same table, diagnostics and
//! notices, on every CSV fixture under `tests/` (in every office encoding, in small chunks and windows, so files
//! that turn out not to be plain UTF-8 are read again from their start) and on a generated roster.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use xeploai::diag::Diagnostic;
use xeploai::input::{ColumnOverrides, CsvRead, CsvStream, Feed, ReadOptions, TableKind};
use xeploai::{RuleSet, builtin};

type Outcome =
    (Vec<xeploai::input::Record>, Vec<xeploai::Num>, Vec<xeploai::input::Unread>, Vec<Diagnostic>, Vec<Diagnostic>);

fn outcome(read: CsvRead) -> Outcome {
    (read.table.to_records(), read.table.to_values(), read.table.unread.clone(), read.diagnostics, read.notices)
}

/// The stream on one thread, fed `chunk` bytes at a time.
fn one_thread(rules: &RuleSet, bytes: &[u8], options: &ReadOptions, chunk: usize, window: usize) -> Outcome {
    let overrides = ColumnOverrides::new();
    let mut stream = CsvStream::with_window(rules, options, &overrides, window);
    'file: loop {
        for piece in bytes.chunks(chunk) {
            if stream.push(piece) == Feed::FromStart {
                continue 'file;
            }
        }
        if stream.end() == Feed::More {
            break;
        }
    }
    outcome(stream.finish())
}

fn two_threads(rules: &RuleSet, bytes: &[u8], options: &ReadOptions, chunk: usize, window: usize) -> Outcome {
    let overrides = ColumnOverrides::new();
    let stream = CsvStream::with_window(rules, options, &overrides, window);
    outcome(stream.read_threaded(Cursor::new(bytes), chunk).unwrap())
}

fn csv_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            csv_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "csv") {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_read_on_two_threads_reads_as_on_one() {
    let rules = builtin::load(builtin::DEFAULT).unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    csv_files(&root.join("tests"), &mut paths);
    csv_files(&root.join("examples/dang-bo-mau"), &mut paths);
    assert!(paths.len() >= 20, "the fixtures are found: {paths:?}");
    for path in paths {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        for kind in [TableKind::Members, TableKind::Organizations] {
            let options = ReadOptions { file: Some(&name), kind, default_subject: Some(0) };
            for (chunk, window) in [(1 << 20, 1 << 16), (7, 4), (64, 32), (1, 4)] {
                assert_eq!(
                    two_threads(&rules, &bytes, &options, chunk, window),
                    one_thread(&rules, &bytes, &options, chunk, window),
                    "{name}, {kind:?}, chunks of {chunk}, window {window}"
                );
            }
        }
    }
}

#[test]
fn a_generated_roster_read_on_two_threads_reads_as_on_one() {
    let rules = builtin::load(builtin::DEFAULT).unwrap();
    let roster = xeploai::generate::roster(&rules, xeploai::generate::Shape::new(20_000, 3));
    let text = xeploai::generate::table_csv(&rules, &roster.members, TableKind::Members);
    let options = ReadOptions { file: Some("members.csv"), kind: TableKind::Members, default_subject: Some(0) };
    for chunk in [1 << 20, 4_099] {
        let read = two_threads(&rules, text.as_bytes(), &options, chunk, 1 << 16);
        assert_eq!(read.0.len(), 20_000);
        assert_eq!(read, one_thread(&rules, text.as_bytes(), &options, chunk, 1 << 16), "chunks of {chunk}");
    }
}
