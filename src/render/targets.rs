//! A target's result for people, written once for the CLI, the report for export, the comparison and the app: the
//! bound as written ("≥ 80%"), each margin ("2 more … needed", "met, with 3 to spare"), the status word, and the row
//! of the targets table (target, required, actual, status, margin, reported).
//!
//! [`crate::targets::check`] computes the numbers and keeps each margin's words (in both languages) in its result,
//! so the JSON of a result carries them too; the words themselves are only here.

use crate::lang::{Lang, Text};
use crate::num::Num;
use crate::targets::{Margin, TargetResult, TargetStatus};

/// The bounds as people write them: "≥ 80%", "> 50%", "≤ 1%", "< 1%", or both.
pub fn bound_text(min: Option<(Num, bool)>, max: Option<(Num, bool)>, percent: bool, lang: Lang) -> String {
    let show = |n: Num| if percent { n.display_percent(lang, 2) } else { n.display(lang, 2) };
    let mut parts = Vec::new();
    if let Some((min, strict)) = min {
        parts.push(format!("{} {}", if strict { ">" } else { "≥" }, show(min)));
    }
    if let Some((max, strict)) = max {
        parts.push(format!("{} {}", if strict { "<" } else { "≤" }, show(max)));
    }
    parts.join(lang.pick(" và ", " and "))
}

/// How far a target is from its bound, before it is put into words by [`margin`].
#[derive(Clone, Copy, Debug)]
pub enum MarginWords<'a> {
    /// A share's minimum met, with this many units to spare.
    Spare(i64),
    /// This many more units needed to reach a minimum, of `what` when said ("members at HTT, HTXS").
    Needed { count: i64, what: Option<&'a Text> },
    /// A minimum that cannot be met with the current numbers.
    OutOfReach,
    /// Over a maximum by this many units, of `what` when said (a share's population).
    OverMax { count: i64, what: Option<&'a Text> },
    /// A count this many units short of its minimum.
    Short(i64),
    /// A count this many units above its minimum.
    Above(i64),
    /// A ratio's minimum met, this many units above it.
    MetAbove(i64),
    /// A progress target not met yet, with this many days left to its deadline (year, month, day).
    DaysLeft { days: i64, deadline: (i32, u32, u32) },
}

/// A margin: its units (positive: still needed or over; zero or negative: spare) and its words in both languages.
pub fn margin(words: MarginWords) -> Margin {
    let units = match words {
        MarginWords::Spare(spare) | MarginWords::Above(spare) | MarginWords::MetAbove(spare) => -spare,
        MarginWords::Needed { count, .. } | MarginWords::OverMax { count, .. } | MarginWords::Short(count) => count,
        MarginWords::OutOfReach => i64::MAX,
        MarginWords::DaysLeft { days, .. } => days,
    };
    Margin { units, text: Text::new(margin_text(words, Lang::Vi), margin_text(words, Lang::En)) }
}

fn margin_text(words: MarginWords, lang: Lang) -> String {
    let of = |what: Option<&Text>| what.map(|w| format!(" {}", w.get(lang))).unwrap_or_default();
    let n = |value: i64| count(value, lang);
    match (words, lang) {
        (MarginWords::Spare(spare), Lang::Vi) => format!("đạt; dư {} so với mức tối thiểu", n(spare)),
        (MarginWords::Spare(spare), Lang::En) => format!("met, with {} to spare", n(spare)),
        (MarginWords::Needed { count, what }, Lang::Vi) => format!("cần thêm {}{}", n(count), of(what)),
        (MarginWords::Needed { count, what }, Lang::En) => format!("{} more{} needed", n(count), of(what)),
        (MarginWords::OutOfReach, _) => {
            lang.pick("không thể đạt với số hiện có", "cannot be met with the current numbers").to_string()
        }
        (MarginWords::OverMax { count, what }, Lang::Vi) => format!("vượt mức tối đa {}{}", n(count), of(what)),
        (MarginWords::OverMax { count, what }, Lang::En) => format!("exceeds the maximum by {}{}", n(count), of(what)),
        (MarginWords::Short(short), Lang::Vi) => format!("còn thiếu {}", n(short)),
        (MarginWords::Short(short), Lang::En) => format!("{} short", n(short)),
        (MarginWords::Above(above), Lang::Vi) => format!("vượt {}", n(above)),
        (MarginWords::Above(above), Lang::En) => format!("{} above", n(above)),
        (MarginWords::MetAbove(above), Lang::Vi) => format!("đạt, vượt {}", n(above)),
        (MarginWords::MetAbove(above), Lang::En) => format!("met, {} above", n(above)),
        (MarginWords::DaysLeft { days, deadline: (year, month, day) }, Lang::Vi) => {
            format!("còn {days} ngày đến hạn {day:02}/{month:02}/{year}")
        }
        (MarginWords::DaysLeft { days, deadline: (year, month, day) }, Lang::En) => {
            format!("{days} days left to {year}-{month:02}-{day:02}")
        }
    }
}

/// A count for people: `1.107` in Vietnamese, `1,107` in English (the app's counts too: `i18n::count`).
pub fn count(value: i64, lang: Lang) -> String {
    Num::int(value).display(lang, 0)
}

/// A target's status in capitals, as the tables say it.
pub fn status_text(status: TargetStatus, lang: Lang) -> &'static str {
    match status {
        TargetStatus::Pass => lang.pick("ĐẠT", "PASS"),
        TargetStatus::Fail => lang.pick("KHÔNG ĐẠT", "FAIL"),
        TargetStatus::Pending => lang.pick("ĐANG THỰC HIỆN", "PENDING"),
        TargetStatus::NoData => lang.pick("THIẾU SỐ LIỆU", "NO DATA"),
    }
}

/// A target's margins in one cell, separated by `; `.
pub fn margins_text(result: &TargetResult, lang: Lang) -> String {
    result.margins.iter().map(|m| m.text.get(lang)).collect::<Vec<_>>().join("; ")
}

/// The columns of the targets table (the CLI's table and CSV, the report's sheet).
pub fn headers(lang: Lang) -> Vec<String> {
    super::headers(&[
        lang.pick("Chỉ tiêu", "Target"),
        lang.pick("Yêu cầu", "Required"),
        lang.pick("Thực tế", "Actual"),
        lang.pick("Kết quả", "Status"),
        lang.pick("Chênh lệch", "Margin"),
        lang.pick("Số báo cáo", "Reported"),
    ])
}

/// A target's row under [`headers`]: its name, the bound, the actual figures, the status, the margins, and the check
/// of the percentage reported.
pub fn row(result: &TargetResult, lang: Lang) -> Vec<String> {
    vec![
        result.name.get(lang).to_string(),
        result.bound.get(lang).to_string(),
        result.summary.get(lang).to_string(),
        status_text(result.status, lang).to_string(),
        margins_text(result, lang),
        result.reported.as_ref().map(|c| c.text.get(lang).to_string()).unwrap_or_default(),
    ]
}

/// The targets as a titled text table.
pub fn targets_text(results: &[TargetResult], lang: Lang) -> String {
    let rows: Vec<Vec<String>> = results.iter().map(|r| row(r, lang)).collect();
    format!("{}\n{}", lang.pick("CHỈ TIÊU", "TARGETS"), super::table(&headers(lang), &rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(words: MarginWords, units: i64, vi: &str, en: &str) {
        let margin = margin(words);
        assert_eq!(margin.units, units, "{words:?}");
        assert_eq!((margin.text.get(Lang::Vi), margin.text.get(Lang::En)), (vi, en), "{words:?}");
    }

    /// Every margin in both languages, with the sign of its units: positive still needed or over, negative spare.
    #[test]
    fn margins_in_words() {
        let what = Text::new("đảng viên ở mức HTXS", "members at HTXS");
        check(MarginWords::Spare(1234), -1234, "đạt; dư 1.234 so với mức tối thiểu", "met, with 1,234 to spare");
        check(
            MarginWords::Needed { count: 2, what: Some(&what) },
            2,
            "cần thêm 2 đảng viên ở mức HTXS",
            "2 more members at HTXS needed",
        );
        check(MarginWords::Needed { count: 3, what: None }, 3, "cần thêm 3", "3 more needed");
        check(
            MarginWords::OutOfReach,
            i64::MAX,
            "không thể đạt với số hiện có",
            "cannot be met with the current numbers",
        );
        check(
            MarginWords::OverMax { count: 7, what: Some(&what) },
            7,
            "vượt mức tối đa 7 đảng viên ở mức HTXS",
            "exceeds the maximum by 7 members at HTXS",
        );
        check(MarginWords::OverMax { count: 1, what: None }, 1, "vượt mức tối đa 1", "exceeds the maximum by 1");
        check(MarginWords::Short(4), 4, "còn thiếu 4", "4 short");
        check(MarginWords::Above(5), -5, "vượt 5", "5 above");
        check(MarginWords::MetAbove(0), 0, "đạt, vượt 0", "met, 0 above");
        check(
            MarginWords::DaysLeft { days: 12, deadline: (2026, 3, 31) },
            12,
            "còn 12 ngày đến hạn 31/03/2026",
            "12 days left to 2026-03-31",
        );
    }

    #[test]
    fn status_and_bounds() {
        assert_eq!(status_text(TargetStatus::Fail, Lang::Vi), "KHÔNG ĐẠT");
        assert_eq!(status_text(TargetStatus::NoData, Lang::En), "NO DATA");
        let half = Num::ratio(1, 2).unwrap();
        assert_eq!(bound_text(Some((half, true)), None, true, Lang::En), "> 50%");
        assert_eq!(bound_text(Some((half, false)), Some((Num::int(1), false)), true, Lang::Vi), "≥ 50% và ≤ 100%");
    }
}
