//! A form built by the engine, written as Word and read back: the text is all there, in the order of the form.

use std::io::Read;

use xeploai::form::{Fix, FixStatus, Form, FormInput, ReviewText, Signer};
use xeploai::{Classifier, Lang};

fn document_xml(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    let mut xml = String::new();
    archive.by_name("word/document.xml").expect("the main part").read_to_string(&mut xml).unwrap();
    xml
}

fn form_json(subject: &str, facts: &[(&str, &str)]) -> String {
    let rules = xeploai::builtin::load_default();
    let kind = rules.subject_index(subject).unwrap();
    let (row, _) = xeploai::input::typed_row(&rules, kind, facts.iter().copied());
    let (_, explanation) = Classifier::new(&rules).explain(kind, &row, None);
    let form = Form::build(FormInput {
        rules: &rules,
        kind,
        row: &row,
        explanation: &explanation,
        signer: Signer { name: "Trần Văn Cường".into(), year: "2025".into(), ..Signer::default() },
        review: ReviewText {
            politics: "Kiên định & trung thành <tuyệt đối>.".into(),
            fixes: vec![Fix { shortcoming: "Nộp báo cáo chậm".into(), status: FixStatus::Fixed }],
            ..ReviewText::default()
        },
        review_year: Some(2025),
        lists: &Default::default(),
        lang: Lang::Vi,
    });
    serde_json::to_string(&form.document()).unwrap()
}

#[test]
fn a_member_form_in_word_has_part_a_part_b_and_the_annex() {
    let facts = [
        ("common_points", "28"),
        ("task_points", "65"),
        ("tasks_assigned", "12"),
        ("tasks_on_time", "11"),
        ("tasks_late", "1"),
        ("tasks_exceeding", "4"),
    ];
    let bytes = xeploai_form::docx_from_json(&form_json("member", &facts)).unwrap();
    assert!(bytes.starts_with(b"PK"), "a zip file");
    let xml = document_xml(&bytes);
    let expected = [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Mẫu 2B",
        "BẢN KIỂM ĐIỂM CÁ NHÂN",
        "Họ và tên: Trần Văn Cường",
        "Kiên định &amp; trung thành &lt;tuyệt đối&gt;.",
        "Nộp báo cáo chậm",
        "Đã khắc phục",
        "28/30",
        "65/70",
        "93/100",
        "☒ Hoàn thành nhiệm vụ",
        "NGƯỜI TỰ KIỂM ĐIỂM",
        "PHỤ LỤC",
        "Số nhiệm vụ hoàn thành nhưng chưa bảo đảm tiến độ",
    ];
    let mut from = 0;
    for text in expected {
        let at = xml[from..].find(text).unwrap_or_else(|| panic!("{text:?} missing after byte {from}"));
        from += at;
    }
    assert!(xml.contains("w:pageBreakBefore"), "the annex starts a page");
    assert!(xml.contains("<w:caps"), "the committee and the unit in capitals");
    // Every style the engine lays out has its look here: the signature's title is bold and centered.
    let signature = xml.find("NGƯỜI TỰ KIỂM ĐIỂM").unwrap();
    let paragraph =
        &xml[xml[..signature].rfind("<w:p>").or_else(|| xml[..signature].rfind("<w:p ")).unwrap()..signature];
    assert!(paragraph.contains("<w:b ") || paragraph.contains("<w:b/>"), "{paragraph}");
    assert!(paragraph.contains("w:val=\"center\""), "{paragraph}");
    assert!(xml.contains("w:w=\"11906\"") && xml.contains("w:h=\"16838\""), "A4");
}

#[test]
fn a_collective_form_in_word() {
    let bytes = xeploai_form::docx_from_json(&form_json("collective", &[("common_points", "27")])).unwrap();
    let xml = document_xml(&bytes);
    assert!(xml.contains("BÁO CÁO KIỂM ĐIỂM TẬP THỂ") && xml.contains("Mẫu 01") && xml.contains("T/M TẬP THỂ"));
}
