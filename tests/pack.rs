//! The bundled rule sets shipped as bytes (`xeploai::pack`: the pages and the embed element start from the
//! default rule set in this form, and fetch the others as `rules/<id>.bin`) are the rule sets compiled from the TOML:
//! read back, each gives the same bytes again, the same fact lookup, and passes every case of its cases file with
//! the same results and explanations as the compiled one.

use xeploai::{builtin, cases, pack};

#[test]
fn every_bundled_rule_set_read_back_is_the_compiled_one() {
    let bundled = pack::bundled();
    assert_eq!(bundled.len(), builtin::RULE_SETS.len(), "every bundled rule set compiles and is packed");
    assert_eq!(bundled[0].0, builtin::DEFAULT, "the default first");
    for (id, bytes) in &bundled {
        let compiled = builtin::load(id).unwrap();
        let read = pack::decode(bytes).unwrap_or_else(|| panic!("{id}: the packed rule set reads back"));
        assert_eq!(&pack::encode(&read), bytes, "{id}: the same bytes again");
        assert_eq!(pack::encode(&compiled), *bytes, "{id}: packing is deterministic");
        for fact in &compiled.facts {
            assert_eq!(read.fact_slot(&fact.id), compiled.fact_slot(&fact.id), "{id}: fact {}", fact.id);
        }
        assert_eq!(read.fact_slot("no_such_fact"), None);
        let cases_text = builtin::cases_text(id).unwrap();
        let expected = cases::run_cases(&compiled, cases_text, None);
        let got = cases::run_cases(&read, cases_text, None);
        assert!(expected.passed > 0 && expected.failed == 0, "{id}: {:?}", expected.diagnostics);
        assert_eq!((got.passed, got.failed), (expected.passed, expected.failed), "{id}: {:?}", got.diagnostics);
        let json = |report: &cases::CaseReport| {
            report
                .snapshots
                .iter()
                .map(|(case, e)| (case.clone(), serde_json::to_string(e).unwrap()))
                .collect::<Vec<_>>()
        };
        assert_eq!(json(&got), json(&expected), "{id}: the same explanations");
    }
}

#[test]
fn damaged_or_foreign_bytes_are_refused() {
    let bytes = pack::encode(&builtin::load_default());
    assert!(pack::decode(&bytes).is_some());
    assert!(pack::decode(&[]).is_none());
    assert!(pack::decode(&bytes[..bytes.len() / 2]).is_none(), "cut short");
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 2] ^= 1;
    assert!(pack::decode(&flipped).is_none(), "one bit changed");
    let mut other_format = bytes.clone();
    other_format[2] = other_format[2].wrapping_add(1);
    assert!(pack::decode(&other_format).is_none(), "another format");
    assert!(pack::decode(builtin::DEFAULT_TEXT.as_bytes()).is_none(), "TOML text is not a packed rule set");
}
