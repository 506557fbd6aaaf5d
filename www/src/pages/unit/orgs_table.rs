use yew::prelude::*;

use super::UnitHandle;
use super::derived::ImportKey;
use super::virtual_rows::use_virtual_rows;
use crate::i18n::{Key, U, count, t, u};
use crate::pages::unit::state::{Selected, UnitAction};

#[derive(Properties, PartialEq)]
pub struct OrgsTableProps {
    pub state: UnitHandle,
}

/// The organizations with the level rolled up from their members and sub-units; each opens its explanation.
/// Virtualized: only the rows in view (and a margin) are rendered ([`use_virtual_rows`]).
#[component]
pub fn OrgsTable(props: &OrgsTableProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let rules = &state.rules;
    // The organizations at the chosen levels, worked out once per import and choice (not at every render), and only
    // those scrolled into view rendered: 21,000 organizations at 1,000,000 members.
    let visible = {
        let state = state.clone();
        use_memo((state.imported.clone().map(ImportKey), state.org_levels.clone()), move |_| state.visible_orgs())
    };
    let rows = use_virtual_rows(visible.len());
    let Some(imported) = &state.imported else { return html! {} };
    let orgs = &imported.roster.orgs;
    if orgs.is_empty() {
        return html! {};
    }
    let window = rows.window;
    let onexport = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(csv) = state.orgs_csv() {
                crate::web::download_csv(&csv.name, &csv.text);
            }
        })
    };
    html! {
        <section class="card orgs" id="orgs-table" aria-busy={state.recounting().then_some("true")}>
            <h2>{ u(lang, U::OrgsTitle) }</h2>
            <fieldset class="org-levels">
                <legend>{ u(lang, U::OrgsAtLevels) }</legend>
                { for rules.levels.iter().enumerate().map(|(index, level)| {
                    let id = format!("orgs-level-{}", level.id);
                    let onchange = {
                        let state = state.clone();
                        Callback::from(move |_: Event| state.dispatch(UnitAction::ToggleOrgLevel(index)))
                    };
                    html! {
                        <label for={id.clone()} class="check">
                            <input type="checkbox" id={id} checked={state.org_levels.contains(&index)} {onchange} />
                            { level.short.clone() }
                        </label>
                    }
                }) }
                <span id="orgs-shown" class="muted">{ format!("{} / {}", count(visible.len(), lang), count(orgs.len(), lang)) }</span>
                <button type="button" id="export-orgs-csv" onclick={onexport} disabled={state.recounting()}>{ u(lang, U::ExportOrgsCsv) }</button>
            </fieldset>
            <div class="scroll virtual" tabindex="0" role="region" aria-label={u(lang, U::OrgsTitle)} onscroll={rows.onscroll.clone()}>
                <table aria-rowcount={(visible.len() + 1).to_string()} height={rows.height()}>
                    <thead><tr>
                        <th scope="col">{ u(lang, U::Name) }</th>
                        <th scope="col">{ u(lang, U::Parent) }</th>
                        <th scope="col">{ u(lang, U::Level) }</th>
                    </tr></thead>
                    <tbody>
                        { rows.spacer(window.above(), 3) }
                        { for visible[window.start..window.end].iter().copied().zip(window.start..).map(|(i, position)| {
                            let record = orgs.record(i);
                            let level = match imported.result.orgs_proposed[i] {
                                xeploai::unit::NO_LEVEL => match imported.result.orgs[i].outcome {
                                    xeploai::Outcome::NotClassified { .. } => t(lang, Key::NotClassified).to_string(),
                                    xeploai::Outcome::Referred { .. } => t(lang, Key::Referred).to_string(),
                                    xeploai::Outcome::Invalid { .. } => t(lang, Key::Invalid).to_string(),
                                    _ => t(lang, Key::Incomplete).to_string(),
                                },
                                l => rules.levels[l as usize].short.clone(),
                            };
                            let onclick = {
                                let state = state.clone();
                                Callback::from(move |_: MouseEvent| state.dispatch(UnitAction::Select(Some(Selected::Org(i)))))
                            };
                            html! {
                                <tr key={i} data-org={record.id.to_string()} aria-rowindex={(position + 2).to_string()}>
                                    <th scope="row">
                                        <button type="button" class="link-text" onclick={onclick}>{ if record.name.trim().is_empty() { record.id.to_string() } else { record.name.to_string() } }</button>
                                        { " " }<span class="org-code muted">{ record.id.to_string() }</span>
                                    </th>
                                    <td>{ record.org.map(|o| state.org_label(o)).unwrap_or_default() }</td>
                                    <td class="org-level">{ level }</td>
                                </tr>
                            }
                        }) }
                        { rows.spacer(window.below(), 3) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
