//! Bounded fuzzing on stable Rust, in every `cargo test`: property tests (proptest) that feed the readers of
//! everything people hand the tool (rule files, CSV and JSON rosters, target and figures files) with generated
//! and mutated text. Any diagnostic is a fine answer; a panic, a row that vanishes without a trace, or a
//! difference between reading a CSV at once and in chunks (as the app does) is a bug.
//!
//! Each property runs [`cases`] inputs (256 by default, about 15 s in all in a debug build) from a fixed seed; set
//! `PROPTEST_CASES` for a longer run and `PROPTEST_RNG_SEED` (a number, or `random`) for other inputs. A failing input is shrunk and printed by proptest; add it to
//! `fuzz/seeds/crashes/` (replayed by `tests/fuzz_regressions.rs`) when fixing it. The cargo-fuzz targets in
//! `fuzz/` cover the same readers with coverage guidance, on nightly, by hand (see `fuzz/README.md`).

use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use xeploai::diag::{Code, Diagnostic};
use xeploai::input::{ColumnOverrides, ReadOptions, Table, TableKind, csv_rows, read_csv, read_json, reader_for_rows};
use xeploai::targets::{self, Figures};
use xeploai::unit::{Roster, Unit};
use xeploai::{Classifier, Lang, Num, RuleSet};

static RULES: LazyLock<RuleSet> = LazyLock::new(|| xeploai::builtin::load(xeploai::builtin::DEFAULT).unwrap());

const RULE_FILE: &str = include_str!("../rules/qd366-2025.toml");
const TARGET_FILE: &str = include_str!("../rules/targets/dang-uy-khoi-2026.toml");
const FIGURES: &str = include_str!("../examples/dang-bo-mau/figures.toml");
const MEMBERS: &str = include_str!("../examples/dang-bo-mau/members.csv");
const ORGS: &str = include_str!("../examples/dang-bo-mau/orgs.csv");

/// Inputs per property: `PROPTEST_CASES`, or 256.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256)
}

/// A fixed seed, so a test run is repeatable and CI does not flake; `PROPTEST_RNG_SEED=<n>` (or `random`, any
/// word that is not a number) explores other inputs.
fn config() -> Config {
    let rng_seed = match std::env::var("PROPTEST_RNG_SEED") {
        Ok(seed) => seed.parse().map(RngSeed::Fixed).unwrap_or(RngSeed::Random),
        Err(_) => RngSeed::Fixed(0x0366_2025),
    };
    Config { cases: cases(), failure_persistence: None, rng_seed, ..Config::default() }
}

// --- Generators -----------------------------------------------------------------------------------------------

/// Pieces CSV is made of, hostile ones included: quotes, the three delimiters, every line break, formulas.
const CSV_PIECES: &[&str] = &[
    "\"",
    "\"\"",
    ",",
    ";",
    "\t",
    "\n",
    "\r\n",
    "\r",
    " ",
    "m1",
    "m2",
    "Bé Lan",
    "Nguyễn, An",
    "25",
    "27,5",
    "-3",
    "cb1",
    "member",
    "leader",
    "collective",
    "có",
    "=1+1",
    "@SUM(A1)",
    "x",
    "",
    "\u{feff}",
];

const HEADERS: &[&str] = &[
    "id,name,subject,org,common_points,task_points,tasks_assigned,tasks_on_time,tasks_exceeding\n",
    "Mã;Họ tên;Loại;Chi bộ;Điểm nhóm tiêu chí chung\n",
    "id\tname\tparent\tbase\n",
    "",
];

/// A CSV text: a header (or none), then pieces.
fn csv_text() -> impl Strategy<Value = String> {
    (prop::sample::select(HEADERS), prop::collection::vec(prop::sample::select(CSV_PIECES), 0..120))
        .prop_map(|(header, pieces)| format!("{header}{}", pieces.concat()))
}

/// A text edited at random: ranges deleted, pieces inserted, a range repeated, the end cut off. Edits fall on
/// character boundaries.
fn mutated(base: &'static str, pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    let edit = (0usize..4, any::<prop::sample::Index>(), 0usize..200, prop::sample::select(pieces));
    prop::collection::vec(edit, 1..6).prop_map(move |edits| {
        let mut text = base.to_string();
        for (kind, at, length, piece) in edits {
            let boundary =
                |i: usize, text: &str| (0..=i.min(text.len())).rev().find(|j| text.is_char_boundary(*j)).unwrap_or(0);
            let start = boundary(at.index(text.len() + 1), &text);
            let end = boundary(start + length, &text);
            match kind {
                0 => text.replace_range(start..end, ""),
                1 => text.insert_str(start, piece),
                2 => {
                    let copy = text[start..end].to_string();
                    text.insert_str(end, &copy);
                }
                _ => text.truncate(end.max(start)),
            }
        }
        text
    })
}

/// Pieces for TOML: brackets, quotes, keys and values of the formats, numbers at the edges.
const TOML_PIECES: &[&str] = &[
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "\"",
    "'",
    "\"\"\"",
    "=",
    ",",
    "\n",
    "#",
    ".",
    "id = \"x\"\n",
    "[[level]]\n",
    "[[level.condition]]\n",
    "expr = \"points >= 90\"\n",
    "min_score = 70\n",
    "min = \"-9223372036854775.807\"\n",
    "9223372036854775807",
    "1e308",
    "-0",
    "true",
    "nan",
    "\\u0000",
    "ạ",
    "[[derived]]\nid = \"d\"\nexpr = \"d + 1\"\n",
];

// --- Properties -----------------------------------------------------------------------------------------------

fn members() -> ReadOptions<'static> {
    ReadOptions { file: Some("roster.csv"), kind: TableKind::Members, default_subject: Some(0) }
}

fn rendered(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(|d| format!("{} | {}", d.render(Lang::Vi), d.render(Lang::En))).collect()
}

fn consistent(table: &Table) {
    assert_eq!(table.to_values().len(), table.len() * table.stride);
}

/// The rows of a CSV text, read at once and read in chunks as the app does, must agree; and every line that is not
/// blank is a record, or is named by an error (its own row, or the range of lines a broken record runs on).
fn check_csv(text: &str, options: &ReadOptions) {
    let rules = &*RULES;
    let (once, once_diagnostics) = read_csv(rules, text, options);
    consistent(&once);
    let (rows, mut problems) = csv_rows(text);
    for problem in &mut problems {
        problem.location.file = options.file.map(str::to_string);
    }
    // The header is found as the app finds it (titles above it are said, not read).
    let (mut reader, first_data) = reader_for_rows(rules, &rows, options, &ColumnOverrides::new());
    let header_row = reader.header_row();
    for chunk in rows.get(first_data..).unwrap_or(&[]).chunks(3) {
        for (row, cells) in chunk {
            reader.push(*row, cells);
        }
    }
    let (mut chunked, more) = reader.finish();
    chunked.add_unsplit_rows(&problems, header_row);
    if !rows.is_empty() || problems.is_empty() {
        problems.extend(more);
    }
    assert_eq!(chunked.to_records(), once.to_records());
    assert_eq!(chunked.to_values(), once.to_values());
    let mut expected = rendered(&once_diagnostics);
    let mut got = rendered(&problems);
    expected.sort();
    got.sort();
    assert_eq!(got, expected);

    // Counts in = counts out, line by line.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = Vec::new();
    let mut first_line = None;
    let (mut rest, mut number) = (text, 0u32);
    while !rest.is_empty() {
        number += 1;
        let end = rest.bytes().position(|b| b == b'\n' || b == b'\r').unwrap_or(rest.len());
        if end > 0 && first_line.is_none() {
            first_line = Some(number);
        }
        // A line of only quotes, delimiters and spaces holds empty cells: a blank row, skipped on purpose.
        if !rest[..end].chars().all(|c| c.is_whitespace() || matches!(c, '"' | ',' | ';')) {
            lines.push(number);
        }
        let next = if rest[end..].starts_with("\r\n") { end + 2 } else { (end + 1).min(rest.len()) };
        rest = &rest[next..];
    }
    let records: Vec<u32> = once.records().map(|r| r.row).collect();
    let mut covered: Vec<(u32, u32)> = Vec::new();
    // A row with neither id nor name is not a person: said by a warning of its own.
    let mut not_people: Vec<u32> = Vec::new();
    for d in once_diagnostics.iter().filter(|d| d.code == Code::NotAPerson) {
        not_people.extend(d.location.row);
    }
    for d in once_diagnostics.iter().filter(|d| d.is_error()) {
        let Some(row) = d.location.row else { continue };
        let vi = d.message.get(Lang::Vi);
        let last = vi.split_once('–').and_then(|(_, after)| after.split(' ').next()?.parse().ok()).unwrap_or(row);
        covered.push((row, last));
    }
    // A header that cannot be read or used stops the file, and says so.
    let stopped = once_diagnostics.iter().any(|d| {
        d.is_error()
            && (d.location.row == first_line || d.location.row == Some(header_row))
            && d.location.column.is_none_or(|_| d.code == Code::CsvSyntax || d.code == Code::InputLimit)
    });
    if stopped {
        return;
    }
    // Lines above the header are named by the `header-row` notice.
    // Nobody vanishes: a line is a record, or it stays in the table as a row that could not be read.
    let unread: Vec<u32> = once.unread.iter().map(|u| u.row).collect();
    for line in lines.iter().filter(|l| **l > header_row && !not_people.contains(l)) {
        assert!(
            records.contains(line) || covered.iter().any(|(a, b)| a <= line && line <= b),
            "line {line} is neither read nor reported: {:?}",
            rendered(&once_diagnostics)
        );
        assert!(
            records.contains(line) || covered.iter().any(|(a, b)| unread.contains(a) && a <= line && line <= b),
            "line {line} is reported but not kept as unread: {:?} {unread:?}",
            rendered(&once_diagnostics)
        );
    }
    assert_eq!(chunked.unread, once.unread);
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_csv_loses_nothing(text in csv_text()) {
        check_csv(&text, &members());
        let orgs = ReadOptions { file: Some("orgs.csv"), kind: TableKind::Organizations, default_subject: Some(3) };
        check_csv(&text, &orgs);
    }

    #[test]
    fn mutated_rosters_lose_nothing_and_run(text in mutated(MEMBERS, CSV_PIECES), orgs in mutated(ORGS, CSV_PIECES)) {
        check_csv(&text, &members());
        let rules = &*RULES;
        let (members, _) = read_csv(rules, &text, &members());
        let org_options = ReadOptions { file: Some("orgs.csv"), kind: TableKind::Organizations, default_subject: None };
        let (orgs, _) = read_csv(rules, &orgs, &org_options);
        let roster = Roster { members, orgs };
        let unit = Unit::prepare(rules, &roster, Some("m.csv"), Some("o.csv"));
        let result = unit.run(rules, &roster);
        prop_assert_eq!(result.members.len(), roster.members.len());
        let sheets = xeploai::report::unit_report(rules, &roster, &result, None, Lang::Vi);
        for sheet in &sheets {
            let csv = xeploai::report::sheet_csv(sheet);
            let (rows, problems) = csv_rows(&csv);
            prop_assert!(problems.is_empty(), "our own CSV reads back: {:?}", problems);
            for (_, cells) in rows {
                for cell in cells {
                    prop_assert!(!cell.starts_with(['=', '+', '@', '\t', '\r']), "a formula leaves: {:?}", cell);
                }
            }
        }
    }

    #[test]
    fn json_rosters_read_or_say_why(value in json_value(), wrap in any::<bool>()) {
        let text = if wrap { format!("[{value}]") } else { value.to_string() };
        let (table, diagnostics) = read_json(&RULES, &text, &members());
        consistent(&table);
        let _ = rendered(&diagnostics);
        // A cut-off text is a located syntax error, never a panic.
        let cut: String = text.chars().take(text.chars().count() / 2).collect();
        let (table, _) = read_json(&RULES, &cut, &members());
        consistent(&table);
    }

    #[test]
    fn mutated_rule_files_load_or_say_why(text in mutated(RULE_FILE, TOML_PIECES)) {
        let (rules, diagnostics) = xeploai::load(&text, Some("fuzz.toml"));
        let _ = rendered(&diagnostics);
        match rules {
            Some(rules) => {
                let mut classifier = Classifier::new(&rules);
                let row = vec![Num::MISSING; rules.facts.len()];
                for kind in 0..rules.subjects.len() {
                    let verdict = classifier.classify(kind, &row);
                    let explained = classifier.explain(kind, &row, None);
                    prop_assert_eq!(verdict.outcome, explained.0.outcome);
                }
            }
            None => prop_assert!(diagnostics.iter().any(Diagnostic::is_error)),
        }
    }

    #[test]
    fn mutated_target_and_figures_files_check_or_say_why(
        text in mutated(TARGET_FILE, TOML_PIECES),
        figures in mutated(FIGURES, TOML_PIECES),
    ) {
        let rules = &*RULES;
        let (set, diagnostics) = targets::load_targets(rules, &text, Some("targets.toml"));
        let _ = rendered(&diagnostics);
        let (figures, diagnostics) = Figures::load(rules, &figures, Some("figures.toml"));
        let _ = rendered(&diagnostics);
        if let Some(set) = set {
            let (results, _) = targets::check(rules, &set, &figures.unwrap_or_default());
            prop_assert_eq!(results.len(), set.targets.len());
        }
    }
}

/// JSON values shaped like rosters, with hostile leaves.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        prop::sample::select(CSV_PIECES).prop_map(|s| Value::from(s.to_string())),
        "[a-z_]{0,12}".prop_map(Value::from),
    ];
    let key = prop::sample::select(
        &[
            "id",
            "name",
            "subject",
            "org",
            "parent",
            "taskGroup",
            "target",
            "facts",
            "common_points",
            "task_points",
            "tasks_assigned",
            "discipline",
            "x",
        ][..],
    );
    leaf.prop_recursive(3, 48, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}
