//! The members sheet made by several threads, block by block, is the bytes one thread makes
//! ([`write_members_csv_by`]), on generated rosters longer than two blocks and on a short one.

use xeploai::report::write_members_csv_by;
use xeploai::unit::Unit;
use xeploai::{Lang, builtin};

#[test]
fn threads_write_the_bytes_one_thread_writes() {
    for (id, members) in [(builtin::DEFAULT, 40_000), ("qd124-2023", 20_000), (builtin::DEFAULT, 500)] {
        let rules = builtin::load(id).unwrap();
        let roster = xeploai::generate::roster(&rules, xeploai::generate::Shape::new(members, 11));
        let result = Unit::prepare(&rules, &roster, None, None).run(&rules, &roster);
        let (one, rows) = write_members_csv_by(Vec::new(), &rules, &roster, &result, Some(2025), Lang::Vi, 1).unwrap();
        assert_eq!(rows, roster.members.people(), "{id}: every member and unread row written");
        for workers in [2, 3] {
            let (many, count) =
                write_members_csv_by(Vec::new(), &rules, &roster, &result, Some(2025), Lang::Vi, workers).unwrap();
            assert_eq!(count, rows, "{id}, {workers} threads: the rows counted");
            assert!(many == one, "{id}, {members} members, {workers} threads: the bytes differ");
        }
    }
}
