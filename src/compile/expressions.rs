//! Expressions in any section: the names they may use, compiling one at its place in the file, and the checks every
//! rule's expression passes (yes/no, facts that apply to the rule's subject kinds).

use super::Compiler;
use super::reporter::Reporter;
use crate::diag::Code;
use crate::expr::{self, Expr, FactInfo, Type};
use crate::ruleset::{Fact, SubjectKind, SubjectSet};
use crate::toml_doc::Spanned;

/// Every fact's slot and type by id (inputs, derived facts, roll-up counts), for the expressions compiled from here on.
pub(super) fn names(c: &mut Compiler) {
    let facts = &c.rules.facts;
    c.names = c
        .rules
        .fact_index
        .iter()
        .map(|(name, slot)| (name.clone(), (*slot, facts[*slot as usize].expr_type())))
        .collect();
}

/// Compile an expression of the file against the facts' [`names`].
pub(super) fn expression(c: &mut Compiler, spanned: &Spanned<String>, path: &str) -> Option<Expr> {
    let names = &c.names;
    let resolve = |name: &str| names.get(name).map(|(slot, ty)| FactInfo { slot: *slot, ty: ty.clone() });
    compile_expr(&mut c.diag, spanned, path, &resolve)
}

/// Compile an expression at `spanned`, reporting problems at their exact column.
fn compile_expr(
    diag: &mut Reporter,
    spanned: &Spanned<String>,
    path: &str,
    resolve: &dyn Fn(&str) -> Option<FactInfo>,
) -> Option<Expr> {
    let text = spanned.get_ref();
    let body = diag.string_body(spanned.span().start);
    let ast = match expr::parse(text) {
        Ok(ast) => ast,
        Err(error) => {
            let code = if error.too_deep { Code::ExprTooDeep } else { Code::ExprSyntax };
            diag.push(code, body + error.offset, path, error.message_vi, error.message_en);
            return None;
        }
    };
    match expr::compile(text, &ast, resolve) {
        Ok(expr) => Some(expr),
        Err(error) => {
            let code = match error.kind {
                expr::CheckErrorKind::UnknownName => Code::UnknownFact,
                expr::CheckErrorKind::Type => Code::ExprType,
            };
            diag.push(code, body + error.span.0, path, error.message_vi, error.message_en);
            None
        }
    }
}

/// Is `expr` (compiled from `spanned`) a yes/no expression? Reported when not.
pub(super) fn bool_expr(diag: &mut Reporter, expr: &Expr, spanned: &Spanned<String>, path: &str) -> bool {
    if *expr.ty() == Type::Bool {
        return true;
    }
    let (vi, en) = expr.ty().describe();
    diag.push(
        Code::ExprType,
        diag.string_body(spanned.span().start),
        path,
        format!("điều kiện phải là đúng/sai, nhưng đây là {vi}"),
        format!("a condition must be yes/no, but this is a {en}"),
    );
    false
}

/// Every fact an expression reads must apply to every subject kind the rule applies to.
pub(super) fn check_fact_coverage(
    diag: &mut Reporter,
    expr: &Expr,
    facts: &[Fact],
    rule_subjects: SubjectSet,
    spanned: &Spanned<String>,
    path: &str,
    subjects: &[SubjectKind],
) {
    for slot in expr.facts() {
        let fact = &facts[*slot as usize];
        if !fact.subjects.is_superset_of(rule_subjects) {
            let missing: Vec<&str> = subjects
                .iter()
                .enumerate()
                .filter(|(i, _)| rule_subjects.contains(*i) && !fact.subjects.contains(*i))
                .map(|(_, s)| s.id.as_str())
                .collect();
            let offset = diag.string_body(spanned.span().start) + spanned.get_ref().find(fact.id.as_str()).unwrap_or(0);
            diag.push(
                Code::UnknownFact,
                offset,
                path,
                format!(
                    "dữ kiện `{}` không áp dụng cho {}; giới hạn `subjects` của quy tắc hoặc của dữ kiện",
                    fact.id,
                    missing.join(", ")
                ),
                format!(
                    "fact `{}` does not apply to {}; narrow the rule's or the fact's `subjects`",
                    fact.id,
                    missing.join(", ")
                ),
            );
        }
    }
}
