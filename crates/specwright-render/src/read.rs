//! Reading a file a person or a project hands us: only a regular file, and only up to a
//! limit, so a link to a device or a huge file cannot hang or exhaust the reader.

use std::io::Read;
use std::path::Path;

/// Why [`read_capped`] read nothing.
#[derive(Debug, thiserror::Error)]
pub enum CappedReadError {
    /// A device, a pipe or a folder (after following symlinks): `/dev/zero` would be read
    /// forever, and a FIFO blocks until something writes to it.
    #[error("not a regular file")]
    NotAFile,
    /// Longer than the caller reads: the length found.
    #[error("{0} bytes")]
    TooLarge(u64),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// A file's text, read only from a regular file (after following symlinks) of at most
/// `max` bytes. The length is asked of the opened file, and the read stops past `max`,
/// so a file growing meanwhile is not read further than that either.
pub fn read_capped(path: &Path, max: u64) -> Result<String, CappedReadError> {
    // Asked before opening: opening a FIFO blocks until something writes to it.
    if !std::fs::metadata(path)?.is_file() {
        return Err(CappedReadError::NotAFile);
    }
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > max {
        return Err(CappedReadError::TooLarge(len));
    }
    let mut text = String::new();
    file.take(max + 1).read_to_string(&mut text)?;
    if text.len() as u64 > max {
        return Err(CappedReadError::TooLarge(text.len() as u64));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capped_read_takes_only_regular_files_within_the_limit() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let file = dir.join("spec.md");
        std::fs::write(&file, "# Spec\n").unwrap();
        assert_eq!(read_capped(&file, 7).unwrap(), "# Spec\n");
        assert!(matches!(
            read_capped(&file, 6),
            Err(CappedReadError::TooLarge(7))
        ));
        // Sparse: a gigabyte of nothing, refused from its length, not read.
        let huge = dir.join("dump.md");
        std::fs::File::create(&huge)
            .unwrap()
            .set_len(1 << 30)
            .unwrap();
        assert!(matches!(
            read_capped(&huge, 1024),
            Err(CappedReadError::TooLarge(len)) if len == 1 << 30
        ));
        assert!(matches!(
            read_capped(dir, 1024),
            Err(CappedReadError::NotAFile)
        ));
        assert!(matches!(
            read_capped(&dir.join("none.md"), 1024),
            Err(CappedReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound
        ));
    }
}
