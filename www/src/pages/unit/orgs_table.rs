use yew::prelude::*;

use super::UnitHandle;
use crate::i18n::{Key, U, t, u};
use crate::pages::unit::state::{Selected, UnitAction};

#[derive(Properties, PartialEq)]
pub struct OrgsTableProps {
    pub state: UnitHandle,
}

/// The organizations with the level rolled up from their members and sub-units; each opens its explanation.
#[component]
pub fn OrgsTable(props: &OrgsTableProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let rules = &state.rules;
    let Some(imported) = &state.imported else { return html! {} };
    let orgs = &imported.roster.orgs;
    if orgs.is_empty() {
        return html! {};
    }
    let visible = state.visible_orgs();
    let onexport = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(csv) = state.orgs_csv() {
                crate::web::download_csv(&csv.name, &csv.text);
            }
        })
    };
    html! {
        <section class="card orgs" id="orgs-table">
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
                <span id="orgs-shown" class="muted">{ format!("{} / {}", visible.len(), orgs.len()) }</span>
                <button type="button" id="export-orgs-csv" onclick={onexport}>{ u(lang, U::ExportOrgsCsv) }</button>
            </fieldset>
            <div class="scroll">
                <table>
                    <thead><tr>
                        <th scope="col">{ u(lang, U::Name) }</th>
                        <th scope="col">{ u(lang, U::Parent) }</th>
                        <th scope="col">{ u(lang, U::Level) }</th>
                    </tr></thead>
                    <tbody>
                        { for visible.iter().copied().take(2000).map(|i| {
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
                                <tr data-org={record.id.to_string()}>
                                    <th scope="row">
                                        <button type="button" class="link-text" onclick={onclick}>{ if record.name.trim().is_empty() { record.id.to_string() } else { record.name.to_string() } }</button>
                                        { " " }<span class="org-code muted">{ record.id.to_string() }</span>
                                    </th>
                                    <td>{ record.org.map(|o| state.org_label(o)).unwrap_or_default() }</td>
                                    <td class="org-level">{ level }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
