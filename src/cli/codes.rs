//! `xeploai codes`: the table of diagnostic codes.

use std::process::ExitCode;

use xeploai::diag::Diagnostic;

pub fn run() -> Result<ExitCode, Vec<Diagnostic>> {
    print!("{}", xeploai::diag::code_catalog());
    Ok(ExitCode::SUCCESS)
}
