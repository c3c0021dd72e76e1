//! Transform, images: raw image sources → files of the book ([`crate::model::Resource`]s,
//! each copied once) or, for a missing, remote or unusable picture, a warning and the alt text
//! in its place.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::model::{Book, ImageSource, Resource, visit_images_mut};
use crate::order::Slugs;
use crate::transform::links::has_scheme;

/// The file extension lcbook gives a picture of this media type.
pub fn extension(media_type: &str) -> &'static str {
    match media_type {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        _ => "svg",
    }
}

/// The media type of a picture, from its content rather than its name (a `.jpg` that is a PNG
/// is common on the web), or why it cannot go into a book: not a picture, truncated, or an SVG
/// that is not self-contained. EPUBCheck rejects all of these.
pub fn check_picture(data: &[u8]) -> Result<&'static str, String> {
    let truncated = || "the file is truncated or damaged".to_owned();
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        return if data.len() >= 45 && data.ends_with(b"IEND\xaeB`\x82") {
            Ok("image/png")
        } else {
            Err(truncated())
        };
    }
    if data.starts_with(b"\xff\xd8\xff") {
        // Some writers pad after the end-of-image marker.
        let tail = &data[data.len().saturating_sub(64)..];
        return if tail.windows(2).any(|w| w == b"\xff\xd9") {
            Ok("image/jpeg")
        } else {
            Err(truncated())
        };
    }
    if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
        return if data.len() >= 14 && data.ends_with(b";") {
            Ok("image/gif")
        } else {
            Err(truncated())
        };
    }
    if data.len() >= 12 && data.starts_with(b"RIFF") && &data[8..12] == b"WEBP" {
        let size = u32::from_le_bytes([data[4], data[5], data[6], data[7]]) as usize;
        return if size + 8 == data.len() {
            Ok("image/webp")
        } else {
            Err(truncated())
        };
    }
    match std::str::from_utf8(data) {
        Ok(text) if text.contains("<svg") => check_svg(text).map(|()| "image/svg+xml"),
        _ => Err("not a PNG, JPEG, GIF, WebP or SVG picture".to_owned()),
    }
}

/// An SVG may enter the book only well-formed and self-contained: no script, no event
/// handler, no embedded HTML, no reference to another file.
fn check_svg(text: &str) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth = 0usize;
    let mut root_seen = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("the SVG is not well-formed XML ({e})"))?;
        let element = match &event {
            Event::Start(e) | Event::Empty(e) => Some(e.clone()),
            _ => None,
        };
        if let Some(e) = element {
            let name = e.local_name().as_ref().to_ascii_lowercase();
            if depth == 0 && !root_seen {
                if name != "svg" {
                    return Err("not an SVG document".into());
                }
                root_seen = true;
            }
            if name == "script" || name == "foreignobject" {
                return Err(format!("the SVG contains `<{name}>`"));
            }
            if name == "svg" && depth == 0 {
                check_svg_size(&e)?;
            }
            for attr in e.attributes().flatten() {
                let key = attr.key.local_name().as_ref().to_ascii_lowercase();
                let value = attr.value.trim().to_owned();
                if key.starts_with("on") {
                    return Err(format!("the SVG has an event handler `{key}`"));
                }
                if (key == "href" || key == "src")
                    && !value.starts_with('#')
                    && !value.starts_with("data:")
                {
                    return Err(format!("the SVG refers to another file (`{value}`)"));
                }
            }
        }
        if let Event::DocType(_) = event {
            // Entities of a DTD can name other files; no picture needs one.
            return Err("the SVG has a document type declaration (`<!DOCTYPE`)".into());
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 || !root_seen {
        return Err("the SVG is not well-formed XML".into());
    }
    if text.contains("@import") || text.contains("url(http") || text.contains("url(\"http") {
        return Err("the SVG's style refers to another file".into());
    }
    Ok(())
}

/// The root `<svg>`'s size must be one a renderer can draw: `width` and `height`, when
/// given, positive lengths; `viewBox`, when given, four numbers with a positive width and
/// height (Typst refuses the picture otherwise, where the EPUB's reader would show nothing).
fn check_svg_size(svg: &quick_xml::events::BytesStart<'_>) -> Result<(), String> {
    let attr = |name: &str| {
        svg.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref().eq_ignore_ascii_case(name))
            .map(|a| a.value.trim().to_owned())
    };
    let length = |v: &str| {
        let number = v.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '%');
        number
            .parse::<f64>()
            .is_ok_and(|n| n.is_finite() && n > 0.0)
    };
    let (width, height, view_box) = (attr("width"), attr("height"), attr("viewBox"));
    for (name, value) in [("width", &width), ("height", &height)] {
        if let Some(v) = value
            && !length(v)
        {
            return Err(format!("the SVG's {name} `{v}` is not a positive length"));
        }
    }
    if let Some(v) = &view_box {
        let numbers: Vec<f64> = v
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.parse().ok())
            .collect();
        let ok = numbers.len() == 4
            && numbers.iter().all(|n| n.is_finite())
            && numbers[2] > 0.0
            && numbers[3] > 0.0;
        if !ok {
            return Err(format!(
                "the SVG's viewBox `{v}` is not four numbers of a positive size"
            ));
        }
    }
    Ok(())
}

/// Resolves every image of the book. `article_paths[i]` is chapter `i`'s file on disk; only
/// pictures inside `root` (the book directory) are taken. A picture without alt text is a
/// warning, an error when `alt_required` (a PDF/UA book).
pub fn run(
    book: &mut Book,
    files: &crate::files::BookFiles,
    article_paths: &[PathBuf],
    sources: &[&str],
    alt_required: bool,
    diags: &mut Diagnostics,
) {
    let mut by_file: HashMap<PathBuf, usize> = HashMap::new();
    let mut checked_files: HashMap<PathBuf, Result<&'static str, String>> = HashMap::new();
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
                        diags.warning(&path, Some(img.pos), source, message);
                        img.source = ImageSource::Missing;
                        return;
                    }
                };
                if img.alt.trim().is_empty() && alt_required {
                    diags.error(
                        &path,
                        Some(img.pos),
                        source,
                        format!(
                            "image `{src}` has no alt text, which `[pdf] accessible` (PDF/UA) \
                             requires"
                        ),
                    );
                } else if img.alt.trim().is_empty() {
                    diags.warning(
                        &path,
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
                    let name =
                        format!("images/{}.{}", names.make(&stem, "image"), extension(media));
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
