use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::UnitHandle;
use super::org_picker::OrgPicker;
use crate::i18n::{R, U, r, u};
use crate::pages::unit::state::{PAGE_SIZE, Selected, SortKey, UnitAction};

#[derive(Properties, PartialEq)]
pub struct ResultsTableProps {
    pub state: UnitHandle,
}

/// Every member's result: sortable by any column, filtered by text, level and organization, fifty rows a page (so
/// 100,000 rows cost no more than fifty); a name opens the same explanation as the self-assessment view.
#[component]
pub fn ResultsTable(props: &ResultsTableProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let rules = &state.rules;
    let Some(imported) = &state.imported else { return html! {} };
    let records = &imported.roster.members;
    let result = &imported.result;
    let unread = &imported.roster.members.unread;
    let view = &state.view;
    let header = |key: SortKey, label: U| {
        let onclick = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(UnitAction::Sort(key)))
        };
        let sort = if view.sort == key { if view.descending { "descending" } else { "ascending" } } else { "none" };
        html! { <th scope="col" aria-sort={sort}><button type="button" class="sort" onclick={onclick}>{ u(lang, label) }</button></th> }
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
    let page = view.page;
    let pages = state.pages();
    let go = |target: usize| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(UnitAction::Page(target)))
    };
    let level_text = |level: Option<usize>, i: usize| match (level, result.members.verdict(i).outcome) {
        (Some(l), _) => rules.levels[l].short.clone(),
        (None, xeploai::Outcome::NotClassified { .. }) => u(lang, U::NotClassified).to_string(),
        (None, xeploai::Outcome::Referred { .. }) => r(lang, R::Referred).to_string(),
        (None, xeploai::Outcome::Invalid { .. }) => r(lang, R::Invalid).to_string(),
        _ => u(lang, U::Incomplete).to_string(),
    };
    // decide: the levels the roster declares (self-proposed / proposed / decided), when it has any.
    let declared_column = !imported.roster.members.declared.is_empty();
    let declared_text = |i: usize| {
        let d = state.declared(i);
        let short = |l: u8| if l == xeploai::unit::NO_LEVEL { "–".to_string() } else { state.level_short(l) };
        format!("{} / {} / {}", short(d.self_level), short(d.proposal), short(d.decision))
    };
    html! {
        <section class="card results" id="results">
            <h2>{ format!("{} ({} / {})", u(lang, U::ResultsTitle), state.visible.len(), records.len()) }</h2>
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
            <div class="scroll">
                <table class="result-table">
                    <thead><tr>
                        { header(SortKey::Id, U::Id) }
                        { header(SortKey::Name, U::Name) }
                        { header(SortKey::Org, U::Org) }
                        { header(SortKey::Score, U::Score) }
                        { header(SortKey::Level, U::LevelByCriteria) }
                        { header(SortKey::Proposed, U::LevelProposed) }
                        if declared_column {
                            <th scope="col">{ crate::i18n::dec(lang, crate::i18n::Dec::Column) }</th>
                        }
                    </tr></thead>
                    <tbody>
                        { for state.visible.iter().skip(page * PAGE_SIZE).take(PAGE_SIZE).map(|&i| {
                            let record = records.record(i);
                            let proposed = (result.proposed[i] != xeploai::unit::NO_LEVEL).then_some(result.proposed[i] as usize);
                            let by_criteria = result.members.verdict(i).level();
                            let onclick = {
                                let state = state.clone();
                                Callback::from(move |_: MouseEvent| state.dispatch(UnitAction::Select(Some(Selected::Member(i)))))
                            };
                            html! {
                                <tr data-id={record.id.to_string()} class={classes!((proposed != by_criteria).then_some("moved"))}>
                                    <th scope="row"><button type="button" class="link-text" onclick={onclick}>{ record.id.to_string() }</button></th>
                                    <td>{ record.name.to_string() }</td>
                                    <td>{ record.org.map(|o| state.org_label(o)).unwrap_or_default() }</td>
                                    <td class="num">{ result.members.verdict(i).score.known().map(|s| s.display(lang, 2)).unwrap_or_default() }</td>
                                    <td>{ level_text(by_criteria, i) }</td>
                                    <td>{ level_text(proposed, i) }</td>
                                    if declared_column {
                                        <td class="declared">{ declared_text(i) }</td>
                                    }
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            <nav class="pager" aria-label={u(lang, U::Page)}>
                <button type="button" id="page-prev" disabled={page == 0} onclick={go(page.saturating_sub(1))}>{ u(lang, U::Previous) }</button>
                <span id="page-of">{ format!("{} {} / {}", u(lang, U::Page), page + 1, pages) }</span>
                <button type="button" id="page-next" disabled={page + 1 >= pages} onclick={go(page + 1)}>{ u(lang, U::Next) }</button>
            </nav>
            // Rows that hold someone but could not be read stay in the results, with why (people in = people out).
            if !unread.is_empty() {
                <h3 id="results-unread-title">{ format!("{} ({})", u(lang, U::Unreadable), unread.len()) }</h3>
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
