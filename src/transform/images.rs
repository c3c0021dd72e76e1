//! Transform, images: raw image sources → files of the book ([`crate::model::Resource`]s,
//! each copied once) or, for a missing, remote or unusable picture, a warning and the alt text
//! in its place.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::model::{Book, ImageSource, Resource, visit_images_mut};
use crate::order::Slugs;
use crate::transform::links::has_scheme;

/// The media type of a picture file, by extension.
pub fn media_type(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        _ => return None,
    })
}

/// Resolves every image of the book. `article_paths[i]` is chapter `i`'s file on disk.
pub fn run(book: &mut Book, article_paths: &[PathBuf], sources: &[&str], diags: &mut Diagnostics) {
    let mut by_file: HashMap<PathBuf, usize> = HashMap::new();
    let mut names = Slugs::default();
    let mut resources = std::mem::take(&mut book.resources);
    for (index, chapter) in book.chapters.iter_mut().enumerate() {
        let path = chapter.path.clone();
        let dir = article_paths
            .get(index)
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let source = sources.get(index).copied();
        for blocks in chapter.all_blocks_mut() {
            visit_images_mut(blocks, &mut |img| {
                let ImageSource::Raw(src) = &img.source else {
                    return;
                };
                let src = src.trim().to_owned();
                let problem = if src.is_empty() {
                    Some("image without a source; its alt text stands in".to_owned())
                } else if has_scheme(&src) || src.starts_with("//") {
                    Some(format!(
                        "remote image `{src}` is not included in the book; its alt text stands in"
                    ))
                } else {
                    None
                };
                if let Some(m) = problem {
                    diags.warning(&path, Some(img.pos), source, m);
                    img.source = ImageSource::Missing;
                    return;
                }
                let decoded = percent_encoding::percent_decode_str(&src)
                    .decode_utf8_lossy()
                    .into_owned();
                let file = dir.join(&decoded);
                let Some(media) = media_type(&file) else {
                    diags.warning(
                        &path,
                        Some(img.pos),
                        source,
                        format!(
                            "image `{src}` is not PNG, JPEG, GIF, SVG or WebP; its alt text stands in"
                        ),
                    );
                    img.source = ImageSource::Missing;
                    return;
                };
                let Ok(canonical) = file.canonicalize() else {
                    diags.warning(
                        &path,
                        Some(img.pos),
                        source,
                        format!("image `{src}` not found; its alt text stands in"),
                    );
                    img.source = ImageSource::Missing;
                    return;
                };
                let index = *by_file.entry(canonical.clone()).or_insert_with(|| {
                    let stem = canonical
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let ext = match media {
                        "image/jpeg" => "jpg",
                        "image/svg+xml" => "svg",
                        other => other.trim_start_matches("image/"),
                    };
                    let name = format!("images/{}.{ext}", names.make(&stem, "image"));
                    resources.push(Resource {
                        source: canonical.clone(),
                        name,
                        media_type: media,
                    });
                    resources.len() - 1
                });
                img.source = ImageSource::Resource(index);
            });
        }
    }
    book.resources = resources;
}
