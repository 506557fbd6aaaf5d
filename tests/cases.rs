//! Every rule file in `rules/` and every target file in `rules/targets/` compiles without errors and passes the
//! cases file beside it. A failure names the file and the case. Explanations of cases marked `snapshot = true`
//! are golden files in `tests/snapshots/` (review changes with `cargo insta review`, or accept with
//! `INSTA_UPDATE=always cargo test --test cases`).

use std::path::{Path, PathBuf};

use xeploai::toml_doc::Value;
use xeploai::{Lang, builtin, cases, render};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("rules directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            toml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") && !path.to_string_lossy().ends_with(".cases.toml") {
            out.push(path);
        }
    }
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).display().to_string()
}

fn cases_path(path: &Path) -> PathBuf {
    PathBuf::from(path.to_string_lossy().trim_end_matches(".toml").to_string() + ".cases.toml")
}

#[test]
fn every_rule_set_and_target_file_passes_its_cases() {
    let mut files = Vec::new();
    toml_files(&root().join("rules"), &mut files);
    files.sort();
    assert!(files.len() >= 2, "expected rule and target files under rules/");
    let default_rules = builtin::load(builtin::DEFAULT).expect("the default rule set compiles");
    let mut failures: Vec<String> = Vec::new();
    let mut passed = 0;
    for path in &files {
        let name = relative(path);
        let text = std::fs::read_to_string(path).expect("readable");
        let cases_file = cases_path(path);
        let cases_name = relative(&cases_file);
        let Ok(cases_text) = std::fs::read_to_string(&cases_file) else {
            failures.push(format!("{name}: no cases file {cases_name} beside it"));
            continue;
        };
        let check = cases::check_file(&text, &name, Some((&cases_text, &cases_name)), &bundled_base, || {
            Ok(default_rules.clone())
        })
        .expect("the default rule set is given");
        failures.extend(check.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.render(Lang::En)));
        let (Some(rules), Some(report)) = (check.rules, check.report) else { continue };
        passed += report.passed;
        failures.extend(report.diagnostics.iter().map(|d| d.render(Lang::En)));
        if cases::is_target_file(&text) {
            continue;
        }
        let stem = path.file_stem().unwrap_or_default().to_string_lossy().to_string();
        for (case, explanation) in &report.snapshots {
            insta::assert_snapshot!(
                format!("{stem}__{case}__vi"),
                render::explanation_text(&rules, explanation, Lang::Vi)
            );
            insta::assert_json_snapshot!(format!("{stem}__{case}__json"), explanation);
        }
    }
    assert!(failures.is_empty(), "{} case(s) or file(s) failed:\n{}", failures.len(), failures.join("\n"));
    assert!(passed >= 60, "only {passed} cases ran");
}

#[test]
fn bundled_rule_sets_match_the_files_and_compile_cleanly() {
    for (id, text) in builtin::RULE_SETS {
        let cases_text = builtin::cases_text(id).expect("every bundled rule set has bundled cases");
        let on_disk =
            std::fs::read_to_string(root().join("rules").join(format!("{id}.toml"))).expect("bundled file exists");
        assert_eq!(&on_disk, text, "{id}: bundled text differs from rules/{id}.toml");
        let (rules, diagnostics) = xeploai::load(text, Some(id));
        let errors: Vec<String> = diagnostics.iter().filter(|d| d.is_error()).map(|d| d.render(Lang::En)).collect();
        assert!(errors.is_empty(), "{id}: {errors:?}");
        let rules = rules.expect("compiles");
        let report = cases::run_cases(&rules, cases_text, Some(id));
        assert_eq!(report.failed, 0, "{id}: {:?}", report.diagnostics);
        let entry = builtin::CATALOG.iter().find(|e| e.id == *id).unwrap_or_else(|| panic!("{id} not in CATALOG"));
        assert_eq!(entry.vi, rules.name.get(Lang::Vi), "{id}: CATALOG name (vi) differs from the file");
        assert_eq!(entry.en, rules.name.get(Lang::En), "{id}: CATALOG name (en) differs from the file");
        assert_eq!(entry.official, rules.official, "{id}: CATALOG official differs from the file");
        // The catalog carries each rule set's period while the files do not all declare it; when one does, they agree.
        if rules.years.is_declared() {
            assert_eq!(entry.years, rules.years, "{id}: CATALOG years differ from the file's [rule_set] years");
        }
        if let Some(domain) = rules.domain {
            assert_eq!(entry.domain, domain, "{id}: CATALOG domain differs from the file's [rule_set] domain");
        }
    }
    let catalog: Vec<&str> = builtin::CATALOG.iter().map(|e| e.id).collect();
    let bundled: Vec<&str> = builtin::RULE_SETS.iter().map(|(id, _)| *id).collect();
    assert_eq!(catalog, bundled, "CATALOG and RULE_SETS list the same rule sets in the same order");
    assert_eq!(catalog[0], builtin::DEFAULT);
    assert_eq!(builtin::load_default().id, builtin::DEFAULT);
}

#[test]
fn english_explanation_of_a_fallback() {
    let rules = builtin::load(builtin::DEFAULT).unwrap();
    let facts: std::collections::BTreeMap<String, Value> = [
        ("common_points", 28),
        ("task_points", 65),
        ("tasks_assigned", 10),
        ("tasks_on_time", 10),
        ("tasks_exceeding", 2),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_string(), Value::Integer(value)))
    .collect();
    let kind = rules.subject_index("member").unwrap();
    let row = cases::facts_row(&rules, kind, &facts).unwrap();
    let mut classifier = xeploai::Classifier::new(&rules);
    let (_, explanation) = classifier.explain(kind, &row, rules.level_index("htxs"));
    insta::assert_snapshot!("fallback_explained_in_english", render::explanation_text(&rules, &explanation, Lang::En));
}

#[test]
fn a_rule_set_without_a_score_explains_its_fallback_without_bands() {
    let rules = builtin::load("qd132-2018").unwrap();
    let facts: std::collections::BTreeMap<String, Value> =
        [("c_politics", "tot"), ("c_ethics", "tot"), ("c_style", "tot"), ("c_discipline", "tot")]
            .into_iter()
            .chain([("c_commitment", "tot"), ("c_duties", "tot")])
            .map(|(name, value)| (name.to_string(), Value::String(value.to_string())))
            .collect();
    let kind = rules.subject_index("member").unwrap();
    let row = cases::facts_row(&rules, kind, &facts).unwrap();
    let mut classifier = xeploai::Classifier::new(&rules);
    let (_, explanation) = classifier.explain(kind, &row, None);
    let text = render::explanation_text(&rules, &explanation, Lang::En);
    assert!(text.contains("with no score, the level is the best one whose conditions all hold → HTT"), "{text}");
    assert!(!text.contains("band"), "{text}");
}

/// An overlay's base among the bundled rule sets.
fn bundled_base(id: &str) -> Option<xeploai::overlay::Base> {
    let text = xeploai::builtin::rule_text(id)?;
    Some(xeploai::overlay::Base { file: format!("rules/{id}.toml"), text: text.to_string() })
}

/// A unit case's code comes from what went wrong, not from the wording of its message: a member or organization it
/// names that is not in its roster makes it invalid (even beside a wrong level), a wrong level alone makes it fail.
#[test]
fn a_unit_case_is_invalid_for_its_input_and_failed_for_its_results() {
    let rules = builtin::load_default();
    let case = |id: &str, levels: &str, orgs: &str| {
        format!(
            "[[unit_case]]\nid = \"{id}\"\nmembers = \"\"\"\n\
             id,org,common_points,task_points,tasks_assigned,tasks_on_time,tasks_exceeding\n\
             a,cb1,30,66,10,10,3\nb,cb1,25,55,10,10,0\nc,cb1,25,55,10,10,0\nd,cb1,25,55,10,10,0\n\
             e,cb1,25,55,10,10,0\nf,cb1,25,55,10,10,0\n\"\"\"\n\
             [unit_case.expect]\nlevels = {{ {levels} }}\norgs = {{ {orgs} }}\n"
        )
    };
    let text = [
        case("passes", "a = \"htxs\", b = \"htt\"", ""),
        case("wrong-level", "a = \"htt\"", ""),
        case("unknown-member", "zz = \"htt\"", ""),
        case("unknown-org-and-wrong-level", "a = \"htt\"", "nowhere = \"htt\""),
    ]
    .concat();
    let report = cases::run_cases(&rules, &text, Some("unit.cases.toml"));
    assert_eq!((report.passed, report.failed), (1, 3), "{:?}", report.diagnostics);
    let codes: Vec<(String, xeploai::Code)> =
        report.diagnostics.iter().map(|d| (d.location.path.clone().unwrap_or_default(), d.code)).collect();
    assert_eq!(
        codes,
        [
            ("unit_case wrong-level".to_string(), xeploai::Code::CaseFailed),
            ("unit_case unknown-member".to_string(), xeploai::Code::CaseInvalid),
            ("unit_case unknown-org-and-wrong-level".to_string(), xeploai::Code::CaseInvalid),
        ]
    );
    let last = report.diagnostics[2].render(Lang::En);
    assert!(last.contains("expected htt, got htxs") && last.contains("input: no organization nowhere"), "{last}");
}
