//! The variants workbench's state ("Thử tiêu chí"): the rule-set text being edited, its diagnostics, the last
//! rule set that compiled, the variants saved on this device, and the rule set's own cases.
//!
//! Every edit goes through [`VariantsState::apply`], which reloads the text (parse, validate, compile); while the
//! text is broken the last good rule set stays in use, so the person panel keeps answering. Runs natively, tested
//! without a browser.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use xeploai::cases::{CasesDoc, run_cases};
use xeploai::knobs::Knob;
use xeploai::ruleset::RuleSet;
use xeploai::{Diagnostic, Lang, Text};

use crate::shared::state::SharedRules;

/// Where the saved variants live; `{version: 1, variants: [{name, text, savedAt}]}`. Other pages may read it.
pub const VARIANTS_KEY: &str = "xeploai.variants";
/// What the workbench had open (`builtin:<id>` or `saved:<name>`), so a reload opens it again.
pub const CURRENT_KEY: &str = "xeploai.variants.current";
pub const VARIANTS_VERSION: u32 = 1;

/// A rule-set text saved under a name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Variant {
    pub name: String,
    pub text: String,
    /// When it was saved (ISO 8601, from the browser's clock).
    #[serde(default)]
    pub saved_at: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct VariantsFile {
    version: u32,
    #[serde(default)]
    variants: Vec<Variant>,
}

/// Where an unreadable stored list of variants is set aside (`…backup`, `…backup.2`, …; see `stored.rs`).
pub const VARIANTS_BACKUP_KEY: &str = "xeploai.variants.backup";

/// The saved variants from their stored JSON: every entry that can be read, and what could not be (then the stored
/// text must be set aside before anything is written over it). A list cut short keeps its complete entries; a
/// newer format is read as nothing, and said so.
pub fn read_variants(text: Option<&str>) -> (Vec<Variant>, Option<Text>) {
    let Some(text) = text else { return (Vec::new(), None) };
    let value = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => value,
        Err(error) => {
            let variants = salvage(text);
            let problem = Text::new(
                format!(
                    "danh sách biến thể bị cắt cụt hoặc không phải JSON (dòng {} cột {}); đọc lại được {} biến thể",
                    error.line(),
                    error.column(),
                    variants.len()
                ),
                format!(
                    "the list of variants is cut short or not JSON (line {} column {}); {} variants recovered",
                    error.line(),
                    error.column(),
                    variants.len()
                ),
            );
            return (variants, Some(problem));
        }
    };
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(version) if version == u64::from(VARIANTS_VERSION) => {}
        Some(version) => {
            return (
                Vec::new(),
                Some(Text::new(
                    format!("danh sách biến thể do phiên bản mới hơn lưu (định dạng {version})"),
                    format!("the list of variants was saved by a newer version (format {version})"),
                )),
            );
        }
        None => return (Vec::new(), Some(Text::new("thiếu số phiên bản", "no version number"))),
    }
    let entries = match value.get("variants") {
        None => return (Vec::new(), None),
        Some(serde_json::Value::Array(entries)) => entries,
        Some(_) => {
            return (Vec::new(), Some(Text::new("\"variants\" không phải danh sách", "\"variants\" is not a list")));
        }
    };
    let mut variants = Vec::new();
    let mut unreadable = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        match serde_json::from_value::<Variant>(entry.clone()) {
            Ok(variant) => variants.push(variant),
            Err(error) => unreadable.push(format!("#{}: {error}", index + 1)),
        }
    }
    let problem = (!unreadable.is_empty()).then(|| {
        let which = unreadable.join("; ");
        Text::new(
            format!("{} trong {} biến thể không đọc được ({which})", unreadable.len(), entries.len()),
            format!("{} of {} variants could not be read ({which})", unreadable.len(), entries.len()),
        )
    });
    (variants, problem)
}

/// The complete entries at the start of a `variants` list whose text is cut short.
fn salvage(text: &str) -> Vec<Variant> {
    let mut variants = Vec::new();
    let Some(start) = text.find("\"variants\"") else { return variants };
    let rest = text[start + "\"variants\"".len()..].trim_start();
    let Some(rest) = rest.strip_prefix(':').map(str::trim_start) else { return variants };
    let Some(mut rest) = rest.strip_prefix('[') else { return variants };
    loop {
        rest = rest.trim_start();
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Variant>();
        match stream.next() {
            Some(Ok(variant)) => variants.push(variant),
            _ => return variants,
        }
        rest = rest[stream.byte_offset()..].trim_start();
        match rest.strip_prefix(',') {
            Some(after) => rest = after,
            None => return variants,
        }
    }
}

/// The longest share link (characters; a compressed rule set is a few kilobytes) and the most text it may inflate
/// to (bytes; the bundled rule sets are about 40 KB). `share.js` checks both, the second while inflating.
pub const MAX_LINK_CODE: usize = 1 << 20;
pub const MAX_LINK_TEXT: usize = 1 << 20;

/// Why a share link cannot be opened, from the code `share.js` throws.
pub fn link_problem(code: &str) -> Text {
    match code {
        "link-too-long" => Text::new(
            format!("liên kết dài hơn {MAX_LINK_CODE} ký tự (giới hạn độ dài liên kết)"),
            format!("the link is longer than {MAX_LINK_CODE} characters (the link length limit)"),
        ),
        "link-too-large" => Text::new(
            format!("nội dung giải nén vượt {MAX_LINK_TEXT} byte (giới hạn kích thước bộ tiêu chí); đã dừng giải nén"),
            format!("its content inflates past {MAX_LINK_TEXT} bytes (the rule-set size limit); inflating stopped"),
        ),
        "link-not-base64" => {
            Text::new("liên kết bị hỏng (không phải base64url)", "the link is damaged (not base64url)")
        }
        "link-not-deflate" => Text::new(
            "liên kết bị hỏng hoặc bị cắt (không giải nén được)",
            "the link is damaged or cut short (cannot inflate)",
        ),
        "link-not-utf8" => {
            Text::new("nội dung liên kết không phải văn bản UTF-8", "the link's content is not UTF-8 text")
        }
        other => Text::new(other.to_string(), other.to_string()),
    }
}

/// The alert for a share link that cannot be opened: it stays on screen (the bundled rule set is shown meanwhile,
/// and the alert says so).
pub fn link_alert(reason: &Text) -> Alert {
    Alert {
        kind: AlertKind::Link,
        text: Text::new(
            format!(
                "Liên kết chia sẻ không mở được: {}. Trang đang hiện bộ tiêu chí chính thức, không phải bộ trong liên kết.",
                reason.vi
            ),
            format!(
                "The share link could not be opened: {}. The page shows the official rule set, not the link's.",
                reason.get(Lang::En)
            ),
        ),
        download: None,
    }
}

/// The JSON stored under [`VARIANTS_KEY`].
pub fn variants_json(variants: &[Variant]) -> String {
    serde_json::to_string(&VariantsFile { version: VARIANTS_VERSION, variants: variants.to_vec() }).unwrap_or_default()
}

/// Where the text being edited came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A bundled rule set, by id.
    Builtin(String),
    /// A variant saved on this device, by name.
    Saved(String),
    /// A shared link (`variants.html#rs=…`).
    Link,
    /// An uploaded file, by file name.
    File(String),
}

impl Origin {
    /// A text from a link or a file is nobody's official text until the person saves it as their own variant.
    pub fn unofficial(&self) -> bool {
        matches!(self, Origin::Link | Origin::File(_))
    }

    /// The value of the base picker for this origin.
    pub fn key(&self) -> String {
        match self {
            Origin::Builtin(id) => format!("builtin:{id}"),
            Origin::Saved(name) => format!("saved:{name}"),
            Origin::Link | Origin::File(_) => String::new(),
        }
    }
}

/// One case of the rule set's cases file, passed or failed with the reasons.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseOutcome {
    pub id: String,
    /// Why it failed (one line per failed check); empty when it passed.
    pub failures: Vec<Diagnostic>,
}

/// The cases run against the current rule set.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CasesView {
    pub passed: usize,
    pub failed: usize,
    pub cases: Vec<CaseOutcome>,
    /// Problems of the cases file itself (not tied to one case).
    pub file_problems: Vec<Diagnostic>,
}

/// What kind of trouble an [`Alert`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertKind {
    /// Stored data could not be read (and was set aside, or could not be).
    Unreadable,
    /// A write to this device's storage failed.
    WriteFailed,
    /// A share link could not be opened.
    Link,
}

/// Something that stays on screen until dismissed (unlike `message`, which the next action clears).
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    pub kind: AlertKind,
    pub text: Text,
    /// Data at risk, to download: file name and text.
    pub download: Option<(String, Rc<String>)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum VariantsAction {
    SetLang(Lang),
    /// A bundled rule set's text is being fetched.
    Fetching(String),
    /// Open a text: a fetched built-in, a saved variant, a shared link, an uploaded file.
    Open {
        origin: Origin,
        text: String,
    },
    /// The text was edited (a keystroke): reloaded at once; the cases wait for [`VariantsAction::RunCases`].
    Edit(String),
    /// Set one of the common settings (see `xeploai::knobs`) in the text.
    SetKnob {
        id: String,
        value: String,
    },
    /// Run the cases again if no edit came after edit number `edit` (the page sends it once typing pauses).
    RunCases {
        edit: u64,
    },
    /// The bundled text of the edited rule set's id, fetched from this site (see [`VariantsState::missing_reference`]):
    /// what the edits are measured against.
    ReferenceFetched {
        id: String,
        text: String,
    },
    /// The name to save under.
    SetName(String),
    /// Save the text under the name (replacing a variant of that name); `at` is the time.
    Save {
        at: String,
    },
    Rename {
        from: String,
        to: String,
    },
    Delete(String),
    /// A cases file's text (a bundled one fetched, or one pasted or uploaded); the cases run at once.
    SetCases {
        source: String,
        text: String,
    },
    Message(Option<Text>),
    /// Show an alert; `hold_writes` stops writing the variants until it is dismissed (unreadable data that could
    /// not be set aside is only in memory).
    Alert {
        alert: Alert,
        hold_writes: bool,
    },
    DismissAlert,
    /// The result of writing the variants to this device's storage.
    Stored(Result<(), crate::stored::WriteFailed>),
    /// Another tab wrote the list of variants (the `storage` event): follow it, so this tab's next write does not
    /// wipe that tab's variants.
    ChangedElsewhere(Vec<Variant>),
    /// The text of a bundled rule set the edited overlay extends (see [`VariantsState::missing_base`]): kept, and the
    /// text loaded again with it.
    BaseFetched {
        id: String,
        text: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct VariantsState {
    pub lang: Lang,
    pub origin: Origin,
    /// A bundled rule set being fetched.
    pub loading: Option<String>,
    pub text: Rc<String>,
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// The last text that compiled (kept while the text is broken).
    pub rules: Option<SharedRules>,
    /// Does the current text compile?
    pub compiles: bool,
    pub variants: Rc<Vec<Variant>>,
    pub name: String,
    /// The cases file: where it came from, and its text.
    pub cases_source: Option<String>,
    pub cases_text: Option<Rc<String>>,
    pub cases: Option<Rc<CasesView>>,
    pub message: Option<Text>,
    /// Counts the texts opened (or changed through the settings form), so the editor replaces its text only then,
    /// not on every keystroke.
    pub opened: u64,
    /// Counts the edits, so the cases run once typing pauses.
    pub edits: u64,
    /// Were the cases run on an older text?
    pub cases_stale: bool,
    /// The common settings of the text (those of the last well-formed text while it is not).
    pub knobs: Rc<Vec<Knob>>,
    pub alert: Option<Alert>,
    /// Do not write the variants to storage (see [`VariantsAction::Alert`]).
    pub hold_writes: bool,
    /// The name just saved, until the write is confirmed (only then does the page say "saved").
    pub saving: Option<String>,
    /// Bundled rule sets fetched as the bases of an overlay (`extends`), by id; the default's text is in the page.
    pub bases: Rc<Vec<(String, String)>>,
    /// What the text changes in the bundled rule set of the same id (empty when it is that text, or names no
    /// bundled rule set); each changed rule is marked in `rules` as changed by the user, from what.
    pub user_edits: Rc<Vec<xeploai::edits::Edit>>,
    /// The bundled rule set the edits are measured against, compiled once per id.
    reference: Option<(String, SharedRules)>,
    /// The bundled texts this page has (the default's, and those fetched from this site), by id: an edited text is
    /// measured against the one of its id.
    pristine: Rc<Vec<(String, String)>>,
}

/// The file name diagnostics are located in.
pub const EDITED_FILE: &str = "variant.toml";

impl VariantsState {
    pub fn new(lang: Lang, variants: Vec<Variant>, origin: Origin, text: String) -> VariantsState {
        let empty = VariantsState {
            lang,
            origin: Origin::Link,
            loading: None,
            text: Rc::new(String::new()),
            diagnostics: Rc::new(Vec::new()),
            rules: None,
            compiles: false,
            variants: Rc::new(variants),
            name: String::new(),
            cases_source: None,
            cases_text: None,
            cases: None,
            message: None,
            opened: 0,
            edits: 0,
            cases_stale: false,
            knobs: Rc::new(Vec::new()),
            alert: None,
            hold_writes: false,
            saving: None,
            bases: Rc::new(Vec::new()),
            user_edits: Rc::new(Vec::new()),
            reference: None,
            pristine: Rc::new(vec![(xeploai::builtin::DEFAULT.into(), xeploai::builtin::DEFAULT_TEXT.into())]),
        };
        empty.apply(VariantsAction::Open { origin, text })
    }

    /// Is the text changed since it was opened or saved?
    pub fn saved_text(&self) -> Option<&str> {
        match &self.origin {
            Origin::Saved(name) => self.variants.iter().find(|v| &v.name == name).map(|v| v.text.as_str()),
            _ => None,
        }
    }

    pub fn apply(&self, action: VariantsAction) -> VariantsState {
        let mut next = self.clone();
        next.message = None;
        match action {
            VariantsAction::SetLang(lang) => next.lang = lang,
            VariantsAction::Fetching(id) => next.loading = Some(id),
            VariantsAction::Open { origin, text } => {
                next.loading = None;
                next.name = match &origin {
                    Origin::Saved(name) => name.clone(),
                    _ => String::new(),
                };
                // A bundled rule set brings its own cases (fetched by the page); others keep none until given.
                next.cases_source = None;
                next.cases_text = None;
                next.cases = None;
                if let Origin::Builtin(id) = &origin {
                    next.keep_pristine(id, &text);
                }
                next.origin = origin;
                next.rules = None;
                next.opened += 1;
                next.reload(text);
                next.run_cases();
            }
            VariantsAction::Edit(text) => {
                next.edits += 1;
                next.reload(text);
                next.cases_stale = next.cases.is_some();
            }
            VariantsAction::SetKnob { id, value } => {
                match xeploai::knobs::set_knob_with(&self.text, &id, &value, &self.resolver()) {
                    Ok(text) => {
                        next.opened += 1;
                        next.reload(text);
                        next.run_cases();
                    }
                    Err(diagnostic) => next.message = Some(diagnostic.message),
                }
            }
            VariantsAction::RunCases { edit } => {
                if edit == self.edits && self.cases_stale {
                    next.run_cases();
                }
            }
            VariantsAction::SetName(name) => next.name = name,
            VariantsAction::Save { at } => {
                let name = next.name.trim().to_string();
                if name.is_empty() {
                    next.message = Some(Text::new("Hãy đặt tên cho biến thể.", "Give the variant a name."));
                    return next;
                }
                let mut variants = (*self.variants).clone();
                let variant = Variant { name: name.clone(), text: (*self.text).clone(), saved_at: at };
                match variants.iter_mut().find(|v| v.name == name) {
                    Some(existing) => *existing = variant,
                    None => variants.push(variant),
                }
                next.variants = Rc::new(variants);
                // "Saved" is said once the write is confirmed (`Stored`).
                next.saving = Some(name.clone());
                next.origin = Origin::Saved(name.clone());
                next.name = name;
            }
            VariantsAction::Rename { from, to } => {
                let to = to.trim().to_string();
                if to.is_empty() || to == from {
                    return next;
                }
                if self.variants.iter().any(|v| v.name == to) {
                    next.message = Some(Text::new(
                        format!("Đã có biến thể \"{to}\"."),
                        format!("There is already a variant \"{to}\"."),
                    ));
                    return next;
                }
                let mut variants = (*self.variants).clone();
                if let Some(variant) = variants.iter_mut().find(|v| v.name == from) {
                    variant.name = to.clone();
                }
                next.variants = Rc::new(variants);
                if next.origin == Origin::Saved(from) {
                    next.origin = Origin::Saved(to.clone());
                    next.name = to;
                }
            }
            VariantsAction::Delete(name) => {
                next.variants = Rc::new(self.variants.iter().filter(|v| v.name != name).cloned().collect());
                if next.origin == Origin::Saved(name.clone()) {
                    // The text stays open; it is now an unsaved copy of the rule set it names.
                    next.origin = Origin::Builtin(next.rules.as_ref().map(|r| r.0.id.clone()).unwrap_or_default());
                }
            }
            VariantsAction::SetCases { source, text } => {
                next.cases_source = Some(source);
                next.cases_text = Some(Rc::new(text));
                next.run_cases();
            }
            VariantsAction::Message(message) => next.message = message,
            VariantsAction::Alert { alert, hold_writes } => {
                next.alert = Some(alert);
                next.hold_writes |= hold_writes;
            }
            VariantsAction::DismissAlert => {
                next.alert = None;
                next.hold_writes = false;
            }
            VariantsAction::Stored(Ok(())) => {
                let Some(name) = &self.saving else {
                    if self.alert.as_ref().is_some_and(|a| a.kind == AlertKind::WriteFailed) {
                        return VariantsState { alert: None, ..self.clone() };
                    }
                    return self.clone();
                };
                next.message = Some(Text::new(
                    format!("Đã lưu \"{name}\" trên máy này."),
                    format!("Saved \"{name}\" on this device."),
                ));
                next.saving = None;
                if self.alert.as_ref().is_some_and(|a| a.kind == AlertKind::WriteFailed) {
                    next.alert = None;
                }
            }
            VariantsAction::Stored(Err(failed)) => {
                next.saving = None;
                next.alert = Some(Alert {
                    kind: AlertKind::WriteFailed,
                    text: failed.message(),
                    download: Some((failed.file_name(), failed.text.clone())),
                });
            }
            VariantsAction::ReferenceFetched { id, text } => {
                next.keep_pristine(&id, &text);
                next.reload((*self.text).clone());
            }
            VariantsAction::BaseFetched { id, text } => {
                next.keep_pristine(&id, &text);
                if !self.bases.iter().any(|(known, _)| *known == id) {
                    let mut bases = (*self.bases).clone();
                    bases.push((id, text));
                    next.bases = Rc::new(bases);
                    next.reload((*self.text).clone());
                    next.run_cases();
                }
            }
            VariantsAction::ChangedElsewhere(variants) => {
                if variants == *self.variants {
                    return self.clone();
                }
                if let Origin::Saved(name) = &self.origin
                    && !variants.iter().any(|v| &v.name == name)
                {
                    next.origin = Origin::Builtin(next.rules.as_ref().map(|r| r.0.id.clone()).unwrap_or_default());
                }
                next.variants = Rc::new(variants);
                next.message = Some(Text::new(
                    "Danh sách biến thể vừa được lưu từ một thẻ khác; trang này đã cập nhật theo.",
                    "Another tab just saved the list of variants; this page now shows it.",
                ));
            }
        }
        next
    }

    /// Where an overlay's base comes from: the default rule set (in the page), or a bundled one fetched.
    pub fn resolver(&self) -> impl Fn(&str) -> Option<xeploai::overlay::Base> + use<> {
        let bases = self.bases.clone();
        move |id: &str| {
            xeploai::overlay::default_base(id).or_else(|| {
                let (_, text) = bases.iter().find(|(known, _)| known == id)?;
                Some(xeploai::overlay::Base { file: format!("rules/{id}.toml"), text: text.clone() })
            })
        }
    }

    /// A bundled rule set the edited text extends that the page has not fetched yet (the page fetches it and sends
    /// [`VariantsAction::BaseFetched`]); only the nearest base is named, the next is asked for once it is in.
    pub fn missing_base(&self) -> Option<String> {
        let resolver = self.resolver();
        let mut text = (*self.text).clone();
        for _ in 0..xeploai::overlay::MAX_DEPTH {
            let id = xeploai::overlay::extends_of(&text)?;
            match resolver(&id) {
                Some(base) => text = base.text,
                None => return xeploai::builtin::CATALOG.iter().any(|e| e.id == id).then_some(id),
            }
        }
        None
    }

    /// What a share link carries: the text as edited (an overlay's own text, never the merged rule set).
    pub fn share_text(&self) -> &str {
        &self.text
    }

    /// Parse, validate and compile `text` (an overlay with its base); keep the last good rule set while it is broken;
    /// rerun the cases.
    fn reload(&mut self, text: String) {
        let resolver = self.resolver();
        let (rules, diagnostics) = xeploai::ruleset::load_with(&text, Some(EDITED_FILE), &resolver);
        self.compiles = rules.is_some();
        if let Some(mut rules) = rules {
            self.user_edits = Rc::new(self.honest(&mut rules, &text));
            self.rules = Some(SharedRules(Rc::new(rules)));
        }
        self.diagnostics = Rc::new(diagnostics);
        if let Ok(knobs) = xeploai::knobs::knobs_with(&text, &resolver) {
            self.knobs = Rc::new(knobs);
        }
        self.text = Rc::new(text);
    }

    /// An edited rule set is not official: only a text identical to the bundled text of its id (one that says it is
    /// official) is. The rules that differ from that bundled rule set are marked "changed by the user" with what
    /// they were, and listed. Until the bundled text of its id is here, a text is not official either.
    fn honest(&mut self, rules: &mut RuleSet, text: &str) -> Vec<xeploai::edits::Edit> {
        let Some(bundled) = self.pristine.iter().find(|(id, _)| *id == rules.id).map(|(_, t)| t.clone()) else {
            rules.official = false;
            return Vec::new();
        };
        rules.official = rules.official && bundled == text;
        if bundled == text {
            return Vec::new();
        }
        if self.reference.as_ref().is_none_or(|(id, _)| *id != rules.id) {
            let file = format!("rules/{}.toml", rules.id);
            let (reference, _) = xeploai::ruleset::load_with(&bundled, Some(&file), &self.resolver());
            self.reference = reference.map(|r| (rules.id.clone(), SharedRules(Rc::new(r))));
        }
        match &self.reference {
            Some((_, reference)) => xeploai::edits::mark_edits(rules, &reference.0),
            None => Vec::new(),
        }
    }

    fn keep_pristine(&mut self, id: &str, text: &str) {
        if !self.pristine.iter().any(|(known, _)| known == id) {
            let mut pristine = (*self.pristine).clone();
            pristine.push((id.to_string(), text.to_string()));
            self.pristine = Rc::new(pristine);
        }
    }

    /// The bundled rule set whose text the page must fetch to tell what the edited text changes (its id is bundled,
    /// its text is not here yet).
    pub fn missing_reference(&self) -> Option<String> {
        let id = &self.rules.as_ref()?.0.id;
        let bundled = xeploai::builtin::CATALOG.iter().any(|e| e.id == *id);
        (bundled && !self.pristine.iter().any(|(known, _)| known == id)).then(|| id.clone())
    }

    fn run_cases(&mut self) {
        self.cases_stale = false;
        let (Some(SharedRules(rules)), Some(text)) = (&self.rules, &self.cases_text) else { return };
        self.cases = Some(Rc::new(cases_view(rules, text, self.cases_source.as_deref())));
    }
}

/// Run a cases file and list every case as passed or failed.
pub fn cases_view(rules: &RuleSet, text: &str, file: Option<&str>) -> CasesView {
    let report = run_cases(rules, text, file);
    let ids: Vec<(String, String)> = match xeploai::toml_doc::read_document::<CasesDoc>(text, file) {
        Ok(doc) => doc
            .case
            .iter()
            .map(|c| (c.id.get_ref().clone(), format!("case {}", c.id.get_ref())))
            .chain(doc.unit_case.iter().map(|c| (c.id.get_ref().clone(), format!("unit_case {}", c.id.get_ref()))))
            .collect(),
        Err(_) => Vec::new(),
    };
    let mut view = CasesView::default();
    let mut placed = vec![false; report.diagnostics.len()];
    for (id, path) in ids {
        let failures: Vec<Diagnostic> = report
            .diagnostics
            .iter()
            .enumerate()
            .filter(|(_, d)| d.location.path.as_deref() == Some(path.as_str()))
            .map(|(i, d)| {
                placed[i] = true;
                d.clone()
            })
            .collect();
        if failures.is_empty() {
            view.passed += 1;
        } else {
            view.failed += 1;
        }
        view.cases.push(CaseOutcome { id, failures });
    }
    view.file_problems =
        report.diagnostics.iter().zip(&placed).filter(|(_, placed)| !**placed).map(|(d, _)| d.clone()).collect();
    if !view.file_problems.is_empty() && view.cases.is_empty() {
        view.failed = report.failed.max(1);
    }
    view
}

impl yew::Reducible for VariantsState {
    type Action = VariantsAction;

    fn reduce(self: Rc<Self>, action: VariantsAction) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// The byte offset of a 1-based line and column (in characters) in `text`, for moving the caret to a diagnostic.
pub fn offset_of(text: &str, line: u32, column: u32) -> usize {
    let mut offset = 0;
    for (index, line_text) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line as usize {
            let within: usize =
                line_text.chars().take(column.saturating_sub(1) as usize).map(char::len_utf16).sum::<usize>();
            return offset + within;
        }
        offset += line_text.encode_utf16().count();
    }
    offset
}

/// The 1-based line and column of a caret given in UTF-16 units (as the browser counts), for the indicator.
pub fn line_column(text: &str, caret: usize) -> (usize, usize) {
    let (mut line, mut column, mut units) = (1, 1, 0);
    for c in text.chars() {
        if units >= caret {
            break;
        }
        units += c.len_utf16();
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use xeploai::builtin;

    fn opened() -> VariantsState {
        VariantsState::new(Lang::Vi, Vec::new(), Origin::Builtin(builtin::DEFAULT.into()), builtin::DEFAULT_TEXT.into())
    }

    #[test]
    fn a_bundled_rule_set_opens_compiled() {
        let state = opened();
        assert!(state.compiles);
        assert!(state.diagnostics.iter().all(|d| !d.is_error()));
        assert_eq!(state.rules.as_ref().unwrap().0.id, builtin::DEFAULT);
        assert!(!state.origin.unofficial());
    }

    #[test]
    fn a_broken_edit_shows_where_and_keeps_the_last_good_rule_set() {
        let state = opened();
        let good = state.rules.clone().unwrap().0;
        let broken =
            state.apply(VariantsAction::Edit(builtin::DEFAULT_TEXT.replacen("min_score = 90", "min_score = \"x\"", 1)));
        assert!(!broken.compiles);
        assert!(Rc::ptr_eq(&broken.rules.as_ref().unwrap().0, &good), "the last good rule set stays in use");
        let error = broken.diagnostics.iter().find(|d| d.is_error()).expect("an error");
        assert_eq!(error.code.as_str(), "invalid-value");
        let line = error.location.line.unwrap();
        assert!(builtin::DEFAULT_TEXT.lines().nth(line as usize - 1).unwrap().contains("min_score = 90"));
        let fixed =
            broken.apply(VariantsAction::Edit(builtin::DEFAULT_TEXT.replacen("min_score = 90", "min_score = 95", 1)));
        assert!(fixed.compiles && !Rc::ptr_eq(&fixed.rules.as_ref().unwrap().0, &good));
    }

    #[test]
    fn saving_renaming_and_deleting_variants() {
        let state = opened().apply(VariantsAction::Save { at: "t0".into() });
        assert!(state.message.as_ref().unwrap().vi.contains("tên"), "a name is needed");
        let state =
            state.apply(VariantsAction::SetName(" Khung 95 ".into())).apply(VariantsAction::Save { at: "t1".into() });
        assert_eq!(state.message, None, "\"saved\" waits for the write");
        let state = state.apply(VariantsAction::Stored(Ok(())));
        assert!(state.message.as_ref().unwrap().vi.starts_with("Đã lưu"));
        assert_eq!(state.origin, Origin::Saved("Khung 95".into()));
        assert_eq!(state.variants.len(), 1);
        let edited =
            state.apply(VariantsAction::Edit(builtin::DEFAULT_TEXT.replacen("min_score = 90", "min_score = 95", 1)));
        let resaved = edited.apply(VariantsAction::Save { at: "t2".into() });
        assert_eq!(resaved.variants.len(), 1, "saving under the same name replaces");
        assert_eq!(resaved.variants[0].saved_at, "t2");
        let json = variants_json(&resaved.variants);
        assert!(json.starts_with("{\"version\":1,\"variants\":[{\"name\":\"Khung 95\""), "{json}");
        assert_eq!(read_variants(Some(&json)), ((*resaved.variants).clone(), None));
        let renamed = resaved.apply(VariantsAction::Rename { from: "Khung 95".into(), to: "Khung 95 điểm".into() });
        assert_eq!(renamed.origin, Origin::Saved("Khung 95 điểm".into()));
        let deleted = renamed.apply(VariantsAction::Delete("Khung 95 điểm".into()));
        assert!(deleted.variants.is_empty());
        assert_eq!(deleted.origin, Origin::Builtin(builtin::DEFAULT.into()));
    }

    fn variant(name: &str) -> Variant {
        Variant { name: name.into(), text: builtin::DEFAULT_TEXT.into(), saved_at: "t".into() }
    }

    #[test]
    fn unreadable_stored_variants_keep_the_readable_ones_and_say_what_was_not() {
        let good = variants_json(&[variant("A"), variant("B"), variant("C")]);
        assert_eq!(read_variants(Some(&good)).0.len(), 3);
        assert_eq!(read_variants(None), (Vec::new(), None));
        // One entry of another shape: the two others are kept.
        let mut value: serde_json::Value = serde_json::from_str(&good).unwrap();
        value["variants"][1] = serde_json::json!({"name": 7});
        let (variants, problem) = read_variants(Some(&value.to_string()));
        assert_eq!(variants.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["A", "C"]);
        let problem = problem.expect("a problem");
        assert!(problem.vi.starts_with("1 trong 3 biến thể") && problem.vi.contains("#2"), "{}", problem.vi);
        // Cut short inside the third entry: the first two are recovered.
        let cut = &good[..good.len() - 40];
        let (variants, problem) = read_variants(Some(cut));
        assert_eq!(variants.len(), 2);
        assert!(problem.unwrap().get(Lang::En).contains("2 variants recovered"));
        // A newer format is not guessed at, and said so.
        let (variants, problem) = read_variants(Some(r#"{"version": 2, "variants": []}"#));
        assert!(variants.is_empty() && problem.unwrap().vi.contains("định dạng 2"));
        assert!(read_variants(Some("not json")).1.is_some());
    }

    #[test]
    fn a_failed_write_is_shown_with_the_data_to_download_and_never_called_saved() {
        let state =
            opened().apply(VariantsAction::SetName("Khung".into())).apply(VariantsAction::Save { at: "t".into() });
        let failed = crate::stored::WriteFailed {
            key: VARIANTS_KEY.into(),
            reason: "QuotaExceededError".into(),
            text: Rc::new(variants_json(&state.variants)),
        };
        let state = state.apply(VariantsAction::Stored(Err(failed)));
        assert_eq!(state.message, None, "never \"saved\"");
        let alert = state.alert.clone().expect("an alert");
        assert_eq!(alert.kind, AlertKind::WriteFailed);
        assert!(alert.text.vi.contains("KHÔNG lưu được") && alert.text.vi.contains("QuotaExceededError"));
        let (file, text) = alert.download.expect("a way out");
        assert!(file.ends_with(".json") && text.contains("\"Khung\""));
        // The alert stays through other actions, and goes once a write works.
        let state = state.apply(VariantsAction::SetName("x".into()));
        assert!(state.alert.is_some());
        assert!(state.apply(VariantsAction::Stored(Ok(()))).alert.is_none());
    }

    #[test]
    fn unreadable_data_not_set_aside_holds_the_writes_until_dismissed() {
        let alert = Alert { kind: AlertKind::Unreadable, text: Text::new("x", "x"), download: None };
        let state = opened().apply(VariantsAction::Alert { alert, hold_writes: true });
        assert!(state.hold_writes);
        let state = state.apply(VariantsAction::Edit(builtin::DEFAULT_TEXT.into()));
        assert!(state.alert.is_some() && state.hold_writes, "an alert stays until dismissed");
        let state = state.apply(VariantsAction::DismissAlert);
        assert!(state.alert.is_none() && !state.hold_writes);
    }

    #[test]
    fn another_tab_saving_variants_is_followed() {
        let state = opened().apply(VariantsAction::SetName("A".into())).apply(VariantsAction::Save { at: "t".into() });
        let state = state.apply(VariantsAction::Stored(Ok(())));
        let same = state.apply(VariantsAction::ChangedElsewhere((*state.variants).clone()));
        assert_eq!(same, state, "our own list changes nothing");
        let other = state.apply(VariantsAction::ChangedElsewhere(vec![variant("A"), variant("B")]));
        assert_eq!(other.variants.len(), 2);
        assert!(other.message.unwrap().vi.contains("thẻ khác"));
        let removed = state.apply(VariantsAction::ChangedElsewhere(vec![variant("B")]));
        assert_eq!(removed.origin, Origin::Builtin(builtin::DEFAULT.into()), "the open variant was deleted there");
    }

    #[test]
    fn a_broken_link_says_which_limit_and_stays_on_screen() {
        let reason = link_problem("link-too-large");
        assert!(reason.vi.contains("1048576 byte") && reason.get(Lang::En).contains("inflating stopped"));
        assert!(link_problem("link-not-deflate").vi.contains("bị cắt"));
        let state = opened().apply(VariantsAction::Alert { alert: link_alert(&reason), hold_writes: false });
        let later = state
            .apply(VariantsAction::Edit(builtin::DEFAULT_TEXT.into()))
            .apply(VariantsAction::SetName("x".into()))
            .apply(VariantsAction::Stored(Ok(())));
        let alert = later.alert.clone().expect("still on screen after the next actions");
        assert_eq!(alert.kind, AlertKind::Link);
        assert!(alert.text.vi.contains("bộ tiêu chí chính thức") && !later.hold_writes);
        assert!(later.apply(VariantsAction::DismissAlert).alert.is_none());
    }

    #[test]
    fn a_link_or_a_file_is_not_official_until_saved() {
        let state = opened().apply(VariantsAction::Open { origin: Origin::Link, text: builtin::DEFAULT_TEXT.into() });
        assert!(state.origin.unofficial());
        let saved =
            state.apply(VariantsAction::SetName("từ liên kết".into())).apply(VariantsAction::Save { at: "t".into() });
        assert!(!saved.origin.unofficial());
    }

    #[test]
    fn an_edited_rule_set_is_not_official_and_its_changed_rule_says_from_what_and_by_whom() {
        let state = opened();
        assert!(state.rules.as_ref().unwrap().0.official, "the bundled text as it is");
        assert!(state.user_edits.is_empty());
        let edited =
            state.apply(VariantsAction::Edit(builtin::DEFAULT_TEXT.replacen("min_score = 90", "min_score = 85", 1)));
        let rules = &edited.rules.as_ref().unwrap().0;
        assert!(!rules.official, "an edited threshold is not the official text");
        assert_eq!(edited.user_edits.len(), 1);
        assert_eq!(edited.user_edits[0].describe().vi, format!("{}: ≥ 90 → ≥ 85", rules.levels[0].name.vi));
        let cite = rules.levels[0].source.as_ref().unwrap().cite(Lang::Vi);
        assert!(cite.contains("do người dùng sửa, văn bản ghi ≥ 90"), "{cite}");
        // Saved under a name, it stays not official; typed back to the text, it is official again.
        let saved =
            edited.apply(VariantsAction::SetName("Khung 85".into())).apply(VariantsAction::Save { at: "t".into() });
        assert!(!saved.rules.as_ref().unwrap().0.official);
        let back = saved.apply(VariantsAction::Edit(builtin::DEFAULT_TEXT.into()));
        assert!(back.rules.as_ref().unwrap().0.official && back.user_edits.is_empty());
        // A comment alone is a different text: not official, though no rule changed.
        let commented = state.apply(VariantsAction::Edit(format!("{}\n# ghi chú\n", builtin::DEFAULT_TEXT)));
        assert!(!commented.rules.as_ref().unwrap().0.official && commented.user_edits.is_empty());
    }

    #[test]
    fn a_saved_variant_of_another_bundled_rule_set_is_measured_once_its_text_is_fetched() {
        let text = builtin::rule_text("qd124-2023").unwrap();
        let Some((at, _)) = text.match_indices("min_score = ").next() else { return };
        let end = at + text[at..].find('\n').unwrap();
        let edited = format!("{}min_score = 99{}", &text[..at], &text[end..]);
        let state = opened().apply(VariantsAction::Open { origin: Origin::Saved("cũ".into()), text: edited });
        assert_eq!(state.missing_reference().as_deref(), Some("qd124-2023"));
        assert!(!state.rules.as_ref().unwrap().0.official, "not official until measured");
        let state = state.apply(VariantsAction::ReferenceFetched { id: "qd124-2023".into(), text: text.into() });
        assert_eq!(state.missing_reference(), None);
        assert_eq!(state.user_edits.len(), 1, "{:?}", state.user_edits);
        assert!(state.user_edits[0].to.contains("99"));
    }

    #[test]
    fn the_cases_show_which_broke_after_an_edit() {
        let cases = builtin::cases_text(builtin::DEFAULT).unwrap();
        let state =
            opened().apply(VariantsAction::SetCases { source: "qd366-2025.cases.toml".into(), text: cases.into() });
        let view = state.cases.clone().unwrap();
        assert_eq!(view.failed, 0, "{:?}", view.cases.iter().filter(|c| !c.failures.is_empty()).collect::<Vec<_>>());
        assert!(view.passed > 5);
        let edited =
            state.apply(VariantsAction::Edit(builtin::DEFAULT_TEXT.replacen("min_score = 90", "min_score = 95", 1)));
        assert!(edited.cases_stale, "a keystroke does not wait for the cases");
        let stale = edited.apply(VariantsAction::RunCases { edit: edited.edits - 1 });
        assert!(stale.cases_stale, "an older edit's request is ignored");
        let edited = edited.apply(VariantsAction::RunCases { edit: edited.edits });
        assert!(!edited.cases_stale);
        let view = edited.cases.clone().unwrap();
        assert!(view.failed >= 1);
        assert_eq!(view.passed + view.failed, view.cases.len());
        let broken = view.cases.iter().find(|c| !c.failures.is_empty()).unwrap();
        assert!(!broken.failures[0].message.vi.is_empty());
    }

    #[test]
    fn the_settings_form_changes_the_text_and_what_it_gives() {
        let state = opened();
        let threshold = state.knobs.iter().find(|k| k.id == "level.htxs.min_score").expect("a threshold");
        assert_eq!(threshold.value, "90");
        let changed = state.apply(VariantsAction::SetKnob { id: "level.htxs.min_score".into(), value: "95".into() });
        assert!(changed.text.contains("min_score = 95") && changed.compiles);
        assert_eq!(changed.opened, state.opened + 1, "the editor shows the new text");
        let rules = &changed.rules.as_ref().unwrap().0;
        assert_eq!(rules.levels[0].min_score.map(|n| n.to_string()).as_deref(), Some("95"));
        let refused = changed.apply(VariantsAction::SetKnob { id: "level.htxs.min_score".into(), value: "abc".into() });
        assert!(refused.message.is_some());
        assert_eq!(refused.text, changed.text, "a value the setting cannot take changes nothing");
    }

    #[test]
    fn caret_positions_and_line_columns_agree() {
        let text = "một\nhai ba\n";
        assert_eq!(offset_of(text, 2, 5), 8);
        assert_eq!(line_column(text, 8), (2, 5));
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(offset_of(text, 9, 1), text.encode_utf16().count());
    }

    #[test]
    fn an_overlay_is_edited_with_its_base_and_shared_as_itself() {
        let overlay = builtin::rule_text("qd366-vi-du-tinh").unwrap();
        let state = opened()
            .apply(VariantsAction::Open { origin: Origin::Builtin("qd366-vi-du-tinh".into()), text: overlay.into() });
        assert!(state.compiles, "{:?}", state.diagnostics);
        let rules = &state.rules.as_ref().unwrap().0;
        assert_eq!((rules.id.as_str(), rules.extends.as_deref()), ("qd366-vi-du-tinh", Some("qd366-2025")));
        assert_eq!(state.missing_base(), None, "the default rule set is in the page");
        // The share link carries the overlay's own text, not the merged rule set.
        assert_eq!(state.share_text(), overlay);
        assert!(state.share_text().len() < builtin::DEFAULT_TEXT.len() / 5);
        let opened_link =
            opened().apply(VariantsAction::Open { origin: Origin::Link, text: state.share_text().into() });
        assert!(opened_link.compiles);
        // The settings form shows the effective values and writes into the overlay.
        let threshold = state.knobs.iter().find(|k| k.id == "level.htxs.min_score").unwrap();
        assert_eq!((threshold.value.as_str(), threshold.span.clone()), ("90", None));
        let edited = state.apply(VariantsAction::SetKnob { id: "level.htxs.min_score".into(), value: "92".into() });
        assert!(
            edited.text.starts_with(overlay) && edited.text.ends_with("[[level]]\nid = \"htxs\"\nmin_score = 92\n")
        );
        assert_eq!(edited.rules.as_ref().unwrap().0.levels[0].min_score, xeploai::Num::parse("92").ok());
        // A mistake in the overlay is located in the edited text.
        let broken = state.apply(VariantsAction::Edit(format!("{overlay}\n[[level]]\nid = \"htt\"\nmin_score = 95\n")));
        assert!(!broken.compiles);
        let error = broken.diagnostics.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(error.location.file.as_deref(), Some(EDITED_FILE), "{error:?}");
        assert_eq!(error.location.line, Some(overlay.lines().count() as u32 + 4));
    }

    #[test]
    fn an_overlay_of_another_bundled_rule_set_waits_for_its_base() {
        let text = "[rule_set]\nextends = \"nd335-2025\"\nid = \"co-quan\"\nname = \"Cơ quan\"\nversion = \"1\"\n";
        let state = opened().apply(VariantsAction::Open { origin: Origin::Link, text: text.into() });
        assert!(!state.compiles);
        assert_eq!(state.missing_base().as_deref(), Some("nd335-2025"));
        let base = builtin::rule_text("nd335-2025").unwrap().to_string();
        let state = state.apply(VariantsAction::BaseFetched { id: "nd335-2025".into(), text: base });
        assert!(state.compiles, "{:?}", state.diagnostics);
        assert_eq!(state.missing_base(), None);
        assert_eq!(state.rules.as_ref().unwrap().0.extends.as_deref(), Some("nd335-2025"));
        // An unknown base is a diagnostic, not a fetch.
        let unknown = state.apply(VariantsAction::Edit(text.replace("nd335-2025", "qd999")));
        assert_eq!(unknown.missing_base(), None);
        assert_eq!(unknown.diagnostics[0].code, xeploai::Code::UnknownBase);
    }
}
