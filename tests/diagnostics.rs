//! Broken rule files never panic and never pass silently: each problem comes back as a diagnostic with a stable
//! code, a Vietnamese (and English) message, and the file, line and column. The expected output of each broken
//! file is a golden file in `tests/snapshots/`.

use xeploai::{Code, Lang};

/// A small rule set that compiles; each check below breaks one thing in it.
const BASE: &str = r#"[rule_set]
id = "mini"
name = "Bộ quy tắc nhỏ"
version = "1"

[[document]]
id = "qd"
title = "Quy định mẫu"

[[level]]
id = "tot"
short = "T"
name = "Tốt"
min_score = 70
source = { doc = "qd", at = "Điều 1", status = "confirmed" }

  [[level.condition]]
  id = "dung_han"
  name = "Đúng hạn"
  expr = "done >= assigned"
  source = { doc = "qd", at = "Điều 1", status = "confirmed" }

[[level]]
id = "dat"
short = "Đ"
name = "Đạt"

[[subject]]
id = "member"
name = "Đảng viên"

[[fact]]
id = "points"
name = "Điểm"
type = "number"
min = 0
max = 100

[[fact]]
id = "assigned"
name = "Được giao"
type = "integer"

[[fact]]
id = "done"
name = "Đã xong"
type = "integer"

[scoring]
score = "points"
max = 100
source = { doc = "qd", status = "confirmed" }

[policy.band_fallback]
choice = "cascade"
source = { doc = "qd", status = "assumption", reason = "Văn bản không nói." }
"#;

fn check(name: &str, from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{name}: the base has no `{from}`");
    let text = BASE.replacen(from, to, 1);
    let (rules, diagnostics) = xeploai::load(&text, Some(&format!("{name}.toml")));
    assert!(rules.is_none(), "{name}: a broken file compiled");
    assert!(diagnostics.iter().any(|d| d.is_error()), "{name}: no error");
    diagnostics
        .iter()
        .map(|d| format!("{}\n  en: {}", d.render(Lang::Vi), d.message.get(Lang::En)))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_base_compiles() {
    let (rules, diagnostics) = xeploai::load(BASE, Some("mini.toml"));
    assert!(rules.is_some(), "{diagnostics:?}");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn broken_rule_files() {
    let checks: &[(&str, &str, &str)] = &[
        ("toml-syntax", "version = \"1\"", "version = \"1"),
        ("missing-field", "short = \"T\"\n", ""),
        ("unknown-field", "version = \"1\"", "version = \"1\"\nverison = \"2\""),
        ("unknown-field-inline", "status = \"confirmed\" }", "status = \"confirmed\", page = 3 }"),
        ("wrong-type", "short = \"T\"", "short = 1"),
        ("text-without-vi", "name = \"Tốt\"", "name = { en = \"Good\" }"),
        ("invalid-value", "choice = \"cascade\"", "choice = \"cascde\""),
        ("invalid-number", "min_score = 70", "min_score = \"70 điểm\""),
        (
            "several-shape-problems",
            "type = \"integer\"\n\n[scoring]\nscore = \"points\"\nmax = 100",
            "type = \"int\"\nunit = 5\n\n[scoring]\nscore = 7\nmaxx = 100",
        ),
        (
            "several-syntax-errors",
            "[scoring]\nscore = \"points\"\nmax = 100",
            "[scoring]\nscore = points\nmax = 100 100",
        ),
        ("expr-syntax", "done >= assigned", "done >= "),
        ("expr-single-equals", "done >= assigned", "done = assigned"),
        ("unknown-fact", "done >= assigned", "done >= asigned"),
        ("expr-type", "done >= assigned", "done + assigned"),
        (
            "unknown-document",
            "source = { doc = \"qd\", at = \"Điều 1\", status = \"confirmed\" }\n\n  [[level.condition]]",
            "source = { doc = \"qđ\", at = \"Điều 1\", status = \"confirmed\" }\n\n  [[level.condition]]",
        ),
        (
            "assumption-without-reason",
            "status = \"assumption\", reason = \"Văn bản không nói.\"",
            "status = \"assumption\"",
        ),
        (
            "missing-provenance",
            "  expr = \"done >= assigned\"\n  source = { doc = \"qd\", at = \"Điều 1\", status = \"confirmed\" }\n",
            "  expr = \"done >= assigned\"\n",
        ),
        ("band-order", "name = \"Đạt\"\n", "name = \"Đạt\"\nmin_score = 80\n"),
        ("duplicate-id", "id = \"done\"", "id = \"assigned\""),
        ("invalid-id", "id = \"points\"", "id = \"Điểm\""),
        (
            "unknown-subject",
            "  expr = \"done >= assigned\"\n",
            "  expr = \"done >= assigned\"\n  subjects = [\"leader\"]\n",
        ),
        ("fact-range", "min = 0\nmax = 100", "min = 100\nmax = 0"),
        ("score-unknown", "score = \"points\"", "score = \"point\""),
        (
            "choice-without-values",
            "type = \"integer\"\n\n[[fact]]\nid = \"done\"",
            "type = \"choice\"\n\n[[fact]]\nid = \"done\"",
        ),
        (
            "derived-cycle",
            "[scoring]",
            "[[derived]]\nid = \"a\"\nname = \"A\"\nexpr = \"b + 1\"\n\n[[derived]]\nid = \"b\"\nname = \"B\"\nexpr = \"a + 1\"\n\n[scoring]",
        ),
        (
            "no-fallback-policy",
            "[policy.band_fallback]\nchoice = \"cascade\"\nsource = { doc = \"qd\", status = \"assumption\", reason = \"Văn bản không nói.\" }\n",
            "",
        ),
    ];
    let mut out = String::new();
    for (name, from, to) in checks {
        out.push_str(&format!("== {name}\n{}\n\n", check(name, from, to)));
    }
    insta::assert_snapshot!("broken_rule_files", out);
}

#[test]
fn every_code_is_documented_in_the_rules_readme() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/README.md")).expect("rules/README.md");
    let table = xeploai::diag::code_catalog();
    assert!(
        readme.contains(&table),
        "rules/README.md is out of date: replace its code table with the output of `xeploai codes`:\n{table}"
    );
}

// ------------------------------------------------------------------------------------------------------------
// Hostile rule files: limits checked before the tree is built, a circle reported once, no library English.

#[test]
fn a_circle_of_50000_derived_facts_is_reported_once() {
    let n = 50_000;
    let mut derived = String::new();
    for i in 0..n {
        derived.push_str(&format!("[[derived]]\nid = \"d{i}\"\nname = \"D{i}\"\nexpr = \"d{} + 1\"\n\n", (i + 1) % n));
    }
    let text = BASE.replacen("[scoring]", &format!("{derived}[scoring]"), 1);
    let (rules, diagnostics) = xeploai::load(&text, Some("circle.toml"));
    assert!(rules.is_none());
    let circles: Vec<String> =
        diagnostics.iter().filter(|d| d.code == Code::DerivedCycle).map(|d| d.render(Lang::En)).collect();
    assert_eq!(circles.len(), 1, "{:?}", diagnostics.iter().take(3).map(|d| d.render(Lang::En)).collect::<Vec<_>>());
    assert!(
        circles[0].ends_with(
            "error[derived-cycle]: derived fact `d0` depends on itself in a circle: d0 → d1 → d2 → d3 → d4 → d5 → d6 → d7 → d8 → d9 → … → d0 (and 49990 more facts on the circle)"
        ),
        "{}",
        circles[0]
    );
    // A fact that reads the circle is not computed either, and is not reported again.
    let text =
        text.replacen("[scoring]", "[[derived]]\nid = \"reader\"\nname = \"R\"\nexpr = \"d7 * 2\"\n\n[scoring]", 1);
    let (_, diagnostics) = xeploai::load(&text, Some("circle.toml"));
    assert_eq!(diagnostics.iter().filter(|d| d.code == Code::DerivedCycle).count(), 1);
}

#[test]
fn rule_and_level_limits_are_checked_before_parsing() {
    use xeploai::ruleset::{MAX_LEVELS, MAX_RULES};
    // 10,001 disqualifiers: refused at the header past the limit, by its line, before the file is parsed.
    let rule = "[[disqualifier]]\nid = \"x\"\nname = \"X\"\nexpr = \"true\"\n\n";
    let text = format!("{BASE}\n{}", rule.repeat(MAX_RULES + 1));
    let (rules, diagnostics) = xeploai::load(&text, Some("many.toml"));
    assert!(rules.is_none());
    let line = BASE.lines().count() + 2 + 5 * MAX_RULES;
    assert_eq!(
        diagnostics.iter().map(|d| d.render(Lang::Vi)).collect::<Vec<_>>(),
        [format!(
            "many.toml:{line}:1: lỗi[too-many-rules]: tối đa {MAX_RULES} quy tắc trong [[disqualifier]] (giới hạn); tệp không được đọc tiếp"
        )]
    );
    // A level's conditions are counted per level: 6,000 in each of two levels is allowed by this check.
    let conditions = "[[level.condition]]\nid = \"c\"\n".repeat(6_000);
    let two = format!("[[level]]\nid = \"a\"\n{conditions}[[level]]\nid = \"b\"\n{conditions}");
    let (_, diagnostics) = xeploai::load(&two, Some("two.toml"));
    assert!(diagnostics.iter().all(|d| d.code != Code::TooManyRules), "{:?}", diagnostics.first());
    // 101 levels.
    let levels = "[[level]]\nid = \"l\"\n".repeat(MAX_LEVELS + 1);
    let (_, diagnostics) = xeploai::load(&levels, Some("levels.toml"));
    assert_eq!(diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::TooManyLevels]);
    assert_eq!(diagnostics[0].location.line, Some(2 * MAX_LEVELS as u32 + 1));
    // An inline array of 20,000 rules: one problem for the list, not one per element.
    let inline = format!("cap = [{}]\n{BASE}", "{},".repeat(20_000));
    let (_, diagnostics) = xeploai::load(&inline, Some("inline.toml"));
    assert_eq!(
        diagnostics.iter().map(|d| d.render(Lang::Vi)).collect::<Vec<_>>(),
        [
            "inline.toml:1:7 [cap]: lỗi[too-many-rules]: danh sách có 20000 quy tắc, nhiều hơn giới hạn 10000; không được đọc"
        ]
    );
    // A few megabytes of empty tables would be millions of nodes: refused unparsed.
    let empty_tables = format!("x = [{}]\n{BASE}", "{},".repeat(xeploai::toml_doc::MAX_FILE_VALUES));
    let (_, diagnostics) = xeploai::load(&empty_tables, Some("tables.toml"));
    assert_eq!(
        diagnostics.iter().map(|d| d.render(Lang::Vi)).collect::<Vec<_>>(),
        [
            "tables.toml: lỗi[input-limit]: tệp viết hơn 500000 giá trị (giới hạn số giá trị của tệp TOML); tệp không được đọc"
        ]
    );
    // 20,000 facts without their fields: the first 500 problems, then how many more.
    let facts = format!("{BASE}\n{}", "[[fact]]\n".repeat(20_000));
    let (_, diagnostics) = xeploai::load(&facts, Some("facts.toml"));
    assert_eq!(diagnostics.len(), xeploai::toml_doc::MAX_PROBLEMS + 1);
    let last = diagnostics.last().unwrap().render(Lang::Vi);
    assert!(last.starts_with("facts.toml: lỗi[input-limit]: còn "), "{last}");
    assert!(last.ends_with(" vấn đề nữa không được liệt kê (giới hạn 500 vấn đề mỗi tệp)"), "{last}");
    // A file past the size limit is not parsed at all.
    let huge = format!("{BASE}\n# {}\n", "x".repeat(xeploai::toml_doc::MAX_FILE_BYTES));
    let (_, diagnostics) = xeploai::load(&huge, Some("huge.toml"));
    assert_eq!(
        diagnostics.iter().map(|d| d.render(Lang::Vi)).collect::<Vec<_>>(),
        ["huge.toml: lỗi[input-limit]: tệp lớn hơn 10 MB (giới hạn kích thước tệp TOML); tệp không được đọc"]
    );
}

#[test]
fn toml_syntax_errors_are_said_in_vietnamese() {
    let broken = [
        "a = \"open",
        "a = 'open",
        "a =",
        "a = [1, 2",
        "a = 1\na = 2",
        "a = 1__2",
        "[[level",
        "[table",
        "a = { b = 1",
        "a = tru",
        "a = 1979-13-40",
        "= 1",
        "a = [1 2]",
        "a = \"\\q\"",
    ];
    for text in broken {
        let (_, diagnostics) = xeploai::load(text, Some("x.toml"));
        assert!(!diagnostics.is_empty(), "{text}");
        for diagnostic in diagnostics.iter().filter(|d| d.code == Code::TomlSyntax) {
            let vi = diagnostic.message.get(Lang::Vi);
            let en = diagnostic.message.get(Lang::En);
            let detail = en.trim_start_matches("invalid TOML: ");
            let description = detail.split(", expected ").next().unwrap();
            assert!(!vi.contains(description), "{text:?}: English in the Vietnamese message: {vi}");
            assert!(!vi.ends_with("cú pháp sai"), "{text:?}: `{description}` has no Vietnamese words");
        }
    }
}
