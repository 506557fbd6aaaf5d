//! What the unit page's components show or export that is computed from [`UnitState`]: the report's sheets and
//! their CSV or workbook JSON, the organizations at the chosen levels, the column plan of a file read, one
//! organization's distribution, a file's bytes decoded. Pure and tested natively, so the components call these and
//! never the engine.

use std::rc::Rc;

use xeploai::RuleSet;
use xeploai::input::{ColumnUse, TableKind};
use xeploai::report::{Sheet, orgs_at_sheet, sheet_csv, sheets_json, unit_report_for_year};
use xeploai::unit::Distribution;

use super::state::{Imported, LoadedFile, UnitState, csv_file};

/// A file to download: its name and its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Download {
    pub name: String,
    pub text: String,
}

impl UnitState {
    /// The report of the unit imported, in the page's language (the same sheets as `xeploai unit --out-dir`).
    pub fn report_sheets(&self) -> Option<Vec<Sheet>> {
        let imported = self.imported.as_ref()?;
        Some(unit_report_for_year(
            &self.rules,
            &imported.roster,
            &imported.result,
            Some(self.target_results.as_slice()),
            self.review_year,
            self.lang,
        ))
    }

    /// The members sheet as CSV (UTF-8 with BOM).
    /// The roster template for the chosen rule set (the sheets `xeploai template` writes): its first sheet as CSV.
    pub fn template_csv(&self, lang: xeploai::Lang) -> String {
        let sheets = xeploai::render::template::roster_template(&self.rules, &[], lang);
        sheets.first().map(sheet_csv).unwrap_or_default()
    }

    /// The roster template as workbook JSON for the XLSX module.
    pub fn template_json(&self, lang: xeploai::Lang) -> String {
        sheets_json(&xeploai::render::template::roster_template(&self.rules, &[], lang))
    }

    pub fn members_csv(&self) -> Option<Download> {
        let sheets = self.report_sheets()?;
        let members = sheets.first()?;
        Some(Download { name: "xeploai-ket-qua.csv".into(), text: sheet_csv(members) })
    }

    /// Every sheet as the JSON the workbook writer takes.
    pub fn workbook_json(&self) -> Option<String> {
        self.report_sheets().map(|sheets| sheets_json(&sheets))
    }

    /// The organizations at the levels chosen (all levels when none is) as CSV, named after the sheet.
    pub fn orgs_csv(&self) -> Option<Download> {
        let imported = self.imported.as_ref()?;
        let levels: Vec<usize> =
            if self.org_levels.is_empty() { (0..self.rules.levels.len()).collect() } else { self.org_levels.clone() };
        let sheet =
            orgs_at_sheet(&self.rules, &imported.roster, &imported.result, &levels, self.review_year, self.lang);
        Some(Download { name: format!("xeploai-{}.csv", sheet.file_stem()), text: sheet_csv(&sheet) })
    }

    /// The line naming the rule set, its version and the review year, as the reports say it.
    pub fn review_line(&self) -> String {
        xeploai::report::review_line(&self.rules, self.review_year, self.lang)
    }

    /// An organization as people know it: its name with the code beside it ("Chi bộ Tân Trào (cb-ttr)"), or the code
    /// alone when the organizations list does not name it.
    pub fn org_label(&self, id: &str) -> String {
        let name =
            self.imported.as_ref().zip(self.org_index.get(id)).and_then(|(imported, at)| {
                Some(imported.roster.orgs.record(*at).name.trim()).filter(|n| !n.is_empty())
            });
        match name {
            Some(name) => format!("{name} ({id})"),
            None => id.to_string(),
        }
    }

    /// What each column of `file` is taken to mean under the remembered choices.
    pub fn column_plan(&self, file: &LoadedFile) -> Vec<ColumnUse> {
        column_plan_of(&self.rules, file, &self.saved.overrides)
    }

    /// The distribution of the members of organization `org` (with a base organization, its sub-units' members
    /// too), by the proposed levels; `None` without an import or for an unknown organization.
    pub fn org_distribution(&self, org: &str) -> Option<Distribution> {
        let imported = self.imported.as_ref()?;
        let index = imported.unit.org_ids.iter().position(|o| o == org)?;
        Some(imported.unit.members_in(&self.rules, &imported.result, index))
    }
}

/// What each column of `file` is taken to mean under the choices `overrides`.
pub fn column_plan_of(
    rules: &RuleSet,
    file: &LoadedFile,
    overrides: &xeploai::input::ColumnOverrides,
) -> Vec<ColumnUse> {
    xeploai::input::column_plan(rules, file.headers(rules), file.kind, overrides)
}

/// An import compared by address, as the reducer compares it (an import is replaced, never changed in place): the key
/// of what a component works out once per import instead of at every render.
#[derive(Clone)]
pub struct ImportKey(pub Rc<Imported>);

impl PartialEq for ImportKey {
    fn eq(&self, other: &ImportKey) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl UnitState {
    /// The organizations whose code or name holds `text` (diacritics and case ignored; every one for an empty
    /// text), the first `limit` of them in the roster's order, each as its code and the label people know it by.
    /// It stops at `limit`, so a search of 52,000 organizations costs no more than the first matches it finds.
    pub fn org_suggestions(&self, text: &str, limit: usize) -> Vec<(String, String)> {
        let Some(imported) = &self.imported else { return Vec::new() };
        let needle = xeploai::input::fold(text);
        let name = |id: &str| self.org_index.get(id).map(|at| imported.roster.orgs.record(*at).name).unwrap_or("");
        imported
            .unit
            .org_ids
            .iter()
            .filter(|id| {
                needle.is_empty()
                    || xeploai::input::fold(id).contains(&needle)
                    || xeploai::input::fold(name(id)).contains(&needle)
            })
            .take(limit)
            .map(|id| (id.clone(), self.org_label(id)))
            .collect()
    }
}

/// The rule set's facts a column of a `kind` file may be mapped to: (id, name) in `lang`.
pub fn mappable_facts(rules: &RuleSet, kind: TableKind, lang: xeploai::Lang) -> Vec<(String, String)> {
    use xeploai::ruleset::FactOrigin;
    rules
        .facts
        .iter()
        .filter(|f| match f.origin {
            FactOrigin::Input => f.used,
            FactOrigin::Rollup { .. } => kind == TableKind::Organizations && f.used,
            FactOrigin::Derived => false,
        })
        .map(|f| (f.id.clone(), f.name.get(lang).to_string()))
        .collect()
}

/// A CSV file's bytes as a loaded file: decoded (a file that is not UTF-8 is one problem, named) and split into rows.
pub fn bytes_file(name: String, kind: TableKind, bytes: Vec<u8>) -> LoadedFile {
    // Any encoding an office saves in (UTF-8, UTF-16, Windows-1258/1252; TCVN3 and VNI converted), said first.
    let (text, notices) = xeploai::input::decode_roster(&bytes, Some(&name));
    let mut file = csv_file(&name, kind, &text);
    file.problems.splice(0..0, notices);
    file
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use xeploai::Lang;
    use xeploai::report::Cell;

    use super::*;
    use crate::pages::unit::state::{UnitAction, UnitSaved};

    fn example(name: &str) -> String {
        std::fs::read_to_string(format!("{}/../examples/dang-bo-mau/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// The example unit, imported in one step.
    fn example_unit(lang: Lang) -> UnitState {
        let rules = Rc::new(xeploai::builtin::load_default());
        let state = UnitState::new(rules, lang, UnitSaved::default())
            .apply(UnitAction::FileLoaded(csv_file("orgs.csv", TableKind::Organizations, &example("orgs.csv"))))
            .apply(UnitAction::FileLoaded(csv_file("members.csv", TableKind::Members, &example("members.csv"))));
        let mut job = state.job().expect("an import is due");
        let imported = loop {
            if let Err(imported) = job.step(100_000) {
                break imported;
            }
        };
        state.apply(UnitAction::Imported { generation: state.generation, imported: Rc::new(*imported) })
    }

    /// Import what the state's files hold, in one step.
    fn import(state: UnitState) -> UnitState {
        let imported = state.job().expect("an import is due").run();
        state.apply(UnitAction::Imported { generation: state.generation, imported: Rc::new(imported) })
    }

    #[test]
    fn an_office_roster_keeps_everyone_and_its_header_row_can_be_picked() {
        let path = format!("{}/../tests/fixtures/rosters/offices/chi-bo-an-binh.csv", env!("CARGO_MANIFEST_DIR"));
        let file = bytes_file("chi-bo-an-binh.csv".into(), TableKind::Members, std::fs::read(path).unwrap());
        let rules = Rc::new(xeploai::builtin::load_default());
        let header = file.header_index(&rules);
        assert_eq!(file.rows[header].0, 6, "row 6, below the titles");
        assert_eq!(file.headers(&rules)[1], "Mã đảng viên");
        let state =
            import(UnitState::new(rules.clone(), Lang::Vi, UnitSaved::default()).apply(UnitAction::FileLoaded(file)));
        let imported = state.imported.clone().unwrap();
        assert_eq!((imported.roster.members.len(), imported.roster.members.unread.len()), (5, 3));
        assert_eq!(imported.result.member_distribution.total, 8, "eight people in, eight out");
        // Picking a title row as the header: nothing is read from it, and the file says so.
        let picked = import(state.apply(UnitAction::PickHeader { kind: TableKind::Members, index: Some(0) }));
        assert_eq!(picked.members_file.as_ref().unwrap().header_index(&rules), header, "a title is not a header");
        let picked = import(picked.apply(UnitAction::PickHeader { kind: TableKind::Members, index: Some(header + 1) }));
        let file = picked.members_file.as_ref().unwrap();
        assert_eq!(file.rows[file.header_index(&rules)].0, 7, "the first member's row, taken for the header");
        assert!(picked.imported.as_ref().unwrap().diagnostics.iter().any(|d| d.code == xeploai::Code::MissingColumn));
        let back = import(picked.apply(UnitAction::PickHeader { kind: TableKind::Members, index: None }));
        assert_eq!(back.imported.as_ref().unwrap().result.member_distribution.total, 8);
    }

    #[test]
    fn organizations_are_shown_by_name_with_the_code_beside() {
        let state = example_unit(Lang::Vi);
        assert_eq!(state.org_label("db-stp"), "Đảng bộ Sở Tư pháp (db-stp)");
        assert_eq!(state.org_label("no-such-org"), "no-such-org");
    }

    #[test]
    fn nothing_to_export_before_an_import() {
        let state = UnitState::new(Rc::new(xeploai::builtin::load_default()), Lang::Vi, UnitSaved::default());
        assert!(state.report_sheets().is_none() && state.members_csv().is_none() && state.workbook_json().is_none());
        assert!(state.orgs_csv().is_none() && state.org_distribution("db-stp").is_none());
    }

    #[test]
    fn the_exports_carry_every_member_and_organization() {
        let state = example_unit(Lang::Vi);
        let sheets = state.report_sheets().unwrap();
        assert_eq!(sheets[0].rows.len(), 22, "one members row per member");
        let csv = state.members_csv().unwrap();
        assert_eq!(csv.name, "xeploai-ket-qua.csv");
        assert!(csv.text.starts_with('\u{feff}'), "UTF-8 with BOM for spreadsheets");
        assert_eq!(csv.text.lines().count(), 23, "a header and 22 members");
        let json: serde_json::Value = serde_json::from_str(&state.workbook_json().unwrap()).unwrap();
        assert_eq!(json.as_array().unwrap().len(), sheets.len());
        let orgs = state.orgs_csv().unwrap();
        assert!(orgs.name.starts_with("xeploai-") && orgs.name.ends_with(".csv"));
        assert_eq!(orgs.text.lines().count(), 5, "a header and the 4 organizations (no level chosen: all)");
        let weak = state.apply(UnitAction::ToggleOrgLevel(3)).orgs_csv().unwrap();
        assert!(weak.text.lines().count() < 5 && weak.name != orgs.name, "only the organizations at the level chosen");
        assert!(state.review_line().contains(&state.rules.id));
        let english = example_unit(Lang::En).report_sheets().unwrap();
        assert_ne!(english[0].headers, sheets[0].headers, "the report follows the page's language");
        assert!(matches!(sheets[0].rows[0][0], Cell::Text(_)));
    }

    #[test]
    fn one_organizations_distribution_counts_its_members_and_those_under_it() {
        let state = example_unit(Lang::Vi);
        let imported = state.imported.clone().unwrap();
        let all: u64 = imported
            .unit
            .org_ids
            .iter()
            .enumerate()
            .filter(|(i, _)| imported.unit.org_base.get(*i).is_some_and(|b| *b as usize == *i))
            .map(|(_, id)| state.org_distribution(id).unwrap().total)
            .sum();
        assert_eq!(all, 22, "the base organizations together hold every member");
        for id in &imported.unit.org_ids {
            let d = state.org_distribution(id).unwrap();
            let placed: u64 = d.levels.iter().sum();
            assert!(placed <= d.total);
        }
        assert!(state.org_distribution("no-such-org").is_none());
    }

    #[test]
    fn the_column_plan_follows_the_remembered_choice() {
        let state = example_unit(Lang::Vi);
        let file = state.members_file.clone().unwrap();
        let plan = state.column_plan(&file);
        assert_eq!(plan.len(), file.headers(&state.rules).len());
        assert!(plan.iter().any(|c| matches!(c, ColumnUse::Fact(_))));
        let points = file.headers(&state.rules).iter().position(|h| h == "Điểm nhóm tiêu chí chung").unwrap();
        assert!(matches!(plan[points], ColumnUse::Fact(_)));
        let header = file.headers(&state.rules)[points].clone();
        let ignored = state.apply(UnitAction::SetOverride { header, meaning: String::new() });
        assert!(matches!(ignored.column_plan(&file)[points], ColumnUse::Skipped), "a column chosen to be skipped");
        let facts = mappable_facts(&state.rules, TableKind::Members, Lang::Vi);
        assert!(facts.iter().any(|(id, _)| id == "common_points"));
        assert!(!facts.iter().any(|(id, _)| id.starts_with("members.")), "roll-up counts are for organizations");
    }

    #[test]
    fn organizations_are_suggested_by_code_or_name_up_to_the_limit() {
        let state = example_unit(Lang::Vi);
        let all = state.org_suggestions("", 100);
        assert_eq!(all.len(), 4, "no text: every organization");
        assert_eq!(state.org_suggestions("", 2).len(), 2, "never more than the limit");
        // By name, diacritics and case ignored, with the label people know it by.
        let by_name = state.org_suggestions("SỞ TU PHAP", 10);
        assert_eq!(by_name, vec![("db-stp".to_string(), "Đảng bộ Sở Tư pháp (db-stp)".to_string())]);
        assert_eq!(state.org_suggestions("tư pháp", 10).len(), 2, "every organization whose name holds it");
        assert_eq!(state.org_suggestions("cb-vp", 10)[0].0, "cb-vp", "by code");
        assert!(state.org_suggestions("no such organization", 10).is_empty());
        let none = UnitState::new(Rc::new(xeploai::builtin::load_default()), Lang::Vi, UnitSaved::default());
        assert!(none.org_suggestions("", 10).is_empty() && none.quota_order().is_empty());
    }

    #[test]
    fn the_quota_table_shows_every_scope_once_those_over_their_cap_first() {
        let state = example_unit(Lang::Vi);
        let quotas = &state.imported.as_ref().unwrap().result.quotas;
        let order = state.quota_order();
        let mut seen = (*order).clone();
        seen.sort();
        assert_eq!(seen, (0..quotas.len()).collect::<Vec<_>>(), "every scope, once");
        let excess: Vec<u64> = order.iter().map(|at| quotas[*at].resolution.excess).collect();
        assert!(excess.windows(2).all(|w| w[0] >= w[1]), "the largest excess first: {excess:?}");
        for pair in order.windows(2) {
            let (a, b) = (&quotas[pair[0]], &quotas[pair[1]]);
            assert!(a.resolution.excess != b.resolution.excess || a.scope_id <= b.scope_id, "then by scope");
        }
        // The order a stable sort on the statuses themselves gives, ties in their order.
        let mut stable: Vec<usize> = (0..quotas.len()).collect();
        stable.sort_by(|a, b| {
            let (a, b) = (&quotas[*a], &quotas[*b]);
            b.resolution.excess.cmp(&a.resolution.excess).then_with(|| a.scope_id.cmp(&b.scope_id))
        });
        assert_eq!(*order, stable);
    }

    #[test]
    fn a_file_that_is_not_utf8_is_read_with_a_notice() {
        // "id,tên\nd1,Đặng" saved as Windows-1258 (Excel's "CSV" on a Vietnamese Windows).
        let bytes = b"id,t\xean\nd1,\xd0\xe3\xf2ng\n".to_vec();
        let file = bytes_file("members.csv".into(), TableKind::Members, bytes);
        assert_eq!(file.rows[1].1, ["d1", "Đặng"]);
        assert_eq!(file.problems.len(), 1);
        assert_eq!(file.problems[0].code, xeploai::Code::TextEncoding);
        assert!(file.problems[0].message.vi.contains("Windows-1258"));
        let good = bytes_file("members.csv".into(), TableKind::Members, b"id,name\n1,A\n".to_vec());
        assert!(good.problems.is_empty() && good.rows.len() == 2);
    }
}
