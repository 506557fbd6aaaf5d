//! A roster template for a rule set: the sheets an office fills in, with Vietnamese headers the reader matches, one
//! example row, and a notes sheet that explains every column and the values it takes. The app offers it as XLSX and
//! CSV; `xeploai template` writes the same sheets.

use crate::Lang;
use crate::doc::QuotaScope;
use crate::num::Num;
use crate::report::{Cell, Sheet};
use crate::ruleset::{Fact, FactOrigin, FactType, RuleSet};

/// The meta columns of a members roster, as the template names them (the reader knows these words).
fn meta_headers(rules: &RuleSet, lang: Lang) -> Vec<(&'static str, String, String)> {
    let task_groups = rules.quotas.iter().any(|q| q.scopes.contains(&QuotaScope::TaskGroup));
    let mut columns = vec![
        (
            "id",
            lang.pick("Mã", "Id").to_string(),
            lang.pick("Mã đảng viên, không trùng nhau (bắt buộc).", "The member's id, unique (required).").to_string(),
        ),
        ("name", lang.pick("Họ và tên", "Name").to_string(), lang.pick("Họ và tên đầy đủ.", "Full name.").to_string()),
        ("subject", lang.pick("Loại đối tượng", "Subject").to_string(), String::new()),
        (
            "org",
            lang.pick("Chi bộ", "Org").to_string(),
            lang.pick(
                "Mã chi bộ (trùng với cột Mã của danh sách tổ chức nếu có).",
                "The cell's id (as in the organizations list, if any).",
            )
            .to_string(),
        ),
    ];
    if task_groups {
        columns.push((
            "task_group",
            lang.pick("Nhóm nhiệm vụ", "Task group").to_string(),
            lang.pick(
                "Nhóm có chức trách, nhiệm vụ tương đồng (phạm vi tỷ lệ).",
                "The group with similar duties (the quota's scope).",
            )
            .to_string(),
        ));
    }
    columns.push((
        "target",
        lang.pick("Đăng ký phấn đấu", "Target level").to_string(),
        lang.pick(
            "Mức đăng ký phấn đấu đầu năm (không bắt buộc).",
            "The level registered at the start of the year (optional).",
        )
        .to_string(),
    ));
    columns
}

/// The facts a template has columns for: input facts the rules read, for at least one of `kinds`.
fn template_facts<'a>(rules: &'a RuleSet, kinds: &'a [usize]) -> impl Iterator<Item = &'a Fact> {
    rules
        .facts
        .iter()
        .filter(move |f| f.origin == FactOrigin::Input && f.used && kinds.iter().any(|k| f.applies_to(*k)))
}

/// A value that reads, as typed in a cell.
fn example_value(fact: &Fact, lang: Lang) -> String {
    let shown = |n: Num| if fact.ty == FactType::Percent { n.checked_mul(Num::HUNDRED).unwrap_or(n) } else { n };
    match fact.ty {
        FactType::Choice => {
            let index = fact.default.map(|d| d.to_f64().max(0.0) as usize).unwrap_or(0);
            fact.choices.get(index).map(|c| c.name.get(lang).to_string()).unwrap_or_default()
        }
        FactType::Bool => {
            let yes = fact.default.is_some_and(|d| d != Num::ZERO);
            if yes { lang.pick("có", "yes") } else { lang.pick("không", "no") }.to_string()
        }
        _ => match fact.default.or(fact.max).or(fact.min) {
            Some(value) => shown(value).display(lang, 2),
            None => "0".to_string(),
        },
    }
}

/// What a column takes, in words.
fn allowed(fact: &Fact, lang: Lang) -> String {
    let shown = |n: Num| {
        let n = if fact.ty == FactType::Percent { n.checked_mul(Num::HUNDRED).unwrap_or(n) } else { n };
        n.display(lang, 2)
    };
    match fact.ty {
        FactType::Choice => fact
            .choices
            .iter()
            .map(|c| {
                let mut words = vec![c.name.get(lang).to_string()];
                words.extend(c.aliases.iter().cloned());
                words.join(" / ")
            })
            .collect::<Vec<_>>()
            .join("; "),
        FactType::Bool => lang.pick("có / x / 1; không / 0 / để trống", "yes / x / 1; no / 0 / empty").to_string(),
        _ => {
            let kind = match fact.ty {
                FactType::Integer => lang.pick("số nguyên", "a whole number"),
                FactType::Percent => lang.pick("phần trăm (30 hoặc 30%)", "a percentage (30 or 30%)"),
                _ => lang.pick("số (dấu thập phân là dấu phẩy hoặc dấu chấm)", "a number (decimal comma or point)"),
            };
            let range = match (fact.min, fact.max) {
                (Some(min), Some(max)) => format!(", {} {} – {}", lang.pick("từ", "from"), shown(min), shown(max)),
                (Some(min), None) => format!(", ≥ {}", shown(min)),
                (None, Some(max)) => format!(", ≤ {}", shown(max)),
                (None, None) => String::new(),
            };
            let unit = fact.unit.as_ref().map(|u| format!(" ({})", u.get(lang))).unwrap_or_default();
            format!("{kind}{range}{unit}")
        }
    }
}

/// The members template's sheets: the roster (headers and one example row) and the notes on every column.
/// `kinds` are the subject kinds the roster holds (the individual kinds when empty).
pub fn roster_template(rules: &RuleSet, kinds: &[usize], lang: Lang) -> Vec<Sheet> {
    let kinds: Vec<usize> = if kinds.is_empty() {
        (0..rules.subjects.len()).filter(|k| !rules.subjects[*k].collective).collect()
    } else {
        kinds.to_vec()
    };
    let example_kind = kinds.first().copied().unwrap_or(0);
    let meta = meta_headers(rules, lang);
    let facts: Vec<&Fact> = template_facts(rules, &kinds).collect();
    let mut headers: Vec<String> = meta.iter().map(|(_, header, _)| header.clone()).collect();
    headers.extend(facts.iter().map(|f| f.name.get(lang).to_string()));
    let mut example: Vec<Cell> = meta
        .iter()
        .map(|(id, _, _)| {
            Cell::Text(match *id {
                "id" => "dv01".to_string(),
                "name" => "Nguyễn Văn An".to_string(),
                "subject" => rules.subjects.get(example_kind).map(|s| s.name.get(lang).to_string()).unwrap_or_default(),
                "org" => "cb1".to_string(),
                "task_group" => lang.pick("Tổ chuyên môn", "Unit team").to_string(),
                _ => String::new(),
            })
        })
        .collect();
    example.extend(
        facts
            .iter()
            .map(|f| Cell::Text(if f.applies_to(example_kind) { example_value(f, lang) } else { String::new() })),
    );
    let roster =
        Sheet { name: lang.pick("Danh sách", "Roster").to_string(), headers: headers.clone(), rows: vec![example] };

    let kinds_words = kinds
        .iter()
        .map(|k| {
            let s = &rules.subjects[*k];
            let mut words = vec![s.name.get(lang).to_string()];
            words.extend(s.aliases.iter().cloned());
            format!("{} ({})", words.join(" / "), s.id)
        })
        .collect::<Vec<_>>()
        .join("; ");
    let levels =
        rules.levels.iter().map(|l| format!("{} ({})", l.short, l.name.get(lang))).collect::<Vec<_>>().join("; ");
    let mut notes = Sheet {
        name: lang.pick("Ghi chú", "Notes").to_string(),
        headers: vec![
            lang.pick("Cột", "Column").to_string(),
            lang.pick("Ý nghĩa", "Meaning").to_string(),
            lang.pick("Giá trị được nhận", "Allowed values").to_string(),
            lang.pick("Bắt buộc / mặc định", "Required / default").to_string(),
            lang.pick("Áp dụng cho", "Applies to").to_string(),
        ],
        rows: Vec::new(),
    };
    let all_kinds = lang.pick("mọi loại", "every kind").to_string();
    for (id, header, meaning) in &meta {
        let (values, required) = match *id {
            "id" => (lang.pick("chữ và số", "letters and digits").to_string(), lang.pick("bắt buộc", "required")),
            "subject" => (kinds_words.clone(), lang.pick("bắt buộc", "required")),
            "target" => (levels.clone(), lang.pick("không bắt buộc", "optional")),
            _ => (String::new(), lang.pick("không bắt buộc", "optional")),
        };
        let meaning = if *id == "subject" {
            lang.pick(
                "Loại đối tượng đánh giá (chữ, có dấu hoặc không dấu, hoa hay thường).",
                "The subject kind (words, with or without diacritics, any case).",
            )
            .to_string()
        } else {
            meaning.clone()
        };
        notes.rows.push(vec![
            Cell::Text(header.clone()),
            Cell::Text(meaning),
            Cell::Text(values),
            Cell::Text(required.to_string()),
            Cell::Text(all_kinds.clone()),
        ]);
    }
    for fact in &facts {
        let required = match fact.default {
            Some(_) => format!("{}: {}", lang.pick("mặc định", "default"), example_value(fact, lang)),
            None => lang.pick("bắt buộc (để trống thì chưa xếp loại được)", "required (empty: no level)").to_string(),
        };
        let applies: Vec<&str> =
            kinds.iter().filter(|k| fact.applies_to(**k)).map(|k| rules.subjects[*k].id.as_str()).collect();
        notes.rows.push(vec![
            Cell::Text(fact.name.get(lang).to_string()),
            Cell::Text(fact.help.as_ref().map(|h| h.get(lang).to_string()).unwrap_or_default()),
            Cell::Text(allowed(fact, lang)),
            Cell::Text(required),
            Cell::Text(if applies.len() == kinds.len() { all_kinds.clone() } else { applies.join(", ") }),
        ]);
    }
    notes.rows.push(vec![
        Cell::Text(lang.pick("(chung)", "(general)").to_string()),
        Cell::Text(
            lang.pick(
                "Dòng tiêu đề có thể nằm dưới tên văn bản; tên cột viết có dấu hoặc không dấu đều được; tệp CSV lưu UTF-8 hay Windows-1258 đều đọc được. Xóa dòng ví dụ trước khi nhập.",
                "The header row may sit below a title; column names may be written with or without diacritics; CSV files saved as UTF-8 or Windows-1258 are read. Delete the example row before importing.",
            )
            .to_string(),
        ),
        Cell::Text(format!("{} {}", rules.id, rules.version)),
        Cell::Text(String::new()),
        Cell::Text(String::new()),
    ]);
    vec![roster, notes]
}
