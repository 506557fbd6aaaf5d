//! Fields many sections share: the subject kinds a rule or fact applies to (`subjects`), and where it comes from
//! (`source`).

use std::collections::HashMap;

use super::reporter::Reporter;
use crate::diag::Code;
use crate::doc::{SourceDoc, StatusDoc};
use crate::lang::Text;
use crate::ruleset::{Document, Provenance, Status, SubjectSet};
use crate::toml_doc::Spanned;

/// `subjects = [...]`: the kinds named, each known; all of them when the field is absent.
pub(super) fn subject_set(
    diag: &mut Reporter,
    subjects: &Option<Spanned<Vec<String>>>,
    known: &HashMap<String, usize>,
    all: SubjectSet,
    path: &str,
) -> SubjectSet {
    let Some(list) = subjects else { return all };
    let mut set = 0u64;
    for name in list.get_ref() {
        match known.get(name) {
            Some(&index) => set |= 1 << index,
            None => {
                // The indices are 0..n in declaration order (`subjects.rs`): placed, not sorted (one sort less in
                // the pages' WebAssembly).
                let mut names: Vec<&str> = vec![""; known.len()];
                for (n, &i) in known {
                    if let Some(slot) = names.get_mut(i) {
                        *slot = n.as_str();
                    }
                }
                diag.push(
                    Code::UnknownSubject,
                    list.span().start,
                    format!("{path}.subjects"),
                    format!("không có loại đối tượng `{name}`; các loại: {}", names.join(", ")),
                    format!("there is no subject kind `{name}`; the kinds are: {}", names.join(", ")),
                )
            }
        }
    }
    SubjectSet(set)
}

/// `source = { doc, at, status, reason }`: a declared document, and the reason of an assumption. A missing source is
/// reported when `required`.
pub(super) fn provenance(
    diag: &mut Reporter,
    source: &Option<SourceDoc>,
    documents: &[Document],
    at_offset: usize,
    path: &str,
    required: bool,
) -> Option<Provenance> {
    let Some(source) = source else {
        if required {
            diag.push(
                Code::MissingProvenance,
                at_offset,
                format!("{path}.source"),
                "thiếu nguồn (`source`): văn bản, điều khoản và mức độ chắc chắn",
                "missing `source`: document, clause and status",
            );
        }
        return None;
    };
    let document = documents.iter().find(|d| d.id == *source.doc.get_ref());
    if document.is_none() {
        let ids: Vec<&str> = documents.iter().map(|d| d.id.as_str()).collect();
        diag.push(
            Code::UnknownDocument,
            source.doc.span().start,
            format!("{path}.source.doc"),
            format!("không có văn bản `{}` trong [[document]]; các văn bản: {}", source.doc.get_ref(), ids.join(", ")),
            format!("no document `{}` in [[document]]; the documents are: {}", source.doc.get_ref(), ids.join(", ")),
        );
    }
    let status = match source.status.get_ref() {
        StatusDoc::Confirmed => Status::Confirmed,
        StatusDoc::Assumption => Status::Assumption,
    };
    if status == Status::Assumption && source.reason.as_ref().is_none_or(|r| r.vi.trim().is_empty()) {
        diag.push(
            Code::AssumptionWithoutReason,
            source.status.span().start,
            format!("{path}.source.reason"),
            "một giả định phải nêu lý do (`reason`)",
            "an assumption must give its `reason`",
        );
    }
    Some(Provenance {
        document: source.doc.get_ref().clone(),
        document_title: document
            .map(|d| d.title.clone())
            .unwrap_or_else(|| Text::new(source.doc.get_ref(), source.doc.get_ref())),
        at: source.at.clone(),
        status,
        reason: source.reason.clone(),
        overlay: None,
    })
}

/// The provenance of a rule whose `source` was missing (reported): the rule set is not returned anyway.
pub(super) fn placeholder_provenance() -> Provenance {
    Provenance {
        document: String::new(),
        document_title: Text::default(),
        at: None,
        status: Status::Assumption,
        reason: None,
        overlay: None,
    }
}
