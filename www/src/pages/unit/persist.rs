//! What unit mode keeps on this device between visits: the files loaded (members, organizations, tasks), each as
//! it was read (a CSV's bytes, a workbook sheet's cells) with the header row picked, in IndexedDB (a roster can be
//! megabytes, past local storage's few). The column choices, target set and typed figures stay in local storage
//! (`UnitSaved`). Results are never stored: after a reload the files are read and classified again, so quota and
//! targets come from them under the rule set of the day.
//!
//! The same "never lost" rules as `stored.rs`: a record that cannot be read is said, left where it is and offered
//! for download until the person loads another file or clears; a write the browser refuses (quota, private mode)
//! is said, and the files stay on the page until it is closed. Clearing is explicit ([`KeepAction::Clear`]).
//!
//! The reducer part ([`KeepAction`], [`UnitState::wanted`]) is pure and tested natively; [`use_kept`] is the hook
//! the page calls once, which reads the stored files on load and writes what changed.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use xeploai::input::TableKind;
use xeploai::{Lang, Text};

use super::derived::bytes_file;
use super::state::{LoadedFile, Preview, UnitState, sheet_file};

/// The version of a stored record's description; a record of another version is unreadable, never guessed at.
pub const KEPT_VERSION: u32 = 1;

/// Which file of unit mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Slot {
    Members,
    Orgs,
    Tasks,
}

impl Slot {
    pub const ALL: [Slot; 3] = [Slot::Members, Slot::Orgs, Slot::Tasks];

    /// The record's key in the store.
    pub fn key(self) -> &'static str {
        match self {
            Slot::Members => "members",
            Slot::Orgs => "orgs",
            Slot::Tasks => "tasks",
        }
    }

    /// The kind of table the file is read as (a tasks file is read by its own reader; its kind is not used).
    pub fn kind(self) -> TableKind {
        match self {
            Slot::Orgs => TableKind::Organizations,
            Slot::Members | Slot::Tasks => TableKind::Members,
        }
    }

    pub fn of(kind: TableKind) -> Slot {
        match kind {
            TableKind::Organizations => Slot::Orgs,
            TableKind::Members | TableKind::Subjects => Slot::Members,
        }
    }

    fn name(self, lang: Lang) -> &'static str {
        match self {
            Slot::Members => lang.pick("danh sách đảng viên", "members roster"),
            Slot::Orgs => lang.pick("danh sách tổ chức", "organizations file"),
            Slot::Tasks => lang.pick("danh sách nhiệm vụ", "tasks file"),
        }
    }
}

/// A file as the person chose it, before it is split into rows: reading it again gives the same rows and the same
/// notices (encoding, legacy fonts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A CSV or text file: its first bytes on the page, the file itself for the worker (and the store).
    Csv(CsvSource),
    /// A workbook's sheet, as the XLSX module read it (so restoring needs no workbook module).
    Sheet { cells: Vec<Vec<String>>, sheets: Vec<String>, sheet: String },
}

/// The bytes of a CSV file the page reads: at most [`HEAD`] (the header choice, the column mapping, a preview).
pub const HEAD: usize = 256 << 10;

/// A CSV file as the page holds it: its first bytes, cut at a row's end ([`head_of`]), for the header choice and the
/// column mapping; its size; and the file itself (a `Blob`, outside the page's WebAssembly memory), which the
/// worker reads in slices and the store keeps. A file of at most [`HEAD`] bytes is all in `head`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvSource {
    pub head: Vec<u8>,
    pub size: u64,
    pub blob: FileBlob,
}

impl CsvSource {
    /// A file whose bytes are all here (a test, or a file read whole).
    pub fn whole(bytes: Vec<u8>) -> CsvSource {
        CsvSource { size: bytes.len() as u64, head: bytes, blob: FileBlob::default() }
    }

    /// Are all the file's bytes in `head`?
    pub fn is_whole(&self) -> bool {
        self.head.len() as u64 == self.size
    }
}

/// The file chosen (or restored from the store), in the browser; none natively, where files are read whole.
#[derive(Clone, Default)]
pub struct FileBlob(pub Option<web_sys::Blob>);

impl PartialEq for FileBlob {
    fn eq(&self, other: &FileBlob) -> bool {
        match (&self.0, &other.0) {
            (None, None) => true,
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for FileBlob {}

impl std::fmt::Debug for FileBlob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "FileBlob(file)" } else { "FileBlob(none)" })
    }
}

/// The first bytes of a file of `size` bytes as the page keeps them: all of `bytes` when they are the whole file,
/// else cut after the last line's end, so the preview ends at a row's end (in UTF-16 files too, after a whole
/// code unit). A row broken by the cut inside quotes only shortens the preview: the worker reads the file itself.
pub fn head_of(mut bytes: Vec<u8>, size: u64) -> Vec<u8> {
    if bytes.len() as u64 >= size {
        return bytes;
    }
    let end = match bytes.get(..2) {
        Some([0xff, 0xfe]) => bytes.chunks_exact(2).rposition(|unit| unit == [b'\n', 0]).map(|at| 2 * at + 2),
        Some([0xfe, 0xff]) => bytes.chunks_exact(2).rposition(|unit| unit == [0, b'\n']).map(|at| 2 * at + 2),
        _ => bytes.iter().rposition(|b| *b == b'\n').map(|at| at + 1),
    };
    bytes.truncate(end.unwrap_or(0));
    bytes
}

/// Is a file's head ([`head_of`]) enough for the page: a header and at least one data row? A file whose first rows
/// are longer (a header of a million columns, a cell of 50 MB) is read whole by the page, which then refuses it with
/// the limit it passes, as before, keeping the previous result.
pub fn head_is_enough(head: &[u8]) -> bool {
    head.iter().filter(|b| **b == b'\n').count() >= 2
}

/// A file chosen for a slot, kept to be stored and restored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptFile {
    pub slot: Slot,
    /// The name shown (for a sheet, `book.xlsx [Sheet]`).
    pub name: String,
    pub source: Source,
}

/// A stored record's description (JSON); the data (bytes, or the sheet's cells as JSON) is stored beside it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Meta {
    version: u32,
    slot: Slot,
    name: String,
    header_pick: Option<usize>,
    /// `csv` or `sheet`.
    source: String,
    #[serde(default)]
    sheets: Vec<String>,
    #[serde(default)]
    sheet: String,
}

impl KeptFile {
    /// The same file, as far as the page can tell: its name and its bytes (a CSV file's first bytes and size; a
    /// sheet's cells), wherever it was read from (the `Blob` of a file read back from the store is another object).
    pub fn same_file(&self, other: &KeptFile) -> bool {
        let source = match (&self.source, &other.source) {
            (Source::Csv(a), Source::Csv(b)) => a.head == b.head && a.size == b.size,
            (a, b) => a == b,
        };
        self.slot == other.slot && self.name == other.name && source
    }

    /// The file as the page reads it (split into rows, with its notices), as when it was first chosen.
    pub fn file(&self) -> LoadedFile {
        let kind = self.slot.kind();
        match &self.source {
            Source::Csv(csv) => {
                let mut file = bytes_file(self.name.clone(), kind, csv.head.clone());
                if !csv.is_whole() {
                    file.preview = Some(Preview { head: csv.head.len() as u64, size: csv.size });
                }
                file
            }
            Source::Sheet { cells, sheets, sheet } => {
                sheet_file(self.name.clone(), kind, cells.clone(), sheets.clone(), sheet.clone())
            }
        }
    }

    /// The record to store: its description (JSON) and its data (for a CSV file, the bytes here: the page stores
    /// the file itself, [`CsvSource::blob`], when it has it).
    pub fn record(&self, header_pick: Option<usize>) -> (String, Vec<u8>) {
        let (source, sheets, sheet, data) = match &self.source {
            Source::Csv(csv) => ("csv", Vec::new(), String::new(), csv.head.clone()),
            Source::Sheet { cells, sheets, sheet } => {
                ("sheet", sheets.clone(), sheet.clone(), serde_json::to_vec(cells).unwrap_or_default())
            }
        };
        let meta = Meta {
            version: KEPT_VERSION,
            slot: self.slot,
            name: self.name.clone(),
            header_pick,
            source: source.to_string(),
            sheets,
            sheet,
        };
        (serde_json::to_string(&meta).unwrap_or_default(), data)
    }

    /// A stored record read back: `data` is the file's first bytes ([`head_of`]) for a CSV file of `size` bytes
    /// stored as `blob`, all of it for a sheet.
    pub fn from_stored(
        slot: Slot,
        meta: &str,
        data: Vec<u8>,
        size: u64,
        blob: FileBlob,
    ) -> Result<(KeptFile, Option<usize>), Text> {
        let meta: Meta = serde_json::from_str(meta)
            .map_err(|e| Text::new(format!("mô tả hỏng ({e})"), format!("damaged description ({e})")))?;
        if meta.version != KEPT_VERSION {
            return Err(Text::new(
                format!("phiên bản {} không đọc được (trang đọc phiên bản {KEPT_VERSION})", meta.version),
                format!("version {} cannot be read (this page reads version {KEPT_VERSION})", meta.version),
            ));
        }
        if meta.slot != slot {
            return Err(Text::new("ghi nhầm chỗ", "stored in the wrong place"));
        }
        let source = match meta.source.as_str() {
            "csv" => Source::Csv(CsvSource { head: data, size, blob }),
            "sheet" => {
                let cells = serde_json::from_slice(&data)
                    .map_err(|e| Text::new(format!("trang tính hỏng ({e})"), format!("damaged sheet ({e})")))?;
                Source::Sheet { cells, sheets: meta.sheets, sheet: meta.sheet }
            }
            other => {
                return Err(Text::new(format!("loại \"{other}\" không rõ"), format!("unknown kind \"{other}\"")));
            }
        };
        Ok((KeptFile { slot, name: meta.name, source }, meta.header_pick))
    }
}

/// A stored record that could not be read: left in place, offered for download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub slot: Slot,
    pub reason: Text,
    /// The description and the data as stored.
    pub meta: String,
    pub data: Vec<u8>,
}

impl Unreadable {
    pub fn message(&self) -> Text {
        let (vi, en) = (self.slot.name(Lang::Vi), self.slot.name(Lang::En));
        Text::new(
            format!(
                "Tệp {vi} đã lưu trên máy này không đọc được ({}); bản lưu được giữ nguyên cho đến khi bạn chọn tệp khác hoặc xoá dữ liệu đã tải. Hãy tải bản lưu về máy nếu cần.",
                self.reason.vi
            ),
            format!(
                "The {en} stored on this device could not be read ({}); it is left as it is until you choose another file or clear the loaded data. Download it if you need it.",
                self.reason.get(Lang::En)
            ),
        )
    }

    pub fn file_name(&self) -> String {
        format!("xeploai-{}.ban-luu.txt", self.slot.key())
    }

    /// What to download: the description, a blank line, then the data (as text when it is).
    pub fn download_text(&self) -> String {
        format!("{}\n\n{}", self.meta, String::from_utf8_lossy(&self.data))
    }
}

/// What a slot of the store holds, or should hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored {
    Empty,
    File(Rc<KeptFile>, Option<usize>),
    /// A record that could not be read: nothing is written over it until the person chooses.
    Unreadable,
}

/// Unit mode's files on this device: what was chosen, what the store holds, and what could not be read or written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Kept {
    /// The source of each file on the page (the file the person chose or that was restored).
    pub sources: BTreeMap<Slot, Rc<KeptFile>>,
    /// What the store holds, as far as this page knows (after reading it, and after each write).
    pub written: BTreeMap<Slot, Stored>,
    /// Records that could not be read.
    pub unreadable: BTreeMap<Slot, Rc<Unreadable>>,
    /// The store has been read (or could not be): until then nothing is written, so nothing stored is lost.
    pub restored: bool,
    /// A failure to read or write the store, said until the next success or a clear.
    pub notice: Option<Text>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum KeepAction {
    /// The person chose a file (a CSV, or a workbook's sheet).
    Opened(KeptFile),
    /// The store was read: the files found, with their header rows, and the records that could not be read. A file
    /// chosen in the meantime wins over the stored one.
    Restored { files: Vec<(KeptFile, Option<usize>)>, unreadable: Vec<Unreadable> },
    /// The store could not be opened at all (private mode, storage disabled).
    Unavailable(String),
    /// A slot of the store now holds this.
    Written(Slot, Stored),
    /// The browser refused to write a slot.
    WriteFailed(Slot, String),
    /// Another tab wrote a slot (unit_store.js says so): what the slot holds now, read again (`None`: nothing). The
    /// page follows it, as it follows the settings, so it never writes its older file back over the other tab's.
    ChangedElsewhere { slot: Slot, found: Option<Result<(KeptFile, Option<usize>), Unreadable>> },
    /// Remove one file from the page (and from the store).
    Remove(Slot),
    /// "Xoá dữ liệu đã tải": every file off the page and out of the store, unreadable records too.
    Clear,
    /// A file the page held as a preview, read whole (for an import on the page): its rows replace the preview's,
    /// if the slot still holds that file (a file chosen while an older one was read wins).
    ReadWhole(Rc<KeptFile>, Vec<u8>),
    /// A file the page held as a preview could not be read whole: said, and the import stops.
    ReadFailed(Rc<KeptFile>, String),
}

impl UnitState {
    pub fn file_in(&self, slot: Slot) -> Option<&Rc<LoadedFile>> {
        match slot {
            Slot::Members => self.members_file.as_ref(),
            Slot::Orgs => self.orgs_file.as_ref(),
            Slot::Tasks => self.tasks_file.as_ref(),
        }
    }

    fn file_slot(&mut self, slot: Slot) -> &mut Option<Rc<LoadedFile>> {
        match slot {
            Slot::Members => &mut self.members_file,
            Slot::Orgs => &mut self.orgs_file,
            Slot::Tasks => &mut self.tasks_file,
        }
    }

    /// Put a file on the page, unless it cannot be imported (then the message says why, and the file before it
    /// stays): whether it was put.
    fn put_file(&mut self, kept: Rc<KeptFile>, header_pick: Option<usize>) -> bool {
        let mut file = kept.file();
        if let Some(reason) = file.refusal() {
            self.message = Some(reason);
            return false;
        }
        file.header_pick = header_pick.filter(|pick| *pick < file.rows.len());
        let slot = kept.slot;
        *self.file_slot(slot) = Some(Rc::new(file));
        self.kept.sources.insert(slot, kept);
        self.kept.unreadable.remove(&slot);
        true
    }

    /// What each slot of the store should hold now: the file on the page (as chosen, with its header row), an
    /// unreadable record left alone, or nothing.
    pub fn wanted(&self) -> BTreeMap<Slot, Stored> {
        Slot::ALL
            .iter()
            .map(|&slot| {
                let on_page = self.file_in(slot).zip(self.kept.sources.get(&slot));
                let stored = match on_page {
                    Some((file, source)) if file.name == source.name => Stored::File(source.clone(), file.header_pick),
                    _ if self.kept.unreadable.contains_key(&slot) => Stored::Unreadable,
                    _ => Stored::Empty,
                };
                (slot, stored)
            })
            .collect()
    }

    /// The writes due: the slots whose stored content differs from what they should hold. None before the store
    /// has been read.
    pub fn writes_due(&self) -> Vec<(Slot, Stored)> {
        if !self.kept.restored {
            return Vec::new();
        }
        self.wanted()
            .into_iter()
            .filter(|(slot, stored)| self.kept.written.get(slot).unwrap_or(&Stored::Empty) != stored)
            .collect()
    }

    /// When writing `stored` into `slot` changes only the description of a file the store holds already (the header
    /// row picked): the description the store holds, over which only the new one is written, not the file again.
    pub fn held_description(&self, slot: Slot, stored: &Stored) -> Option<String> {
        match (self.kept.written.get(&slot), stored) {
            (Some(Stored::File(held, pick)), Stored::File(kept, _)) if held == kept => Some(held.record(*pick).0),
            _ => None,
        }
    }

    pub(super) fn keep(&mut self, action: KeepAction) {
        match action {
            KeepAction::Opened(kept) => {
                self.pending_workbook = None;
                self.message = None;
                if self.put_file(Rc::new(kept), None) {
                    self.start_import();
                }
            }
            KeepAction::Restored { files, unreadable } => {
                self.kept.restored = true;
                let mut any = false;
                for (kept, header_pick) in files {
                    let slot = kept.slot;
                    let kept = Rc::new(kept);
                    self.kept.written.insert(slot, Stored::File(kept.clone(), header_pick));
                    if self.file_in(slot).is_none() {
                        any |= self.put_file(kept, header_pick);
                    }
                }
                for record in unreadable {
                    self.kept.written.insert(record.slot, Stored::Unreadable);
                    if self.file_in(record.slot).is_none() {
                        self.kept.unreadable.insert(record.slot, Rc::new(record));
                    }
                }
                if any {
                    self.start_import();
                }
            }
            KeepAction::Unavailable(reason) => {
                self.kept.restored = true;
                self.kept.notice = Some(Text::new(
                    format!(
                        "Trình duyệt không cho lưu tệp trên máy này ({reason}): các tệp vẫn dùng được đến khi đóng trang; sau khi tải lại trang cần chọn lại tệp."
                    ),
                    format!(
                        "The browser does not let files be kept on this device ({reason}): they still work until the page is closed; after a reload, choose them again."
                    ),
                ));
            }
            KeepAction::Written(slot, stored) => {
                self.kept.written.insert(slot, stored);
                self.kept.notice = None;
            }
            KeepAction::WriteFailed(slot, reason) => {
                let (vi, en) = (slot.name(Lang::Vi), slot.name(Lang::En));
                self.kept.notice = Some(Text::new(
                    format!(
                        "KHÔNG lưu được {vi} trên máy này ({reason}): tệp vẫn dùng được đến khi đóng trang; sau khi tải lại trang cần chọn lại tệp. Cài đặt và số liệu đã nhập vẫn được lưu riêng."
                    ),
                    format!(
                        "The {en} could NOT be kept on this device ({reason}): it still works until the page is closed; after a reload, choose it again. The settings and figures typed are saved apart."
                    ),
                ));
            }
            KeepAction::ChangedElsewhere { slot, found } => self.follow_elsewhere(slot, found),
            KeepAction::Remove(slot) => {
                *self.file_slot(slot) = None;
                self.kept.sources.remove(&slot);
                self.after_removal();
            }
            KeepAction::ReadWhole(kept, bytes) => {
                let slot = kept.slot;
                if self.kept.sources.get(&slot) != Some(&kept) {
                    return;
                }
                let Some(file) = self.file_in(slot).filter(|file| file.preview.is_some()).cloned() else { return };
                let mut whole = bytes_file(file.name.clone(), file.kind, bytes);
                whole.header_pick = file.header_pick.filter(|pick| *pick < whole.rows.len());
                *self.file_slot(slot) = Some(Rc::new(whole));
                // Another file still being read starts the import when it comes (not read twice meanwhile).
                if self.previews().is_empty() {
                    self.start_import();
                }
            }
            KeepAction::ReadFailed(kept, error) => {
                if self.kept.sources.get(&kept.slot) != Some(&kept) {
                    return;
                }
                let name = &kept.name;
                self.progress = None;
                self.message = Some(Text::new(
                    format!("Không đọc được {name}: {error}. Hãy chọn lại tệp."),
                    format!("{name} could not be read: {error}. Choose the file again."),
                ));
            }
            KeepAction::Clear => {
                for slot in Slot::ALL {
                    *self.file_slot(slot) = None;
                }
                self.kept.sources.clear();
                self.kept.unreadable.clear();
                self.kept.notice = None;
                self.pending_workbook = None;
                self.after_removal();
                self.message = Some(Text::new(
                    "Đã xoá các tệp đã tải khỏi trang và khỏi máy này; cài đặt cột và số liệu đã nhập vẫn giữ.",
                    "The loaded files were removed from the page and from this device; the column choices and typed figures stay.",
                ));
            }
        }
    }

    /// What another tab stored in `slot` ([`KeepAction::ChangedElsewhere`]) becomes this page's too: another file is
    /// imported (the same file with another header row too), an emptied slot takes the file off the page, a record
    /// that cannot be read is said and offered as after a reload. The store then holds what the page wants, so no
    /// write follows. Said in the page's message, naming the file.
    fn follow_elsewhere(&mut self, slot: Slot, found: Option<Result<(KeptFile, Option<usize>), Unreadable>>) {
        let (vi, en) = (slot.name(Lang::Vi), slot.name(Lang::En));
        match found {
            None => {
                self.kept.written.insert(slot, Stored::Empty);
                self.kept.unreadable.remove(&slot);
                if let Some(file) = self.file_in(slot).cloned() {
                    *self.file_slot(slot) = None;
                    self.kept.sources.remove(&slot);
                    self.after_removal();
                    let name = &file.name;
                    self.message = Some(Text::new(
                        format!("Một thẻ khác vừa bỏ {vi} \"{name}\" khỏi máy này; trang này cũng đã bỏ tệp đó."),
                        format!(
                            "Another tab just removed the {en} \"{name}\" from this device; this page removed it too."
                        ),
                    ));
                }
            }
            Some(Ok((kept, header_pick))) => {
                let kept = Rc::new(kept);
                self.kept.written.insert(slot, Stored::File(kept.clone(), header_pick));
                let same = self.kept.sources.get(&slot).is_some_and(|held| held.same_file(&kept))
                    && self.file_in(slot).is_some_and(|file| file.header_pick == header_pick && file.name == kept.name);
                if same {
                    // The page holds this file already: only its source is the store's now (what the page wants is
                    // then what the store holds).
                    self.kept.sources.insert(slot, kept);
                    return;
                }
                let name = kept.name.clone();
                if self.put_file(kept, header_pick) {
                    self.pending_workbook = None;
                    self.start_import();
                    self.message = Some(Text::new(
                        format!(
                            "Một thẻ khác vừa lưu {vi} \"{name}\" trên máy này; trang này đã chuyển sang dùng tệp đó."
                        ),
                        format!("Another tab just kept the {en} \"{name}\" on this device; this page now uses it."),
                    ));
                }
            }
            Some(Err(record)) => {
                self.kept.written.insert(slot, Stored::Unreadable);
                if self.file_in(slot).is_some() {
                    *self.file_slot(slot) = None;
                    self.kept.sources.remove(&slot);
                    self.after_removal();
                }
                self.kept.unreadable.insert(slot, Rc::new(record));
                self.message = Some(Text::new(
                    format!("Một thẻ khác vừa lưu {vi} mà trang này không đọc được; xem thông báo bên dưới."),
                    format!("Another tab just kept a {en} this page cannot read; see the notice below."),
                ));
            }
        }
    }

    fn after_removal(&mut self) {
        self.start_import();
        if self.members_file.is_none() {
            self.progress = None;
            self.check_targets();
        }
    }
}

impl UnitState {
    /// A member's explanation; with a tasks file, from her tasks (as the import read them): the lists used and the
    /// tasks that decided a failed condition are named, as in the self-assessment (`lists::explain`).
    pub(super) fn member_explanation(&self, imported: &super::state::Imported, index: usize) -> xeploai::Explanation {
        let record = imported.roster.members.record(index);
        let mut row = imported.roster.members.row_vec(index);
        match imported.lists.as_ref().and_then(|lists| lists.lists.get(record.id)) {
            Some(lists) => xeploai::lists::explain(&self.rules, record.kind, &mut row, lists, record.target).1,
            None => xeploai::Classifier::new(&self.rules).explain(record.kind, &row, record.target).1,
        }
    }
}

/// A stored record's data as the store gives it back (a `Blob` in the browser, bytes in the tests): its size, its
/// first `limit` bytes or all of them, and the file kept.
trait StoredData {
    fn size(&self) -> u64;
    async fn bytes(&self, limit: Option<usize>) -> Result<Vec<u8>, String>;
    fn blob(&self) -> FileBlob;
}

impl StoredData for web_sys::Blob {
    fn size(&self) -> u64 {
        web_sys::Blob::size(self) as u64
    }

    async fn bytes(&self, limit: Option<usize>) -> Result<Vec<u8>, String> {
        crate::web::blob_bytes(self, limit).await
    }

    fn blob(&self) -> FileBlob {
        FileBlob(Some(self.clone()))
    }
}

/// Read one slot's record: the file (of a CSV file, its first bytes, [`head_of`], and the file itself) with its
/// header row, or the record as unreadable, with why and its data read whole to be offered for download (data the
/// browser cannot read at all is said with the browser's reason).
async fn read_slot(slot: Slot, meta: String, data: &impl StoredData) -> Result<(KeptFile, Option<usize>), Unreadable> {
    let size = data.size();
    let csv = serde_json::from_str::<Meta>(&meta).is_ok_and(|m| m.version == KEPT_VERSION && m.source == "csv");
    let not_read = |error: String| {
        Text::new(format!("dữ liệu không đọc được: {error}"), format!("its data could not be read: {error}"))
    };
    // A tasks file is read on the page: whole.
    let head = match data.bytes((csv && slot != Slot::Tasks).then_some(HEAD)).await {
        Ok(head) if csv => head_of(head, size),
        Ok(whole) => whole,
        Err(error) => return Err(Unreadable { slot, reason: not_read(error), meta, data: Vec::new() }),
    };
    let head = match csv && !head_is_enough(&head) {
        true => match data.bytes(None).await {
            Ok(whole) => whole,
            Err(error) => return Err(Unreadable { slot, reason: not_read(error), meta, data: head }),
        },
        false => head,
    };
    let kept = KeptFile::from_stored(slot, &meta, head.clone(), size, data.blob());
    let reason = match kept {
        Ok(kept) => return Ok(kept),
        Err(reason) => reason,
    };
    if head.len() as u64 == size {
        return Err(Unreadable { slot, reason, meta, data: head });
    }
    match data.bytes(None).await {
        Ok(whole) => Err(Unreadable { slot, reason, meta, data: whole }),
        Err(error) => {
            let (n, vi, en) = (head.len(), reason.vi.clone(), reason.get(Lang::En).to_string());
            let reason = Text::new(
                format!("{vi}; chỉ tải về được {n} byte đầu, phần sau không đọc được: {error}"),
                format!("{en}; only its first {n} bytes can be downloaded, the rest could not be read: {error}"),
            );
            Err(Unreadable { slot, reason, meta, data: head })
        }
    }
}

/// Read every slot of the store ([`read_slot`]); `Err` when the store cannot be opened.
async fn read_store() -> Result<KeepAction, String> {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for slot in Slot::ALL {
        let Some((meta, blob)) = crate::web::kept_get(slot.key()).await? else { continue };
        match read_slot(slot, meta, &blob).await {
            Ok(file) => files.push(file),
            Err(record) => unreadable.push(record),
        }
    }
    Ok(KeepAction::Restored { files, unreadable })
}

/// Write one slot: the action that records the outcome. A CSV file is stored as the file chosen (its `Blob`).
async fn write_slot(slot: Slot, stored: Stored, held: Option<String>) -> KeepAction {
    let outcome = match &stored {
        Stored::File(kept, header_pick) => {
            let (meta, data) = kept.record(*header_pick);
            let data = match &kept.source {
                Source::Csv(CsvSource { blob: FileBlob(Some(blob)), .. }) => blob.clone().into(),
                _ => js_sys::Uint8Array::from(data.as_slice()).into(),
            };
            match held {
                Some(held) => crate::web::kept_put_meta(slot.key(), &meta, &held, &data).await,
                None => crate::web::kept_put(slot.key(), &meta, &data).await,
            }
        }
        Stored::Empty => crate::web::kept_delete(slot.key()).await,
        Stored::Unreadable => Ok(()),
    };
    match outcome {
        Ok(()) => KeepAction::Written(slot, stored),
        Err(reason) => KeepAction::WriteFailed(slot, reason),
    }
}

/// Read the files the page holds as previews whole ([`UnitState::previews`]), for an import on the page.
pub fn read_previews(state: &super::UnitHandle) {
    for (_, kept) in state.previews() {
        let Source::Csv(CsvSource { blob: FileBlob(Some(blob)), .. }) = &kept.source else { continue };
        let (blob, dispatcher) = (blob.clone(), state.dispatcher());
        yew::platform::spawn_local(async move {
            let action = match crate::web::blob_bytes(&blob, None).await {
                Ok(bytes) => KeepAction::ReadWhole(kept, bytes),
                Err(error) => KeepAction::ReadFailed(kept, error),
            };
            dispatcher.dispatch(super::state::UnitAction::Keep(action));
        });
    }
}

/// The page's files kept on this device: read once when the page opens, then each change written (when `persist`).
#[yew::hook]
pub fn use_kept(state: &super::UnitHandle, persist: bool) {
    {
        let dispatcher = state.dispatcher();
        yew::use_effect_with((), move |_| {
            if persist {
                yew::platform::spawn_local(async move {
                    let action = read_store().await.unwrap_or_else(KeepAction::Unavailable);
                    dispatcher.dispatch(super::state::UnitAction::Keep(action));
                });
            }
        });
    }
    {
        // What other tabs write, read again and followed; a slot's older read still on its way when a newer write is
        // heard is dropped.
        let dispatcher = state.dispatcher();
        yew::use_effect_with((), move |_| {
            let heard: Rc<std::cell::RefCell<BTreeMap<Slot, u64>>> = Rc::default();
            let listener = persist.then(|| {
                crate::web::on_kept_change(move |key| {
                    let Some(slot) = Slot::ALL.into_iter().find(|slot| slot.key() == key) else { return };
                    let turn = {
                        let mut heard = heard.borrow_mut();
                        let turn = heard.entry(slot).or_default();
                        *turn += 1;
                        *turn
                    };
                    let (heard, dispatcher) = (heard.clone(), dispatcher.clone());
                    yew::platform::spawn_local(async move {
                        let found = match crate::web::kept_get(slot.key()).await {
                            Ok(None) => None,
                            Ok(Some((meta, blob))) => Some(read_slot(slot, meta, &blob).await),
                            Err(error) => Some(Err(Unreadable {
                                slot,
                                reason: Text::new(
                                    format!("kho trên máy này không đọc được: {error}"),
                                    format!("the store on this device could not be read: {error}"),
                                ),
                                meta: String::new(),
                                data: Vec::new(),
                            })),
                        };
                        if heard.borrow().get(&slot) == Some(&turn) {
                            let action = KeepAction::ChangedElsewhere { slot, found };
                            dispatcher.dispatch(super::state::UnitAction::Keep(action));
                        }
                    });
                })
            });
            move || drop(listener)
        });
    }
    let due: Vec<_> = state
        .writes_due()
        .into_iter()
        .map(|(slot, stored)| {
            let held = state.held_description(slot, &stored);
            (slot, stored, held)
        })
        .collect();
    let dispatcher = state.dispatcher();
    yew::use_effect_with(due, move |due| {
        for (slot, stored, held) in due.clone() {
            let dispatcher = dispatcher.clone();
            yew::platform::spawn_local(async move {
                dispatcher.dispatch(super::state::UnitAction::Keep(write_slot(slot, stored, held).await));
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::unit::state::{UnitAction, UnitSaved};

    fn rules() -> Rc<xeploai::RuleSet> {
        Rc::new(xeploai::builtin::load_default())
    }

    fn read(path: &str) -> Vec<u8> {
        std::fs::read(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn csv(slot: Slot, name: &str, path: &str) -> KeptFile {
        KeptFile { slot, name: name.into(), source: Source::Csv(CsvSource::whole(read(path))) }
    }

    fn opened(state: UnitState, kept: KeptFile) -> UnitState {
        state.apply(UnitAction::Keep(KeepAction::Opened(kept)))
    }

    fn import(state: UnitState) -> UnitState {
        let Some(job) = state.job() else { return state };
        let generation = state.generation;
        state.apply(UnitAction::Imported { generation, imported: Rc::new(job.run()) })
    }

    fn digest(state: &UnitState) -> serde_json::Value {
        xeploai::pipeline::digest(&state.rules, state.imported.as_ref().expect("imported"))
    }

    /// The store as a page left it: every slot's record.
    fn stored(state: &UnitState) -> Vec<(Slot, String, Vec<u8>)> {
        state
            .wanted()
            .into_iter()
            .filter_map(|(slot, stored)| match stored {
                Stored::File(kept, pick) => {
                    let (meta, data) = kept.record(pick);
                    Some((slot, meta, data))
                }
                _ => None,
            })
            .collect()
    }

    /// A record's data as the tests store it: its bytes, of which the browser reads only the first `readable` (a file
    /// changed on disk since it was chosen: `NotReadableError` past them).
    struct Data {
        bytes: Vec<u8>,
        readable: usize,
    }

    impl StoredData for Data {
        fn size(&self) -> u64 {
            self.bytes.len() as u64
        }

        async fn bytes(&self, limit: Option<usize>) -> Result<Vec<u8>, String> {
            let end = limit.unwrap_or(usize::MAX).min(self.bytes.len());
            match end <= self.readable {
                true => Ok(self.bytes[..end].to_vec()),
                false => Err("NotReadableError".into()),
            }
        }

        fn blob(&self) -> FileBlob {
            FileBlob::default()
        }
    }

    /// A future that is ready at once (the tests' data is), run.
    fn now<T>(future: impl std::future::Future<Output = T>) -> T {
        let mut future = std::pin::pin!(future);
        match future.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop())) {
            std::task::Poll::Ready(value) => value,
            std::task::Poll::Pending => panic!("the tests' data is read at once"),
        }
    }

    /// A slot's record read back as the page reads the store, the browser reading its first `readable` bytes.
    fn read_record(
        slot: Slot,
        meta: &str,
        bytes: Vec<u8>,
        readable: usize,
    ) -> Result<(KeptFile, Option<usize>), Unreadable> {
        now(read_slot(slot, meta.to_string(), &Data { bytes, readable }))
    }

    /// A new page reading that store.
    fn reloaded(records: &[(Slot, String, Vec<u8>)]) -> UnitState {
        let mut files = Vec::new();
        let mut unreadable = Vec::new();
        for (slot, meta, data) in records {
            match read_record(*slot, meta, data.clone(), usize::MAX) {
                Ok(file) => files.push(file),
                Err(record) => unreadable.push(record),
            }
        }
        let state = UnitState::new(rules(), Lang::Vi, UnitSaved::default());
        import(state.apply(UnitAction::Keep(KeepAction::Restored { files, unreadable })))
    }

    fn loaded() -> UnitState {
        let state = UnitState::new(rules(), Lang::Vi, UnitSaved::default());
        let state = state.apply(UnitAction::Keep(KeepAction::Restored { files: Vec::new(), unreadable: Vec::new() }));
        let state = opened(state, csv(Slot::Members, "members.csv", "tests/fixtures/lists/members.csv"));
        import(opened(state, csv(Slot::Tasks, "tasks.csv", "tests/fixtures/lists/tasks.csv")))
    }

    #[test]
    fn a_tasks_file_classifies_members_from_their_tasks() {
        let state = loaded();
        let run = state.imported.as_ref().unwrap();
        let level = |i: usize| run.result.members.verdict(i).level().map(|l| state.rules.levels[l].id.clone());
        assert_eq!(level(0).as_deref(), Some("ht"), "a1's twelve tasks, one late");
        assert_eq!(run.roster.members.len(), 3, "members in = members out");
        // The problems of the tasks file are at its rows, naming the member.
        let bad = run.diagnostics.iter().find(|d| d.code == xeploai::Code::NotAChoice).expect("a3's bad status");
        assert_eq!((bad.location.file.as_deref(), bad.location.row), (Some("tasks.csv"), Some(18)));
        assert!(bad.message.vi.starts_with("a3 (Lê Thị Cúc)"), "{}", bad.message.vi);
        // Her explanation names the list used and the late task that decided.
        let detail = state.apply(UnitAction::Select(Some(super::super::state::Selected::Member(0))));
        let explanation = detail.detail.as_ref().expect("explained");
        assert_eq!(explanation.lists.len(), 1, "{:?}", explanation.lists);
        let text = xeploai::render::explain::explanation_text(&state.rules, explanation, Lang::Vi);
        assert!(text.contains("Nhiệm vụ 7"), "{text}");
        // Without the tasks file, a1 has no counts.
        let without = import(state.apply(UnitAction::Keep(KeepAction::Remove(Slot::Tasks))));
        assert!(without.tasks_file.is_none());
        assert_eq!(without.imported.as_ref().unwrap().result.members.verdict(0).level(), None);
    }

    /// A roster larger than the page's head: the page holds its first bytes (cut at a row's end) for the header
    /// choice and the mapping, and the worker reads the file; to be imported on the page (with a tasks file, or
    /// when the worker cannot run) it is read whole first, and then every row is read.
    #[test]
    fn a_large_file_is_a_preview_until_read_whole() {
        let rules = rules();
        let roster = xeploai::generate::roster(&rules, xeploai::generate::Shape::new(6_000, 1));
        let bytes = xeploai::generate::table_csv(&rules, &roster.members, TableKind::Members).into_bytes();
        assert!(bytes.len() > HEAD, "{} bytes", bytes.len());
        let head = head_of(bytes[..HEAD].to_vec(), bytes.len() as u64);
        assert!(head.len() <= HEAD && head.ends_with(b"\n") && bytes.starts_with(&head));
        let csv = CsvSource { head, size: bytes.len() as u64, blob: FileBlob::default() };
        let kept = KeptFile { slot: Slot::Members, name: "m.csv".into(), source: Source::Csv(csv) };
        let state = UnitState::new(rules.clone(), Lang::Vi, UnitSaved::default())
            .apply(UnitAction::Keep(KeepAction::Restored { files: Vec::new(), unreadable: Vec::new() }));
        let state = opened(state, kept);
        let file = state.members_file.clone().expect("on the page");
        let whole = bytes_file("m.csv".into(), TableKind::Members, bytes.clone());
        assert!(file.preview.is_some() && file.rows.len() < whole.rows.len());
        assert_eq!(file.headers(&rules), whole.headers(&rules), "the mapping is the whole file's");
        assert_eq!(file.header_choices(), whole.header_choices());
        let estimate = file.data_rows() as f64 / whole.data_rows() as f64;
        assert!((0.9..1.1).contains(&estimate), "the rows estimated: {} of {}", file.data_rows(), whole.data_rows());
        assert!(state.job().is_none(), "a preview is never imported as if it were the file");
        assert!(state.worker_job().is_some(), "the worker reads the file");
        assert_eq!(state.previews().iter().map(|(slot, _)| *slot).collect::<Vec<_>>(), [Slot::Members]);
        let due = state.writes_due();
        let preview = state.previews().remove(0).1;

        // A file chosen while an older one is read whole wins: the older bytes never replace it.
        let other = KeptFile { slot: Slot::Members, name: "b.csv".into(), ..(*preview).clone() };
        let newer = opened(state.clone(), other);
        let stale = newer.apply(UnitAction::Keep(KeepAction::ReadWhole(preview.clone(), bytes.clone())));
        let file = stale.members_file.clone().expect("on the page");
        assert!(file.name == "b.csv" && file.preview.is_some(), "{}", file.name);
        assert_eq!(stale.generation, newer.generation, "no import started");
        // Its own reading failing is said, and the import stops (no progress left turning).
        let failed = stale
            .apply(UnitAction::Keep(KeepAction::ReadFailed(stale.previews().remove(0).1, "NotReadableError".into())));
        assert!(failed.progress.is_none() && failed.job().is_none());
        assert!(failed.message.as_ref().unwrap().vi.contains("Không đọc được b.csv: NotReadableError"));

        // With the organizations' file a preview too, the import starts once both are read, each read once.
        let orgs = read("examples/dang-bo-mau/orgs.csv");
        let csv = CsvSource { head: orgs.clone(), size: orgs.len() as u64 + 1, blob: FileBlob::default() };
        let both =
            opened(state.clone(), KeptFile { slot: Slot::Orgs, name: "orgs.csv".into(), source: Source::Csv(csv) });
        let [(_, members), (_, orgs_kept)] = &both.previews()[..] else { panic!("two previews") };
        let half = both.apply(UnitAction::Keep(KeepAction::ReadWhole(members.clone(), bytes.clone())));
        assert_eq!(half.generation, both.generation, "not started before the other is read");
        assert_eq!(half.previews().len(), 1);
        let all = half.apply(UnitAction::Keep(KeepAction::ReadWhole(orgs_kept.clone(), orgs)));
        assert!(all.generation > half.generation && all.job().is_some() && all.previews().is_empty());

        let read = state.apply(UnitAction::Keep(KeepAction::ReadWhole(preview, bytes)));
        let file = read.members_file.clone().expect("on the page");
        assert!(file.preview.is_none() && file.rows == whole.rows && read.previews().is_empty());
        assert_eq!(read.writes_due(), due, "the store keeps the file as chosen");
        let run = read.job().expect("an import is due").run();
        assert_eq!(run.roster.members.len() + run.roster.members.unread.len(), 6_000, "every row read");
    }

    #[test]
    fn a_head_ends_at_a_row_end() {
        assert!(head_is_enough(b"a,b\n1,2\n") && !head_is_enough(b"a,b\n") && !head_is_enough(b""));
        assert_eq!(head_of(b"a,b\n1,2\n3,".to_vec(), 20), b"a,b\n1,2\n");
        assert_eq!(head_of(b"a,b\n1,2".to_vec(), 7), b"a,b\n1,2", "the whole file");
        assert_eq!(head_of(b"a,b,c,d".to_vec(), 20), b"", "no row end");
        let utf16le = [0xff, 0xfe, b'a', 0, b'\n', 0, b'1', 0, b'\n', 0, b'2'];
        assert_eq!(head_of(utf16le.to_vec(), 40), &utf16le[..10]);
        let utf16be = [0xfe, 0xff, 0, b'a', 0, b'\n', 0, b'1', 0, b'\n', 0];
        assert_eq!(head_of(utf16be.to_vec(), 40), &utf16be[..10]);
    }

    /// A record of an older page holds the file's bytes (the store gives them back as a `Blob`): it loads.
    #[test]
    fn a_record_of_an_older_page_loads() {
        let bytes = read("examples/dang-bo-mau/members.csv");
        let meta = r#"{"version":1,"slot":"members","name":"members.csv","headerPick":null,"source":"csv"}"#;
        let (kept, pick) = read_record(Slot::Members, meta, bytes.clone(), usize::MAX).expect("read");
        assert_eq!(pick, None);
        assert_eq!(kept.source, Source::Csv(CsvSource::whole(bytes)));
        assert_eq!(kept.file().data_rows(), 22);
    }

    #[test]
    fn the_files_survive_a_reload_and_give_the_same_results() {
        let state = import(opened(loaded(), csv(Slot::Orgs, "orgs.csv", "examples/dang-bo-mau/orgs.csv")));
        let records = stored(&state);
        assert_eq!(records.iter().map(|r| r.0).collect::<Vec<_>>(), Slot::ALL);
        let again = reloaded(&records);
        assert_eq!(digest(&again), digest(&state));
        assert_eq!(again.members_file, state.members_file);
        assert_eq!(again.tasks_file, state.tasks_file);
        assert!(again.writes_due().is_empty(), "what was read is not written again");
    }

    #[test]
    fn a_sheet_and_a_picked_header_row_survive_a_reload() {
        let cells = vec![
            vec!["DANH SÁCH".to_string()],
            vec!["id".into(), "name".into(), "common_points".into(), "task_points".into()],
            vec!["a1".into(), "An".into(), "28".into(), "65".into()],
        ];
        let kept = KeptFile {
            slot: Slot::Members,
            name: "m.xlsx [S]".into(),
            source: Source::Sheet { cells, sheets: vec!["S".into(), "T".into()], sheet: "S".into() },
        };
        let state = UnitState::new(rules(), Lang::Vi, UnitSaved::default());
        let state = state.apply(UnitAction::Keep(KeepAction::Restored { files: Vec::new(), unreadable: Vec::new() }));
        let state =
            import(opened(state, kept).apply(UnitAction::PickHeader { kind: TableKind::Members, index: Some(1) }));
        let due = state.writes_due();
        assert!(matches!(&due[..], [(Slot::Members, Stored::File(_, Some(1)))]), "{due:?}");
        let again = reloaded(&stored(&state));
        assert_eq!(again.members_file, state.members_file);
        assert_eq!(digest(&again), digest(&state));
    }

    /// A header row picked for a file the store holds: only its description is written (the file is not copied into
    /// the store again); another file chosen into the slot is written whole.
    #[test]
    fn a_header_row_picked_writes_only_the_description() {
        let state = loaded();
        let held = state.writes_due();
        assert!(!held.is_empty());
        assert!(
            held.iter().all(|(slot, stored)| state.held_description(*slot, stored).is_none()),
            "nothing stored yet"
        );
        let written = held
            .into_iter()
            .fold(state, |state, (slot, stored)| state.apply(UnitAction::Keep(KeepAction::Written(slot, stored))));
        assert!(written.writes_due().is_empty());
        let picked = written.apply(UnitAction::PickHeader { kind: TableKind::Members, index: Some(0) });
        let due = picked.writes_due();
        assert!(matches!(&due[..], [(Slot::Members, Stored::File(_, Some(0)))]), "{due:?}");
        let description = picked.held_description(Slot::Members, &due[0].1);
        assert_eq!(description, Some(KeptFile::record(picked.kept.sources[&Slot::Members].as_ref(), None).0));
        assert!(
            description.unwrap().contains("\"headerPick\":null"),
            "the description stored, over which the new one goes"
        );
        let other = opened(picked, csv(Slot::Members, "other.csv", "tests/fixtures/rosters/members-bad-cells.csv"));
        let due = other.writes_due();
        assert!(matches!(&due[..], [(Slot::Members, Stored::File(kept, None))] if kept.name == "other.csv"), "{due:?}");
        assert_eq!(other.held_description(Slot::Members, &due[0].1), None, "another file is written whole");
    }

    /// Another tab's write is followed: another file is imported here (and not written back), the same file with
    /// another header row takes the row, the same file as here changes nothing, a slot emptied there is emptied here,
    /// and a record this page cannot read is said and offered. After each, nothing is due to be written.
    #[test]
    fn a_file_another_tab_keeps_is_followed_and_never_written_back() {
        let written = |state: UnitState| {
            let due = state.writes_due();
            due.into_iter()
                .fold(state, |state, (slot, stored)| state.apply(UnitAction::Keep(KeepAction::Written(slot, stored))))
        };
        let here = written(loaded());
        assert!(here.writes_due().is_empty());
        let elsewhere = |state: &UnitState, slot, found| {
            state.apply(UnitAction::Keep(KeepAction::ChangedElsewhere { slot, found }))
        };
        // The store holding, as another tab wrote it, this file: read back, it is the same file; nothing happens.
        let (slot, meta, data) = stored(&here).into_iter().find(|(slot, ..)| *slot == Slot::Members).unwrap();
        let same = elsewhere(&here, slot, Some(read_record(slot, &meta, data.clone(), usize::MAX)));
        assert_eq!(same.generation, here.generation, "not imported again");
        assert!(same.message.is_none() && same.writes_due().is_empty());
        // The same file with another header row: the row is taken, the unit imported again, nothing written.
        let picked = elsewhere(
            &here,
            slot,
            Some(read_record(slot, &meta.replace("\"headerPick\":null", "\"headerPick\":0"), data, usize::MAX)),
        );
        assert_eq!(picked.members_file.as_ref().unwrap().header_pick, Some(0));
        assert!(picked.generation > here.generation && picked.writes_due().is_empty());
        // Another file: imported here, said by name, not written back; the unit's results are the other file's.
        let other = csv(Slot::Members, "other.csv", "tests/fixtures/rosters/members-bad-cells.csv");
        let (meta, data) = other.record(None);
        let followed =
            import(elsewhere(&here, Slot::Members, Some(read_record(Slot::Members, &meta, data, usize::MAX))));
        assert_eq!(followed.members_file.as_ref().unwrap().name, "other.csv");
        assert!(followed.message.as_ref().unwrap().vi.contains("\"other.csv\""), "{:?}", followed.message);
        assert!(followed.writes_due().is_empty(), "{:?}", followed.writes_due());
        let alone = import(opened(written(loaded()), other.clone()));
        assert_eq!(digest(&followed), digest(&alone), "the same results as choosing that file here");
        // Emptied there: emptied here, said, nothing written.
        let emptied = elsewhere(&here, Slot::Tasks, None);
        assert!(emptied.tasks_file.is_none());
        assert!(emptied.message.as_ref().unwrap().vi.contains("\"tasks.csv\""));
        assert!(emptied.writes_due().is_empty());
        // A record this page cannot read: the file leaves the page, the record is offered, nothing written over it.
        let (slot, meta, data) = stored(&here).into_iter().find(|(slot, ..)| *slot == Slot::Members).unwrap();
        let newer = read_record(slot, &meta.replace("\"version\":1", "\"version\":9"), data, usize::MAX);
        let unreadable = elsewhere(&here, slot, Some(newer));
        assert!(unreadable.members_file.is_none() && unreadable.kept.unreadable.contains_key(&Slot::Members));
        assert!(unreadable.writes_due().is_empty());
    }

    #[test]
    fn an_unreadable_record_is_said_kept_and_offered_until_replaced_or_cleared() {
        let good = stored(&loaded());
        let mut records = good.clone();
        records[0].1 = records[0].1.replace("\"version\":1", "\"version\":9");
        let state = reloaded(&records);
        assert!(state.members_file.is_none() && state.tasks_file.is_some());
        let record = state.kept.unreadable.get(&Slot::Members).expect("said");
        assert!(record.message().vi.contains("phiên bản 9"), "{}", record.message().vi);
        assert!(record.download_text().contains("a1,Nguyễn Thị An"), "the data can be downloaded");
        assert!(state.writes_due().is_empty(), "nothing is written over it");
        // Choosing another members file replaces it; clearing removes it.
        let replaced = opened(state.clone(), csv(Slot::Members, "members.csv", "tests/fixtures/lists/members.csv"));
        assert!(replaced.kept.unreadable.is_empty());
        assert!(matches!(&replaced.writes_due()[..], [(Slot::Members, Stored::File(..))]));
        let cleared = state.apply(UnitAction::Keep(KeepAction::Clear));
        let due = cleared.writes_due();
        assert_eq!(due, vec![(Slot::Members, Stored::Empty), (Slot::Tasks, Stored::Empty)]);
        assert!(cleared.members_file.is_none() && cleared.tasks_file.is_none() && cleared.imported.is_none());
        assert!(cleared.message.unwrap().vi.contains("Đã xoá"));
        // A damaged description or sheet is unreadable too, never a panic.
        for (meta, data) in [("{", b"".to_vec()), (&good[0].1.replace("csv", "sheet")[..], b"[1".to_vec())] {
            assert!(read_record(Slot::Members, meta, data, usize::MAX).is_err());
        }
        assert!(read_record(Slot::Orgs, &good[0].1, good[0].2.clone(), usize::MAX).is_err(), "wrong slot");
    }

    /// A stored file the browser cannot read is said with the browser's reason and the other slots are restored;
    /// an unreadable record is offered for download whole, not as its first bytes, or says what it lacks.
    #[test]
    fn a_stored_file_the_browser_cannot_read_is_said_and_the_others_restored() {
        let mut records = stored(&loaded());
        assert_eq!(records.iter().map(|r| r.0).collect::<Vec<_>>(), [Slot::Members, Slot::Tasks]);
        let (files, unreadable): (Vec<_>, Vec<_>) = records
            .iter()
            .map(|(slot, meta, data)| read_record(*slot, meta, data.clone(), (*slot == Slot::Tasks) as usize * 1000000))
            .partition(Result::is_ok);
        assert_eq!(files.len(), 1, "the tasks file is restored");
        let record = unreadable.into_iter().next().unwrap().unwrap_err();
        assert_eq!(record.slot, Slot::Members);
        assert!(record.message().vi.contains("NotReadableError"), "{}", record.message().vi);

        // A large record stored in the wrong place: the download is the whole file, or says it is not.
        let rules = rules();
        let roster = xeploai::generate::roster(&rules, xeploai::generate::Shape::new(6_000, 1));
        let bytes = xeploai::generate::table_csv(&rules, &roster.members, TableKind::Members).into_bytes();
        assert!(bytes.len() > HEAD);
        records[0].2 = bytes.clone();
        let record = read_record(Slot::Orgs, &records[0].1, bytes.clone(), usize::MAX).unwrap_err();
        assert_eq!(record.data, bytes, "offered whole");
        let record = read_record(Slot::Orgs, &records[0].1, bytes.clone(), HEAD).unwrap_err();
        assert!(record.data.len() <= HEAD && bytes.starts_with(&record.data));
        let said = record.message();
        assert!(said.vi.contains(&format!("chỉ tải về được {} byte đầu", record.data.len())), "{}", said.vi);
        assert!(said.get(Lang::En).contains("NotReadableError"), "{}", said.get(Lang::En));
    }

    #[test]
    fn nothing_is_written_before_the_store_is_read_and_a_file_chosen_meanwhile_wins() {
        let state = UnitState::new(rules(), Lang::Vi, UnitSaved::default());
        let state = opened(state, csv(Slot::Members, "members.csv", "tests/fixtures/lists/members.csv"));
        assert!(state.writes_due().is_empty(), "the store is not read yet");
        let old = csv(Slot::Members, "old.csv", "examples/dang-bo-mau/members.csv");
        let restored =
            state.apply(UnitAction::Keep(KeepAction::Restored { files: vec![(old, None)], unreadable: vec![] }));
        assert_eq!(restored.members_file.as_ref().unwrap().name, "members.csv");
        assert!(
            matches!(&restored.writes_due()[..], [(Slot::Members, Stored::File(kept, None))] if kept.name == "members.csv")
        );
    }

    #[test]
    fn a_failed_write_is_said_and_the_files_stay() {
        let state = loaded();
        let failed = state.apply(UnitAction::Keep(KeepAction::WriteFailed(Slot::Members, "QuotaExceededError".into())));
        let notice = failed.kept.notice.clone().expect("said");
        assert!(notice.vi.contains("KHÔNG lưu được danh sách đảng viên") && notice.vi.contains("QuotaExceededError"));
        assert!(failed.members_file.is_some() && failed.imported.is_some());
        let unavailable = UnitState::new(rules(), Lang::Vi, UnitSaved::default())
            .apply(UnitAction::Keep(KeepAction::Unavailable("SecurityError".into())));
        assert!(unavailable.kept.notice.unwrap().get(Lang::En).contains("choose them again"));
        // A file that cannot be imported is neither put on the page nor kept.
        let empty = KeptFile {
            slot: Slot::Members,
            name: "empty.csv".into(),
            source: Source::Csv(CsvSource::whole(Vec::new())),
        };
        let refused = opened(state.clone(), empty);
        assert_eq!(refused.members_file, state.members_file);
        assert_eq!(refused.kept.sources, state.kept.sources);
    }
}
