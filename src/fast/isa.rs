//! The processor's wider vector instructions for the fast path by column (`columns.rs`), where it has them.
//!
//! The column path's loops (a column's 64 cells of a word decoded, compared with a range, summed, packed into a
//! mask) are plain Rust that the compiler vectorizes. For x86-64's baseline that means SSE2, four 32-bit lanes.
//! The same code compiled again for AVX2 (the x86-64-v3 level: eight lanes) and for AVX-512 (x86-64-v4: sixteen,
//! and masks straight out of a comparison) runs faster (README, "Benchmarks"). Which copy runs is decided once per
//! classifier, at run time, from what the processor reports ([`Isa::detect`]). Every copy is the same source: a
//! [`Kernel`] is written once and [`Isa::run`] runs it in the copy the processor can run.
//!
//! *Architecture invariant:* this module holds the engine's only `unsafe`: the call into the copy built for
//! instructions beyond the baseline. It is sound because an [`Isa`] naming those instructions can only be made by
//! [`Isa::detect`] after the processor reported every one of them. Elsewhere (WebAssembly, other processors) there
//! is only the baseline copy and nothing here is compiled but the plain call.
#![allow(unsafe_code)]

/// The instructions a [`Kernel`] may be run with: the baseline, or (on x86-64) the AVX2 or AVX-512 level when the
/// processor has it. Made only by [`Isa::detect`] and [`Isa::all`] (or [`Isa::BASELINE`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Isa(Level);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    Baseline,
    #[cfg(target_arch = "x86_64")]
    X86V3,
    #[cfg(target_arch = "x86_64")]
    X86V4,
}

/// Work compiled once per instruction level: [`Kernel::run`] is `#[inline(always)]` in every implementation, so
/// that its body is compiled into each copy of [`Isa::run`] with that copy's instructions.
pub(crate) trait Kernel {
    type Out;
    fn run(self) -> Self::Out;
}

impl Isa {
    /// The baseline: what every processor of the target runs.
    pub(crate) const BASELINE: Isa = Isa(Level::Baseline);

    /// The widest level this processor runs.
    pub(crate) fn detect() -> Isa {
        #[cfg(target_arch = "x86_64")]
        {
            use std::is_x86_feature_detected as has;
            let v3 = has!("avx2") && has!("bmi1") && has!("bmi2") && has!("fma") && has!("lzcnt") && has!("popcnt");
            let v4 = has!("avx512f") && has!("avx512bw") && has!("avx512vl") && has!("avx512dq") && has!("avx512cd");
            if v3 && v4 {
                return Isa(Level::X86V4);
            }
            if v3 {
                return Isa(Level::X86V3);
            }
        }
        Isa::BASELINE
    }

    /// Every level this processor runs, the baseline first (to compare them: the benchmarks, the tests).
    pub(crate) fn all() -> Vec<Isa> {
        #[cfg(target_arch = "x86_64")]
        {
            let levels = [Isa::BASELINE, Isa(Level::X86V3), Isa(Level::X86V4)];
            let count = match Isa::detect().0 {
                Level::Baseline => 1,
                Level::X86V3 => 2,
                Level::X86V4 => 3,
            };
            levels[..count].to_vec()
        }
        #[cfg(not(target_arch = "x86_64"))]
        vec![Isa::BASELINE]
    }

    /// The level's name, for the benchmarks' lines.
    pub(crate) fn name(self) -> &'static str {
        match self.0 {
            Level::Baseline => "baseline",
            #[cfg(target_arch = "x86_64")]
            Level::X86V3 => "x86-64-v3 (AVX2)",
            #[cfg(target_arch = "x86_64")]
            Level::X86V4 => "x86-64-v4 (AVX-512)",
        }
    }

    /// `kernel` run in the copy compiled for this level.
    #[inline(always)]
    pub(crate) fn run<K: Kernel>(self, kernel: K) -> K::Out {
        match self.0 {
            Level::Baseline => kernel.run(),
            // SAFETY: an `Isa` naming one of these levels is only made by `detect` or `all`, after the processor
            // reported every feature the level's copy is compiled for.
            #[cfg(target_arch = "x86_64")]
            Level::X86V3 => unsafe { run_v3(kernel) },
            #[cfg(target_arch = "x86_64")]
            Level::X86V4 => unsafe { run_v4(kernel) },
        }
    }
}

/// [`Kernel::run`] compiled for x86-64-v3 (AVX2).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,bmi1,bmi2,fma,lzcnt,popcnt")]
fn run_v3<K: Kernel>(kernel: K) -> K::Out {
    kernel.run()
}

/// [`Kernel::run`] compiled for x86-64-v4 (AVX-512 with the v3 level beneath it).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512dq,avx512cd,avx2,bmi1,bmi2,fma,lzcnt,popcnt")]
fn run_v4<K: Kernel>(kernel: K) -> K::Out {
    kernel.run()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Sum<'a>(&'a [i32]);

    impl Kernel for Sum<'_> {
        type Out = i64;
        #[inline(always)]
        fn run(self) -> i64 {
            self.0.iter().map(|&x| x as i64).sum()
        }
    }

    #[test]
    fn every_level_computes_the_same() {
        let cells: Vec<i32> = (0..1000).map(|i| i * 7 - 3000).collect();
        let expected: i64 = cells.iter().map(|&x| x as i64).sum();
        for isa in Isa::all() {
            assert_eq!(isa.run(Sum(&cells)), expected, "{}", isa.name());
        }
        assert!(Isa::all().contains(&Isa::detect()));
    }
}
