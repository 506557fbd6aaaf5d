//! The compiler: a rule file's text becomes a [`RuleSet`], in steps, one per section of the file.
//!
//! [`load`] refuses a text past the limits on lists before it is parsed (`limits::count_tables`), reads it into a
//! [`RuleSetDoc`] and [`compile`]s it. [`compile`] runs the steps (`check`) in order over one `Compiler`: each
//! step reads its section of the document, reports every problem as a located diagnostic and fills in its part of the
//! rule set being built; once no step found an error, `finish` works out what evaluation needs. A new mechanism of
//! the rule file is one new step file and one line in `check`.
//!
//! Problems come back as diagnostics in the order the steps find them; a rule set with an error diagnostic is not
//! returned, so every [`RuleSet`] in hand is complete and consistent.

mod caps;
mod checks;
mod conditions;
mod derived;
mod disqualifiers;
mod documents;
mod expressions;
mod facts;
mod fields;
mod levels;
mod limits;
mod lists;
mod not_classified;
mod plans;
mod policy;
mod quotas;
mod reporter;
mod rollup;
mod rule_set;
mod rules;
mod scoring;
mod subjects;
mod usage;

use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;

use crate::diag::{Diagnostic, LineIndex, has_errors};
use crate::doc::RuleSetDoc;
use crate::expr::Type;
use crate::ruleset::{RuleSet, SubjectSet};
use reporter::Reporter;

/// The steps, in the order their diagnostics come out; each may rely on what the steps before it built. A step that
/// can stop compiling (a list past its limit) returns [`ControlFlow::Break`]. Each is called here once, directly,
/// so the WebAssembly build inlines them as it did when they were one function.
fn check(c: &mut Compiler) -> ControlFlow<()> {
    rule_set::id(c); // [rule_set] id
    documents::compile(c); // [[document]]
    subjects::compile(c); // [[subject]]
    levels::compile(c)?; // [[level]], without their conditions (those need the facts); stops past the limit
    facts::compile(c); // [[fact]]: the input facts
    lists::compile(c); // [[list]], and the facts' `from_list` computations over them
    derived::declare(c); // [[derived]], declared first so they can refer to each other
    rollup::compile(c); // the roll-up counts of collective subject kinds
    expressions::names(c); // every fact's slot and type, for the expressions from here on
    derived::compile(c); // [[derived]] expressions, in dependency order
    scoring::compile(c); // [scoring]
    policy::band_fallback(c); // [policy.band_fallback]
    policy::empty_share(c); // [policy.empty_share]
    rule_set::years(c); // [rule_set] years
    limits::rule_lists(c)?; // the length of every list of rules; stops past the limit
    not_classified::compile(c); // [[not_classified]]
    disqualifiers::compile(c); // [[disqualifier]], with their mitigation
    conditions::compile(c); // [[level.condition]]
    caps::compile(c); // [[cap]]
    checks::compile(c); // [[check]]
    quotas::compile(c); // [[quota]]
    usage::compile(c); // which facts the rules read; the unused ones
    policy::empty_share_declared(c); // `share(…)` needs [policy.empty_share]
    ControlFlow::Continue(())
}

/// The steps run once the document has no error: what evaluation needs, worked out once.
fn finish(c: &mut Compiler) {
    plans::needs(c); // the derived facts each rule reads
    plans::kinds(c); // what applies to each subject kind
}

/// One rule file being compiled: the document, the diagnostics so far, the rule set being built, and what a step
/// hands on to later ones (ids by name, the names expressions may use).
struct Compiler<'a> {
    doc: &'a RuleSetDoc,
    diag: Reporter<'a>,
    rules: RuleSet,
    /// Subject kinds by id, and the sets of all of them and of the collective ones.
    subject_ids: HashMap<String, usize>,
    all_subjects: SubjectSet,
    collectives: SubjectSet,
    /// Levels by id.
    level_ids: HashMap<String, usize>,
    /// The slot of the first derived fact.
    derived_start: usize,
    /// Every fact's slot and type, by id, for compiling expressions.
    names: HashMap<String, (u32, Type)>,
    /// The ids of rules and quotas so far (one namespace).
    rule_ids: HashSet<String>,
}

/// Parse and compile a rule file. `file` names it in diagnostics. The limits on levels and rules are checked on
/// the text before it is parsed (see `limits::count_tables`), so a file of a million rules is refused at once
/// rather than after its tree is built.
pub fn load(text: &str, file: Option<&str>) -> (Option<RuleSet>, Vec<Diagnostic>) {
    load_with(text, file, &crate::overlay::default_base)
}

/// [`load`], with the bases an overlay may extend ([`crate::overlay::Bases`]): an overlay is merged with its bases
/// first ([`crate::overlay::load`]), then compiled as one file.
pub fn load_with(text: &str, file: Option<&str>, bases: crate::overlay::Bases) -> (Option<RuleSet>, Vec<Diagnostic>) {
    if crate::overlay::extends_of(text).is_some() {
        return crate::overlay::load(text, file, bases, limits::count_tables);
    }
    if let Some(diagnostic) = limits::count_tables(text, file) {
        return (None, vec![diagnostic]);
    }
    match RuleSetDoc::read(text, file) {
        Ok(doc) => compile(&doc, text, file),
        Err(diagnostics) => (None, diagnostics),
    }
}

/// Check a document and build the rule set. Returns `None` when any diagnostic is an error.
pub fn compile(doc: &RuleSetDoc, text: &str, file: Option<&str>) -> (Option<RuleSet>, Vec<Diagnostic>) {
    let mut compiler = Compiler {
        doc,
        diag: Reporter { text, file, index: LineIndex::new(text), diagnostics: Vec::new() },
        rules: rule_set::header(doc),
        subject_ids: HashMap::new(),
        all_subjects: SubjectSet::default(),
        collectives: SubjectSet::default(),
        level_ids: HashMap::new(),
        derived_start: 0,
        names: HashMap::new(),
        rule_ids: HashSet::new(),
    };
    if check(&mut compiler).is_break() || has_errors(&compiler.diag.diagnostics) {
        return (None, compiler.diag.diagnostics);
    }
    finish(&mut compiler);
    (Some(compiler.rules), compiler.diag.diagnostics)
}
