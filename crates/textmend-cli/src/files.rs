//! The inputs: FILE arguments in order, then the files under each `-r` folder.

use crate::input::{describe, Source};
use anyhow::{anyhow, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// The inputs: `files` as given (none and no folder: standard input), then, for each
/// folder, the regular files under it in name order, hidden ones (`.name`) left out.
pub fn sources(files: &[PathBuf], folders: &[PathBuf]) -> Result<Vec<Source>> {
    let mut sources: Vec<Source> = files.iter().map(|f| Source::from_arg(f)).collect();
    for folder in folders {
        let meta = fs::metadata(folder).map_err(|e| {
            anyhow!(
                "{}: cannot read the folder: {}",
                folder.display(),
                describe(&e)
            )
        })?;
        if !meta.is_dir() {
            return Err(anyhow!(
                "{}: -r needs a folder, and this is not one",
                folder.display()
            ));
        }
        let mut found = Vec::new();
        walk(folder, Path::new(""), &mut found)?;
        sources.extend(found.into_iter().map(|relative| Source::File {
            path: folder.join(&relative),
            relative: Some(relative),
        }));
    }
    if sources.is_empty() {
        sources.push(Source::Stdin);
    }
    Ok(sources)
}

fn walk(root: &Path, relative: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    let dir = root.join(relative);
    let entries = fs::read_dir(&dir).map_err(|e| {
        anyhow!(
            "{}: cannot read the folder: {}",
            dir.display(),
            describe(&e)
        )
    })?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| {
            anyhow!(
                "{}: cannot read the folder: {}",
                dir.display(),
                describe(&e)
            )
        })?;
        names.push(entry.file_name());
    }
    names.sort();
    for name in names {
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let rel = relative.join(&name);
        let path = root.join(&rel);
        // Symbolic links are not followed into folders, so that a link loop cannot trap
        // the walk; a link to a file is read.
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(root, &rel, found)?;
        } else if meta.is_file() || (meta.file_type().is_symlink() && path.is_file()) {
            found.push(rel);
        }
    }
    Ok(())
}
