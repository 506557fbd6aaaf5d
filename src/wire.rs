//! A unit's run ([`UnitRun`]) as bytes, to carry it from the app's Web Worker (which reads the roster and computes
//! the run) to the page, in one transferable buffer.
//!
//! The big arrays (the tables' text arena and narrow-integer columns, the members' organizations, kinds, levels and
//! verdicts) go as raw little-endian bytes, so writing and reading them is a copy; the small rest (quota statuses,
//! distributions, diagnostics) goes field by field. The bytes are read back by the same build of the engine (the
//! page and its worker are built together), so there is no versioning beyond a leading tag; anything that does not
//! read back whole is an error, never a partial run.
//!
//! Not carried: the targets checked on the run, the target set they were checked with and the members' lists (a
//! tasks file): the app checks targets on the page (typed figures change without a new import) and reads a tasks
//! file on the page.

use crate::classify::{Decision, Outcome, RuleRef, Stage, Verdict};
use crate::decision::{Basis, Declared};
use crate::diag::{Code, Diagnostic, Location, Severity};
use crate::doc::QuotaScope;
use crate::input::Unread;
use crate::lang::Text;
use crate::num::{ArithError, Num};
use crate::pipeline::UnitRun;
use crate::quota::{QuotaCounts, QuotaResolution};
use crate::unit::{Distribution, QuotaStatus, Roster, Unit, UnitResult, Verdicts};

/// The first bytes of an encoded run.
const TAG: &[u8; 8] = b"xlwire02";

/// Why bytes could not be read back as a run: where, and what was expected there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError {
    pub at: usize,
    pub expected: &'static str,
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "byte {}: expected {}", self.at, self.expected)
    }
}

/// A run as bytes ([the module](self)), in one buffer of exactly their size (counted first: a buffer grown by
/// doubling would hold up to twice the bytes, and the run's copy beside them).
pub fn encode(run: &UnitRun) -> Vec<u8> {
    let mut out = Writer::new(Sink::Keep);
    out.out.reserve_exact(encoded_len(run));
    put_run(run, &mut out);
    out.out
}

/// How many bytes [`encode`] writes for `run`.
pub fn encoded_len(run: &UnitRun) -> usize {
    let mut out = Writer::new(Sink::Count);
    put_run(run, &mut out);
    out.finish();
    out.sent
}

/// [`encode`] a part at a time: `send` gets the bytes in order, in parts of at most [`CHUNK`] bytes (a large array
/// at once), so the bytes need not be held whole beside the run (the app's worker copies them straight out of its
/// WebAssembly memory).
pub fn encode_to(run: &UnitRun, send: &mut dyn FnMut(&[u8])) {
    let mut out = Writer::new(Sink::Send(send));
    put_run(run, &mut out);
    out.finish();
}

fn put_run(run: &UnitRun, out: &mut Writer) {
    out.raw(TAG);
    run.roster.members.wire_put(out);
    run.roster.orgs.wire_put(out);
    put_unit(&run.unit, out);
    put_result(&run.result, out);
    run.diagnostics.put(out);
    out.u64(run.reading as u64);
}

/// The run [`encode`] wrote.
pub fn decode(bytes: &[u8]) -> Result<UnitRun, WireError> {
    let mut decoder = Decoder::new(bytes)?;
    loop {
        if let Some(run) = decoder.step()? {
            return Ok(run);
        }
    }
}

/// Where a [`Decoder`] reads the bytes from, a part at a time: natively a slice; on the page the JavaScript array
/// the worker sent (copied straight from it into the arrays being built, so the page never holds the bytes whole).
pub trait Source {
    /// How many bytes there are.
    fn size(&self) -> usize;
    /// Bytes from `at` copied into the start of `out`; how many (at least one while `out` is not empty and `at` is
    /// before the end: a source that gives none is an error of the read, never a loop).
    fn read(&mut self, at: usize, out: &mut [u8]) -> usize;
}

impl Source for &[u8] {
    fn size(&self) -> usize {
        self.len()
    }
    fn read(&mut self, at: usize, out: &mut [u8]) -> usize {
        let part = &self[at.min(self.len())..];
        let count = part.len().min(out.len());
        out[..count].copy_from_slice(&part[..count]);
        count
    }
}

/// The work a step of a [`Decoder`] does, in bytes read (a record checked or a value read counts as its bytes, or
/// a few): well under a millisecond on the page, so a page that reads the run back between frames steps until its
/// own time budget is spent.
const WORK_A_STEP: usize = 256 << 10;

/// [`decode`] a part at a time, so the page reads a large run back between frames: each step reads about 256 KB
/// from a [`Source`] (a large array a slice at a time; the records' checks and the text's UTF-8 a part at a time,
/// as they come).
///
/// The reading is one `async` function (the compiler keeps where it stopped): each step polls it once, and it
/// stops after about a step's work (`Reader::pause`). Nothing here waits on anything else: the polling needs no
/// runtime.
pub struct Decoder<'a> {
    run: Option<Reading<'a>>,
    size: usize,
}

/// The reading of a run under way.
type Reading<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<UnitRun, WireError>> + 'a>>;

impl<'a> Decoder<'a> {
    pub fn new(bytes: &'a [u8]) -> Result<Decoder<'a>, WireError> {
        Decoder::from_source(bytes)
    }

    /// Bytes read from `source` as they are needed.
    pub fn from_source(source: impl Source + 'a) -> Result<Decoder<'a>, WireError> {
        let size = source.size();
        let mut r = Reader::new(Box::new(source));
        if r.array::<8>("the tag")? != *TAG {
            return Err(WireError { at: 0, expected: "the tag" });
        }
        Ok(Decoder { run: Some(Box::pin(take_run(r))), size })
    }

    /// Read the next part: `Ok(None)` while there is more, the run at the end (then `Err`, if called again).
    pub fn step(&mut self) -> Result<Option<UnitRun>, WireError> {
        use std::task::{Context, Poll, Waker};
        let Some(run) = self.run.as_mut() else {
            return Err(WireError { at: self.size, expected: "nothing more: the run was read" });
        };
        match run.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Pending => Ok(None),
            Poll::Ready(result) => {
                self.run = None;
                result.map(Some)
            }
        }
    }
}

async fn take_run(mut r: Reader<'_>) -> Result<UnitRun, WireError> {
    let r = &mut r;
    let members = crate::table::Table::wire_take(r).await?;
    let orgs = crate::table::Table::wire_take(r).await?;
    let unit = take_unit(r).await?;
    // The members' outcomes, then their scores as one column of the width and denominator it had (pushed one by
    // one, a score needing a finer denominator or wider cells re-encoded every score before it: a step of 50 ms at
    // 5,500,000 members).
    let count = r.len(8)?;
    let mut outcomes = Vec::with_capacity(count);
    for _ in 0..count {
        outcomes.push(Outcome::take(r)?);
        r.pause(8).await;
    }
    let scores = crate::table::Numbers::wire_take(r, count).await?;
    let verdicts = Verdicts::from_parts(outcomes, scores);
    let result = take_result(r, verdicts).await?;
    let diagnostics = r.list::<Diagnostic>(1).await?;
    let reading = r.u64()? as usize;
    if r.at != r.size {
        return Err(r.error("the end"));
    }
    Ok(UnitRun::from_wire_parts(Roster { members, orgs }, unit, result, diagnostics, reading))
}

/// The most bytes an [`encode_to`] part holds (a larger array goes at once).
pub const CHUNK: usize = 1 << 16;

/// Where a [`Writer`]'s bytes go.
pub(crate) enum Sink<'s> {
    /// All kept in the writer's buffer.
    Keep,
    /// Only counted.
    Count,
    /// Sent on, a part at a time.
    Send(&'s mut dyn FnMut(&[u8])),
}

/// Bytes being written.
pub(crate) struct Writer<'s> {
    out: Vec<u8>,
    sink: Sink<'s>,
    /// The bytes sent on (or counted) so far.
    sent: usize,
}

impl<'s> Writer<'s> {
    pub(crate) fn new(sink: Sink<'s>) -> Writer<'s> {
        let out = if matches!(sink, Sink::Keep) { Vec::new() } else { Vec::with_capacity(CHUNK) };
        Writer { out, sink, sent: 0 }
    }

    /// The part written so far sent on (or counted).
    fn flush(&mut self) {
        match &mut self.sink {
            Sink::Keep => return,
            Sink::Count => {}
            Sink::Send(send) => send(&self.out),
        }
        self.sent += self.out.len();
        self.out.clear();
    }

    /// Room for `count` more bytes in the part being written (the part sent on first when they would not fit).
    fn room(&mut self, count: usize) {
        if matches!(self.sink, Sink::Keep) {
            self.out.reserve(count);
        } else if self.out.len() + count > CHUNK {
            self.flush();
        }
    }

    /// The last part sent on.
    pub(crate) fn finish(&mut self) {
        self.flush();
    }

    /// Bytes as they are.
    pub(crate) fn raw(&mut self, bytes: &[u8]) {
        self.room(bytes.len());
        match &mut self.sink {
            Sink::Count if bytes.len() > CHUNK => self.sent += bytes.len(),
            Sink::Send(send) if bytes.len() > CHUNK => {
                send(bytes);
                self.sent += bytes.len();
            }
            _ => self.out.extend_from_slice(bytes),
        }
    }

    /// Numbers of `N` bytes each (their count first), written a part at a time.
    fn numbers<T: Copy, const N: usize>(&mut self, values: &[T], bytes: impl Fn(T) -> [u8; N]) {
        self.len(values.len());
        for part in values.chunks(CHUNK / N) {
            self.room(part.len() * N);
            for value in part {
                self.out.extend_from_slice(&bytes(*value));
            }
        }
    }

    pub(crate) fn u8(&mut self, value: u8) {
        self.raw(&[value]);
    }

    pub(crate) fn u32(&mut self, value: u32) {
        self.raw(&value.to_le_bytes());
    }

    pub(crate) fn u64(&mut self, value: u64) {
        self.raw(&value.to_le_bytes());
    }

    pub(crate) fn i64(&mut self, value: i64) {
        self.raw(&value.to_le_bytes());
    }

    pub(crate) fn len(&mut self, len: usize) {
        self.u64(len as u64);
    }

    /// Raw bytes, their count first.
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        self.len(bytes.len());
        self.raw(bytes);
    }

    pub(crate) fn str(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    pub(crate) fn i8s(&mut self, values: &[i8]) {
        self.numbers(values, i8::to_le_bytes);
    }

    pub(crate) fn i16s(&mut self, values: &[i16]) {
        self.numbers(values, i16::to_le_bytes);
    }

    pub(crate) fn i32s(&mut self, values: &[i32]) {
        self.numbers(values, i32::to_le_bytes);
    }

    pub(crate) fn u32s(&mut self, values: &[u32]) {
        self.numbers(values, u32::to_le_bytes);
    }
}

/// The bytes a [`Reader`] keeps from its source for the small fields read one at a time.
const WINDOW: usize = 64 << 10;

/// The bytes of a large array read at a time (a multiple of 8: a slice holds whole numbers).
const SLICE: usize = 256 << 10;

/// Bytes being read from a [`Source`]: the small fields through a window of [`WINDOW`] bytes, the large arrays
/// (`*s`, [`Reader::text`]) from the source into the array being built, a slice at a time, pausing between slices.
pub(crate) struct Reader<'a> {
    source: Box<dyn Source + 'a>,
    size: usize,
    /// Where the next byte is read.
    at: usize,
    /// The source's bytes from `window_at`.
    window: Vec<u8>,
    window_at: usize,
    /// A slice of a large array, between the source and the array.
    slice: Vec<u8>,
    /// The work done since the last pause ([`WORK_A_STEP`]).
    work: usize,
}

/// Pending once: a [`Decoder`]'s step ends here.
struct Pause(bool);

impl std::future::Future for Pause {
    type Output = ();
    fn poll(mut self: std::pin::Pin<&mut Self>, _: &mut std::task::Context) -> std::task::Poll<()> {
        if self.0 {
            return std::task::Poll::Ready(());
        }
        self.0 = true;
        std::task::Poll::Pending
    }
}

/// `out` filled from `source` at `at`; false when the source gives too little.
fn load(source: &mut dyn Source, mut at: usize, mut out: &mut [u8]) -> bool {
    while !out.is_empty() {
        let count = source.read(at, out);
        if count == 0 || count > out.len() {
            return false;
        }
        at += count;
        out = &mut out[count..];
    }
    true
}

impl<'a> Reader<'a> {
    pub(crate) fn new(source: Box<dyn Source + 'a>) -> Reader<'a> {
        let size = source.size();
        Reader { source, size, at: 0, window: Vec::new(), window_at: 0, slice: Vec::new(), work: 0 }
    }

    pub(crate) fn error(&self, expected: &'static str) -> WireError {
        WireError { at: self.at, expected }
    }

    /// `work` more done ([`WORK_A_STEP`]): the step ends here when it has done its share.
    pub(crate) async fn pause(&mut self, work: usize) {
        self.work += work;
        if self.work >= WORK_A_STEP {
            self.work = 0;
            Pause(false).await;
        }
    }

    /// The next `count` bytes (a small field), through the window.
    fn raw(&mut self, count: usize, expected: &'static str) -> Result<&[u8], WireError> {
        let end = self.at.checked_add(count).filter(|end| *end <= self.size).ok_or(self.error(expected))?;
        if self.at < self.window_at || end > self.window_at + self.window.len() {
            self.window.resize(WINDOW.max(count).min(self.size - self.at), 0);
            if !load(&mut *self.source, self.at, &mut self.window) {
                self.window.clear();
                return Err(self.error(expected));
            }
            self.window_at = self.at;
        }
        let from = self.at - self.window_at;
        self.at = end;
        Ok(&self.window[from..from + count])
    }

    /// The next `out.len()` bytes into `out`: what the window holds of them, the rest from the source.
    fn fill(&mut self, out: &mut [u8], expected: &'static str) -> Result<(), WireError> {
        let end = self.at.checked_add(out.len()).filter(|end| *end <= self.size).ok_or(self.error(expected))?;
        let mut done = 0;
        if self.at >= self.window_at && self.at < self.window_at + self.window.len() {
            let from = self.at - self.window_at;
            done = (self.window.len() - from).min(out.len());
            out[..done].copy_from_slice(&self.window[from..from + done]);
        }
        if !load(&mut *self.source, self.at + done, &mut out[done..]) {
            return Err(self.error(expected));
        }
        self.at = end;
        Ok(())
    }

    fn array<const N: usize>(&mut self, expected: &'static str) -> Result<[u8; N], WireError> {
        let mut out = [0; N];
        out.copy_from_slice(self.raw(N, expected)?);
        Ok(out)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, WireError> {
        Ok(self.array::<1>("a byte")?[0])
    }

    pub(crate) fn u32(&mut self) -> Result<u32, WireError> {
        Ok(u32::from_le_bytes(self.array("a 32-bit number")?))
    }

    pub(crate) fn u64(&mut self) -> Result<u64, WireError> {
        Ok(u64::from_le_bytes(self.array("a 64-bit number")?))
    }

    pub(crate) fn i64(&mut self) -> Result<i64, WireError> {
        Ok(i64::from_le_bytes(self.array("a 64-bit number")?))
    }

    /// A count of items of `size` bytes each that the rest of the bytes can hold (checked before anything is
    /// allocated for them: hostile bytes cannot ask for more room than the bytes themselves).
    pub(crate) fn len(&mut self, size: usize) -> Result<usize, WireError> {
        let len = usize::try_from(self.u64()?).map_err(|_| self.error("a length"))?;
        if len.saturating_mul(size.max(1)) > self.size - self.at {
            return Err(self.error("a length within the bytes"));
        }
        Ok(len)
    }

    /// A small text, through the window.
    pub(crate) fn string(&mut self) -> Result<String, WireError> {
        let at = self.at;
        let len = self.len(1)?;
        let bytes = self.raw(len, "bytes")?;
        std::str::from_utf8(bytes).map(str::to_string).map_err(|_| WireError { at, expected: "UTF-8 text" })
    }

    /// A large text (the tables' arena), a slice at a time, each slice's UTF-8 checked as it comes (a character cut
    /// by the slice's end is carried to the next).
    pub(crate) async fn text(&mut self) -> Result<String, WireError> {
        let at = self.at;
        let len = self.len(1)?;
        let broken = WireError { at, expected: "UTF-8 text" };
        let mut text = String::with_capacity(len);
        let mut slice = std::mem::take(&mut self.slice);
        slice.resize(slice.len().max(SLICE.min(len) + 4), 0);
        let (mut left, mut carried) = (len, 0);
        while left > 0 {
            let count = left.min(SLICE);
            self.fill(&mut slice[carried..carried + count], "text")?;
            left -= count;
            let part = &slice[..carried + count];
            let valid = match std::str::from_utf8(part) {
                Ok(valid) => valid,
                Err(e) if e.error_len().is_none() && left > 0 => {
                    std::str::from_utf8(&part[..e.valid_up_to()]).map_err(|_| broken.clone())?
                }
                Err(_) => return Err(broken),
            };
            text.push_str(valid);
            let used = valid.len();
            slice.copy_within(used..carried + count, 0);
            carried = carried + count - used;
            self.pause(count).await;
        }
        self.slice = slice;
        Ok(text)
    }

    /// `len` values of `N` bytes each, a slice at a time.
    async fn values<T, const N: usize>(
        &mut self,
        len: usize,
        value: impl Fn([u8; N]) -> T,
    ) -> Result<Vec<T>, WireError> {
        let mut out = Vec::with_capacity(len);
        let mut slice = std::mem::take(&mut self.slice);
        slice.resize(slice.len().max(SLICE.min(len * N) + 4), 0);
        let mut left = len * N;
        while left > 0 {
            let count = left.min(SLICE / N * N);
            self.fill(&mut slice[..count], "numbers")?;
            out.extend(slice[..count].chunks_exact(N).map(|bytes| {
                let mut one = [0; N];
                one.copy_from_slice(bytes);
                value(one)
            }));
            left -= count;
            self.pause(count).await;
        }
        self.slice = slice;
        Ok(out)
    }

    /// Values of `N` bytes each, their count first.
    async fn numbers<T, const N: usize>(&mut self, value: impl Fn([u8; N]) -> T) -> Result<Vec<T>, WireError> {
        let len = self.len(N)?;
        self.values(len, value).await
    }

    /// Raw bytes, their count first.
    pub(crate) async fn bytes(&mut self) -> Result<Vec<u8>, WireError> {
        self.numbers(|[b]: [u8; 1]| b).await
    }

    pub(crate) async fn i8s(&mut self) -> Result<Vec<i8>, WireError> {
        self.numbers(i8::from_le_bytes).await
    }

    pub(crate) async fn i16s(&mut self) -> Result<Vec<i16>, WireError> {
        self.numbers(i16::from_le_bytes).await
    }

    pub(crate) async fn i32s(&mut self) -> Result<Vec<i32>, WireError> {
        self.numbers(i32::from_le_bytes).await
    }

    pub(crate) async fn u32s(&mut self) -> Result<Vec<u32>, WireError> {
        self.numbers(u32::from_le_bytes).await
    }

    /// Pairs of 32-bit numbers written as [`Writer::u32s`] of an even count.
    pub(crate) async fn u32_pairs(&mut self) -> Result<Vec<[u32; 2]>, WireError> {
        let len = self.len(4)?;
        if len % 2 != 0 {
            return Err(self.error("pairs of 32-bit numbers"));
        }
        self.values(len / 2, |b: [u8; 8]| {
            [u32::from_le_bytes([b[0], b[1], b[2], b[3]]), u32::from_le_bytes([b[4], b[5], b[6], b[7]])]
        })
        .await
    }

    /// A list of values written field by field ([`Wire`] of a `Vec`), each taking at least `size` bytes (checked
    /// against the bytes left before room is made for them), pausing as it goes.
    pub(crate) async fn list<T: Wire>(&mut self, size: usize) -> Result<Vec<T>, WireError> {
        let len = self.len(size)?;
        let mut out = Vec::with_capacity(len);
        for _ in 0..len {
            let at = self.at;
            out.push(T::take(self)?);
            self.pause(self.at - at).await;
        }
        Ok(out)
    }
}

/// A value written field by field (the small rest of a run).
pub(crate) trait Wire: Sized {
    fn put(&self, out: &mut Writer);
    fn take(r: &mut Reader) -> Result<Self, WireError>;
}

impl Wire for u8 {
    fn put(&self, out: &mut Writer) {
        out.u8(*self);
    }
    fn take(r: &mut Reader) -> Result<u8, WireError> {
        r.u8()
    }
}

impl Wire for u64 {
    fn put(&self, out: &mut Writer) {
        out.u64(*self);
    }
    fn take(r: &mut Reader) -> Result<u64, WireError> {
        r.u64()
    }
}

impl Wire for bool {
    fn put(&self, out: &mut Writer) {
        out.u8(*self as u8);
    }
    fn take(r: &mut Reader) -> Result<bool, WireError> {
        match r.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(r.error("0 or 1")),
        }
    }
}

impl Wire for String {
    fn put(&self, out: &mut Writer) {
        out.str(self);
    }
    fn take(r: &mut Reader) -> Result<String, WireError> {
        r.string()
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, out: &mut Writer) {
        match self {
            None => out.u8(0),
            Some(value) => {
                out.u8(1);
                value.put(out);
            }
        }
    }
    fn take(r: &mut Reader) -> Result<Option<T>, WireError> {
        Ok(if bool::take(r)? { Some(T::take(r)?) } else { None })
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, out: &mut Writer) {
        out.len(self.len());
        for item in self {
            item.put(out);
        }
    }
    fn take(r: &mut Reader) -> Result<Vec<T>, WireError> {
        let len = r.len(1)?;
        (0..len).map(|_| T::take(r)).collect()
    }
}

impl Wire for u32 {
    fn put(&self, out: &mut Writer) {
        out.u32(*self);
    }
    fn take(r: &mut Reader) -> Result<u32, WireError> {
        r.u32()
    }
}

impl Wire for Num {
    fn put(&self, out: &mut Writer) {
        let (n, d) = self.raw_parts();
        out.i64(n);
        out.i64(d);
    }
    fn take(r: &mut Reader) -> Result<Num, WireError> {
        Ok(Num::from_raw_parts(r.i64()?, r.i64()?))
    }
}

impl Wire for Text {
    fn put(&self, out: &mut Writer) {
        self.vi.put(out);
        self.en.put(out);
    }
    fn take(r: &mut Reader) -> Result<Text, WireError> {
        Ok(Text { vi: String::take(r)?, en: Wire::take(r)? })
    }
}

impl Wire for Diagnostic {
    fn put(&self, out: &mut Writer) {
        out.u32(Code::ALL.iter().position(|c| *c == self.code).unwrap_or(0) as u32);
        out.u8(matches!(self.severity, Severity::Error) as u8);
        self.message.put(out);
        let l = &self.location;
        l.file.put(out);
        l.line.put(out);
        l.column.put(out);
        l.row.put(out);
        l.path.put(out);
    }
    fn take(r: &mut Reader) -> Result<Diagnostic, WireError> {
        let code = *Code::ALL.get(r.u32()? as usize).ok_or(r.error("a diagnostic code"))?;
        let severity = if bool::take(r)? { Severity::Error } else { Severity::Warning };
        let message = Text::take(r)?;
        let location = Location {
            file: Wire::take(r)?,
            line: Wire::take(r)?,
            column: Wire::take(r)?,
            row: Wire::take(r)?,
            path: Wire::take(r)?,
        };
        Ok(Diagnostic { code, severity, message, location })
    }
}

impl Wire for Unread {
    fn put(&self, out: &mut Writer) {
        out.u32(self.row);
        self.id.put(out);
        self.name.put(out);
        self.org.put(out);
        self.reasons.put(out);
    }
    fn take(r: &mut Reader) -> Result<Unread, WireError> {
        Ok(Unread {
            row: r.u32()?,
            id: String::take(r)?,
            name: String::take(r)?,
            org: Wire::take(r)?,
            reasons: Wire::take(r)?,
        })
    }
}

impl Wire for Declared {
    fn put(&self, out: &mut Writer) {
        out.u8(self.self_level);
        out.u8(self.proposal);
        out.u8(self.decision);
    }
    fn take(r: &mut Reader) -> Result<Declared, WireError> {
        Ok(Declared { self_level: r.u8()?, proposal: r.u8()?, decision: r.u8()? })
    }
}

const STAGES: [Stage; 8] = [
    Stage::Derived,
    Stage::NotClassified,
    Stage::Disqualifier,
    Stage::Mitigation,
    Stage::Band,
    Stage::Condition,
    Stage::Cap,
    Stage::Check,
];

fn stage_index(stage: Stage) -> u8 {
    STAGES.iter().position(|s| *s == stage).unwrap_or(0) as u8
}

/// An outcome in 8 bytes: a tag and up to three fields.
impl Wire for Outcome {
    fn put(&self, out: &mut Writer) {
        let (tag, a, b, c): (u8, u8, u16, u32) = match *self {
            Outcome::Level { level, decision } => match decision {
                Decision::Reached => (0, level, 0, 0),
                Decision::BelowBands => (1, level, 0, 0),
                Decision::Fallback { from, failed } => (2, level, failed, from as u32),
                Decision::Disqualifier(rule) => (3, level, rule, 0),
                Decision::Cap { index, from } => (4, level, index, from as u32),
            },
            Outcome::NotClassified { rule } => (5, 0, rule, 0),
            Outcome::Referred { rule, otherwise } => {
                (6, otherwise.is_some() as u8, rule, otherwise.unwrap_or(0) as u32)
            }
            Outcome::Invalid { check } => (7, 0, check, 0),
            Outcome::Incomplete { fact } => (8, 0, 0, fact),
            Outcome::Failed { rule, error } => {
                let error = matches!(error, ArithError::Overflow) as u32;
                (9, rule.level, rule.index, error << 8 | stage_index(rule.stage) as u32)
            }
        };
        out.u8(tag);
        out.u8(a);
        out.raw(&b.to_le_bytes());
        out.u32(c);
    }
    fn take(r: &mut Reader) -> Result<Outcome, WireError> {
        let [tag, a, b0, b1, c0, c1, c2, c3] = r.array::<8>("an outcome")?;
        let (b, c) = (u16::from_le_bytes([b0, b1]), u32::from_le_bytes([c0, c1, c2, c3]));
        Ok(match tag {
            0 => Outcome::Level { level: a, decision: Decision::Reached },
            1 => Outcome::Level { level: a, decision: Decision::BelowBands },
            2 => Outcome::Level { level: a, decision: Decision::Fallback { from: c as u8, failed: b } },
            3 => Outcome::Level { level: a, decision: Decision::Disqualifier(b) },
            4 => Outcome::Level { level: a, decision: Decision::Cap { index: b, from: c as u8 } },
            5 => Outcome::NotClassified { rule: b },
            6 => Outcome::Referred { rule: b, otherwise: (a == 1).then_some(c as u8) },
            7 => Outcome::Invalid { check: b },
            8 => Outcome::Incomplete { fact: c },
            9 => Outcome::Failed {
                rule: RuleRef {
                    stage: *STAGES.get((c & 0xff) as usize).ok_or(r.error("a stage"))?,
                    level: a,
                    index: b,
                },
                error: if c >> 8 == 1 { ArithError::Overflow } else { ArithError::DivisionByZero },
            },
            _ => return Err(r.error("an outcome's tag")),
        })
    }
}

impl Wire for Verdict {
    fn put(&self, out: &mut Writer) {
        self.outcome.put(out);
        self.score.put(out);
    }
    fn take(r: &mut Reader) -> Result<Verdict, WireError> {
        Ok(Verdict { outcome: Outcome::take(r)?, score: Num::take(r)? })
    }
}

impl Wire for Distribution {
    fn put(&self, out: &mut Writer) {
        self.total.put(out);
        self.levels.put(out);
        for count in [self.not_classified, self.referred, self.invalid, self.incomplete, self.failed, self.unreadable] {
            out.u64(count);
        }
    }
    fn take(r: &mut Reader) -> Result<Distribution, WireError> {
        Ok(Distribution {
            total: r.u64()?,
            levels: Wire::take(r)?,
            not_classified: r.u64()?,
            referred: r.u64()?,
            invalid: r.u64()?,
            incomplete: r.u64()?,
            failed: r.u64()?,
            unreadable: r.u64()?,
        })
    }
}

const SCOPES: [QuotaScope; 4] = [QuotaScope::Org, QuotaScope::BaseOrg, QuotaScope::TaskGroup, QuotaScope::Whole];
const BASES: [Basis; 3] = [Basis::Computed, Basis::Proposed, Basis::Decided];

impl Wire for QuotaStatus {
    fn put(&self, out: &mut Writer) {
        self.quota.put(out);
        out.u8(SCOPES.iter().position(|s| *s == self.scope).unwrap_or(0) as u8);
        self.scope_id.put(out);
        out.u64(self.counts.candidates);
        out.u64(self.counts.good);
        let q = &self.resolution;
        for value in [q.base, q.cap, q.excess, q.base_after, q.cap_after] {
            out.u64(value);
        }
        self.look_first.put(out);
        self.organizations.put(out);
        self.subject.put(out);
    }
    fn take(r: &mut Reader) -> Result<QuotaStatus, WireError> {
        Ok(QuotaStatus {
            quota: String::take(r)?,
            scope: *SCOPES.get(r.u8()? as usize).ok_or(r.error("a quota scope"))?,
            scope_id: String::take(r)?,
            counts: QuotaCounts { candidates: r.u64()?, good: r.u64()? },
            resolution: QuotaResolution {
                base: r.u64()?,
                cap: r.u64()?,
                excess: r.u64()?,
                base_after: r.u64()?,
                cap_after: r.u64()?,
            },
            look_first: Wire::take(r)?,
            organizations: bool::take(r)?,
            subject: Wire::take(r)?,
        })
    }
}

fn put_unit(unit: &Unit, out: &mut Writer) {
    unit.org_ids.put(out);
    for values in [&unit.org_parent, &unit.org_base, &unit.org_depth, &unit.org_order, &unit.member_org] {
        out.u32s(values);
    }
    out.bytes(&unit.member_kind);
    out.u32s(&unit.member_task_group);
    unit.task_group_names.put(out);
    unit.diagnostics.put(out);
}

async fn take_unit(r: &mut Reader<'_>) -> Result<Unit, WireError> {
    Ok(Unit {
        org_ids: r.list(8).await?,
        org_parent: r.u32s().await?,
        org_base: r.u32s().await?,
        org_depth: r.u32s().await?,
        org_order: r.u32s().await?,
        member_org: r.u32s().await?,
        member_kind: r.bytes().await?,
        member_task_group: r.u32s().await?,
        task_group_names: r.list(8).await?,
        diagnostics: r.list(1).await?,
    })
}

fn put_result(result: &UnitResult, out: &mut Writer) {
    out.len(result.members.len());
    for verdict in result.members.iter() {
        verdict.outcome.put(out);
    }
    result.members.scores().wire_put(out);
    out.bytes(&result.proposed);
    result.orgs.put(out);
    out.bytes(&result.orgs_proposed);
    result.org_rows.wire_put(out);
    result.quotas.put(out);
    for distribution in [
        &result.member_distribution,
        &result.member_distribution_by_criteria,
        &result.org_distribution,
        &result.base_org_distribution,
    ] {
        distribution.put(out);
    }
    out.u8(BASES.iter().position(|b| *b == result.basis).unwrap_or(0) as u8);
    out.bytes(&result.basis_levels);
    out.u64(result.basis_fallbacks);
    result.quotas_computed.put(out);
}

/// The result after its members' verdicts.
async fn take_result(r: &mut Reader<'_>, members: Verdicts) -> Result<UnitResult, WireError> {
    Ok(UnitResult {
        members,
        proposed: r.bytes().await?,
        orgs: r.list(24).await?,
        orgs_proposed: r.bytes().await?,
        org_rows: crate::table::Rows::wire_take(r).await?,
        quotas: r.list(1).await?,
        member_distribution: Distribution::take(r)?,
        member_distribution_by_criteria: Distribution::take(r)?,
        org_distribution: Distribution::take(r)?,
        base_org_distribution: Distribution::take(r)?,
        basis: *BASES.get(r.u8()? as usize).ok_or(r.error("a basis"))?,
        basis_levels: r.bytes().await?,
        basis_fallbacks: r.u64()?,
        quotas_computed: r.list(1).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{UnitFiles, digest};

    /// Everything a run carries that the page shows, compared after the bytes are read back.
    fn assert_same(rules: &crate::RuleSet, before: &UnitRun, after: &UnitRun, name: &str) {
        assert_eq!(digest(rules, before), digest(rules, after), "{name}: the digest");
        for (a, b) in [(&before.roster.members, &after.roster.members), (&before.roster.orgs, &after.roster.orgs)] {
            assert_eq!(a.to_records(), b.to_records(), "{name}: records");
            assert_eq!(format!("{:?}", a.to_values()), format!("{:?}", b.to_values()), "{name}: values");
            assert_eq!(a.unread, b.unread, "{name}: unread rows");
            assert_eq!(a.declared, b.declared, "{name}: declared levels");
            assert_eq!(a.stride, b.stride);
            assert_eq!(a.column_widths(), b.column_widths(), "{name}: the columns keep their form");
        }
        let (r1, r2) = (&before.result, &after.result);
        assert_eq!(r1.members, r2.members, "{name}: verdicts");
        assert_eq!(r1.proposed, r2.proposed);
        assert_eq!(r1.orgs, r2.orgs);
        assert_eq!(r1.orgs_proposed, r2.orgs_proposed);
        assert_eq!(r1.org_rows, r2.org_rows);
        assert_eq!(r1.quotas, r2.quotas);
        assert_eq!(r1.quotas_computed, r2.quotas_computed);
        assert_eq!(r1.member_distribution, r2.member_distribution);
        assert_eq!(r1.member_distribution_by_criteria, r2.member_distribution_by_criteria);
        assert_eq!(r1.org_distribution, r2.org_distribution);
        assert_eq!(r1.base_org_distribution, r2.base_org_distribution);
        assert_eq!((r1.basis, &r1.basis_levels, r1.basis_fallbacks), (r2.basis, &r2.basis_levels, r2.basis_fallbacks));
        let (u1, u2) = (&before.unit, &after.unit);
        assert_eq!(format!("{u1:?}"), format!("{u2:?}"), "{name}: the unit's structure");
        assert_eq!(before.diagnostics, after.diagnostics, "{name}: diagnostics");
        assert_eq!(before.reading, after.reading);
        // The members' organizations are looked up by name: the interner is rebuilt.
        let members = &after.roster.members;
        if !members.is_empty() {
            let record = members.record(0).to_owned();
            let row = members.row_vec(0);
            let mut table = members.clone().into_builder();
            table.push(record.clone(), &row);
            let table = table.finish();
            assert_eq!(table.record(table.len() - 1).org, record.org.as_deref());
        }
    }

    #[test]
    fn the_pipeline_units_read_back_the_same() {
        let rules = crate::builtin::load(crate::builtin::DEFAULT).unwrap();
        let example_orgs = include_str!("../examples/dang-bo-mau/orgs.csv");
        let units = [
            ("dang-bo-mau", include_str!("../examples/dang-bo-mau/members.csv"), example_orgs),
            (
                "typed-rollup",
                include_str!("../tests/fixtures/pipeline/rollup-members.csv"),
                include_str!("../tests/fixtures/pipeline/rollup-orgs.csv"),
            ),
            ("contradiction", include_str!("../tests/fixtures/pipeline/contradiction-members.csv"), example_orgs),
            ("bad cells", include_str!("../tests/fixtures/rosters/members-bad-cells.csv"), example_orgs),
        ];
        for (name, members, orgs) in units {
            let files = UnitFiles {
                members: (members, Some("members.csv")),
                orgs: Some((orgs, Some("orgs.csv"))),
                ..UnitFiles::default()
            };
            let run = UnitRun::new(&rules, &files).unwrap();
            let bytes = encode(&run);
            let back = decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_same(&rules, &run, &back, name);
            assert_eq!(encode(&back), bytes, "{name}: written again, the same bytes");
        }
    }

    /// A generated roster of every bundled rule set (wide and narrow columns, fractions, every outcome the generator
    /// gives), on each basis.
    #[test]
    fn generated_rosters_of_every_rule_set_read_back_the_same() {
        for (id, _) in crate::builtin::RULE_SETS {
            let rules = crate::builtin::load(id).unwrap();
            let roster = crate::generate::roster(&rules, crate::generate::Shape::new(3_000, 7));
            let mut run = UnitRun::from_tables(&rules, roster, (Some("m.csv"), Some("o.csv")), Vec::new());
            for basis in BASES {
                run.set_basis(&rules, basis);
                let back = decode(&encode(&run)).unwrap_or_else(|e| panic!("{id}: {e}"));
                assert_same(&rules, &run, &back, id);
            }
        }
    }

    /// The bytes counted, the bytes kept and the bytes sent a part at a time are the same bytes, the buffer exactly
    /// their size, no part over [`CHUNK`] but for an array sent at once.
    #[test]
    fn the_bytes_counted_kept_and_sent_are_the_same() {
        let rules = crate::builtin::load_default();
        let roster = crate::generate::roster(&rules, crate::generate::Shape::new(20_000, 3));
        let run = UnitRun::from_tables(&rules, roster, (Some("m.csv"), Some("o.csv")), Vec::new());
        let bytes = encode(&run);
        assert_eq!(encoded_len(&run), bytes.len());
        assert_eq!(bytes.capacity(), bytes.len(), "no room beyond the bytes");
        let (mut sent, mut parts, mut large) = (Vec::new(), 0, 0);
        encode_to(&run, &mut |part| {
            assert!(!part.is_empty());
            (parts, large) = (parts + 1, large + usize::from(part.len() > CHUNK));
            sent.extend_from_slice(part);
        });
        assert!(sent == bytes, "the parts sent are the bytes");
        assert!(parts > 2 && large > 0, "{parts} parts, {large} large");
    }

    #[test]
    fn every_outcome_reads_back() {
        let mut outcomes = vec![
            Outcome::NotClassified { rule: 3 },
            Outcome::Referred { rule: 1, otherwise: None },
            Outcome::Referred { rule: 2, otherwise: Some(0) },
            Outcome::Invalid { check: 4 },
            Outcome::Incomplete { fact: 70_000 },
        ];
        for decision in [
            Decision::Reached,
            Decision::BelowBands,
            Decision::Fallback { from: 1, failed: 300 },
            Decision::Disqualifier(2),
            Decision::Cap { index: 5, from: 0 },
        ] {
            outcomes.push(Outcome::Level { level: 2, decision });
        }
        for stage in STAGES {
            for error in [ArithError::DivisionByZero, ArithError::Overflow] {
                outcomes.push(Outcome::Failed { rule: RuleRef { stage, level: 3, index: 9 }, error });
            }
        }
        for outcome in outcomes {
            let mut out = Writer::new(Sink::Keep);
            outcome.put(&mut out);
            assert_eq!(out.out.len(), 8);
            assert_eq!(Outcome::take(&mut Reader::new(Box::new(&out.out[..]))), Ok(outcome));
        }
    }

    /// A source that gives at most `piece` bytes a read, and counts the bytes it gave.
    struct Pieces<'b> {
        bytes: &'b [u8],
        piece: usize,
        given: std::rc::Rc<std::cell::Cell<usize>>,
    }

    impl Source for Pieces<'_> {
        fn size(&self) -> usize {
            self.bytes.len()
        }
        fn read(&mut self, at: usize, out: &mut [u8]) -> usize {
            let count = out.len().min(self.piece);
            let count = (&self.bytes[..]).read(at, &mut out[..count]);
            self.given.set(self.given.get() + count);
            count
        }
    }

    /// The bytes read back through a source of `piece` bytes a read, a step at a time; the most bytes a step took.
    fn decode_in_pieces(bytes: &[u8], piece: usize) -> (Result<UnitRun, WireError>, usize) {
        let given = std::rc::Rc::new(std::cell::Cell::new(0));
        let mut decoder = match Decoder::from_source(Pieces { bytes, piece, given: given.clone() }) {
            Ok(decoder) => decoder,
            Err(error) => return (Err(error), 0),
        };
        let mut most = 0;
        loop {
            let before = given.get();
            let step = decoder.step();
            most = most.max(given.get() - before);
            match step {
                Ok(None) => continue,
                Ok(Some(run)) => {
                    assert!(decoder.step().is_err(), "nothing after the run");
                    return (Ok(run), most);
                }
                Err(error) => return (Err(error), most),
            }
        }
    }

    /// Read through a source that gives the bytes in pieces of 1, 7 or 64 bytes, the run is the one [`decode`]
    /// reads; and no step reads much more than a step's work (the page's steps stay short).
    #[test]
    fn a_source_giving_small_pieces_reads_the_same_run() {
        let rules = crate::builtin::load_default();
        let roster = crate::generate::roster(&rules, crate::generate::Shape::new(3_000, 5));
        let run = UnitRun::from_tables(&rules, roster, (Some("m.csv"), Some("o.csv")), Vec::new());
        let bytes = encode(&run);
        let whole = decode(&bytes).unwrap();
        for piece in [1, 7, 64, usize::MAX] {
            let (back, most) = decode_in_pieces(&bytes, piece);
            let back = back.unwrap_or_else(|e| panic!("pieces of {piece}: {e}"));
            assert_same(&rules, &whole, &back, &format!("pieces of {piece}"));
            assert!(encode(&back) == bytes, "pieces of {piece}: written again, the same bytes");
            assert!(most <= WORK_A_STEP + SLICE + 2 * WINDOW, "pieces of {piece}: a step read {most} bytes");
        }
        let roster = crate::generate::roster(&rules, crate::generate::Shape::new(40_000, 2));
        let run = UnitRun::from_tables(&rules, roster, (Some("m.csv"), Some("o.csv")), Vec::new());
        let bytes = encode(&run);
        let (back, most) = decode_in_pieces(&bytes, usize::MAX);
        assert!(encode(&back.unwrap()) == bytes, "40,000 members read back");
        assert!(bytes.len() > 4 * (WORK_A_STEP + SLICE + 2 * WINDOW), "{} bytes: more than a few steps", bytes.len());
        assert!(most <= WORK_A_STEP + SLICE + 2 * WINDOW, "40,000 members: a step read {most} bytes");
    }

    /// Cut at every byte, a small run is an error, read whole or in pieces; changed at every byte, it reads the same
    /// (the same run or the same error) whole and in pieces, and never panics.
    #[test]
    fn a_small_run_cut_or_changed_anywhere_reads_the_same_in_pieces() {
        let rules = crate::builtin::load_default();
        let roster = crate::generate::roster(&rules, crate::generate::Shape::new(12, 1));
        let run = UnitRun::from_tables(&rules, roster, (Some("m.csv"), None), Vec::new());
        let bytes = encode(&run);
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
            assert!(decode_in_pieces(&bytes[..cut], 7).0.is_err(), "cut at {cut}, in pieces");
        }
        for at in 0..bytes.len() {
            for change in [0x01, 0xff] {
                let mut changed = bytes.clone();
                changed[at] ^= change;
                let whole = decode(&changed).map(|run| encode(&run));
                let pieces = decode_in_pieces(&changed, 7).0.map(|run| encode(&run));
                assert!(whole == pieces, "byte {at} ^ {change:#x}: {:?} and {:?}", whole.err(), pieces.err());
            }
        }
    }

    /// Bytes cut short or changed are an error, never a partial run or a panic.
    #[test]
    fn broken_bytes_are_an_error() {
        let rules = crate::builtin::load(crate::builtin::DEFAULT).unwrap();
        let roster = crate::generate::roster(&rules, crate::generate::Shape::new(200, 1));
        let run = UnitRun::from_tables(&rules, roster, (None, None), Vec::new());
        let bytes = encode(&run);
        for cut in [0, 5, 8, 100, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer).unwrap_err().expected, "the end");
        for at in (0..bytes.len()).step_by(97) {
            let mut changed = bytes.clone();
            changed[at] ^= 0xff;
            let _ = decode(&changed);
        }
    }
}
