//! Where the unit page's Web Worker spends its time and memory, natively: `xeploai_web::unit_worker::import` on a
//! generated roster (`xeploai generate --members N --seed 1 --out-dir DIR`), read in the worker's slices, then the
//! run's bytes written as the worker writes them (`xeploai::wire`, counted, then sent a part at a time).
//! Prints each phase's time and the peak of the bytes allocated, per member (the worker's WebAssembly memory is at
//! least that: it never shrinks). A benchmark that prints figures, not a test.
//!
//!   cargo run --release -p xeploai-web --no-default-features --features page-worker --example worker_import -- DIR

use std::cell::{Cell, RefCell};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::time::Instant;

use xeploai_web::unit_worker::{RosterFile, SLICE, import};

#[path = "../../benches/common/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{Counting, live, peak};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A file's slices read as FileReaderSync gives them (a new buffer each time), the time it takes added to `reading`.
fn slices<'a>(
    file: &'a RefCell<File>,
    reading: &'a Cell<f64>,
) -> impl Fn(usize, usize) -> Result<Vec<u8>, String> + 'a {
    move |start, end| {
        let at = Instant::now();
        let mut bytes = vec![0; end - start];
        let mut file = file.borrow_mut();
        file.seek(SeekFrom::Start(start as u64)).map_err(|e| e.to_string())?;
        file.read_exact(&mut bytes).map_err(|e| e.to_string())?;
        reading.set(reading.get() + at.elapsed().as_secs_f64());
        Ok(bytes)
    }
}

fn main() {
    let dir = std::env::args().nth(1).expect("the roster's folder (xeploai generate --out-dir)");
    let rules = xeploai::builtin::load_default();
    let open = |name: &str| {
        let path = format!("{dir}/{name}");
        let size = std::fs::metadata(&path).unwrap_or_else(|e| panic!("{path}: {e}")).len() as usize;
        (RefCell::new(File::open(&path).unwrap()), size)
    };
    let ((members_file, members_size), (orgs_file, orgs_size)) = (open("members.csv"), open("orgs.csv"));
    let reading = Cell::new(0.0);
    let (read_members, read_orgs) = (slices(&members_file, &reading), slices(&orgs_file, &reading));
    let members = RosterFile { name: "members.csv", size: members_size, read: &read_members, header_pick: None };
    let orgs = RosterFile { name: "orgs.csv", size: orgs_size, read: &read_orgs, header_pick: None };
    let overrides = Default::default();

    let start = Instant::now();
    let (mut read_end, mut read_peak, mut read_held) = (start, 0, 0);
    let trace = std::env::var_os("TRACE").is_some();
    let run = import(&rules, &members, Some(&orgs), overrides, SLICE, |p| {
        if trace {
            eprintln!("{} rows: now {} MB, peak {} MB", p.done, live() >> 20, peak() >> 20);
        }
        if p.done == p.total {
            (read_end, read_peak, read_held) = (Instant::now(), peak(), live());
        }
    })
    .unwrap_or_else(|error| panic!("{error}"));
    let computed = Instant::now();
    let held = live();
    let len = xeploai::wire::encoded_len(&run);
    // The worker sends the bytes a part at a time into a JavaScript array, outside its WebAssembly memory.
    let mut sent = 0;
    xeploai::wire::encode_to(&run, &mut |part| sent += part.len());
    assert_eq!(sent, len, "the bytes counted are the bytes written");
    let encoded = Instant::now();
    let n = run.roster.members.len().max(1);
    let per = |bytes: usize| bytes as f64 / n as f64;
    let secs = |from: Instant, to: Instant| to.duration_since(from).as_secs_f64();
    println!("{n} members, {members_size} bytes of CSV");
    println!(
        "read {:.2} s (of it the file's slices {:.2} s), peak {:.0} B/member, the tables read {:.0} B/member",
        secs(start, read_end),
        reading.get(),
        per(read_peak),
        per(read_held)
    );
    println!("{} problems", run.diagnostics.len());
    println!("classify, quota, roll-up {:.2} s; the run holds {:.0} B/member", secs(read_end, computed), per(held));
    println!("encode {:.2} s, {:.0} B/member", secs(computed, encoded), per(len));
    println!("total {:.2} s, peak allocated {:.0} B/member ({} MB)", secs(start, encoded), per(peak()), peak() >> 20);
}
