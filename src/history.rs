//! Past years' levels of one person or organization, and the quarters of the year: what they mean, as notes.
//!
//! Notes inform; they never decide. An award is "may be proposed", a consequence is "may be considered", each with
//! its source and whether the source is confirmed (domain brief 1.6a, 1.7).
//! Levels are the ids every bundled rule set shares since 2018: `htxs`, `htt`, `ht`, `kht`.

use crate::Text;

/// The level of one past year, as the person recorded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastYear {
    pub year: i32,
    /// A level id (`htxs`, `htt`, `ht`, `kht`); anything else is kept and shown but counts for nothing.
    pub level: String,
}

/// Whose years these are: awards and consequences differ for a person and an organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    Person,
    Organization,
}

/// What a note is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteKind {
    /// An award one may be proposed for.
    Award,
    /// What a KHT level may lead to (never decided here).
    Consequence,
    /// Something missing or odd in what was recorded.
    Gap,
    /// What the quarters of the year mean for the year.
    Quarters,
}

/// One note, with its source.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub kind: NoteKind,
    pub text: Text,
    /// The document and where in it.
    pub source: Text,
    /// Is the source confirmed (`false`: likely, not confirmed)?
    pub confirmed: bool,
}

const HTXS: &str = "htxs";
const KHT: &str = "kht";
/// Years in a row at HTXS for the upper awards (HD 06-HD/TW 2025 tiểu mục 19.2).
pub const AWARD_STREAK: usize = 5;

fn hd06() -> Text {
    Text::new("Hướng dẫn 06-HD/TW (9/6/2025), tiểu mục 19.2", "Guidance 06-HD/TW (9/6/2025), point 19.2")
}

/// The latest run of consecutive years at `level` (years as recorded, one per year): how many, and the first and
/// last year of the run. `None` when the latest recorded year is not at `level`.
pub fn streak(years: &[PastYear], level: &str) -> Option<(usize, i32, i32)> {
    let mut sorted: Vec<&PastYear> = years.iter().collect();
    sorted.sort_by_key(|y| y.year);
    sorted.dedup_by_key(|y| y.year);
    let last = sorted.last().filter(|y| y.level == level)?;
    let mut first = last.year;
    for pair in sorted.windows(2).rev() {
        if pair[1].year != first {
            continue;
        }
        if pair[0].year + 1 == pair[1].year && pair[0].level == level {
            first = pair[0].year;
        } else {
            break;
        }
    }
    Some(((last.year - first + 1) as usize, first, last.year))
}

/// The notes for past years' levels.
pub fn notes(years: &[PastYear], holder: Holder) -> Vec<Note> {
    let mut notes = Vec::new();
    let mut sorted: Vec<&PastYear> = years.iter().collect();
    sorted.sort_by_key(|y| y.year);
    // The same year twice: both are kept by the caller; the note says which one counts (the last recorded).
    for pair in sorted.windows(2).filter(|p| p[0].year == p[1].year) {
        notes.push(Note {
            kind: NoteKind::Gap,
            text: Text::new(
                format!("Năm {} được ghi hai lần; chỉ tính một lần khi đếm số năm liền.", pair[0].year),
                format!("The year {} is recorded twice; it counts once for years in a row.", pair[0].year),
            ),
            source: Text::new("—", "—"),
            confirmed: true,
        });
    }
    let mut distinct = sorted.clone();
    distinct.dedup_by_key(|y| y.year);
    for pair in distinct.windows(2).filter(|p| p[1].year > p[0].year + 1) {
        let (from, to) = (pair[0].year + 1, pair[1].year - 1);
        let missing = if from == to { from.to_string() } else { format!("{from}–{to}") };
        notes.push(Note {
            kind: NoteKind::Gap,
            text: Text::new(
                format!("Chưa ghi mức xếp loại năm {missing}: số năm liền chỉ tính từ sau đó."),
                format!("No level recorded for {missing}: years in a row count only from after it."),
            ),
            source: Text::new("—", "—"),
            confirmed: true,
        });
    }
    if let Some((count, first, last)) = streak(years, HTXS) {
        notes.extend(award_notes(holder, count, first, last));
    }
    for year in distinct.iter().filter(|y| y.level == KHT) {
        notes.extend(kht_notes(holder, year.year));
    }
    if let Some((count, first, last)) = streak(years, KHT).filter(|s| s.0 >= 2) {
        notes.push(Note {
            kind: NoteKind::Consequence,
            text: Text::new(
                format!(
                    "KHT {count} năm liền ({first}–{last}): quy định cũ \"hai năm liên tiếp không hoàn thành nhiệm vụ thì cho thôi việc\" đối với công chức không còn; mỗi năm KHT được xem xét riêng."
                ),
                format!(
                    "KHT {count} years in a row ({first}–{last}): the old civil-service rule \"two years in a row → dismissal\" is gone; each KHT year is considered on its own."
                ),
            ),
            source: Text::new(
                "Luật Cán bộ, công chức 2025; Nghị định 170/2025/NĐ-CP",
                "Law on Cadres and Civil Servants 2025; Decree 170/2025/NĐ-CP",
            ),
            confirmed: true,
        });
    }
    notes
}

fn award_notes(holder: Holder, count: usize, first: i32, last: i32) -> Vec<Note> {
    let mut notes = Vec::new();
    let run = if count == 1 { last.to_string() } else { format!("{first}–{last}") };
    match holder {
        Holder::Person => {
            notes.push(Note {
                kind: NoteKind::Award,
                text: Text::new(
                    format!("Năm {last} HTXS: có thể được đảng ủy cơ sở tặng giấy khen."),
                    format!(
                        "HTXS in {last}: may receive a certificate of merit (giấy khen) from the base party committee."
                    ),
                ),
                source: hd06(),
                confirmed: true,
            });
            if count >= AWARD_STREAK {
                notes.push(Note {
                    kind: NoteKind::Award,
                    text: Text::new(
                        format!(
                            "HTXS {count} năm liền ({run}): đủ điều kiện để được đề nghị giấy khen của cấp ủy cấp trên trực tiếp của tổ chức cơ sở đảng, hoặc bằng khen của ban thường vụ tỉnh ủy, thành ủy."
                        ),
                        format!(
                            "HTXS {count} years in a row ({run}): eligible to be proposed for a certificate of merit (giấy khen) of the committee above the base party organization, or a certificate (bằng khen) of the provincial standing committee."
                        ),
                    ),
                    source: hd06(),
                    confirmed: true,
                });
            }
        }
        Holder::Organization => {
            if count >= AWARD_STREAK {
                notes.push(Note {
                    kind: NoteKind::Award,
                    text: Text::new(
                        format!(
                            "HTXS {count} năm liền ({run}): nếu cả {AWARD_STREAK} năm đều được công nhận \"HTXS tiêu biểu\" thì đủ điều kiện để được đề nghị bằng khen (tổ chức cơ sở đảng: cờ)."
                        ),
                        format!(
                            "HTXS {count} years in a row ({run}): if all {AWARD_STREAK} years were recognized as \"outstanding HTXS\", eligible to be proposed for a certificate (bằng khen; a base party organization: a flag)."
                        ),
                    ),
                    source: hd06(),
                    confirmed: true,
                });
            } else {
                notes.push(Note {
                    kind: NoteKind::Award,
                    text: Text::new(
                        format!("Năm {last} HTXS: nếu được công nhận \"HTXS tiêu biểu\" thì có thể được tặng giấy khen."),
                        format!("HTXS in {last}: if recognized as \"outstanding HTXS\", may receive a certificate of merit (giấy khen)."),
                    ),
                    source: hd06(),
                    confirmed: true,
                });
            }
        }
    }
    if count + 1 == AWARD_STREAK {
        notes.push(Note {
            kind: NoteKind::Award,
            text: Text::new(
                format!(
                    "Đã HTXS {count} năm liền ({run}): nếu năm {} cũng HTXS thì đủ {AWARD_STREAK} năm liền.",
                    last + 1
                ),
                format!(
                    "HTXS {count} years in a row ({run}): HTXS in {} as well makes {AWARD_STREAK} years in a row.",
                    last + 1
                ),
            ),
            source: hd06(),
            confirmed: true,
        });
    }
    notes
}

fn kht_notes(holder: Holder, year: i32) -> Vec<Note> {
    match holder {
        Holder::Person => vec![
            Note {
                kind: NoteKind::Consequence,
                text: Text::new(
                    format!(
                        "Năm {year} KHT: với đảng viên không có hệ quả tự động; chi bộ có thể xem xét theo Điều lệ Đảng (ghi chú, không phải quyết định)."
                    ),
                    format!(
                        "KHT in {year}: for a party member nothing follows automatically; the cell may consider the case under the Party Statute (a note, not a decision)."
                    ),
                ),
                source: Text::new("Hướng dẫn 43-HD/BTCTW; Điều lệ Đảng", "Guidance 43-HD/BTCTW; Party Statute"),
                confirmed: true,
            },
            Note {
                kind: NoteKind::Consequence,
                text: Text::new(
                    format!(
                        "Nếu năm {year} cũng xếp loại công chức KHT: có thể bị bố trí công tác khác có chức vụ thấp hơn hoặc cho thôi việc, quyết định trong 30 ngày; cán bộ thuộc diện cấp ủy quản lý xem thêm Quy định 377-QĐ/TW."
                    ),
                    format!(
                        "If also rated KHT as a civil servant in {year}: may be moved to a lower post or dismissed, decided within 30 days; cadres managed by a party committee: see also Regulation 377-QĐ/TW."
                    ),
                ),
                source: Text::new(
                    "Luật Cán bộ, công chức 2025; Nghị định 170/2025/NĐ-CP; Quy định 377-QĐ/TW (8/10/2025, danh mục chưa tra được)",
                    "Law on Cadres and Civil Servants 2025; Decree 170/2025/NĐ-CP; Regulation 377-QĐ/TW (8/10/2025, list not retrieved)",
                ),
                confirmed: true,
            },
        ],
        Holder::Organization => vec![Note {
            kind: NoteKind::Consequence,
            text: Text::new(
                format!(
                    "Năm {year} KHT: cấp ủy cấp trên xem xét trách nhiệm của tập thể và người đứng đầu (ghi chú, không phải quyết định)."
                ),
                format!(
                    "KHT in {year}: the upper committee considers the collective's and its head's responsibility (a note, not a decision)."
                ),
            ),
            source: Text::new(
                "Quy định 366-QĐ/TW; Hướng dẫn 43-HD/BTCTW",
                "Regulation 366-QĐ/TW; Guidance 43-HD/BTCTW",
            ),
            confirmed: false,
        }],
    }
}

/// The number of quarters rated KHT, or `None` when no quarter was recorded (then the rule set's default applies).
pub fn kht_quarters(quarters: &[String; 4]) -> Option<u32> {
    quarters.iter().any(|q| !q.is_empty()).then(|| quarters.iter().filter(|q| *q == KHT).count() as u32)
}

/// The notes for the four quarters of the year (level ids, empty when not rated).
pub fn quarter_notes(quarters: &[String; 4]) -> Vec<Note> {
    let Some(kht) = kht_quarters(quarters) else { return Vec::new() };
    let likely = || {
        Text::new(
            "Quy định 366-QĐ/TW Điều 15 khoản 1; cách tính theo văn bản địa phương, có thể từ Hướng dẫn 02-HD/BTCTW (22/5/2026)",
            "Regulation 366-QĐ/TW Article 15 clause 1; how to combine from local texts, possibly Guidance 02-HD/BTCTW (22/5/2026)",
        )
    };
    let mut notes = Vec::new();
    let missing: Vec<String> =
        quarters.iter().enumerate().filter(|(_, q)| q.is_empty()).map(|(i, _)| (i + 1).to_string()).collect();
    if !missing.is_empty() {
        let list = missing.join(", ");
        notes.push(Note {
            kind: NoteKind::Gap,
            text: Text::new(
                format!("Chưa nhập kết quả quý {list}: chỉ tính các quý đã nhập."),
                format!("No result entered for quarter {list}: only the quarters entered count."),
            ),
            source: Text::new("—", "—"),
            confirmed: true,
        });
    }
    if kht > 0 {
        notes.push(Note {
            kind: NoteKind::Quarters,
            text: Text::new(
                format!(
                    "{kht} quý KHT: theo giả định của bộ quy tắc (có thể tắt), cả năm không được HTXS; các quý không được lấy trung bình."
                ),
                format!(
                    "{kht} quarter(s) rated KHT: under the rule set's assumption (can be switched off), no HTXS for the year; quarters are not averaged."
                ),
            ),
            source: likely(),
            confirmed: false,
        });
    }
    if quarters.windows(2).any(|w| w[0] == KHT && w[1] == KHT) {
        notes.push(Note {
            kind: NoteKind::Consequence,
            text: Text::new(
                "Hai quý liền KHT: văn bản địa phương nêu việc xem xét thay thế cán bộ lãnh đạo, quản lý (ghi chú, không phải quyết định).",
                "Two quarters in a row rated KHT: local texts mention considering the replacement of a leader (a note, not a decision).",
            ),
            source: likely(),
            confirmed: false,
        });
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    fn years(levels: &[(i32, &str)]) -> Vec<PastYear> {
        levels.iter().map(|(year, level)| PastYear { year: *year, level: level.to_string() }).collect()
    }

    fn has(notes: &[Note], kind: NoteKind, words: &str) -> bool {
        notes.iter().any(|n| n.kind == kind && n.text.vi.contains(words))
    }

    #[test]
    fn five_htxs_years_in_a_row_make_her_eligible_for_the_upper_awards() {
        let five = years(&[(2021, "htxs"), (2022, "htxs"), (2023, "htxs"), (2024, "htxs"), (2025, "htxs")]);
        assert_eq!(streak(&five, "htxs"), Some((5, 2021, 2025)));
        let notes = notes(&five, Holder::Person);
        assert!(has(&notes, NoteKind::Award, "HTXS 5 năm liền (2021–2025)"), "{notes:?}");
        assert!(has(&notes, NoteKind::Award, "bằng khen của ban thường vụ tỉnh ủy"));
        assert!(notes.iter().all(|n| n.kind != NoteKind::Award || n.source.vi.contains("06-HD/TW")));
        assert!(notes.iter().any(|n| n.text.get(Lang::En).contains("5 years in a row")));
    }

    #[test]
    fn a_gap_or_a_lower_year_breaks_the_run() {
        let gap = years(&[(2020, "htxs"), (2021, "htxs"), (2023, "htxs"), (2024, "htxs"), (2025, "htxs")]);
        assert_eq!(streak(&gap, "htxs"), Some((3, 2023, 2025)));
        let notes = notes(&gap, Holder::Person);
        assert!(has(&notes, NoteKind::Gap, "Chưa ghi mức xếp loại năm 2022"));
        assert!(!has(&notes, NoteKind::Award, "5 năm liền"));
        let lower =
            years(&[(2021, "htxs"), (2022, "htt"), (2023, "htxs"), (2024, "htxs"), (2025, "htxs"), (2026, "htxs")]);
        assert_eq!(streak(&lower, "htxs"), Some((4, 2023, 2026)));
        assert!(has(
            &super::notes(&lower, Holder::Person),
            NoteKind::Award,
            "nếu năm 2027 cũng HTXS thì đủ 5 năm liền"
        ));
        let ends_lower = years(&[(2024, "htxs"), (2025, "htt")]);
        assert_eq!(streak(&ends_lower, "htxs"), None, "the run must reach the latest year");
    }

    #[test]
    fn the_order_recorded_does_not_matter_and_a_year_twice_is_named() {
        let shuffled =
            years(&[(2025, "htxs"), (2021, "htxs"), (2023, "htxs"), (2022, "htxs"), (2024, "htxs"), (2024, "htxs")]);
        assert_eq!(streak(&shuffled, "htxs"), Some((5, 2021, 2025)));
        assert!(has(&notes(&shuffled, Holder::Person), NoteKind::Gap, "Năm 2024 được ghi hai lần"));
    }

    #[test]
    fn kht_years_are_notes_never_decisions() {
        let notes = notes(&years(&[(2024, "kht"), (2025, "kht")]), Holder::Person);
        let consequences: Vec<&Note> = notes.iter().filter(|n| n.kind == NoteKind::Consequence).collect();
        assert_eq!(consequences.len(), 5, "two notes per KHT year and one for the run: {notes:?}");
        assert!(has(&notes, NoteKind::Consequence, "không có hệ quả tự động"));
        assert!(has(&notes, NoteKind::Consequence, "hai năm liên tiếp"));
        assert!(
            consequences.iter().all(|n| n.text.vi.contains("có thể") || n.text.vi.contains("xem xét")),
            "{notes:?}"
        );
        assert!(notes.iter().all(|n| n.kind != NoteKind::Award));
    }

    #[test]
    fn organizations_need_the_outstanding_recognition() {
        let five = years(&[(2021, "htxs"), (2022, "htxs"), (2023, "htxs"), (2024, "htxs"), (2025, "htxs")]);
        let notes = notes(&five, Holder::Organization);
        assert!(has(&notes, NoteKind::Award, "HTXS tiêu biểu"));
        assert!(!has(&notes, NoteKind::Award, "giấy khen của cấp ủy cấp trên"));
    }

    #[test]
    fn quarters_count_and_notes() {
        let q = |a: [&str; 4]| a.map(str::to_string);
        assert_eq!(kht_quarters(&q(["", "", "", ""])), None);
        assert!(quarter_notes(&q(["", "", "", ""])).is_empty());
        assert_eq!(kht_quarters(&q(["htxs", "kht", "htt", ""])), Some(1));
        let notes = quarter_notes(&q(["htxs", "kht", "htt", ""]));
        assert!(has(&notes, NoteKind::Gap, "quý 4"));
        assert!(has(&notes, NoteKind::Quarters, "1 quý KHT"));
        assert!(notes.iter().any(|n| !n.confirmed && n.source.vi.contains("02-HD/BTCTW")));
        let two = quarter_notes(&q(["kht", "kht", "htt", "htt"]));
        assert!(has(&two, NoteKind::Consequence, "Hai quý liền KHT"));
        let apart = quarter_notes(&q(["kht", "htt", "kht", "htt"]));
        assert!(!has(&apart, NoteKind::Consequence, "Hai quý liền KHT"));
        assert_eq!(kht_quarters(&q(["kht", "htt", "kht", "htt"])), Some(2));
    }
}
