//! `[[level]]`: the levels from the best to the lowest, their score bands and sources; their conditions are read
//! later ([`super::conditions`]), since they need the facts.

use std::ops::ControlFlow;

use super::Compiler;
use super::fields::provenance;
use crate::diag::Code;
use crate::num::Num;
use crate::ruleset::{Level, MAX_LEVELS};

pub(super) fn compile(c: &mut Compiler) -> ControlFlow<()> {
    let doc = c.doc;
    if doc.level.len() < 2 {
        c.diag.push(
            Code::NoLevels,
            0,
            "level",
            "cần ít nhất hai mức xếp loại ([[level]])",
            "at least two levels are needed ([[level]])",
        );
    }
    if doc.level.len() > MAX_LEVELS {
        c.diag.push(
            Code::TooManyLevels,
            doc.level[MAX_LEVELS].id.span().start,
            "level",
            format!("tối đa {MAX_LEVELS} mức xếp loại"),
            format!("at most {MAX_LEVELS} levels"),
        );
        return ControlFlow::Break(());
    }
    let mut previous_band: Option<Num> = None;
    for (i, l) in doc.level.iter().enumerate() {
        let path = format!("level[{i}]");
        c.diag.check_id(&l.id, &path);
        if c.level_ids.contains_key(l.id.get_ref()) {
            c.diag.duplicate(&l.id, &path);
        }
        c.level_ids.insert(l.id.get_ref().clone(), i);
        let is_lowest = i + 1 == doc.level.len();
        if let Some(min) = &l.min_score {
            if is_lowest {
                c.diag.push(
                    Code::LowestHasBand,
                    min.span().start,
                    format!("{path}.min_score"),
                    "mức thấp nhất không có điểm tối thiểu: nó nhận mọi trường hợp dưới các mức khác",
                    "the lowest level has no minimum score: it takes everything below the other levels",
                );
            }
            if let Some(previous) = previous_band {
                if *min.get_ref() >= previous {
                    c.diag.push(
                        Code::BandOrder,
                        min.span().start,
                        format!("{path}.min_score"),
                        "điểm tối thiểu phải giảm dần từ mức cao xuống mức thấp",
                        "minimum scores must decrease from the highest level to the lowest",
                    );
                }
            }
            previous_band = Some(*min.get_ref());
        }
        let source =
            provenance(&mut c.diag, &l.source, &c.rules.documents, l.id.span().start, &path, l.min_score.is_some());
        c.rules.levels.push(Level {
            id: l.id.get_ref().clone(),
            name: l.name.clone(),
            short: l.short.clone(),
            min_score: l.min_score.as_ref().map(|m| *m.get_ref()),
            source,
            conditions: Vec::new(),
        });
    }
    ControlFlow::Continue(())
}
