//! A CSV roster read as a stream ([`CsvStream`], fed byte chunks of any size) gives what the whole-text reader gives
//! ([`decode_roster`] then [`read_csv_with`]): the same table, the same diagnostics (row, column, code, text) and the
//! same notices, on every CSV fixture under `tests/` (in every office encoding), the example unit and a generated
//! roster of 100,000 members, for random chunk sizes (1 byte included) and windows (so small files are read as a
//! stream too, and files that turn out not to be plain UTF-8 are read again from their start).

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use xeploai::diag::{Code, Diagnostic};
use xeploai::generate::{Shape, roster, table_csv};
use xeploai::input::{
    ColumnOverrides, CsvRead, CsvStream, Feed, ReadOptions, Table, TableKind, decode_roster, read_csv_with,
};
use xeploai::{RuleSet, builtin};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every CSV file under `tests/` and the example unit's, with its bytes.
fn csv_files() -> Vec<(String, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "csv") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&root().join("tests"), &mut paths);
    walk(&root().join("examples/dang-bo-mau"), &mut paths);
    paths.sort();
    assert!(paths.len() >= 20, "the fixtures are found: {paths:?}");
    paths
        .into_iter()
        .map(|path| {
            let name = path.strip_prefix(root()).unwrap().display().to_string();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

/// What reading the whole text gives: the table's contents, the diagnostics, the notices.
type Outcome =
    (Vec<xeploai::input::Record>, Vec<xeploai::Num>, Vec<xeploai::input::Unread>, Vec<Diagnostic>, Vec<Diagnostic>);

fn outcome(table: Table, diagnostics: Vec<Diagnostic>, notices: Vec<Diagnostic>) -> Outcome {
    (table.to_records(), table.to_values(), table.unread.clone(), diagnostics, notices)
}

fn whole(rules: &RuleSet, bytes: &[u8], options: &ReadOptions) -> Outcome {
    let (text, notices) = decode_roster(bytes, options.file);
    let (table, diagnostics) = read_csv_with(rules, &text, options, &ColumnOverrides::new());
    outcome(table, diagnostics, notices)
}

/// Feed the bytes in chunks of the sizes given (cycled), from the start again when the stream asks.
fn streamed(rules: &RuleSet, bytes: &[u8], options: &ReadOptions, sizes: &[usize], window: usize) -> Outcome {
    streamed_told(rules, bytes, options, sizes, window, None)
}

/// [`streamed`], the stream told the file's size is `size` ([`CsvStream::with_size`]: room made for the rows to
/// come, estimated from the first ones).
fn streamed_told(
    rules: &RuleSet,
    bytes: &[u8],
    options: &ReadOptions,
    sizes: &[usize],
    window: usize,
    size: Option<u64>,
) -> Outcome {
    let overrides = ColumnOverrides::new();
    let mut stream = CsvStream::with_window(rules, options, &overrides, window);
    if let Some(size) = size {
        stream = stream.with_size(size);
    }
    let mut restarts = 0;
    'feed: loop {
        let (mut at, mut turn) = (0, 0);
        while at < bytes.len() {
            let end = (at + sizes[turn % sizes.len()].max(1)).min(bytes.len());
            turn += 1;
            if stream.push(&bytes[at..end]) == Feed::FromStart {
                restarts += 1;
                assert!(restarts < 2, "a stream asks for the start once at most");
                continue 'feed;
            }
            at = end;
        }
        if stream.end() == Feed::FromStart {
            restarts += 1;
            assert!(restarts < 2, "a stream asks for the start once at most");
            continue;
        }
        break;
    }
    let CsvRead { table, diagnostics, notices } = stream.finish();
    outcome(table, diagnostics, notices)
}

fn kinds(rules: &RuleSet) -> Vec<(TableKind, Option<usize>)> {
    let default =
        |kind: TableKind| rules.subjects.iter().position(|s| s.collective == (kind == TableKind::Organizations));
    vec![
        (TableKind::Members, default(TableKind::Members)),
        (TableKind::Organizations, None),
        (TableKind::Subjects, default(TableKind::Members)),
    ]
}

fn rules() -> RuleSet {
    builtin::load(builtin::DEFAULT).expect("the default rule set compiles")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Every fixture, read as each kind of table, in random chunks with a random window, gives what the whole text
    /// gives.
    #[test]
    fn every_fixture_streamed_in_random_chunks_reads_as_the_whole_text(
        sizes in prop::collection::vec(prop_oneof![1usize..4, 1usize..80, 1usize..5000], 1..12),
        window in prop_oneof![Just(4usize), 4usize..300, Just(xeploai::encoding::TEXT_WINDOW)],
    ) {
        let rules = rules();
        for (name, bytes) in csv_files() {
            for (kind, default_subject) in kinds(&rules) {
                let options = ReadOptions { file: Some(&name), kind, default_subject };
                let expected = whole(&rules, &bytes, &options);
                let got = streamed(&rules, &bytes, &options, &sizes, window);
                prop_assert_eq!(&got, &expected, "{} as {:?}, chunks {:?}, window {}", name, kind, sizes, window);
            }
        }
    }
}

/// One byte at a time, every fixture: every line and every letter cut.
#[test]
fn every_fixture_streamed_a_byte_at_a_time_reads_as_the_whole_text() {
    let rules = rules();
    for (name, bytes) in csv_files() {
        let options = ReadOptions { file: Some(&name), kind: TableKind::Members, default_subject: Some(0) };
        let expected = whole(&rules, &bytes, &options);
        for window in [4, 64, xeploai::encoding::TEXT_WINDOW] {
            assert_eq!(streamed(&rules, &bytes, &options, &[1], window), expected, "{name}, window {window}");
        }
    }
}

/// Files made to turn late: plain UTF-8 for longer than the window, then a byte that is not UTF-8, a legacy font's
/// letters, decomposed tone marks, a quoted cell running on past a chunk, a last line without a line break.
#[test]
fn files_that_turn_after_the_window_read_as_the_whole_text() {
    let rules = rules();
    let header = "id;name;subject;org\n";
    let plain: String = (0..3000).map(|i| format!("dv{i:05};Nguyễn Văn {i};dang_vien;cb1\n")).collect();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("stray byte", [header.as_bytes(), plain.as_bytes(), b"dv99999;Tr\xe2n;dang_vien;cb1\n"].concat()),
        (
            "legacy",
            [header, &plain, "dv99998;§¶ng viªn;dang_vien;cb1\ndv99999;Hä vµ tªn;dang_vien;cb1\n"]
                .concat()
                .into_bytes(),
        ),
        ("tone marks", [header, &plain, "dv99999;Đa\u{309}ng vie\u{302}n;dang_vien;cb1\n"].concat().into_bytes()),
        (
            "quote",
            [header, &plain, "dv99999;\"Lê\nVăn;dang_vien;cb1\"\ndv99998;An;dang_vien;cb1"].concat().into_bytes(),
        ),
        ("bom, crlf", ["\u{feff}", &header.replace('\n', "\r\n"), &plain.replace('\n', "\r\n")].concat().into_bytes()),
        ("zero byte", [header.as_bytes(), plain.as_bytes(), b"dv99999;A\0n;dang_vien;cb1\n"].concat()),
    ];
    for (label, bytes) in cases {
        let options = ReadOptions { file: Some("late.csv"), kind: TableKind::Members, default_subject: None };
        let expected = whole(&rules, &bytes, &options);
        for sizes in [&[1usize][..], &[7, 1, 4093], &[65_536]] {
            for window in [4, 1000, xeploai::encoding::TEXT_WINDOW] {
                let got = streamed(&rules, &bytes, &options, sizes, window);
                assert_eq!(got, expected, "{label}, chunks {sizes:?}, window {window}");
            }
        }
    }
}

/// A generated roster of 100,000 members and its organizations, streamed in random chunks.
#[test]
fn a_generated_roster_of_100k_streamed_reads_as_the_whole_text() {
    let rules = builtin::load("qd366-2025").expect("the bundled rule set compiles");
    let unit = roster(&rules, Shape::new(100_000, 7));
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |bound: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % bound as u64) as usize + 1
    };
    for (table, kind, name) in
        [(&unit.members, TableKind::Members, "members.csv"), (&unit.orgs, TableKind::Organizations, "orgs.csv")]
    {
        let bytes = table_csv(&rules, table, kind).into_bytes();
        let options = ReadOptions { file: Some(name), kind, default_subject: None };
        let expected = whole(&rules, &bytes, &options);
        assert_eq!(expected.0.len(), table.len(), "{name}: every row read");
        let sizes: Vec<usize> = (0..64).map(|i| if i % 8 == 0 { next(3) } else { next(1 << 17) }).collect();
        assert_eq!(streamed(&rules, &bytes, &options, &sizes, xeploai::encoding::TEXT_WINDOW), expected, "{name}");
        // Told the file's size (or a wrong one, smaller or larger), the stream reads the same rows.
        let len = bytes.len() as u64;
        for size in [len, len / 3, len * 4] {
            let told = streamed_told(&rules, &bytes, &options, &sizes, xeploai::encoding::TEXT_WINDOW, Some(size));
            assert_eq!(told, expected, "{name}, told {size} bytes of {len}");
        }
    }
}

/// A header row picked by hand: the records before it are not read, the header is looked for from it, as the app's
/// reader does from the rows it split (`reader_for_rows` over the rows from the pick).
#[test]
fn a_picked_header_row_reads_from_there() {
    let rules = rules();
    for (name, bytes) in csv_files() {
        let (text, _) = decode_roster(&bytes, Some(&name));
        let (rows, _) = xeploai::input::csv_rows(&text);
        for pick in 0..rows.len().min(4) {
            let options = ReadOptions { file: Some(&name), kind: TableKind::Members, default_subject: Some(0) };
            let overrides = ColumnOverrides::new();
            let (expected, _) = xeploai::input::read_rows_with(&rules, rows[pick..].to_vec(), &options, &overrides);
            let mut stream = CsvStream::with_window(&rules, &options, &overrides, 64).from_record(pick);
            let mut restarted = false;
            loop {
                let mut feed = Feed::More;
                for chunk in bytes.chunks(5) {
                    feed = stream.push(chunk);
                    if feed == Feed::FromStart {
                        break;
                    }
                }
                if feed == Feed::More && stream.end() == Feed::More {
                    break;
                }
                assert!(!restarted, "{name}: one restart at most");
                restarted = true;
            }
            let read = stream.finish();
            assert_eq!(read.table.to_records(), expected.to_records(), "{name}, header picked at {pick}");
            assert_eq!(read.table.to_values(), expected.to_values(), "{name}, header picked at {pick}");
        }
    }
}

/// A file cut in two chunks at every byte of its last lines (a letter cut between them, a byte that is not UTF-8 cut
/// from the rest of its letter or from its row) reads as the whole text: every letter whole, and a byte that is not
/// UTF-8 reported at its row (never dropped), in a cell like the one above, in the last line (no line break), in a
/// quoted line, in a long line, with plain rows after it.
#[test]
fn bytes_that_are_not_utf8_are_found_wherever_a_chunk_cuts() {
    let rules = rules();
    let header = "id;name;subject;org\n";
    let plain: String = (0..40).map(|i| format!("dv{i:05};Nguyễn Văn Ân;dang_vien;cb1\n")).collect();
    let long = format!("dv99997;{};dang_vien;cb1\n", "Lê".repeat(600));
    let cases: Vec<(&str, Vec<u8>, Option<u32>)> = vec![
        ("plain", [header, &plain, "dv99999;Trần Ân;dang_vien;cb1\n"].concat().into_bytes(), None),
        ("letters cut", [header, &plain, &long, "dv99999;Trần Ân;đảng_viên;cb1"].concat().into_bytes(), None),
        (
            "stray byte",
            [header.as_bytes(), plain.as_bytes(), b"dv99999;Tr\xe1\xbbn;dang_vien;cb1\n"].concat(),
            Some(42),
        ),
        (
            "stray byte like the cell above",
            [header.as_bytes(), plain.as_bytes(), b"dv99999;Nguy\xe1\xbbn V\xc4\x83n \xc3\x82n;dang_vien;cb1\n"]
                .concat(),
            Some(42),
        ),
        (
            "stray byte, last line",
            [header.as_bytes(), plain.as_bytes(), b"dv99999;A;dang_vien;cb\xff"].concat(),
            Some(42),
        ),
        (
            "stray byte, quoted",
            [header.as_bytes(), plain.as_bytes(), b"dv99999;\"A\xff\";dang_vien;cb1\ndv99998;B;dang_vien;cb1\n"]
                .concat(),
            Some(42),
        ),
        ("stray byte, long line", [header.as_bytes(), plain.as_bytes(), long.as_bytes(), b"\xc3"].concat(), Some(43)),
        (
            "stray byte, then plain",
            [header.as_bytes(), plain.as_bytes(), b"dv99999;\xe2n;dang_vien;cb1\n", plain.as_bytes()].concat(),
            Some(42),
        ),
    ];
    for (label, bytes, stray_row) in cases {
        let options = ReadOptions { file: Some("cut.csv"), kind: TableKind::Members, default_subject: None };
        let expected = whole(&rules, &bytes, &options);
        let stray: Vec<Option<u32>> =
            expected.4.iter().filter(|n| n.code == Code::NotUtf8).map(|n| n.location.line).collect();
        assert_eq!(stray, stray_row.into_iter().map(Some).collect::<Vec<_>>(), "{label}: the stray byte's row");
        assert!(expected.0.len() >= 41, "{label}: every row read");
        // Every byte of the last lines (where the letters and the stray bytes are), a stride through the rest.
        let last_lines = bytes.len().saturating_sub(400);
        for cut in (0..last_lines).step_by(97).chain(last_lines..=bytes.len()) {
            let got = streamed(&rules, &bytes, &options, &[cut, bytes.len()], 4);
            assert_eq!(got, expected, "{label}, cut at {cut}");
        }
    }
}
