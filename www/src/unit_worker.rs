//! The unit page's Web Worker (its own small WebAssembly module, feature `page-worker`, no Yew; `www/unit-worker.js`
//! loads it): a roster's files read, classified, the quota, the roll-up and the distributions computed
//! (`UnitRun`), sent back to the page as bytes (`xeploai::wire`), so the page never blocks while a large roster is
//! imported. The page posts the rule set packed (`xeploai::pack`), each CSV file's bytes with its name and the header
//! row picked, and the column mapping; cancelling is terminating the worker.
//!
//! [`import`] is the whole computation, plain Rust (tested natively against the page's own import); [`unit_run`] is
//! its binding for the worker.

use xeploai::Diagnostic;
use xeploai::RuleSet;
use xeploai::input::ColumnOverrides;
use xeploai::pipeline::{Progress, RowsFile, UnitJob, UnitRows, UnitRun};

/// Rows read between two reports of progress.
const STEP_ROWS: usize = 5_000;

/// A roster file as the page sends it: its name, its bytes, the header row the person picked.
pub struct FileBytes<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
    pub header_pick: Option<usize>,
}

/// A file's bytes decoded (any encoding an office saves in; legacy fonts converted, said first) and split into rows,
/// as the page splits it (`derived::bytes_file`).
///
/// The one place the worker splits a file: when the chunked reader of `xeploai::input` is merged, this is the
/// function to switch to it.
pub fn split_file(bytes: &[u8], name: &str) -> (Vec<(u32, Vec<String>)>, Vec<Diagnostic>) {
    let (text, mut problems) = xeploai::input::decode_roster(bytes, Some(name));
    let (rows, more) = xeploai::input::csv_rows(&text);
    problems.extend(more);
    (rows, problems)
}

/// Read and classify a roster: the members' file and optionally the organizations', `progress` told as rows are
/// read, and all rows read just before the last step (the last rows and the computation).
pub fn import(
    rules: &RuleSet,
    members: &FileBytes,
    orgs: Option<&FileBytes>,
    overrides: ColumnOverrides,
    mut progress: impl FnMut(Progress),
) -> UnitRun {
    let (member_rows, member_problems) = split_file(members.bytes, members.name);
    let org_split = orgs.map(|orgs| split_file(orgs.bytes, orgs.name));
    let from = |rows: &[(u32, Vec<String>)], pick: Option<usize>| pick.unwrap_or(0).min(rows.len());
    let files = UnitRows {
        members: RowsFile {
            name: members.name,
            rows: &member_rows[from(&member_rows, members.header_pick)..],
            problems: &member_problems,
        },
        orgs: orgs.zip(org_split.as_ref()).map(|(file, (rows, problems))| RowsFile {
            name: file.name,
            rows: &rows[from(rows, file.header_pick)..],
            problems,
        }),
    };
    let mut job = UnitJob::new(overrides);
    loop {
        match job.step(rules, &files, STEP_ROWS) {
            Ok(done) => {
                progress(done);
                // The next step reads the last rows and computes the unit: said as every row read, so the page
                // shows the computation under way (and a cancel then is one mid-computation).
                if done.done + STEP_ROWS >= done.total {
                    progress(Progress { done: done.total, total: done.total });
                }
            }
            Err(run) => return *run,
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod binding {
    use wasm_bindgen::prelude::*;

    use super::{FileBytes, import};

    /// The worker's one call: the rule set packed, the members' file (name, bytes, header row picked or -1), the
    /// organizations' (an empty name for none), the column mapping as JSON; `progress(done, total)` is called as rows
    /// are read. The run as bytes (`xeploai::wire`), or why the inputs could not be used.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen]
    pub fn unit_run(
        rules: &[u8],
        members_name: &str,
        members: &[u8],
        members_pick: i32,
        orgs_name: &str,
        orgs: &[u8],
        orgs_pick: i32,
        overrides: &str,
        progress: &js_sys::Function,
    ) -> Result<Vec<u8>, JsValue> {
        let rules = xeploai::pack::decode(rules).ok_or_else(|| JsValue::from_str("the rule set could not be read"))?;
        let overrides = serde_json::from_str(overrides).map_err(|e| JsValue::from_str(&e.to_string()))?;
        let pick = |pick: i32| usize::try_from(pick).ok();
        let members = FileBytes { name: members_name, bytes: members, header_pick: pick(members_pick) };
        let orgs =
            (!orgs_name.is_empty()).then(|| FileBytes { name: orgs_name, bytes: orgs, header_pick: pick(orgs_pick) });
        let run = import(&rules, &members, orgs.as_ref(), overrides, |p| {
            let _ =
                progress.call2(&JsValue::NULL, &JsValue::from_f64(p.done as f64), &JsValue::from_f64(p.total as f64));
        });
        Ok(xeploai::wire::encode(&run))
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use xeploai::Lang;
    use xeploai::input::TableKind;

    use super::*;
    use crate::pages::unit::derived::bytes_file;
    use crate::pages::unit::state::{UnitAction, UnitSaved, UnitState};

    fn read(path: &str) -> Vec<u8> {
        std::fs::read(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// The run the worker sends, read back on the page, is the run the page's own import gives: the example unit,
    /// an office's roster with titles above its header (found, and picked), a roster with broken cells, a file in a
    /// legacy encoding, with and without organizations, with a column mapped by hand.
    #[test]
    fn the_worker_gives_the_run_the_page_gives() {
        let rules = Rc::new(xeploai::builtin::load_default());
        let orgs = read("examples/dang-bo-mau/orgs.csv");
        type Case<'a> = (&'a str, Option<usize>, bool, &'a [(&'a str, &'a str)]);
        let cases: [Case; 6] = [
            ("examples/dang-bo-mau/members.csv", None, true, &[]),
            ("examples/dang-bo-mau/members.csv", None, false, &[("Ghi chú", "")]),
            ("tests/fixtures/rosters/offices/chi-bo-an-binh.csv", None, true, &[]),
            ("tests/fixtures/rosters/offices/chi-bo-an-binh.csv", Some(6), false, &[]),
            ("tests/fixtures/rosters/members-bad-cells.csv", None, true, &[]),
            ("tests/fixtures/pipeline/contradiction-members.csv", Some(0), true, &[]),
        ];
        for (path, pick, with_orgs, mapping) in cases {
            let members = read(path);
            let mut saved = UnitSaved::default();
            for (header, meaning) in mapping {
                saved.overrides.insert(header.to_string(), meaning.to_string());
            }
            let mut state = UnitState::new(rules.clone(), Lang::Vi, saved.clone());
            if with_orgs {
                let file = bytes_file("orgs.csv".into(), TableKind::Organizations, orgs.clone());
                state = state.apply(UnitAction::FileLoaded(file));
            }
            state =
                state.apply(UnitAction::FileLoaded(bytes_file("m.csv".into(), TableKind::Members, members.clone())));
            state = state.apply(UnitAction::PickHeader { kind: TableKind::Members, index: pick });
            let page = state.job().expect("an import is due").run();

            let packed = xeploai::pack::decode(&xeploai::pack::encode(&rules)).expect("the rule set packed");
            let orgs_file = FileBytes { name: "orgs.csv", bytes: &orgs, header_pick: None };
            let mut reports = Vec::new();
            let run = import(
                &packed,
                &FileBytes { name: "m.csv", bytes: &members, header_pick: pick },
                with_orgs.then_some(&orgs_file),
                saved.overrides.clone(),
                |p| reports.push(p),
            );
            let worker = xeploai::wire::decode(&xeploai::wire::encode(&run)).expect("the bytes read back");
            assert_eq!(
                xeploai::pipeline::digest(&rules, &worker),
                xeploai::pipeline::digest(&rules, &page),
                "{path} {pick:?}"
            );
            assert_eq!(worker.result.proposed, page.result.proposed, "{path}");
            assert_eq!(worker.diagnostics, page.diagnostics, "{path}");
            assert_eq!(worker.roster.members.to_records(), page.roster.members.to_records(), "{path}");
            assert!(!reports.is_empty() && reports.iter().all(|p| p.done <= p.total), "{path}: {reports:?}");
            let last = reports.last().unwrap();
            assert_eq!(last.done, last.total, "{path}: the computation is said before it runs");
        }
    }
}
