use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::UnitHandle;
use super::persist::{CsvSource, FileBlob, HEAD, KeepAction, KeptFile, Slot, Source, head_is_enough, head_of};
use crate::i18n::{K, U, count, k, u};
use crate::pages::unit::state::{LoadedFile, PendingWorkbook, UnitAction};

#[derive(Properties, PartialEq)]
pub struct RosterImportProps {
    pub state: UnitHandle,
}

fn is_workbook(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".xlsx") || lower.ends_with(".xlsm")
}

/// Open a file for a slot: of a CSV file the page reads only its first bytes (the header choice, the column mapping,
/// a preview) and keeps the `File` itself, which the worker reads in slices (`unit_worker.rs`) and the store keeps
/// (`persist.rs`); a workbook goes to the XLSX module (loaded on first use), and its sheet is chosen when it has
/// more than one.
fn open(state: UnitHandle, slot: Slot, file: web_sys::File) {
    let name = file.name();
    let (kind, tasks) = (slot.kind(), slot == Slot::Tasks);
    if !is_workbook(&name) {
        yew::platform::spawn_local(async move {
            let blob: web_sys::Blob = file.into();
            let size = blob.size() as u64;
            // A tasks file is read on the page (`state.rs`, `ImportJob::with_tasks`): whole.
            let limit = (slot != Slot::Tasks).then_some(HEAD);
            // A file whose header and first row do not fit in the head is read whole (`head_is_enough`).
            let head = match crate::web::blob_bytes(&blob, limit).await.map(|bytes| head_of(bytes, size)) {
                Ok(head) if !head_is_enough(&head) => crate::web::blob_bytes(&blob, None).await,
                read => read,
            };
            match head {
                Ok(head) => {
                    let csv = CsvSource { head, size, blob: FileBlob(Some(blob)) };
                    let kept = KeptFile { slot, name, source: Source::Csv(csv) };
                    state.dispatch(UnitAction::Keep(KeepAction::Opened(kept)));
                }
                Err(error) => state.dispatch(UnitAction::Message(Some(xeploai::Text::new(
                    format!("Không đọc được {name}: {error}"),
                    format!("{name} could not be read: {error}"),
                )))),
            }
        });
        return;
    }
    crate::web::read_file_bytes(file, move |bytes| {
        state.dispatch(UnitAction::Message(Some(xeploai::Text::new(
            u(xeploai::Lang::Vi, U::XlsxLoading),
            u(xeploai::Lang::En, U::XlsxLoading),
        ))));
        yew::platform::spawn_local(async move {
            match crate::web::xlsx_sheet_names(&bytes).await {
                Ok(sheets) if sheets.len() == 1 => {
                    let workbook = PendingWorkbook { name, kind, tasks, bytes, sheets: sheets.clone() };
                    read_sheet(state, workbook, sheets[0].clone()).await
                }
                Ok(sheets) => {
                    state.dispatch(UnitAction::Message(None));
                    state.dispatch(UnitAction::WorkbookOpened(PendingWorkbook { name, kind, tasks, bytes, sheets }));
                }
                Err(error) => failed(&state, &error),
            }
        });
    });
}

fn failed(state: &UnitHandle, error: &str) {
    state.dispatch(UnitAction::Message(Some(xeploai::Text::new(
        format!("{}: {error}", u(xeploai::Lang::Vi, U::XlsxFailed)),
        format!("{}: {error}", u(xeploai::Lang::En, U::XlsxFailed)),
    ))));
}

async fn read_sheet(state: UnitHandle, workbook: PendingWorkbook, sheet: String) {
    let slot = if workbook.tasks { Slot::Tasks } else { Slot::of(workbook.kind) };
    match crate::web::xlsx_read_sheet(&workbook.bytes, &sheet).await {
        Ok(cells) => {
            state.dispatch(UnitAction::Message(None));
            let name = format!("{} [{sheet}]", workbook.name);
            let source = Source::Sheet { cells, sheets: workbook.sheets.clone(), sheet: sheet.clone() };
            state.dispatch(UnitAction::Keep(KeepAction::Opened(KeptFile { slot, name, source })));
        }
        Err(error) => {
            failed(&state, &error);
            return;
        }
    }
    // A roster workbook with a sheet of tasks beside it (named "Nhiệm vụ", "Tasks" …): read as the tasks file too,
    // unless one is loaded.
    if slot == Slot::Members
        && state.tasks_file.is_none()
        && !state.rules.lists.is_empty()
        && let Some(tasks_sheet) = workbook.sheets.iter().find(|s| **s != sheet && is_tasks_sheet(s))
    {
        let tasks = PendingWorkbook { tasks: true, ..workbook.clone() };
        Box::pin(read_sheet(state, tasks, tasks_sheet.clone())).await;
    }
}

/// Is this sheet, by its name, a list of tasks (or products)?
fn is_tasks_sheet(name: &str) -> bool {
    let folded = xeploai::input::fold(name);
    ["nhiem vu", "task", "san pham", "product"].iter().any(|word| folded.contains(word))
}

/// The two files of a roster: members, and optionally organizations.
#[component]
pub fn RosterImport(props: &RosterImportProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let picker = |slot: Slot, id: &'static str, title: &'static str, file: Option<&std::rc::Rc<LoadedFile>>| {
        let onchange = {
            let state = state.clone();
            Callback::from(move |e: Event| {
                let input = e.target_unchecked_into::<HtmlInputElement>();
                if let Some(file) = input.files().and_then(|files| files.get(0)) {
                    open(state.clone(), slot, file);
                }
                input.set_value("");
            })
        };
        let onremove = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(UnitAction::Keep(KeepAction::Remove(slot))))
        };
        html! {
            <div class="field file">
                <span class="label">{ title }</span>
                <input type="file" id={id} class="visually-hidden file-input" accept=".csv,.txt,.xlsx,text/csv" onchange={onchange} />
                <label class="button" for={id}>{ u(lang, U::ChooseFile) }</label>
                if let Some(file) = file {
                    <span class="file-name" id={format!("{id}-name")}>{ format!("{} — {} {}", file.name, rows_text(state, slot, file, lang), u(lang, U::Rows)) }</span>
                    <button type="button" class="link" id={format!("{id}-remove")} onclick={onremove} aria-label={u(lang, U::Remove)}>{ "×" }</button>
                }
            </div>
        }
    };
    let sheet_chooser = state.pending_workbook.as_ref().map(|workbook| {
        let onpick = {
            let state = state.clone();
            let workbook = workbook.clone();
            Callback::from(move |e: Event| {
                let sheet = e.target_unchecked_into::<HtmlSelectElement>().value();
                if !sheet.is_empty() {
                    let state = state.clone();
                    let workbook = (*workbook).clone();
                    yew::platform::spawn_local(async move { read_sheet(state, workbook, sheet).await });
                }
            })
        };
        let oncancel = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(UnitAction::CancelWorkbook))
        };
        html! {
            <div class="field sheet-choice">
                <label for="sheet">{ format!("{} ({})", u(lang, U::ChooseSheet), workbook.name) }</label>
                <select id="sheet" onchange={onpick}>
                    <option value="" selected=true>{ "—" }</option>
                    { for workbook.sheets.iter().map(|s| html! { <option value={s.clone()}>{ s.clone() }</option> }) }
                </select>
                <button type="button" onclick={oncancel}>{ u(lang, U::Cancel) }</button>
            </div>
        }
    });
    // The template for the chosen rule set, the same sheets `xeploai template` writes.
    let ontemplate_csv = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| crate::web::download_csv("mau-danh-sach.csv", &state.template_csv(lang)))
    };
    let ontemplate_xlsx = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let json = state.template_json(lang);
            super::unit_actions::download_workbook(state.clone(), json, "mau-danh-sach.xlsx");
        })
    };
    html! {
        <section class="card import" id="roster-import">
            <h2>{ u(lang, U::ImportTitle) }</h2>
            <p class="help">{ u(lang, U::ImportIntro) }</p>
            <div class="field template" id="roster-template">
                <span class="label">{ u(lang, U::TemplateTitle) }</span>
                <button type="button" id="template-xlsx" onclick={ontemplate_xlsx}>{ u(lang, U::TemplateXlsx) }</button>
                <button type="button" id="template-csv" onclick={ontemplate_csv}>{ u(lang, U::TemplateCsv) }</button>
                <p class="help">{ u(lang, U::TemplateHelp) }</p>
            </div>
            { picker(Slot::Members, "members-file", u(lang, U::MembersFile), state.members_file.as_ref()) }
            { picker(Slot::Orgs, "orgs-file", u(lang, U::OrgsFile), state.orgs_file.as_ref()) }
            // Shown while a tasks file is loaded even under a rule set without lists, so it can be removed.
            if !state.rules.lists.is_empty() || state.tasks_file.is_some() {
                { picker(Slot::Tasks, "tasks-file", k(lang, K::TasksFile), state.tasks_file.as_ref()) }
                <p class="help" id="tasks-help">{ k(lang, K::TasksHelp) }</p>
            }
            { for sheet_chooser }
            { kept_bar(state) }
            if let Some(message) = &state.message {
                <p class="notice warning" role="status" id="unit-message">{ message.get(lang) }</p>
            }
        </section>
    }
}

/// A file's data rows: of a file the page holds whole, its rows; of a preview, the rows the worker read (what its
/// run holds, read or not), or an estimate until the run comes back.
fn rows_text(state: &UnitHandle, slot: Slot, file: &LoadedFile, lang: xeploai::Lang) -> String {
    if file.preview.is_none() {
        return count(file.data_rows(), lang);
    }
    let table = state.imported.as_ref().and_then(|run| match slot {
        Slot::Members => Some(&run.roster.members),
        Slot::Orgs => Some(&run.roster.orgs),
        Slot::Tasks => None,
    });
    match table {
        Some(table) => count(table.len() + table.unread.len(), lang),
        None => format!("≈ {}", count(file.data_rows(), lang)),
    }
}

/// keep: what is kept on this device, a failure to keep it, a stored file that could not be read (offered for
/// download), and the explicit clear.
fn kept_bar(state: &UnitHandle) -> Html {
    let lang = state.lang;
    let any = Slot::ALL.iter().any(|slot| state.file_in(*slot).is_some()) || !state.kept.unreadable.is_empty();
    let onclear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(UnitAction::Keep(KeepAction::Clear)))
    };
    html! {
        <div class="kept" id="kept">
            if let Some(notice) = &state.kept.notice {
                <p class="notice warning" role="alert" id="kept-notice">{ notice.get(lang) }</p>
            }
            { for state.kept.unreadable.values().map(|record| {
                let ondownload = {
                    let record = record.clone();
                    Callback::from(move |_: MouseEvent| crate::web::download(&record.file_name(), &record.download_text()))
                };
                html! {
                    <p class="notice warning" role="alert" data-unreadable={record.slot.key()}>
                        { record.message().get(lang) }
                        { " " }
                        <button type="button" class="link" onclick={ondownload}>{ k(lang, K::DownloadStored) }</button>
                    </p>
                }
            }) }
            if any {
                <p class="help">
                    { k(lang, K::KeptHelp) }
                    { " " }
                    <button type="button" id="clear-loaded" onclick={onclear}>{ k(lang, K::ClearLoaded) }</button>
                </p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sheet_of_tasks_is_known_by_its_name() {
        for name in ["Nhiệm vụ", "NHIEM VU 2025", "Tasks", "Danh sách sản phẩm", "products"] {
            assert!(super::is_tasks_sheet(name), "{name}");
        }
        for name in ["Danh sách", "Sheet1", "Tổ chức", "Ghi chú"] {
            assert!(!super::is_tasks_sheet(name), "{name}");
        }
    }
}
