use web_sys::{HtmlInputElement, HtmlSelectElement};
use xeploai::input::TableKind;
use yew::prelude::*;

use super::UnitHandle;
use super::derived::bytes_file;
use crate::i18n::{U, u};
use crate::pages::unit::state::{LoadedFile, PendingWorkbook, UnitAction, sheet_file};

#[derive(Properties, PartialEq)]
pub struct RosterImportProps {
    pub state: UnitHandle,
}

fn is_workbook(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".xlsx") || lower.ends_with(".xlsm")
}

/// Open a file: CSV is split into rows here; a workbook goes to the XLSX module (loaded on first use), and its
/// sheet is chosen when it has more than one.
fn open(state: UnitHandle, kind: TableKind, file: web_sys::File) {
    let name = file.name();
    crate::web::read_file_bytes(file, move |bytes| {
        if !is_workbook(&name) {
            state.dispatch(UnitAction::FileLoaded(bytes_file(name, kind, bytes)));
            return;
        }
        state.dispatch(UnitAction::Message(Some(xeploai::Text::new(
            u(xeploai::Lang::Vi, U::XlsxLoading),
            u(xeploai::Lang::En, U::XlsxLoading),
        ))));
        yew::platform::spawn_local(async move {
            match crate::web::xlsx_sheet_names(&bytes).await {
                Ok(sheets) if sheets.len() == 1 => {
                    read_sheet(state, PendingWorkbook { name, kind, bytes, sheets: sheets.clone() }, sheets[0].clone())
                        .await
                }
                Ok(sheets) => {
                    state.dispatch(UnitAction::Message(None));
                    state.dispatch(UnitAction::WorkbookOpened(PendingWorkbook { name, kind, bytes, sheets }));
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
    match crate::web::xlsx_read_sheet(&workbook.bytes, &sheet).await {
        Ok(cells) => {
            state.dispatch(UnitAction::Message(None));
            let name = format!("{} [{sheet}]", workbook.name);
            state.dispatch(UnitAction::FileLoaded(sheet_file(
                name,
                workbook.kind,
                cells,
                workbook.sheets.clone(),
                sheet,
            )));
        }
        Err(error) => failed(&state, &error),
    }
}

/// The two files of a roster: members, and optionally organizations.
#[component]
pub fn RosterImport(props: &RosterImportProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let picker = |kind: TableKind, id: &'static str, title: U, file: Option<&std::rc::Rc<LoadedFile>>| {
        let onchange = {
            let state = state.clone();
            Callback::from(move |e: Event| {
                let input = e.target_unchecked_into::<HtmlInputElement>();
                if let Some(file) = input.files().and_then(|files| files.get(0)) {
                    open(state.clone(), kind, file);
                }
                input.set_value("");
            })
        };
        let onremove = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(UnitAction::RemoveFile(kind)))
        };
        html! {
            <div class="field file">
                <span class="label">{ u(lang, title) }</span>
                <input type="file" id={id} class="visually-hidden file-input" accept=".csv,.txt,.xlsx,text/csv" onchange={onchange} />
                <label class="button" for={id}>{ u(lang, U::ChooseFile) }</label>
                if let Some(file) = file {
                    <span class="file-name" id={format!("{id}-name")}>{ format!("{} — {} {}", file.name, file.data_rows(), u(lang, U::Rows)) }</span>
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
            { picker(TableKind::Members, "members-file", U::MembersFile, state.members_file.as_ref()) }
            { picker(TableKind::Organizations, "orgs-file", U::OrgsFile, state.orgs_file.as_ref()) }
            { for sheet_chooser }
            if let Some(message) = &state.message {
                <p class="notice warning" role="status" id="unit-message">{ message.get(lang) }</p>
            }
        </section>
    }
}
