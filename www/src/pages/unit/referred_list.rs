use yew::prelude::*;

use super::UnitHandle;
use super::derived::ImportKey;
use super::virtual_rows::use_virtual_rows;
use crate::i18n::{R, U, count, r, u};
use crate::pages::unit::state::{Selected, UnitAction};

#[derive(Properties, PartialEq)]
pub struct ReferredListProps {
    pub state: UnitHandle,
}

/// The members for the competent level to decide: a case of not completing applies but mitigation is claimed. The
/// committee sees each one with the case, the claim and the level otherwise; a name opens the explanation.
/// Virtualized: only the rows in view (and a margin) are rendered ([`use_virtual_rows`]).
#[component]
pub fn ReferredList(props: &ReferredListProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    // The members referred, worked out once per import; only the rows scrolled into view are rendered.
    let referred = {
        let state = state.clone();
        use_memo(state.imported.clone().map(ImportKey), move |_| state.referred_members())
    };
    let rows = use_virtual_rows(referred.len());
    let window = rows.window;
    let Some(imported) = &state.imported else { return html! {} };
    if referred.is_empty() && imported.result.member_distribution.referred == 0 {
        return html! {};
    }
    let records = &imported.roster.members;
    html! {
        <section class="card referred" id="referred">
            <h2>{ format!("{} ({})", r(lang, R::Title), count(referred.len(), lang)) }</h2>
            <p class="help">{ r(lang, R::Intro) }</p>
            <div class="scroll virtual" tabindex="0" role="region" aria-label={r(lang, R::Title)} onscroll={rows.onscroll.clone()}>
                <table aria-rowcount={(referred.len() + 1).to_string()} height={rows.height()}>
                    <thead><tr>
                        <th scope="col">{ u(lang, U::Id) }</th>
                        <th scope="col">{ u(lang, U::Name) }</th>
                        <th scope="col">{ u(lang, U::Org) }</th>
                        <th scope="col">{ r(lang, R::Case) }</th>
                        <th scope="col">{ r(lang, R::Claim) }</th>
                        <th scope="col">{ r(lang, R::Otherwise) }</th>
                    </tr></thead>
                    <tbody>
                        { rows.spacer(window.above(), 6) }
                        { for referred[window.start..window.end].iter().zip(window.start..).map(|(member, position)| {
                            let record = records.record(member.index);
                            let index = member.index;
                            let onclick = {
                                let state = state.clone();
                                Callback::from(move |_: MouseEvent| state.dispatch(UnitAction::Select(Some(Selected::Member(index)))))
                            };
                            html! {
                                <tr key={index} data-id={record.id.to_string()} aria-rowindex={(position + 2).to_string()}>
                                    <th scope="row"><button type="button" class="link-text" onclick={onclick}>{ record.id.to_string() }</button></th>
                                    <td>{ record.name.to_string() }</td>
                                    <td>{ record.org.map(str::to_string).unwrap_or_default() }</td>
                                    <td>{ member.case.get(lang) }</td>
                                    <td>{ member.claim.get(lang) }</td>
                                    <td class="referred-otherwise">{ member.otherwise.clone().unwrap_or_else(|| "—".into()) }</td>
                                </tr>
                            }
                        }) }
                        { rows.spacer(window.below(), 6) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
