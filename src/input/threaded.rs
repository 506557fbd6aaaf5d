//! A [`CsvStream`] read on two threads (natively; a browser's worker has one): one thread reads the file's bytes,
//! decodes them and splits them into records, the other reads the records into the table. The records cross in
//! batches (a chunk's cells copied one after another into one text), so what is read is what the stream reads on
//! one thread, in the same order: the same table, diagnostics and notices.

use std::borrow::Cow;
use std::io::{self, Read, Seek};
use std::sync::mpsc::sync_channel;

use super::{CsvRead, CsvRows, CsvStream, Feed, Splitter, split_piece_into};
use crate::encoding::TextStream;

/// The records split from one chunk of the file: the text they were split from (copied once, whole), each cell's
/// start and end in `text` (a cell that is not a slice of it, a quoted one with doubled quotes, is added after it),
/// and each record's row and its cells' end in `cells`.
#[derive(Default)]
struct Batch {
    text: String,
    cells: Vec<(usize, usize)>,
    records: Vec<(u32, usize)>,
    /// The file was found not to be plain UTF-8 after these records: what was read is dropped, and it is read
    /// again from its start ([`Feed::FromStart`]).
    restart: bool,
}

impl Batch {
    /// Split `piece` after what is pending ([`split_piece_into`]), the records kept as places in the text split.
    fn split(&mut self, splitter: &mut Splitter, pending: &mut String, piece: &str, end: bool) {
        let base = if pending.is_empty() { piece } else { "" };
        let at = self.text.len();
        self.text.push_str(base);
        let Batch { text, cells, records, .. } = self;
        let mut each = |row: u32, record: &[Cow<str>]| {
            for cell in record {
                // Where the cell starts in the text split, if it is a slice of it.
                let start = (cell.as_ptr() as usize).wrapping_sub(base.as_ptr() as usize);
                match cell {
                    Cow::Borrowed(slice) if start <= base.len() && start + slice.len() <= base.len() => {
                        cells.push((at + start, at + start + slice.len()));
                    }
                    _ => {
                        let start = text.len();
                        text.push_str(cell);
                        cells.push((start, text.len()));
                    }
                }
            }
            records.push((row, cells.len()));
        };
        split_piece_into(splitter, pending, &mut each, piece, end);
    }

    /// Empty, its room kept.
    fn clear(&mut self) {
        self.text.clear();
        self.cells.clear();
        self.records.clear();
        self.restart = false;
    }

    /// Hand every record to `rows`, in order.
    fn read_into(&self, rows: &mut CsvRows) {
        let mut cells: Vec<Cow<str>> = Vec::new();
        let mut cell = 0;
        for &(row, cells_end) in &self.records {
            cells.clear();
            cells.extend(self.cells[cell..cells_end].iter().map(|&(start, end)| Cow::Borrowed(&self.text[start..end])));
            cell = cells_end;
            rows.row(row, &cells);
        }
    }
}

/// Bytes read from the file at a time.
const CHUNK: usize = 1 << 20;
/// Batches waiting to be read into the table at most (a few MB of text).
const WAITING: usize = 4;

impl CsvStream<'_> {
    /// Read the whole file from `file` (from its current position; back to its start when the stream asks
    /// [`Feed::FromStart`]) and give what [`CsvStream::finish`] gives, the bytes read, decoded and split on a
    /// second thread while this one reads the records into the table. `chunk`: bytes read at a time (tests use
    /// small ones).
    pub fn read_threaded<R: Read + Seek + Send>(self, file: R, chunk: usize) -> io::Result<CsvRead> {
        let CsvStream { skip, text, splitter, pending, mut rows } = self;
        let (send, receive) = sync_channel::<Batch>(WAITING);
        // The batches come back once read, so their memory is not asked for again each time.
        let (give_back, taken_back) = sync_channel::<Batch>(WAITING + 2);
        let (text, splitter) = std::thread::scope(|scope| {
            let splitting = scope.spawn(move || {
                let channels = (&send, &taken_back);
                split_file(file, chunk.max(1), text, splitter, pending, channels)
            });
            for mut batch in receive {
                batch.read_into(&mut rows);
                let restart = batch.restart;
                batch.clear();
                let _ = give_back.try_send(batch);
                if restart {
                    rows = CsvRows::new(rows.rules, &rows.options.clone(), rows.overrides);
                    rows.skip = skip;
                }
            }
            splitting.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })?;
        let notices = text.notices().to_vec();
        let (table, diagnostics) = rows.finish(splitter.diagnostics);
        Ok(CsvRead { table, diagnostics, notices })
    }
}

/// The splitting thread: the file's bytes decoded and split, each chunk's records sent as one batch.
fn split_file<R: Read + Seek>(
    mut file: R,
    chunk: usize,
    mut text: TextStream,
    mut splitter: Splitter,
    mut pending: String,
    (send, taken_back): (&std::sync::mpsc::SyncSender<Batch>, &std::sync::mpsc::Receiver<Batch>),
) -> io::Result<(TextStream, Splitter)> {
    let mut bytes = vec![0u8; chunk.min(CHUNK)];
    let file_name = splitter.file.clone();
    loop {
        let filled = read_full(&mut file, &mut bytes)?;
        let mut batch = taken_back.try_recv().unwrap_or_default();
        let feed = if filled == 0 {
            let feed = text.end(&mut |piece| batch.split(&mut splitter, &mut pending, piece, false));
            if feed == Feed::More {
                batch.split(&mut splitter, &mut pending, "", true);
            }
            feed
        } else {
            text.push(&bytes[..filled], &mut |piece| batch.split(&mut splitter, &mut pending, piece, false))
        };
        if feed == Feed::FromStart {
            batch.restart = true;
            splitter = Splitter::new(file_name.as_deref());
            pending = String::new();
            file.rewind()?;
        }
        // The reading side stopped (it panicked): nothing more to split.
        if send.send(batch).is_err() || (filled == 0 && feed == Feed::More) {
            return Ok((text, splitter));
        }
    }
}

/// Fill `buffer` from the reader as far as it goes (a read may give fewer bytes than asked); the bytes read.
fn read_full(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..])? {
            0 => break,
            read => filled += read,
        }
    }
    Ok(filled)
}
