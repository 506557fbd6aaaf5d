//! `xeploai rules`: a rule set shown (levels, rules and where each comes from).

use std::process::ExitCode;

use xeploai::diag::Diagnostic;
use xeploai::{Lang, RuleSet, render};

use super::Format;
use super::io::load_rules;

/// The arguments of the subcommand.
#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub rules: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

pub fn run(args: Args, lang: Lang) -> Result<ExitCode, Vec<Diagnostic>> {
    let (rules, _) = load_rules(args.rules.as_deref(), lang)?;
    print_rules(&rules, args.format, lang);
    Ok(ExitCode::SUCCESS)
}

fn print_rules(rules: &RuleSet, format: Format, lang: Lang) {
    if format == Format::Json {
        println!("{}", serde_json::to_string_pretty(rules).unwrap_or_default());
        return;
    }
    print!("{}", render::rules::rules_text(rules, lang));
}
