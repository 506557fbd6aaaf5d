//! The system allocator, counting the heap bytes alive now and at most: what the benchmarks (`benches/classify.rs`)
//! and the worker's native profile (`www/examples/worker_import.rs`) print per member. Dev-only, included by path
//! (`#[path = …] mod counting_alloc;`) in each, which installs it as their `#[global_allocator]`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Counting;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
/// The most bytes alive at once since [`peak_above`] (or [`reset_peak`]) last reset it.
static PEAK_BYTES: AtomicUsize = AtomicUsize::new(0);

/// Count `size` more bytes alive, and the peak with them.
fn count_up(size: usize) {
    let live = LIVE_BYTES.fetch_add(size, Ordering::Relaxed) + size;
    PEAK_BYTES.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is passed to the system allocator unchanged; only counters are updated beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_up(layout.size());
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_up(layout.size());
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A moving reallocation holds the old and the new block at once: counted so in the peak.
        count_up(new_size);
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// The heap bytes alive now.
pub fn live() -> usize {
    LIVE_BYTES.load(Ordering::Relaxed)
}

/// The most heap bytes alive at once (since the last reset).
pub fn peak() -> usize {
    PEAK_BYTES.load(Ordering::Relaxed)
}

/// The value `make` returns and the heap bytes it still holds once made (what was freed on the way is not counted).
#[allow(dead_code)] // the benchmarks use it, the worker's profile does not
pub fn retained<T>(make: impl FnOnce() -> T) -> (T, usize) {
    let before = live();
    let value = make();
    (value, live().saturating_sub(before))
}

/// [`retained`], and the most heap bytes `make` held at once on the way (above what was alive before it).
#[allow(dead_code)] // the benchmarks use it, the worker's profile does not
pub fn peak_above<T>(make: impl FnOnce() -> T) -> (T, usize, usize) {
    let before = live();
    PEAK_BYTES.store(before, Ordering::Relaxed);
    let value = make();
    (value, live().saturating_sub(before), peak().saturating_sub(before))
}
