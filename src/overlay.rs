//! Rule sets that extend others: `[rule_set] extends = "qd366-2025"` and only what changes.
//!
//! An overlay is resolved before anything is compiled, on the TOML trees as written: the base's tree and the
//! overlay's are merged into one tree that the usual readers ([`crate::doc`]) and the compiler
//! ([`crate::ruleset::compile`]) take as if it were one file. The rules of the merge (see `rules/README.md`):
//! sections (`[rule_set]`, `[scoring]`, `[policy]` and its tables) merge key by key; arrays of tables (`[[level]]`,
//! `[[fact]]` …) merge by `id` (the same id changes the fields given, a new id adds an item at the end or
//! `before = "<id>"`, `remove = true` deletes one); every other value replaces the base's whole.
//!
//! Spans: every text of the chain is parsed as part of one virtual text (the base first, then each overlay,
//! separated by a newline), so the spans of the merged tree are offsets into that text, and a [`SourceMap`] gives
//! each line back to the file it came from. A diagnostic therefore names the file that is wrong.
//!
//! The engine does no IO: the caller says where a base's text comes from ([`Bases`]).

use toml::de::{DeArray, DeTable, DeValue};

use crate::diag::{Code, Diagnostic, LineIndex, Location};
use crate::toml_doc::Node;

/// A base rule set's text, as a resolver finds it.
#[derive(Clone, Debug)]
pub struct Base {
    /// The name diagnostics give it (`rules/qd366-2025.toml`).
    pub file: String,
    pub text: String,
}

/// Where the texts of bases come from: a bundled id gives its text (the CLI: every bundled text, then a sibling
/// file; the web app: the default text and the ones it has fetched).
pub type Bases<'a> = &'a dyn Fn(&str) -> Option<Base>;

/// The bases every build knows: the default rule set's text, compiled in (a page links no other).
pub fn default_base(id: &str) -> Option<Base> {
    (id == crate::builtin::DEFAULT)
        .then(|| Base { file: format!("rules/{id}.toml"), text: crate::builtin::DEFAULT_TEXT.to_string() })
}

/// The most bases above one file: an overlay of an overlay of an overlay of an overlay.
pub const MAX_DEPTH: usize = 4;

/// The most items an overlay writes in one list: merging looks items up by id, so a hostile overlay of 100,000
/// items would take minutes; a real one changes a handful.
pub const MAX_OVERLAY_ITEMS: usize = 2_000;

/// The sections whose keys merge one by one.
const SECTIONS: &[&str] = &["rule_set", "scoring", "policy", "policy.band_fallback", "policy.empty_share"];

/// The arrays of tables that merge by `id`.
const LISTS: &[&str] = &[
    "document",
    "level",
    "level.condition",
    "subject",
    "fact",
    "list",
    "list.field",
    "list.items",
    "derived",
    "not_classified",
    "disqualifier",
    "check",
    "cap",
    "quota",
];

/// `[rule_set]` keys that belong to one file and are never inherited.
const OWN_KEYS: &[&str] = &["id", "name", "version", "official", "extends"];

/// One file of a chain in the virtual text.
#[derive(Clone, Debug)]
struct Part {
    file: Option<String>,
    /// Byte offset of the file's first byte in the virtual text.
    start: usize,
    /// The virtual line of its first line (from 1).
    first_line: u32,
}

/// Which file each line of the virtual text comes from.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    parts: Vec<Part>,
}

impl SourceMap {
    /// The file (and its own line) of a location in the virtual text; a location with no line is the overlay's.
    pub fn locate(&self, location: &mut Location) {
        if location.file.is_some() {
            return;
        }
        let Some(last) = self.parts.last() else { return };
        match location.line {
            Some(line) => {
                let part = self.parts.iter().rev().find(|p| p.first_line <= line).unwrap_or(last);
                location.file = part.file.clone();
                location.line = Some(line - part.first_line + 1);
            }
            None => location.file = last.file.clone(),
        }
    }

    /// The byte range of the last file (the overlay being read) in the virtual text.
    pub fn overlay_start(&self) -> usize {
        self.parts.last().map_or(0, |p| p.start)
    }

    pub fn locate_all(&self, diagnostics: &mut [Diagnostic]) {
        for diagnostic in diagnostics {
            self.locate(&mut diagnostic.location);
        }
    }
}

/// What an overlay changed or added, to name it in explanations: `(list, id)`, the list as in [`LISTS`] or a
/// section name (`scoring`, `policy.band_fallback`).
#[derive(Clone, Debug, Default)]
pub struct Touched {
    pub items: Vec<(String, String)>,
}

impl Touched {
    pub fn has(&self, list: &str, id: &str) -> bool {
        self.items.iter().any(|(l, i)| l == list && i == id)
    }
}

/// The `extends` of a rule file's text, if it has one (a cheap look before parsing: a file without the word is not
/// an overlay).
pub fn extends_of(text: &str) -> Option<String> {
    if !text.contains("extends") {
        return None;
    }
    let root = crate::toml_doc::parse(text, None).ok()?;
    let rule_set = root.get_ref().get("rule_set")?;
    match rule_set.get_ref() {
        DeValue::Table(table) => match table.get("extends")?.get_ref() {
            DeValue::String(id) => Some(id.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// A chain resolved: the virtual text of every file, base first, and the map back to the files.
pub struct Chain {
    pub text: String,
    pub map: SourceMap,
    /// The ids named by `extends`, nearest base first.
    pub bases: Vec<String>,
    /// Each file's part of the virtual text with everything else blanked (newlines kept), so each parses alone
    /// with spans and lines of the virtual text.
    padded: Vec<String>,
}

/// Gather the chain of `text` (which extends something): every base's text through `bases`, or the problems
/// (`unknown-base`, `overlay-cycle`, a base that does not parse), located in the file that names the base.
pub fn chain(text: &str, file: Option<&str>, bases: Bases) -> Result<Chain, Vec<Diagnostic>> {
    // Nearest first: (file, text).
    let mut files: Vec<(Option<String>, String)> = vec![(file.map(str::to_string), text.to_string())];
    // The ids named by `extends` so far: one named twice closes a circle. (An overlay may keep its base's id.)
    let mut ids: Vec<String> = Vec::new();
    loop {
        let (current_file, current_text) = files.last().cloned().unwrap_or_default();
        let root = crate::toml_doc::parse(&current_text, current_file.as_deref())?;
        let Some((id, span)) = extends_node(root.get_ref()) else { break };
        let at = |code: Code, vi: String, en: String| {
            let location = LineIndex::new(&current_text).location(
                current_file.as_deref(),
                span.start,
                Some("rule_set.extends".into()),
            );
            vec![Diagnostic::new(code, location, vi, en)]
        };
        if ids.contains(&id) {
            let mut circle = ids.clone();
            circle.push(id.clone());
            let circle = circle.join(" → ");
            return Err(at(
                Code::OverlayCycle,
                format!("bộ quy tắc mở rộng lẫn nhau theo vòng tròn: {circle}"),
                format!("rule sets extend each other in a circle: {circle}"),
            ));
        }
        if ids.len() == MAX_DEPTH {
            return Err(at(
                Code::OverlayCycle,
                format!("chuỗi mở rộng quá dài (tối đa {MAX_DEPTH} bộ quy tắc gốc)"),
                format!("the chain of bases is too long (at most {MAX_DEPTH})"),
            ));
        }
        let Some(base) = bases(&id) else {
            let known: Vec<&str> = crate::builtin::CATALOG.iter().map(|e| e.id).collect();
            return Err(at(
                Code::UnknownBase,
                format!("không có bộ quy tắc `{id}` để mở rộng; các bộ có sẵn: {}", known.join(", ")),
                format!("there is no rule set `{id}` to extend; the bundled ones are: {}", known.join(", ")),
            ));
        };
        ids.push(id);
        files.push((Some(base.file), base.text));
    }
    files.reverse();
    let mut virtual_text = String::new();
    let mut parts = Vec::new();
    let mut line = 1u32;
    for (i, (file, text)) in files.iter().enumerate() {
        if i > 0 {
            virtual_text.push('\n');
            line += 1;
        }
        parts.push(Part { file: file.clone(), start: virtual_text.len(), first_line: line });
        virtual_text.push_str(text);
        line += text.matches('\n').count() as u32;
    }
    let padded = parts
        .iter()
        .zip(&files)
        .map(|(part, (_, text))| {
            let mut padded: String =
                virtual_text[..part.start].bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }).collect();
            padded.push_str(text);
            padded
        })
        .collect();
    Ok(Chain { text: virtual_text, map: SourceMap { parts }, bases: ids, padded })
}

fn extends_node(root: &DeTable) -> Option<(String, std::ops::Range<usize>)> {
    let DeValue::Table(rule_set) = root.get("rule_set")?.get_ref() else { return None };
    let node = rule_set.get("extends")?;
    match node.get_ref() {
        DeValue::String(id) => Some((id.to_string(), node.span())),
        _ => None,
    }
}

impl Chain {
    /// The merged tree (spans in the virtual text), what the overlays touched, and the merge's own problems
    /// (located in the virtual text; [`SourceMap::locate_all`] names their files).
    pub fn merge(&self) -> (Node<'_>, Touched, Vec<Diagnostic>) {
        let index = LineIndex::new(&self.text);
        let mut merger = Merger { index: &index, diagnostics: Vec::new(), touched: Touched::default(), last: false };
        let count = self.padded.len();
        let mut trees = self.padded.iter().map(|text| {
            // Each part parsed when the chain was gathered; a blanked prefix changes nothing.
            let (root, _) = DeTable::parse_recoverable(text);
            root
        });
        let Some(first) = trees.next() else {
            return (toml::Spanned::new(0..0, DeValue::Table(DeTable::new())), merger.touched, Vec::new());
        };
        let span = first.span();
        let mut merged = first.into_inner();
        for (i, tree) in trees.enumerate() {
            merger.last = i + 2 == count;
            strip_own_keys(&mut merged);
            merger.table(&mut merged, tree.into_inner(), "");
        }
        (toml::Spanned::new(span, DeValue::Table(merged)), merger.touched, merger.diagnostics)
    }
}

/// A base's own `[rule_set]` keys are not inherited.
fn strip_own_keys(root: &mut DeTable) {
    if let Some(node) = root.get_mut("rule_set") {
        if let DeValue::Table(rule_set) = node.get_mut() {
            for key in OWN_KEYS {
                rule_set.remove(*key);
            }
        }
    }
}

struct Merger<'x, 't> {
    index: &'x LineIndex<'t>,
    diagnostics: Vec<Diagnostic>,
    touched: Touched,
    /// Merging the last overlay (the file being read): only its changes are named in explanations.
    last: bool,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

fn id_of(node: &Node) -> Option<String> {
    match node.get_ref() {
        DeValue::Table(table) => match table.get("id")?.get_ref() {
            DeValue::String(id) => Some(id.to_string()),
            _ => None,
        },
        _ => None,
    }
}

impl<'i> Merger<'_, '_> {
    fn problem(&mut self, offset: usize, path: &str, vi: String, en: String) {
        let location = self.index.location(None, offset, Some(path.to_string()));
        self.diagnostics.push(Diagnostic::new(Code::OverlayItem, location, vi, en));
    }

    fn touch(&mut self, list: &str, id: &str) {
        if self.last && !self.touched.has(list, id) {
            self.touched.items.push((list.to_string(), id.to_string()));
        }
    }

    /// Merge `over` into `base`, key by key: sections merge in turn, lists by id, other values are replaced (the
    /// same for the fields of a list's item).
    fn table(&mut self, base: &mut DeTable<'i>, over: DeTable<'i>, path: &str) {
        for (key, value) in over {
            let child = join(path, key.get_ref());
            // A changed section's provenance names the overlay (`scoring`, `policy.band_fallback`).
            if SECTIONS.contains(&child.as_str()) && !matches!(child.as_str(), "rule_set" | "policy") {
                self.touch(&child, "");
            }
            let merged = match (base.get_mut(key.get_ref().as_ref()), value) {
                (Some(old), value) if SECTIONS.contains(&child.as_str()) && is_table(old) && is_table(&value) => {
                    let span = value.span();
                    let (DeValue::Table(old_table), DeValue::Table(new_table)) = (old.get_mut(), value.into_inner())
                    else {
                        continue;
                    };
                    self.table(old_table, new_table, &child);
                    // Problems about the section as a whole (a missing field) point at the overlay's header.
                    let table = std::mem::take(old_table);
                    toml::Spanned::new(span, DeValue::Table(table))
                }
                (Some(old), value) if LISTS.contains(&child.as_str()) && is_array(old) && is_array(&value) => {
                    let span = value.span();
                    let (DeValue::Array(old_items), DeValue::Array(new_items)) = (old.get_mut(), value.into_inner())
                    else {
                        continue;
                    };
                    let items = self.list(std::mem::replace(old_items, DeArray::new()), new_items, &child);
                    toml::Spanned::new(span, DeValue::Array(items))
                }
                (_, value) => {
                    if LISTS.contains(&child.as_str()) {
                        self.strip_list(value, &child)
                    } else {
                        value
                    }
                }
            };
            base.remove(key.get_ref().as_ref());
            base.insert(key, merged);
        }
    }

    /// A list the base does not have: its items are all new (their `remove` and `before` are misplaced).
    fn strip_list(&mut self, value: Node<'i>, path: &str) -> Node<'i> {
        let span = value.span();
        match value.into_inner() {
            DeValue::Array(items) => toml::Spanned::new(span, DeValue::Array(self.list(DeArray::new(), items, path))),
            other => toml::Spanned::new(span, other),
        }
    }

    /// Merge the items of `over` into `base` by id.
    fn list(&mut self, mut base: DeArray<'i>, mut over: DeArray<'i>, path: &str) -> DeArray<'i> {
        let mut items: Vec<Node<'i>> = take_items(&mut base);
        if over.len() > MAX_OVERLAY_ITEMS {
            let location = self.index.location(None, over.first().map_or(0, |n| n.span().start), Some(path.into()));
            self.diagnostics.push(Diagnostic::new(
                Code::InputLimit,
                location,
                format!("bộ quy tắc mở rộng ghi {} mục `{path}`, quá giới hạn {MAX_OVERLAY_ITEMS}", over.len()),
                format!("the overlay writes {} `{path}` items, more than the limit of {MAX_OVERLAY_ITEMS}", over.len()),
            ));
            return base;
        }
        for item in take_items(&mut over) {
            let item_span = item.span();
            if !is_table(&item) {
                // Not a table: kept as written, so the reader says what it should be.
                items.push(item);
                continue;
            }
            let DeValue::Table(mut table) = item.into_inner() else { continue };
            let remove = table.remove("remove");
            let before = table.remove("before");
            let id = match table.get("id").map(|n| n.get_ref()) {
                Some(DeValue::String(id)) => Some(id.to_string()),
                _ => None,
            };
            let id_offset = table.get("id").map_or(item_span.start, |n| n.span().start);
            let Some(id) = id else {
                // No id: added as written, so the reader reports what is missing.
                items.push(toml::Spanned::new(item_span, DeValue::Table(table)));
                continue;
            };
            let position = items.iter().position(|n| id_of(n).as_deref() == Some(id.as_str()));
            let ids = || items.iter().filter_map(id_of).collect::<Vec<_>>().join(", ");
            match remove.as_ref().map(|n| n.get_ref()) {
                None | Some(DeValue::Boolean(false)) => {}
                Some(DeValue::Boolean(true)) => {
                    let extra: Vec<String> =
                        table.keys().map(|k| k.get_ref().to_string()).filter(|k| k != "id").collect();
                    match position {
                        Some(_) if !extra.is_empty() => self.problem(
                            id_offset,
                            &format!("{path}.remove"),
                            format!("`remove = true` không đi cùng trường nào khác (ở đây: {})", extra.join(", ")),
                            format!("`remove = true` takes no other field (here: {})", extra.join(", ")),
                        ),
                        Some(at) => {
                            items.remove(at);
                        }
                        None => {
                            let known = ids();
                            self.problem(
                                id_offset,
                                &format!("{path}.id"),
                                format!("không có `{path}` mã `{id}` trong bộ quy tắc gốc để xóa; các mã: {known}"),
                                format!("no `{path}` with id `{id}` in the base to remove; the ids are: {known}"),
                            )
                        }
                    }
                    continue;
                }
                Some(_) => {
                    let offset = remove.as_ref().map_or(id_offset, |n| n.span().start);
                    self.problem(
                        offset,
                        &format!("{path}.remove"),
                        "`remove` chỉ nhận `true`".into(),
                        "`remove` takes only `true`".into(),
                    );
                    continue;
                }
            }
            let before_at = match before.as_ref().map(|n| (n.get_ref(), n.span().start)) {
                None => None,
                Some((DeValue::String(name), offset)) => {
                    let found = items.iter().position(|n| id_of(n).as_deref() == Some(&**name));
                    if found.is_none() {
                        let known = ids();
                        self.problem(
                            offset,
                            &format!("{path}.before"),
                            format!("không có `{path}` mã `{name}` để đặt trước; các mã: {known}"),
                            format!("no `{path}` with id `{name}` to go before; the ids are: {known}"),
                        );
                    }
                    found
                }
                Some((_, offset)) => {
                    self.problem(
                        offset,
                        &format!("{path}.before"),
                        "`before` cần mã của một mục (một chuỗi)".into(),
                        "`before` takes the id of an item (a string)".into(),
                    );
                    None
                }
            };
            match position {
                Some(at) => {
                    let old = items.remove(at);
                    let old_span = old.span();
                    let DeValue::Table(mut old_table) = old.into_inner() else { continue };
                    let changes_fields = table.keys().any(|k| {
                        let k: &str = k.get_ref();
                        k != "id" && !(path == "level" && k == "condition")
                    });
                    if changes_fields {
                        self.touch(path, &id);
                    }
                    self.table(&mut old_table, table, path);
                    // An item changed by the overlay is located in the overlay; one it only reaches into (a
                    // level whose conditions change) keeps its place in the base.
                    let span = if changes_fields { item_span.clone() } else { old_span };
                    let merged = toml::Spanned::new(span, DeValue::Table(old_table));
                    let at = before_at.map_or(at, |b| if b > at { b - 1 } else { b }).min(items.len());
                    items.insert(at, merged);
                }
                None => {
                    let names = ["name", "title"];
                    if !names.iter().any(|n| table.contains_key(*n)) {
                        let known = ids();
                        self.problem(
                            id_offset,
                            &format!("{path}.id"),
                            format!(
                                "không có `{path}` mã `{id}` trong bộ quy tắc gốc để sửa (các mã: {known}); muốn thêm mục mới thì ghi đủ các trường của nó"
                            ),
                            format!(
                                "no `{path}` with id `{id}` in the base to change (the ids are: {known}); a new item needs all its fields"
                            ),
                        );
                        continue;
                    }
                    self.touch(path, &id);
                    if path == "level" {
                        if let Some(DeValue::Array(conditions)) = table.get("condition").map(|n| n.get_ref()) {
                            for condition in conditions.iter().filter_map(id_of) {
                                self.touch("level.condition", &condition);
                            }
                        }
                    }
                    let node = toml::Spanned::new(item_span, DeValue::Table(table));
                    match before_at {
                        Some(at) => items.insert(at, node),
                        None => items.push(node),
                    }
                }
            }
        }
        let mut out = DeArray::new();
        for item in items {
            out.push(item);
        }
        out
    }
}

/// The items of an array, moved out (a `DeArray` gives no owned iterator; a copy of each tree would cost the page
/// the code of cloning one).
fn take_items<'i>(array: &mut DeArray<'i>) -> Vec<Node<'i>> {
    array.iter_mut().map(|slot| std::mem::replace(slot, toml::Spanned::new(0..0, DeValue::Boolean(false)))).collect()
}

fn is_table(node: &Node) -> bool {
    matches!(node.get_ref(), DeValue::Table(_))
}

fn is_array(node: &Node) -> bool {
    matches!(node.get_ref(), DeValue::Array(_))
}

/// The overlay that changed or added a rule, named next to its source in explanations.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OverlayNote {
    /// The overlay's rule set id.
    pub id: String,
    /// Added by the overlay (not in its base), rather than changed.
    pub added: bool,
    /// Set when the person changed the rule in the workbench rather than a published overlay ([`crate::edits`]):
    /// what the bundled text said (empty when the rule was added).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edited_from: Option<String>,
}

impl OverlayNote {
    /// "sửa trong qd366-vi-du-tinh" / "changed in qd366-vi-du-tinh"; "do người dùng sửa, văn bản ghi ≥ 90" /
    /// "changed by the user, was ≥ 90" for an edit in the workbench.
    pub fn describe(&self, lang: crate::Lang) -> String {
        match (&self.edited_from, self.added) {
            (Some(_), true) => lang.pick("do người dùng thêm", "added by the user").to_string(),
            (Some(from), false) => {
                format!("{} {from}", lang.pick("do người dùng sửa, văn bản ghi", "changed by the user, was"))
            }
            (None, added) => {
                let (vi, en) = if added { ("thêm trong", "added in") } else { ("sửa trong", "changed in") };
                format!("{} {}", lang.pick(vi, en), self.id)
            }
        }
    }
}

/// Load an overlay: its chain of bases, the merged tree read and compiled as one file, every diagnostic located
/// in the file it is about, and the provenance of what the overlay touched naming it. `count_tables` is the
/// compiler's check of the limits on one text, run on each file of the chain.
pub fn load(
    text: &str,
    file: Option<&str>,
    bases: Bases,
    count_tables: fn(&str, Option<&str>) -> Option<Diagnostic>,
) -> (Option<crate::RuleSet>, Vec<Diagnostic>) {
    if let Some(diagnostic) = count_tables(text, file) {
        return (None, vec![diagnostic]);
    }
    let chain = match chain(text, file, bases) {
        Ok(chain) => chain,
        Err(diagnostics) => return (None, diagnostics),
    };
    let (root, touched, mut problems) = chain.merge();
    let DeValue::Table(root_table) = root.get_ref() else { return (None, Vec::new()) };
    let doc = crate::toml_doc::read_tree::<crate::doc::RuleSetDoc>(root_table, &chain.text, None);
    let (rules, mut diagnostics) = match doc {
        Ok(doc) if problems.is_empty() => crate::ruleset::compile(&doc, &chain.text, None),
        Ok(_) => (None, Vec::new()),
        Err(shape) => (None, shape),
    };
    problems.append(&mut diagnostics);
    chain.map.locate_all(&mut problems);
    // A base's own warnings (a rule it switches off) are the base's to report, when it is validated itself.
    let own = file.map(str::to_string);
    problems.retain(|d| d.is_error() || d.location.file == own);
    let rules = rules.map(|mut rules| {
        mark(&mut rules, &touched, existed_in_base(&chain));
        rules
    });
    (rules, problems)
}

/// The `(list, id)` of every item of the bases (without the overlay being read), to tell an added item from a
/// changed one.
fn existed_in_base(chain: &Chain) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let bases = &chain.padded[..chain.padded.len().saturating_sub(1)];
    for text in bases {
        let (root, _) = DeTable::parse_recoverable(text);
        for list in LISTS {
            let Some((outer, inner)) = list.split_once('.') else {
                if let Some(DeValue::Array(items)) = root.get_ref().get(*list).map(|n| n.get_ref()) {
                    out.extend(items.iter().filter_map(id_of).map(|id| (list.to_string(), id)));
                }
                continue;
            };
            if let Some(DeValue::Array(items)) = root.get_ref().get(outer).map(|n| n.get_ref()) {
                for item in items.iter() {
                    if let DeValue::Table(table) = item.get_ref() {
                        if let Some(DeValue::Array(nested)) = table.get(inner).map(|n| n.get_ref()) {
                            out.extend(nested.iter().filter_map(id_of).map(|id| (list.to_string(), id)));
                        }
                    }
                }
            }
        }
    }
    out
}

/// Name the overlay in the provenance of every rule, level, quota and policy it touched.
fn mark(rules: &mut crate::RuleSet, touched: &Touched, base_items: Vec<(String, String)>) {
    let id = rules.id.clone();
    let note = |list: &str, item: &str| -> Option<OverlayNote> {
        touched.has(list, item).then(|| OverlayNote {
            id: id.clone(),
            added: !item.is_empty() && !base_items.iter().any(|(l, i)| l == list && i == item),
            edited_from: None,
        })
    };
    for level in &mut rules.levels {
        if let Some(source) = &mut level.source {
            source.overlay = note("level", &level.id);
        }
        for rule in &mut level.conditions {
            rule.source.overlay = note("level.condition", &rule.id);
        }
    }
    for rule in &mut rules.not_classified {
        rule.source.overlay = note("not_classified", &rule.id);
    }
    for rule in &mut rules.disqualifiers {
        rule.source.overlay = note("disqualifier", &rule.id);
    }
    for check in &mut rules.checks {
        check.rule.source.overlay = note("check", &check.rule.id);
    }
    for cap in &mut rules.caps {
        cap.rule.source.overlay = note("cap", &cap.rule.id);
    }
    for quota in &mut rules.quotas {
        quota.source.overlay = note("quota", &quota.id);
    }
    if let Some(source) = rules.scoring.as_mut().and_then(|s| s.source.as_mut()) {
        source.overlay = note("scoring", "");
    }
    if let Some(source) = &mut rules.band_fallback_source {
        source.overlay = note("policy.band_fallback", "");
    }
    if let Some(source) = &mut rules.empty_share_source {
        source.overlay = note("policy.empty_share", "");
    }
}
