#![no_main]
//! Condition-language text → `expr::parse` → `expr::compile` (a resolver with facts of every type) →
//! `eval`, `holds` and `eval_traced` on a row of values taken from the input.
//!
//! Input: `expression text [\0 value bytes]`. The text before the first NUL byte is the expression; the bytes after
//! it fill the fact row (see `values`). Without a NUL, a fixed row is used, so plain-text seeds work.

use libfuzzer_sys::fuzz_target;
use xeploai::Num;
use xeploai::expr::{self, FactInfo, NumStyle, Type};

const SLOTS: usize = 12;

fn resolve(name: &str) -> Option<FactInfo> {
    let choice = |fact: &str, values: &[&str]| Type::Choice { fact: fact.into(), values: values.iter().map(|v| v.to_string()).collect() };
    let (slot, ty) = match name {
        "score" => (0, Type::Num(NumStyle::Plain)),
        "assigned" => (1, Type::Num(NumStyle::Plain)),
        "exceeding" => (2, Type::Num(NumStyle::Plain)),
        "share" => (3, Type::Num(NumStyle::Percent)),
        "suspended" => (4, Type::Bool),
        "discipline" => (5, choice("discipline", &["none", "khien_trach", "canh_cao", "cach_chuc"])),
        "members.ge_htt" => (6, Type::Num(NumStyle::Plain)),
        "members.total" => (7, Type::Num(NumStyle::Plain)),
        "level" => (8, choice("level", &["htxs", "htt", "ht", "kht"])),
        "điểm" => (9, Type::Num(NumStyle::Plain)),
        "exempted" => (10, Type::Bool),
        // A slot past the end of the row: evaluation must treat it as missing.
        "beyond" => (SLOTS as u32 + 3, Type::Num(NumStyle::Plain)),
        _ => return None,
    };
    Some(FactInfo { slot, ty })
}

/// One value per slot from the bytes: a mode byte, then the bytes that mode needs.
fn values(mut bytes: &[u8]) -> Vec<Num> {
    let default = [
        Num::int(90),
        Num::int(10),
        Num::int(3),
        Num::ratio(3, 10).unwrap(),
        Num::ZERO,
        Num::int(1),
        Num::int(8),
        Num::int(10),
        Num::int(2),
        Num::ratio(179, 2).unwrap(),
        Num::ONE,
        Num::MISSING,
    ];
    let mut take = |n: usize| -> Option<&[u8]> {
        if bytes.len() < n {
            return None;
        }
        let (head, rest) = bytes.split_at(n);
        bytes = rest;
        Some(head)
    };
    let mut row = Vec::with_capacity(SLOTS);
    for slot in 0..SLOTS {
        let Some(mode) = take(1) else {
            row.push(default[slot]);
            continue;
        };
        let value = match mode[0] % 7 {
            0 => Some(Num::MISSING),
            1 => take(1).map(|b| Num::int(b[0] as i8 as i64)),
            2 => take(3).and_then(|b| Num::ratio(i16::from_le_bytes([b[0], b[1]]) as i64, b[2].max(1) as i64)),
            3 => take(8).map(|b| Num::int(i64::from_le_bytes(b.try_into().unwrap()))),
            4 => take(16).and_then(|b| {
                let n = i64::from_le_bytes(b[..8].try_into().unwrap());
                let d = i64::from_le_bytes(b[8..].try_into().unwrap());
                Num::ratio(n, d)
            }),
            5 => take(1).map(|b| Num::int((b[0] & 1) as i64)),
            // A decimal as typed, through the same parser as the readers.
            _ => take(1).and_then(|b| {
                let len = b[0] as usize % 24;
                take(len).and_then(|t| std::str::from_utf8(t).ok()).and_then(|t| Num::parse(t).ok())
            }),
        };
        row.push(value.unwrap_or(default[slot]));
    }
    row
}

fuzz_target!(|data: &[u8]| {
    let (text, rest) = match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let Ok(text) = std::str::from_utf8(text) else { return };
    let Ok(ast) = expr::parse(text) else { return };
    let Ok(compiled) = expr::compile(text, &ast, &resolve) else { return };
    let _ = compiled.ty();
    let _ = compiled.style();
    let _ = compiled.text();
    for slot in compiled.facts() {
        assert!(resolve_slot_known(*slot), "compiled expression reads an unknown slot {slot}");
    }
    let row = values(rest);
    let fast = compiled.eval(&row);
    let mut comparisons = Vec::new();
    let traced = compiled.eval_traced(&row, &mut comparisons);
    // Documented: eval_traced returns the same value as eval.
    assert_eq!(fast, traced, "eval and eval_traced disagree on {text:?} with {row:?}");
    if *compiled.ty() == Type::Bool {
        assert_eq!(compiled.holds(&row), fast.map(|v| !v.is_zero()));
    }
    // Short rows: every fact missing.
    let _ = compiled.eval(&[]);
    let _ = compiled.eval_traced(&[], &mut comparisons);
    // Rendering the comparisons for people (what explanations show).
    for comparison in &comparisons {
        if let Some(v) = comparison.observed {
            let _ = v.display(xeploai::Lang::Vi, 2);
            let _ = v.display_percent(xeploai::Lang::En, 2);
            let _ = v.to_plain_string();
        }
    }
});

fn resolve_slot_known(slot: u32) -> bool {
    (slot as usize) < SLOTS || slot == SLOTS as u32 + 3
}
