use xeploai::explain::ResultStatus;
use yew::prelude::*;

use super::Handle;
use crate::i18n::{Key, t};

#[derive(Properties, PartialEq)]
pub struct ResultPanelProps {
    pub state: Handle,
}

/// The level, the total and each group of points against its maximum, and what decided, updated as one types
/// (announced politely to screen readers).
#[component]
pub fn ResultPanel(props: &ResultPanelProps) -> Html {
    let state = &props.state;
    let lang = state.lang();
    let rules = &state.rules;
    let explanation = &state.evaluation.explanation;
    let (title, level_id, short) = match explanation.status {
        ResultStatus::Classified => {
            let level = explanation.level.as_deref().and_then(|id| rules.level_index(id));
            let short = level.map(|l| rules.levels[l].short.clone()).unwrap_or_default();
            (
                explanation.level_name.as_ref().map(|n| n.get(lang).to_string()).unwrap_or_default(),
                explanation.level.clone().unwrap_or_default(),
                short,
            )
        }
        ResultStatus::NotClassified => {
            (t(lang, Key::NotClassified).to_string(), "not_classified".to_string(), String::new())
        }
        ResultStatus::Referred => (t(lang, Key::Referred).to_string(), "referred".to_string(), String::new()),
        ResultStatus::Invalid => (t(lang, Key::Invalid).to_string(), "invalid".to_string(), String::new()),
        ResultStatus::Incomplete => (t(lang, Key::Incomplete).to_string(), "incomplete".to_string(), String::new()),
        ResultStatus::Failed => (t(lang, Key::Failed).to_string(), "failed".to_string(), String::new()),
    };
    let names = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .filter_map(|id| rules.fact_slot(id).map(|slot| rules.fact(slot).name.get(lang).to_string()))
            .collect()
    };
    let unneeded = names(&explanation.missing_unneeded);
    let missing = if unneeded.is_empty() { names(&explanation.missing_facts) } else { Vec::new() };
    let otherwise = explanation.referral.as_ref().map(|referral| {
        referral
            .otherwise
            .as_deref()
            .and_then(|id| rules.level_index(id))
            .map(|l| format!("{} ({})", rules.levels[l].name.get(lang), rules.levels[l].short))
            .unwrap_or_else(|| t(lang, Key::OtherwiseUnknown).to_string())
    });
    let claim = explanation.findings.iter().find(|f| f.decisive && f.stage == xeploai::classify::Stage::Mitigation);
    let source = explanation.decided_by.source.as_ref();
    html! {
        <section class={classes!("card", "result", format!("level-{level_id}"))} aria-live="polite" aria-atomic="true">
            <h2>{ t(lang, Key::Result) }</h2>
            <p id="level" class="level" data-level={level_id.clone()}>
                <span class="level-name">{ title }</span>
                if !short.is_empty() { <span class="level-short">{ format!(" ({short})") }</span> }
            </p>
            if let Some(score) = &explanation.score {
                <div class="scores">
                    <div class="score total">
                        <span class="score-label">{ t(lang, Key::Score) }</span>
                        <span id="score-total" class="score-value">
                            { score.total.map(|v| v.display(lang, 2)).unwrap_or_else(|| "—".into()) }
                            { format!(" / {}", score.max.display(lang, 2)) }
                        </span>
                        <meter min="0" max={score.max.to_f64().to_string()} value={score.total.map(|v| v.to_f64()).unwrap_or(0.0).to_string()}></meter>
                    </div>
                    { for score.parts.iter().map(|part| html! {
                        <div class="score part">
                            <span class="score-label">{ part.name.get(lang) }</span>
                            <span class="score-value">
                                { part.value.map(|v| v.display(lang, 2)).unwrap_or_else(|| "—".into()) }
                                if let Some(max) = part.max { { format!(" / {}", max.display(lang, 2)) } }
                            </span>
                            if let Some(max) = part.max {
                                <meter min="0" max={max.to_f64().to_string()} value={part.value.map(|v| v.to_f64()).unwrap_or(0.0).to_string()}></meter>
                            }
                        </div>
                    }) }
                </div>
            }
            <p id="decided-by" class="why">
                <strong>{ format!("{}: ", t(lang, Key::Why)) }</strong>
                { explanation.decided_by.summary.get(lang) }
                if let Some(source) = source {
                    <span class={classes!("source", (source.status == xeploai::ruleset::Status::Assumption).then_some("assumption"))}>
                        { format!(" — {} ", source.cite(lang)) }
                        <span class="status">{ if source.status == xeploai::ruleset::Status::Assumption { t(lang, Key::Assumption) } else { t(lang, Key::Confirmed) } }</span>
                    </span>
                }
            </p>
            if let (Some(referral), Some(otherwise)) = (&explanation.referral, otherwise) {
                <dl id="referral" class="referral">
                    <dt>{ t(lang, Key::ReferralCase) }</dt><dd>{ referral.name.get(lang) }</dd>
                    <dt>{ t(lang, Key::ReferralClaim) }</dt>
                    <dd>{ claim.map(|f| f.comparisons.iter().map(|c| xeploai::render::comparison_text(rules, c, lang)).collect::<Vec<_>>().join("; ")).unwrap_or_else(|| referral.claim.clone()) }</dd>
                    <dt>{ t(lang, Key::Otherwise) }</dt><dd id="referral-otherwise" data-level={referral.otherwise.clone().unwrap_or_default()}>{ otherwise }</dd>
                </dl>
            }
            if !explanation.contradictions.is_empty() {
                <div id="contradictions" class="contradictions" role="alert">
                    <strong>{ t(lang, Key::Contradictions) }</strong>
                    <ul>
                        { for explanation.contradictions.iter().map(|c| html! {
                            <li data-check={c.check.clone()}>
                                { c.name.get(lang) }
                                { format!(" — {}: {}", t(lang, Key::ContradictionFix), names(&c.facts).join(", ")) }
                            </li>
                        }) }
                    </ul>
                </div>
            }
            if !missing.is_empty() {
                <p class="missing"><strong>{ format!("{}: ", t(lang, Key::MissingFacts)) }</strong>{ missing.join(", ") }</p>
            }
            if !unneeded.is_empty() {
                <p id="missing-unneeded" class="missing unneeded"><strong>{ format!("{}: ", t(lang, Key::MissingUnneeded)) }</strong>{ unneeded.join(", ") }</p>
            }
        </section>
    }
}
