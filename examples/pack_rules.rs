//! Write every bundled rule set, compiled and packed (`xeploai::pack`), as `<dir>/<id>.bin`: the files the pages
//! fetch when another bundled rule set is chosen (`scripts/build-web.sh` runs it into `dist/rules/`).

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "dist/rules".into());
    std::fs::create_dir_all(&dir).expect("the output directory can be made");
    for (id, bytes) in xeploai::pack::bundled() {
        let path = format!("{dir}/{id}.bin");
        std::fs::write(&path, bytes).expect("the file can be written");
        println!("{path}");
    }
}
