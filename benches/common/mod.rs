//! What the benchmark files share: the mode they run in and the rule set they measure.

use std::sync::{LazyLock, OnceLock};

use xeploai::RuleSet;

/// `cargo bench` passes `--bench`; `cargo test --benches` does not (divan then runs each benchmark once).
pub fn bench_mode() -> bool {
    static MODE: OnceLock<bool> = OnceLock::new();
    *MODE.get_or_init(|| {
        let args: Vec<String> = std::env::args().collect();
        args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test" || a == "--list")
    })
}

/// The bundled rule set `qd366-2025`, compiled once.
pub fn rules() -> &'static RuleSet {
    static RULES: LazyLock<RuleSet> =
        LazyLock::new(|| xeploai::builtin::load("qd366-2025").expect("the bundled rule set qd366-2025 compiles"));
    &RULES
}

/// This thread's time on the CPU so far, to the nanosecond (`CLOCK_THREAD_CPUTIME_ID`). Not
/// `/proc/thread-self/schedstat`, which the scheduler brings up to date only at its tick (4 ms here): a pass of a few
/// milliseconds then read 0 or 4 ms, and the best of several such readings made the 100k fast path look 40% faster
/// than it is (measured 2026-12-01: 25 M/s by the tick, 18 M/s by batches timed on the wall clock).
#[cfg(unix)]
pub fn cpu_time() -> Option<std::time::Duration> {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid timespec for the call to write.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) } == 0;
    ok.then(|| std::time::Duration::new(now.tv_sec as u64, now.tv_nsec as u32))
}

#[cfg(not(unix))]
pub fn cpu_time() -> Option<std::time::Duration> {
    None
}
