//! What happens to data stored on this device when it cannot be read or written: the rules, kept apart from the
//! browser glue (`web.rs`) so they are tested natively.
//!
//! - Unreadable stored data is set aside under a key of its own, one per incident: `<base>`, `<base>.2`, … up to
//!   [`MAX_BACKUPS`]; an older backup is never overwritten.
//! - When it cannot be set aside (too many backups already, or the storage is full), the notice says so, and the text
//!   stays in memory for the person to download; the page writes nothing over it until she has decided.
//! - A write that fails is reported with a way out: downloading the data as a file.

use std::rc::Rc;

use xeploai::Text;

/// At most this many backups per stored value; beyond, the person is asked to download the data instead.
pub const MAX_BACKUPS: usize = 5;

/// The key for a new backup of unreadable data: the first of `base`, `base.2`, … `base.MAX_BACKUPS` that is not
/// taken, or `None` when all are.
pub fn backup_key(base: &str, taken: impl Fn(&str) -> bool) -> Option<String> {
    (1..=MAX_BACKUPS).map(|n| if n == 1 { base.to_string() } else { format!("{base}.{n}") }).find(|key| !taken(key))
}

/// Unreadable stored data, and where it went.
#[derive(Clone, Debug, PartialEq)]
pub struct SetAside {
    /// What was stored (`xeploai.saved`, `xeploai.variants`).
    pub key: String,
    /// Why it could not be read.
    pub reason: Text,
    /// The key it was copied to, or why it could not be copied.
    pub kept: Result<String, Text>,
    /// The text itself, to download (kept in memory while the page is open).
    pub text: Rc<String>,
}

impl SetAside {
    /// The notice, true to what happened.
    pub fn message(&self) -> Text {
        let reason = &self.reason;
        match &self.kept {
            Ok(backup) => Text::new(
                format!(
                    "Dữ liệu đã lưu ({}) không đọc được ({}); bản gốc được cất riêng dưới tên \"{backup}\" trên máy này.",
                    self.key, reason.vi
                ),
                format!(
                    "The saved data ({}) could not be read ({}); the original was set aside as \"{backup}\" on this device.",
                    self.key,
                    reason.get(xeploai::Lang::En)
                ),
            ),
            Err(why) => Text::new(
                format!(
                    "Dữ liệu đã lưu ({}) không đọc được ({}) và KHÔNG cất riêng được ({}). Hãy tải bản gốc về máy; trang sẽ không ghi đè lên nó cho đến khi bạn chọn.",
                    self.key, reason.vi, why.vi
                ),
                format!(
                    "The saved data ({}) could not be read ({}) and could NOT be set aside ({}). Download the original; the page writes nothing over it until you choose.",
                    self.key,
                    reason.get(xeploai::Lang::En),
                    why.get(xeploai::Lang::En)
                ),
            ),
        }
    }

    /// Is the original still only in memory (so nothing may be written over it yet)?
    pub fn at_risk(&self) -> bool {
        self.kept.is_err()
    }

    /// The file name to download the original under.
    pub fn file_name(&self) -> String {
        format!("{}.ban-goc.txt", self.key)
    }
}

/// Why a backup could not be made: every backup slot is taken, or the browser refused to write.
pub fn no_room(full_slots: bool, browser_reason: &str) -> Text {
    if full_slots {
        Text::new(
            format!("đã có {MAX_BACKUPS} bản cất riêng trước đó"),
            format!("{MAX_BACKUPS} earlier backups are kept already"),
        )
    } else {
        Text::new(
            format!("bộ nhớ của trình duyệt đầy hoặc dữ liệu quá lớn: {browser_reason}"),
            format!("the browser's storage is full or the data is too large: {browser_reason}"),
        )
    }
}

/// A write to this device's storage that failed: what, why, and the data to download instead.
#[derive(Clone, Debug, PartialEq)]
pub struct WriteFailed {
    pub key: String,
    pub reason: String,
    pub text: Rc<String>,
}

impl WriteFailed {
    pub fn message(&self) -> Text {
        Text::new(
            format!(
                "KHÔNG lưu được trên máy này ({}): {}. Những gì bạn nhập vẫn còn trên trang; hãy tải về tệp để giữ.",
                self.key, self.reason
            ),
            format!(
                "NOT saved on this device ({}): {}. What you typed is still on the page; download it as a file to keep it.",
                self.key, self.reason
            ),
        )
    }

    /// The same for settings with no download of their own (unit mode's column mapping and typed figures).
    pub fn message_settings(&self) -> Text {
        Text::new(
            format!(
                "KHÔNG lưu được cài đặt trên máy này ({}): {}. Chúng vẫn dùng được trên trang này cho đến khi đóng trang.",
                self.key, self.reason
            ),
            format!(
                "The settings could NOT be saved on this device ({}): {}. They still apply on this page until it is closed.",
                self.key, self.reason
            ),
        )
    }

    pub fn file_name(&self) -> String {
        format!("{}.json", self.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backups_take_the_first_free_key_and_never_overwrite() {
        assert_eq!(backup_key("xeploai.backup", |_| false).as_deref(), Some("xeploai.backup"));
        let taken = ["xeploai.backup", "xeploai.backup.2"];
        assert_eq!(backup_key("xeploai.backup", |k| taken.contains(&k)).as_deref(), Some("xeploai.backup.3"));
        assert_eq!(backup_key("xeploai.backup", |_| true), None, "bounded: a sixth incident is not set aside");
    }

    #[test]
    fn the_notice_tells_the_truth() {
        let kept = SetAside {
            key: "xeploai.saved".into(),
            reason: Text::new("x", "x"),
            kept: Ok("xeploai.backup.2".into()),
            text: Rc::new("{".into()),
        };
        assert!(kept.message().vi.contains("xeploai.backup.2") && !kept.at_risk());
        let lost = SetAside { kept: Err(no_room(false, "QuotaExceededError")), ..kept };
        assert!(lost.at_risk());
        assert!(lost.message().vi.contains("KHÔNG cất riêng được"), "{}", lost.message().vi);
        assert!(lost.message().get(xeploai::Lang::En).contains("QuotaExceededError"));
    }
}
