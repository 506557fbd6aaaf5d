//! Comparing two rule sets: the example unit (`examples/dang-bo-mau/`) under QĐ 366 against knob variants of it
//! (quota base, rounding, a threshold), one subject, aggregate figures, and identical rule sets (nobody moves).
//! The text of each comparison, as `xeploai diff` prints it, is a golden file.

use std::path::PathBuf;

use xeploai::compare::{
    self, DifferenceKind, Movement, Pair, SubjectInput, UnitComparison, UnitFiles, UnitRun, UnitSide,
};
use xeploai::knobs::{self, Classic};
use xeploai::{Lang, RuleSet, builtin};

fn text(path: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn load(text: &str) -> RuleSet {
    let (rules, diagnostics) = xeploai::load(text, None);
    rules.unwrap_or_else(|| panic!("{diagnostics:#?}"))
}

/// The example unit with the bloc committee's targets, under `left` and `right`.
fn example(left: &RuleSet, right: &RuleSet) -> (UnitComparison, String) {
    let members = text("examples/dang-bo-mau/members.csv");
    let orgs = text("examples/dang-bo-mau/orgs.csv");
    let targets = text("rules/targets/dang-uy-khoi-2026.toml");
    let figures = text("examples/dang-bo-mau/figures.toml");
    let files = UnitFiles {
        members: (&members, Some("members.csv")),
        orgs: Some((&orgs, Some("orgs.csv"))),
        targets: Some((&targets, Some("targets.toml"))),
        figures: Some((&figures, Some("figures.toml"))),
    };
    let l = UnitRun::new(left, &files).unwrap();
    let r = UnitRun::new(right, &files).unwrap();
    assert!(l.diagnostics.iter().all(|d| !d.is_error()), "{:?}", l.diagnostics);
    let comparison =
        compare::compare_units(UnitSide { rules: left, run: &l }, UnitSide { rules: right, run: &r }, usize::MAX);
    let rendered = xeploai::render::compare::unit_text(&comparison, Pair { left, right }, Lang::Vi);
    (comparison, rendered)
}

fn default_text() -> &'static str {
    builtin::DEFAULT_TEXT
}

/// The default rule set with every individual counted in one quota group, as before QĐ 366 (and as QĐ 124 did):
/// in the example unit the quota questions (base, rounding) then change who is proposed.
fn pooled_text() -> String {
    knobs::set_knob(default_text(), "quota.quota_htxs_members.pool_subjects", "true").unwrap()
}

#[test]
fn identical_rule_sets_move_nobody() {
    let rules = load(default_text());
    let (comparison, _) = example(&rules, &rules);
    assert!(comparison.movers.is_empty());
    assert!(comparison.org_movers.is_empty());
    assert!(comparison.quotas.iter().all(|q| !q.changed));
    assert!(comparison.targets.iter().all(|t| !t.changed));
    assert!(comparison.reading.is_empty());
    for d in &comparison.distributions {
        assert!(d.rows.iter().all(|r| r.left == r.right), "{d:?}");
    }
}

#[test]
fn quota_base_good_or_better_raises_the_cap() {
    let left = load(&pooled_text());
    let (variant, changes) = knobs::variant(&pooled_text(), Classic::QuotaBase).unwrap();
    assert_eq!(changes.len(), 2, "one quota for individuals, one for collectives");
    let right = load(&variant);
    let (comparison, rendered) = example(&left, &right);
    let quota = comparison.quotas.iter().find(|q| q.scope_id == "db-stp" && !q.organizations).unwrap();
    let (l, r) = (quota.left.as_ref().unwrap(), quota.right.as_ref().unwrap());
    assert!(quota.changed);
    assert_eq!(l.counts, r.counts, "the same members are rated the same by the criteria");
    assert!(r.resolution.base > l.resolution.base, "{l:?} {r:?}");
    assert!(r.resolution.cap > l.resolution.cap, "{l:?} {r:?}");
    assert!(r.resolution.excess < l.resolution.excess);
    // Those who move do so by the quota only: the same level by the criteria, up in the proposal, no condition
    // differs.
    assert!(!comparison.movers.is_empty());
    for mover in &comparison.movers {
        assert_eq!(mover.by_criteria.left, mover.by_criteria.right);
        assert_eq!(mover.movement, Movement::Up, "{mover:?}");
        assert_eq!(mover.differences.as_deref(), Some(&[][..]));
        assert!(mover.reason.vi.contains("db-stp"), "{}", mover.reason.vi);
    }
    insta::assert_snapshot!(rendered);
}

#[test]
fn rounding_nearest_against_floor() {
    let left = load(&pooled_text());
    let (variant, _) = knobs::variant(&pooled_text(), Classic::QuotaRounding).unwrap();
    let right = load(&variant);
    let (comparison, rendered) = example(&left, &right);
    let quota = comparison.quotas.iter().find(|q| q.scope_id == "db-stp" && !q.organizations).unwrap();
    let (l, r) = (quota.left.as_ref().unwrap(), quota.right.as_ref().unwrap());
    assert!(r.resolution.cap >= l.resolution.cap);
    insta::assert_snapshot!(rendered);
}

#[test]
fn a_higher_threshold_moves_a_known_member_and_says_why() {
    let left = load(default_text());
    let right = load(&knobs::set_knob(default_text(), "level.htt.min_score", "80").unwrap());
    let (comparison, rendered) = example(&left, &right);
    // vp08: 25 + 54 = 79 points, HTT from 70, HT from 80.
    let vp08 = comparison.movers.iter().find(|m| m.id == "vp08").expect("vp08 moves");
    assert_eq!((vp08.by_criteria.left.as_str(), vp08.by_criteria.right.as_str()), ("htt", "ht"));
    assert_eq!(vp08.movement, Movement::Down);
    for mover in comparison.movers.iter().filter(|m| m.by_criteria.left != m.by_criteria.right) {
        let differences = mover.differences.as_ref().unwrap();
        let band = differences.iter().find(|d| d.rule == "band.htt").expect("the HTT band differs");
        assert_eq!(band.kind, DifferenceKind::MetAndRequirement);
        assert_eq!(band.left.as_ref().unwrap().met, Some(true));
        assert_eq!(band.right.as_ref().unwrap().met, Some(false));
        assert!(band.left.as_ref().unwrap().source.is_some(), "with provenance");
    }
    insta::assert_snapshot!(rendered);
}

#[test]
fn an_assumption_switched_on_shows_as_a_check_present_in_one_rule_set_only() {
    let left = load(default_text());
    let right = load(&knobs::set_knob(default_text(), "rule.cap_sick_leave.enabled", "true").unwrap());
    let (comparison, _) = example(&left, &right);
    // hc06 was on sick leave for 3 months or more: HTXS on the actual results (HD 43 7.5), at most HT under the old
    // HD 21 cap, which is off by default.
    let hc06 = comparison.movers.iter().find(|m| m.id == "hc06").expect("hc06 moves");
    assert_eq!((hc06.by_criteria.left.as_str(), hc06.by_criteria.right.as_str()), ("htxs", "ht"));
    let differences = hc06.differences.as_ref().unwrap();
    assert_eq!(differences[0].rule, "cap_sick_leave");
    assert_eq!(differences[0].kind, DifferenceKind::OnlyRight);
    assert!(differences[0].decisive());
    let source = differences[0].right.as_ref().unwrap().source.as_ref().unwrap();
    assert_eq!(source.status, xeploai::ruleset::Status::Assumption);
    // Anyone else moves only in the proposal: one candidate fewer in hc06's quota group.
    for other in comparison.movers.iter().filter(|m| m.id != "hc06") {
        assert_eq!(other.by_criteria.left, other.by_criteria.right, "{other:?}");
        assert!(other.differences.as_ref().unwrap().iter().all(|d| !d.decisive()), "{other:?}");
    }
}

#[test]
fn one_subject_through_two_rule_sets() {
    let left = load(default_text());
    let right = load(&knobs::set_knob(default_text(), "level.htxs.min_score", "85").unwrap());
    let facts = [
        ("common_points", "27"),
        ("task_points", "60"),
        ("tasks_assigned", "10"),
        ("tasks_on_time", "10"),
        ("tasks_exceeding", "3"),
    ];
    let input = SubjectInput {
        subject: "member".into(),
        facts: facts.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        target: Some("HTXS".into()),
    };
    let comparison = compare::compare_subject(&left, &right, &input);
    assert_eq!((comparison.place.left.as_str(), comparison.place.right.as_str()), ("htt", "htxs"));
    assert_eq!(comparison.movement, Movement::Up);
    let rules: Vec<&str> = comparison.differences.iter().map(|d| d.rule.as_str()).collect();
    assert_eq!(rules, ["band.htxs"]);
    // The same subject through the same rule set: no difference.
    let same = compare::compare_subject(&left, &left, &input);
    assert_eq!(same.movement, Movement::Same);
    assert!(same.differences.is_empty());
    insta::assert_snapshot!(xeploai::render::compare::subjects_text(
        &[comparison],
        Pair { left: &left, right: &right },
        Lang::En
    ));
    // A value a rule set cannot read is reported on each side that cannot.
    let bad = SubjectInput { facts: vec![("common_points".into(), "abc".into())], ..input };
    let comparison = compare::compare_subject(&left, &right, &bad);
    assert_eq!(comparison.problems.len(), 2);
    assert_eq!(comparison.place.left, compare::INCOMPLETE);
}

#[test]
fn aggregate_figures_under_two_rule_sets() {
    let left = load(default_text());
    let (variant, _) = knobs::variant(default_text(), Classic::QuotaBase).unwrap();
    let right = load(&variant);
    let figures = "[population.members]\nhtxs = 12\nhtt = 40\nht = 5\nkht = 1\n";
    let comparison = compare::compare_figures(&left, &right, (figures, None), None).unwrap();
    let quota = &comparison.quotas[0];
    let (l, r) = (quota.left.as_ref().unwrap(), quota.right.as_ref().unwrap());
    // 20% of 40 good = 8, excess: 12 − k ≤ floor(20% × (40 + k)) → k = 3 (9 ≤ 8.6? no; k = 4: 8 ≤ 8.8).
    assert_eq!((l.resolution.cap, l.resolution.excess), (8, 4));
    // 20% of 52 good or better = 10, excess 2.
    assert_eq!((r.resolution.cap, r.resolution.excess), (10, 2));
    let targets = text("rules/targets/dang-uy-khoi-2026.toml");
    let typed = text("examples/dang-bo-mau/figures.toml");
    let comparison = compare::compare_figures(&left, &right, (&typed, None), Some((&targets, None))).unwrap();
    assert!(!comparison.targets.is_empty());
    assert!(comparison.targets.iter().all(|t| !t.changed));
}

#[test]
fn comparisons_serialize_for_the_app() {
    let left = load(&pooled_text());
    let (variant, _) = knobs::variant(&pooled_text(), Classic::QuotaBase).unwrap();
    let right = load(&variant);
    let (comparison, _) = example(&left, &right);
    let json = serde_json::to_value(&comparison).unwrap();
    assert!(json["movers"][0]["byCriteria"]["left"].is_string());
    assert!(json["quotas"][0]["left"]["counts"]["good"].is_number());
    assert_eq!(json["ruleSets"]["left"]["id"], "qd366-2025");
}

/// `xeploai diff`, as a user runs it: JSON of a classic comparison, and a bad setting located in the rule file.
#[cfg(feature = "cli")]
#[test]
fn the_cli_diff_command() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_xeploai"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap()
    };
    let members = "examples/dang-bo-mau/members.csv";
    let orgs = "examples/dang-bo-mau/orgs.csv";
    let pooled = std::env::temp_dir().join(format!("xeploai-pooled-{}.toml", std::process::id()));
    std::fs::write(&pooled, pooled_text()).unwrap();
    let pooled = pooled.to_str().unwrap();
    let output = run(&[
        "diff",
        "--left",
        pooled,
        "--classic",
        "quota-base",
        "--members",
        members,
        "--orgs",
        orgs,
        "--format",
        "json",
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["settings"][0]["knob"], "quota.quota_htxs_members.base");
    let movers = json["unit"]["movers"].as_array().unwrap();
    assert_eq!(movers.len(), 1, "{movers:?}");
    assert_eq!(movers[0]["id"], "hc06");
    assert_eq!(movers[0]["proposed"]["right"], "htxs");

    let output = run(&["diff", "--members", members, "--set", "level.htt.min_score=80"]);
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.contains("– Điểm tối thiểu mức HTT: 70 → 80"), "{table}");
    assert!(table.contains("vp08  Bùi Thị Ngọc"), "{table}");

    // Subjects, each on its own: the row that moves, and why.
    let output = run(&["--lang", "en", "diff", "--set", "level.htt.min_score=80", members]);
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.contains("vp08: HTT → HT\n  A: In the score band and meets every condition of HTT\n"), "{table}");
    // Typed figures alone: the quota on the counts.
    let output =
        run(&["diff", "--classic", "quota-base", "--figures", "examples/dang-bo-mau/figures.toml", "--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(json["figures"]["quotas"].is_array());

    // The quota's exception ceiling (QĐ 366 Điều 11 k1: up to 25%): 25 is allowed, 26 is refused where it is set.
    let output = run(&["diff", "--members", members, "--set", "quota.quota_htxs_members.percent=25"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let output = run(&["--lang", "en", "diff", "--set", "quota.quota_htxs_members.percent=26"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "[quota.quota_htxs_members.percent]: error[quota-ceiling]: 26 is above this rule set's ceiling of 25%"
        ),
        "{stderr}"
    );

    let output = run(&["--lang", "en", "diff", "--set", "level.htt.min_score=95"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    // The line of HTT's `min_score`, found in the file, so rules added above it do not break this test.
    let text = xeploai::builtin::DEFAULT_TEXT;
    let htt = text.find("id = \"htt\"").unwrap();
    let line = text[..htt + text[htt..].find("min_score").unwrap()].matches('\n').count() + 1;
    assert!(
        stderr.starts_with(&format!("rules/qd366-2025.toml:{line}:13 [level.htt.min_score]: error[knob-value]: the minimum score must be below that of HTXS (90)")),
        "{stderr}"
    );
}
