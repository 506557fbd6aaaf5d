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
/// posts the `File`; the worker reads slices of it; `Err` says why the browser could not), the header row picked.
pub struct RosterFile<'a> {
    pub name: &'a str,
    pub size: usize,
    pub read: &'a dyn Fn(usize, usize) -> Result<Vec<u8>, String>,
    pub header_pick: Option<usize>,
}

/// A file the worker could not read to its end (changed, moved or deleted since it was chosen): which, from which
/// byte, and why. The import stops: a roster is never cut short where the file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotRead {
    pub name: String,
    pub at: usize,
    pub why: String,
}

impl std::fmt::Display for NotRead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let NotRead { name, at, why } = self;
        write!(
            f,
            "Không đọc được {name} từ byte {at} ({why}); tệp có thể đã thay đổi sau khi chọn. / {name} could not be read from byte {at} ({why}); the file may have changed since it was chosen."
        )
    }
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
) -> Result<(Table, Vec<Diagnostic>), NotRead> {
    let options = ReadOptions { file: Some(file.name), kind, default_subject: default_subject(rules, kind) };
    // Told the file's size, the stream makes room for the rows to come once it has read the first thousand.
    let mut stream = CsvStream::new(rules, &options, overrides).with_size(file.size as u64);
    if let Some(index) = file.header_pick {
        stream = stream.from_record(index);
    }
    // A file found not to be plain UTF-8 after its first bytes is read again from its start, whole (once).
    'file: loop {
        let mut start = 0;
        while start < file.size {
            let end = file.size.min(start + slice);
            let not_read = |why: String| NotRead { name: file.name.to_string(), at: start, why };
            let bytes = (file.read)(start, end).map_err(not_read)?;
            // A file that shrank since it was chosen is not read as far as it goes: its rows would be lost unsaid.
            if bytes.len() != end - start {
                return Err(not_read(format!(
                    "{} byte thay vì {} / {} bytes, not {}",
                    bytes.len(),
                    end - start,
                    bytes.len(),
                    end - start
                )));
            }
            if stream.push(&bytes) == Feed::FromStart {
                continue 'file;
            }
            progress(end, stream.rows_read());
            start = end;
        }
        if stream.end() == Feed::More {
            break;
        }
    }
    let CsvRead { table, diagnostics, notices } = stream.finish();
    Ok((table, notices.into_iter().chain(diagnostics).collect()))
}

/// Read and classify a roster: the members' file and optionally the organizations', `progress` told as rows are
/// read (the total estimated from the bytes read until the end), and all rows read just before the computation.
/// No target set is read here (the page checks targets): the run fails only when a file cannot be read to its end.
pub fn import(
    rules: &RuleSet,
    members: &RosterFile,
    orgs: Option<&RosterFile>,
    overrides: ColumnOverrides,
    slice: usize,
    mut progress: impl FnMut(Progress),
) -> Result<UnitRun, NotRead> {
    let org_read = orgs
        .map(|file| read_file(rules, file, TableKind::Organizations, &overrides, slice, &mut |_, _| {}))
        .transpose()?;
    let size = members.size;
    let mut told = |bytes: usize, rows: usize| {
        // Rows still to come estimated from the bytes still to read (rows are about the same length).
        let total = if bytes == 0 { rows } else { (rows as u128 * size as u128 / bytes as u128) as usize };
        progress(Progress { done: rows, total: total.max(rows + usize::from(bytes < size)) });
    };
    let member_read = read_file(rules, members, TableKind::Members, &overrides, slice, &mut told)?;
    let rows = member_read.0.len();
    progress(Progress { done: rows, total: rows });
    let names = (Some(members.name), orgs.map(|file| file.name));
    Ok(UnitRun::from_read_untargeted(rules, member_read, org_read, names, None))
}

#[cfg(target_arch = "wasm32")]
mod binding {
    use wasm_bindgen::prelude::*;

    use super::{RosterFile, SLICE, import};

    /// `read(start, end)`: the file's bytes from `start` to `end`, as `www/unit-worker.js` reads them from the `File`.
    /// An exception (the browser refusing a file changed since it was chosen) is why the file could not be read.
    fn reader(read: &js_sys::Function) -> impl Fn(usize, usize) -> Result<Vec<u8>, String> + '_ {
        move |start, end| {
            let bytes = read.call2(&JsValue::NULL, &JsValue::from_f64(start as f64), &JsValue::from_f64(end as f64));
            bytes.map(|b| js_sys::Uint8Array::new(&b).to_vec()).map_err(|error| {
                match error.dyn_ref::<js_sys::Error>() {
                    Some(error) => format!("{}: {}", String::from(error.name()), String::from(error.message())),
                    None => format!("{error:?}"),
                }
            })
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
        })
        .map_err(|error| JsValue::from(js_sys::Error::new(&error.to_string())))?;
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
    fn slices(bytes: &[u8]) -> impl Fn(usize, usize) -> Result<Vec<u8>, String> + '_ {
        move |start, end| Ok(bytes[start..end].to_vec())
    }

    const LEGACY_PAST_WINDOW: &str = "(the example's rows past the encoding's window, then a Windows-1258 byte)";

    /// A file that looks plain UTF-8 for more than the window the stream decides its encoding on, then has a byte
    /// of Windows-1258 (`ê` as 0xEA): the stream asks to be fed again from the start (`Feed::FromStart`).
    fn legacy_past_window() -> Vec<u8> {
        let example = read("examples/dang-bo-mau/members.csv");
        let header = example.iter().position(|b| *b == b'\n').unwrap() + 1;
        let mut bytes = example[..header].to_vec();
        while bytes.len() <= xeploai::encoding::TEXT_WINDOW + 4096 {
            bytes.extend_from_slice(&example[header..]);
        }
        let row = &example[header..];
        let row = &row[..row.iter().position(|b| *b == b'\n').unwrap() + 1];
        let comma = row.iter().position(|b| *b == b',').unwrap();
        bytes.extend_from_slice(&row[..=comma]);
        bytes.extend_from_slice(b"Nguy\xEAn ");
        bytes.extend_from_slice(&row[comma + 1..]);
        bytes
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
        let run =
            |slice| import(&rules, &members_file, Some(&orgs_file), Default::default(), slice, |_| {}).expect("read");
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
        let cases: [Case; 7] = [
            ("examples/dang-bo-mau/members.csv", None, true, &[]),
            ("examples/dang-bo-mau/members.csv", None, false, &[("Ghi chú", "")]),
            ("tests/fixtures/rosters/offices/chi-bo-an-binh.csv", None, true, &[]),
            ("tests/fixtures/rosters/offices/chi-bo-an-binh.csv", Some(6), false, &[]),
            ("tests/fixtures/rosters/members-bad-cells.csv", None, true, &[]),
            ("tests/fixtures/pipeline/contradiction-members.csv", Some(0), true, &[]),
            (LEGACY_PAST_WINDOW, None, true, &[]),
        ];
        for (path, pick, with_orgs, mapping) in cases {
            let members = if path == LEGACY_PAST_WINDOW { legacy_past_window() } else { read(path) };
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
                )
                .expect("read");
                assert!(!reports.is_empty() && reports.iter().all(|p| p.done <= p.total), "{path}: {reports:?}");
                let last = reports.last().unwrap();
                assert_eq!(last.done, last.total, "{path}: the computation is said before it runs");
                runs.push(run);
            }
            let run = runs.pop().unwrap();
            // Read again from its start (`Feed::FromStart`) and whole: the byte is said where it is.
            let legacy = run.diagnostics.iter().any(|d| d.code == xeploai::diag::Code::NotUtf8);
            assert_eq!(legacy, path == LEGACY_PAST_WINDOW, "{path}");
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

    /// A file the browser stops reading (changed since it was chosen) or that shrank is an error naming it and the
    /// byte, never a roster cut short: whether the members' or the organizations' file, at any slice.
    #[test]
    fn a_file_that_cannot_be_read_to_its_end_stops_the_import() {
        let rules = xeploai::builtin::load_default();
        let members = read("examples/dang-bo-mau/members.csv");
        let orgs = read("examples/dang-bo-mau/orgs.csv");
        let whole = slices(&members);
        let read_orgs = slices(&orgs);
        let refused = |start: usize, end: usize| match end <= 700 {
            true => Ok(members[start..end].to_vec()),
            false => Err("NotReadableError: the file changed".to_string()),
        };
        let shrank = |start: usize, end: usize| Ok(members[start..end.min(900)].to_vec());
        let orgs_refused = |_: usize, _: usize| Err("NotFoundError".to_string());
        for slice in [64, 512, SLICE] {
            for (read_members, orgs_read, what) in [
                (
                    &refused as &dyn Fn(usize, usize) -> Result<Vec<u8>, String>,
                    &read_orgs as &dyn Fn(usize, usize) -> Result<Vec<u8>, String>,
                    "NotReadableError",
                ),
                (&shrank, &read_orgs, "bytes, not"),
                (&whole, &orgs_refused, "NotFoundError"),
            ] {
                let members_file =
                    RosterFile { name: "m.csv", size: members.len(), read: read_members, header_pick: None };
                let orgs_file = RosterFile { name: "o.csv", size: orgs.len(), read: orgs_read, header_pick: None };
                let error =
                    import(&rules, &members_file, Some(&orgs_file), Default::default(), slice, |_| {}).expect_err(what);
                assert!(error.why.contains(what), "{slice}: {error:?}");
                let name = if what == "NotFoundError" { "o.csv" } else { "m.csv" };
                assert_eq!(error.name, name);
                assert!(error.at < 900 && error.at % slice == 0, "where the reading stopped: {error:?}");
                let said = error.to_string();
                assert!(said.contains(&format!("Không đọc được {name} từ byte {}", error.at)), "{said}");
            }
        }
    }
}
