use xeploai::classify::Stage;
use xeploai::explain::{Finding, Gap};
use xeploai::render;
use yew::prelude::*;

use std::rc::Rc;

use xeploai::Lang;
use xeploai::explain::Explanation;

use super::SharedRules;
use super::finding_item::FindingItem;
use crate::i18n::{Key, t};

#[derive(Properties, PartialEq)]
pub struct ExplanationViewProps {
    pub explanation: Rc<Explanation>,
    pub rules: SharedRules,
    pub lang: Lang,
    #[prop_or(AttrValue::from("explanation"))]
    pub id: AttrValue,
}

/// Why: the conditions of the level reached and of the next level up, what is missing for the next level and for
/// the registered target, the assumptions, and (folded) every check made.
#[component]
pub fn ExplanationView(props: &ExplanationViewProps) -> Html {
    let lang = props.lang;
    let rules = &props.rules.0;
    let explanation = &*props.explanation;
    // A referred subject has no level: the conditions shown are those of the level it would get otherwise.
    let reached = explanation.level.clone().or_else(|| explanation.referral.as_ref().and_then(|r| r.otherwise.clone()));
    let next = explanation.next_level.as_ref().map(|g| g.level.clone());
    let of_level = |level: &Option<String>| -> Vec<Finding> {
        explanation
            .findings
            .iter()
            .filter(|f| matches!(f.stage, Stage::Band | Stage::Condition) && f.level.is_some() && f.level == *level)
            .cloned()
            .collect()
    };
    let decisive_cases: Vec<Finding> = explanation
        .findings
        .iter()
        .filter(|f| {
            let referred_case = explanation
                .referral
                .as_ref()
                .is_some_and(|r| f.stage == Stage::Disqualifier && f.rule == r.rule && f.met == Some(true));
            (f.decisive || referred_case) && !matches!(f.stage, Stage::Band | Stage::Condition)
        })
        .cloned()
        .collect();
    let list = |findings: Vec<Finding>| {
        html! {
            <ul class="findings">
                { for findings.into_iter().map(|finding| html! { <FindingItem finding={finding} lang={lang} rules={SharedRules(rules.clone())} /> }) }
            </ul>
        }
    };
    let level_heading = |id: &str| {
        rules
            .level_index(id)
            .map(|l| {
                format!(
                    "{} {} ({})",
                    t(lang, Key::ChecksOfLevel),
                    rules.levels[l].name.get(lang),
                    rules.levels[l].short
                )
            })
            .unwrap_or_default()
    };
    let gap = |gap: &Gap, id: &'static str, heading: Key, reached_text: Key| {
        let short = rules.level_index(&gap.level).map(|l| rules.levels[l].short.clone()).unwrap_or_default();
        html! {
            <section id={id} class="gap">
                <h3>{ format!("{}: {} ({short})", t(lang, heading), gap.level_name.get(lang)) }</h3>
                if gap.reached {
                    <p>{ t(lang, reached_text) }</p>
                } else {
                    <ul class="gap-items">
                        { for gap.blockers.iter().map(|f| html! {
                            <li class="blocker">{ format!("{}: {}", t(lang, Key::MustNotFallUnder), f.name.get(lang)) }</li>
                        }) }
                        { for gap.unmet.iter().map(|f| {
                            let detail: Vec<String> = f.comparisons.iter().filter(|c| c.met != Some(true)).map(|c| render::comparison_text(rules, c, lang)).collect();
                            html! {
                                <li data-rule={f.rule.clone()}>
                                    <strong>{ f.name.get(lang) }</strong>
                                    if f.met.is_none() { <span class="muted">{ format!(" ({})", t(lang, Key::NotEnoughData)) }</span> }
                                    if !detail.is_empty() { { format!(" — {}", detail.join("; ")) } }
                                    if !f.items.is_empty() {
                                        <span class="deciding-items">{ format!(" {}", render::explain::deciding_items_text(&f.items, lang)) }</span>
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                }
            </section>
        }
    };
    html! {
        <section id={props.id.clone()} class="card explanation">
            if !explanation.lists.is_empty() {
                <p id="lists-used" class="lists-used">{ render::explain::lists_used_text(rules, &explanation.lists, lang) }</p>
            }
            if !decisive_cases.is_empty() {
                { list(decisive_cases) }
            }
            if let Some(level) = &reached {
                <section class="level-checks" id="checks-reached">
                    <h3>{ level_heading(level) }</h3>
                    { list(of_level(&reached)) }
                </section>
            }
            if let Some(gap_next) = &explanation.next_level {
                <section class="level-checks" id="checks-next">
                    <h3>{ level_heading(&gap_next.level) }</h3>
                    { list(of_level(&next)) }
                </section>
                { gap(gap_next, "next-level", Key::NextLevel, Key::NextLevelNone) }
            } else if reached.as_deref() == rules.levels.first().map(|l| l.id.as_str()) {
                <p class="muted">{ t(lang, Key::NextLevelNone) }</p>
            }
            if let Some(target) = &explanation.target {
                { gap(target, "target-gap", Key::TargetGap, Key::TargetReached) }
            }
            if !explanation.assumptions.is_empty() {
                <details class="assumptions" id="assumptions">
                    <summary>{ format!("{} ({})", t(lang, Key::AssumptionsTitle), explanation.assumptions.len()) }</summary>
                    <p>{ t(lang, Key::AssumptionsIntro) }</p>
                    <ul>
                        { for explanation.assumptions.iter().map(|note| html! {
                            <li class={classes!(note.decisive.then_some("decisive"))}>
                                <strong>{ note.name.get(lang) }</strong>
                                if let Some(reason) = &note.reason { { format!(": {}", reason.get(lang)) } }
                            </li>
                        }) }
                    </ul>
                </details>
            }
            <details class="all-checks">
                <summary>{ t(lang, Key::AllChecks) }</summary>
                { list(explanation.findings.clone()) }
            </details>
        </section>
    }
}
