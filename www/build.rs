//! The default rule set, compiled and packed (`xeploai::pack`), for the pages to start from without a TOML reader
//! or a compiler (`src/packed.rs`).

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let bytes = xeploai::pack::encode(&xeploai::builtin::load_default());
    std::fs::write(format!("{out}/default.bin"), bytes).expect("OUT_DIR is writable");
}
