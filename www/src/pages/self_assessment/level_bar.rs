use std::rc::Rc;

use xeploai::Lang;
use xeploai::explain::{Explanation, ResultStatus};
use yew::prelude::*;

use super::steps::say;
use crate::i18n::{Key, t};
use crate::shared::SharedRules;

#[derive(Properties, PartialEq)]
pub struct LevelBarProps {
    pub lang: Lang,
    pub rules: SharedRules,
    pub explanation: Rc<Explanation>,
}

/// The level as it stands, in a bar that stays in sight while one types on a narrow screen (where the result panel
/// is below the facts); hidden on wide screens, where the result panel itself stays in sight. The result panel
/// announces changes to screen readers, so the bar is not announced again.
#[component]
pub fn LevelBar(props: &LevelBarProps) -> Html {
    let lang = props.lang;
    let explanation = &props.explanation;
    let (id, text) = match explanation.status {
        ResultStatus::Classified => {
            let level = explanation.level.as_deref().and_then(|id| props.rules.0.level_index(id));
            let short = level.map(|l| props.rules.0.levels[l].short.clone()).unwrap_or_default();
            let name = explanation.level_name.as_ref().map(|n| n.get(lang).to_string()).unwrap_or_default();
            (explanation.level.clone().unwrap_or_default(), format!("{short} — {name}"))
        }
        ResultStatus::NotClassified => ("not_classified".into(), t(lang, Key::NotClassified).to_string()),
        ResultStatus::Referred => ("referred".into(), t(lang, Key::Referred).to_string()),
        ResultStatus::Invalid => ("invalid".into(), t(lang, Key::Invalid).to_string()),
        ResultStatus::Incomplete => ("incomplete".into(), t(lang, Key::Incomplete).to_string()),
        ResultStatus::Failed => ("failed".into(), t(lang, Key::Failed).to_string()),
    };
    let score = explanation.score.as_ref().and_then(|score| {
        score.total.map(|total| format!("{}/{}", total.display(lang, 2), score.max.display(lang, 2)))
    });
    html! {
        <div class="level-bar" id="level-bar" data-level={id} aria-hidden="true">
            <span class="level-bar-label">{ say(lang, "Mức hiện tại:", "Level now:") }</span>
            <strong class="level-bar-level">{ text }</strong>
            if let Some(score) = score {
                <span class="level-bar-score">{ score }</span>
            }
        </div>
    }
}
