use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::VariantsHandle;
use crate::i18n::{V, v};
use crate::pages::variants::state::{VariantsAction, line_column, offset_of};

#[derive(Properties, PartialEq)]
pub struct RuleEditorProps {
    pub state: VariantsHandle,
}

/// The rule-set text, reloaded on every keystroke, with the caret's line and column and the diagnostics (a click
/// on one moves the caret there).
#[component]
pub fn RuleEditor(props: &RuleEditorProps) -> Html {
    let state = &props.state;
    let lang = state.lang;
    let textarea = use_node_ref();
    let caret = use_state(|| (1usize, 1usize));
    let gutter = use_node_ref();
    // Line numbers beside the text, rebuilt only when the number of lines changes.
    let line_count = state.text.bytes().filter(|b| *b == b'\n').count() + 1;
    let numbers = use_memo(line_count, |count| (1..=*count).map(|n| n.to_string()).collect::<Vec<_>>().join("\n"));
    let onscroll = {
        let gutter = gutter.clone();
        let textarea = textarea.clone();
        Callback::from(move |_: Event| {
            if let (Some(area), Some(gutter)) =
                (textarea.cast::<HtmlTextAreaElement>(), gutter.cast::<web_sys::Element>())
            {
                gutter.set_scroll_top(area.scroll_top());
            }
        })
    };
    {
        // The text is set only when one is opened: typing must not be overwritten by a render.
        let textarea = textarea.clone();
        let text = state.text.clone();
        use_effect_with(state.opened, move |_| {
            if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
                area.set_value(&text);
            }
        });
    }
    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.dispatch(VariantsAction::Edit(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
        })
    };
    let oncaret = {
        let caret = caret.clone();
        let textarea = textarea.clone();
        move || {
            if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
                let position = area.selection_start().ok().flatten().unwrap_or(0) as usize;
                caret.set(line_column(&area.value(), position));
            }
        }
    };
    let onkeyup = {
        let oncaret = oncaret.clone();
        Callback::from(move |_: KeyboardEvent| oncaret())
    };
    let onclick = Callback::from(move |_: MouseEvent| oncaret());
    let goto = |line: u32, column: u32| {
        let textarea = textarea.clone();
        let caret = caret.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
                let offset = offset_of(&area.value(), line, column) as u32;
                let _ = area.focus();
                let _ = area.set_selection_range(offset, offset);
                // Scroll the line into view: about one line height per line.
                let height = area.scroll_height() as f64 / area.value().lines().count().max(1) as f64;
                area.set_scroll_top(((line as f64 - 3.0).max(0.0) * height) as i32);
                caret.set((line as usize, column as usize));
            }
        })
    };
    let errors = state.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = state.diagnostics.len() - errors;
    let status = if state.compiles { v(lang, V::Compiles) } else { v(lang, V::Broken) };
    html! {
        <section class="card editor" aria-labelledby="rule-text-label">
            <div class="editor-head">
                <label id="rule-text-label" for="rule-text"><h2>{ v(lang, V::Editor) }</h2></label>
                <span id="caret" class="muted" aria-live="off">
                    { format!("{} {}, {} {}", v(lang, V::Line), caret.0, v(lang, V::Column), caret.1) }
                </span>
            </div>
            <p class="help">{ v(lang, V::EditorHelp) }</p>
            <div class="editor-body">
                <pre class="gutter" aria-hidden="true" ref={gutter}>{ (*numbers).clone() }</pre>
                <textarea id="rule-text" ref={textarea.clone()} class="code" spellcheck="false" rows="24"
                aria-describedby="rule-status" {oninput} {onkeyup} {onclick} {onscroll} />
            </div>
            <p id="rule-status" role="status" aria-live="polite"
                class={classes!("rule-status", if state.compiles { "ok" } else { "error" })}
                data-compiles={state.compiles.to_string()}>
                { format!("{status} — {errors} {}, {warnings} {}", lang.pick("lỗi", "errors"), lang.pick("cảnh báo", "warnings")) }
            </p>
            <h3>{ v(lang, V::Diagnostics) }</h3>
            if state.diagnostics.is_empty() {
                <p class="muted">{ v(lang, V::NoDiagnostics) }</p>
            } else {
                <ul id="diagnostics" class="diagnostics" tabindex="0" aria-label={lang.pick("Lỗi và cảnh báo", "Errors and warnings")}>
                    { for state.diagnostics.iter().map(|d| {
                        let line = d.location.line.unwrap_or(1);
                        let column = d.location.column.unwrap_or(1);
                        html! {
                            <li class={classes!("diagnostic", if d.is_error() { "error" } else { "warning" })}>
                                <button type="button" class="link-button" data-line={line.to_string()} data-column={column.to_string()} onclick={goto(line, column)}>
                                    { format!("{} {line}, {} {column}", v(lang, V::Line), v(lang, V::Column)) }
                                </button>
                                <code class="code-id">{ d.code.as_str() }</code>
                                <span>{ d.message.get(lang) }</span>
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}
