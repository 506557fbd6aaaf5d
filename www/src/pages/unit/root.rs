use yew::prelude::*;

use super::page::UnitPage;
use crate::i18n::{Key, t};
use crate::shared::SharedRules;
use crate::shared::page_shell::{Page, PageShellProps, page_shell};
use crate::shared::person::{PersonPageProps, person_controls, person_notice, use_person};

/// The unit page as mounted: the header and tabs over the rule set, year and language every page shares, and the
/// unit's own state below.
#[component]
pub fn UnitRoot(props: &PersonPageProps) -> Html {
    let state = use_person(&props.initial, &props.notice, props.persist);
    let lang = state.lang();
    page_shell(PageShellProps {
        page: Page::Unit,
        lang,
        title: t(lang, Key::AppTitle),
        subtitle: t(lang, Key::AppSubtitle),
        controls: person_controls(&state),
        notice: person_notice(&state),
        children: html! {
            <UnitPage
                rules={SharedRules(state.rules.clone())}
                lang={lang}
                persist={props.persist}
                review_year={state.saved.review_year}
            />
        },
        after: Html::default(),
    })
}
