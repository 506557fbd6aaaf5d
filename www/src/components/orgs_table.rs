use yew::prelude::*;

use super::UnitHandle;
use crate::i18n::{Key, U, t, u};
use crate::unit_state::{Selected, UnitAction};

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
    html! {
        <section class="card orgs" id="orgs-table">
            <h2>{ u(lang, U::OrgsTitle) }</h2>
            <div class="scroll">
                <table>
                    <thead><tr>
                        <th scope="col">{ u(lang, U::Id) }</th>
                        <th scope="col">{ u(lang, U::Name) }</th>
                        <th scope="col">{ u(lang, U::Parent) }</th>
                        <th scope="col">{ u(lang, U::Level) }</th>
                    </tr></thead>
                    <tbody>
                        { for orgs.records.iter().enumerate().take(2000).map(|(i, record)| {
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
                                <tr data-org={record.id.clone()}>
                                    <th scope="row"><button type="button" class="link-text" onclick={onclick}>{ record.id.clone() }</button></th>
                                    <td>{ record.name.clone() }</td>
                                    <td>{ record.org.clone().unwrap_or_default() }</td>
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
