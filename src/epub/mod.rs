//! EPUB writer, stage 6: the [`Loaded`] book → an EPUB 3.3 file (package document,
//! navigation, title page, chapters, colophon, pictures, fonts), written by lcbook itself so
//! that every byte is under its control.

mod nav;
mod ocf;
mod package;
mod pages;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::Error;
use crate::model::Entry;
use crate::text::media::MediaType;
use crate::transform::Loaded;
use crate::writer::xhtml::{self, Context};

pub use nav::{Node, outline};
pub use ocf::zip_time;

/// The built-in stylesheet.
pub const STYLESHEET: &str = include_str!("livre.css");

/// What the EPUB takes besides the loaded book (whose `epoch`, from `SOURCE_DATE_EPOCH` or
/// the newest article, gives `dcterms:modified` and the zip entries' time).
#[derive(Debug, Clone)]
pub struct Options {
    /// The cover's picture and its type: `[book] cover`, or the printed cover's front
    /// rendered by Typst.
    pub cover: Option<(PathBuf, MediaType)>,
}

/// A file of the container, in the book's order: to pack, or packed as soon as written.
enum File {
    Entry(ocf::Entry),
    Packed(ocf::Packed),
}

/// A font file to embed.
#[derive(Debug, Clone)]
pub(crate) struct Font {
    name: String,
    data: Vec<u8>,
    media_type: MediaType,
    face: Option<FontFace>,
}

#[derive(Debug, Clone)]
struct FontFace {
    family: String,
    weight: u16,
    italic: bool,
}

/// Builds the EPUB of the `loaded` book as bytes.
pub fn build(loaded: &Loaded, options: &Options) -> Result<Vec<u8>, Error> {
    let (book, settings, epoch) = (&loaded.book, &loaded.settings, loaded.epoch);
    let labels = settings.labels();
    let ctx = Context {
        lang: &settings.language,
        labels: &labels,
    };
    let time = zip_time(epoch);
    let mut entries: Vec<File> = Vec::new();
    let fallback = settings.config.epub.nnbsp_fallback;
    let text = |name: &str, s: String| ocf::Entry {
        name: name.to_owned(),
        data: if fallback && name.ends_with(".xhtml") {
            xhtml::nnbsp_fallback(&s).into_bytes()
        } else if fallback && (name.ends_with(".ncx") || name.ends_with(".opf")) {
            // Plain text: older readers show the NCX's contents and the package's title.
            s.replace('\u{202f}', "\u{a0}").into_bytes()
        } else {
            s.into_bytes()
        },
        compress: true,
    };

    let fonts = if settings.config.epub.embed_fonts {
        load_fonts(&settings.files, Path::new(crate::config::FONTS_DIR))?
    } else {
        Vec::new()
    };
    let mut css = STYLESHEET.to_owned();
    css.push_str(&font_faces(&fonts));
    if fallback {
        css.push_str(xhtml::NNBSP_FALLBACK_CSS);
    }
    if let Some(extra) = &settings.config.epub.stylesheet {
        let extra_css = settings
            .files
            .read_to_string(extra)
            .map_err(|e| Error::Io {
                path: settings.root.join(extra),
                source: e.into_io(),
            })?;
        css.push_str("\n/* ");
        css.push_str(&extra.display().to_string().replace("*/", "* /"));
        css.push_str(" */\n");
        css.push_str(&extra_css);
    }

    let cover = match &options.cover {
        Some((path, media)) => {
            // Checked when book.toml was read, or rendered by lcbook.
            let data = crate::files::read_regular(path).map_err(|e| Error::Io {
                path: path.clone(),
                source: e.into_io(),
            })?;
            let ext = media.extension();
            Some((format!("images/couverture.{ext}"), *media, data))
        }
        None => None,
    };

    let landmarks = nav::Landmarks {
        cover: cover.as_ref().map(|_| "text/couverture.xhtml".to_owned()),
        body: match book.entries.first() {
            Some(Entry::Part(p)) => format!("text/{}.xhtml", book.parts[*p].slug),
            Some(Entry::Chapter(c)) => format!("text/{}", xhtml::chapter_file(&book.chapters[*c])),
            None => "text/titre.xhtml".to_owned(),
        },
    };

    let mut documents: Vec<package::Document> = Vec::new();
    if let Some((name, _, _)) = &cover {
        entries.push(File::Entry(text(
            "EPUB/text/couverture.xhtml",
            pages::cover(&ctx, &book.title, name),
        )));
        documents.push(package::Document::new(
            "couverture",
            "text/couverture.xhtml",
        ));
    }
    entries.push(File::Entry(text(
        "EPUB/text/titre.xhtml",
        pages::title_page(&ctx, book),
    )));
    documents.push(package::Document::new("titre", "text/titre.xhtml"));
    let uid = settings.epub_identifier();
    // The chapters' documents, written and packed on every core (the text of each dropped as
    // soon as it is compressed), then placed in reading order; each says whether it holds
    // SVG. Meanwhile, the book's longest files (its contents, twice, and the colophon, each a
    // line per chapter) are written and packed too.
    type Chapters = Vec<Option<(bool, ocf::Packed)>>;
    let (docs, lists) = rayon::join(
        || -> zip::result::ZipResult<Chapters> {
            (0..book.chapters.len())
                .into_par_iter()
                .map(|i| {
                    let doc = xhtml::chapter(book, i, &ctx);
                    let svg = doc.contains("<svg");
                    let name = format!("EPUB/text/{}", xhtml::chapter_file(&book.chapters[i]));
                    Ok(Some((svg, text(&name, doc).pack(time)?)))
                })
                .collect()
        },
        || -> zip::result::ZipResult<[ocf::Packed; 3]> {
            let nav_doc = nav::nav_document(book, &ctx, &landmarks);
            let ncx = nav::ncx(book, &uid, &book.title, labels.colophon);
            let colophon = pages::colophon(&ctx, book, settings);
            Ok([
                text("EPUB/nav.xhtml", nav_doc).pack(time)?,
                text("EPUB/toc.ncx", ncx).pack(time)?,
                text("EPUB/text/colophon.xhtml", colophon).pack(time)?,
            ])
        },
    );
    let mut docs = docs.map_err(Error::Zip)?;
    let [nav_packed, ncx_packed, colophon_packed] = lists.map_err(Error::Zip)?;
    for entry in &book.entries {
        let indices: Vec<usize> = match entry {
            Entry::Part(p) => {
                let part = &book.parts[*p];
                let file = format!("text/{}.xhtml", part.slug);
                entries.push(File::Entry(text(
                    &format!("EPUB/{file}"),
                    pages::part(&ctx, &part.title, &part.display_title),
                )));
                documents.push(package::Document::new(&part.slug, &file));
                part.chapters.clone()
            }
            Entry::Chapter(c) => vec![*c],
        };
        for i in indices {
            let ch = &book.chapters[i];
            let file = format!("text/{}", xhtml::chapter_file(ch));
            let mut item = package::Document::new(&ch.slug, &file);
            match docs.get_mut(i).and_then(Option::take) {
                Some((svg, packed)) => {
                    item.svg = svg;
                    entries.push(File::Packed(packed));
                }
                None => entries.push(File::Entry(text(&format!("EPUB/{file}"), String::new()))),
            }
            documents.push(item);
        }
    }
    entries.push(File::Packed(colophon_packed));
    documents.push(package::Document::new("colophon", "text/colophon.xhtml"));

    let mut images: Vec<package::Asset> = book
        .resources
        .iter()
        .map(|r| package::Asset {
            href: r.name.clone(),
            media_type: r.media_type,
            cover: false,
        })
        .collect();
    let mut binary_entries = Vec::new();
    for r in &book.resources {
        let data = crate::files::read_regular(&r.source).map_err(|e| Error::Io {
            path: r.source.clone(),
            source: e.into_io(),
        })?;
        binary_entries.push(ocf::Entry {
            name: format!("EPUB/{}", r.name),
            data,
            compress: r.media_type.compressible(),
        });
    }
    if let Some((name, media, data)) = cover {
        images.push(package::Asset {
            href: name.clone(),
            media_type: media,
            cover: true,
        });
        binary_entries.push(ocf::Entry {
            name: format!("EPUB/{name}"),
            data,
            compress: media.compressible(),
        });
    }
    let font_assets: Vec<package::Asset> = fonts
        .iter()
        .map(|f| package::Asset {
            href: format!("fonts/{}", f.name),
            media_type: f.media_type,
            cover: false,
        })
        .collect();

    let opf = package::package_document(&package::Package {
        settings,
        book,
        labels: &labels,
        epoch,
        documents: &documents,
        images: &images,
        fonts: &font_assets,
    });

    let mut all = vec![
        File::Entry(text(
            "META-INF/container.xml",
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
             \x20 <rootfiles>\n    <rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n\
             \x20 </rootfiles>\n</container>\n"
                .to_owned(),
        )),
        File::Entry(text("EPUB/package.opf", opf)),
        File::Packed(nav_packed),
        File::Packed(ncx_packed),
        File::Entry(text("EPUB/css/livre.css", css)),
    ];
    for f in fonts {
        all.push(File::Entry(ocf::Entry {
            name: format!("EPUB/fonts/{}", f.name),
            data: f.data,
            compress: false,
        }));
    }
    binary_entries.sort_by(|a, b| a.name.cmp(&b.name));
    let all: Vec<File> = all
        .into_iter()
        .chain(entries)
        .chain(binary_entries.into_iter().map(File::Entry))
        .collect();
    let packed = all
        .into_par_iter()
        .map(|f| match f {
            File::Entry(e) => e.pack(time),
            File::Packed(p) => Ok(p),
        })
        .collect::<zip::result::ZipResult<Vec<_>>>()
        .map_err(Error::Zip)?;
    let cursor = std::io::Cursor::new(Vec::new());
    let written = ocf::write(cursor, &packed, time).map_err(Error::Zip)?;
    Ok(written.into_inner())
}

/// Reads the font files of `dir` (sorted), with their family, weight and style when the
/// font's own tables say them.
fn load_fonts(files: &crate::files::BookFiles, dir: &Path) -> Result<Vec<Font>, Error> {
    let mut out = Vec::new();
    let Ok(dir) = files.dir(dir) else {
        return Ok(out);
    };
    let Ok(read) = std::fs::read_dir(&dir) else {
        return Ok(out);
    };
    let mut paths: Vec<_> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut names = crate::text::slug::Slugs::default();
    for path in paths {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let Some(media_type) = MediaType::font(&ext) else {
            continue;
        };
        let data = files.read(&path).map_err(|e| Error::Io {
            path: path.clone(),
            source: e.into_io(),
        })?;
        let parsed = ttf_parser::Face::parse(&data, 0);
        let valid = match ext.as_str() {
            "woff" => data.starts_with(b"wOFF"),
            "woff2" => data.starts_with(b"wOF2"),
            _ => parsed.is_ok(),
        };
        if !valid {
            return Err(Error::Font { path });
        }
        let face = parsed.ok().and_then(|f| {
            let family = f
                .names()
                .into_iter()
                .filter(|n| {
                    n.name_id == ttf_parser::name_id::TYPOGRAPHIC_FAMILY
                        || n.name_id == ttf_parser::name_id::FAMILY
                })
                .filter(ttf_parser::name::Name::is_unicode)
                .find_map(|n| n.to_string())?;
            Some(FontFace {
                family,
                weight: f.weight().to_number(),
                italic: f.is_italic(),
            })
        });
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push(Font {
            name: format!("{}.{ext}", names.make(&stem, "police")),
            data,
            media_type,
            face,
        });
    }
    Ok(out)
}

/// `@font-face` rules for the embedded fonts, and the body's font family.
fn font_faces(fonts: &[Font]) -> String {
    let mut css = String::new();
    let mut family = None;
    for f in fonts {
        if let Some(face) = &f.face {
            css.push_str(&format!(
                "\n@font-face {{\n  font-family: \"{}\";\n  font-weight: {};\n  font-style: {};\n  src: url(\"../fonts/{}\");\n}}\n",
                face.family.replace('"', ""),
                face.weight,
                if face.italic { "italic" } else { "normal" },
                f.name
            ));
            family.get_or_insert(face.family.replace('"', ""));
        }
    }
    if let Some(fam) = family {
        css.push_str(&format!("\nbody {{ font-family: \"{fam}\", serif; }}\n"));
    }
    css
}
