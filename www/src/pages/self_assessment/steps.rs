//! The two steps of the self-assessment, each a page of its own so the first one loads small: working out the
//! level (`index.html`) and the official form with the profiles and years (`form.html`, feature `page-form`).
//! Both read and write the same stored document, so each follows the other's changes (see `use_person`).

use xeploai::Lang;
use yew::prelude::*;

/// A text of these two pages in the interface's language (Vietnamese first).
pub fn say(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::En { en } else { vi }
}

/// Which of the two steps a page is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Level,
    Form,
}

/// The links between the two steps, the current one marked (`aria-current="page"`).
pub fn steps(lang: Lang, current: Step) -> Html {
    let link = |step: Step, href: &'static str, id: &'static str, text: &'static str| {
        html! {
            <a href={href} id={id} class="step" aria-current={if step == current { "page" } else { "false" }}>{ text }</a>
        }
    };
    html! {
        <nav class="steps" aria-label={say(lang, "Các bước tự đánh giá", "Steps of the self-assessment")}>
            { link(Step::Level, "index.html", "step-level", say(lang, "1. Tính mức xếp loại", "1. Work out the level")) }
            { link(Step::Form, "form.html", "step-form", say(lang, "2. Bản kiểm điểm (in, Word) · Hồ sơ, các năm", "2. The review form (print, Word) · Profiles, years")) }
        </nav>
    }
}
