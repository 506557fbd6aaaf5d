//! The default rule set as the pages carry it: compiled and packed by `build.rs` (`xeploai::pack`), so a page
//! starts without reading TOML, and its WebAssembly holds no TOML reader or compiler. The other bundled rule sets
//! are fetched packed too (`rules/<id>.bin`, see `shared::person`).

use xeploai::RuleSet;

/// The packed bytes of `builtin::DEFAULT`.
pub const DEFAULT_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/default.bin"));

/// The default rule set. Its bytes are made from the bundled text by this build and read back by the test below,
/// so the one panic path here is closed before a build ships.
#[cfg(not(feature = "page-variants"))]
pub fn default_rules() -> RuleSet {
    xeploai::pack::decode(DEFAULT_BYTES).expect("the packed default rule set reads back (tested)")
}

/// The default rule set, compiled from its text: the workbench carries the text and the compiler anyway (its
/// editor), and a second copy of the rule set as bytes would only make it larger.
#[cfg(feature = "page-variants")]
pub fn default_rules() -> RuleSet {
    xeploai::builtin::load_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_packed_default_is_the_compiled_default_text() {
        let compiled = xeploai::builtin::load_default();
        assert_eq!(super::DEFAULT_BYTES, xeploai::pack::encode(&compiled).as_slice());
        let read = xeploai::pack::decode(super::DEFAULT_BYTES).unwrap();
        assert_eq!((read.id.as_str(), read.facts.len()), (compiled.id.as_str(), compiled.facts.len()));
    }
}
