//! Media types (a leaf every stage may use): what a file of the book is, from its content
//! for a picture (a `.jpg` that is a PNG is common on the web) or from its extension for a
//! font, and why a picture cannot go into a book.

/// The media type of a file lcbook puts into a book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaType {
    /// A PNG picture.
    Png,
    /// A JPEG picture.
    Jpeg,
    /// A GIF picture.
    Gif,
    /// A WebP picture.
    Webp,
    /// An SVG picture, self-contained.
    Svg,
    /// An OpenType font.
    Otf,
    /// A TrueType font.
    Ttf,
    /// A WOFF font.
    Woff,
    /// A WOFF 2 font.
    Woff2,
}

impl MediaType {
    /// The IANA name, as the EPUB's manifest writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaType::Png => "image/png",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Gif => "image/gif",
            MediaType::Webp => "image/webp",
            MediaType::Svg => "image/svg+xml",
            MediaType::Otf => "font/otf",
            MediaType::Ttf => "font/ttf",
            MediaType::Woff => "font/woff",
            MediaType::Woff2 => "font/woff2",
        }
    }

    /// The file extension lcbook gives a file of this type.
    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Png => "png",
            MediaType::Jpeg => "jpg",
            MediaType::Gif => "gif",
            MediaType::Webp => "webp",
            MediaType::Svg => "svg",
            MediaType::Otf => "otf",
            MediaType::Ttf => "ttf",
            MediaType::Woff => "woff",
            MediaType::Woff2 => "woff2",
        }
    }

    /// The font type of a file extension (`otf`, `TTF`…), if it names one.
    pub fn font(extension: &str) -> Option<MediaType> {
        match extension.to_ascii_lowercase().as_str() {
            "otf" => Some(MediaType::Otf),
            "ttf" => Some(MediaType::Ttf),
            "woff" => Some(MediaType::Woff),
            "woff2" => Some(MediaType::Woff2),
            _ => None,
        }
    }

    /// Whether deflating a file of this type is worth it: text is, compressed pictures and
    /// fonts are not.
    pub fn compressible(self) -> bool {
        self == MediaType::Svg
    }
}

impl std::fmt::Display for MediaType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The media type of a picture, from its content rather than its name (a `.jpg` that is a PNG
/// is common on the web), or why it cannot go into a book: not a picture, truncated, or an SVG
/// that is not self-contained. EPUBCheck rejects all of these.
pub fn check_picture(data: &[u8]) -> Result<MediaType, String> {
    let truncated = || "the file is truncated or damaged".to_owned();
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        return if data.len() >= 45 && data.ends_with(b"IEND\xaeB`\x82") {
            Ok(MediaType::Png)
        } else {
            Err(truncated())
        };
    }
    if data.starts_with(b"\xff\xd8\xff") {
        // Some writers pad after the end-of-image marker.
        let tail = &data[data.len().saturating_sub(64)..];
        return if tail.windows(2).any(|w| w == b"\xff\xd9") {
            Ok(MediaType::Jpeg)
        } else {
            Err(truncated())
        };
    }
    if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
        return if data.len() >= 14 && data.ends_with(b";") {
            Ok(MediaType::Gif)
        } else {
            Err(truncated())
        };
    }
    if data.len() >= 12 && data.starts_with(b"RIFF") && &data[8..12] == b"WEBP" {
        let size = u32::from_le_bytes([data[4], data[5], data[6], data[7]]) as usize;
        return if size + 8 == data.len() {
            Ok(MediaType::Webp)
        } else {
            Err(truncated())
        };
    }
    match std::str::from_utf8(data) {
        Ok(text) if text.contains("<svg") => check_svg(text).map(|()| MediaType::Svg),
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
