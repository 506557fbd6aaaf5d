//! The unit page's Web Worker (its own small WebAssembly module, feature `page-worker`, no Yew; `www/unit-worker.js`
//! loads it): a roster's files read, classified, the quota, the roll-up and the distributions computed
//! (`UnitRun`), sent back to the page as bytes (`xeploai::wire`), so the page never blocks while a large roster is
//! imported. The page posts the rule set packed (`xeploai::pack`), each CSV file as chosen (its `File`, which the
//! worker reads in slices: the file is never one string, nor all in memory) with its name and the header row picked,
//! and the column mapping; cancelling is terminating the worker.
//!
//! [`import`] is the whole computation, plain Rust (tested natively against the page's own import); [`unit_run`] is
//! its binding for the worker.

use xeploai::Diagnostic;
use xeploai::RuleSet;
use xeploai::encoding::Feed;
use xeploai::input::ColumnOverrides;
use xeploai::input::{CsvRead, CsvStream, ReadOptions, Table, TableKind};
use xeploai::pipeline::{Progress, UnitRun, default_subject};

/// A roster file as the worker reads it: its name, its size, how to read its bytes from `start` to `end` (the page
/// posts the `File`; the worker reads slices of it), the header row picked.
pub struct RosterFile<'a> {
    pub name: &'a str,
    pub size: usize,
    pub read: &'a dyn Fn(usize, usize) -> Vec<u8>,
    pub header_pick: Option<usize>,
}

/// Bytes read from the file and fed to the reader at a time, between two reports of progress.
pub const SLICE: usize = 4 << 20;

/// Read one CSV file into its table as a stream (`xeploai::input::CsvStream`: read `slice` bytes at a time, no row
/// split into strings, the file never one text), as the page reads it; `progress(bytes read, rows read)` after each
/// slice. The problems: how the bytes were decoded first, then the reading's, as the page's file gives them.
fn read_file(
    rules: &RuleSet,
    file: &RosterFile,
    kind: TableKind,
    overrides: &ColumnOverrides,
    slice: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> (Table, Vec<Diagnostic>) {
    let options = ReadOptions { file: Some(file.name), kind, default_subject: default_subject(rules, kind) };
    let mut stream = CsvStream::new(rules, &options, overrides);
    if let Some(index) = file.header_pick {
        stream = stream.from_record(index);
    }
    // A file found not to be plain UTF-8 after its first bytes is read again from its start, whole (once).
    'file: loop {
        let (mut start, mut reserved) = (0, false);
        while start < file.size {
            let end = file.size.min(start + slice);
            let bytes = (file.read)(start, end);
            // A file that changed or shrank since it was chosen is read as far as it goes.
            let end = start + bytes.len();
            if stream.push(&bytes) == Feed::FromStart {
                continue 'file;
            }
            let rows = stream.rows_read();
            // The rows still to come, told from the first thousand rows' length (a little more: each vector then
            // grows once, never doubled, see Table::reserve).
            if !reserved && rows >= 1024 && end < file.size {
                let coming = (rows as u128 * (file.size - end) as u128 / end as u128) as usize;
                stream.reserve(coming + coming / 32);
                reserved = true;
            }
            progress(end, rows);
            if end == start {
                break;
            }
            start = end;
        }
        if stream.end() == Feed::More {
            break;
        }
    }
    let CsvRead { table, diagnostics, notices } = stream.finish();
    (table, notices.into_iter().chain(diagnostics).collect())
}

/// Read and classify a roster: the members' file and optionally the organizations', `progress` told as rows are
/// read (the total estimated from the bytes read until the end), and all rows read just before the computation.
/// No target set is read here (the page checks targets), so the run cannot fail.
pub fn import(
    rules: &RuleSet,
    members: &RosterFile,
    orgs: Option<&RosterFile>,
    overrides: ColumnOverrides,
    slice: usize,
    mut progress: impl FnMut(Progress),
) -> UnitRun {
    let org_read = orgs.map(|file| read_file(rules, file, TableKind::Organizations, &overrides, slice, &mut |_, _| {}));
    let size = members.size;
    let mut told = |bytes: usize, rows: usize| {
        // Rows still to come estimated from the bytes still to read (rows are about the same length).
        let total = if bytes == 0 { rows } else { (rows as u128 * size as u128 / bytes as u128) as usize };
        progress(Progress { done: rows, total: total.max(rows + usize::from(bytes < size)) });
    };
    let member_read = read_file(rules, members, TableKind::Members, &overrides, slice, &mut told);
    let rows = member_read.0.len();
    progress(Progress { done: rows, total: rows });
    let names = (Some(members.name), orgs.map(|file| file.name));
    UnitRun::from_read_untargeted(rules, member_read, org_read, names, None)
}

#[cfg(target_arch = "wasm32")]
mod binding {
    use wasm_bindgen::prelude::*;

    use super::{RosterFile, SLICE, import};

    /// `read(start, end)`: the file's bytes from `start` to `end`, as `www/unit-worker.js` reads them from the `File`.
    fn reader(read: &js_sys::Function) -> impl Fn(usize, usize) -> Vec<u8> + '_ {
        move |start, end| {
            let bytes = read.call2(&JsValue::NULL, &JsValue::from_f64(start as f64), &JsValue::from_f64(end as f64));
            bytes.map(|b| js_sys::Uint8Array::new(&b).to_vec()).unwrap_or_default()
        }
    }

    /// The worker's one call: the rule set packed, the members' file (name, size, `read(start, end)` giving its
    /// bytes, header row picked or -1), the organizations' (an empty name for none), the column mapping as JSON;
    /// `progress(done, total)` is called as rows are read, `computed()` once the run is computed (before it is
    /// written as bytes). The run as bytes (`xeploai::wire`), or why the inputs could not be used.
    ///
    /// The bytes are written a part at a time straight into a JavaScript array of their size counted first, so
    /// the WebAssembly memory (which never shrinks) holds the run but never the run's bytes beside it.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen]
    pub fn unit_run(
        rules: &[u8],
        members_name: &str,
        members_size: f64,
        members_read: &js_sys::Function,
        members_pick: i32,
        orgs_name: &str,
        orgs_size: f64,
        orgs_read: &js_sys::Function,
        orgs_pick: i32,
        overrides: &str,
        progress: &js_sys::Function,
        computed: &js_sys::Function,
    ) -> Result<js_sys::Uint8Array, JsValue> {
        let rules = xeploai::pack::decode(rules).ok_or_else(|| JsValue::from_str("the rule set could not be read"))?;
        let overrides = serde_json::from_str(overrides).map_err(|e| JsValue::from_str(&e.to_string()))?;
        let pick = |pick: i32| usize::try_from(pick).ok();
        let (read_members, read_orgs) = (reader(members_read), reader(orgs_read));
        let members = RosterFile {
            name: members_name,
            size: members_size as usize,
            read: &read_members,
            header_pick: pick(members_pick),
        };
        let orgs = (!orgs_name.is_empty()).then(|| RosterFile {
            name: orgs_name,
            size: orgs_size as usize,
            read: &read_orgs,
            header_pick: pick(orgs_pick),
        });
        let run = import(&rules, &members, orgs.as_ref(), overrides, SLICE, |p| {
            let _ =
                progress.call2(&JsValue::NULL, &JsValue::from_f64(p.done as f64), &JsValue::from_f64(p.total as f64));
        });
        let _ = computed.call0(&JsValue::NULL);
        let len = xeploai::wire::encoded_len(&run);
        let bytes = js_sys::Uint8Array::new_with_length(len as u32);
        let mut at = 0;
        xeploai::wire::encode_to(&run, &mut |part| {
            let end = at + part.len() as u32;
            bytes.subarray(at, end).copy_from(part);
            at = end;
        });
        Ok(bytes)
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

    /// A file's bytes read as the worker reads a `File`: a slice at a time.
    fn slices(bytes: &[u8]) -> impl Fn(usize, usize) -> Vec<u8> + '_ {
        move |start, end| bytes[start..end].to_vec()
    }

    /// A generated roster read in slices of a thousand rows and more (the table reserved for the rows to come from
    /// the first slice's) and in one slice: the same run.
    #[test]
    fn a_table_reserved_from_the_first_slice_reads_the_same() {
        let rules = xeploai::builtin::load_default();
        let roster = xeploai::generate::roster(&rules, xeploai::generate::Shape::new(6_000, 5));
        let members = xeploai::generate::table_csv(&rules, &roster.members, TableKind::Members).into_bytes();
        let orgs = xeploai::generate::table_csv(&rules, &roster.orgs, TableKind::Organizations).into_bytes();
        let (read_members, read_orgs) = (slices(&members), slices(&orgs));
        let members_file = RosterFile { name: "m.csv", size: members.len(), read: &read_members, header_pick: None };
        let orgs_file = RosterFile { name: "o.csv", size: orgs.len(), read: &read_orgs, header_pick: None };
        let run = |slice| import(&rules, &members_file, Some(&orgs_file), Default::default(), slice, |_| {});
        let (whole, sliced) = (run(SLICE), run(members.len() / 4));
        assert_eq!(whole.roster.members.len(), 6_000);
        assert_eq!(xeploai::pipeline::digest(&rules, &sliced), xeploai::pipeline::digest(&rules, &whole));
        assert_eq!(sliced.diagnostics, whole.diagnostics);
        assert_eq!(sliced.roster.members.to_records(), whole.roster.members.to_records());
        assert_eq!(xeploai::wire::encode(&sliced), xeploai::wire::encode(&whole));
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
            let (read_orgs, read_members) = (slices(&orgs), slices(&members));
            let orgs_file = RosterFile { name: "orgs.csv", size: orgs.len(), read: &read_orgs, header_pick: None };
            let members_file =
                RosterFile { name: "m.csv", size: members.len(), read: &read_members, header_pick: pick };
            // Read in slices of every size: a row, a character (and a file's encoding found) cut between two slices.
            let mut runs = Vec::new();
            for slice in [1, 7, 64, SLICE] {
                let mut reports = Vec::new();
                let run = import(
                    &packed,
                    &members_file,
                    with_orgs.then_some(&orgs_file),
                    saved.overrides.clone(),
                    slice,
                    |p| reports.push(p),
                );
                assert!(!reports.is_empty() && reports.iter().all(|p| p.done <= p.total), "{path}: {reports:?}");
                let last = reports.last().unwrap();
                assert_eq!(last.done, last.total, "{path}: the computation is said before it runs");
                runs.push(run);
            }
            let run = runs.pop().unwrap();
            for other in &runs {
                assert_eq!(xeploai::pipeline::digest(&rules, other), xeploai::pipeline::digest(&rules, &run), "{path}");
                assert_eq!(other.diagnostics, run.diagnostics, "{path}");
            }
            let worker = xeploai::wire::decode(&xeploai::wire::encode(&run)).expect("the bytes read back");
            assert_eq!(
                xeploai::pipeline::digest(&rules, &worker),
                xeploai::pipeline::digest(&rules, &page),
                "{path} {pick:?}"
            );
            assert_eq!(worker.result.proposed, page.result.proposed, "{path}");
            assert_eq!(worker.diagnostics, page.diagnostics, "{path}");
            assert_eq!(worker.roster.members.to_records(), page.roster.members.to_records(), "{path}");
        }
    }
}
