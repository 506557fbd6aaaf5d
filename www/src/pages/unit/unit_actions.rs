use yew::prelude::*;

use super::UnitHandle;
use crate::i18n::{Rp, U, rp, u};
use crate::pages::unit::state::UnitAction;

/// Write sheets (`report::sheets_json`) as a workbook with the XLSX module (loaded on first use) and download it;
/// a failure is said in the page's message.
pub fn download_workbook(state: UnitHandle, json: String, file_name: &'static str) {
    yew::platform::spawn_local(async move {
        match crate::web::xlsx_write(&json).await {
            Ok(bytes) => crate::web::download_bytes(
                file_name,
                &bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            Err(error) => state.dispatch(UnitAction::Message(Some(xeploai::Text::new(
                format!("{}: {error}", u(xeploai::Lang::Vi, U::XlsxFailed)),
                format!("{}: {error}", u(xeploai::Lang::En, U::XlsxFailed)),
            )))),
        }
    });
}

#[derive(Properties, PartialEq)]
pub struct UnitActionsProps {
    pub state: UnitHandle,
    /// Set to ask the print report (`print_report.rs`) to lay out the whole roster and print it.
    pub print: UseStateHandle<bool>,
}

/// Export the results (CSV of the members, or a workbook with every sheet: members, organizations, distribution,
/// quota, targets) and print the report.
#[component]
pub fn UnitActions(props: &UnitActionsProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    if state.imported.is_none() {
        return html! {};
    }
    let oncsv = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(csv) = state.members_csv() {
                crate::web::download_csv(&csv.name, &csv.text);
            }
        })
    };
    let onxlsx = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(json) = state.workbook_json() else { return };
            download_workbook(state.clone(), json, "xeploai-ket-qua.xlsx");
        })
    };
    let onsummary = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(csv) = state.summary_csv() {
                crate::web::download_csv(&csv.name, &csv.text);
            }
        })
    };
    let onprint = {
        let print = props.print.clone();
        Callback::from(move |_: MouseEvent| print.set(true))
    };
    // While a change is counted again (`recount_job.rs`) the results shown lack it: nothing is exported or printed
    // from them until the recount ends.
    let busy = state.recounting();
    html! {
        <section class="card actions">
            <p id="unit-review" class="muted">{ state.review_line() }</p>
            <div class="buttons">
                <button type="button" id="export-csv" onclick={oncsv} disabled={busy}>{ u(lang, U::ExportCsv) }</button>
                <button type="button" id="export-xlsx" onclick={onxlsx} disabled={busy}>{ u(lang, U::ExportXlsx) }</button>
                <button type="button" id="export-summary" onclick={onsummary} disabled={busy}>{ rp(lang, Rp::ExportSummary) }</button>
                <button type="button" id="print-report" onclick={onprint} disabled={busy}>{ u(lang, U::PrintReport) }</button>
            </div>
            if busy {
                <p class="hint" id="actions-busy">{ super::recount_job::actions_wait(lang) }</p>
            }
        </section>
    }
}
