//! The conversions' shapes: camelCase keys, errors with code and location, values as the engine computes them.

use serde_json::{Value, json};

use super::*;

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

fn default_rules() -> Compiled {
    Compiled::load_default()
}

const HTXS: [(&str, &str); 5] = [
    ("common_points", "28"),
    ("task_points", "65"),
    ("tasks_assigned", "10"),
    ("tasks_on_time", "10"),
    ("tasks_exceeding", "3"),
];

fn pairs(facts: &[(&str, &str)]) -> Vec<(String, String)> {
    facts.iter().map(|(id, text)| (id.to_string(), text.to_string())).collect()
}

fn no_lists() -> xeploai::lists::Lists {
    xeploai::lists::Lists::new()
}

/// Twelve tasks as the JS wrapper sends them (cells), the seventh late, four exceeding.
fn twelve_tasks(late: Option<u32>) -> xeploai::lists::Lists {
    let (mut lists, mut items, mut fields, mut cells) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for item in 0..12u32 {
        let status = if Some(item) == late { "late" } else { "on_time" };
        let exceeded = if item < 4 { "true" } else { "false" };
        for (field, text) in
            [("name", format!("Nhiệm vụ {}", item + 1)), ("status", status.into()), ("exceeded", exceeded.into())]
        {
            lists.push("tasks".to_string());
            items.push(item);
            fields.push(field.to_string());
            cells.push(text);
        }
    }
    lists_from_cells(vec!["tasks".into()], lists, items, fields, cells)
}

#[test]
fn a_task_list_gives_the_level_of_its_counts_and_names_the_deciding_task() {
    let rules = default_rules();
    let common = [("common_points", "28"), ("task_points", "65")];
    let from_list = parse(&rules.evaluate_json("member", pairs(&common), None, &twelve_tasks(None)).unwrap());
    assert_eq!(from_list["explanation"]["level"], "htxs");
    assert_eq!(from_list["explanation"]["lists"][0]["list"], "tasks");
    let late = parse(&rules.evaluate_json("member", pairs(&common), None, &twelve_tasks(Some(6))).unwrap());
    let counts = [
        ("common_points", "28"),
        ("task_points", "65"),
        ("tasks_assigned", "12"),
        ("tasks_on_time", "11"),
        ("tasks_late", "1"),
        ("tasks_exceeding", "4"),
    ];
    let typed = parse(&rules.evaluate_json("member", pairs(&counts), None, &no_lists()).unwrap());
    assert_eq!(late["explanation"]["level"], typed["explanation"]["level"]);
    assert_eq!(late["explanation"]["level"], "ht");
    let named = late["explanation"]["findings"].as_array().unwrap().iter().any(|f| {
        f["items"].as_array().is_some_and(|items| items.iter().any(|i| i["index"] == 7 && i["name"] == "Nhiệm vụ 7"))
    });
    assert!(named, "the late task (7) is named: {}", late["explanation"]["findings"]);
    // A cell that is not a value of its field is reported with its item and field, never dropped silently.
    let mut bad = twelve_tasks(None);
    bad.get_mut("tasks").unwrap()[2].insert("status".into(), "xong".into());
    let result = parse(&rules.evaluate_json("member", pairs(&common), None, &bad).unwrap());
    let problem = &result["listErrors"][0];
    assert_eq!(
        (problem["list"].as_str(), problem["item"].as_u64(), problem["field"].as_str()),
        (Some("tasks"), Some(3), Some("status"))
    );
    assert!(parse(&rules.info_json())["lists"][0]["id"] == "tasks");
}

#[test]
fn catalog_lists_the_default_first_as_bundled() {
    let catalog = parse(&catalog_json());
    assert_eq!(catalog[0]["id"], "qd366-2025");
    assert_eq!(catalog[0]["bundled"], true);
    assert!(catalog[0]["name"]["vi"].as_str().unwrap().contains("366"));
}

#[test]
fn info_has_levels_best_first_and_subject_kinds_in_camel_case() {
    let info = parse(&default_rules().info_json());
    let levels: Vec<&str> = info["levels"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(levels, ["htxs", "htt", "ht", "kht"]);
    assert_eq!(info["levels"][0]["minScore"], 90);
    assert_eq!(info["scoreMax"], 100);
    assert!(info["subjects"].as_array().unwrap().iter().any(|s| s["id"] == "collective" && s["collective"] == true));
}

#[test]
fn bad_rule_text_fails_with_code_line_and_column_first() {
    let text = builtin::DEFAULT_TEXT.replacen("min_score = 90", "min_score = \"ninety\"", 1);
    let Err(failure) = Compiled::load(&text, "broken.toml") else { panic!("compiled") };
    let diagnostics = parse(&failure);
    let first = &diagnostics[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "invalid-value");
    assert_eq!(first["location"]["file"], "broken.toml");
    assert!(first["location"]["line"].as_u64().unwrap() > 1);
    assert!(first["location"]["column"].as_u64().is_some());
    assert!(first["message"]["en"].is_string());

    let Err(failure) = Compiled::load("[rule_set\n", "syntax.toml") else { panic!("compiled") };
    assert_eq!(parse(&failure)[0]["location"]["line"], 1);
}

#[test]
fn facts_of_a_member_are_the_ones_that_can_be_given() {
    let facts = parse(&default_rules().facts_json("member").unwrap());
    let ids: Vec<&str> = facts.as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"common_points"));
    assert!(!ids.contains(&"score"), "derived facts are computed, not given");
    let common = &facts[0];
    assert_eq!(common["type"], "number");
    assert_eq!(common["max"], 30);
    assert_eq!(common["origin"]["kind"], "input");
    let collective = parse(&default_rules().facts_json("collective").unwrap());
    assert!(collective.as_array().unwrap().iter().any(|f| f["origin"]["kind"] == "rollup"));
    let unknown = parse(&default_rules().facts_json("robot").unwrap_err());
    assert_eq!(unknown[0]["code"], "unknown-subject");
}

#[test]
fn one_member_explained_with_field_errors_kept_apart() {
    let rules = default_rules();
    let result = parse(&rules.evaluate_json("member", pairs(&HTXS), None, &no_lists()).unwrap());
    let explanation = &result["explanation"];
    assert_eq!(explanation["level"], "htxs");
    assert_eq!(explanation["status"], "classified");
    assert_eq!(explanation["score"]["total"], 93);
    assert_eq!(explanation["decidedBy"]["kind"], "reached");
    // Every finding but a consistency check (arithmetic, not law) names its source document.
    let findings = explanation["findings"].as_array().unwrap();
    assert!(findings.iter().filter(|f| f["stage"] != "check").all(|f| f["source"]["documentTitle"]["vi"].is_string()));
    assert!(findings.iter().any(|f| f["stage"] != "check"));
    assert_eq!(result["errors"], json!({}));

    let typed = [("common_points", "31"), ("task_points", "65,5"), ("discipline", "no such"), ("score", "99")];
    let result = parse(&rules.evaluate_json("member", pairs(&typed), Some("htxs"), &no_lists()).unwrap());
    assert_eq!(result["errors"]["common_points"]["code"], "out-of-range");
    assert_eq!(result["errors"]["discipline"]["code"], "not-a-choice");
    assert_eq!(result["errors"]["score"]["code"], "unknown-fact");
    assert!(result["errors"]["task_points"].is_null());
    assert_eq!(result["explanation"]["status"], "incomplete");
    assert_eq!(result["explanation"]["target"]["level"], "htxs");
    assert!(result["explanation"]["missingFacts"].as_array().unwrap().iter().any(|f| f == "common_points"));

    assert_eq!(
        parse(&rules.evaluate_json("robot", pairs(&[]), None, &no_lists()).unwrap_err())[0]["code"],
        "unknown-subject"
    );
    assert_eq!(
        parse(&rules.evaluate_json("member", pairs(&[]), Some("best"), &no_lists()).unwrap_err())[0]["code"],
        "unknown-level"
    );
}

#[test]
fn a_roster_with_a_bad_cell_and_targets() {
    let members = r#"[
        {"id": "a", "name": "An", "org": "cb1", "common_points": 28, "task_points": 65, "tasks_assigned": 10,
         "tasks_on_time": 10, "tasks_exceeding": 3},
        {"id": "b", "org": "cb1", "facts": {"common_points": 25, "task_points": 50, "tasks_assigned": 10,
         "tasks_on_time": 9}},
        {"id": "c", "org": "cb1", "common_points": "lots", "task_points": 50}
    ]"#;
    let orgs = r#"[{"id": "cb1", "name": "Chi bộ 1", "base": true}]"#;
    let targets = builtin::target_text("dang-uy-khoi-2026").unwrap();
    let result = parse(&default_rules().roster_json(members, orgs, "member", Some(targets), None).unwrap());
    let member = |i: usize| &result["members"][i];
    assert_eq!(member(0)["id"], "a");
    assert_eq!(member(0)["name"], "An");
    assert_eq!(member(0)["level"], "htxs");
    assert_eq!(member(0)["score"], 93);
    assert_eq!(member(0)["subject"], "member");
    assert!(member(0)["decidedBy"]["summary"]["vi"].is_string());
    assert_eq!(member(2)["status"], "incomplete");
    assert!(result["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "not-a-number"));
    assert_eq!(result["memberDistribution"]["total"], 3);
    assert_eq!(result["organizations"][0]["id"], "cb1");
    assert!(result["targets"].as_array().unwrap().iter().any(|t| t["id"] == "members_good"));
}

#[test]
fn targets_against_typed_figures() {
    let targets = builtin::target_text("dang-uy-khoi-2026").unwrap();
    let figures = "[population.base_organizations]\nhtxs = 31\nhtt = 121\nht = 7\nkht = 0\n";
    let result = parse(&default_rules().targets_json(targets, figures).unwrap());
    let good = result["targets"].as_array().unwrap().iter().find(|t| t["id"] == "base_orgs_good").unwrap();
    assert_eq!(good["status"], "pass");
    assert!(good["summary"]["vi"].is_string());
    let broken = parse(&default_rules().targets_json("[target_set", figures).unwrap_err());
    assert_eq!(broken[0]["severity"], "error");
}

#[test]
fn a_syntax_error_points_at_its_line_and_column() {
    let Err(failure) = Compiled::load("[rule_set]\nid = \n", "mine.toml") else { panic!("compiled") };
    let first = &parse(&failure)[0];
    assert_eq!(first["code"], "toml-syntax");
    assert_eq!(first["location"]["line"], 2);
    assert!(first["location"]["column"].as_u64().unwrap() >= 4, "{first}");
}

const OUTCOMES: &str = include_str!("../../tests/fixtures/outcomes/outcomes.toml");

/// A clean member with 80 points (the same facts as the engine's and the app's tests).
fn clean() -> Vec<(&'static str, &'static str)> {
    include_str!("../../tests/fixtures/outcomes/clean-member.txt").lines().filter_map(|l| l.split_once('=')).collect()
}

#[test]
fn referred_and_invalid_results_carry_their_details() {
    let rules = Compiled::load(OUTCOMES, "outcomes.toml").unwrap();
    let mut facts = clean();
    facts.extend([("discipline", "khien_trach"), ("duty_related", "true"), ("mitigation_claimed", "true")]);
    let result = parse(&rules.evaluate_json("member", pairs(&facts), None, &no_lists()).unwrap());
    let explanation = &result["explanation"];
    assert_eq!(explanation["status"], "referred");
    assert!(explanation.get("level").is_none());
    assert_eq!(explanation["decidedBy"]["kind"], "referred");
    assert_eq!(explanation["referral"]["rule"], "dq_discipline");
    assert_eq!(explanation["referral"]["otherwise"], "tt");
    assert!(
        explanation["findings"].as_array().unwrap().iter().any(|f| f["stage"] == "mitigation" && f["decisive"] == true)
    );

    let mut facts = clean();
    facts.extend([("tasks_on_time", "11"), ("tasks_late", "3")]);
    let result = parse(&rules.evaluate_json("member", pairs(&facts), None, &no_lists()).unwrap());
    let explanation = &result["explanation"];
    assert_eq!(explanation["status"], "invalid");
    assert_eq!(explanation["decidedBy"]["kind"], "contradiction");
    assert_eq!(explanation["contradictions"][0]["check"], "check_done_le_assigned");
    assert_eq!(explanation["contradictions"][0]["facts"], json!(["tasks_on_time", "tasks_late", "tasks_assigned"]));
}

#[test]
fn a_roster_counts_referred_apart_and_reports_contradictions() {
    let rules = Compiled::load(OUTCOMES, "outcomes.toml").unwrap();
    let members = r#"[
        {"id": "a", "org": "c1", "points": 80, "tasks_assigned": 10, "tasks_on_time": 10, "suspended": false,
         "admitted_months": 24, "degradation": false, "duty_related": false, "sick_months": 0},
        {"id": "r", "org": "c1", "points": 60, "tasks_assigned": 10, "tasks_on_time": 10, "suspended": false,
         "admitted_months": 24, "degradation": false, "discipline": "khien_trach", "duty_related": true,
         "mitigation_claimed": true, "sick_months": 0},
        {"id": "x", "org": "c1", "points": 80, "tasks_assigned": 10, "tasks_on_time": 11, "tasks_late": 3,
         "suspended": false, "admitted_months": 24, "degradation": false, "duty_related": false, "sick_months": 0}
    ]"#;
    let orgs = r#"[{"id": "c1", "points": 80}]"#;
    let result = parse(&rules.roster_json(members, orgs, "member", None, None).unwrap());
    assert_eq!(result["members"][1]["status"], "referred");
    assert_eq!(result["members"][1]["otherwise"], "ht");
    assert!(result["members"][1].get("proposed").is_none());
    assert_eq!(result["members"][2]["status"], "invalid");
    let distribution = &result["memberDistribution"];
    assert_eq!((distribution["referred"].as_u64(), distribution["invalid"].as_u64()), (Some(1), Some(1)));
    assert_eq!(distribution["levels"], json!([0, 1, 0, 0]));
    let contradiction =
        result["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "contradiction").unwrap();
    assert_eq!(contradiction["location"]["row"], 3, "the third object of the array");
}

/// The units of `tests/pipeline.rs`, with the digest every front end is held to.
const UNITS: [(&str, &str, &str, &str); 3] = [
    (
        include_str!("../../examples/dang-bo-mau/members.csv"),
        include_str!("../../examples/dang-bo-mau/orgs.csv"),
        include_str!("../../tests/fixtures/pipeline/dang-bo-mau.json"),
        "dang-bo-mau",
    ),
    (
        include_str!("../../tests/fixtures/pipeline/rollup-members.csv"),
        include_str!("../../tests/fixtures/pipeline/rollup-orgs.csv"),
        include_str!("../../tests/fixtures/pipeline/typed-rollup.json"),
        "typed-rollup",
    ),
    (
        include_str!("../../tests/fixtures/pipeline/contradiction-members.csv"),
        include_str!("../../examples/dang-bo-mau/orgs.csv"),
        include_str!("../../tests/fixtures/pipeline/contradiction.json"),
        "contradiction",
    ),
];

/// A CSV roster as the JSON a portal would send: one object per row, keyed by the header, empty cells left out.
fn csv_as_json(text: &str) -> String {
    let (rows, problems) = xeploai::input::csv_rows(text);
    assert!(problems.is_empty(), "{problems:?}");
    let header = &rows[0].1;
    let objects: Vec<Value> = rows[1..]
        .iter()
        .map(|(_, cells)| {
            let pairs = header.iter().zip(cells).filter(|(_, cell)| !cell.is_empty());
            Value::Object(pairs.map(|(key, cell)| (key.clone(), Value::String(cell.clone()))).collect())
        })
        .collect();
    Value::Array(objects).to_string()
}

#[test]
fn a_roster_gives_the_digest_every_front_end_gives() {
    let rules = default_rules();
    let targets = include_str!("../../rules/targets/dang-uy-khoi-2026.toml");
    for (members, orgs, expected, name) in UNITS {
        let out = parse(
            &rules.roster_json(&csv_as_json(members), &csv_as_json(orgs), "member", Some(targets), None).expect("runs"),
        );
        let list = |key: &str| out[key].as_array().cloned().unwrap_or_default();
        let members: Vec<Value> = list("members").iter().map(|m| json!([m["id"], m["level"], m["proposed"]])).collect();
        let organizations: Vec<Value> = list("organizations").iter().map(|o| json!([o["id"], o["proposed"]])).collect();
        let targets: Vec<Value> = list("targets").iter().map(|t| json!([t["id"], t["status"], t["actual"]])).collect();
        let mut diagnostics: Vec<String> = list("diagnostics")
            .iter()
            .map(|d| {
                let location = &d["location"];
                // A JSON record's row is its position in the array from 1 (the CSV line is one more, for the
                // header); a cell that cannot be read is at `[index].key`.
                let row = location["row"].as_u64().map(|r| r as u32 + 1).or_else(|| {
                    let path = location["path"].as_str()?.strip_prefix('[')?;
                    path.split(']').next()?.parse::<u32>().ok().map(|i| i + 2)
                });
                xeploai::pipeline::digest_key(d["code"].as_str().unwrap_or(""), location["file"].as_str(), row)
            })
            .collect();
        diagnostics.sort();
        let digest = json!({
            "members": members,
            "organizations": organizations,
            "distributions": {
                "members": out["memberDistribution"],
                "membersByCriteria": out["memberDistributionByCriteria"],
                "organizations": out["orgDistribution"],
                "baseOrganizations": out["baseOrgDistribution"],
            },
            "quotas": out["quotas"],
            "targets": targets,
            "diagnostics": diagnostics,
        });
        assert_eq!(digest, parse(expected), "{name}: the embedded module differs");
    }
}

#[test]
fn the_packed_default_is_the_compiled_default_text() {
    assert_eq!(DEFAULT_PACKED, xeploai::pack::encode(&builtin::load_default()).as_slice());
    let packed = Compiled { rules: xeploai::pack::decode(DEFAULT_PACKED).unwrap(), warnings: Vec::new() };
    // The bundled default was always given without the warnings of its text (switched-off assumptions).
    let compiled =
        Compiled { warnings: Vec::new(), ..Compiled::load(builtin::DEFAULT_TEXT, "rules/qd366-2025.toml").unwrap() };
    assert_eq!(packed.info_json(), compiled.info_json());
    assert_eq!(packed.facts_json("member").unwrap(), compiled.facts_json("member").unwrap());
    let (a, b) = (
        packed.evaluate_json("member", pairs(&HTXS), None, &no_lists()),
        compiled.evaluate_json("member", pairs(&HTXS), None, &no_lists()),
    );
    assert_eq!(a.unwrap(), b.unwrap());
}

#[test]
fn a_roster_counts_on_the_basis_asked_for() {
    // Two members the criteria put at HTXS; the competent level decided HT for the first, the cell proposed HTT for
    // the second (which the basis `decided` counts for want of a decision).
    let members = r#"[
        {"id": "a", "org": "cb1", "common_points": 28, "task_points": 65, "tasks_assigned": 10, "tasks_on_time": 10,
         "tasks_exceeding": 3, "decision": "ht"},
        {"id": "b", "org": "cb1", "common_points": 28, "task_points": 65, "tasks_assigned": 10, "tasks_on_time": 10,
         "tasks_exceeding": 3, "proposal": "htt"}
    ]"#;
    let orgs = r#"[{"id": "cb1", "name": "Chi bộ 1", "base": true}]"#;
    let rules = default_rules();
    let levels = |out: &Value| out["memberDistribution"]["levels"].clone();
    let level_index = |id: &str| rules.rules().levels.iter().position(|l| l.id == id).unwrap();
    let computed = parse(&rules.roster_json(members, orgs, "member", None, None).unwrap());
    assert_eq!(computed["basis"]["id"], "computed", "the default is unchanged");
    assert!(computed["members"][0].get("counted").is_none());
    assert_eq!(computed["members"][0]["level"], "htxs");
    let by_criteria = levels(&computed);
    let htxs = by_criteria[level_index("htxs")].as_u64().unwrap() + by_criteria[level_index("htt")].as_u64().unwrap();
    assert_eq!(htxs, 2, "both counted at their computed levels (HTXS, or HTT after the quota)");
    assert_eq!(parse(&rules.roster_json(members, orgs, "member", None, Some("computed")).unwrap()), computed);

    for basis in ["decided", "Quyết định", " quyet dinh "] {
        let decided = parse(&rules.roster_json(members, orgs, "member", None, Some(basis)).unwrap());
        assert_eq!(decided["basis"]["id"], "decided", "{basis}");
        assert_eq!(decided["basis"]["fallbacks"], 1, "b has no decision: counted at her cell's proposal");
        assert!(decided["basis"]["name"]["vi"].is_string() && decided["basis"]["name"]["en"].is_string());
        assert_eq!(decided["members"][0]["counted"], "ht");
        assert_eq!(decided["members"][1]["counted"], "htt");
        assert_eq!(decided["members"][0]["level"], "htxs", "the computed level is still said");
        let counts = levels(&decided);
        assert_eq!((counts[level_index("ht")].as_u64(), counts[level_index("htt")].as_u64()), (Some(1), Some(1)));
        assert_eq!(counts[level_index("htxs")], 0);
        assert!(decided["organizations"][0].get("counted").is_none());
    }
    let proposed = parse(&rules.roster_json(members, orgs, "member", None, Some("proposed")).unwrap());
    assert_eq!(proposed["members"][1]["counted"], "htt");
    assert_eq!(proposed["basis"]["fallbacks"], 1, "a has no proposal: counted at her computed level");

    let error = parse(&rules.roster_json(members, orgs, "member", None, Some("voted")).unwrap_err());
    assert_eq!(error[0]["code"], "invalid-value");
    assert_eq!(error[0]["location"]["path"], "basis");
    assert!(error[0]["message"]["vi"].as_str().unwrap().contains("\"voted\""), "{error}");
}
