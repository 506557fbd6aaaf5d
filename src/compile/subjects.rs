//! `[[subject]]`: the kinds of subject (members, organizations), at least one and at most 64.

use super::Compiler;
use crate::diag::Code;
use crate::ruleset::{SubjectKind, SubjectSet};

pub(super) fn compile(c: &mut Compiler) {
    let doc = c.doc;
    if doc.subject.is_empty() {
        c.diag.push(
            Code::NoSubjects,
            0,
            "subject",
            "chưa khai báo loại đối tượng nào ([[subject]])",
            "no subject kind declared ([[subject]])",
        );
    }
    let subjects = &mut c.rules.subjects;
    for (i, s) in doc.subject.iter().enumerate() {
        let path = format!("subject[{i}]");
        c.diag.check_id(&s.id, &path);
        if c.subject_ids.contains_key(s.id.get_ref()) {
            c.diag.duplicate(&s.id, &path);
            continue;
        }
        if subjects.len() == 64 {
            c.diag.push(
                Code::NoSubjects,
                s.id.span().start,
                path,
                "tối đa 64 loại đối tượng",
                "at most 64 subject kinds",
            );
            break;
        }
        c.subject_ids.insert(s.id.get_ref().clone(), subjects.len());
        subjects.push(SubjectKind {
            id: s.id.get_ref().clone(),
            name: s.name.clone(),
            description: s.description.clone(),
            collective: s.collective,
            form: s.form.clone(),
            aliases: s.aliases.clone(),
        });
    }
    c.all_subjects = SubjectSet(if subjects.len() >= 64 { u64::MAX } else { (1u64 << subjects.len()) - 1 });
    c.collectives =
        SubjectSet(subjects.iter().enumerate().filter(|(_, s)| s.collective).fold(0, |m, (i, _)| m | (1 << i)));
}
