//! Transform, images: raw image sources → files of the book ([`crate::model::Resource`]s,
//! each copied once) or, for a missing, remote or unusable picture, a warning and the alt text
//! in its place.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Settings;
use crate::diag::Diagnostics;
use crate::model::{Book, ImageSource, Resource, visit_images_mut};
use crate::text::media::{MediaType, check_picture};
use crate::text::slug::Slugs;
use crate::text::url::has_scheme;

/// Resolves every image of the book, relative to its article's file; only pictures inside
/// the book directory are taken (unless `--allow-outside`). A picture without alt text is a
/// warning, an error when `alt_required` (a PDF/UA book).
pub fn run(book: &mut Book, settings: &Settings, diags: &mut Diagnostics) {
    let files = &settings.files;
    let alt_required = settings.config.pdf.accessible;
    let mut by_file: HashMap<PathBuf, usize> = HashMap::new();
    let mut checked_files: HashMap<PathBuf, Result<MediaType, String>> = HashMap::new();
    let mut names = Slugs::default();
    let mut resources = std::mem::take(&mut book.resources);
    // Most chapters have no picture: they are found on every core, and the rest, which share
    // the book's list of pictures, in order.
    let pictured: Vec<bool> = book
        .chapters
        .par_iter_mut()
        .map(|chapter| {
            let mut any = false;
            for blocks in chapter.all_blocks_mut() {
                visit_images_mut(blocks, &mut |img| {
                    any = any || matches!(img.source, ImageSource::Raw(_));
                });
            }
            any
        })
        .collect();
    for (chapter, _) in book.chapters.iter_mut().zip(pictured).filter(|(_, p)| *p) {
        let (source, all_blocks) = chapter.source_and_blocks_mut();
        let dir = source.abs_path.parent().unwrap_or(Path::new(""));
        let (path, source) = (&source.path, Some(source.text.as_str()));
        for blocks in all_blocks {
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
                    diags.warning(path, Some(img.pos), source, m);
                    img.source = ImageSource::Missing;
                    return;
                }
                let decoded = percent_encoding::percent_decode_str(&src)
                    .decode_utf8_lossy()
                    .into_owned();
                let file = dir.join(&decoded);
                let checked = match files.resolve(&file) {
                    Err(crate::files::Refused::Outside { .. }) => Err(format!(
                        "image `{src}` is outside the book directory; its alt text stands in"
                    )),
                    Err(_) => Err(format!("image `{src}` not found; its alt text stands in")),
                    Ok(c) => match checked_files.get(&c) {
                        Some(r) => r.clone().map(|m| (c, m)),
                        None => {
                            let r = crate::files::read_regular(&c)
                                .map_err(|e| format!("cannot be read ({e})"))
                                .and_then(|data| check_picture(&data))
                                .map_err(|why| {
                                    format!("image `{src}`: {why}; its alt text stands in")
                                });
                            checked_files.insert(c.clone(), r.clone());
                            r.map(|m| (c, m))
                        }
                    },
                };
                let (canonical, media) = match checked {
                    Ok(ok) => ok,
                    Err(message) => {
                        diags.warning(path, Some(img.pos), source, message);
                        img.source = ImageSource::Missing;
                        return;
                    }
                };
                if img.alt.trim().is_empty() && alt_required {
                    diags.error(
                        path,
                        Some(img.pos),
                        source,
                        format!(
                            "image `{src}` has no alt text, which `[pdf] accessible` (PDF/UA) \
                             requires"
                        ),
                    );
                } else if img.alt.trim().is_empty() {
                    diags.warning(
                        path,
                        Some(img.pos),
                        source,
                        format!(
                            "image `{src}` has no alt text: readers who cannot see it get nothing"
                        ),
                    );
                }
                let index = *by_file.entry(canonical.clone()).or_insert_with(|| {
                    let stem = canonical
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let name = format!(
                        "images/{}.{}",
                        names.make(&stem, "image"),
                        media.extension()
                    );
                    resources.push(Resource {
                        source: canonical.clone(),
                        name,
                        media_type: media,
                        described: true,
                    });
                    resources.len() - 1
                });
                if img.alt.trim().is_empty() {
                    resources[index].described = false;
                }
                img.source = ImageSource::Resource(index);
            });
        }
    }
    book.resources = resources;
}
