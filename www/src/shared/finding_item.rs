use xeploai::classify::Stage;
use xeploai::explain::Finding;
use xeploai::ruleset::{RuleSet, Status};
use xeploai::{Lang, render};
use yew::prelude::*;

use crate::i18n::{Key, t};

#[derive(Properties, PartialEq)]
pub struct FindingItemProps {
    pub finding: Finding,
    pub lang: Lang,
    pub rules: super::SharedRules,
}

/// One check: met or not (for a case: applies or not), observed against required, and where it comes from.
#[component]
pub fn FindingItem(props: &FindingItemProps) -> Html {
    let finding = &props.finding;
    let lang = props.lang;
    let rules: &RuleSet = &props.rules.0;
    let is_case = render::is_case(finding.stage);
    let (mark, class, state_text) = match (is_case, finding.met) {
        (_, None) => ("?", "unknown", t(lang, Key::Unknown)),
        (false, Some(true)) => ("✓", "met", t(lang, Key::Met)),
        (false, Some(false)) => ("✗", "unmet", t(lang, Key::NotMet)),
        (true, Some(true)) => ("!", "applies", t(lang, Key::Applies)),
        (true, Some(false)) => ("·", "clear", t(lang, Key::DoesNotApply)),
    };
    let level = finding.level.as_deref().and_then(|id| rules.level_index(id)).map(|l| rules.levels[l].short.clone());
    let comparisons: Vec<String> =
        finding.comparisons.iter().map(|c| render::comparison_text(rules, c, lang)).collect();
    html! {
        <li class={classes!("finding", class, finding.decisive.then_some("decisive"))} data-rule={finding.rule.clone()}>
            <span class="mark" aria-hidden="true">{ mark }</span>
            <span class="visually-hidden">{ format!("{state_text}: ") }</span>
            <span class="finding-body">
                <span class="finding-name">
                    if let Some(level) = level {
                        <span class="tag">{ if finding.stage == Stage::Cap { format!("≤ {level}") } else { level } }</span>
                    }
                    { finding.name.get(lang) }
                </span>
                if !comparisons.is_empty() {
                    <span class="observed">{ comparisons.join("; ") }</span>
                }
                if !finding.items.is_empty() {
                    <span class="deciding-items">{ render::explain::deciding_items_text(&finding.items, lang) }</span>
                }
                if let Some(note) = &finding.empty_share {
                    <span class="empty-share">{ note.get(lang) }</span>
                }
                if let Some(source) = &finding.source {
                    <span class={classes!("source", (source.status == Status::Assumption).then_some("assumption"))}>
                        { source.cite(lang) }
                        { " · " }
                        <span class="status">{ if source.status == Status::Assumption { t(lang, Key::Assumption) } else { t(lang, Key::Confirmed) } }</span>
                    </span>
                }
            </span>
        </li>
    }
}
