use xeploai::Num;
use xeploai::unit::Distribution;
use yew::prelude::*;

use super::UnitHandle;
use super::org_picker::OrgPicker;
use crate::i18n::{R, U, count, r, u};

#[derive(Properties, PartialEq)]
pub struct DistributionViewProps {
    pub state: UnitHandle,
}

/// Counts and shares per level, as bars, for the whole unit and for one organization chosen ([`OrgPicker`]).
#[component]
pub fn DistributionView(props: &DistributionViewProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let rules = &state.rules;
    let Some(imported) = &state.imported else { return html! {} };
    let chosen = use_state(String::new);
    let result = &imported.result;
    let chart = |id: &str, title: String, d: &Distribution| {
        let classified = d.classified();
        let mut rows: Vec<(String, u64)> = rules
            .levels
            .iter()
            .zip(&d.levels)
            .map(|(l, c)| (format!("{} ({})", l.name.get(lang), l.short), *c))
            .collect();
        if d.not_classified > 0 {
            rows.push((u(lang, U::NotClassified).to_string(), d.not_classified));
        }
        if d.referred > 0 {
            rows.push((r(lang, R::Referred).to_string(), d.referred));
        }
        if d.invalid > 0 {
            rows.push((r(lang, R::Invalid).to_string(), d.invalid));
        }
        if d.incomplete + d.failed > 0 {
            rows.push((u(lang, U::Incomplete).to_string(), d.incomplete + d.failed));
        }
        // Rows that held someone but could not be read: in the total, never left out.
        if d.unreadable > 0 {
            rows.push((u(lang, U::Unreadable).to_string(), d.unreadable));
        }
        html! {
            <figure class="chart" id={id.to_string()}>
                <figcaption>{ format!("{title} — {}", count(d.total as usize, lang)) }</figcaption>
                <table class="bars">
                    <tbody>
                        { for rows.into_iter().enumerate().map(|(i, (label, n))| {
                            let share = if classified > 0 && i < rules.levels.len() { Num::ratio(n as i64, classified as i64).map(|s| s.display_percent(lang, 2)).unwrap_or_default() } else { String::new() };
                            html! {
                                <tr>
                                    <th scope="row">{ label }</th>
                                    <td class="bar"><progress max={d.total.max(1).to_string()} value={n.to_string()} aria-hidden="true"></progress></td>
                                    <td class="num">{ count(n as usize, lang) }</td>
                                    <td class="num">{ share }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </figure>
        }
    };
    let per_org = (!chosen.is_empty()).then(|| {
        state
            .org_distribution(&chosen)
            .unwrap_or_else(|| Distribution { levels: vec![0; rules.levels.len()], ..Distribution::default() })
    });
    let onorg = {
        let chosen = chosen.clone();
        Callback::from(move |org: String| chosen.set(org))
    };
    html! {
        <section class="card distribution" id="distribution" aria-busy={state.recounting().then_some("true")}>
            <h2>{ u(lang, U::DistributionTitle) }</h2>
            { chart("dist-proposed", u(lang, U::Proposed).to_string(), &result.member_distribution) }
            { chart("dist-criteria", u(lang, U::ByCriteria).to_string(), &result.member_distribution_by_criteria) }
            if result.org_distribution.total > 0 { { chart("dist-orgs", u(lang, U::Organizations).to_string(), &result.org_distribution) } }
            if result.base_org_distribution.total > 0 { { chart("dist-base", u(lang, U::BaseOrganizations).to_string(), &result.base_org_distribution) } }
            <div class="field inline">
                <label for="dist-org">{ u(lang, U::PerOrg) }</label>
                <OrgPicker state={state.clone()} id="dist-org" value={(*chosen).clone()} none="—" onchange={onorg} />
            </div>
            if let Some(d) = per_org { { chart("dist-one-org", state.org_label(&chosen), &d) } }
        </section>
    }
}
