//! The limits on lists: at most [`MAX_LEVELS`] levels and [`MAX_RULES`] rules in one list, counted on the text
//! before it is parsed ([`count_tables`]) and on the document ([`rule_lists`]); past a limit the file is not read
//! further.

use std::ops::ControlFlow;

use super::Compiler;
use crate::diag::{Code, Diagnostic, LineIndex, has_errors};
use crate::ruleset::{MAX_LEVELS, MAX_RULES};

/// The length of every list of rules (a level's conditions, not-classified cases, disqualifiers, caps, checks):
/// a list past [`MAX_RULES`] is an error, and then compiling stops.
pub(super) fn rule_lists(c: &mut Compiler) -> ControlFlow<()> {
    let doc = c.doc;
    let mut too_many = |count: usize, path: &str| {
        if count > MAX_RULES {
            c.diag.push(
                Code::TooManyRules,
                0,
                path,
                format!("tối đa {MAX_RULES} quy tắc mỗi loại"),
                format!("at most {MAX_RULES} rules of one kind"),
            );
        }
    };
    too_many(doc.not_classified.len(), "not_classified");
    too_many(doc.disqualifier.len(), "disqualifier");
    too_many(doc.cap.len(), "cap");
    too_many(doc.check.len(), "check");
    for (i, l) in doc.level.iter().enumerate() {
        too_many(l.condition.len(), &format!("level[{i}].condition"));
    }
    if has_errors(&c.diag.diagnostics)
        && doc
            .level
            .iter()
            .map(|l| l.condition.len())
            .chain([doc.not_classified.len(), doc.disqualifier.len(), doc.cap.len(), doc.check.len()])
            .any(|n| n > MAX_RULES)
    {
        return ControlFlow::Break(());
    }
    ControlFlow::Continue(())
}

/// The lists of rules, by the name of their array of tables in a rule file.
const RULE_LISTS: [&str; 4] = ["level.condition", "not_classified", "disqualifier", "cap"];

/// Count the arrays of tables (`[[level]]`, `[[level.condition]]` …) line by line, before parsing: the first header
/// past [`MAX_LEVELS`] levels or [`MAX_RULES`] rules in one list is a `too-many-levels` / `too-many-rules` error
/// at its line. A level's conditions are counted per level. Rules written as inline arrays are counted after
/// parsing, by [`rule_lists`], and the text is bounded by [`crate::toml_doc::MAX_FILE_BYTES`].
pub(super) fn count_tables(text: &str, file: Option<&str>) -> Option<Diagnostic> {
    // (header name, count): a rule file has a handful of kinds of array of tables.
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let Some(header) = line.trim_start().strip_prefix("[[") else { continue };
        let Some(end) = header.find("]]") else { continue };
        let name = header[..end].trim();
        let count = match counts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, count)) => {
                *count += 1;
                *count
            }
            None => {
                counts.push((name, 1));
                1
            }
        };
        if name == "level" {
            counts.retain(|(key, _)| !key.starts_with("level."));
        }
        let limit = if name == "level" {
            (count > MAX_LEVELS).then(|| {
                (
                    Code::TooManyLevels,
                    format!("tối đa {MAX_LEVELS} mức xếp loại"),
                    format!("at most {MAX_LEVELS} levels"),
                )
            })
        } else {
            (RULE_LISTS.contains(&name) && count > MAX_RULES).then(|| {
                (
                    Code::TooManyRules,
                    format!("tối đa {MAX_RULES} quy tắc trong [[{name}]]"),
                    format!("at most {MAX_RULES} rules in [[{name}]]"),
                )
            })
        };
        if let Some((code, vi, en)) = limit {
            let location = LineIndex::new(text).location(file, start + (line.len() - line.trim_start().len()), None);
            return Some(Diagnostic::new(
                code,
                location,
                format!("{vi} (giới hạn); tệp không được đọc tiếp"),
                format!("{en} (the limit); the file is not read further"),
            ));
        }
    }
    None
}
