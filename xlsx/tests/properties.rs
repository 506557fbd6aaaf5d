//! Property tests of the workbook reader (stable Rust; the fuzz targets in fuzz/ cover the engine's readers): any
//! bytes, and a real workbook damaged anywhere, give rows or an error, never a panic, and rows within the limits.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use xeploai_xlsx::{Limits, fixture, read_sheet, sheet_names, write_sheets};

fn workbook() -> Vec<u8> {
    write_sheets(&fixture::members_sheets(), Some(fixture::CREATED)).expect("the fixture writes")
}

fn within_limits(rows: &[Vec<String>]) -> bool {
    rows.len() <= Limits::DEFAULT.max_rows as usize
        && rows.iter().all(|row| row.len() <= Limits::DEFAULT.max_columns as usize)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_bytes_are_rows_or_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = sheet_names(&bytes);
        if let Ok(rows) = read_sheet(&bytes, "Đảng viên") {
            prop_assert!(within_limits(&rows));
        }
    }

    #[test]
    fn a_damaged_workbook_is_rows_or_an_error(
        damage in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = workbook();
        for (at, byte) in damage {
            let index = at.index(bytes.len());
            bytes[index] = byte;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        if let Ok(names) = sheet_names(&bytes) {
            for name in names {
                if let Ok(rows) = read_sheet(&bytes, &name) {
                    prop_assert!(within_limits(&rows));
                }
            }
        }
    }
}
