use std::rc::Rc;

use xeploai::explain::{Explanation, ResultStatus};
use xeploai::{Lang, render};
use yew::prelude::*;

use crate::i18n::{Key, t};
use crate::shared::SharedRules;

#[derive(Properties, PartialEq)]
pub struct ResultPanelProps {
    pub lang: Lang,
    pub rules: SharedRules,
    pub explanation: Rc<Explanation>,
}

/// The level, the total and each group of points against its maximum, and what decided, updated as one types
/// (announced politely to screen readers).
#[component]
pub fn ResultPanel(props: &ResultPanelProps) -> Html {
    let lang = props.lang;
    let rules = &props.rules.0;
    let explanation = &props.explanation;
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
    // Lines under the level: the referral (case, claim, level otherwise), the contradictions to correct, the
    // missing facts the result does not depend on. Plain paragraphs, so the first page stays small.
    let mut notes: Vec<(&'static str, String)> = Vec::new();
    if let Some(referral) = &explanation.referral {
        let otherwise = referral
            .otherwise
            .as_deref()
            .and_then(|id| rules.level_index(id))
            .map(|l| format!("{} ({})", rules.levels[l].name.get(lang), rules.levels[l].short))
            .unwrap_or_else(|| t(lang, Key::OtherwiseUnknown).to_string());
        let claim = explanation
            .findings
            .iter()
            .find(|f| f.decisive)
            .and_then(|f| f.comparisons.first())
            .map(|c| render::operand_name(rules, &c.left, lang))
            .unwrap_or_else(|| referral.claim.clone());
        notes.push((
            "referral",
            format!(
                "{}: {} · {}: {claim} · {}: {otherwise}",
                t(lang, Key::ReferralCase),
                referral.name.get(lang),
                t(lang, Key::ReferralClaim),
                t(lang, Key::Otherwise)
            ),
        ));
    }
    if !explanation.contradictions.is_empty() {
        let items: Vec<String> = explanation
            .contradictions
            .iter()
            .map(|c| format!("{} ({})", c.name.get(lang), names(&c.facts).join(", ")))
            .collect();
        notes.push(("contradictions", format!("{}: {}", t(lang, Key::Contradictions), items.join("; "))));
    }
    if !unneeded.is_empty() {
        notes.push(("missing-unneeded", format!("{}: {}", t(lang, Key::MissingUnneeded), unneeded.join(", "))));
    }
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
                        <meter min="0" max={score.max.to_string()} value={score.total.unwrap_or(xeploai::Num::ZERO).to_string()}></meter>
                    </div>
                    { for score.parts.iter().map(|part| html! {
                        <div class="score part">
                            <span class="score-label">{ part.name.get(lang) }</span>
                            <span class="score-value">
                                { part.value.map(|v| v.display(lang, 2)).unwrap_or_else(|| "—".into()) }
                                if let Some(max) = part.max { { format!(" / {}", max.display(lang, 2)) } }
                            </span>
                            if let Some(max) = part.max {
                                <meter min="0" max={max.to_string()} value={part.value.unwrap_or(xeploai::Num::ZERO).to_string()}></meter>
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
            if !missing.is_empty() {
                <p class="missing"><strong>{ format!("{}: ", t(lang, Key::MissingFacts)) }</strong>{ missing.join(", ") }</p>
            }
            { for notes.into_iter().map(|(id, text)| html! { <p id={id} class="note">{ text }</p> }) }
        </section>
    }
}
