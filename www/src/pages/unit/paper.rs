//! The unit's report as paper holds it, computed from the results (pure, tested natively); the print report
//! (`print_report.rs`) lays it out.

use xeploai::report::{Sheet, review_headers, sheet_csv, unit_report_for_year};
use xeploai::targets::TargetResult;
use xeploai::{Lang, RuleSet};

use super::derived::Download;
use super::state::{Imported, UnitState};

impl UnitState {
    /// The summary a committee reports upward (the report's "Tổng hợp" sheet) as CSV, UTF-8 with BOM.
    pub fn summary_csv(&self) -> Option<Download> {
        let imported = self.imported.as_ref()?;
        let sheet = xeploai::render::summary::summary_sheet(&self.rules, &imported.roster, &imported.result, self.lang);
        Some(Download { name: format!("xeploai-{}.csv", sheet.file_stem()), text: sheet_csv(&sheet) })
    }
}

/// What the paper holds, computed from the unit's results (pure, tested natively).
#[derive(Clone, Debug, PartialEq)]
pub struct PaperReport {
    /// The top organization of the roster (the one with no parent), as the heading names the unit.
    pub unit_name: Option<String>,
    pub review_line: String,
    pub summary: Vec<xeploai::render::summary::SummaryRow>,
    pub summary_headers: Vec<String>,
    pub quota: Option<Sheet>,
    pub targets: Option<Sheet>,
    pub members: Sheet,
    pub orgs: Option<Sheet>,
}

/// The report's sheets arranged for paper: members and organizations without the three columns of the rule set and
/// year (the heading says them once), the quota and targets sheets when there are any.
pub fn paper_report(
    rules: &RuleSet,
    imported: &Imported,
    targets: &[TargetResult],
    year: Option<i32>,
    lang: Lang,
) -> PaperReport {
    let sheets = unit_report_for_year(rules, &imported.roster, &imported.result, Some(targets), year, lang);
    let review = review_headers(lang);
    let without_review = |sheet: &Sheet| {
        let keep: Vec<bool> = sheet.headers.iter().map(|h| !review.contains(&h.as_str())).collect();
        Sheet {
            name: sheet.name.clone(),
            headers: sheet.headers.iter().zip(&keep).filter(|(_, k)| **k).map(|(h, _)| h.clone()).collect(),
            rows: sheet
                .rows
                .iter()
                .map(|row| row.iter().zip(&keep).filter(|(_, k)| **k).map(|(c, _)| c.clone()).collect())
                .collect(),
        }
    };
    let named = |vi: &str, en: &str| sheets.iter().find(|s| s.name == lang.pick(vi, en)).cloned();
    let unit_name = imported
        .roster
        .orgs
        .records()
        .find(|r| r.org.is_none())
        .map(|r| if r.name.trim().is_empty() { r.id.to_string() } else { r.name.trim().to_string() });
    PaperReport {
        unit_name,
        review_line: xeploai::report::review_line(rules, year, lang),
        summary: xeploai::render::summary::summary(rules, &imported.roster, &imported.result, lang),
        summary_headers: xeploai::render::summary::headers(rules, lang),
        quota: named("Tỷ lệ", "Quota"),
        targets: named("Chỉ tiêu", "Targets").filter(|s| !s.rows.is_empty()),
        members: sheets.first().map(without_review).unwrap_or_else(|| Sheet {
            name: String::new(),
            headers: Vec::new(),
            rows: Vec::new(),
        }),
        orgs: (!imported.roster.orgs.is_empty())
            .then(|| named("Tổ chức", "Organizations"))
            .flatten()
            .map(|s| without_review(&s)),
    }
}

/// A number as people read it on paper in `lang` (`89,5` in Vietnamese).
pub fn number_text(value: f64, lang: Lang) -> String {
    let text = if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value}") };
    match lang {
        Lang::Vi => text.replace('.', ","),
        Lang::En => text,
    }
}

/// Percent text as the summary prints it (`66,67%`), for tests.
pub fn percent_text(count: u64, classified: u64, lang: Lang) -> String {
    xeploai::render::summary::percent(count, classified).map(|p| format!("{}%", p.display(lang, 2))).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::pages::unit::state::{UnitAction, UnitSaved, UnitState, csv_file};
    use xeploai::input::TableKind;

    /// A roster of `n` members in two cells of one base organization, as a CSV text.
    fn roster(n: usize) -> (String, String) {
        let orgs = "Mã,Tên tổ chức,Cấp trên,Cơ sở\ndb,Đảng bộ Phường Một,,có\ncb1,Chi bộ 1,db,\ncb2,Chi bộ 2,db,\n";
        let mut members =
            String::from("Mã,Họ và tên,Chi bộ,Điểm nhóm tiêu chí chung,Điểm kết quả thực hiện nhiệm vụ\n");
        for i in 0..n {
            let points = 50 + (i % 21);
            members.push_str(&format!("dv{i:03},Người {i},cb{},28,{points}\n", 1 + i % 2));
        }
        (orgs.to_string(), members)
    }

    fn imported(n: usize, lang: Lang) -> UnitState {
        let (orgs, members) = roster(n);
        let rules = Rc::new(xeploai::builtin::load_default());
        let state = UnitState::new(rules, lang, UnitSaved::default())
            .apply(UnitAction::FileLoaded(csv_file("orgs.csv", TableKind::Organizations, &orgs)))
            .apply(UnitAction::FileLoaded(csv_file("members.csv", TableKind::Members, &members)));
        let run = state.job().expect("an import is due").run();
        state.apply(UnitAction::Imported { generation: state.generation, imported: Rc::new(run) })
    }

    #[test]
    fn the_paper_holds_every_member_under_a_heading() {
        let state = imported(120, Lang::Vi);
        let imported = state.imported.clone().unwrap();
        let report = paper_report(&state.rules, &imported, &[], Some(2026), Lang::Vi);
        assert_eq!(report.members.rows.len(), 120, "the whole roster, not a page of fifty");
        assert_eq!(report.unit_name.as_deref(), Some("Đảng bộ Phường Một"));
        assert!(report.review_line.contains("năm đánh giá 2026"), "{}", report.review_line);
        assert!(!report.members.headers.iter().any(|h| h == "Năm đánh giá"), "the year is in the heading, once");
        assert_eq!(report.orgs.as_ref().map(|o| o.rows.len()), Some(3));
        assert!(report.targets.is_none(), "no targets section without targets");
        let total = report.summary.iter().find(|r| r.total).unwrap();
        assert_eq!(total.counts.total, 120);
        assert_eq!(percent_text(14, 21, Lang::Vi), "66,67%", "a count and its share are two cells");
        assert_eq!(percent_text(1, 0, Lang::Vi), "");
        assert_eq!(number_text(89.5, Lang::Vi), "89,5");
        assert_eq!(number_text(90.0, Lang::En), "90");
        let csv = state.summary_csv().unwrap();
        assert_eq!(csv.name, "xeploai-tong-hop.csv");
        assert!(csv.text.starts_with('\u{feff}'));
        assert!(csv.text.contains("\nĐảng viên,Cộng đảng viên,,120,"), "{}", csv.text);
        let empty = UnitState::new(state.rules.clone(), Lang::Vi, UnitSaved::default());
        assert!(empty.summary_csv().is_none(), "nothing to export before an import");
    }
}
