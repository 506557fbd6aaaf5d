//! Rule sets that extend others (`[rule_set] extends`): how an overlay merges into its base, what it may not do,
//! and that every diagnostic points into the file that is wrong (golden output in `tests/snapshots/`).

use xeploai::overlay::Base;
use xeploai::{Code, Lang};

/// A small base rule set; the overlays below extend it as `mini`.
const MINI: &str = include_str!("fixtures/overlay-base.toml");

/// The head of every overlay of `mini`.
const HEAD: &str = "[rule_set]\nextends = \"mini\"\nid = \"mini-tinh\"\nname = \"Biến thể\"\nversion = \"1-t\"\n";

fn bases(id: &str) -> Option<Base> {
    match id {
        "mini" => Some(Base { file: "mini.toml".into(), text: MINI.into() }),
        // Two overlays naming each other.
        "loop-a" => Some(Base {
            file: "loop-a.toml".into(),
            text: "[rule_set]\nextends = \"loop-b\"\nid = \"loop-a\"\nname = \"A\"\nversion = \"1\"\n".into(),
        }),
        "loop-b" => Some(Base {
            file: "loop-b.toml".into(),
            text: "[rule_set]\nextends = \"loop-a\"\nid = \"loop-b\"\nname = \"B\"\nversion = \"1\"\n".into(),
        }),
        // A base with a mistake of its own.
        "broken" => Some(Base {
            file: "broken.toml".into(),
            text: MINI.replacen("id = \"mini\"", "id = \"broken\"", 1).replacen("done >= assigned", "done >= ", 1),
        }),
        // An overlay used as a base.
        "mini-tinh" => Some(Base {
            file: "mini-tinh.toml".into(),
            text: format!("{HEAD}[[level]]\nid = \"tot\"\nmin_score = 80\n"),
        }),
        _ => None,
    }
}

fn load(body: &str) -> (Option<xeploai::RuleSet>, Vec<xeploai::Diagnostic>) {
    xeploai::ruleset::load_with(&format!("{HEAD}{body}"), Some("tinh.toml"), &bases)
}

fn compiled(body: &str) -> xeploai::RuleSet {
    let (rules, diagnostics) = load(body);
    rules.unwrap_or_else(|| panic!("{diagnostics:#?}"))
}

fn rendered(diagnostics: &[xeploai::Diagnostic]) -> String {
    diagnostics.iter().map(|d| d.render(Lang::Vi)).collect::<Vec<_>>().join("\n")
}

#[test]
fn an_empty_overlay_is_its_base_under_its_own_name() {
    let rules = compiled("");
    let base = xeploai::load(MINI, None).0.unwrap();
    assert_eq!((rules.id.as_str(), rules.version.as_str(), rules.name.vi.as_str()), ("mini-tinh", "1-t", "Biến thể"));
    assert_eq!(rules.extends.as_deref(), Some("mini"));
    assert!(base.official && !rules.official, "official is never inherited");
    assert_eq!(rules.description, base.description, "the description is inherited");
    assert_eq!(rules.levels.len(), 2);
    assert_eq!(rules.levels[0].min_score, base.levels[0].min_score);
    assert!(rules.all_rules().all(|(_, r)| r.source.overlay.is_none()), "nothing changed, nothing named");
}

#[test]
fn fields_change_items_add_and_remove_by_id() {
    let rules = compiled(
        r#"
[[level]]
id = "tot"
min_score = 75

  [[level.condition]]
  id = "vuot"
  name = "Có việc vượt"
  expr = "done >= 1"
  source.doc = "tinh"
  source.status = "confirmed"

[[document]]
id = "tinh"
before = "qd"
title = "Hướng dẫn của tỉnh"

[[fact]]
id = "bonus"
before = "assigned"
name = "Điểm thưởng"
type = "number"
default = 0

[[cap]]
id = "cap_late"
enabled = false

[policy.band_fallback]
choice = "lowest"
"#,
    );
    let tot = &rules.levels[0];
    assert_eq!(tot.min_score, xeploai::Num::parse("75").ok());
    // The base's condition is kept, the new one added after it.
    let ids: Vec<&str> = tot.conditions.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["dung_han", "vuot"]);
    assert_eq!(rules.documents.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["tinh", "qd"]);
    let facts: Vec<&str> = rules.facts.iter().take(4).map(|f| f.id.as_str()).collect();
    assert_eq!(facts, ["points", "bonus", "assigned", "done"]);
    assert!(!rules.caps[0].rule.enabled, "an assumption switched off");
    // A section merges key by key: the choice changes, the source stays the base's.
    assert_eq!(rules.band_fallback, xeploai::doc::BandFallback::Lowest);
    assert_eq!(rules.band_fallback_source.as_ref().unwrap().reason.as_ref().unwrap().vi, "Văn bản không nói.");

    // What the overlay changed or added names it; what it did not, does not.
    let note = |source: &xeploai::ruleset::Provenance| source.overlay.as_ref().map(|n| n.describe(Lang::Vi));
    assert_eq!(note(tot.source.as_ref().unwrap()).as_deref(), Some("sửa trong mini-tinh"));
    assert_eq!(note(&tot.conditions[1].source).as_deref(), Some("thêm trong mini-tinh"));
    assert_eq!(note(&tot.conditions[0].source), None);
    assert_eq!(note(&rules.caps[0].rule.source).as_deref(), Some("sửa trong mini-tinh"));
    assert_eq!(note(rules.scoring.as_ref().unwrap().source.as_ref().unwrap()), None);
    assert!(note(rules.band_fallback_source.as_ref().unwrap()).is_some());

    // Explanations say so next to the source.
    let facts: std::collections::BTreeMap<String, xeploai::doc::Value> = [("points", 80), ("assigned", 3), ("done", 3)]
        .map(|(k, v)| (k.to_string(), xeploai::doc::Value::Integer(v)))
        .into();
    let row = xeploai::cases::facts_row(&rules, 0, &facts).unwrap();
    let (_, explanation) = xeploai::Classifier::new(&rules).explain(0, &row, None);
    let text = xeploai::render::explanation_text(&rules, &explanation, Lang::Vi);
    assert!(text.contains("Có việc vượt — ") && text.contains("; thêm trong mini-tinh (có nguồn xác nhận)"), "{text}");
    assert!(text.contains("Điều 1, Quy định mẫu; sửa trong mini-tinh"), "{text}");
}

#[test]
fn removing_an_item_and_replacing_a_value_whole() {
    let rules = compiled(
        "[[cap]]\nid = \"cap_late\"\nremove = true\n\n[scoring]\nsource = { doc = \"qd\", at = \"Phụ lục\", status = \"confirmed\" }\n",
    );
    assert!(rules.caps.is_empty());
    let source = rules.scoring.as_ref().unwrap().source.as_ref().unwrap();
    assert_eq!(source.at.as_deref(), Some("Phụ lục"));
    assert!(source.overlay.is_some());
    // An overlay of an overlay: the nearest change wins.
    let (rules, diagnostics) = xeploai::ruleset::load_with(
        "[rule_set]\nextends = \"mini-tinh\"\nid = \"mini-xa\"\nname = \"Xã\"\nversion = \"1\"\n[[level.condition]]\n",
        Some("xa.toml"),
        &bases,
    );
    // (a stray `[[level.condition]]` at the root is a shape problem of the overlay, not of its bases)
    assert!(rules.is_none());
    assert!(diagnostics.iter().all(|d| d.location.file.as_deref() == Some("xa.toml")), "{}", rendered(&diagnostics));
    let (rules, _) = xeploai::ruleset::load_with(
        "[rule_set]\nextends = \"mini-tinh\"\nid = \"mini-xa\"\nname = \"Xã\"\nversion = \"1\"\n",
        Some("xa.toml"),
        &bases,
    );
    let rules = rules.unwrap();
    assert_eq!(rules.levels[0].min_score, xeploai::Num::parse("80").ok());
    assert_eq!(rules.extends.as_deref(), Some("mini-tinh"));
}

#[test]
fn misuse_is_located_in_the_overlay() {
    let cases: &[(&str, &str)] = &[
        ("change-unknown-id", "[[level]]\nid = \"totx\"\nmin_score = 60\n"),
        ("remove-unknown-id", "[[fact]]\nid = \"pionts\"\nremove = true\n"),
        ("remove-with-fields", "[[fact]]\nid = \"points\"\nremove = true\nmax = 10\n"),
        ("before-unknown-id", "[[document]]\nid = \"tinh\"\nbefore = \"qdd\"\ntitle = \"T\"\n"),
        ("lowest-has-band-in-overlay", "[[level]]\nid = \"dat\"\nmin_score = 10\n"),
        ("unknown-field-in-overlay", "[[level]]\nid = \"tot\"\nmin_scor = 10\n"),
        ("removed-fact-still-used", "[[fact]]\nid = \"done\"\nremove = true\n"),
    ];
    let mut out = String::new();
    for (name, body) in cases {
        let (rules, diagnostics) = load(body);
        assert!(rules.is_none(), "{name} compiled");
        out.push_str(&format!("== {name}\n{}\n\n", rendered(&diagnostics)));
    }
    for (name, text) in [
        ("unknown-base", HEAD.replace("\"mini\"", "\"qd999\"")),
        ("cycle", "[rule_set]\nextends = \"loop-a\"\nid = \"x\"\nname = \"X\"\nversion = \"1\"\n".to_string()),
        ("broken-base", HEAD.replace("\"mini\"", "\"broken\"")),
        ("overlay-without-own-id", "[rule_set]\nextends = \"mini\"\nname = \"X\"\nversion = \"1\"\n".to_string()),
    ] {
        let (rules, diagnostics) = xeploai::ruleset::load_with(&text, Some("tinh.toml"), &bases);
        assert!(rules.is_none(), "{name} compiled");
        out.push_str(&format!("== {name}\n{}\n\n", rendered(&diagnostics)));
    }
    insta::assert_snapshot!("overlay_diagnostics", out);
}

#[test]
fn codes_of_the_misuses() {
    assert_eq!(load("[[fact]]\nid = \"x\"\nremove = true\n").1[0].code, Code::OverlayItem);
    let (_, diagnostics) = xeploai::ruleset::load_with(&HEAD.replace("\"mini\"", "\"nope\""), None, &bases);
    assert_eq!(diagnostics[0].code, Code::UnknownBase);
    // An overlay may keep its base's id (not a circle); a list item that is not a table is said to be one.
    let same_id = "[rule_set]\nextends = \"mini\"\nid = \"mini\"\nname = \"M\"\nversion = \"2\"\n";
    assert!(xeploai::ruleset::load_with(same_id, None, &bases).0.is_some());
    let (_, diagnostics) = xeploai::ruleset::load_with(&format!("level = [1]\n{HEAD}"), None, &bases);
    assert_eq!(diagnostics[0].code, Code::WrongType, "{}", rendered(&diagnostics));
    // A hostile overlay of very many items is refused at once (merging looks items up by id).
    let many: String = (0..xeploai::overlay::MAX_OVERLAY_ITEMS + 1)
        .map(|i| format!("[[fact]]\nid = \"f{i}\"\nname = \"F\"\ntype = \"bool\"\n"))
        .collect();
    let (rules, diagnostics) = load(&many);
    assert!(rules.is_none());
    assert_eq!(diagnostics.iter().filter(|d| d.code == Code::InputLimit).count(), 1, "{}", rendered(&diagnostics[..3]));
    // Without a resolver, only the default rule set is known: a page links no other text.
    let (rules, _) =
        xeploai::load("[rule_set]\nextends = \"qd366-2025\"\nid = \"v\"\nname = \"V\"\nversion = \"1\"\n", None);
    assert_eq!(rules.unwrap().levels.len(), 4);
    let (_, diagnostics) =
        xeploai::load("[rule_set]\nextends = \"qd124-2023\"\nid = \"v\"\nname = \"V\"\nversion = \"1\"\n", None);
    assert_eq!(diagnostics[0].code, Code::UnknownBase);
}

#[test]
fn the_provincial_example_is_a_small_overlay() {
    let text = xeploai::builtin::rule_text("qd366-vi-du-tinh").unwrap();
    // 70 lines for the 10/10/10 split, 16 for the task points scored from the task list, 18 for the checklist's
    // maxima and the three sub-items fed from it.
    assert!(text.lines().count() <= 104, "{} lines", text.lines().count());
    let (rules, diagnostics) = xeploai::load(text, Some("rules/qd366-vi-du-tinh.toml"));
    let rules = rules.unwrap_or_else(|| panic!("{}", rendered(&diagnostics)));
    assert!(diagnostics.is_empty(), "{}", rendered(&diagnostics));
    assert_eq!(rules.extends.as_deref(), Some("qd366-2025"));
    assert!(!rules.official);
    let parts = &rules.scoring.as_ref().unwrap().parts;
    assert_eq!(parts.len(), 4);
}

/// The CLI loads overlays: a bundled base, or a sibling file; `validate`, `diff` and `rules` name the overlay.
#[test]
fn the_cli_loads_an_overlay_and_its_sibling_base() {
    use std::process::Command;
    let dir = std::env::temp_dir().join(format!("xeploai-overlays-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let head = |extends: &str, id: &str| {
        format!("[rule_set]\nextends = \"{extends}\"\nid = \"{id}\"\nname = \"{id}\"\nversion = \"1\"\n")
    };
    std::fs::write(
        dir.join("tinh.toml"),
        format!("{}\n[[level]]\nid = \"htxs\"\nmin_score = 92\n", head("qd366-2025", "tinh")),
    )
    .unwrap();
    std::fs::write(dir.join("xa.toml"), format!("{}\n[[level]]\nid = \"htt\"\nmin_score = 95\n", head("tinh", "xa")))
        .unwrap();
    std::fs::write(
        dir.join("p.csv"),
        "id,common_points,task_points,tasks_assigned,tasks_on_time,tasks_exceeding\na,28,63,10,10,3\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_xeploai")).current_dir(&dir).args(args).output().unwrap();
        (String::from_utf8_lossy(&output.stdout).to_string(), String::from_utf8_lossy(&output.stderr).to_string())
    };
    let (out, _) = run(&["validate", "tinh.toml"]);
    assert!(out.contains("tinh.toml: hợp lệ"), "{out}");
    // The overlay of an overlay is wrong: its threshold is above its base's, and it says so at its own line.
    let (out, err) = run(&["--lang", "en", "validate", "xa.toml"]);
    assert!(format!("{out}{err}").contains("xa.toml:9:13 [level[1].min_score]: error[band-order]"), "{out}{err}");
    let (out, err) = run(&["diff", "--left", "qd366-2025", "--right", "tinh.toml", "--subject", "member", "p.csv"]);
    assert!(out.contains("B = tinh (tinh, 1, mở rộng qd366-2025)"), "{out}{err}");
    assert!(out.contains("Điểm tối thiểu mức HTXS: 90 → 92"), "{out}");
    assert!(out.contains("Quy định 366-QĐ/TW; sửa trong tinh (có nguồn xác nhận)"), "{out}");
    let (out, _) =
        run(&["diff", "--left", "tinh.toml", "--set", "level.htt.min_score=75", "--subject", "member", "p.csv"]);
    assert!(out.contains("Điểm tối thiểu mức HTT: 70 → 75"), "{out}");
    std::fs::remove_dir_all(&dir).ok();
}
