//! `[[derived]]`: facts computed from other facts by an expression. They are declared first (so they can refer to
//! each other and the roll-up counts can follow them), then compiled and put in an order where each only reads facts
//! computed before it.

use super::Compiler;
use super::expressions::{check_fact_coverage, expression};
use super::fields::subject_set;
use super::reporter::Reporter;
use crate::diag::Code;
use crate::doc::DerivedDoc;
use crate::expr::{Expr, Type};
use crate::ruleset::{Derived, Fact, FactOrigin, FactType};

/// Give each derived fact its slot, after the input facts.
pub(super) fn declare(c: &mut Compiler) {
    let doc = c.doc;
    c.derived_start = c.rules.facts.len();
    for (i, d) in doc.derived.iter().enumerate() {
        let path = format!("derived[{i}]");
        c.diag.check_id(&d.id, &path);
        if c.rules.fact_index.contains_key(d.id.get_ref()) {
            c.diag.duplicate(&d.id, &path);
            continue;
        }
        let subjects = subject_set(&mut c.diag, &d.subjects, &c.subject_ids, c.all_subjects, &path);
        c.rules.fact_index.insert(d.id.get_ref().clone(), c.rules.facts.len() as u32);
        c.rules.facts.push(Fact {
            id: d.id.get_ref().clone(),
            name: d.name.clone(),
            help: d.help.clone(),
            origin: FactOrigin::Derived,
            ty: d.ty.map(FactType::from).unwrap_or(FactType::Number),
            unit: d.unit.clone(),
            min: None,
            max: None,
            default: None,
            choices: Vec::new(),
            subjects,
            group: None,
            aliases: Vec::new(),
            used: false,
            when_zero: None,
            from_list: None,
        });
    }
}

/// Compile each derived fact's expression against its declared type, then order them.
pub(super) fn compile(c: &mut Compiler) {
    let doc = c.doc;
    let mut derived_exprs: Vec<(u32, Expr)> = Vec::new();
    for (i, d) in doc.derived.iter().enumerate() {
        let Some(&slot) = c.rules.fact_index.get(d.id.get_ref()) else { continue };
        if (slot as usize) < c.derived_start {
            continue;
        }
        let path = format!("derived[{i}].expr");
        if let Some(expr) = expression(c, &d.expr, &path) {
            let declared = c.rules.facts[slot as usize].ty;
            let fits = matches!(
                (expr.ty(), declared),
                (Type::Bool, FactType::Bool) | (Type::Num(_), FactType::Number | FactType::Integer | FactType::Percent)
            );
            if !fits {
                c.diag.push(
                    Code::ExprType,
                    c.diag.string_body(d.expr.span().start),
                    path.clone(),
                    "kiểu của biểu thức không khớp với `type` đã khai báo",
                    "the expression's type does not match the declared `type`",
                );
            }
            let facts = &c.rules.facts;
            check_fact_coverage(
                &mut c.diag,
                &expr,
                facts,
                facts[slot as usize].subjects,
                &d.expr,
                &path,
                &c.rules.subjects,
            );
            derived_exprs.push((slot, expr));
        }
    }
    c.rules.derived = order_derived(&mut c.diag, derived_exprs, c.derived_start, &doc.derived, &c.rules.facts);
}

/// Order derived facts so each is computed after the derived facts it reads; report each circle once, at the
/// fact of the circle that comes first in the file, naming the facts on it. A depth-first walk visits every fact
/// and every dependency once (linear time, no recursion), so a file of 50,000 facts in one circle costs one walk
/// and one diagnostic.
fn order_derived(
    diag: &mut Reporter,
    exprs: Vec<(u32, Expr)>,
    derived_start: usize,
    docs: &[DerivedDoc],
    facts: &[Fact],
) -> Vec<Derived> {
    const UNSEEN: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    // Position of each derived fact with a compiled expression; the others were reported already and block nothing.
    let mut position = vec![usize::MAX; facts.len().saturating_sub(derived_start)];
    for (i, (slot, _)) in exprs.iter().enumerate() {
        position[*slot as usize - derived_start] = i;
    }
    let dependencies: Vec<Vec<usize>> = exprs
        .iter()
        .map(|(_, expr)| {
            expr.facts()
                .iter()
                .filter(|s| (**s as usize) >= derived_start && facts[**s as usize].origin == FactOrigin::Derived)
                .map(|s| position[*s as usize - derived_start])
                .filter(|p| *p != usize::MAX)
                .collect()
        })
        .collect();
    let mut state = vec![UNSEEN; exprs.len()];
    // A fact on a circle, or reading one, cannot be computed.
    let mut blocked = vec![false; exprs.len()];
    let mut order: Vec<usize> = Vec::with_capacity(exprs.len());
    let mut circles: Vec<Vec<usize>> = Vec::new();
    // The walk's path: (fact, how many of its dependencies were looked at).
    let mut path: Vec<(usize, usize)> = Vec::new();
    for start in 0..exprs.len() {
        if state[start] != UNSEEN {
            continue;
        }
        state[start] = ON_PATH;
        path.push((start, 0));
        while let Some((fact, next)) = path.last_mut() {
            let fact = *fact;
            if let Some(&dependency) = dependencies[fact].get(*next) {
                *next += 1;
                match state[dependency] {
                    UNSEEN => {
                        state[dependency] = ON_PATH;
                        path.push((dependency, 0));
                    }
                    ON_PATH => {
                        let from = path.iter().position(|(f, _)| *f == dependency).unwrap_or(0);
                        let circle: Vec<usize> = path[from..].iter().map(|(f, _)| *f).collect();
                        for &member in &circle {
                            blocked[member] = true;
                        }
                        circles.push(circle);
                    }
                    _ => {}
                }
                continue;
            }
            path.pop();
            state[fact] = DONE;
            if dependencies[fact].iter().any(|d| blocked[*d]) {
                blocked[fact] = true;
            }
            if !blocked[fact] {
                order.push(fact);
            }
        }
    }
    for circle in circles {
        let id_of = |i: usize| facts[exprs[i].0 as usize].id.as_str();
        // Start the circle at the fact that comes first in the file (the expressions are in the file's order).
        let first = (0..circle.len()).min_by_key(|i| circle[*i]).unwrap_or(0);
        let members: Vec<usize> = circle[first..].iter().chain(&circle[..first]).copied().collect();
        let id = id_of(members[0]);
        const SHOWN: usize = 10;
        let mut names: Vec<&str> = members.iter().take(SHOWN).map(|m| id_of(*m)).collect();
        names.push(id);
        let more = members.len().saturating_sub(SHOWN);
        let (more_vi, more_en) = if more > 0 {
            (format!(" (và {more} dữ kiện khác trên vòng)"), format!(" (and {more} more facts on the circle)"))
        } else {
            (String::new(), String::new())
        };
        let chain =
            if more > 0 { format!("{} → … → {id}", names[..SHOWN].join(" → ")) } else { names.join(" → ") };
        diag.push(
            Code::DerivedCycle,
            docs.iter().find(|d| d.id.get_ref() == id).map(|d| d.id.span().start).unwrap_or(0),
            format!("derived.{id}"),
            format!("dữ kiện suy ra `{id}` phụ thuộc vòng tròn vào chính nó: {chain}{more_vi}"),
            format!("derived fact `{id}` depends on itself in a circle: {chain}{more_en}"),
        );
    }
    let mut exprs: Vec<Option<(u32, Expr)>> = exprs.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| exprs[i].take()).map(|(slot, expr)| Derived { slot, expr }).collect()
}
