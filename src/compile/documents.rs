//! `[[document]]`: the texts rules cite, each with a unique id.

use std::collections::HashSet;

use super::Compiler;
use crate::ruleset::Document;

pub(super) fn compile(c: &mut Compiler) {
    let doc = c.doc;
    let mut seen = HashSet::new();
    for (i, d) in doc.document.iter().enumerate() {
        let path = format!("document[{i}]");
        c.diag.check_id(&d.id, &path);
        if !seen.insert(d.id.get_ref().clone()) {
            c.diag.duplicate(&d.id, &path);
        }
        c.rules.documents.push(Document {
            id: d.id.get_ref().clone(),
            title: d.title.clone(),
            date: d.date.clone(),
            url: d.url.clone(),
        });
    }
}
