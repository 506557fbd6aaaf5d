use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::UnitHandle;
use super::org_picker::OrgPicker;
use super::virtual_rows::{use_row_keys, use_virtual_rows};
use crate::i18n::{R, U, count, r, u};
use crate::pages::unit::state::{Selected, SortKey, UnitAction};

#[derive(Properties, PartialEq)]
pub struct ResultsTableProps {
    pub state: UnitHandle,
}

/// Every member's result: sortable by any column, filtered by text, level and organization; a name opens the same
/// explanation as the self-assessment view. Virtualized ([`use_virtual_rows`]): only the rows in view and a margin
/// are rendered, so 1,000,000 members cost no more than a hundred; the keyboard moves from row to row
/// ([`use_row_keys`]).
#[component]
pub fn ResultsTable(props: &ResultsTableProps) -> Html {
    let state = &props.state;
    let rows = use_virtual_rows(state.visible.len());
    let keys = use_row_keys(&rows);
    let lang = state.lang;
    let rules = &state.rules;
    let Some(imported) = &state.imported else { return html! {} };
    let records = &imported.roster.members;
    let result = &imported.result;
    let unread = &imported.roster.members.unread;
    let view = &state.view;
    // `class`: the organization's column is hidden on a phone (shown under each name there).
    let header = |key: SortKey, label: U, class: Option<&'static str>| {
        let onclick = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(UnitAction::Sort(key)))
        };
        // The order of the rows shown (while a new one is worked out, the one before's).
        let sort = match state.sorted {
            (sorted, descending) if sorted == key => {
                if descending {
                    "descending"
                } else {
                    "ascending"
                }
            }
            _ => "none",
        };
        html! { <th scope="col" {class} aria-sort={sort}><button type="button" class="sort" onclick={onclick}>{ u(lang, label) }</button></th> }
    };
    let onfilter = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.dispatch(UnitAction::Filter(e.target_unchecked_into::<HtmlInputElement>().value()))
        })
    };
    let onlevel = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            state.dispatch(UnitAction::FilterLevel(e.target_unchecked_into::<HtmlSelectElement>().value()))
        })
    };
    let onorg = {
        let state = state.clone();
        Callback::from(move |org: String| state.dispatch(UnitAction::FilterOrg(org)))
    };
    let window = rows.window;
    let level_text = |level: Option<usize>, i: usize| match (level, result.members.verdict(i).outcome) {
        (Some(l), _) => rules.levels[l].short.clone(),
        (None, xeploai::Outcome::NotClassified { .. }) => u(lang, U::NotClassified).to_string(),
        (None, xeploai::Outcome::Referred { .. }) => r(lang, R::Referred).to_string(),
        (None, xeploai::Outcome::Invalid { .. }) => r(lang, R::Invalid).to_string(),
        _ => u(lang, U::Incomplete).to_string(),
    };
    // decide: the levels the roster declares (self-proposed / proposed / decided), when it has any.
    let declared_column = !imported.roster.members.declared.is_empty();
    let columns = if declared_column { 7 } else { 6 };
    let declared_text = |i: usize| {
        let d = state.declared(i);
        let short = |l: u8| if l == xeploai::unit::NO_LEVEL { "–".to_string() } else { state.level_short(l) };
        format!("{} / {} / {}", short(d.self_level), short(d.proposal), short(d.decision))
    };
    html! {
        // While a large table is sorted or filtered again in steps (`view_job.rs`), the one before stays, marked busy.
        <section class="card results" id="results" aria-busy={state.view_busy.then_some("true")}>
            <h2>{ format!("{} ({} / {})", u(lang, U::ResultsTitle), count(state.visible.len(), lang), count(records.len(), lang)) }</h2>
            if state.view_busy {
                <p class="hint" id="results-busy" role="status">{ super::view_job::busy_note(lang) }</p>
            }
            <div class="filters">
                <div class="field">
                    <label for="results-filter">{ u(lang, U::Search) }</label>
                    <input id="results-filter" type="search" value={view.filter.clone()} oninput={onfilter} />
                </div>
                <div class="field">
                    <label for="results-level">{ u(lang, U::Level) }</label>
                    <select id="results-level" onchange={onlevel}>
                        <option value="" selected={view.level.is_empty()}>{ u(lang, U::AllLevels) }</option>
                        { for rules.levels.iter().map(|l| html! { <option value={l.id.clone()} selected={view.level == l.id}>{ l.short.clone() }</option> }) }
                        <option value="not_classified" selected={view.level == "not_classified"}>{ u(lang, U::NotClassified) }</option>
                        <option value="referred" selected={view.level == "referred"}>{ r(lang, R::Referred) }</option>
                        <option value="invalid" selected={view.level == "invalid"}>{ r(lang, R::Invalid) }</option>
                        <option value="incomplete" selected={view.level == "incomplete"}>{ u(lang, U::Incomplete) }</option>
                    </select>
                </div>
                <div class="field">
                    <label for="results-org">{ u(lang, U::Org) }</label>
                    <OrgPicker state={state.clone()} id="results-org" value={view.org.clone()} none={u(lang, U::AllOrgs)} onchange={onorg} />
                </div>
            </div>
            <div class="scroll virtual" id="results-scroll" tabindex="0" role="region" aria-label={u(lang, U::ResultsTitle)}
                ref={keys.node} onscroll={rows.onscroll.clone()} onkeydown={keys.onkeydown} onfocusin={keys.onfocusin}>
                <table class="result-table" aria-rowcount={(state.visible.len() + 1).to_string()} height={rows.height()}>
                    <thead><tr>
                        { header(SortKey::Id, U::Id, None) }
                        { header(SortKey::Name, U::Name, None) }
                        { header(SortKey::Org, U::Org, Some("member-org-cell")) }
                        { header(SortKey::Score, U::Score, None) }
                        { header(SortKey::Level, U::LevelByCriteria, None) }
                        { header(SortKey::Proposed, U::LevelProposed, None) }
                        if declared_column {
                            <th scope="col">{ crate::i18n::dec(lang, crate::i18n::Dec::Column) }</th>
                        }
                    </tr></thead>
                    <tbody>
                        { rows.spacer(window.above(), columns) }
                        { for state.visible[window.start..window.end].iter().copied().zip(window.start..).map(|(i, position)| {
                            let record = records.record(i);
                            let proposed = (result.proposed[i] != xeploai::unit::NO_LEVEL).then_some(result.proposed[i] as usize);
                            let by_criteria = result.members.verdict(i).level();
                            let org = record.org.map(|o| state.org_label(o));
                            let onclick = {
                                let state = state.clone();
                                Callback::from(move |_: MouseEvent| state.dispatch(UnitAction::Select(Some(Selected::Member(i)))))
                            };
                            html! {
                                <tr key={i} data-id={record.id.to_string()} aria-rowindex={(position + 2).to_string()} class={classes!((proposed != by_criteria).then_some("moved"))}>
                                    <th scope="row"><button type="button" class="link-text" onclick={onclick}>{ record.id.to_string() }</button></th>
                                    // On a phone the organization stands on a second line under the name (`data-org`, pages.css), its own
                                    // column hidden: a narrow column broke its name mid-word.
                                    <td data-org={org.clone()}>{ record.name.to_string() }</td>
                                    <td class="member-org-cell">{ org.unwrap_or_default() }</td>
                                    <td class="num">{ result.members.verdict(i).score.known().map(|s| s.display(lang, 2)).unwrap_or_default() }</td>
                                    <td>{ level_text(by_criteria, i) }</td>
                                    <td>{ level_text(proposed, i) }</td>
                                    if declared_column {
                                        <td class="declared">{ declared_text(i) }</td>
                                    }
                                </tr>
                            }
                        }) }
                        { rows.spacer(window.below(), columns) }
                    </tbody>
                </table>
            </div>
            // Rows that hold someone but could not be read stay in the results, with why (people in = people out).
            if !unread.is_empty() {
                <h3 id="results-unread-title">{ format!("{} ({})", u(lang, U::Unreadable), count(unread.len(), lang)) }</h3>
                <div class="scroll">
                    <table class="result-table" id="results-unread">
                        <thead><tr>
                            <th scope="col">{ u(lang, U::Row) }</th>
                            <th scope="col">{ u(lang, U::Id) }</th>
                            <th scope="col">{ u(lang, U::Name) }</th>
                            <th scope="col">{ u(lang, U::Org) }</th>
                            <th scope="col">{ u(lang, U::Level) }</th>
                        </tr></thead>
                        <tbody>
                            { for unread.iter().map(|row| html! {
                                <tr data-id={row.id.clone()} data-row={row.row.to_string()}>
                                    <td class="num">{ row.row }</td>
                                    <th scope="row">{ row.id.clone() }</th>
                                    <td>{ row.name.clone() }</td>
                                    <td>{ row.org.as_deref().map(|o| state.org_label(o)).unwrap_or_default() }</td>
                                    <td>
                                        { u(lang, U::Unreadable) }
                                        { for row.reasons.iter().map(|reason| html! { <div class="muted">{ reason.get(lang).to_string() }</div> }) }
                                    </td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}
