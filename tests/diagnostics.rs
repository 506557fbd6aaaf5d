//! Broken rule files never panic and never pass silently: each problem comes back as a diagnostic with a stable
//! code, a Vietnamese (and English) message, and the file, line and column. The expected output of each broken
//! file is a golden file in `tests/snapshots/`.

use xeploai::Lang;

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
