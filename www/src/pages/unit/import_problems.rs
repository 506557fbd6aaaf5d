use yew::prelude::*;

use super::UnitHandle;
use crate::i18n::{U, count, u};

#[derive(Properties, PartialEq)]
pub struct ImportProblemsProps {
    pub state: UnitHandle,
}

const SHOWN: usize = 200;

/// Every row that could not be read as it was, with row, column and reason; such rows are kept (with the cell
/// left empty) or, for a repeated id, listed here and left out.
#[component]
pub fn ImportProblems(props: &ImportProblemsProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let Some(imported) = &state.imported else { return html! {} };
    let problems = &imported.diagnostics;
    // keep: a problem of the tasks file says so beside its row (the rows of the other files are the roster's).
    let tasks_name = state.tasks_file.as_ref().map(|t| t.name.clone());
    let tasks_prefix = |d: &xeploai::diag::Diagnostic| match (&tasks_name, &d.location.file) {
        (Some(tasks), Some(file)) if tasks == file => format!("{file}: "),
        _ => String::new(),
    };
    html! {
        <section class="card problems" id="import-problems">
            <h2>{ format!("{} ({})", u(lang, U::ProblemsTitle), count(problems.len(), lang)) }</h2>
            if problems.is_empty() {
                <p>{ u(lang, U::ProblemsNone) }</p>
            } else {
                <table class="problem-list">
                    <thead><tr>
                        <th scope="col">{ u(lang, U::Row) }</th>
                        <th scope="col">{ u(lang, U::Column) }</th>
                        <th scope="col">{ u(lang, U::Problem) }</th>
                    </tr></thead>
                    <tbody>
                        { for problems.iter().take(SHOWN).map(|d| html! {
                            <tr class={classes!(if d.is_error() { "error-row" } else { "warning-row" })}>
                                <td>{ tasks_prefix(d) }{ d.location.row.or(d.location.line).map(|r| r.to_string()).unwrap_or_default() }</td>
                                <td>{ d.location.path.clone().unwrap_or_default() }</td>
                                <td>{ format!("{} [{}]", d.message.get(lang), d.code) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                if problems.len() > SHOWN {
                    <p class="muted">{ format!("… {} {}", u(lang, U::ProblemsMore), problems.len() - SHOWN) }</p>
                }
            }
        </section>
    }
}
