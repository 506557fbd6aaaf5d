//! The default rule set, compiled and packed (`xeploai::pack`): `Rules.bundled()` reads it back, so the element's
//! module (built without the feature `compile`) holds no TOML reader or compiler.

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{out}/default.bin"), xeploai::pack::default_bytes()).expect("OUT_DIR is writable");
}
