//! `[[cap]]`: rules that, when they hold, limit a subject to a level at best (`max_level`).

use super::Compiler;
use super::rules::{RuleKind, compile_rule};
use crate::doc::RuleDoc;
use crate::ruleset::Cap;

pub(super) fn compile(c: &mut Compiler) {
    let doc = c.doc;
    for (i, cap) in doc.cap.iter().enumerate() {
        let path = format!("cap[{i}]");
        let as_rule = RuleDoc {
            id: cap.id.clone(),
            name: cap.name.clone(),
            help: cap.help.clone(),
            expr: cap.expr.clone(),
            subjects: cap.subjects.clone(),
            source: cap.source.clone(),
            enabled: cap.enabled,
            mitigation: None,
            facts: None,
        };
        let rule = compile_rule(c, &as_rule, path.clone(), RuleKind::Plain);
        let max_level = c.level_ids.get(cap.max_level.get_ref()).copied();
        if max_level.is_none() {
            c.diag.unknown_level(&cap.max_level, &format!("{path}.max_level"), &c.rules.levels);
        }
        if let (Some(rule), Some(max_level)) = (rule, max_level) {
            c.rules.caps.push(Cap { rule, max_level });
        }
    }
}
