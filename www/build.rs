//! The default rule set, compiled and packed (`xeploai::pack`), for the pages to start from without a TOML reader
//! or a compiler (`src/packed.rs`).

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{out}/default.bin"), xeploai::pack::default_bytes()).expect("OUT_DIR is writable");
}
