//! (Re)generates `tests/fixtures/rosters/members.xlsx` and `tests/fixtures/rosters/offices/chi-bo-tieu-de.xlsx` at the workspace root, byte for byte the same each time:
//! `cargo run -p xeploai-xlsx --example make-fixture`.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = root.join(xeploai_xlsx::fixture::MEMBERS_XLSX);
    let bytes = xeploai_xlsx::fixture::members_xlsx()?;
    std::fs::write(&path, &bytes)?;
    println!("{}: {} bytes", path.display(), bytes.len());
    let path = root.join(xeploai_xlsx::fixture::OFFICE_XLSX);
    let bytes = xeploai_xlsx::fixture::office_xlsx()?;
    std::fs::write(&path, &bytes)?;
    println!("{}: {} bytes", path.display(), bytes.len());
    Ok(())
}
