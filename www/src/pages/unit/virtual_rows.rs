//! Virtualized table rows: a long table (21,000 organizations at 1,000,000 members, 52,000 at 5,500,000) renders
//! only the rows in its scrolling box plus a margin above and below, and one spacer row on each side stands for the
//! rest, so the first paint of the results and every later render cost the same whatever the roster's size.
//! The rows' height is measured from those rendered (rows wrap on a phone), so the spacers keep the scroll bar true.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Rows rendered above and below those in view: a quick scroll or a keyboard's Page Down lands on rendered rows.
pub const MARGIN_ROWS: usize = 20;
/// The height of a row before one is measured (a row of text with its padding at the page's type size).
pub const GUESS_ROW_PX: f64 = 30.0;
/// The height of the scrolling box before it is measured (its CSS `max-height` on a laptop's screen).
pub const GUESS_VIEW_PX: f64 = 600.0;
/// How long after a key moved the focus a render that drops it gives it back to the row (a scroll's renders follow
/// the key within a few frames; later, the person may have put the focus elsewhere).
const REFOCUS_MS: f64 = 1000.0;

/// Where a virtualized table is scrolled to, as its scroll events report it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scroll {
    /// Pixels scrolled from the top of the box.
    pub top: f64,
    /// The box's visible height in pixels.
    pub view: f64,
    /// The height of one row in pixels (the rendered rows' mean).
    pub row: f64,
}

impl Default for Scroll {
    fn default() -> Scroll {
        Scroll { top: 0.0, view: GUESS_VIEW_PX, row: GUESS_ROW_PX }
    }
}

/// The rows `start..end` of a table of `total` rows that are rendered; the others are spacers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    pub total: usize,
}

impl Window {
    /// The rows at and around those in view, when the box is scrolled as `scroll` says (every row of a short
    /// table).
    pub fn new(total: usize, scroll: Scroll) -> Window {
        let row = if scroll.row.is_finite() && scroll.row >= 1.0 { scroll.row } else { GUESS_ROW_PX };
        let top = if scroll.top.is_finite() { scroll.top.max(0.0) } else { 0.0 };
        let view = if scroll.view.is_finite() { scroll.view.max(0.0) } else { GUESS_VIEW_PX };
        let shown = (view / row).ceil() as usize + 1;
        // Never past the last boxful: scrolled to the bottom, or a table that shrank, shows its last rows.
        let first = ((top / row) as usize).min(total.saturating_sub(shown));
        let start = first.saturating_sub(MARGIN_ROWS);
        let end = first.saturating_add(shown).saturating_add(MARGIN_ROWS).min(total);
        Window { start, end: end.max(start), total }
    }

    /// How many rows the spacer above the rendered ones stands for.
    pub fn above(&self) -> usize {
        self.start
    }

    /// How many rows the spacer below the rendered ones stands for.
    pub fn below(&self) -> usize {
        self.total - self.end
    }
}

/// A virtualized table's window and the scroll handler to put on its scrolling box (`onscroll`).
pub struct VirtualRows {
    pub window: Window,
    pub row_px: f64,
    pub onscroll: Callback<Event>,
    /// Where the box is scrolled to, as last reported (for the keyboard's moves, [`use_row_keys`]).
    pub scroll: Scroll,
}

impl VirtualRows {
    /// A spacer row standing for `rows` rows that are not rendered (nothing when there are none), spanning
    /// `columns` columns; hidden from screen readers, which hear the table's row count and each row's index instead.
    pub fn spacer(&self, rows: usize, columns: usize) -> Html {
        if rows == 0 {
            return html! {};
        }
        // The `height` attribute, not a `style`: the pages' Content-Security-Policy (`style-src 'self'`) drops inline
        // styles, and a cell's height attribute is a presentational hint the browser maps to CSS.
        let height = format!("{:.0}", rows as f64 * self.row_px);
        html! { <tr class="spacer" aria-hidden="true"><td colspan={columns.to_string()} {height}></td></tr> }
    }
}

/// The scroll position of a virtualized table of `total` rows. The window moves when the box is scrolled by at
/// least a row: a scroll within a row does not render the table again. When the rows turn out taller or shorter
/// than the spacers assumed by more than a tenth (the first scroll measures them), the box is scrolled again after the render so the same
/// row stays at its top: on a table of 100,000 rows a few pixels a row would otherwise be thousands of rows. At the
/// bottom of the box, the window is the table's last rows.
#[hook]
pub fn use_virtual_rows(total: usize) -> VirtualRows {
    let scroll = use_state_eq(Scroll::default);
    // The box, as its scroll events give it, and where to scroll it once the rows are rendered at their new height.
    let scroller = use_mut_ref(|| None::<web_sys::Element>);
    let rescroll = use_mut_ref(|| None::<f64>);
    {
        let (scroller, rescroll) = (scroller.clone(), rescroll.clone());
        use_effect(move || {
            let top = rescroll.borrow_mut().take();
            if let (Some(top), Some(element)) = (top, scroller.borrow().as_ref()) {
                let top = if top >= f64::from(i32::MAX) { element.scroll_height() } else { top as i32 };
                element.set_scroll_top(top);
            }
        });
    }
    let onscroll = {
        let scroll = scroll.clone();
        Callback::from(move |e: Event| {
            let Some(element) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            let assumed = scroll.row;
            // The spacers' row height is kept while the rendered rows' mean stays within a tenth of it: windows of
            // rows that wrap differently would otherwise move the box at every scroll.
            let measured = rendered_row_height(&element).unwrap_or(assumed);
            let row = if (measured - assumed).abs() > assumed * 0.1 { measured } else { assumed };
            let top = f64::from(element.scroll_top());
            let at_bottom = top + f64::from(element.client_height()) >= f64::from(element.scroll_height()) - 2.0;
            // The rows above the box's top, on the spacers' scale as rendered; at the bottom, past the last row
            // (the window then ends with the table).
            let above = if at_bottom { f64::from(i32::MAX) } else { (top / assumed).floor() };
            let top = above * row;
            if row != assumed {
                *rescroll.borrow_mut() = Some(top);
            }
            *scroller.borrow_mut() = Some(element.clone());
            scroll.set(Scroll { top, view: f64::from(element.client_height()), row });
        })
    };
    VirtualRows { window: Window::new(total, *scroll), row_px: scroll.row, onscroll, scroll: *scroll }
}

/// The row a key moves the focus to in a table of `total` rows: ↑ and ↓ the row before and after, Page Up and Page
/// Down a boxful (`page` rows) away, Home and End the first and last row. `current` is the row holding the focus;
/// with none (the box itself focused), the keys start from `first_in_view`. Other keys, and an empty table: none.
pub fn row_key_target(
    key: &str,
    current: Option<usize>,
    first_in_view: usize,
    page: usize,
    total: usize,
) -> Option<usize> {
    if total == 0 {
        return None;
    }
    let last = total - 1;
    let page = page.max(1);
    let target = match (key, current) {
        ("Home", _) => 0,
        ("End", _) => last,
        ("ArrowDown", Some(row)) => row.saturating_add(1),
        ("ArrowUp", Some(row)) => row.saturating_sub(1),
        ("PageDown", Some(row)) => row.saturating_add(page),
        ("PageUp", Some(row)) => row.saturating_sub(page),
        ("ArrowDown" | "ArrowUp" | "PageDown" | "PageUp", None) => first_in_view,
        _ => return None,
    };
    Some(target.min(last))
}

/// Keyboard use of a virtualized table whose rows each open with a button (the first in the row), and whose rows
/// carry `aria-rowindex` (the row's position + 2: the header row is 1). Put the node on the scrolling box and the
/// callback on its `onkeydown`: the arrows, Page Up/Down, Home and End move the focus from row to row, scrolling a
/// row that is not rendered into the window first and focusing it once it is; Enter on a row's button opens it.
#[hook]
pub fn use_row_keys(rows: &VirtualRows) -> (NodeRef, Callback<KeyboardEvent>) {
    let node = use_node_ref();
    // The row to focus once it is rendered (after the scroll that brings it into the window).
    let pending = use_mut_ref(|| None::<usize>);
    // The row the keys moved to last, and when (milliseconds): a render that replaces its button drops the focus to
    // the page, and the focus goes back to it if that happens within a moment of the key.
    let moved = use_mut_ref(|| None::<(usize, f64)>);
    {
        let (node, pending, moved) = (node.clone(), pending.clone(), moved.clone());
        use_effect(move || {
            let Some(scroller) = node.cast::<web_sys::Element>() else { return };
            let target = *pending.borrow();
            if let Some(row) = target {
                if focus_row(&scroller, row) {
                    *pending.borrow_mut() = None;
                }
                return;
            }
            let last = *moved.borrow();
            if let Some((row, when)) = last
                && js_sys::Date::now() - when < REFOCUS_MS
                && focus_dropped()
            {
                focus_row(&scroller, row);
            }
        });
    }
    let (total, scroll) = (rows.window.total, rows.scroll);
    let onkeydown = {
        let node = node.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(scroller) = node.cast::<web_sys::HtmlElement>() else { return };
            // A row asked for and not rendered yet is where the next key starts (keys come faster than renders).
            let asked = *pending.borrow();
            let current = asked.or_else(|| {
                web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.active_element())
                    .filter(|focused| scroller.contains(Some(&**focused)))
                    .and_then(|focused| focused.closest("tr[aria-rowindex]").ok().flatten())
                    .and_then(|row| row.get_attribute("aria-rowindex"))
                    .and_then(|index| index.parse::<usize>().ok())
                    .and_then(|index| index.checked_sub(2))
            });
            let row_px = if scroll.row >= 1.0 { scroll.row } else { GUESS_ROW_PX };
            let top = f64::from(scroller.scroll_top());
            let view = f64::from(scroller.client_height());
            let first_in_view = (top / row_px) as usize;
            let page = ((view / row_px) as usize).saturating_sub(2);
            let Some(target) = row_key_target(&e.key(), current, first_in_view, page, total) else { return };
            e.prevent_default();
            *moved.borrow_mut() = Some((target, js_sys::Date::now()));
            if focus_row(&scroller, target) {
                *pending.borrow_mut() = None;
                return;
            }
            // Not rendered: scroll it into the window (a little below the box's top, under the header); the
            // effect focuses it once the scroll has rendered it.
            *pending.borrow_mut() = Some(target);
            scroller.set_scroll_top((target as f64 * row_px - row_px).max(0.0) as i32);
        })
    };
    (node, onkeydown)
}

/// Is the focus on no control (the page's body), as when the focused element was removed?
fn focus_dropped() -> bool {
    let document = web_sys::window().and_then(|w| w.document());
    let active = document.as_ref().and_then(|d| d.active_element());
    match (active, document.and_then(|d| d.body())) {
        (None, _) => true,
        (Some(active), Some(body)) => active.is_same_node(Some(&**body)),
        (Some(_), None) => false,
    }
}

/// Focus the button of row `row` in `scroller`'s table, when that row is rendered (the browser scrolls it into
/// view, below the sticky header: the box's `scroll-padding-top`).
fn focus_row(scroller: &web_sys::Element, row: usize) -> bool {
    let selector = format!("tbody > tr[aria-rowindex=\"{}\"] button", row + 2);
    match scroller.query_selector(&selector).ok().flatten().and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(button) => button.focus().is_ok(),
        None => false,
    }
}

/// The mean height of the rows rendered in `scroller`'s table (spacers left out), when there are any.
fn rendered_row_height(scroller: &web_sys::Element) -> Option<f64> {
    let rows = scroller.query_selector_all("tbody > tr:not(.spacer)").ok()?;
    let (mut height, mut count) = (0.0, 0u32);
    for i in 0..rows.length() {
        if let Some(row) = rows.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
            height += f64::from(row.offset_height());
            count += 1;
        }
    }
    (count > 0 && height > 0.0).then(|| height / f64::from(count))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrolled(top: f64) -> Scroll {
        Scroll { top, view: 300.0, row: 30.0 }
    }

    #[test]
    fn a_short_table_renders_every_row_and_no_spacer() {
        let window = Window::new(4, Scroll::default());
        assert_eq!((window.start, window.end, window.above(), window.below()), (0, 4, 0, 0));
        let empty = Window::new(0, scrolled(900.0));
        assert_eq!((empty.start, empty.end, empty.below()), (0, 0, 0));
    }

    #[test]
    fn a_long_table_renders_the_rows_in_view_and_a_margin() {
        let top = Window::new(52_000, scrolled(0.0));
        assert_eq!((top.start, top.end), (0, 11 + MARGIN_ROWS), "ten rows in view, one cut, and the margin below");
        let middle = Window::new(52_000, scrolled(30.0 * 1000.0));
        assert_eq!((middle.start, middle.end), (1000 - MARGIN_ROWS, 1011 + MARGIN_ROWS));
        assert_eq!(middle.above() + (middle.end - middle.start) + middle.below(), 52_000, "every row counted once");
        let bottom = Window::new(52_000, scrolled(30.0 * 51_995.0));
        assert_eq!((bottom.end, bottom.below()), (52_000, 0));
        let past = Window::new(52_000, scrolled(f64::from(i32::MAX)));
        assert_eq!(
            (past.start, past.end),
            (52_000 - 11 - MARGIN_ROWS, 52_000),
            "scrolled to the bottom: the last rows"
        );
    }

    #[test]
    fn a_table_that_shrank_below_the_scroll_position_shows_its_last_rows() {
        // Scrolled far down a long list, then a filter leaves ten rows: they are rendered, not an empty window.
        let window = Window::new(10, scrolled(30.0 * 5000.0));
        assert_eq!((window.start, window.end), (0, 10));
        let window = Window::new(100, scrolled(30.0 * 5000.0));
        assert_eq!(
            (window.start, window.end, window.below()),
            (100 - 11 - MARGIN_ROWS, 100, 0),
            "a boxful and the margin"
        );
    }

    #[test]
    fn the_keys_move_from_row_to_row_within_the_table() {
        let key = |k: &str, current: Option<usize>| row_key_target(k, current, 40, 18, 100);
        assert_eq!(key("ArrowDown", Some(5)), Some(6));
        assert_eq!(key("ArrowUp", Some(5)), Some(4));
        assert_eq!(key("ArrowUp", Some(0)), Some(0), "the first row stays");
        assert_eq!(key("ArrowDown", Some(99)), Some(99), "the last row stays");
        assert_eq!(key("PageDown", Some(5)), Some(23));
        assert_eq!(key("PageDown", Some(90)), Some(99));
        assert_eq!(key("PageUp", Some(5)), Some(0));
        assert_eq!(key("Home", Some(50)), Some(0));
        assert_eq!(key("End", None), Some(99));
        assert_eq!(key("ArrowDown", None), Some(40), "from the box itself: the first row in view");
        assert_eq!(key("Enter", Some(5)), None, "Enter is the row's button's own");
        assert_eq!(key("a", Some(5)), None);
        assert_eq!(row_key_target("End", None, 0, 18, 0), None, "an empty table");
        assert_eq!(row_key_target("ArrowDown", None, 500, 18, 10), Some(9), "scrolled past a table that shrank");
    }

    #[test]
    fn odd_measures_fall_back_to_the_guesses() {
        let window = Window::new(1000, Scroll { top: f64::NAN, view: f64::INFINITY, row: 0.0 });
        assert_eq!(window.start, 0);
        assert!(window.end > 0 && window.end <= 1000);
    }
}
