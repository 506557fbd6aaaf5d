//! The interface's own words, in Vietnamese (default) and English. Texts that come from a rule set (fact names,
//! levels, rules, sources) are in the rule set itself.

use xeploai::Lang;

/// Every fixed text of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    AppTitle,
    AppSubtitle,
    Privacy,
    Language,
    RuleSet,
    Subject,
    Official,
    NotOfficial,
    Person,
    PersonName,
    PersonUnit,
    PersonPosition,
    Year,
    ReviewYear,
    Target,
    NoTarget,
    Facts,
    Required,
    Optional,
    Yes,
    No,
    Empty,
    Result,
    Score,
    Of,
    Why,
    Source,
    Confirmed,
    Assumption,
    AssumptionsTitle,
    AssumptionsIntro,
    ChecksOfLevel,
    AllChecks,
    NextLevel,
    NextLevelNone,
    TargetGap,
    TargetReached,
    MustNotFallUnder,
    NotEnoughData,
    MissingFacts,
    NotClassified,
    Referred,
    Invalid,
    Otherwise,
    OtherwiseUnknown,
    ReferralCase,
    ReferralClaim,
    Contradictions,
    MissingUnneeded,
    Incomplete,
    Failed,
    Met,
    NotMet,
    Unknown,
    Applies,
    DoesNotApply,
    Members,
    MembersIntro,
    MembersByCount,
    MembersByList,
    Subunits,
    SubunitsIntro,
    NotClassifiedCount,
    ReferredCount,
    Candidates,
    CandidateName,
    CandidateScore,
    CandidateLevel,
    AddRow,
    RemoveRow,
    Quota,
    QuotaGood,
    QuotaCap,
    QuotaCandidates,
    QuotaExcess,
    QuotaLookFirst,
    QuotaWithin,
    QuotaNote,
    Print,
    Export,
    Import,
    Clear,
    ClearConfirm,
    ClearYes,
    ClearNo,
    ImportFailed,
    Imported,
    ChangedElsewhere,
    DownloadData,
    RuleSetFailed,
    RuleSetLoading,
    PrintTitle,
    PrintFacts,
    PrintPoints,
    PrintProposed,
    PrintReasons,
    PrintSignature,
    PrintDate,
    // lists
    ListPastedExtra,
    ListUse,
    ListAdd,
    ListRemove,
    ListUp,
    ListDown,
    ListActions,
    ListHelp,
    ListNumber,
    ListEmpty,
    ListComputed,
    ListTotals,
    // form
    FormTitle,
    FormIntro,
    FormHeader,
    FormCommittee,
    FormPlace,
    FormDate,
    FormPartA,
    FormStrengths,
    FormFixes,
    FormFixesHelp,
    FormFixShortcoming,
    FormFixStatus,
    FormFixAdd,
    FormFixRemove,
    FormPartB,
    FormPrint,
    FormDocx,
    FormDocxBusy,
    FormDocxFailed,
    // profiles
    ProfilesTitle,
    ProfilesHelp,
    ProfileOpen,
    ProfileName,
    ProfileYear,
    ProfileNoYear,
    ProfileYears,
    ProfileNew,
    ProfileNextYear,
    ProfileExportAll,
    ProfileImport,
    ProfileDelete,
    ProfileDeleteAsk,
    ProfileDeleteWarn,
    ProfileDeleteYes,
    ProfileDeleteNo,
    ProfilesPaused,
    YearsTitle,
    QuartersTitle,
    Quarter,
    QuarterNone,
    QuartersFed,
    QuartersEmpty,
    QuartersNoFact,
    PastTitle,
    PastLevel,
    PastNote,
    PastAdd,
    PastRemove,
    PastNone,
    NotesTitle,
    NoteConfirmed,
    NoteLikely,
    ProfileMore,
    PastYear,
}

/// The text of `key` in `lang`.
/// A count of people, rows or organizations for people to read, grouped by thousands as each language writes it
/// (`xeploai::render::targets::count`: `100.000` in Vietnamese, `100,000` in English; the files and JSON keep plain
/// digits).
pub fn count(n: usize, lang: Lang) -> String {
    xeploai::render::targets::count(i64::try_from(n).unwrap_or(i64::MAX), lang)
}

pub fn t(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    let (vi, en) = match key {
        AppTitle => ("Tự đánh giá, xếp loại chất lượng", "Quality self-assessment"),
        AppSubtitle => (
            "Tính thử mức xếp loại cuối năm theo bộ tiêu chí, kèm giải thích từng điều kiện",
            "Try out the year-end level under a set of criteria, with every condition explained",
        ),
        Privacy => (
            "Mọi tính toán diễn ra ngay trên máy này; không có dữ liệu nào được gửi đi.",
            "Everything is computed on this device; no data is sent anywhere.",
        ),
        Language => ("Ngôn ngữ", "Language"),
        RuleSet => ("Bộ tiêu chí", "Rule set"),
        Subject => ("Đối tượng", "Subject"),
        Official => ("văn bản chính thức", "official texts"),
        NotOfficial => ("không chính thức", "not official"),
        Person => ("Người được đánh giá", "Person assessed"),
        PersonName => ("Họ và tên / tên tổ chức", "Name"),
        PersonUnit => ("Chi bộ, đơn vị", "Party cell, unit"),
        PersonPosition => ("Chức vụ", "Position"),
        Year => ("Năm đánh giá", "Year"),
        ReviewYear => ("Năm đánh giá", "Review year"),
        Target => ("Đăng ký phấn đấu", "Registered target level"),
        NoTarget => ("(không đăng ký)", "(none)"),
        Facts => ("Nội dung tự đánh giá", "Self-assessment"),
        Required => ("bắt buộc", "required"),
        Optional => ("có thể để trống", "optional"),
        Yes => ("Có", "Yes"),
        No => ("Không", "No"),
        Empty => ("(trống)", "(empty)"),
        Result => ("Kết quả", "Result"),
        Score => ("Tổng điểm", "Total score"),
        Of => ("trên", "of"),
        Why => ("Căn cứ", "Why"),
        Source => ("Nguồn", "Source"),
        Confirmed => ("có nguồn xác nhận", "confirmed by the sources"),
        Assumption => ("GIẢ ĐỊNH", "ASSUMPTION"),
        AssumptionsTitle => ("Giả định của bộ tiêu chí", "Assumptions of this rule set"),
        AssumptionsIntro => (
            "Văn bản chưa quy định rõ những điểm sau; bộ tiêu chí đã chọn cách hiểu và nêu lý do.",
            "The texts are silent on the following; the rule set made a choice and gives its reason.",
        ),
        ChecksOfLevel => ("Điều kiện của mức", "Conditions of"),
        AllChecks => ("Tất cả các điều kiện đã kiểm tra", "Every check made"),
        NextLevel => ("Để đạt mức cao hơn", "To reach the next level"),
        NextLevelNone => ("Đã ở mức cao nhất.", "Already at the highest level."),
        TargetGap => ("So với mức đăng ký phấn đấu", "Against the registered target"),
        TargetReached => ("Đã đạt mức đăng ký.", "The registered level is reached."),
        MustNotFallUnder => ("Không còn thuộc trường hợp", "No longer fall under"),
        NotEnoughData => ("chưa đủ dữ liệu", "not enough data"),
        MissingFacts => ("Còn thiếu", "Still to fill in"),
        NotClassified => ("Không xếp loại", "Not classified"),
        Referred => ("Chờ cấp có thẩm quyền xem xét, quyết định", "For the competent level to decide"),
        Invalid => ("Số liệu mâu thuẫn", "Contradictory data"),
        Otherwise => {
            ("Nếu không có tình tiết này, theo điểm và điều kiện", "Without this claim, by score and conditions")
        }
        OtherwiseUnknown => ("chưa xác định được", "cannot be worked out yet"),
        ReferralCase => ("Trường hợp", "Case"),
        ReferralClaim => ("Tình tiết để xem xét", "Mitigation claimed"),
        Contradictions => {
            ("Số liệu mâu thuẫn, cần sửa trước khi xếp loại", "Contradictory data, to correct before any level")
        }
        MissingUnneeded => {
            ("Chưa nhập nhưng không ảnh hưởng kết quả", "Not filled in, but the result does not depend on them")
        }
        Incomplete => ("Chưa đủ dữ liệu", "Not enough data"),
        Failed => ("Không tính được", "Cannot be evaluated"),
        Met => ("đạt", "met"),
        NotMet => ("không đạt", "not met"),
        Unknown => ("chưa rõ", "unknown"),
        Applies => ("thuộc trường hợp này", "applies"),
        DoesNotApply => ("không thuộc", "does not apply"),
        Members => ("Đảng viên của tổ chức", "Members of the organization"),
        MembersIntro => (
            "Nhập số đảng viên theo từng mức, hoặc danh sách đảng viên với mức và điểm.",
            "Enter the number of members at each level, or a list of members with their level and score.",
        ),
        MembersByCount => ("Theo số lượng", "By count"),
        MembersByList => ("Theo danh sách", "By list"),
        Subunits => ("Tổ chức đảng trực thuộc", "Subordinate organizations"),
        SubunitsIntro => ("Số tổ chức trực thuộc theo từng mức (nếu có).", "Sub-units at each level (if any)."),
        NotClassifiedCount => ("Không xếp loại", "Not classified"),
        ReferredCount => ("Chờ cấp có thẩm quyền quyết định", "For the competent level"),
        Candidates => ("Danh sách", "List"),
        CandidateName => ("Họ tên", "Name"),
        CandidateScore => ("Điểm", "Score"),
        CandidateLevel => ("Mức", "Level"),
        AddRow => ("Thêm dòng", "Add a row"),
        RemoveRow => ("Xóa dòng", "Remove row"),
        Quota => ("Tỷ lệ xuất sắc", "Excellent quota"),
        QuotaGood => ("Số hoàn thành tốt", "Rated good"),
        QuotaCap => ("Tối đa được xuất sắc", "Excellent allowed"),
        QuotaCandidates => ("Đề nghị xuất sắc", "Excellent candidates"),
        QuotaExcess => ("Vượt", "Over the cap"),
        QuotaLookFirst => ("Cấp ủy xem xét trước", "A committee would look first at"),
        QuotaWithin => ("Trong giới hạn.", "Within the cap."),
        QuotaNote => (
            "Công cụ không tự hạ mức ai: cấp có thẩm quyền xem xét, quyết định.",
            "The tool demotes nobody: the competent committee decides.",
        ),
        Print => ("In bản tự đánh giá", "Print the self-assessment"),
        Export => ("Lưu ra tệp", "Export to a file"),
        Import => ("Mở tệp đã lưu", "Import a file"),
        Clear => ("Xóa dữ liệu đã nhập", "Clear what was entered"),
        ClearConfirm => (
            "Xóa toàn bộ dữ liệu đã nhập trên máy này? Không thể hoàn tác (hãy lưu ra tệp trước nếu cần).",
            "Clear everything entered on this device? This cannot be undone (export to a file first if needed).",
        ),
        ClearYes => ("Xóa", "Clear"),
        ClearNo => ("Giữ lại", "Keep"),
        ImportFailed => ("Không mở được tệp", "The file could not be imported"),
        Imported => ("Đã mở tệp.", "File imported."),
        RuleSetFailed => ("Không dùng được bộ tiêu chí đã chọn", "The chosen rule set cannot be used"),
        RuleSetLoading => ("đang tải…", "loading…"),
        ChangedElsewhere => (
            "Dữ liệu vừa được lưu từ một thẻ khác của ứng dụng; trang này đã cập nhật theo để không ghi đè lên.",
            "Another tab of the app just saved its data; this page now shows it, so neither overwrites the other.",
        ),
        DownloadData => ("Tải dữ liệu về", "Download the data"),
        PrintTitle => ("BẢN TỰ KIỂM ĐIỂM, ĐÁNH GIÁ, XẾP LOẠI", "SELF-ASSESSMENT AND CLASSIFICATION"),
        PrintFacts => {
            ("I. Kết quả thực hiện nhiệm vụ và các nội dung tự đánh giá", "I. Task results and self-assessment")
        }
        PrintPoints => ("II. Điểm tự chấm", "II. Points"),
        PrintProposed => ("III. Tự nhận mức xếp loại", "III. Proposed level"),
        PrintReasons => ("IV. Căn cứ", "IV. Reasons"),
        PrintSignature => ("Người tự đánh giá (ký, ghi rõ họ tên)", "Signed"),
        PrintDate => ("ngày … tháng … năm", "date"),
        // lists
        ListPastedExtra => (
            "Các ô thừa (nhiều cột hơn bảng) không được dán; số ô:",
            "Cells beyond the table's columns were not pasted; cells:",
        ),
        ListUse => ("Kê khai từng mục (thay cho nhập số tổng)", "Declare item by item (instead of typing totals)"),
        ListAdd => ("Thêm dòng", "Add a row"),
        ListRemove => ("Xóa dòng", "Remove the row"),
        ListUp => ("Lên", "Up"),
        ListDown => ("Xuống", "Down"),
        ListActions => ("Thao tác", "Actions"),
        ListHelp => (
            "Dán nhiều dòng chép từ Excel hoặc Word vào một ô; Enter ở dòng cuối thêm dòng mới; Alt+↑/↓ đổi thứ tự; Ctrl+Delete xóa dòng.",
            "Paste rows copied from Excel or Word into a cell; Enter on the last row adds a row; Alt+↑/↓ reorders; Ctrl+Delete removes the row.",
        ),
        ListNumber => ("STT", "No."),
        ListEmpty => ("Chưa có dòng nào.", "No rows yet."),
        ListComputed => ("tính từ danh sách", "computed from the list"),
        ListTotals => ("Tổng hợp", "Totals"),
        // form
        FormTitle => ("Bản kiểm điểm theo mẫu", "The official review form"),
        FormIntro => (
            "Phần A viết ở đây; phần B (điểm, mức xếp loại) và phụ lục nhiệm vụ được điền từ kết quả tính. Mọi nội dung được lưu trên máy này khi gõ.",
            "Write Part A here; Part B (points, level) and the task annex are filled from the result. Everything is saved on this device as you type.",
        ),
        FormHeader => ("Đầu văn bản", "Heading"),
        FormCommittee => ("Đảng bộ cấp trên", "Party committee above"),
        FormPlace => ("Nơi viết", "Place"),
        FormDate => ("Ngày viết (ngày/tháng/năm)", "Date (day/month/year)"),
        FormPartA => ("Phần A. Kiểm điểm", "Part A. Review"),
        FormStrengths => ("I. Ưu điểm, kết quả đạt được", "I. Strengths and results"),
        FormFixes => (
            "III. Kết quả khắc phục những hạn chế, khuyết điểm đã được chỉ ra ở các kỳ kiểm điểm trước",
            "III. Fixing the shortcomings pointed out at earlier reviews",
        ),
        FormFixesHelp => (
            "Mỗi hạn chế một dòng, ghi rõ đã khắc phục, đang khắc phục hay chưa khắc phục.",
            "One shortcoming per row, marked fixed, being fixed or not fixed.",
        ),
        FormFixShortcoming => ("Hạn chế, khuyết điểm", "Shortcoming"),
        FormFixStatus => ("Kết quả khắc phục", "How far fixed"),
        FormFixAdd => ("Thêm hạn chế, khuyết điểm", "Add a shortcoming"),
        FormFixRemove => ("Xoá dòng", "Remove row"),
        FormPartB => ("Phần B được điền từ kết quả tính ở trên", "Part B is filled from the result above"),
        FormPrint => ("In bản kiểm điểm (A4)", "Print the form (A4)"),
        FormDocx => ("Tải về Word (.docx)", "Download Word (.docx)"),
        FormDocxBusy => ("Đang tạo tệp Word…", "Making the Word file…"),
        FormDocxFailed => ("Không tạo được tệp Word", "The Word file could not be made"),
        // profiles
        ProfilesTitle => ("Hồ sơ đã lưu trên máy này", "Profiles saved on this device"),
        ProfilesHelp => (
            "Mỗi người một hồ sơ, mỗi hồ sơ giữ các năm. “Chép sang năm” giữ người và bộ tiêu chí, ghi mức năm đang mở vào các năm trước; điểm, nhiệm vụ năm mới để trống. Chỉ lưu trên máy này: hãy xuất ra tệp để giữ.",
            "One profile per person, each keeping its years. “Copy to the year” keeps the person and the rule set and records the open year's level among past years; the new year's points and tasks start empty. Saved on this device only: export to a file to keep them.",
        ),
        ProfileOpen => ("Hồ sơ đang mở", "Profile open"),
        ProfileName => ("Tên hồ sơ (sửa để đổi tên)", "Profile name (edit to rename)"),
        ProfileYear => ("Năm đang mở", "Year open"),
        ProfileNoYear => ("chưa chọn năm", "no year chosen"),
        ProfileYears => ("năm", "year(s)"),
        ProfileNew => ("Thêm hồ sơ mới", "New profile"),
        ProfileNextYear => ("Chép sang năm", "Copy to the year"),
        ProfileExportAll => ("Xuất tất cả hồ sơ ra tệp", "Export all profiles to a file"),
        ProfileImport => ("Nhập hồ sơ từ tệp", "Import profiles from a file"),
        ProfileDelete => ("Xóa hồ sơ này", "Delete this profile"),
        ProfileDeleteAsk => ("Xóa hẳn hồ sơ", "Delete the profile"),
        ProfileDeleteWarn => (
            "Không khôi phục được; nếu cần giữ, hãy xuất tất cả hồ sơ ra tệp trước.",
            "This cannot be undone; to keep it, export all profiles to a file first.",
        ),
        ProfileDeleteYes => ("Xóa hồ sơ", "Delete it"),
        ProfileDeleteNo => ("Không xóa", "Keep it"),
        ProfilesPaused => (
            "Chưa đổi được hồ sơ khi dữ liệu cũ chưa cất được: hãy tải dữ liệu về hoặc đóng thông báo trước.",
            "Profiles cannot be changed while the old data is not kept: download it or dismiss the notice first.",
        ),
        YearsTitle => ("Các quý và các năm", "Quarters and years"),
        QuartersTitle => ("Kết quả xếp loại các quý năm", "Quarterly results of"),
        Quarter => ("Quý", "Quarter"),
        QuarterNone => ("— chưa đánh giá —", "— not rated —"),
        QuartersFed => (
            "Số quý không hoàn thành nhiệm vụ (KHT), đã điền vào dữ kiện cùng tên để tính mức cả năm:",
            "Quarters rated KHT, filled into the fact of that name for the annual level:",
        ),
        QuartersEmpty => (
            "Chưa nhập quý nào: dữ kiện số quý KHT giữ như đã nhập (mặc định 0).",
            "No quarter entered: the KHT-quarters fact stays as typed (0 by default).",
        ),
        QuartersNoFact => (
            "Bộ tiêu chí đang dùng không tính kết quả quý cho đối tượng này; các quý chỉ được lưu lại.",
            "The rule set in use does not count quarters for this subject; the quarters are only kept.",
        ),
        PastTitle => ("Mức xếp loại các năm trước", "Levels of past years"),
        PastLevel => ("Mức", "Level"),
        PastNote => ("Ghi chú (số quyết định…)", "Note (decision number…)"),
        PastAdd => ("Thêm năm", "Add the year"),
        PastRemove => ("— bỏ năm này —", "— remove this year —"),
        PastNone => (
            "Chưa ghi năm nào. Khi bấm “Chép sang năm”, mức của năm đang mở được ghi vào đây.",
            "No year recorded. “Copy to the year” records the open year's level here.",
        ),
        NotesTitle => (
            "Ghi chú theo các năm (để tham khảo, không phải quyết định)",
            "Notes from the years (for information, not decisions)",
        ),
        NoteConfirmed => ("nguồn đã xác nhận", "confirmed source"),
        NoteLikely => ("CHƯA xác nhận", "NOT confirmed"),
        ProfileMore => ("Đổi tên, xuất, nhập, xóa hồ sơ", "Rename, export, import, delete profiles"),
        PastYear => ("Năm", "Year"),
    };
    lang.pick(vi, en)
}

/// Headings of the fact groups of the bundled rule sets; other group ids are shown as written.
pub fn group_title(lang: Lang, id: &str) -> String {
    match id {
        "points" => lang.pick("Điểm tự chấm", "Points"),
        "tasks" => lang.pick("Nhiệm vụ được giao", "Tasks assigned"),
        "conduct" => lang.pick("Kỷ luật, khắc phục hạn chế", "Discipline and shortcomings"),
        "eligibility" => lang.pick("Trường hợp đặc biệt", "Special cases"),
        "" => lang.pick("Khác", "Other"),
        other => other,
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_differ_where_they_should() {
        assert_eq!(t(Lang::Vi, Key::Result), "Kết quả");
        assert_eq!(t(Lang::En, Key::Result), "Result");
        assert_eq!(group_title(Lang::Vi, "tasks"), "Nhiệm vụ được giao");
        assert_eq!(group_title(Lang::En, "unknown-group"), "unknown-group");
    }
}

/// The words of unit mode and of the mode switch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum U {
    TabSelf,
    TabUnit,
    TabVariants,
    Modes,
    ImportTitle,
    ImportIntro,
    MembersFile,
    OrgsFile,
    ChooseFile,
    Remove,
    Rows,
    Sheet,
    ChooseSheet,
    Cancel,
    Reading,
    MappingTitle,
    MappingIntro,
    Automatic,
    Ignore,
    ProblemsTitle,
    ProblemsNone,
    ProblemsMore,
    Row,
    Column,
    Problem,
    Summary,
    DistributionTitle,
    ByCriteria,
    Proposed,
    Organizations,
    BaseOrganizations,
    Whole,
    PerOrg,
    QuotaTitle,
    QuotaScope,
    QuotaMove,
    QuotaNone,
    ResultsTitle,
    Search,
    AllLevels,
    AllOrgs,
    Id,
    Name,
    Org,
    Score,
    LevelByCriteria,
    LevelProposed,
    DetailTitle,
    Close,
    OrgsTitle,
    Parent,
    Base,
    Level,
    TargetsTitle,
    TargetSet,
    NoTargetSet,
    TypedTitle,
    TypedIntro,
    AsOf,
    Figure,
    Reported,
    Actual,
    Required,
    OrgsAtLevels,
    ExportOrgsCsv,
    Status,
    Margin,
    ExportCsv,
    ExportXlsx,
    PrintReport,
    XlsxLoading,
    XlsxFailed,
    Incomplete,
    NotClassified,
    Count,
    // rosters
    HeaderRow,
    HeaderRowAuto,
    TemplateTitle,
    TemplateHelp,
    TemplateXlsx,
    TemplateCsv,
    Unreadable,
}

pub fn u(lang: Lang, key: U) -> &'static str {
    use U::*;
    let (vi, en) = match key {
        TabSelf => ("Tự đánh giá", "Self-assessment"),
        TabUnit => ("Cả đơn vị", "Whole unit"),
        TabVariants => ("Thử tiêu chí", "Try criteria"),
        Modes => ("Chế độ", "Mode"),
        ImportTitle => ("Nhập danh sách", "Import a roster"),
        ImportIntro => (
            "Tệp CSV (UTF-8, UTF-16, Windows-1258; dấu phẩy, chấm phẩy hoặc tab; chữ gõ bằng TCVN3/VNI được chuyển sang Unicode) hoặc XLSX, tiêu đề cột tiếng Việt (dòng tiêu đề có thể nằm dưới tên văn bản). Danh sách đảng viên có cột mã, họ tên, chi bộ và các nội dung đánh giá; danh sách tổ chức (nếu có) có mã, tên, cấp trên, cơ sở. Tệp chỉ được đọc trên máy này.",
            "CSV (UTF-8, UTF-16, Windows-1258; comma, semicolon or tab; text typed in TCVN3/VNI is converted to Unicode) or XLSX, Vietnamese headers (the header row may sit below a title). The members file has id, name, party cell and the assessment columns; the organizations file (optional) has id, name, parent, base. Files are read on this device only.",
        ),
        MembersFile => ("Danh sách đảng viên", "Members"),
        OrgsFile => ("Danh sách tổ chức (không bắt buộc)", "Organizations (optional)"),
        ChooseFile => ("Chọn tệp", "Choose a file"),
        Remove => ("Bỏ tệp", "Remove"),
        Rows => ("dòng", "rows"),
        Sheet => ("Trang tính", "Sheet"),
        ChooseSheet => ("Chọn trang tính để đọc", "Choose the sheet to read"),
        Cancel => ("Hủy", "Cancel"),
        Reading => ("Đang đọc và xếp loại", "Reading and classifying"),
        MappingTitle => ("Ghép cột", "Columns"),
        MappingIntro => (
            "Cột nào chưa tự nhận ra, hãy chọn ý nghĩa của nó; lựa chọn được nhớ cho lần sau.",
            "Choose what each column that was not recognized means; the choice is remembered.",
        ),
        Automatic => ("(tự nhận)", "(automatic)"),
        Ignore => ("(bỏ qua cột này)", "(ignore this column)"),
        ProblemsTitle => ("Dòng có vấn đề", "Rows with problems"),
        ProblemsNone => ("Mọi dòng đều đọc được.", "Every row was read."),
        ProblemsMore => ("và còn", "and"),
        Row => ("Dòng", "Row"),
        Column => ("Cột", "Column"),
        Problem => ("Vấn đề", "Problem"),
        Summary => ("Tổng hợp", "Summary"),
        DistributionTitle => ("Phân bố theo mức", "Distribution by level"),
        ByCriteria => ("Đảng viên theo tiêu chí", "Members by the criteria"),
        Proposed => ("Đảng viên đề xuất sau tỷ lệ", "Members proposed after the quota"),
        Organizations => ("Tổ chức đảng", "Party organizations"),
        BaseOrganizations => ("Tổ chức cơ sở đảng", "Base organizations"),
        Whole => ("Toàn đơn vị", "Whole unit"),
        PerOrg => ("Theo tổ chức", "By organization"),
        QuotaTitle => ("Tỷ lệ xuất sắc theo từng phạm vi", "Excellent quota per scope"),
        QuotaScope => ("Phạm vi", "Scope"),
        QuotaMove => ("chuyển", "move"),
        QuotaNone => ("Không phạm vi nào vượt tỷ lệ.", "No scope is over its cap."),
        ResultsTitle => ("Kết quả từng đảng viên", "Each member's result"),
        Search => ("Tìm (mã, họ tên, tổ chức)", "Find (id, name, organization)"),
        AllLevels => ("Mọi mức", "All levels"),
        AllOrgs => ("Mọi tổ chức", "All organizations"),
        Id => ("Mã", "Id"),
        Name => ("Họ tên", "Name"),
        Org => ("Tổ chức", "Organization"),
        Score => ("Điểm", "Score"),
        LevelByCriteria => ("Theo tiêu chí", "By criteria"),
        LevelProposed => ("Đề xuất", "Proposed"),
        DetailTitle => ("Giải thích", "Explanation"),
        Close => ("Đóng", "Close"),
        OrgsTitle => ("Tổ chức và mức tổng hợp", "Organizations, rolled up"),
        Parent => ("Cấp trên", "Parent"),
        Base => ("Cơ sở", "Base"),
        Level => ("Mức", "Level"),
        TargetsTitle => ("Chỉ tiêu", "Targets"),
        TargetSet => ("Bộ chỉ tiêu", "Target set"),
        NoTargetSet => ("(không)", "(none)"),
        TypedTitle => ("Số liệu nhập tay", "Figures typed in"),
        TypedIntro => (
            "Cấp ủy chỉ có số tổng hợp có thể nhập ở đây (ví dụ 159 TCCSĐ: 31 / 121 / 7 / 0); số nhập tay thay cho số đếm từ danh sách.",
            "A committee with only totals can type them here (e.g. 159 base organizations: 31 / 121 / 7 / 0); typed counts replace those counted from a roster.",
        ),
        AsOf => ("Tính đến ngày (YYYY-MM-DD)", "As of (YYYY-MM-DD)"),
        Figure => ("Số liệu", "Figure"),
        Reported => ("Tỷ lệ đã báo cáo", "Reported percentage"),
        Actual => ("Thực tế", "Actual"),
        Required => ("Yêu cầu", "Required"),
        OrgsAtLevels => ("Chỉ hiện tổ chức ở mức", "Show only organizations at"),
        ExportOrgsCsv => ("Tải danh sách này (CSV)", "Download this list (CSV)"),
        Status => ("Kết quả", "Status"),
        Margin => ("Chênh lệch", "Margin"),
        ExportCsv => ("Xuất CSV", "Export CSV"),
        ExportXlsx => ("Xuất Excel (XLSX)", "Export Excel (XLSX)"),
        PrintReport => ("In báo cáo", "Print the report"),
        XlsxLoading => ("Đang tải phần đọc/ghi Excel…", "Loading the Excel reader/writer…"),
        XlsxFailed => ("Không đọc/ghi được tệp Excel", "The Excel file could not be read or written"),
        Incomplete => ("Thiếu dữ liệu", "Incomplete"),
        NotClassified => ("Không xếp loại", "Not classified"),
        Count => ("Số lượng", "Count"),
        // rosters
        HeaderRow => ("Dòng tiêu đề", "Header row"),
        HeaderRowAuto => ("(tự tìm)", "(found automatically)"),
        TemplateTitle => ("Mẫu danh sách", "Roster template"),
        TemplateHelp => (
            "Tệp mẫu theo bộ quy tắc đang chọn: tiêu đề cột tiếng Việt, một dòng ví dụ, trang ghi chú giải thích từng cột và giá trị được nhận.",
            "A template for the chosen rule set: Vietnamese headers, one example row, and a notes sheet explaining every column and its allowed values.",
        ),
        TemplateXlsx => ("Tải mẫu (XLSX)", "Download the template (XLSX)"),
        TemplateCsv => ("Tải mẫu (CSV)", "Download the template (CSV)"),
        Unreadable => ("Không đọc được", "Could not be read"),
    };
    lang.pick(vi, en)
}

/// Unit mode's words for results that are not levels: in their own function, so only the unit page carries them.
#[cfg(feature = "page-unit")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum R {
    Referred,
    Invalid,
    Title,
    Intro,
    Case,
    Claim,
    Otherwise,
}

#[cfg(feature = "page-unit")]
pub fn r(lang: Lang, key: R) -> &'static str {
    use R::*;
    let (vi, en) = match key {
        Referred => ("Chờ cấp có thẩm quyền quyết định", "For the competent level"),
        Invalid => ("Số liệu mâu thuẫn", "Contradictory data"),
        Title => ("Đảng viên chờ cấp có thẩm quyền xem xét, quyết định", "Members for the competent level to decide"),
        Intro => (
            "Thuộc trường hợp không hoàn thành nhiệm vụ nhưng có tình tiết (bất khả kháng, tự phát hiện và khắc phục): không tính vào mức nào, không vào tỷ lệ; cấp có thẩm quyền xem xét, quyết định.",
            "A not-completed case applies but mitigation is claimed (force majeure, self-detected and remedied): counted in no level and not in the quota; the competent level decides.",
        ),
        Case => ("Trường hợp", "Case"),
        Claim => ("Tình tiết", "Claim"),
        Otherwise => ("Nếu không thì", "Otherwise"),
    };
    lang.pick(vi, en)
}

/// The variants workbench's words.
#[cfg(feature = "page-variants")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum V {
    Title,
    Intro,
    Base,
    BuiltIn,
    SavedGroup,
    FromLinkOrFile,
    Editor,
    EditorHelp,
    Compiles,
    Broken,
    Diagnostics,
    NoDiagnostics,
    NotOfficial,
    NotOfficialHelp,
    SavedVariant,
    Modified,
    VariantName,
    Save,
    Rename,
    RenameTo,
    Delete,
    Download,
    Upload,
    Share,
    ShareLink,
    ShareHelp,
    Variants,
    NoVariants,
    SavedAt,
    Cases,
    CasesIntro,
    CasesUpload,
    CasesPaste,
    CasesRun,
    CasesNone,
    Passed,
    Failed,
    Pass,
    Fail,
    CasesFile,
    Person,
    Loading,
    FetchFailed,
    Line,
    Column,
    Knobs,
    KnobsHelp,
    Compare,
    CompareIntro,
    Classics,
    ClassicSide,
    EditedSide,
    LeftSide,
    RightSide,
    ComparePerson,
    Movers,
    NoMovers,
    Distribution,
    QuotaBeforeAfter,
    TargetsBeforeAfter,
    Roster,
    RosterHelp,
    Figures,
    FiguresHelp,
    CompareRun,
}

/// The text of a variants-workbench word in `lang`.
#[cfg(feature = "page-variants")]
pub fn v(lang: Lang, key: V) -> &'static str {
    use V::*;
    let (vi, en) = match key {
        Title => ("Thử tiêu chí", "Try out criteria"),
        Intro => (
            "Sửa một bộ tiêu chí (văn bản TOML) hoặc các thông số chung, xem ngay lỗi, mức xếp loại của một người và các trường hợp mẫu; lưu thành biến thể trên máy này, tải về hoặc chia sẻ bằng liên kết.",
            "Edit a rule set (TOML text) or its common settings and see at once the problems, one person's level and the rule set's cases; save it as a variant on this device, download it or share it as a link.",
        ),
        Base => ("Mở bộ tiêu chí", "Open a rule set"),
        BuiltIn => ("Có sẵn", "Bundled"),
        SavedGroup => ("Biến thể đã lưu trên máy này", "Variants saved on this device"),
        FromLinkOrFile => ("(từ liên kết hoặc tệp)", "(from a link or a file)"),
        Editor => ("Nội dung bộ tiêu chí (TOML)", "Rule set text (TOML)"),
        EditorHelp => (
            "Mỗi lần gõ, bộ tiêu chí được kiểm tra lại; khi còn lỗi, bản hợp lệ gần nhất vẫn được dùng để tính.",
            "Every keystroke checks the rule set again; while it has errors, the last valid version is still used.",
        ),
        Compiles => ("Hợp lệ, đang dùng bản này", "Valid; this version is in use"),
        Broken => ("Có lỗi: đang dùng bản hợp lệ gần nhất", "Has errors: the last valid version is in use"),
        Diagnostics => ("Lỗi và cảnh báo", "Errors and warnings"),
        NoDiagnostics => ("Không có lỗi hay cảnh báo.", "No errors or warnings."),
        NotOfficial => ("KHÔNG CHÍNH THỨC", "NOT OFFICIAL"),
        NotOfficialHelp => (
            "Bộ tiêu chí này mở từ liên kết hoặc tệp, chưa được lưu trên máy này; không phải văn bản chính thức.",
            "This rule set was opened from a link or a file and is not saved on this device; it is not an official text.",
        ),
        SavedVariant => ("biến thể đã lưu", "saved variant"),
        Modified => ("đã sửa, chưa lưu", "edited, not saved"),
        VariantName => ("Tên biến thể", "Variant name"),
        Save => ("Lưu trên máy này", "Save on this device"),
        Rename => ("Đổi tên", "Rename"),
        RenameTo => ("Tên mới", "New name"),
        Delete => ("Xóa", "Delete"),
        Download => ("Tải về (.toml)", "Download (.toml)"),
        Upload => ("Mở tệp .toml…", "Open a .toml file…"),
        Share => ("Tạo liên kết chia sẻ", "Make a share link"),
        ShareLink => ("Liên kết chia sẻ", "Share link"),
        ShareHelp => (
            "Bộ tiêu chí được nén vào phần sau dấu # của liên kết: không gửi tới máy chủ nào. Người mở liên kết sẽ thấy nó là không chính thức cho tới khi lưu.",
            "The rule set is compressed into the part after # of the link: it is sent to no server. Whoever opens the link sees it as not official until they save it.",
        ),
        Variants => ("Biến thể", "Variants"),
        NoVariants => ("Chưa lưu biến thể nào.", "No variant saved yet."),
        SavedAt => ("lưu lúc", "saved"),
        Cases => ("Các trường hợp mẫu", "Cases"),
        CasesIntro => (
            "Các trường hợp mẫu của bộ tiêu chí chạy lại sau mỗi lần sửa, để thấy ngay trường hợp nào không còn đúng.",
            "The rule set's cases run again after every edit, so you see at once which no longer hold.",
        ),
        CasesUpload => ("Mở tệp trường hợp…", "Open a cases file…"),
        CasesPaste => ("Hoặc dán nội dung tệp trường hợp (TOML)", "Or paste a cases file (TOML)"),
        CasesRun => ("Chạy", "Run"),
        CasesNone => ("Chưa có tệp trường hợp cho bộ tiêu chí này.", "No cases file for this rule set yet."),
        Passed => ("đạt", "passed"),
        Failed => ("không đạt", "failed"),
        Pass => ("ĐẠT", "PASS"),
        Fail => ("KHÔNG ĐẠT", "FAIL"),
        CasesFile => ("Tệp trường hợp", "Cases file"),
        Person => ("Thử với một người", "Try it on one person"),
        Loading => ("Đang tải…", "Loading…"),
        FetchFailed => ("Không tải được", "Could not load"),
        Line => ("dòng", "line"),
        Column => ("cột", "column"),
        Knobs => ("Thông số chung", "Common settings"),
        Compare => ("So sánh hai bộ tiêu chí", "Compare two rule sets"),
        CompareIntro => (
            "Cùng một người, cùng một danh sách hoặc cùng số liệu tổng hợp qua hai bộ tiêu chí A và B: ai đổi mức và vì sao, phân bổ, tỷ lệ và chỉ tiêu trước và sau.",
            "The same person, the same roster or the same aggregate figures through two rule sets A and B: who moves and why, the distribution, the quota and the targets before and after.",
        ),
        Classics => ("Câu hỏi thường gặp", "Classic questions"),
        ClassicSide => ("(phương án của câu hỏi)", "(the question's alternative)"),
        EditedSide => ("Văn bản đang sửa", "The text being edited"),
        LeftSide => ("A (trước)", "A (before)"),
        RightSide => ("B (sau)", "B (after)"),
        ComparePerson => ("Người đang nhập", "The person typed in"),
        Movers => ("Người đổi mức", "Who moves"),
        NoMovers => ("Không ai đổi mức.", "Nobody moves."),
        Distribution => ("Phân bổ trước và sau", "Distribution before and after"),
        QuotaBeforeAfter => {
            ("Tỷ lệ xuất sắc trước và sau (số tối đa / số vượt)", "Quota before and after (cap / excess)")
        }
        TargetsBeforeAfter => ("Chỉ tiêu trước và sau", "Targets before and after"),
        Roster => ("Danh sách", "Roster"),
        RosterHelp => (
            "Tệp CSV như ở trang Cả đơn vị; chỉ đọc trên máy này.",
            "A CSV file as on the Whole unit page; read on this device only.",
        ),
        Figures => ("Số liệu tổng hợp", "Aggregate figures"),
        FiguresHelp => ("Số liệu nhập tay (TOML, như tệp số liệu)", "Figures typed in (TOML, as a figures file)"),
        CompareRun => ("So sánh số liệu", "Compare the figures"),
        KnobsHelp => (
            "Đổi ngưỡng điểm, tỷ lệ, mẫu số, phạm vi, cách làm tròn, cách hạ mức; thay đổi được ghi vào nội dung bên dưới.",
            "Change the thresholds, the quota percentage, base, scope, rounding and the fallback; each change is written into the text below.",
        ),
    };
    lang.pick(vi, en)
}

// decide
/// The words of the decisions panel of unit mode (from proposal to decision, the vote, the deadlines).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dec {
    Title,
    Intro,
    Basis,
    Fallbacks,
    Differences,
    NoDifferences,
    VoteRule,
    Deadlines,
    Declared,
    Tally,
    Official,
    Issued,
    Valid,
    VotesFor,
    Suggested,
    UseSuggestion,
    None,
    Column,
    Unmatched,
}

pub fn dec(lang: Lang, key: Dec) -> &'static str {
    use Dec::*;
    let (vi, en) = match key {
        Title => ("Từ đề nghị đến quyết định", "From proposal to decision"),
        Intro => (
            "Cá nhân tự nhận mức, chi bộ biểu quyết đề nghị, cấp có thẩm quyền quyết định (QĐ 366 Điều 12). Danh sách có thể có các cột «Tự nhận», «Chi bộ đề nghị», «Cấp trên quyết định»; mở một đảng viên để sửa hoặc nhập kết quả biểu quyết.",
            "The member proposes a level, the cell votes a proposal, the competent level decides (QĐ 366 Điều 12). The roster may have the columns «Tự nhận», «Chi bộ đề nghị», «Cấp trên quyết định»; open a member to change them or type the vote.",
        ),
        Basis => ("Tính phân bố, tỷ lệ HTXS và chỉ tiêu theo", "Count the distribution, quota and targets on"),
        Fallbacks => (
            "người chưa có mức ở bước này, tính theo bước trước",
            "members without a level at this step, counted at the earlier one",
        ),
        Differences => ("Khác mức tính được", "Differences from the computed level"),
        NoDifferences => (
            "Không có mức tự nhận, đề nghị hay quyết định nào khác mức tính được.",
            "No declared level differs from the computed one.",
        ),
        VoteRule => ("Quy định biểu quyết (lựa chọn của địa phương)", "Vote rule (a local choice)"),
        Deadlines => ("Thời hạn", "Deadlines"),
        Declared => ("Mức qua các bước", "Levels at each step"),
        Tally => ("Kết quả biểu quyết của chi bộ", "The cell's vote"),
        Official => ("Đảng viên chính thức", "Official members"),
        Issued => ("Phiếu phát ra", "Ballots issued"),
        Valid => ("Phiếu hợp lệ", "Valid ballots"),
        VotesFor => ("Phiếu", "Votes"),
        Suggested => ("Gợi ý đề nghị của chi bộ", "Suggested cell proposal"),
        UseSuggestion => ("Dùng làm đề nghị của chi bộ", "Use as the cell's proposal"),
        None => ("(chưa có)", "(none)"),
        Column => ("TN / ĐN / QĐ", "Self / proposed / decided"),
        Unmatched => (
            "Mức hoặc kết quả biểu quyết đã nhập trong ứng dụng cho những người không có trong danh sách vừa tải (hoặc mức không có trong bộ tiêu chí này); vẫn được giữ",
            "Levels or vote tallies typed in the app for people not in the roster just loaded (or a level this rule set lacks); still kept",
        ),
    };
    lang.pick(vi, en)
}

// keep: unit mode's tasks file and the files kept on this device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum K {
    TasksFile,
    TasksHelp,
    KeptHelp,
    ClearLoaded,
    DownloadStored,
}

pub fn k(lang: Lang, key: K) -> &'static str {
    use K::*;
    let (vi, en) = match key {
        TasksFile => ("Danh sách nhiệm vụ (không bắt buộc)", "Tasks (optional)"),
        TasksHelp => (
            "Mỗi dòng một nhiệm vụ, có cột mã đảng viên: số nhiệm vụ đúng tiến độ, chậm, vượt mức của mỗi người được tính từ đây thay cho các cột số đếm. Một bảng tính có trang \"Nhiệm vụ\" cạnh danh sách được đọc luôn.",
            "One task a row, with a member id column: each member's tasks on time, late and exceeding are counted from here instead of the count columns. A workbook with a \"Tasks\" sheet beside the roster is read too.",
        ),
        KeptHelp => (
            "Các tệp đã tải được giữ trên máy này (không gửi đi đâu) và mở lại sau khi tải lại trang; kết quả được tính lại từ chúng.",
            "The files loaded are kept on this device (never sent anywhere) and opened again after a reload; the results are computed again from them.",
        ),
        ClearLoaded => ("Xoá dữ liệu đã tải", "Clear the loaded data"),
        DownloadStored => ("Tải bản lưu về máy", "Download the stored copy"),
    };
    lang.pick(vi, en)
}

// report
/// The words of the unit's report on paper (`pages/unit/print_report.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rp {
    Number,
    Party,
    DateLine,
    Title,
    Year,
    Summary,
    SummaryNote,
    Quota,
    QuotaNote,
    NoQuota,
    Targets,
    Members,
    Orgs,
    PreparedBy,
    OnBehalf,
    SignNote,
    UseButton,
    ExportSummary,
}

pub fn rp(lang: Lang, key: Rp) -> &'static str {
    use Rp::*;
    let (vi, en) = match key {
        Number => ("STT", "No."),
        Party => ("ĐẢNG CỘNG SẢN VIỆT NAM", "COMMUNIST PARTY OF VIETNAM"),
        DateLine => ("……………, ngày …… tháng …… năm ……", "……………, on …… / …… / ……"),
        Title => (
            "BÁO CÁO KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN",
            "REPORT ON THE REVIEW AND QUALITY RATING OF PARTY ORGANIZATIONS AND MEMBERS",
        ),
        Year => ("Năm", "Year"),
        Summary => ("Tổng hợp kết quả theo mức", "Summary by level"),
        SummaryNote => (
            "Số lượng và tỷ lệ ở hai cột riêng; tỷ lệ (%) tính trên số được xếp loại; đảng viên theo mức đề xuất sau tỷ lệ, mỗi người tính một lần ở tổ chức của mình.",
            "Counts and percentages in separate columns; percentages of those classified; members by the level proposed after the quota, each counted once in their own organization.",
        ),
        Quota => ("Tỷ lệ hoàn thành xuất sắc nhiệm vụ", "The quota of excellent ratings"),
        QuotaNote => (
            "Số vượt và người xem xét trước là đề xuất của phần mềm; cấp có thẩm quyền quyết định.",
            "The excess and who to look at first are the tool's proposal; the competent level decides.",
        ),
        NoQuota => ("Không phạm vi nào có ứng viên xét tỷ lệ.", "No scope has candidates for the quota."),
        Targets => ("Chỉ tiêu", "Targets"),
        Members => ("Danh sách đảng viên", "Members"),
        Orgs => ("Tổ chức đảng", "Party organizations"),
        PreparedBy => ("NGƯỜI LẬP BIỂU", "PREPARED BY"),
        OnBehalf => ("T/M CẤP ỦY", "FOR THE COMMITTEE"),
        SignNote => ("(Ký, ghi rõ họ tên)", "(Signature and full name)"),
        UseButton => (
            "Danh sách lớn: bấm «In báo cáo» trên trang để in toàn bộ đảng viên",
            "A large roster: press «Print the report» on the page to print every member",
        ),
        ExportSummary => ("Tải bảng tổng hợp (CSV)", "Download the summary (CSV)"),
    };
    lang.pick(vi, en)
}

// crit
/// The texts of checklists (the common criteria item by item) and of Part A section III shown as a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum C {
    ChecklistUse,
    ChecklistGuide,
    ChecklistAtMost,
    SectionThreeUse,
    SectionThreeHelp,
    SectionThreeEmpty,
}

/// The text of `key` in `lang`.
pub fn c(lang: Lang, key: C) -> &'static str {
    use C::*;
    let (vi, en) = match key {
        ChecklistUse => (
            "Chấm điểm từng nội dung (tổng các nội dung thay cho điểm đã nhập)",
            "Score item by item (the items' sum replaces the score typed)",
        ),
        ChecklistGuide => ("Các nội dung để tự rà soát:", "Items to review yourself against:"),
        ChecklistAtMost => ("tối đa", "at most"),
        SectionThreeUse => (
            "Lấy từ Phần A, mục III của bản kiểm điểm (thay cho số đã nhập)",
            "From Part A, section III of the review form (instead of the numbers typed)",
        ),
        SectionThreeHelp => (
            "Các hạn chế, khuyết điểm được nhập một lần, ở bản kiểm điểm, Phần A, mục III; ở đây để xem.",
            "The shortcomings are typed once, in the review form's Part A, section III; shown here to read.",
        ),
        SectionThreeEmpty => (
            "Mục III chưa có hạn chế, khuyết điểm nào: số đã nhập được dùng.",
            "Section III has no shortcomings yet: the numbers typed are used.",
        ),
    };
    lang.pick(vi, en)
}
