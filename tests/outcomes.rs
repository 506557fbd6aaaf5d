//! The engine's general outcomes on a small rule set of their own (`tests/fixtures/outcomes/`): consistency checks
//! ("invalid"), a disqualifier with a claim of mitigation ("referred"), three-valued decisions, fallbacks that never
//! give a level whose own conditions fail, and a headline reason that names every level passed. Each outcome is
//! followed through the unit (distributions, quota, roll-up), the report, the targets and the comparison.

use std::path::PathBuf;

use xeploai::classify::{Classifier, Outcome};
use xeploai::compare::{SubjectInput, compare_subject};
use xeploai::diag::Code;
use xeploai::explain::ResultStatus;
use xeploai::input::{ReadOptions, TableKind, read_csv};
use xeploai::report::unit_report;
use xeploai::targets::Figures;
use xeploai::unit::{NO_LEVEL, Roster, Unit};
use xeploai::{Lang, RuleSet, cases, render};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/outcomes").join(name))
        .unwrap()
}

fn load(text: &str) -> RuleSet {
    let (rules, diagnostics) = xeploai::load(text, Some("outcomes.toml"));
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    rules.expect("the test rule set compiles")
}

fn rules() -> RuleSet {
    load(&fixture("outcomes.toml"))
}

/// A member's facts as typed, over a clean member with 80 points.
fn member(rules: &RuleSet, changes: &[(&str, Option<&str>)]) -> Vec<xeploai::Num> {
    let clean = fixture("clean-member.txt");
    let mut facts: Vec<(&str, Option<&str>)> =
        clean.lines().filter_map(|line| line.split_once('=')).map(|(id, value)| (id, Some(value))).collect();
    for (id, value) in changes {
        match facts.iter_mut().find(|(f, _)| f == id) {
            Some(entry) => entry.1 = *value,
            None => facts.push((id, *value)),
        }
    }
    let mut row = vec![xeploai::Num::MISSING; rules.facts.len()];
    for (id, value) in facts {
        let slot = rules.fact_slot(id).unwrap();
        if let Some(text) = value {
            row[slot as usize] = xeploai::input::parse_value(rules, &rules.facts[slot as usize], text)
                .unwrap()
                .unwrap_or(xeploai::Num::MISSING);
        }
    }
    row
}

#[test]
fn the_cases_pass_and_their_explanations_are_golden() {
    let rules = rules();
    let report = cases::run_cases(&rules, &fixture("outcomes.cases.toml"), Some("outcomes.cases.toml"));
    let failures: Vec<String> = report.diagnostics.iter().map(|d| d.render(Lang::En)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(report.passed, 16);
    for (case, explanation) in &report.snapshots {
        insta::assert_snapshot!(
            format!("outcomes__{case}__vi"),
            render::explanation_text(&rules, explanation, Lang::Vi)
        );
        insta::assert_snapshot!(
            format!("outcomes__{case}__en"),
            render::explanation_text(&rules, explanation, Lang::En)
        );
        insta::assert_json_snapshot!(format!("outcomes__{case}__json"), explanation);
    }
}

#[test]
fn a_wrong_expectation_fails_its_case() {
    let rules = rules();
    let cases = r#"
[[case]]
id = "wrong-otherwise"
subject = "member"
facts = { points = 80, tasks_assigned = 10, tasks_on_time = 10, suspended = false, admitted_months = 24, degradation = false, duty_related = true, discipline = "khien_trach", mitigation_claimed = true, sick_months = 0 }
expect = "referred"
otherwise = "ht"

[[case]]
id = "wrong-check"
subject = "member"
facts = { points = 80, tasks_assigned = 10, tasks_on_time = 10, tasks_exceeding = 11, suspended = false, admitted_months = 24, degradation = false, duty_related = false, sick_months = 0 }
expect = "invalid"
decided_by = "check_done_le_assigned"
"#;
    let report = cases::run_cases(&rules, cases, None);
    assert_eq!(report.failed, 2);
    let text: Vec<String> = report.diagnostics.iter().map(|d| d.render(Lang::En)).collect();
    assert!(text[0].contains("expected otherwise ht, got tt"), "{}", text[0]);
    assert!(
        text[1].contains("expected decided by check_done_le_assigned, got check_exceeding_le_on_time"),
        "{}",
        text[1]
    );
}

#[test]
fn referral_carries_the_case_the_claim_and_the_level_otherwise() {
    let rules = rules();
    let values = member(
        &rules,
        &[("discipline", Some("khien_trach")), ("duty_related", Some("true")), ("mitigation_claimed", Some("true"))],
    );
    let mut classifier = Classifier::new(&rules);
    let verdict = classifier.classify(0, &values);
    let tt = rules.level_index("tt").unwrap() as u8;
    let dq = rules.disqualifiers.iter().position(|d| d.id == "dq_discipline").unwrap() as u16;
    assert_eq!(verdict.outcome, Outcome::Referred { rule: dq, otherwise: Some(tt) });
    assert_eq!(verdict.level(), None, "a referred subject is in no level");
    let (_, explanation) = classifier.explain(0, &values, None);
    assert_eq!(explanation.status, ResultStatus::Referred);
    assert_eq!(explanation.level, None);
    let referral = explanation.referral.as_ref().unwrap();
    assert_eq!((referral.rule.as_str(), referral.claim.as_str()), ("dq_discipline", "mitigation_claimed"));
    assert_eq!(referral.otherwise.as_deref(), Some("tt"));
    let decisive: Vec<_> = explanation.findings.iter().filter(|f| f.decisive).collect();
    assert_eq!(decisive.len(), 1);
    assert_eq!((decisive[0].stage, decisive[0].met), (xeploai::classify::Stage::Mitigation, Some(true)));
    // The claim does not help when another case applies without one.
    let both = member(
        &rules,
        &[
            ("discipline", Some("khien_trach")),
            ("duty_related", Some("true")),
            ("mitigation_claimed", Some("true")),
            ("degradation", Some("true")),
        ],
    );
    assert!(matches!(classifier.classify(0, &both).outcome, Outcome::Level { level: 3, .. }));
    // Unknown claim: incomplete, naming the claim.
    let unknown_claim = member(
        &rules,
        &[("discipline", Some("khien_trach")), ("duty_related", Some("true")), ("mitigation_claimed", None)],
    );
    let mut values = unknown_claim;
    values[rules.fact_slot("mitigation_claimed").unwrap() as usize] = xeploai::Num::MISSING;
    // The default (false) applies to an empty claim: KHT.
    assert!(matches!(classifier.classify(0, &values).outcome, Outcome::Level { level: 3, .. }));
}

#[test]
fn a_failed_check_is_invalid_and_names_its_facts() {
    let rules = rules();
    let values =
        member(&rules, &[("tasks_on_time", Some("11")), ("tasks_late", Some("3")), ("tasks_assigned", Some("12"))]);
    let (verdict, explanation) = Classifier::new(&rules).explain(0, &values, None);
    assert_eq!(verdict.outcome, Outcome::Invalid { check: 0 });
    assert_eq!(explanation.status, ResultStatus::Invalid);
    assert_eq!(explanation.contradictions.len(), 1);
    assert_eq!(explanation.contradictions[0].facts, ["tasks_on_time", "tasks_late", "tasks_assigned"]);
    let text = render::explanation_text(&rules, &explanation, Lang::En);
    assert!(text.starts_with("Result: Contradictory data\n"), "{text}");
    // Both checks failing are both listed; the first decides.
    let both = member(&rules, &[("tasks_on_time", Some("11")), ("tasks_exceeding", Some("12"))]);
    let (_, explanation) = Classifier::new(&rules).explain(0, &both, None);
    let ids: Vec<&str> = explanation.contradictions.iter().map(|c| c.check.as_str()).collect();
    assert_eq!(ids, ["check_done_le_assigned", "check_exceeding_le_on_time"]);
    assert_eq!(explanation.decided_by.rule.as_deref(), Some("check_done_le_assigned"));
}

#[test]
fn missing_facts_that_did_not_matter_are_named() {
    let rules = rules();
    let values =
        member(&rules, &[("degradation", None), ("discipline", Some("canh_cao")), ("duty_related", Some("true"))]);
    let (_, explanation) = Classifier::new(&rules).explain(0, &values, None);
    assert_eq!(explanation.level.as_deref(), Some("kht"));
    assert_eq!(explanation.missing_unneeded, ["degradation"]);
    let text = render::explanation_text(&rules, &explanation, Lang::Vi);
    assert!(text.contains("Chưa nhập nhưng không ảnh hưởng kết quả: Có biểu hiện suy thoái"), "{text}");
    // When the missing fact could change the result, it is what must be filled in.
    let values = member(&rules, &[("degradation", None)]);
    let (verdict, explanation) = Classifier::new(&rules).explain(0, &values, None);
    assert!(matches!(verdict.outcome, Outcome::Incomplete { fact } if rules.facts[fact as usize].id == "degradation"));
    assert!(explanation.missing_unneeded.is_empty());
}

fn with_policy(choice: &str) -> RuleSet {
    load(&fixture("outcomes.toml").replace("choice = \"cascade\"", &format!("choice = \"{choice}\"")))
}

#[test]
fn a_fallback_never_gives_a_level_whose_conditions_fail() {
    // 80 points with 3 of 10 tasks late: the TT band, but 30% late fails TT (≤ 10%) and HT (≤ 20%) alike.
    for policy in ["cascade", "drop_one", "lowest"] {
        let rules = with_policy(policy);
        let values = member(&rules, &[("tasks_on_time", Some("7")), ("tasks_late", Some("3"))]);
        let (verdict, explanation) = Classifier::new(&rules).explain(0, &values, None);
        assert_eq!(verdict.level(), Some(3), "{policy}: KHT, not HT");
        assert_eq!(explanation.decided_by.rule.as_deref(), Some("tt_late"), "{policy}");
        // 15% late: TT fails, HT holds: every policy but `lowest` stops at HT.
        let values =
            member(&rules, &[("tasks_assigned", Some("20")), ("tasks_on_time", Some("17")), ("tasks_late", Some("3"))]);
        let expected = if policy == "lowest" { 3 } else { 2 };
        assert_eq!(Classifier::new(&rules).classify(0, &values).level(), Some(expected), "{policy}");
    }
}

#[test]
fn the_headline_reason_names_every_level_passed() {
    let rules = rules();
    let values = member(
        &rules,
        &[
            ("points", Some("95")),
            ("tasks_on_time", Some("7")),
            ("tasks_late", Some("3")),
            ("tasks_exceeding", Some("1")),
        ],
    );
    let (_, explanation) = Classifier::new(&rules).explain(0, &values, None);
    let en = explanation.decided_by.summary.get(Lang::En);
    assert_eq!(
        en,
        "Score in the XS band but the condition \"No task late\" is not met; TT: the condition \"At most 10% late\" is not met either; HT: the condition \"At most 20% late\" is not met either; by the chosen policy: moved down one level at a time to the first level whose conditions hold → KHT"
    );
    // `lowest` looks at no level in between: none is named.
    let rules = with_policy("lowest");
    let (_, explanation) = Classifier::new(&rules).explain(0, &values, None);
    assert!(!explanation.decided_by.summary.get(Lang::En).contains("TT:"));
}

fn unit_of(rules: &RuleSet) -> (Roster, Unit, xeploai::unit::UnitResult) {
    let read = |text: &str, kind: TableKind, file: &str| {
        let default_subject = rules.subjects.iter().position(|s| s.collective == (kind == TableKind::Organizations));
        let (table, diagnostics) = read_csv(rules, text, &ReadOptions { file: Some(file), kind, default_subject });
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        table
    };
    let roster = Roster {
        members: read(&fixture("members.csv"), TableKind::Members, "members.csv"),
        orgs: read(&fixture("orgs.csv"), TableKind::Organizations, "orgs.csv"),
    };
    let unit = Unit::prepare(rules, &roster, Some("members.csv"), Some("orgs.csv"));
    assert!(unit.diagnostics.is_empty(), "{:?}", unit.diagnostics);
    let result = unit.run(rules, &roster);
    (roster, unit, result)
}

#[test]
fn referred_members_count_as_no_level_in_the_unit() {
    let rules = rules();
    let (roster, _, result) = unit_of(&rules);
    let d = &result.member_distribution_by_criteria;
    assert_eq!((d.total, d.levels.clone(), d.referred, d.invalid), (8, vec![2, 2, 0, 0], 3, 1));
    assert_eq!(d.total, d.classified() + d.not_classified + d.referred + d.invalid + d.incomplete + d.failed);
    // Quota in c1: 2 excellent against 2 good (50% → 1): the referred r1 (95 points) is not a candidate and the
    // referred r2 (80 points) is not in the good count.
    let quota = result.quotas.iter().find(|q| q.scope_id == "c1").unwrap();
    assert_eq!((quota.counts.candidates, quota.counts.good), (2, 2));
    assert_eq!(quota.resolution.excess, 1);
    let referred: Vec<&str> =
        roster.members.records().zip(&result.proposed).filter(|(_, p)| **p == NO_LEVEL).map(|(r, _)| r.id).collect();
    assert_eq!(referred, ["r1", "r2", "r3", "x1"]);
    // Roll-up: each cell counts its referred members, the root all of them.
    let slot = |id: &str| rules.fact_slot(id).unwrap() as usize;
    let org = |id: &str| roster.orgs.records().position(|r| r.id == id).unwrap();
    assert_eq!(result.org_rows.value(org("c1"), slot("members.referred")), xeploai::Num::int(2));
    assert_eq!(result.org_rows.value(org("c2"), slot("members.referred")), xeploai::Num::int(1));
    assert_eq!(result.org_rows.value(org("root"), slot("all_members.referred")), xeploai::Num::int(3));
    assert_eq!(result.org_rows.value(org("root"), slot("members.referred")), xeploai::Num::int(0));
}

#[test]
fn a_contradiction_is_a_row_problem_naming_the_member_and_the_check() {
    let rules = rules();
    let (roster, _, result) = unit_of(&rules);
    let problems = result.contradictions(&rules, &roster, Some("members.csv"), Some("orgs.csv"));
    assert_eq!(problems.len(), 1);
    let problem = &problems[0];
    assert_eq!(problem.code, Code::Contradiction);
    assert!(problem.is_error());
    assert_eq!(problem.location.row, Some(9));
    assert_eq!(
        problem.render(Lang::En),
        "members.csv:row 9 [tasks_on_time, tasks_late, tasks_assigned]: error[contradiction]: x1: contradictory data, no level — On time plus late cannot exceed assigned (tasks_on_time + tasks_late <= tasks_assigned); correct: Tasks on time, Tasks late, Tasks assigned"
    );
}

#[test]
fn the_report_shows_referred_and_invalid_as_their_own_values() {
    let rules = rules();
    let (roster, _, result) = unit_of(&rules);
    let sheets = unit_report(&rules, &roster, &result, None, Lang::Vi);
    let members = &sheets[0];
    let row = |id: &str| members.rows.iter().find(|r| r[0].text() == id).unwrap();
    assert_eq!(row("r2")[5].text(), "Chờ cấp có thẩm quyền xem xét, quyết định");
    assert_eq!(row("r2")[6].text(), "Chờ cấp có thẩm quyền xem xét, quyết định");
    assert!(row("r2")[7].text().contains("nếu không thì theo điểm và điều kiện: TT"), "{:?}", row("r2")[7]);
    assert_eq!(row("x1")[5].text(), "Số liệu mâu thuẫn");
    let distribution = sheets.iter().find(|s| s.name == "Phân bố").unwrap();
    let column = |name: &str| distribution.headers.iter().position(|h| h == name).unwrap();
    let first = &distribution.rows[0];
    assert_eq!(first[column("Chờ cấp có thẩm quyền quyết định")].text(), "3");
    assert_eq!(first[column("Số liệu mâu thuẫn")].text(), "1");
}

#[test]
fn targets_count_referred_apart() {
    let rules = rules();
    let (_, _, result) = unit_of(&rules);
    let targets = r#"
[target_set]
id = "t"
name = { vi = "Chỉ tiêu", en = "Targets" }

[[target]]
id = "share_tt_classified"
name = { vi = "TT trở lên trên số được xếp loại", en = "Good or better among the classified" }
kind = "share"
population = "members"
levels = ["xs", "tt"]
of = "classified"
min = "50%"

[[target]]
id = "share_tt_all"
name = { vi = "TT trở lên trên tổng số", en = "Good or better among all" }
kind = "share"
population = "members"
levels = ["xs", "tt"]
of = "all"
min = "50%"
"#;
    let (set, diagnostics) = xeploai::targets::load_targets(&rules, targets, None);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let (checked, _) = xeploai::targets::check(&rules, &set.unwrap(), &Figures::from_unit(&result));
    // After the quota: 1 XS, 3 TT (a1 or a2 proposed down), 3 referred, 1 invalid.
    assert_eq!(checked[0].denominator, Some(xeploai::Num::int(4)));
    assert_eq!(checked[1].denominator, Some(xeploai::Num::int(8)));
    assert!(checked.iter().all(|t| t.referred == 3));
    assert_eq!(checked[0].summary.get(Lang::En), "4/4 = 100% (3 for the competent level to decide, not counted)");
    assert!(checked[1].summary.get(Lang::En).ends_with("(3 for the competent level to decide, counted in the whole)"));
    // Typed figures accept a `referred` count, part of the total.
    let figures = "[population.members]\nxs = 1\ntt = 3\nreferred = 2\ntotal = 6\n";
    let (typed, diagnostics) = Figures::load(&rules, figures, None);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let members = &typed.unwrap().populations[&xeploai::targets::Population::Members];
    assert_eq!((members.referred, members.total), (2, 6));
}

#[test]
fn compare_shows_referred_and_invalid_places() {
    let left = rules();
    let right = load(&fixture("outcomes.toml").replace("mitigation = \"mitigation_claimed\"\n", ""));
    let facts = |pairs: &[(&str, &str)]| SubjectInput {
        subject: "member".into(),
        facts: pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        target: None,
    };
    let base = [
        ("points", "80"),
        ("tasks_assigned", "10"),
        ("tasks_on_time", "10"),
        ("suspended", "false"),
        ("admitted_months", "24"),
        ("degradation", "false"),
        ("sick_months", "0"),
        ("discipline", "khien_trach"),
        ("duty_related", "true"),
        ("mitigation_claimed", "true"),
    ];
    let comparison = compare_subject(&left, &right, &facts(&base));
    assert_eq!((comparison.place.left.as_str(), comparison.place.right.as_str()), ("referred", "kht"));
    let mut invalid = base.to_vec();
    invalid[2] = ("tasks_on_time", "12");
    let comparison = compare_subject(&left, &right, &facts(&invalid));
    assert_eq!(comparison.place.left, "invalid");
}

#[test]
fn rule_file_problems_with_checks_and_mitigation_are_located() {
    let text = fixture("outcomes.toml");
    let codes = |text: &str| -> Vec<(Code, String)> {
        let (_, diagnostics) = xeploai::load(text, Some("outcomes.toml"));
        diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.code, d.location.path.clone().unwrap_or_default()))
            .collect()
    };
    let unknown_fact = text.replace(
        "facts = [\"tasks_exceeding\", \"tasks_on_time\"]",
        "facts = [\"tasks_exceeding\", \"late_share\", \"nope\"]",
    );
    assert_eq!(codes(&unknown_fact), [(Code::CheckFacts, "check[1].facts".to_string())]);
    let (_, diagnostics) = xeploai::load(&unknown_fact, None);
    assert!(diagnostics[0].message.get(Lang::En).ends_with("`late_share` is not an input fact"), "{diagnostics:?}");
    let empty = text.replace("facts = [\"tasks_exceeding\", \"tasks_on_time\"]", "facts = []");
    assert_eq!(codes(&empty), [(Code::CheckFacts, "check[1].facts".to_string())]);
    let not_bool = text.replace("mitigation = \"mitigation_claimed\"", "mitigation = \"points + 1\"");
    assert_eq!(codes(&not_bool), [(Code::ExprType, "disqualifier[1].mitigation".to_string())]);
    let on_a_case = text.replace(
        "expr = \"admitted_months < 6\"",
        "expr = \"admitted_months < 6\"\nmitigation = \"mitigation_claimed\"",
    );
    assert_eq!(codes(&on_a_case), [(Code::UnknownField, "not_classified[1].mitigation".to_string())]);
    let check_not_bool = text.replace("expr = \"tasks_exceeding <= tasks_on_time\"", "expr = \"tasks_exceeding\"");
    assert_eq!(codes(&check_not_bool), [(Code::ExprType, "check[1].expr".to_string())]);
}

fn cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_xeploai"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn the_cli_shows_the_outcomes_and_fails_on_a_contradiction() {
    let rules = "tests/fixtures/outcomes/outcomes.toml";
    let members = "tests/fixtures/outcomes/members.csv";
    let output = cli(&["--lang", "en", "classify", "--rules", rules, "--subject", "member", members]);
    assert_eq!(output.status.code(), Some(1), "a contradiction is an error");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = |id: &str| stdout.lines().find(|l| l.starts_with(id)).unwrap_or_default().to_string();
    assert!(line("r2").contains("for the competent level (otherwise TT)"), "{stdout}");
    assert!(line("x1").contains("contradictory data"), "{stdout}");
    assert!(
        stderr.contains("members.csv:row 9 [tasks_on_time, tasks_late, tasks_assigned]: error[contradiction]: x1"),
        "{stderr}"
    );

    let output = cli(&[
        "--lang",
        "en",
        "unit",
        "--rules",
        rules,
        "--members",
        members,
        "--orgs",
        "tests/fixtures/outcomes/orgs.csv",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("FOR THE COMPETENT LEVEL TO DECIDE"), "{stdout}");
    assert!(stdout.lines().any(|l| l.starts_with("r3") && l.ends_with("TT")), "{stdout}");
    let output = cli(&["unit", "--rules", rules, "--members", members, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["members"][5]["status"], "referred");
    assert_eq!(json["members"][5]["otherwise"], "tt");
    assert_eq!(json["distribution"]["members"]["referred"], 3);
    assert_eq!(json["distribution"]["members"]["invalid"], 1);
    // Without contradictions the same roster passes.
    let clean: String =
        fixture("members.csv").lines().filter(|l| !l.starts_with("x1")).map(|l| format!("{l}\n")).collect();
    let dir = std::env::temp_dir().join(format!("xeploai-outcomes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("clean.csv");
    std::fs::write(&path, clean).unwrap();
    let output = cli(&["unit", "--rules", rules, "--members", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    std::fs::remove_dir_all(&dir).ok();
}
