//! `xeploai rules`: a rule set shown (levels, rules and where each comes from).

use std::process::ExitCode;

use xeploai::diag::Diagnostic;
use xeploai::{Lang, RuleSet, builtin, render};

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
    println!("{} ({}, {})", rules.name.get(lang), rules.id, rules.version);
    let years = builtin::years_of(rules);
    if years.is_declared() {
        let domain = match builtin::domain_of(rules) {
            xeploai::doc::Domain::Party => lang.pick("đảng viên, tổ chức đảng", "party members and organizations"),
            xeploai::doc::Domain::CivilService => lang.pick("công chức", "civil servants"),
        };
        println!("{}: {} ({domain})", lang.pick("Năm đánh giá", "Review years"), years.describe(lang));
    }
    if let Some(d) = &rules.description {
        println!("{}", d.get(lang));
    }
    let headers = render::headers(&[
        lang.pick("Giai đoạn", "Stage"),
        lang.pick("Mã", "Id"),
        lang.pick("Nội dung", "Rule"),
        lang.pick("Điều kiện", "Expression"),
        lang.pick("Nguồn", "Source"),
        lang.pick("Trạng thái", "Status"),
    ]);
    let mut rows = Vec::new();
    for level in &rules.levels {
        let band = level.min_score.map(|m| format!("score >= {m}")).unwrap_or_default();
        rows.push(vec![
            format!("{} {}", lang.pick("mức", "level"), level.short),
            level.id.clone(),
            level.name.get(lang).to_string(),
            band,
            level.source.as_ref().map(|s| s.cite(lang)).unwrap_or_default(),
            level.source.as_ref().map(|s| format!("{:?}", s.status).to_lowercase()).unwrap_or_default(),
        ]);
    }
    for (stage, rule) in rules.all_rules() {
        let mut name = rule.name.get(lang).to_string();
        if !rule.enabled {
            name.push_str(lang.pick(" [đang tắt]", " [off]"));
        }
        rows.push(vec![
            stage.to_string(),
            rule.id.clone(),
            name,
            rule.expr.text().to_string(),
            rule.source.cite(lang),
            format!("{:?}", rule.source.status).to_lowercase(),
        ]);
    }
    for quota in &rules.quotas {
        rows.push(vec![
            "quota".into(),
            quota.id.clone(),
            quota.name.get(lang).to_string(),
            format!("{:?} {:?} {:?}", quota.base, quota.scopes, quota.rounding).to_lowercase(),
            quota.source.cite(lang),
            format!("{:?}", quota.source.status).to_lowercase(),
        ]);
    }
    print!("{}", render::table(&headers, &rows));
}
