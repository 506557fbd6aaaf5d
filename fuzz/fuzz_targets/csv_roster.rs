#![no_main]
//! CSV roster text → `read_csv` (members and organizations, bundled QĐ 366 rule set) → `Unit::prepare` + `run`.

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    common::roster(text, xeploai::input::read_csv, "csv");
});
