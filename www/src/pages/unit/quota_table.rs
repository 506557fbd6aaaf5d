use yew::prelude::*;

use super::UnitHandle;
use super::derived::ImportKey;
use super::virtual_rows::use_virtual_rows;
use crate::i18n::{Key, U, count, t, u};

#[derive(Properties, PartialEq)]
pub struct QuotaTableProps {
    pub state: UnitHandle,
}

/// The quota per scope, scopes over their cap first: good, cap, candidates, excess ("move 2 from excellent"), and
/// who a committee would look at first. Nobody is moved by the tool. Virtualized: only the rows in view (and a
/// margin) are rendered ([`use_virtual_rows`]).
#[component]
pub fn QuotaTable(props: &QuotaTableProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let rules = &state.rules;
    // The scopes' order, worked out once per import; only the rows scrolled into view are rendered.
    let order = {
        let state = state.clone();
        use_memo(state.imported.clone().map(ImportKey), move |_| state.quota_order())
    };
    let rows = use_virtual_rows(order.len());
    let Some(imported) = &state.imported else { return html! {} };
    let quotas: Vec<&xeploai::unit::QuotaStatus> =
        order.iter().filter_map(|at| imported.result.quotas.get(*at)).collect();
    let over = quotas.iter().take_while(|q| q.resolution.excess > 0).count();
    let window = rows.window;
    let short = |id: &str| {
        rules
            .quotas
            .iter()
            .find(|q| q.id == id)
            .map(|q| (rules.levels[q.level].short.clone(), rules.levels[q.level + 1].short.clone()))
            .unwrap_or_default()
    };
    html! {
        <section class="card quota-table" id="quota-table" aria-busy={state.recounting().then_some("true")}>
            <h2>{ format!("{} ({} / {})", u(lang, U::QuotaTitle), count(over, lang), count(quotas.len(), lang)) }</h2>
            if over == 0 { <p>{ u(lang, U::QuotaNone) }</p> }
            // Scrolls sideways on a phone: focusable, so the keyboard can scroll it.
            <div class="scroll virtual" tabindex="0" role="region" aria-label={u(lang, U::QuotaTitle)} onscroll={rows.onscroll.clone()}>
                <table aria-rowcount={(quotas.len() + 1).to_string()}>
                    <thead><tr>
                        <th scope="col">{ u(lang, U::QuotaScope) }</th>
                        <th scope="col">{ t(lang, Key::QuotaGood) }</th>
                        <th scope="col">{ t(lang, Key::QuotaCap) }</th>
                        <th scope="col">{ t(lang, Key::QuotaCandidates) }</th>
                        <th scope="col">{ t(lang, Key::QuotaExcess) }</th>
                        <th scope="col">{ t(lang, Key::QuotaLookFirst) }</th>
                    </tr></thead>
                    <tbody>
                        { rows.spacer(window.above(), 6) }
                        { for quotas[window.start..window.end].iter().zip(window.start..).map(|(q, position)| {
                            let (high, low) = short(&q.quota);
                            let cap = if q.resolution.cap_after != q.resolution.cap { format!("{} → {}", q.resolution.cap, q.resolution.cap_after) } else { q.resolution.cap.to_string() };
                            let excess = if q.resolution.excess > 0 { format!("{} ({} {} {high} → {low})", q.resolution.excess, u(lang, U::QuotaMove), q.resolution.excess) } else { "0".into() };
                            // A quota that counts each subject kind on its own names the kind beside the scope.
                            // An organization's scope by its name, the code beside it.
                            let scope = xeploai::unit::scope_label(&state.org_label(&q.scope_id), q.subject.as_deref(), rules, lang);
                            html! {
                                <tr key={position} aria-rowindex={(position + 2).to_string()} class={classes!((q.resolution.excess > 0).then_some("over"))} data-scope={q.scope_id.clone()} data-subject={q.subject.clone()} data-organizations={q.organizations.to_string()}>
                                    <th scope="row">{ scope }</th>
                                    <td class="num">{ q.counts.good }</td>
                                    <td class="num">{ cap }</td>
                                    <td class="num">{ q.counts.candidates }</td>
                                    <td class="num excess">{ excess }</td>
                                    <td>{ q.look_first.join(", ") }</td>
                                </tr>
                            }
                        }) }
                        { rows.spacer(window.below(), 6) }
                    </tbody>
                </table>
            </div>
            <p class="help">{ t(lang, Key::QuotaNote) }</p>
        </section>
    }
}
