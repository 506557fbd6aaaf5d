//! Property tests of the readers of stored data (native): whatever is in `xeploai.variants` or `xeploai.saved`,
//! reading gives data or a reason, never a panic; a list of variants cut anywhere keeps the entries before the cut.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use xeploai_web::pages::variants::state::{Variant, read_variants, variants_json};
use xeploai_web::shared::state::migrate;

fn variants() -> impl Strategy<Value = Vec<Variant>> {
    proptest::collection::vec(
        (".{0,12}", ".{0,40}", "[0-9T:-]{0,20}").prop_map(|(name, text, saved_at)| Variant { name, text, saved_at }),
        0..6,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_stored_text_is_data_or_a_reason(text in ".{0,200}") {
        let _ = read_variants(Some(&text));
        let _ = migrate(&text);
    }

    #[test]
    fn a_list_cut_anywhere_keeps_a_prefix_and_says_so(list in variants(), cut in any::<prop::sample::Index>()) {
        let json = variants_json(&list);
        prop_assert_eq!(read_variants(Some(&json)), (list.clone(), None));
        let mut at = cut.index(json.len());
        while !json.is_char_boundary(at) {
            at -= 1;
        }
        let (read, problem) = read_variants(Some(&json[..at]));
        prop_assert!(read.len() <= list.len());
        prop_assert_eq!(&read[..], &list[..read.len()]);
        if at < json.len() {
            prop_assert!(problem.is_some(), "a cut list is never read as whole");
        }
    }
}
