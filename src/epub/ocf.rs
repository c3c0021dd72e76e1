//! EPUB writer, container part: the book's files → the OCF zip, `mimetype` first and stored,
//! entries in a fixed order with pinned times and permissions, so that the same inputs give the
//! same bytes.

use std::io::{Seek, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

/// One file of the container.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    /// Path inside the zip.
    pub name: String,
    /// Content.
    pub data: Vec<u8>,
    /// Deflate it (text) or store it (already compressed pictures, fonts).
    pub compress: bool,
}

/// One file of the container, compressed alone: a zip of that entry only, whose entry is
/// copied as it is into the book's. Packing is done on every core, each file as soon as it is
/// written, so that a book's uncompressed text is never held whole.
#[derive(Debug)]
pub(super) struct Packed(Vec<u8>);

/// The options every entry is written with: the time `time`, pinned permissions.
fn options(time: DateTime) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .last_modified_time(time)
        .unix_permissions(0o644)
        .system(System::Unix)
}

impl Entry {
    /// Compresses the entry (deflates it, or stores it) with every time set to `time`.
    pub(super) fn pack(&self, time: DateTime) -> zip::result::ZipResult<Packed> {
        let method = if self.compress {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        let mut one = ZipWriter::new(std::io::Cursor::new(Vec::new()));
        one.start_file(self.name.as_str(), options(time).compression_method(method))?;
        one.write_all(&self.data)?;
        Ok(Packed(one.finish()?.into_inner()))
    }
}

/// Writes `mimetype`, then the packed entries in their order, to `out`, with every time set to
/// `time`: the same bytes as deflating them one after the other into one zip.
pub(super) fn write<W: Write + Seek>(
    out: W,
    entries: &[Packed],
    time: DateTime,
) -> zip::result::ZipResult<W> {
    let mut zip = ZipWriter::new(out);
    zip.start_file(
        "mimetype",
        options(time).compression_method(CompressionMethod::Stored),
    )?;
    zip.write_all(b"application/epub+zip")?;
    for Packed(bytes) in entries {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice()))?;
        zip.raw_copy_file(archive.by_index_raw(0)?)?;
    }
    zip.finish()
}

/// The zip time for a Unix time in seconds (UTC), clamped to what zip can say (1980–2107).
pub fn zip_time(epoch: i64) -> DateTime {
    let ts = jiff::Timestamp::from_second(epoch).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let dt = jiff::tz::Offset::UTC.to_datetime(ts);
    let year = u16::try_from(dt.year()).unwrap_or(1980).clamp(1980, 2107);
    let narrow = |v: i8| u8::try_from(v).unwrap_or(0);
    DateTime::from_date_and_time(
        year,
        narrow(dt.month()),
        narrow(dt.day()),
        narrow(dt.hour()),
        narrow(dt.minute()),
        narrow(dt.second()),
    )
    .unwrap_or_default()
}
