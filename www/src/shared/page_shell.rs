use xeploai::Lang;
use yew::prelude::*;

use crate::i18n::{Key, U, t, u};

/// The three pages. Each is its own WebAssembly build (see the crate's features); they share the saved data, so
/// the language and the rule set follow from one page to the other.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Page {
    #[default]
    SelfAssessment,
    /// The self-assessment's second step (`form.html`): its tab is the self-assessment's.
    Form,
    Unit,
    Variants,
}

/// The document's title for a page (its `#app` `data-page`: empty, `unit` or `variants`) in a language (`vi`, `en`);
/// the HTML files carry the Vietnamese one for the first paint.
pub fn page_title(page: &str, lang: &str) -> &'static str {
    match (page, lang) {
        ("unit", "en") => "xeploai — Classify a whole unit",
        ("unit", _) => "xeploai — Xếp loại cả đơn vị",
        ("variants", "en") => "xeploai — Try criteria",
        ("variants", _) => "xeploai — Thử tiêu chí",
        ("form", "en") => "xeploai — The review form",
        ("form", _) => "xeploai — Bản kiểm điểm",
        (_, "en") => "xeploai — Quality self-assessment",
        _ => "xeploai — Tự đánh giá, xếp loại chất lượng",
    }
}

/// What a page puts in its shell.
pub struct PageShellProps {
    pub page: Page,
    pub lang: Lang,
    pub title: &'static str,
    pub subtitle: &'static str,
    /// The header's controls (pickers, the language switch).
    pub controls: Html,
    /// A message under the tabs, if any.
    pub notice: Html,
    /// The page's content.
    pub children: Html,
    /// What is outside the screen (the self-assessment's print view).
    pub after: Html,
}

/// What every page has around its content, written once: the header, the tabs (links to the three pages, styled
/// as tabs, the current one marked with `aria-current="page"`) and the footer. A function, not a component, to keep the first page small.
pub fn page_shell(props: PageShellProps) -> Html {
    let lang = props.lang;
    let page = props.page;
    let tab = |target: Page, href: &'static str, id: &'static str, key: U| {
        let current = page == target || (page == Page::Form && target == Page::SelfAssessment);
        html! {
            <a href={href} id={id} class="tab" aria-current={if current { "page" } else { "false" }}>{ u(lang, key) }</a>
        }
    };
    let mode = match page {
        Page::SelfAssessment | Page::Form => "mode-self",
        Page::Unit => "mode-unit",
        Page::Variants => "mode-variants",
    };
    html! {
        <div class={classes!("root", mode)}>
            <div class="screen">
                <header class="header">
                    <div class="title">
                        <h1>{ props.title }</h1>
                        <p class="subtitle">{ props.subtitle }</p>
                    </div>
                    <div class="controls">{ props.controls }</div>
                </header>
                <nav class="tabs" aria-label={u(lang, U::Modes)}>
                    { tab(Page::SelfAssessment, "index.html", "tab-self", U::TabSelf) }
                    { tab(Page::Unit, "unit.html", "tab-unit", U::TabUnit) }
                    { tab(Page::Variants, "variants.html", "tab-variants", U::TabVariants) }
                </nav>
                { props.notice }
                { props.children }
                <footer class="footer"><p>{ t(lang, Key::Privacy) }</p></footer>
            </div>
            { props.after }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::page_title;

    #[test]
    fn each_page_is_titled_in_its_language_and_the_html_carries_the_vietnamese_title() {
        for (page, html) in [
            ("", include_str!("../../index.html")),
            ("unit", include_str!("../../unit.html")),
            ("variants", include_str!("../../variants.html")),
            ("form", include_str!("../../form.html")),
        ] {
            let vi = page_title(page, "vi");
            assert!(html.contains(&format!("<title>{vi}</title>")), "{page:?}: the HTML title is {vi:?}");
            assert_ne!(page_title(page, "en"), vi, "{page:?} has an English title");
        }
    }
}
