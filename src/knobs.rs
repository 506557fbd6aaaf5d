//! The common settings ("knobs") of a rule file, read and changed in its text.
//!
//! Trying out alternative criteria means changing a few values of a rule file: the minimum score of a level, a
//! quota's percentage, base, scope or rounding, the band-fallback policy. [`knobs`] lists them with their current
//! value, what values they take, and the byte span of the value in the text; [`set_knob`] replaces that span (or
//! inserts the key where it is absent and that makes sense), so every comment, blank line and the order of the file
//! survive. [`variant`] builds the classic one-click alternatives ("quota base good-only vs good-or-better",
//! "round down vs round to nearest") in one call, and [`changes`] says which settings differ between two texts.
//!
//! Knob ids: `level.<level id>.min_score`, `policy.band_fallback`, `policy.empty_share` (a policy may be set
//! without its `policy.` prefix), `quota.<quota id>.percent|base|scope|rounding|pool_subjects|enabled`, and
//! `rule.<rule id>.enabled` for every rule whose source is an assumption (switched off by inserting
//! `enabled = false`).

use std::ops::Range;

use serde::Serialize;
use toml::de::{DeTable, DeValue};

use crate::diag::{Code, Diagnostic, LineIndex, Location};
use crate::lang::Text;
use crate::num::Num;
use crate::overlay::Bases;
use crate::toml_doc::{Node, float_num};

/// One setting of a rule file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Knob {
    /// `level.htxs.min_score`, `quota.quota_htxs_members.base`, `policy.band_fallback`.
    pub id: String,
    pub label: Text,
    /// The value as one would type it: `90`, `89.5`, `good_only`, `base_org, task_group`; empty when absent.
    pub value: String,
    pub kind: KnobKind,
    /// Byte range of the value in the text; `None` when the key is absent ([`set_knob`] inserts it).
    pub span: Option<Range<usize>>,
    /// Line and column (from 1) of the value, or of the table it would be inserted in.
    pub line: u32,
    pub column: u32,
}

/// What values a knob takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum KnobKind {
    /// A number between `min` and `max` (inclusive, when given).
    Number {
        #[serde(skip_serializing_if = "Option::is_none")]
        min: Option<Num>,
        #[serde(skip_serializing_if = "Option::is_none")]
        max: Option<Num>,
    },
    /// One of the choices.
    Choice { choices: Vec<KnobChoice> },
    /// One or more of the choices, written as a list (`base_org, task_group`).
    List { choices: Vec<KnobChoice> },
    /// On or off (`true` / `false`): a quota, or a rule that rests on an assumption (`enabled`, on when absent).
    Switch,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KnobChoice {
    pub id: String,
    pub label: Text,
}

fn choices(list: &[(&str, &str, &str)]) -> Vec<KnobChoice> {
    list.iter().map(|(id, vi, en)| KnobChoice { id: id.to_string(), label: Text::new(*vi, *en) }).collect()
}

const BASES: &[(&str, &str, &str)] = &[
    ("good_only", "Chỉ số HTT (không tính HTXS)", "Good only (excellent not counted)"),
    ("good_or_better", "Số HTT và HTXS", "Good or better"),
];
const SCOPES: &[(&str, &str, &str)] = &[
    ("org", "Tổ chức trực tiếp (chi bộ)", "The member's own organization"),
    ("base_org", "Tổ chức cơ sở đảng", "The base organization"),
    ("task_group", "Nhóm nhiệm vụ tương đồng", "The task group"),
    ("whole", "Toàn danh sách", "The whole roster"),
];
const ROUNDINGS: &[(&str, &str, &str)] = &[
    ("floor", "Làm tròn xuống", "Round down"),
    ("nearest", "Làm tròn gần nhất (0,5 lên)", "Round to nearest (halves up)"),
    ("ceil", "Làm tròn lên", "Round up"),
];
const FALLBACKS: &[(&str, &str, &str)] = &[
    ("cascade", "Hạ dần tới mức đạt đủ điều kiện", "Move down to the first level whose conditions hold"),
    (
        "drop_one",
        "Hạ một mức (tiếp từng mức nếu mức đó cũng không đạt điều kiện)",
        "Move down one level (on, one at a time, while conditions fail)",
    ),
    ("lowest", "Xếp mức thấp nhất", "Go to the lowest level"),
];

const EMPTY_SHARES: &[(&str, &str, &str)] = &[
    (
        "neutral",
        "Không tính: điều kiện về tỷ lệ được coi là đạt",
        "Does not count: a condition on the share counts as met",
    ),
    ("not_met", "Điều kiện về tỷ lệ được coi là không đạt", "A condition on the share counts as not met"),
];

/// Where a knob's key would be inserted when absent: after the line holding this offset, with that line's indent.
#[derive(Clone, Debug)]
struct Insert {
    after: usize,
    key: &'static str,
}

/// A level's short name and minimum score.
type Threshold = (String, Num);

/// A knob with what [`set_knob`] needs to change it.
struct Found {
    knob: Knob,
    insert: Option<Insert>,
    /// For a level threshold: the neighbours' minimum scores (the level above, the level below), for the order.
    neighbours: (Option<Threshold>, Option<Threshold>),
    /// For a quota's percent: the ceiling the rule set declares (`max_percent`).
    ceiling: Option<Num>,
    /// In an overlay, a knob whose value comes from a base: where in the overlay its key would be added.
    addition: Option<Addition>,
}

fn table<'a, 'i>(node: &'a Node<'i>) -> Option<&'a DeTable<'i>> {
    match node.get_ref() {
        DeValue::Table(table) => Some(table),
        _ => None,
    }
}

fn array<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> &'a [Node<'i>] {
    match table.get(key).map(|n| n.get_ref()) {
        Some(DeValue::Array(items)) => items.as_ref(),
        _ => &[],
    }
}

fn string<'a>(table: &'a DeTable, key: &str) -> Option<&'a str> {
    match table.get(key)?.get_ref() {
        DeValue::String(s) => Some(s),
        _ => None,
    }
}

fn number(node: &Node) -> Option<Num> {
    match node.get_ref() {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok().map(Num::int),
        DeValue::Float(f) => float_num(f.as_str()),
        DeValue::String(s) => Num::parse(s).ok(),
        _ => None,
    }
}

/// The value of a knob as one would type it.
fn written(node: &Node) -> String {
    match node.get_ref() {
        DeValue::String(s) => s.to_string(),
        DeValue::Array(items) => items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::String(s) => s.to_string(),
                _ => String::new(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        DeValue::Boolean(b) => b.to_string(),
        _ => number(node).map(|n| n.to_string()).unwrap_or_default(),
    }
}

fn found_all(text: &str, bases: Bases) -> Result<Vec<Found>, Vec<Diagnostic>> {
    if crate::overlay::extends_of(text).is_some() {
        return found_in_overlay(text, bases);
    }
    let root = crate::toml_doc::parse(text, None)?;
    Ok(found_in(root.get_ref(), &LineIndex::new(text)))
}

/// The knobs of a parsed tree whose spans are offsets into the text of `index`.
fn found_in(root: &DeTable, index: &LineIndex) -> Vec<Found> {
    let mut out = Vec::new();
    let push = |out: &mut Vec<Found>, id: String, label: Text, kind: KnobKind, node: Option<&Node>, at: usize| {
        let offset = node.map_or(at, |n| n.span().start);
        let (line, column) = index.line_column(offset);
        out.push(Found {
            knob: Knob {
                id,
                label,
                value: node.map(written).unwrap_or_default(),
                kind,
                span: node.map(|n| n.span()),
                line,
                column,
            },
            insert: None,
            neighbours: (None, None),
            ceiling: None,
            addition: None,
        });
    };

    let score_max = root.get("scoring").and_then(table).and_then(|s| s.get("max")).and_then(number);
    let levels: Vec<&DeTable> = array(root, "level").iter().filter_map(table).collect();
    let thresholds: Vec<Option<Threshold>> = levels
        .iter()
        .map(|l| {
            let short = string(l, "short").or(string(l, "id")).unwrap_or_default().to_string();
            l.get("min_score").and_then(number).map(|n| (short, n))
        })
        .collect();
    for (i, level) in levels.iter().enumerate() {
        // The lowest level has no band: it takes everything below the others.
        if i + 1 == levels.len() {
            break;
        }
        let (Some(id), Some(id_node)) = (string(level, "id"), level.get("id")) else { continue };
        let short = string(level, "short").unwrap_or(id);
        let node = level.get("min_score");
        let label = Text::new(format!("Điểm tối thiểu mức {short}"), format!("Minimum score for {short}"));
        let kind = KnobKind::Number { min: Some(Num::ZERO), max: score_max };
        push(&mut out, format!("level.{id}.min_score"), label, kind, node, id_node.span().start);
        let last = out.len() - 1;
        if node.is_none() {
            out[last].insert = Some(Insert { after: id_node.span().end, key: "min_score" });
        }
        let above = thresholds[..i].iter().rev().find_map(|t| t.clone());
        let below = thresholds[i + 1..].iter().find_map(|t| t.clone());
        out[last].neighbours = (above, below);
    }

    let fallback = root.get("policy").and_then(table).and_then(|p| p.get("band_fallback")).and_then(table);
    if let Some(node) = fallback.and_then(|f| f.get("choice")) {
        let label = Text::new(
            "Khi điểm đạt khung nhưng không đạt điều kiện",
            "When the score is in a band but the conditions fail",
        );
        let kind = KnobKind::Choice { choices: choices(FALLBACKS) };
        push(&mut out, "policy.band_fallback".into(), label, kind, Some(node), 0);
    }
    let empty_share = root.get("policy").and_then(table).and_then(|p| p.get("empty_share")).and_then(table);
    if let Some(node) = empty_share.and_then(|f| f.get("choice")) {
        let label = Text::new(
            "Tỷ lệ khi mẫu số bằng 0 (không có nhiệm vụ nào được giao)",
            "A share with nothing to divide by (no tasks assigned)",
        );
        let kind = KnobKind::Choice { choices: choices(EMPTY_SHARES) };
        push(&mut out, "policy.empty_share".into(), label, kind, Some(node), 0);
    }

    for quota in array(root, "quota").iter().filter_map(table) {
        let Some(id) = string(quota, "id") else { continue };
        let at = quota.get("id").map_or(0, |n| n.span().start);
        let ceiling = quota.get("max_percent").and_then(number).filter(|m| *m >= Num::ZERO && *m <= Num::HUNDRED);
        let fields: [(&'static str, &str, &str, KnobKind); 6] = [
            (
                "percent",
                "Tỷ lệ tối đa (%)",
                "Maximum share (%)",
                KnobKind::Number { min: Some(Num::ZERO), max: Some(ceiling.unwrap_or(Num::HUNDRED)) },
            ),
            ("base", "Mẫu số của tỷ lệ", "Base of the share", KnobKind::Choice { choices: choices(BASES) }),
            ("scope", "Phạm vi tính tỷ lệ", "Scope of the quota", KnobKind::List { choices: choices(SCOPES) }),
            ("rounding", "Làm tròn số tối đa", "Rounding of the cap", KnobKind::Choice { choices: choices(ROUNDINGS) }),
            ("pool_subjects", "Tính chung các loại đối tượng", "Subject kinds counted together", KnobKind::Switch),
            ("enabled", "Áp dụng tỷ lệ", "Quota applied", KnobKind::Switch),
        ];
        for (field, vi, en, kind) in fields {
            let label = Text::new(format!("{vi} ({id})"), format!("{en} ({id})"));
            let node = quota.get(field);
            push(&mut out, format!("quota.{id}.{field}"), label, kind, node, at);
            insert_if_absent(&mut out, quota, field);
            if let Some(last) = out.last_mut() {
                match field {
                    "percent" => last.ceiling = ceiling,
                    // Absent means each kind its own group.
                    "pool_subjects" if last.knob.span.is_none() => last.knob.value = "false".into(),
                    _ => {}
                }
            }
        }
    }

    // Rules that rest on an assumption can be switched off.
    let conditions = levels.iter().flat_map(|l| array(l, "condition").iter().filter_map(table));
    let stages = ["not_classified", "disqualifier", "cap"];
    let rules = conditions.chain(stages.iter().flat_map(|stage| array(root, stage).iter().filter_map(table)));
    for rule in rules {
        let Some(id) = string(rule, "id") else { continue };
        let source = rule.get("source").and_then(table);
        if source.and_then(|s| string(s, "status")) != Some("assumption") {
            continue;
        }
        let name = rule.get("name").map(|n| match n.get_ref() {
            DeValue::String(s) => Text { vi: s.to_string(), en: None },
            DeValue::Table(t) => {
                Text { vi: string(t, "vi").unwrap_or(id).to_string(), en: string(t, "en").map(str::to_string) }
            }
            _ => Text { vi: id.to_string(), en: None },
        });
        let name = name.unwrap_or(Text { vi: id.to_string(), en: None });
        let label = Text::new(
            format!("Áp dụng giả định \"{}\" ({id})", name.vi),
            format!("Assumption \"{}\" applied ({id})", name.get(crate::Lang::En)),
        );
        let at = rule.get("id").map_or(0, |n| n.span().start);
        push(&mut out, format!("rule.{id}.enabled"), label, KnobKind::Switch, rule.get("enabled"), at);
        insert_if_absent(&mut out, rule, "enabled");
    }
    out
}

/// For the knob just pushed for `field` of `table`: when the field is absent, where to insert it (after the line
/// of the table's `id`); a switch that is absent is on.
fn insert_if_absent(out: &mut [Found], table: &DeTable, field: &'static str) {
    let Some(last) = out.last_mut() else { return };
    if last.knob.span.is_some() {
        return;
    }
    last.insert = Some(Insert { after: table.get("id").map_or(0, |n| n.span().end), key: field });
    if last.knob.kind == KnobKind::Switch {
        last.knob.value = "true".into();
    }
}

/// The settings of a rule file, in the order of the file: level thresholds (every level but the lowest), the band
/// fallback policy (when declared), each quota's percent, base, scope, rounding and switch, then a switch for each
/// rule that rests on an assumption (level conditions, not-classified cases, disqualifiers, caps). Only a text that is not
/// well-formed TOML gives an error; a file with content problems still has its knobs.
pub fn knobs(text: &str) -> Result<Vec<Knob>, Vec<Diagnostic>> {
    knobs_with(text, &crate::overlay::default_base)
}

/// [`knobs`] of a text that may be an overlay, with the bases it may extend: the effective values, each with its
/// span in the overlay's text, or none when it comes from a base (a change then adds it to the overlay).
pub fn knobs_with(text: &str, bases: Bases) -> Result<Vec<Knob>, Vec<Diagnostic>> {
    Ok(found_all(text, bases)?.into_iter().map(|f| f.knob).collect())
}

/// `text` with knob `id` set to `value` (as one would type it: `85`, `89,5`, `good_or_better`, `org, base_org`).
/// Only the value's text changes; a key that is absent is added on the line after the table's `id`.
pub fn set_knob(text: &str, id: &str, value: &str) -> Result<String, Diagnostic> {
    set_knobs(text, &[(id, value)])
}

/// [`set_knob`] for a text that may be an overlay: the change is written into the overlay's text.
pub fn set_knob_with(text: &str, id: &str, value: &str, bases: Bases) -> Result<String, Diagnostic> {
    set_knobs_with(text, &[(id, value)], bases)
}

/// Several knobs at once (each id at most once).
pub fn set_knobs(text: &str, settings: &[(&str, &str)]) -> Result<String, Diagnostic> {
    set_knobs_with(text, settings, &crate::overlay::default_base)
}

/// [`set_knobs`] for a text that may be an overlay: a knob the overlay does not write yet is added to it (the key
/// in its item, or the item, `[[level]] id = …`, at the end of the text).
pub fn set_knobs_with(text: &str, settings: &[(&str, &str)], bases: Bases) -> Result<String, Diagnostic> {
    let all = found_all(text, bases).map_err(|mut d| d.remove(0))?;
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut additions: Vec<(&Addition, String)> = Vec::new();
    for (position, (id, value)) in settings.iter().enumerate() {
        if settings[..position].iter().any(|(earlier, _)| earlier == id) {
            return Err(Diagnostic::new(
                Code::KnobValue,
                Location { path: Some(id.to_string()), ..Location::default() },
                format!("thiết lập `{id}` được đặt hai lần"),
                format!("the setting `{id}` is set twice"),
            ));
        }
        // A policy may be named without its prefix: `empty_share` is `policy.empty_share`.
        let found = all.iter().find(|f| f.knob.id == *id || f.knob.id.strip_prefix("policy.") == Some(*id));
        let Some(found) = found else {
            let ids: Vec<&str> = all.iter().map(|f| f.knob.id.as_str()).collect();
            return Err(Diagnostic::new(
                Code::UnknownKnob,
                Location { path: Some(id.to_string()), ..Location::default() },
                format!("tệp quy tắc không có thiết lập `{id}`; các thiết lập: {}", ids.join(", ")),
                format!("the rule file has no setting `{id}`; the settings are: {}", ids.join(", ")),
            ));
        };
        let literal = literal(found, value).map_err(|(code, vi, en)| {
            let location = Location {
                line: Some(found.knob.line),
                column: Some(found.knob.column),
                path: Some(id.to_string()),
                ..Location::default()
            };
            Diagnostic::new(code, location, vi, en)
        })?;
        match (&found.knob.span, &found.insert, &found.addition) {
            (Some(span), _, _) => edits.push((span.clone(), literal)),
            (None, Some(insert), _) => edits.push(insertion(text, insert, &literal)),
            (None, None, Some(addition)) => additions.push((addition, literal)),
            // Every absent knob has an insertion point.
            (None, None, None) => {}
        }
    }
    if !additions.is_empty() {
        edits.extend(overlay_additions(text, &additions));
    }
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = text.to_string();
    for (range, replacement) in edits {
        out.replace_range(range, &replacement);
    }
    Ok(out)
}

/// Where and what to insert for an absent key: in an inline table (`{ id = "x", … }`), `, key = value` right after
/// the id; in a table of its own, a line after the id's line, with the same indent.
fn insertion(text: &str, insert: &Insert, literal: &str) -> (Range<usize>, String) {
    let after = insert.after;
    let inline = text[after..].trim_start_matches([' ', '\t']).starts_with([',', '}']);
    if inline {
        return (after..after, format!(", {} = {literal}", insert.key));
    }
    let line_end = text[after..].find('\n').map_or(text.len(), |i| after + i);
    let line_start = text[..after].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = text[line_start..].chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    (line_end..line_end, format!("\n{indent}{} = {literal}", insert.key))
}

/// The TOML text for `value`, or why it is not allowed (code, Vietnamese, English).
fn literal(found: &Found, value: &str) -> Result<String, (Code, String, String)> {
    let value = value.trim();
    let knob_value = |(vi, en): (String, String)| (Code::KnobValue, vi, en);
    if let (Some(ceiling), Ok(number)) = (found.ceiling, Num::parse(value.trim_end_matches('%').trim_end())) {
        if number > ceiling {
            let ceiling = ceiling.to_plain_string();
            return Err((
                Code::QuotaCeiling,
                format!(
                    "tỷ lệ {value} vượt mức trần {ceiling}% của bộ quy tắc: cấp có thẩm quyền chỉ được cho tối đa {ceiling}% (`max_percent`)"
                ),
                format!(
                    "{value} is above this rule set's ceiling of {ceiling}%: the competent level may allow at most {ceiling}% (`max_percent`)"
                ),
            ));
        }
    }
    literal_in_range(found, value).map_err(knob_value)
}

fn literal_in_range(found: &Found, value: &str) -> Result<String, (String, String)> {
    match &found.knob.kind {
        KnobKind::Number { min, max } => {
            let is_percent = found.knob.id.ends_with(".percent");
            let body = if is_percent { value.trim_end_matches('%').trim_end() } else { value };
            let number = Num::parse(body)
                .ok()
                .filter(|_| !body.ends_with('%'))
                .ok_or_else(|| (format!("\"{value}\" không phải là một số"), format!("\"{value}\" is not a number")))?;
            if min.is_some_and(|m| number < m) || max.is_some_and(|m| number > m) {
                let range = |lang| {
                    format!(
                        "{}–{}",
                        min.map(|m| m.display(lang, 2)).unwrap_or_default(),
                        max.map(|m| m.display(lang, 2)).unwrap_or_default()
                    )
                };
                return Err((
                    format!("{value} nằm ngoài khoảng {}", range(crate::Lang::Vi)),
                    format!("{value} is outside {}", range(crate::Lang::En)),
                ));
            }
            if let Some((short, above)) = &found.neighbours.0 {
                if number >= *above {
                    return Err((
                        format!("điểm tối thiểu phải thấp hơn của mức {short} ({above})"),
                        format!("the minimum score must be below that of {short} ({above})"),
                    ));
                }
            }
            if let Some((short, below)) = &found.neighbours.1 {
                if number <= *below {
                    return Err((
                        format!("điểm tối thiểu phải cao hơn của mức {short} ({below})"),
                        format!("the minimum score must be above that of {short} ({below})"),
                    ));
                }
            }
            Ok(number.to_plain_string())
        }
        KnobKind::Choice { choices } => {
            check_choice(choices, value)?;
            Ok(format!("\"{value}\""))
        }
        KnobKind::Switch => match crate::input::parse_bool(value) {
            Some(on) => Ok(on.to_string()),
            None => Err((
                format!("\"{value}\" không phải true/false (có/không)"),
                format!("\"{value}\" is not true/false (yes/no)"),
            )),
        },
        KnobKind::List { choices } => {
            let items: Vec<&str> = value.split([',', ' ', ';']).filter(|s| !s.is_empty()).collect();
            if items.is_empty() {
                return Err(("cần ít nhất một giá trị".into(), "at least one value is needed".into()));
            }
            for item in &items {
                check_choice(choices, item)?;
            }
            let quoted: Vec<String> = items.iter().map(|item| format!("\"{item}\"")).collect();
            Ok(format!("[{}]", quoted.join(", ")))
        }
    }
}

fn check_choice(choices: &[KnobChoice], value: &str) -> Result<(), (String, String)> {
    if choices.iter().any(|c| c.id == value) {
        return Ok(());
    }
    let ids: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
    Err((
        format!("giá trị `{value}` không được phép; các giá trị: {}", ids.join(", ")),
        format!("`{value}` is not allowed; the values are: {}", ids.join(", ")),
    ))
}

/// A setting that differs between two rule texts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub knob: String,
    pub label: Text,
    /// Empty when the setting is absent on that side.
    pub from: String,
    pub to: String,
}

impl Change {
    /// "Mẫu số của tỷ lệ (quota_htxs_members): good_only → good_or_better".
    pub fn describe(&self) -> Text {
        let side = |v: &str| if v.is_empty() { "—".to_string() } else { v.to_string() };
        Text::new(
            format!("{}: {} → {}", self.label.vi, side(&self.from), side(&self.to)),
            format!("{}: {} → {}", self.label.get(crate::Lang::En), side(&self.from), side(&self.to)),
        )
    }
}

/// The knobs whose values differ between `left` and `right` (both must be well-formed TOML).
pub fn changes(left: &str, right: &str) -> Result<Vec<Change>, Vec<Diagnostic>> {
    changes_with(left, right, &crate::overlay::default_base)
}

/// [`changes`] between texts that may be overlays (their effective values are compared).
pub fn changes_with(left: &str, right: &str, bases: Bases) -> Result<Vec<Change>, Vec<Diagnostic>> {
    let left = knobs_with(left, bases)?;
    let right = knobs_with(right, bases)?;
    let mut out = Vec::new();
    for knob in &left {
        let to = right.iter().find(|k| k.id == knob.id).map(|k| k.value.clone()).unwrap_or_default();
        if to != knob.value {
            out.push(Change { knob: knob.id.clone(), label: knob.label.clone(), from: knob.value.clone(), to });
        }
    }
    for knob in right.iter().filter(|k| !left.iter().any(|l| l.id == k.id)) {
        if !knob.value.is_empty() {
            out.push(Change {
                knob: knob.id.clone(),
                label: knob.label.clone(),
                from: String::new(),
                to: knob.value.clone(),
            });
        }
    }
    Ok(out)
}

/// The classic alternatives, each one click: the same rule file with one kind of setting switched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Classic {
    /// Every quota's base switched: good only ↔ good or better.
    QuotaBase,
    /// Every quota's rounding switched: round down ↔ round to nearest (round up → round down).
    QuotaRounding,
    /// The band fallback switched: cascade ↔ drop one (lowest → cascade).
    BandFallback,
}

impl Classic {
    pub const ALL: [Classic; 3] = [Classic::QuotaBase, Classic::QuotaRounding, Classic::BandFallback];

    /// `quota-base`, `rounding`, `band-fallback` (for the CLI's `--classic`).
    pub fn id(self) -> &'static str {
        match self {
            Classic::QuotaBase => "quota-base",
            Classic::QuotaRounding => "rounding",
            Classic::BandFallback => "band-fallback",
        }
    }

    pub fn parse(id: &str) -> Option<Classic> {
        Classic::ALL.into_iter().find(|c| c.id() == id.trim())
    }

    pub fn label(self) -> Text {
        match self {
            Classic::QuotaBase => {
                Text::new("Mẫu số tỷ lệ xuất sắc: chỉ HTT hay HTT trở lên", "Quota base: good only vs good or better")
            }
            Classic::QuotaRounding => {
                Text::new("Làm tròn số tối đa: xuống hay gần nhất", "Quota rounding: down vs to nearest")
            }
            Classic::BandFallback => Text::new(
                "Khi không đạt điều kiện: hạ dần hay xếp mức thấp nhất",
                "When conditions fail: cascade vs the lowest level",
            ),
        }
    }

    fn field(self) -> &'static str {
        match self {
            Classic::QuotaBase => ".base",
            Classic::QuotaRounding => ".rounding",
            Classic::BandFallback => "policy.band_fallback",
        }
    }

    fn other(self, value: &str) -> &'static str {
        match (self, value) {
            (Classic::QuotaBase, "good_only") => "good_or_better",
            (Classic::QuotaBase, _) => "good_only",
            (Classic::QuotaRounding, "floor") => "nearest",
            (Classic::QuotaRounding, _) => "floor",
            // `drop_one` now gives the same levels as `cascade` (a fallback never gives a level whose conditions
            // fail), so the question worth asking is against `lowest`.
            (Classic::BandFallback, "cascade" | "drop_one") => "lowest",
            (Classic::BandFallback, _) => "cascade",
        }
    }
}

/// `text` with the classic alternative applied, and the settings that changed. A rule file without the setting
/// (no quota, no band fallback policy) gives `unknown-knob`.
pub fn variant(text: &str, classic: Classic) -> Result<(String, Vec<Change>), Diagnostic> {
    variant_with(text, classic, &crate::overlay::default_base)
}

/// [`variant`] of a text that may be an overlay (the change is written into the overlay).
pub fn variant_with(text: &str, classic: Classic, bases: Bases) -> Result<(String, Vec<Change>), Diagnostic> {
    let all = knobs_with(text, bases).map_err(|mut d| d.remove(0))?;
    let targets: Vec<&Knob> = all
        .iter()
        .filter(|k| {
            if classic == Classic::BandFallback {
                k.id == classic.field()
            } else {
                k.id.ends_with(classic.field()) && k.id.starts_with("quota.")
            }
        })
        .filter(|k| !k.value.is_empty())
        .collect();
    if targets.is_empty() {
        let label = classic.label();
        return Err(Diagnostic::new(
            Code::UnknownKnob,
            Location { path: Some(classic.id().to_string()), ..Location::default() },
            format!("tệp quy tắc không có thiết lập để so sánh \"{}\"", label.vi),
            format!("the rule file has no setting for \"{}\"", label.get(crate::Lang::En)),
        ));
    }
    let settings: Vec<(&str, &str)> = targets.iter().map(|k| (k.id.as_str(), classic.other(&k.value))).collect();
    let changed = set_knobs_with(text, &settings, bases)?;
    let changes = targets
        .iter()
        .map(|k| Change {
            knob: k.id.clone(),
            label: k.label.clone(),
            from: k.value.clone(),
            to: classic.other(&k.value).to_string(),
        })
        .collect();
    Ok((changed, changes))
}

/// Where a knob's key goes in an overlay that does not write it yet.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Addition {
    /// A field of an item of a list at the root (`[[level]]`, `[[quota]]`, `[[disqualifier]]` …).
    Item { list: &'static str, id: String, key: &'static str },
    /// A field of a level's condition.
    Condition { level: String, id: String, key: &'static str },
    /// A field of a section (`[policy.band_fallback]`).
    Section { header: &'static str, key: &'static str },
}

/// The addition a knob of an overlay needs, from its id and the merged tree.
fn addition_for(id: &str, merged: &DeTable) -> Option<Addition> {
    if let Some(policy) = id.strip_prefix("policy.") {
        let header = ["policy.band_fallback", "policy.empty_share"].into_iter().find(|h| h.ends_with(policy))?;
        return Some(Addition::Section { header, key: "choice" });
    }
    let (kind, rest) = id.split_once('.')?;
    let (item, field) = rest.rsplit_once('.')?;
    let key = ["min_score", "percent", "base", "scope", "rounding", "pool_subjects", "enabled"]
        .into_iter()
        .find(|k| *k == field)?;
    match kind {
        "level" => Some(Addition::Item { list: "level", id: item.to_string(), key }),
        "quota" => Some(Addition::Item { list: "quota", id: item.to_string(), key }),
        "rule" => {
            for level in array(merged, "level").iter().filter_map(table) {
                if array(level, "condition").iter().filter_map(table).any(|c| string(c, "id") == Some(item)) {
                    let level = string(level, "id")?.to_string();
                    return Some(Addition::Condition { level, id: item.to_string(), key });
                }
            }
            let list = ["not_classified", "disqualifier", "cap"]
                .into_iter()
                .find(|list| array(merged, list).iter().filter_map(table).any(|r| string(r, "id") == Some(item)))?;
            Some(Addition::Item { list, id: item.to_string(), key })
        }
        _ => None,
    }
}

/// The knobs of an overlay: the effective values of the merged tree, located in the overlay's text when the
/// overlay writes them, otherwise to be added to it ([`Addition`]) and located at its `extends`.
fn found_in_overlay(text: &str, bases: Bases) -> Result<Vec<Found>, Vec<Diagnostic>> {
    let chain = crate::overlay::chain(text, None, bases)?;
    let (root, _, _) = chain.merge();
    let DeValue::Table(merged) = root.get_ref() else { return Ok(Vec::new()) };
    let mut found = found_in(merged, &LineIndex::new(&chain.text));
    let start = chain.map.overlay_start();
    let local = LineIndex::new(text);
    let extends = local.line_column(text.find("extends").unwrap_or(0));
    for f in &mut found {
        let own = match (f.knob.span.clone(), &mut f.insert) {
            (Some(span), _) if span.start >= start => {
                f.knob.span = Some(span.start - start..span.end - start);
                Some(span.start - start)
            }
            (None, Some(insert)) if insert.after >= start => {
                insert.after -= start;
                Some(insert.after)
            }
            _ => None,
        };
        let (line, column) = match own {
            Some(offset) => local.line_column(offset),
            None => {
                f.knob.span = None;
                f.insert = None;
                f.addition = addition_for(&f.knob.id, merged);
                extends
            }
        };
        (f.knob.line, f.knob.column) = (line, column);
    }
    Ok(found)
}

/// The edits that add knobs to an overlay's text: a key into an item the overlay has, a condition into a level it
/// has, or new items and sections at the end.
fn overlay_additions(text: &str, additions: &[(&Addition, String)]) -> Vec<(Range<usize>, String)> {
    let Ok(root) = crate::toml_doc::parse(text, None) else { return Vec::new() };
    let root = root.get_ref();
    let item = |list: &str, id: &str| -> Option<&DeTable> {
        array(root, list).iter().filter_map(table).find(|t| string(t, "id") == Some(id))
    };
    let after_id = |table: &DeTable, key: &'static str, literal: &str| {
        let after = table.get("id").map_or(0, |n| n.span().end);
        insertion(text, &Insert { after, key }, literal)
    };
    let mut edits = Vec::new();
    // Appended at the end: (header, id, lines), nested conditions as their own entries after their level.
    let mut appended: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut append =
        |header: String, id: String, line: String| match appended.iter_mut().find(|(h, i, _)| *h == header && *i == id)
        {
            Some((_, _, lines)) => lines.push(line),
            None => appended.push((header, id, vec![line])),
        };
    for (addition, literal) in additions {
        match addition {
            Addition::Item { list, id, key } => match item(list, id) {
                Some(table) => edits.push(after_id(table, key, literal)),
                None => append(format!("[[{list}]]"), id.clone(), format!("{key} = {literal}")),
            },
            Addition::Condition { level, id, key } => {
                let Some(level_table) = item("level", level) else {
                    append("[[level]]".into(), level.clone(), String::new());
                    append("  [[level.condition]]".into(), id.clone(), format!("  {key} = {literal}"));
                    continue;
                };
                let condition =
                    array(level_table, "condition").iter().filter_map(table).find(|c| string(c, "id") == Some(id));
                match condition {
                    Some(condition) => edits.push(after_id(condition, key, literal)),
                    None => {
                        // At the end of the level's part of the text: before the next header that is not one of
                        // its conditions.
                        let from = level_table.get("id").map_or(0, |n| n.span().end);
                        let mut offset = text.len();
                        let mut at = from + text[from..].find('\n').map_or(text.len() - from, |i| i + 1);
                        while at < text.len() {
                            let line = &text[at..];
                            let trimmed = line.trim_start();
                            if trimmed.starts_with('[') && !trimmed.starts_with("[[level.condition") {
                                offset = at;
                                break;
                            }
                            at += line.find('\n').map_or(line.len(), |i| i + 1);
                        }
                        let block = format!("\n  [[level.condition]]\n  id = \"{id}\"\n  {key} = {literal}\n");
                        let block =
                            if offset == text.len() && !text.ends_with('\n') { format!("\n{block}") } else { block };
                        edits.push((offset..offset, block));
                    }
                }
            }
            Addition::Section { header, key } => match text.find(&format!("[{header}]")) {
                Some(at) => {
                    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                    edits.push((end..end, format!("\n{key} = {literal}")));
                }
                None => append(format!("[{header}]"), String::new(), format!("{key} = {literal}")),
            },
        }
    }
    if !appended.is_empty() {
        let mut block = String::new();
        if !text.ends_with('\n') {
            block.push('\n');
        }
        for (header, id, lines) in appended {
            let indent: String = header.chars().take_while(|c| *c == ' ').collect();
            block.push_str(&format!("\n{header}\n"));
            if !id.is_empty() {
                block.push_str(&format!("{indent}id = \"{id}\"\n"));
            }
            for line in lines.iter().filter(|l| !l.is_empty()) {
                block.push_str(line);
                block.push('\n');
            }
        }
        edits.push((text.len()..text.len(), block));
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &str = crate::builtin::DEFAULT_TEXT;

    /// The edited text loads, and differs from the original only at `span` (which now reads `replacement`).
    fn check_only(original: &str, edited: &str, span: Range<usize>, replacement: &str) {
        assert_eq!(&edited[..span.start], &original[..span.start]);
        assert_eq!(&edited[span.start..span.start + replacement.len()], replacement);
        assert_eq!(&edited[span.start + replacement.len()..], &original[span.end..]);
        let (rules, diagnostics) = crate::load(edited, None);
        assert!(rules.is_some(), "{diagnostics:#?}");
    }

    fn knob(text: &str, id: &str) -> Knob {
        knobs(text).unwrap().into_iter().find(|k| k.id == id).unwrap_or_else(|| panic!("no knob {id}"))
    }

    #[test]
    fn lists_the_settings_of_the_default_rule_set() {
        let all: Vec<String> = knobs(RULES).unwrap().into_iter().map(|k| format!("{}={}", k.id, k.value)).collect();
        let quota = |id: &str| {
            ["percent=20", "base=good_only", "scope=base_org", "rounding=floor", "pool_subjects=false", "enabled=true"]
                .map(|setting| format!("quota.{id}.{setting}"))
        };
        let mut expected: Vec<String> = [
            "level.htxs.min_score=90",
            "level.htt.min_score=70",
            "level.ht.min_score=50",
            "policy.band_fallback=cascade",
            "policy.empty_share=neutral",
        ]
        .map(String::from)
        .to_vec();
        expected.extend(quota("quota_htxs_members"));
        expected.extend(quota("quota_htxs_collectives"));
        let fixed = expected.len();
        assert_eq!(all[..fixed], expected[..]);
        // Then a switch for every rule that rests on an assumption, in the order of the file; confirmed rules
        // have none.
        assert_eq!(all[fixed], "rule.htxs_led_units_on_time.enabled=true");
        assert!(all.contains(&"rule.cap_sick_leave.enabled=false".to_string()));
        assert!(all.contains(&"rule.kht_basic_targets_any.enabled=true".to_string()));
        assert!(!all.iter().any(|k| k.starts_with("rule.htxs_tasks_on_time.")));
        assert!(!all.iter().any(|k| k.starts_with("rule.kht_disciplined.")));
        let rules = crate::load(RULES, None).0.unwrap();
        let assumptions = rules.all_rules().filter(|(_, r)| r.source.status == crate::ruleset::Status::Assumption);
        assert_eq!(all.len() - fixed, assumptions.count());
        let threshold = knob(RULES, "level.htxs.min_score");
        assert_eq!(&RULES[threshold.span.clone().unwrap()], "90");
        assert_eq!(threshold.kind, KnobKind::Number { min: Some(Num::ZERO), max: Some(Num::HUNDRED) });
        assert_eq!(threshold.label.vi, "Điểm tối thiểu mức HTXS");
        assert_eq!(&RULES[knob(RULES, "quota.quota_htxs_members.base").span.unwrap()], "\"good_only\"");
    }

    #[test]
    fn a_threshold_changes_only_its_value_and_keeps_comments() {
        let before = knob(RULES, "level.htxs.min_score");
        let edited = set_knob(RULES, "level.htxs.min_score", "85,5").unwrap();
        check_only(RULES, &edited, before.span.unwrap(), "85.5");
        assert!(edited.contains("# Cách đọc tệp này"));
        assert_eq!(knob(&edited, "level.htxs.min_score").value, "85.5");
        let rules = crate::load(&edited, None).0.unwrap();
        assert_eq!(rules.levels[0].min_score, Num::parse("85.5").ok());
    }

    #[test]
    fn every_kind_of_knob_round_trips() {
        for (id, value, written) in [
            ("quota.quota_htxs_members.percent", "15%", "15"),
            ("quota.quota_htxs_members.percent", "12.5", "12.5"),
            ("quota.quota_htxs_members.base", "good_or_better", "\"good_or_better\""),
            ("quota.quota_htxs_members.rounding", "nearest", "\"nearest\""),
            ("quota.quota_htxs_members.scope", "org, task_group", "[\"org\", \"task_group\"]"),
            ("policy.band_fallback", "drop_one", "\"drop_one\""),
        ] {
            let before = knob(RULES, id);
            let edited = set_knob(RULES, id, value).unwrap();
            check_only(RULES, &edited, before.span.unwrap(), written);
            assert_eq!(knob(&edited, id).value, value.trim_end_matches('%'), "{id}");
        }
        let rules =
            crate::load(&set_knob(RULES, "quota.quota_htxs_members.rounding", "ceil").unwrap(), None).0.unwrap();
        assert_eq!(rules.quotas[0].rounding, crate::doc::Rounding::Ceil);
    }

    #[test]
    fn an_assumption_is_switched_off_by_inserting_enabled() {
        let edited = set_knob(RULES, "rule.cap_civil_servant_ht.enabled", "không").unwrap();
        let id_line = "id = \"cap_civil_servant_ht\"\n";
        assert_eq!(edited, RULES.replacen(id_line, &format!("{id_line}enabled = false\n"), 1));
        let (rules, diagnostics) = crate::load(&edited, None);
        let rules = rules.unwrap();
        assert!(!rules.caps.iter().find(|c| c.rule.id == "cap_civil_servant_ht").unwrap().rule.enabled);
        assert!(diagnostics.iter().any(|d| d.code == Code::DisabledRule));
        assert_eq!(knob(&edited, "rule.cap_civil_servant_ht.enabled").value, "false");
        // Present now, so switching back replaces the value.
        let back = set_knob(&edited, "rule.cap_civil_servant_ht.enabled", "true").unwrap();
        assert_eq!(back, RULES.replacen(id_line, &format!("{id_line}enabled = true\n"), 1));
        let off = set_knob(RULES, "quota.quota_htxs_members.enabled", "false").unwrap();
        assert!(!crate::load(&off, None).0.unwrap().quotas[0].enabled);
        assert_eq!(set_knob(RULES, "quota.quota_htxs_members.enabled", "maybe").unwrap_err().code, Code::KnobValue);
    }

    #[test]
    fn the_quota_percent_stops_at_the_ceiling_of_the_rule_set() {
        // QĐ 366 Điều 11 k1: 20%, and up to 25% by exception; never more.
        let percent = knob(RULES, "quota.quota_htxs_members.percent");
        assert_eq!(percent.kind, KnobKind::Number { min: Some(Num::ZERO), max: Some(Num::int(25)) });
        let edited = set_knob(RULES, "quota.quota_htxs_members.percent", "25").unwrap();
        assert_eq!(crate::load(&edited, None).0.unwrap().quotas[0].share, Num::percent(Num::int(25)));
        for above in ["26", "25,5", "26%", "100"] {
            let error = set_knob(RULES, "quota.quota_htxs_members.percent", above).unwrap_err();
            assert_eq!(error.code, Code::QuotaCeiling, "{above}");
            assert!(error.message.vi.contains("vượt mức trần 25%"), "{}", error.message.vi);
            assert!(error.message.en.as_deref().unwrap().contains("ceiling of 25%"), "{:?}", error.message.en);
            assert_eq!(error.location.path.as_deref(), Some("quota.quota_htxs_members.percent"));
            assert!(error.location.line.is_some());
        }
        // Without a ceiling, up to 100 as before.
        let no_ceiling = RULES.replacen("max_percent = 25\n", "", 1);
        assert!(set_knob(&no_ceiling, "quota.quota_htxs_members.percent", "26").is_ok());
        // A file that sets the percent above its own ceiling is an error too.
        let (rules, diagnostics) = crate::load(&RULES.replacen("percent = 20\n", "percent = 26\n", 1), None);
        assert!(rules.is_none());
        assert!(diagnostics.iter().any(|d| d.code == Code::QuotaCeiling), "{diagnostics:?}");
        let (_, diagnostics) = crate::load(&RULES.replacen("max_percent = 25\n", "max_percent = 125\n", 1), None);
        assert!(diagnostics.iter().any(|d| d.code == Code::QuotaPercent), "{diagnostics:?}");
    }

    #[test]
    fn pooling_subject_kinds_is_a_switch() {
        let pool = knob(RULES, "quota.quota_htxs_members.pool_subjects");
        assert_eq!((pool.kind.clone(), pool.value.as_str()), (KnobKind::Switch, "false"));
        // The collectives' quota does not write it: absent means each kind on its own.
        let absent = knob(RULES, "quota.quota_htxs_collectives.pool_subjects");
        assert_eq!((absent.value.as_str(), absent.span.is_none()), ("false", true));
        let pooled = set_knob(RULES, "quota.quota_htxs_members.pool_subjects", "có").unwrap();
        assert!(crate::load(&pooled, None).0.unwrap().quotas[0].pool_subjects);
        assert!(!crate::load(RULES, None).0.unwrap().quotas[0].pool_subjects);
        let inserted = set_knob(RULES, "quota.quota_htxs_collectives.pool_subjects", "true").unwrap();
        assert!(crate::load(&inserted, None).0.unwrap().quotas[1].pool_subjects);
    }

    #[test]
    fn a_key_is_inserted_into_an_inline_table() {
        let text = "quota = [{ id = \"q\", name = \"Q\" }]  # tỷ lệ\n";
        let edited = set_knob(text, "quota.q.enabled", "false").unwrap();
        assert_eq!(edited, "quota = [{ id = \"q\", enabled = false, name = \"Q\" }]  # tỷ lệ\n");
        assert!(crate::toml_doc::parse(&edited, None).is_ok());
    }

    #[test]
    fn bad_values_are_located_and_coded() {
        let cases = [
            ("level.htxs.min_score", "abc", Code::KnobValue),
            ("level.htxs.min_score", "101", Code::KnobValue),
            ("level.htt.min_score", "95", Code::KnobValue), // above HTXS
            ("level.htt.min_score", "50", Code::KnobValue), // not above HT
            ("quota.quota_htxs_members.percent", "120", Code::QuotaCeiling),
            ("quota.quota_htxs_members.percent", "-1", Code::KnobValue),
            ("quota.quota_htxs_members.base", "everyone", Code::KnobValue),
            ("quota.quota_htxs_members.scope", "", Code::KnobValue),
            ("quota.quota_htxs_members.scope", "org, nation", Code::KnobValue),
            ("policy.band_fallback", "random", Code::KnobValue),
            ("level.kht.min_score", "10", Code::UnknownKnob),
            ("quota.nope.base", "good_only", Code::UnknownKnob),
        ];
        for (id, value, code) in cases {
            let error = set_knob(RULES, id, value).unwrap_err();
            assert_eq!(error.code, code, "{id} = {value}: {}", error.render(crate::Lang::En));
            assert!(error.message.en.is_some());
        }
        let error = set_knob(RULES, "level.htt.min_score", "95").unwrap_err();
        assert_eq!(
            error.render(crate::Lang::En),
            format!(
                "{}:{} [level.htt.min_score]: error[knob-value]: the minimum score must be below that of HTXS (90)",
                knob(RULES, "level.htt.min_score").line,
                knob(RULES, "level.htt.min_score").column
            )
        );
        assert!(error.message.vi.contains("HTXS"));
        assert_eq!(set_knob("a = [", "x", "1").unwrap_err().code, Code::TomlSyntax);
        let twice = [("policy.band_fallback", "lowest"), ("policy.band_fallback", "drop_one")];
        assert_eq!(set_knobs(RULES, &twice).unwrap_err().code, Code::KnobValue);
    }

    #[test]
    fn a_file_without_quota_or_policy() {
        let text =
            "[rule_set]\nid = \"x\"\n\n# mức\n[[level]]\n  id = \"a\"  # tốt\n  short = \"A\"\n[[level]]\nid = \"b\"\n";
        let all = knobs(text).unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!((all[0].id.as_str(), all[0].value.as_str(), all[0].span.clone()), ("level.a.min_score", "", None));
        // An absent threshold is inserted on the line after the level's id, with its indent.
        let edited = set_knob(text, "level.a.min_score", "60").unwrap();
        assert_eq!(edited, text.replace("  id = \"a\"  # tốt\n", "  id = \"a\"  # tốt\n  min_score = 60\n"));
        assert_eq!(variant(text, Classic::QuotaBase).unwrap_err().code, Code::UnknownKnob);
        assert_eq!(variant(text, Classic::BandFallback).unwrap_err().code, Code::UnknownKnob);
    }

    #[test]
    fn classic_variants_are_one_call() {
        let (text, changed) = variant(RULES, Classic::QuotaBase).unwrap();
        assert_eq!(changed.len(), 2, "both quotas");
        assert_eq!(
            changed[0].describe().en.unwrap(),
            "Base of the share (quota_htxs_members): good_only → good_or_better"
        );
        assert_eq!(changes(RULES, &text).unwrap(), changed);
        let rules = crate::load(&text, None).0.unwrap();
        assert_eq!(rules.quotas[0].base, crate::doc::QuotaBase::GoodOrBetter);
        // Switching back gives the original text.
        assert_eq!(variant(&text, Classic::QuotaBase).unwrap().0, RULES);

        let (text, changed) = variant(RULES, Classic::QuotaRounding).unwrap();
        assert_eq!((changed[0].from.as_str(), changed[0].to.as_str()), ("floor", "nearest"));
        assert_eq!(crate::load(&text, None).0.unwrap().quotas[0].rounding, crate::doc::Rounding::Nearest);
        let (text, _) = variant(RULES, Classic::BandFallback).unwrap();
        assert_eq!(crate::load(&text, None).0.unwrap().band_fallback, crate::doc::BandFallback::Lowest);
        for classic in Classic::ALL {
            assert_eq!(Classic::parse(classic.id()), Some(classic));
        }
        assert!(changes(RULES, RULES).unwrap().is_empty());
    }

    /// An overlay of the default rule set, as the variants workbench would hold it.
    const OVERLAY: &str = "[rule_set]\nextends = \"qd366-2025\"\nid = \"tinh\"\nname = \"Tỉnh\"\nversion = \"1\"\n";

    fn load_overlay(text: &str) -> crate::RuleSet {
        let (rules, diagnostics) = crate::load(text, Some("tinh.toml"));
        rules.unwrap_or_else(|| panic!("{text}\n{diagnostics:#?}"))
    }

    #[test]
    fn an_overlay_shows_the_effective_values_and_a_change_goes_into_the_overlay() {
        let threshold = knob(OVERLAY, "level.htxs.min_score");
        assert_eq!((threshold.value.as_str(), threshold.span.clone()), ("90", None), "from the base");
        assert_eq!((threshold.line, threshold.column), (2, 1), "located at `extends`");
        assert_eq!(knobs(OVERLAY).unwrap().len(), knobs(RULES).unwrap().len());

        let edited = set_knob(OVERLAY, "level.htxs.min_score", "85").unwrap();
        assert_eq!(edited, format!("{OVERLAY}\n[[level]]\nid = \"htxs\"\nmin_score = 85\n"));
        assert_eq!(load_overlay(&edited).levels[0].min_score, Some(Num::int(85)));
        // Now the overlay writes it: a second change replaces the value in place.
        let span = knob(&edited, "level.htxs.min_score").span.unwrap();
        assert_eq!(&edited[span.clone()], "85");
        let again = set_knob(&edited, "level.htxs.min_score", "88").unwrap();
        assert_eq!(again, edited.replace("min_score = 85", "min_score = 88"));
        // A key the overlay's item does not have yet goes after its id; the order check sees the merged levels.
        let name_only = format!("{OVERLAY}\n[[level]]\nid = \"htt\"\nshort = \"HTT\"\n");
        let edited = set_knob(&name_only, "level.htt.min_score", "72").unwrap();
        assert_eq!(edited, name_only.replace("id = \"htt\"\n", "id = \"htt\"\nmin_score = 72\n"));
        assert_eq!(set_knob(&name_only, "level.htt.min_score", "95").unwrap_err().code, Code::KnobValue);
    }

    #[test]
    fn an_overlay_gets_the_items_and_sections_it_lacks() {
        // A level condition that rests on an assumption: its level and the condition are added.
        let edited = set_knob(OVERLAY, "rule.htxs_led_units_on_time.enabled", "false").unwrap();
        assert_eq!(
            edited,
            format!(
                "{OVERLAY}\n[[level]]\nid = \"htxs\"\n\n  [[level.condition]]\n  id = \"htxs_led_units_on_time\"\n  enabled = false\n"
            )
        );
        let rules = load_overlay(&edited);
        let condition = rules.levels[0].conditions.iter().find(|c| c.id == "htxs_led_units_on_time").unwrap();
        assert!(!condition.enabled);
        assert_eq!(condition.source.overlay.as_ref().map(|n| n.id.as_str()), Some("tinh"));
        // The overlay has the level now: another condition goes into it, before the next header.
        let more = format!("{edited}\n[[quota]]\nid = \"quota_htxs_members\"\npercent = 25\n");
        let twice = set_knob(&more, "rule.htxs_own_tasks.enabled", "false").unwrap();
        let rules = load_overlay(&twice);
        assert!(!rules.levels[0].conditions.iter().find(|c| c.id == "htxs_own_tasks").unwrap().enabled);
        assert!(twice.find("htxs_own_tasks").unwrap() < twice.find("[[quota]]").unwrap());
        assert_eq!(twice.matches("[[level]]").count(), 1);
        // A section: only its choice is written; its source stays the base's.
        let edited = set_knob(OVERLAY, "policy.band_fallback", "lowest").unwrap();
        assert_eq!(edited, format!("{OVERLAY}\n[policy.band_fallback]\nchoice = \"lowest\"\n"));
        let rules = load_overlay(&edited);
        assert_eq!(rules.band_fallback, crate::doc::BandFallback::Lowest);
        assert!(rules.band_fallback_source.as_ref().unwrap().reason.is_some());
        // A classic variant of an overlay: both quotas added, each once.
        let (edited, changed) = variant(OVERLAY, Classic::QuotaBase).unwrap();
        assert_eq!(changed.len(), 2);
        assert_eq!(edited.matches("[[quota]]").count(), 2);
        assert!(load_overlay(&edited).quotas.iter().all(|q| q.base == crate::doc::QuotaBase::GoodOrBetter));
        assert_eq!(changes(OVERLAY, &edited).unwrap(), changed);
        // The provincial example: the same, into its own text.
        let example = crate::builtin::rule_text("qd366-vi-du-tinh").unwrap();
        let edited = set_knob(example, "quota.quota_htxs_members.percent", "25").unwrap();
        assert!(edited.starts_with(example));
        assert_eq!(load_overlay(&edited).quotas[0].share, Num::percent(Num::int(25)));
    }
}
