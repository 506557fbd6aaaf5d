use yew::prelude::*;

use super::page::UnitPage;
use crate::shared::SharedRules;
use crate::shared::page_shell::Page;
use crate::shared::person::{PersonPageProps, person_shell, use_person};

/// The unit page as mounted: the header and tabs over the rule set, year and language every page shares, and the
/// unit's own state below.
#[component]
pub fn UnitRoot(props: &PersonPageProps) -> Html {
    let state = use_person(&props.initial, &props.notice, props.persist);
    let lang = state.lang();
    person_shell(
        &state,
        Page::Unit,
        html! {
            <UnitPage
                rules={SharedRules(state.rules.clone())}
                lang={lang}
                persist={props.persist}
                review_year={state.saved.review_year}
            />
        },
        Html::default(),
    )
}
