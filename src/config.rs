//! Stage 1, configuration: `book.toml` → [`Settings`]: a typed and validated description of the
//! book, resolved once and never changed. Unknown keys and bad values are reported with
//! `book.toml:line:col`.

use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Diagnostics, Pos};
use crate::files::BookFiles;
use crate::text::date::{parse_date, parse_month};
use crate::text::isbn::Isbn;

/// The name of the configuration file in a book directory.
pub const CONFIG_FILE: &str = "book.toml";

/// The book's fonts, for the PDF and (with `embed-fonts`) the EPUB.
pub const FONTS_DIR: &str = "fonts";

/// The whole of `book.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// `[book]`: metadata of the book.
    pub book: BookMeta,
    /// `[chapters]`: which articles, in which order.
    #[serde(default)]
    pub chapters: ChaptersConfig,
    /// `[epub]`: options of the EPUB writer.
    #[serde(default)]
    pub epub: EpubConfig,
    /// `[pdf]`: options of the printed book.
    #[serde(default)]
    pub pdf: PdfConfig,
    /// `[typography]`: the French rules.
    #[serde(default)]
    pub typography: TypographyConfig,
    /// `[print]`: what the printing of the pamphlet needs.
    #[serde(default)]
    pub print: PrintConfig,
    /// `[cover]`: the printed cover; when present and `[book] cover` gives no picture, the
    /// EPUB's cover is its front, rendered by Typst.
    pub cover: Option<CoverConfig>,
}

/// `[cover]`: what the printed cover says; the book's title, subtitle and publisher by
/// default.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CoverConfig {
    /// The title on the front and the spine.
    pub title: Option<String>,
    /// Under the title.
    pub subtitle: Option<String>,
    /// At the foot of the front and the back.
    pub publisher: Option<String>,
    /// The text of the back cover.
    pub back_text: Option<String>,
    /// A picture for the front, relative to the book directory (`[book] cover` by default).
    pub image: Option<PathBuf>,
    /// Thickness of a leaf of the paper, in millimetres, for the spine's width.
    pub paper_thickness: Option<f64>,
}

/// `[print]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PrintConfig {
    /// Also write the booklet: the pages imposed two-up for saddle stitching.
    #[serde(default)]
    pub booklet: bool,
    /// The sheet the booklet is printed on; the smallest that holds two pages by default.
    #[serde(default, deserialize_with = "any_case_option")]
    pub sheet: Option<Sheet>,
    /// Sheets per folded group (signature), for a book too thick to fold in one.
    pub signature: Option<u32>,
    /// Bleed around the trimmed page, in millimetres, for a print shop.
    #[serde(default)]
    pub bleed: f64,
    /// Crop marks at the corners of the trim, in the bleed.
    #[serde(default)]
    pub crop_marks: bool,
    /// Text in pure black ink (CMYK 0/0/0/100) rather than RGB black.
    #[serde(default)]
    pub cmyk_black: bool,
    /// A PDF/A-2a file, for archiving.
    #[serde(default)]
    pub pdf_a: bool,
    /// Creep compensation of the booklet, in millimetres: how far the innermost sheet's pages
    /// move toward the fold.
    #[serde(default)]
    pub creep: f64,
    /// Most sheets a saddle stitch takes in one fold; a thicker booklet needs `signature`.
    #[serde(default = "default_max_sheets")]
    pub max_sheets: u32,
    /// The printer's name and address, printed in the colophon (loi du 29 juillet 1881,
    /// art. 2).
    pub printer: Option<String>,
    /// The month the printing was finished (`YYYY-MM`), for the achevé d'imprimer, as
    /// written: read [`Settings::printed`].
    printed: Option<String>,
    /// The legal deposit's month (`YYYY-MM`), as written: read [`Settings::legal_deposit`].
    legal_deposit: Option<String>,
}

/// 16 sheets of 80 g/m² paper, 64 pages: what printers usually take in one saddle stitch.
pub const SADDLE_SHEETS: u32 = 16;

fn default_max_sheets() -> u32 {
    SADDLE_SHEETS
}

impl Default for PrintConfig {
    fn default() -> Self {
        PrintConfig {
            booklet: false,
            sheet: None,
            signature: None,
            bleed: 0.0,
            crop_marks: false,
            cmyk_black: false,
            pdf_a: false,
            creep: 0.0,
            max_sheets: SADDLE_SHEETS,
            printer: None,
            printed: None,
            legal_deposit: None,
        }
    }
}

/// `[print] sheet`: ISO sheets, landscape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sheet {
    /// 297 × 420 mm.
    A3,
    /// 210 × 297 mm.
    A4,
    /// 148 × 210 mm.
    A5,
}

impl Sheet {
    /// Width and height in millimetres, landscape.
    pub fn landscape_mm(self) -> (f64, f64) {
        match self {
            Sheet::A3 => (420.0, 297.0),
            Sheet::A4 => (297.0, 210.0),
            Sheet::A5 => (210.0, 148.0),
        }
    }
}

impl Config {
    /// The booklet's sheet: `[print] sheet`, else the smallest ISO sheet that holds two pages
    /// side by side; `None` when none does.
    pub fn booklet_sheet(&self) -> Option<(f64, f64)> {
        let (w, h) = self.pdf.page_mm();
        let holds = |(sw, sh): (f64, f64)| 2.0 * w <= sw + 0.01 && h <= sh + 0.01;
        match self.print.sheet {
            Some(s) => Some(s.landscape_mm()).filter(|d| holds(*d)),
            None => [Sheet::A5, Sheet::A4, Sheet::A3]
                .into_iter()
                .map(Sheet::landscape_mm)
                .find(|d| holds(*d)),
        }
    }
}

/// `[typography]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TypographyConfig {
    /// Apply the French rules; by default, when the book's language is French.
    pub french: Option<bool>,
    /// The space before a colon.
    #[serde(default, deserialize_with = "any_case")]
    pub colon_space: ColonSpace,
}

/// `[typography] colon-space`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColonSpace {
    /// U+00A0, the word-wide no-break space of the Imprimerie nationale.
    #[default]
    Nbsp,
    /// U+202F, the narrow one.
    Nnbsp,
}

/// `[book]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BookMeta {
    /// The book's title.
    pub title: String,
    /// An optional subtitle.
    pub subtitle: Option<String>,
    /// The book's authors; when empty, the articles' authors are used.
    #[serde(default)]
    pub authors: Vec<String>,
    /// The publisher.
    #[serde(default = "default_publisher")]
    pub publisher: String,
    /// BCP 47 language tag, as written: the rest of the program reads it checked and
    /// normalised, [`Settings::language`].
    #[serde(default = "default_language")]
    language: String,
    /// `urn:uuid:…` or `isbn:…`, as written: read [`Settings::identifier`], derived from the
    /// title when this is absent.
    identifier: Option<String>,
    /// The printed edition's ISBN, as written: read [`Settings::isbn`].
    isbn: Option<String>,
    /// Publication date of the book, `YYYY-MM-DD`, as written: read [`Settings::date`].
    date: Option<String>,
    /// A description (blurb).
    pub description: Option<String>,
    /// Rights statement.
    pub rights: Option<String>,
    /// Cover image, relative to the book directory.
    pub cover: Option<PathBuf>,
    /// Subjects (keywords).
    #[serde(default)]
    pub subjects: Vec<String>,
}

fn default_publisher() -> String {
    "La Commune".to_owned()
}

fn default_language() -> String {
    "fr".to_owned()
}

/// `[chapters]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ChaptersConfig {
    /// Directory of the articles, relative to the book directory, walked recursively.
    #[serde(default = "default_dir")]
    pub dir: PathBuf,
    /// Keep only articles whose front matter `category` is this.
    pub category: Option<String>,
    /// How chapters are ordered.
    #[serde(default, deserialize_with = "any_case")]
    pub order: Order,
    /// With `order = "list"`: the files, relative to `dir`.
    #[serde(default)]
    pub files: Vec<PathBuf>,
    /// Front-matter key whose value groups chapters into parts.
    #[serde(default = "default_part_key")]
    pub part_key: String,
}

impl Default for ChaptersConfig {
    fn default() -> Self {
        ChaptersConfig {
            dir: default_dir(),
            category: None,
            order: Order::default(),
            files: Vec::new(),
            part_key: default_part_key(),
        }
    }
}

fn default_dir() -> PathBuf {
    PathBuf::from("chapters")
}

fn default_part_key() -> String {
    "series".to_owned()
}

/// `[chapters] order`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Order {
    /// Publication date, then title; undated articles last.
    #[default]
    Date,
    /// Natural order of the paths relative to `dir` (`2-x` before `10-y`).
    Path,
    /// The order of `files`.
    List,
}

/// `[epub]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EpubConfig {
    /// Extra CSS appended to the built-in stylesheet, relative to the book directory.
    pub stylesheet: Option<PathBuf>,
    /// Embed the font files of `fonts/`.
    #[serde(default)]
    pub embed_fonts: bool,
    /// Write each narrow no-break space (U+202F) as a no-break space narrowed by CSS, for
    /// reading systems whose fonts lack U+202F.
    #[serde(default)]
    pub nnbsp_fallback: bool,
    /// The EPUB edition's own ISBN, as written: read [`Settings::epub_isbn`].
    isbn: Option<String>,
}

/// `[pdf]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PdfConfig {
    /// A Typst template replacing the built-in one, relative to the book directory.
    pub template: Option<PathBuf>,
    /// Page size (A5 when neither this nor `width` and `height` are set).
    #[serde(default, deserialize_with = "any_case_option")]
    pub paper: Option<Paper>,
    /// Page width in millimetres (with `height`, replaces `paper`).
    pub width: Option<f64>,
    /// Page height in millimetres.
    pub height: Option<f64>,
    /// Body text size in points.
    #[serde(default = "default_font_size")]
    pub font_size: f64,
    /// A PDF/UA-1 file: tagged for screen readers; every picture then needs its alt text.
    #[serde(default)]
    pub accessible: bool,
    /// Where chapters open: on a right-hand page, or on the next page.
    #[serde(default, deserialize_with = "any_case")]
    pub openings: Openings,
    /// A half-title page (the title alone) before the title page.
    #[serde(default = "yes")]
    pub half_title: bool,
    /// Where the table of contents stands.
    #[serde(default, deserialize_with = "any_case")]
    pub contents: Contents,
}

/// An enumerated value of `book.toml` in any case (`paper = "A5"`): its names are lower case
/// and none differs from another by case alone.
fn any_case<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde::de::IntoDeserializer;
    let written = String::deserialize(d)?;
    let lower: serde::de::value::StringDeserializer<D::Error> =
        written.to_lowercase().into_deserializer();
    T::deserialize(lower)
}

/// [`any_case`] for a value that may be left out.
fn any_case_option<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    any_case(d).map(Some)
}

fn yes() -> bool {
    true
}

/// `[pdf] openings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Openings {
    /// On a right-hand page, as books do: a blank page before some chapters.
    #[default]
    Right,
    /// On the next page, right or left, as pamphlets do to save paper.
    Any,
}

/// `[pdf] contents`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Contents {
    /// On its own right-hand page after the title page.
    #[default]
    Recto,
    /// On the back of the title page, as pamphlets do.
    TitleBack,
    /// No table of contents in the PDF.
    None,
}

impl Default for PdfConfig {
    fn default() -> Self {
        PdfConfig {
            template: None,
            paper: None,
            width: None,
            height: None,
            font_size: default_font_size(),
            accessible: false,
            openings: Openings::default(),
            half_title: true,
            contents: Contents::default(),
        }
    }
}

fn default_font_size() -> f64 {
    10.5
}

/// `[pdf] paper`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    /// 148 × 210 mm, the pamphlet.
    #[default]
    A5,
    /// 210 × 297 mm.
    A4,
    /// 105 × 148 mm.
    A6,
}

impl PdfConfig {
    /// The page size in millimetres.
    pub fn page_mm(&self) -> (f64, f64) {
        match (self.width, self.height) {
            (Some(w), Some(h)) => (w, h),
            _ => match self.paper.unwrap_or_default() {
                Paper::A5 => (148.0, 210.0),
                Paper::A4 => (210.0, 297.0),
                Paper::A6 => (105.0, 148.0),
            },
        }
    }
}

/// A book identifier, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identifier {
    /// A UUID, written `urn:uuid:…`.
    Uuid(uuid::Uuid),
    /// An ISBN.
    Isbn(Isbn),
}

impl Identifier {
    /// The identifier as written in `dc:identifier`.
    pub fn urn(&self) -> String {
        match self {
            Identifier::Uuid(u) => format!("urn:uuid:{u}"),
            Identifier::Isbn(i) => i.urn(),
        }
    }

    /// The identifier of a book without one: a UUIDv5 of its title, so that rebuilds, and
    /// readers' saved reading positions, keep it.
    pub fn from_title(title: &str) -> Self {
        let namespace = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"urn:lcbook:book-title");
        Identifier::Uuid(uuid::Uuid::new_v5(&namespace, title.as_bytes()))
    }

    /// Parses `urn:uuid:…` or `isbn:…` (also `urn:isbn:…`); hyphens and spaces in an ISBN are
    /// ignored, its check digit verified, an ISBN-10 converted to its ISBN-13.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Some(u) = text.strip_prefix("urn:uuid:") {
            return uuid::Uuid::parse_str(u)
                .map(Identifier::Uuid)
                .map_err(|e| format!("`{text}` is not a valid UUID: {e}"));
        }
        if !(text.starts_with("urn:isbn:") || text.starts_with("isbn:")) {
            return Err(format!(
                "identifier `{text}` must start with `urn:uuid:` or `isbn:`"
            ));
        }
        Isbn::parse(text)
            .map(Identifier::Isbn)
            .map_err(|e| e.to_string())
    }
}

/// Which typography rules the book asks for (`[typography]`, else its language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// For any language: curly quotes and apostrophes, ellipses, dashes.
    Basic,
    /// The basic rules, with guillemets for quotes, and the French spacing, numbers and
    /// superior letters.
    French(French),
}

/// What the French rules use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct French {
    /// The space before a colon: U+00A0 (the Imprimerie nationale's) or U+202F.
    pub colon: char,
}

impl Default for French {
    fn default() -> Self {
        French {
            colon: crate::text::NBSP,
        }
    }
}

/// The checked configuration, with everything a later stage needs resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The book directory.
    pub root: PathBuf,
    /// What of the book may be read.
    pub files: BookFiles,
    /// The raw configuration.
    pub config: Config,
    /// Validated identifier.
    pub identifier: Identifier,
    /// Validated book date.
    pub date: Option<jiff::civil::Date>,
    /// The printed edition's ISBN (`[book] isbn`, else an ISBN `[book] identifier`).
    pub isbn: Option<Isbn>,
    /// The EPUB edition's ISBN (`[epub] isbn`), its `dc:identifier`.
    pub epub_isbn: Option<Isbn>,
    /// The month the printing was finished (`[print] printed`), as its first day.
    pub printed: Option<jiff::civil::Date>,
    /// The legal deposit's month (`[print] legal-deposit`), as its first day.
    pub legal_deposit: Option<jiff::civil::Date>,
    /// The language tag, normalised (`fr-FR`).
    pub language: String,
    /// The cover picture and its media type, checked.
    pub cover: Option<(PathBuf, crate::text::media::MediaType)>,
    /// Where each key of `book.toml` is written, for later stages' diagnostics.
    pub positions: Positions,
}

/// Where the keys and `[chapters] files` entries of `book.toml` are written, from the TOML
/// parser's spans, and the file's text: for later stages' diagnostics about values TOML
/// itself accepted (a listed file that is missing, a category no article has).
#[derive(Debug, Clone, Default)]
pub struct Positions {
    /// The text of `book.toml`, for the excerpt under a diagnostic.
    text: String,
    /// Each key of the root and of its tables, dotted (`book.title`), at the key's first
    /// character.
    keys: Vec<(String, Pos)>,
    /// Each entry of `[chapters] files`, at the first character inside its quotes.
    files: Vec<Pos>,
}

impl Positions {
    /// The positions of `doc`, the parse of `text`.
    fn new(text: &str, doc: &toml::de::DeTable<'_>) -> Self {
        let mut keys = Vec::new();
        let mut files = Vec::new();
        for (table, value) in doc {
            let name = table.get_ref().as_ref();
            keys.push((name.to_owned(), Pos::of_offset(text, table.span().start)));
            let toml::de::DeValue::Table(t) = value.get_ref() else {
                continue;
            };
            for (key, value) in t {
                let kname = key.get_ref().as_ref();
                keys.push((
                    format!("{name}.{kname}"),
                    Pos::of_offset(text, key.span().start),
                ));
                if let ("chapters", "files", toml::de::DeValue::Array(entries)) =
                    (name, kname, value.get_ref())
                {
                    files = entries
                        .iter()
                        .map(|e| Pos::of_offset(text, inside_quotes(text, e.span())))
                        .collect();
                }
            }
        }
        Positions {
            text: text.to_owned(),
            keys,
            files,
        }
    }

    /// The text of `book.toml`.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where the key `dotted` (`book.title`, or a table: `book`) is written, if it is.
    pub fn key(&self, dotted: &str) -> Option<Pos> {
        self.keys
            .iter()
            .find(|(k, _)| k == dotted)
            .map(|(_, pos)| *pos)
    }

    /// Where the `i`th (from 0) entry of `[chapters] files` is written.
    pub fn file_entry(&self, i: usize) -> Option<Pos> {
        self.files.get(i).copied()
    }
}

/// The offset of a string value's first character: past its opening quote (or the three of
/// a multi-line string), so that a diagnostic points at the text itself.
fn inside_quotes(text: &str, span: std::ops::Range<usize>) -> usize {
    let value = text.get(span.clone()).unwrap_or_default();
    let quotes = value.len() - value.trim_start_matches(['"', '\'']).len();
    span.start + quotes.min(3)
}

impl Settings {
    /// Whether the book's language is French (`fr`, `fr-FR`, `fr-CA`…).
    pub fn is_french(&self) -> bool {
        primary_subtag(&self.language) == "fr"
    }

    /// The words lcbook adds to the book, in its language, spaced by its typography rules.
    pub fn labels(&self) -> crate::locale::Labels {
        let labels = crate::locale::Labels::for_language(&self.language);
        match self.typography() {
            Rules::French(f) => labels.with_colon_space(f.colon),
            Rules::Basic => labels,
        }
    }

    /// The typography rules to apply: the French ones when `[typography] french` says so, or
    /// when it is unset and the book is in French; the basic ones otherwise.
    pub fn typography(&self) -> Rules {
        use crate::text::{NBSP, NNBSP};
        let t = &self.config.typography;
        if t.french.unwrap_or_else(|| self.is_french()) {
            Rules::French(French {
                colon: match t.colon_space {
                    ColonSpace::Nbsp => NBSP,
                    ColonSpace::Nnbsp => NNBSP,
                },
            })
        } else {
            Rules::Basic
        }
    }

    /// The EPUB's `dc:identifier`: its own ISBN, else `[book] identifier`, else the UUID made
    /// from the title (never the printed book's ISBN: each edition has its own).
    pub fn epub_identifier(&self) -> String {
        match (&self.epub_isbn, &self.identifier) {
            (Some(isbn), _) => isbn.urn(),
            (None, Identifier::Isbn(i))
                if self.isbn == Some(*i) && self.config.book.isbn.is_some() =>
            {
                Identifier::from_title(&self.config.book.title).urn()
            }
            (None, id) => id.urn(),
        }
    }

    /// The articles' directory, absolute: the book's files are resolved from the book's root
    /// whatever the working directory (`lcbook epub livres/brochure`), links and listed files
    /// included.
    pub fn chapters_dir(&self) -> PathBuf {
        self.files.root().join(&self.config.chapters.dir)
    }
}

fn primary_subtag(tag: &str) -> String {
    tag.split('-').next().unwrap_or("").to_ascii_lowercase()
}

/// Checks a BCP 47 tag's shape: letters and digits in subtags of 1 to 8, the first 2 to 3 (or
/// 5 to 8) letters. Normalises case the usual way (`fr-FR`, `zh-Hant`).
fn normalise_language(tag: &str) -> Option<String> {
    let parts: Vec<&str> = tag.trim().split(['-', '_']).collect();
    let first = parts.first()?;
    if !(2..=8).contains(&first.len())
        || first.len() == 4
        || !first.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let mut out = vec![first.to_ascii_lowercase()];
    for p in &parts[1..] {
        if p.is_empty() || p.len() > 8 || !p.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        out.push(match p.len() {
            2 => p.to_ascii_uppercase(),
            4 => {
                let mut s = p[..1].to_ascii_uppercase();
                s.push_str(&p[1..].to_ascii_lowercase());
                s
            }
            _ => p.to_ascii_lowercase(),
        });
    }
    Some(out.join("-"))
}

/// Reads and checks `book.toml` text, for `purpose`. `path` is how the file is named in
/// diagnostics.
pub fn parse(
    root: &Path,
    files: &BookFiles,
    path: &Path,
    text: &str,
    purpose: Purpose,
    diags: &mut Diagnostics,
) -> Option<Settings> {
    // Parsed as a document first for the spans; a syntax error is left to the typed parse,
    // whose message and position are the same.
    let doc = toml::de::DeTable::parse(text).ok();
    // Every problem in one run: each key at fault (unknown, or of a wrong value) is reported,
    // then blanked out of a copy of the text, and the copy read again, until it reads.
    let mut blanked = text.to_owned();
    let mut faulty = false;
    // The keys a misspelt key was taken for: not reported missing as well.
    let mut meant = Vec::new();
    if let Some(doc) = &doc {
        let (spans, hinted) = report_unknown_keys(path, text, doc.get_ref(), diags);
        for span in spans {
            blank(&mut blanked, span);
            faulty = true;
        }
        meant = hinted;
    }
    let doc_ref = doc.as_ref().map(toml::Spanned::get_ref);
    let config = typed(path, text, doc_ref, &mut blanked, meant, diags);
    let config = match config {
        Typed::Read(c) => c,
        Typed::Repaired(c) => {
            faulty = true;
            c
        }
        Typed::Failed => return None,
    };
    let positions = doc
        .map(|d| Positions::new(text, d.get_ref()))
        .unwrap_or_default();
    let mut check = Checker {
        path,
        text,
        positions: &positions,
        diags,
        ok: !faulty,
    };
    let (identifier, date, language, cover) = check_book(&mut check, files, &config.book);
    check_chapters(&mut check, files, &config.chapters, purpose);
    check_epub(&mut check, root, files, &config.epub);
    check_pdf(&mut check, files, &config.pdf);
    let (isbn, epub_isbn) = check_isbns(&mut check, &config, &identifier);
    let (printed, legal_deposit) = check_print(&mut check, &config);
    if let Some(printed_cover) = &config.cover {
        check_cover(&mut check, files, printed_cover);
    }
    check_fonts(&mut check, files);
    check.ok.then(|| Settings {
        root: root.to_owned(),
        files: files.clone(),
        config,
        identifier,
        date,
        isbn,
        epub_isbn,
        printed,
        legal_deposit,
        language,
        cover,
        positions,
    })
}

/// What reading `book.toml` as the typed [`Config`] gave.
enum Typed {
    /// The configuration, every value right.
    Read(Config),
    /// The configuration with the keys at fault left out (at their defaults), each reported:
    /// for the checks of the rest; the book is not built.
    Repaired(Config),
    /// Nothing to check further (a syntax error, a required key missing).
    Failed,
}

/// `book.toml` as the typed [`Config`]: serde's complaint is reported where TOML puts it, the
/// key at fault blanked out of `blanked` (a copy of `text` of the same length) and the copy
/// read again, so that every wrong value is reported in one run.
fn typed(
    path: &Path,
    text: &str,
    doc: Option<&toml::de::DeTable<'_>>,
    blanked: &mut String,
    mut left_out: Vec<String>,
    diags: &mut Diagnostics,
) -> Typed {
    loop {
        let e = match toml::from_str::<Config>(blanked) {
            Ok(c) if blanked.as_str() == text => return Typed::Read(c),
            Ok(c) => return Typed::Repaired(c),
            Err(e) => e,
        };
        let msg = e.message().trim();
        if let Some(field) = msg.strip_prefix("missing field ") {
            // A key blanked for its wrong value, or misspelt, is not missing too.
            if !left_out.iter().any(|k| field.trim_matches('`') == k) {
                let pos = e.span().map(|s| Pos::of_offset(text, s.start));
                diags.error(
                    path,
                    pos,
                    Some(text),
                    format!("missing required key {field}"),
                );
            }
            return Typed::Failed;
        }
        let pos = e.span().map(|s| Pos::of_offset(text, s.start));
        diags.error(path, pos, Some(text), msg.to_owned());
        let item = e
            .span()
            .zip(doc)
            .and_then(|(span, doc)| item_at(doc, span.start));
        match item {
            Some((name, span)) if !left_out.contains(&name) => {
                blank(blanked, span);
                left_out.push(name);
            }
            _ => return Typed::Failed,
        }
    }
}

/// The key (its name) and the span from the key to the end of its value, of the key/value of
/// `doc` written at `offset`.
fn item_at(doc: &toml::de::DeTable<'_>, offset: usize) -> Option<(String, std::ops::Range<usize>)> {
    for (table, value) in doc {
        let toml::de::DeValue::Table(t) = value.get_ref() else {
            let span = table.span().start..value.span().end;
            if span.contains(&offset) {
                return Some((table.get_ref().as_ref().to_owned(), span));
            }
            continue;
        };
        for (key, value) in t {
            let span = key.span().start..value.span().end;
            if span.contains(&offset) {
                return Some((key.get_ref().as_ref().to_owned(), span));
            }
        }
    }
    None
}

/// Blanks `span` of `text` out with spaces, byte for byte (line ends kept): the offsets of
/// the rest stay those of the file.
fn blank(text: &mut String, span: std::ops::Range<usize>) {
    let bytes: Vec<u8> = text
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            if span.contains(&i) && b != b'\n' {
                b' '
            } else {
                b
            }
        })
        .collect();
    // Only whole characters are in a span TOML gives, and spaces are ASCII: still UTF-8.
    if let Ok(t) = String::from_utf8(bytes) {
        *text = t;
    }
}

/// Reports the problems of values TOML accepted, each at its key, and remembers whether there
/// was an error.
struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    positions: &'a Positions,
    diags: &'a mut Diagnostics,
    ok: bool,
}

impl Checker<'_> {
    /// An error at `pos` of `book.toml`.
    fn error_at(&mut self, pos: Option<Pos>, message: String) {
        self.diags.error(self.path, pos, Some(self.text), message);
        self.ok = false;
    }

    /// An error at the key `dotted` (`pdf.width`).
    fn error(&mut self, dotted: &str, message: String) {
        self.error_at(self.positions.key(dotted), message);
    }

    /// A warning at the key `dotted`.
    fn warning(&mut self, dotted: &str, message: String) {
        self.diags.warning(
            self.path,
            self.positions.key(dotted),
            Some(self.text),
            message,
        );
    }

    /// An error at `dotted` unless `good`.
    fn require(&mut self, good: bool, dotted: &str, message: impl FnOnce() -> String) {
        if !good {
            self.error(dotted, message());
        }
    }

    /// An error at `dotted` unless `value`, when set, is within `range`; `unit` follows the
    /// bounds in the message.
    fn within(&mut self, dotted: &str, value: Option<f64>, range: RangeInclusive<f64>, unit: &str) {
        if let Some(v) = value
            && !range.contains(&v)
        {
            let key = dotted.rsplit_once('.').map_or(dotted, |(_, k)| k);
            let (low, high) = range.into_inner();
            self.error(
                dotted,
                format!("`{key}` must be between {low} and {high}{unit}"),
            );
        }
    }

    /// The value of `result`, or `None` with its error reported at `dotted`.
    fn parsed<T>(&mut self, dotted: &str, result: Result<T, String>) -> Option<T> {
        result.map_err(|message| self.error(dotted, message)).ok()
    }
}

/// `[book]`: its title checked; its identifier, date, language and cover picture (with its
/// media type) resolved.
fn check_book(
    check: &mut Checker<'_>,
    files: &BookFiles,
    book: &BookMeta,
) -> (
    Identifier,
    Option<jiff::civil::Date>,
    String,
    Option<(PathBuf, crate::text::media::MediaType)>,
) {
    check.require(!book.title.trim().is_empty(), "book.title", || {
        "`title` is empty".into()
    });
    let identifier = book
        .identifier
        .as_ref()
        .and_then(|id| check.parsed("book.identifier", Identifier::parse(id)))
        .unwrap_or_else(|| Identifier::from_title(&book.title));
    let date = book
        .date
        .as_ref()
        .and_then(|d| check.parsed("book.date", parse_date(d)));
    let language = normalise_language(&book.language).unwrap_or_else(|| {
        check.error(
            "book.language",
            format!("`{}` is not a BCP 47 language tag", book.language),
        );
        "und".to_owned()
    });
    let cover = book.cover.as_ref().and_then(|f| {
        let picture = files
            .file(f)
            .and_then(|file| Ok((files.read(&file)?, file)))
            .map_err(|e| e.to_string())
            .and_then(|(data, file)| {
                crate::text::media::check_picture(&data).map(|media| (file, media))
            });
        let picture = picture.map_err(|why| format!("cover `{}`: {why}", f.display()));
        check.parsed("book.cover", picture)
    });
    (identifier, date, language, cover)
}

/// `[chapters]`: a list order with its list, a part key, an existing directory.
fn check_chapters(
    check: &mut Checker<'_>,
    files: &BookFiles,
    chapters: &ChaptersConfig,
    purpose: Purpose,
) {
    let listed = chapters.order == Order::List;
    check.require(
        !listed || !chapters.files.is_empty(),
        "chapters.order",
        || "`order = \"list\"` needs a non-empty `files` list".into(),
    );
    if !listed && !chapters.files.is_empty() {
        check.warning(
            "chapters.files",
            "`files` is ignored unless `order = \"list\"`".into(),
        );
    }
    check.require(
        !chapters.part_key.trim().is_empty(),
        "chapters.part-key",
        || "`part-key` is empty".into(),
    );
    match files.dir(&chapters.dir) {
        // An import makes the directory.
        Err(e) if e.is_missing() && purpose == Purpose::Import => {}
        Err(e) => {
            match check.positions.key("chapters.dir") {
                Some(pos) => {
                    let message = format!(
                        "chapters directory `{}` {}",
                        chapters.dir.display(),
                        e.reason()
                    );
                    check.error_at(Some(pos), message);
                }
                // The default directory is written nowhere in book.toml: the directory itself
                // is named, not a line of the file.
                None => {
                    let hint = if e.is_missing() {
                        ": make it and put the articles in it (`lcbook import --into chapters \
                         PAGES` makes it and fills it)"
                    } else {
                        ""
                    };
                    let message = format!("the chapters directory {}{hint}", e.reason());
                    check.diags.error(&chapters.dir, None, None, message);
                    check.ok = false;
                }
            }
        }
        Ok(_) => {}
    }
}

/// `[epub]`: a readable, self-contained stylesheet; fonts to embed when asked to.
fn check_epub(check: &mut Checker<'_>, root: &Path, files: &BookFiles, epub: &EpubConfig) {
    if let Some(f) = &epub.stylesheet {
        let css = files
            .read_to_string(f)
            .map_err(|e| format!("stylesheet `{}`: {e}", f.display()));
        let own = css.and_then(|css| match css_outside_reference(&css) {
            None => Ok(()),
            Some(why) => Err(format!(
                "stylesheet `{}` {why}: a book's stylesheet must be self-contained",
                f.display()
            )),
        });
        check.parsed("epub.stylesheet", own);
    }
    if epub.embed_fonts && !has_fonts(&root.join(FONTS_DIR)) {
        check.warning(
            "epub.embed-fonts",
            "`embed-fonts` is set but `fonts/` holds no .otf, .ttf, .woff or .woff2 file".into(),
        );
    }
}

/// `[pdf]`: a page size of reasonable measures, a readable template.
fn check_pdf(check: &mut Checker<'_>, files: &BookFiles, pdf: &PdfConfig) {
    if pdf.width.is_some() != pdf.height.is_some() {
        let key = if pdf.width.is_some() {
            "pdf.width"
        } else {
            "pdf.height"
        };
        check.error(key, "`width` and `height` go together".into());
    }
    check.within("pdf.width", pdf.width, 90.0..=1000.0, "");
    check.within("pdf.height", pdf.height, 90.0..=1000.0, "");
    check.within("pdf.font-size", Some(pdf.font_size), 5.0..=30.0, "");
    if pdf.paper.is_some() && pdf.width.is_some() && pdf.height.is_some() {
        check.warning(
            "pdf.paper",
            "`paper` is ignored: `width` and `height` give the page size".into(),
        );
    }
    if let Some(t) = &pdf.template
        && let Err(e) = files.read_to_string(t)
    {
        check.error(
            "pdf.template",
            format!("template `{}` {}", t.display(), e.reason()),
        );
    }
}

/// `[book] isbn` and `[epub] isbn`: each edition's ISBN, checked; an ISBN `[book] identifier`
/// is the printed edition's when `[book] isbn` is not given.
fn check_isbns(
    check: &mut Checker<'_>,
    config: &Config,
    identifier: &Identifier,
) -> (Option<Isbn>, Option<Isbn>) {
    let mut read = |dotted: &str, written: &Option<String>| {
        let isbn = written
            .as_ref()
            .and_then(|w| check.parsed(dotted, Isbn::parse(w).map_err(|e| e.to_string())))?;
        if isbn.hyphenated().is_none() {
            check.warning(
                dotted,
                format!(
                    "ISBN {} is in no range the International ISBN Agency had given out by \
                     November 2026: it is printed without hyphens; check it with your ISBN agency",
                    isbn.digits()
                ),
            );
        }
        Some(isbn)
    };
    let print = read("book.isbn", &config.book.isbn);
    let epub = read("epub.isbn", &config.epub.isbn);
    if let (Some(p), Some(e)) = (&print, &epub)
        && p == e
    {
        check.error(
            "epub.isbn",
            "the EPUB's ISBN is the printed book's: each edition has its own ISBN (leave \
             `[epub] isbn` out if the EPUB has none)"
                .into(),
        );
    }
    if epub.is_some() && config.book.identifier.is_some() {
        check.warning(
            "book.identifier",
            "`identifier` is not used: the EPUB's identifier is `[epub] isbn`".into(),
        );
    }
    let print = print.or(match identifier {
        Identifier::Isbn(i) if config.book.identifier.is_some() => Some(*i),
        _ => None,
    });
    (print, epub)
}

/// `[print]`: measures a print shop can use, options that go together, a sheet that holds
/// two of the book's pages; the months of the legal mentions.
fn check_print(
    check: &mut Checker<'_>,
    config: &Config,
) -> (Option<jiff::civil::Date>, Option<jiff::civil::Date>) {
    let print = &config.print;
    let printed = print
        .printed
        .as_ref()
        .and_then(|m| check.parsed("print.printed", parse_month(m)));
    let legal_deposit = print
        .legal_deposit
        .as_ref()
        .and_then(|m| check.parsed("print.legal-deposit", parse_month(m)));
    check.require(
        print.printer.as_ref().is_none_or(|p| !p.trim().is_empty()),
        "print.printer",
        || "`printer` is empty: give the printer's name and address".into(),
    );
    check.require(
        print.printed.is_none() || print.printer.is_some(),
        "print.printed",
        || "`printed` dates the achevé d'imprimer, which names the printer: add `printer`".into(),
    );
    check.within(
        "print.max-sheets",
        Some(f64::from(print.max_sheets)),
        1.0..=64.0,
        " (sheets; 16 of 80 g/m² paper is usual)",
    );
    let mm = " (millimetres; 3 is usual)";
    check.within("print.bleed", Some(print.bleed), 0.0..=20.0, mm);
    let mm = " (millimetres; a few tenths for a thin booklet)";
    check.within("print.creep", Some(print.creep), 0.0..=5.0, mm);
    check.require(
        !(print.crop_marks && print.bleed < 2.0),
        "print.crop-marks",
        || {
            "`crop-marks` are drawn in the bleed, which must be 2 millimetres at least (3 is usual)"
                .into()
        },
    );
    check.require(
        !(print.cmyk_black && print.pdf_a),
        "print.cmyk-black",
        || {
            "`cmyk-black` and `pdf-a` cannot go together: PDF/A needs an output intent for CMYK \
         colours, which Typst 0.15.1 does not write; keep one of them"
                .into()
        },
    );
    check.require(print.signature != Some(0), "print.signature", || {
        "`signature` is a number of sheets: 1 or more".into()
    });
    let (w, h) = config.pdf.page_mm();
    let fits = config.booklet_sheet().is_some();
    check.require(
        !print.booklet || print.sheet.is_some() || fits,
        "print.booklet",
        || format!("no sheet up to A3 holds two pages of {w} × {h} mm side by side"),
    );
    check.require(print.sheet.is_none() || fits, "print.sheet", || {
        format!("the sheet cannot hold two pages of {w} × {h} mm side by side")
    });
    (printed, legal_deposit)
}

/// `[cover]`: a paper of a real thickness, a picture that is one.
fn check_cover(check: &mut Checker<'_>, files: &BookFiles, cover: &CoverConfig) {
    let mm = " (millimetres a leaf; 0.1 for 80 g/m²)";
    check.within(
        "cover.paper-thickness",
        cover.paper_thickness,
        0.02..=1.0,
        mm,
    );
    // Checked as `[book] cover` is: by its content, before Typst meets it.
    if let Some(image) = &cover.image {
        let why = match files.read(image) {
            Err(e) => Some(e.to_string()),
            Ok(data) => crate::text::media::check_picture(&data).err(),
        };
        if let Some(why) = why {
            check.error(
                "cover.image",
                format!("cover image `{}`: {why}", image.display()),
            );
        }
    }
}

/// `fonts/`: when there, each font the book's own (Typst reads every font of the directory).
fn check_fonts(check: &mut Checker<'_>, files: &BookFiles) {
    let dir = match files.dir(Path::new(FONTS_DIR)) {
        Ok(dir) => dir,
        Err(e) if e.is_missing() => return,
        Err(e) => {
            let message = format!("the fonts directory {e}");
            check.diags.error(Path::new(FONTS_DIR), None, None, message);
            check.ok = false;
            return;
        }
    };
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map(|r| r.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    for font in entries {
        if let Err(e @ crate::files::Refused::Outside { .. }) = files.resolve(&font) {
            let name = font.file_name().map(PathBuf::from).unwrap_or_default();
            let shown = Path::new(FONTS_DIR).join(name);
            check.diags.error(&shown, None, None, format!("{e}"));
            check.ok = false;
        }
    }
}

/// Why a stylesheet cannot go into a book as it is: it imports another stylesheet or refers
/// to a file lcbook does not copy (only `data:` URLs are self-contained).
fn css_outside_reference(css: &str) -> Option<String> {
    if css.contains("@import") {
        return Some("imports another stylesheet (`@import`)".into());
    }
    let mut rest = css;
    while let Some(i) = rest.find("url(") {
        let after = rest[i + 4..].trim_start().trim_start_matches(['"', '\'']);
        if !after.starts_with("data:") {
            let target: String = after
                .chars()
                .take_while(|c| !matches!(c, ')' | '"' | '\''))
                .collect();
            return Some(format!("refers to `{}`", target.trim()));
        }
        rest = &rest[i + 4..];
    }
    None
}

fn has_fonts(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.filter_map(Result::ok).any(|e| {
            e.path()
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| {
                    matches!(
                        x.to_ascii_lowercase().as_str(),
                        "otf" | "ttf" | "woff" | "woff2"
                    )
                })
        })
    })
}

/// The keys of each table of `book.toml`, as serde's derive knows them: the fields of
/// [`Config`], each with the fields of its own struct. For reporting every unknown key at once
/// (serde stops at the first) with the nearest known one.
pub fn known_keys() -> Vec<(&'static str, &'static [&'static str])> {
    fields_of::<Config>(None)
        .iter()
        .map(|table| (*table, fields_of::<Config>(Some(table))))
        .collect()
}

/// The field names of `T` (a struct deriving `Deserialize`), or with `field`, those of the
/// struct that field holds (empty when it holds no struct).
fn fields_of<T: serde::de::DeserializeOwned>(
    field: Option<&'static str>,
) -> &'static [&'static str] {
    let mut found: &'static [&'static str] = &[];
    // The deserializer fails by design once it has recorded the names: there is no value to
    // build, only the names the derive hands over.
    let _ = T::deserialize(FieldNames {
        field,
        found: &mut found,
    });
    found
}

/// A deserializer holding no data that records the field names a derived `Deserialize` gives
/// to `deserialize_struct`, then fails. With `field`, it offers that one key instead, so that
/// what is recorded is the fields of the key's value.
struct FieldNames<'a> {
    field: Option<&'static str>,
    found: &'a mut &'static [&'static str],
}

impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("not a struct"))
    }

    // `Option<CoverConfig>` is a table too.
    fn deserialize_option<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.field {
            None => {
                *self.found = fields;
                Err(serde::de::Error::custom("recorded"))
            }
            Some(field) => visitor.visit_map(OneKey {
                key: Some(field),
                found: self.found,
            }),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// The map of a struct with one key, whose value records its own struct's field names.
struct OneKey<'a> {
    key: Option<&'static str>,
    found: &'a mut &'static [&'static str],
}

impl<'de> serde::de::MapAccess<'de> for OneKey<'_> {
    type Error = serde::de::value::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        self.key
            .take()
            .map(|k| seed.deserialize(serde::de::value::StrDeserializer::new(k)))
            .transpose()
    }

    fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        seed.deserialize(FieldNames {
            field: None,
            found: &mut *self.found,
        })
    }
}

/// Reports every unknown table and key of `book.toml` with its position and the nearest
/// known name. Returns the spans to leave out (each unknown key with its value, each unknown
/// table with its header and keys) and the names offered instead. Syntax errors are left to
/// the typed parse.
fn report_unknown_keys(
    path: &Path,
    text: &str,
    doc: &toml::de::DeTable<'_>,
    diags: &mut Diagnostics,
) -> (Vec<std::ops::Range<usize>>, Vec<String>) {
    let mut spans = Vec::new();
    let mut hinted = Vec::new();
    let mut unknown = |span: std::ops::Range<usize>, what: String, name: &str, known: &[&str]| {
        let near = known
            .iter()
            .map(|k| (strsim::levenshtein(k, name), *k))
            .filter(|(d, _)| *d <= 2)
            .min();
        hinted.extend(near.map(|(_, k)| k.to_owned()));
        let hint = near.map_or_else(String::new, |(_, k)| format!("; did you mean `{k}`?"));
        diags.error(
            path,
            Some(Pos::of_offset(text, span.start)),
            Some(text),
            format!("{what}{hint}"),
        );
    };
    let known = known_keys();
    let tables: Vec<&str> = known.iter().map(|(t, _)| *t).collect();
    for (key, value) in doc {
        let name = key.get_ref().as_ref();
        let Some((_, keys)) = known.iter().find(|(t, _)| *t == name) else {
            unknown(
                key.span(),
                format!("unknown table `[{name}]`"),
                name,
                &tables,
            );
            // The header's line, and what the table holds.
            let start = text[..key.span().start].rfind('\n').map_or(0, |i| i + 1);
            let end = text[key.span().end..]
                .find('\n')
                .map_or(text.len(), |i| key.span().end + i);
            spans.push(start..end);
            if let toml::de::DeValue::Table(t) = value.get_ref() {
                spans.extend(t.iter().map(|(k, v)| k.span().start..v.span().end));
            } else {
                spans.push(key.span().start..value.span().end);
            }
            continue;
        };
        if let toml::de::DeValue::Table(t) = value.get_ref() {
            for (k, v) in t {
                let kname = k.get_ref().as_ref();
                if !keys.contains(&kname) {
                    unknown(
                        k.span(),
                        format!("unknown key `{kname}` in `[{name}]`"),
                        kname,
                        keys,
                    );
                    spans.push(k.span().start..v.span().end);
                }
            }
        }
    }
    (spans, hinted)
}

/// What `book.toml` is read for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Building or checking the book: its chapters directory must be there.
    Build,
    /// Importing pages into it: the chapters directory may be still to make.
    Import,
}

/// Stage 1: reads and checks `book.toml` of the book in `root`: the settings and the warnings
/// found. `allow_outside` lets the book name files outside its
/// directory.
pub fn read(root: &Path, allow_outside: bool) -> Result<(Settings, Diagnostics), crate::Error> {
    read_for(root, allow_outside, Purpose::Build)
}

/// [`read`] for a [`Purpose`].
pub fn read_for(
    root: &Path,
    allow_outside: bool,
    purpose: Purpose,
) -> Result<(Settings, Diagnostics), crate::Error> {
    let mut diags = Diagnostics::new();
    if !root.is_dir() {
        return Err(crate::Error::NoBookDir {
            path: root.to_owned(),
        });
    }
    let files = BookFiles::new(root, allow_outside).map_err(|source| crate::Error::Io {
        path: root.to_owned(),
        source,
    })?;
    let config_path = root.join(CONFIG_FILE);
    let shown_config = Path::new(CONFIG_FILE);
    let bytes = match files.read(Path::new(CONFIG_FILE)) {
        Ok(b) => b,
        Err(e) if e.is_missing() => {
            return Err(crate::Error::NoConfig {
                path: root.to_owned(),
            });
        }
        Err(crate::files::Refused::Io(source)) => {
            return Err(crate::Error::Io {
                path: config_path,
                source,
            });
        }
        Err(refused) => {
            diags.error(shown_config, None, None, refused.to_string());
            return Err(crate::Error::Invalid(diags));
        }
    };
    let config_text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            diags.error(
                shown_config,
                Some(Pos::of_offset(&prefix, valid)),
                Some(&lossy),
                "invalid UTF-8: book.toml must be saved as UTF-8".into(),
            );
            return Err(crate::Error::Invalid(diags));
        }
    };
    let Some(settings) = parse(
        root,
        &files,
        shown_config,
        &config_text,
        purpose,
        &mut diags,
    ) else {
        return Err(crate::Error::Invalid(diags));
    };
    Ok((settings, diags))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of a test book: its name and content.
    type BookFile = (&'static str, &'static [u8]);

    /// The first line of each diagnostic `parse` gives for `toml` in a book directory holding
    /// `files` (and an empty `chapters/` unless `no_chapters`).
    fn problems(toml: &str, files: &[BookFile], no_chapters: bool) -> Vec<String> {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let root = dir.path();
        if !no_chapters {
            std::fs::create_dir(root.join("chapters")).expect("chapters/");
        }
        for (name, data) in files {
            std::fs::write(root.join(name), data).expect("a book file");
        }
        let book_files = BookFiles::new(root, false).expect("the book directory");
        let mut diags = Diagnostics::new();
        parse(
            root,
            &book_files,
            Path::new("book.toml"),
            toml,
            Purpose::Build,
            &mut diags,
        );
        diags
            .sorted()
            .iter()
            .map(|d| d.to_string().lines().next().unwrap_or_default().to_owned())
            .collect()
    }

    // Every check of `parse` with the position it reports, so that how positions are found
    // may change but not what they are.
    #[test]
    fn every_check_is_located() {
        let cases: &[(&str, &[BookFile], bool, &[&str])] = &[
            (
                "[boook]\n[book]\ntitel = \"x\"\n[pdf]\n  widht = 3\n",
                &[],
                false,
                &[
                    "book.toml:1:2: error: unknown table `[boook]`; did you mean `book`?",
                    "book.toml:3:1: error: unknown key `titel` in `[book]`; did you mean `title`?",
                    "book.toml:5:3: error: unknown key `widht` in `[pdf]`; did you mean `width`?",
                ],
            ),
            (
                "[book]\n  title = \" \"\nidentifier = \"foo:bar\"\ndate = \"hier\"\nlanguage = \"français\"\n",
                &[],
                false,
                &[
                    "book.toml:2:3: error: `title` is empty",
                    "book.toml:3:1: error: identifier `foo:bar` must start with `urn:uuid:` or `isbn:`",
                    "book.toml:4:1: error: `hier` is not a date of the form YYYY-MM-DD",
                    "book.toml:5:1: error: `français` is not a BCP 47 language tag",
                ],
            ),
            (
                "[book]\ntitle = \"T\"\n[chapters]\norder = \"list\"\npart-key = \"\"\n",
                &[],
                false,
                &[
                    "book.toml:4:1: error: `order = \"list\"` needs a non-empty `files` list",
                    "book.toml:5:1: error: `part-key` is empty",
                ],
            ),
            (
                "[book]\ntitle = \"T\"\n[chapters]\nfiles = [\"a.md\"]\ndir = \"articles\"\n",
                &[],
                false,
                &[
                    "book.toml:4:1: warning: `files` is ignored unless `order = \"list\"`",
                    "book.toml:5:1: error: chapters directory `articles` does not exist",
                ],
            ),
            (
                "[book]\ntitle = \"T\"\n",
                &[],
                true,
                &[
                    "chapters: error: the chapters directory does not exist: make it and put the \
                     articles in it (`lcbook import --into chapters PAGES` makes it and fills it)",
                ],
            ),
            (
                "[book]\ntitle = \"T\"\ncover = \"absent.png\"\n[epub]\nstylesheet = \"absent.css\"\n",
                &[],
                false,
                &[
                    "book.toml:3:1: error: cover `absent.png`: No such file or directory (os error 2)",
                    "book.toml:5:1: error: stylesheet `absent.css`: No such file or directory (os error 2)",
                ],
            ),
            (
                "[book]\ntitle = \"T\"\ncover = \"c.png\"\n[epub]\nstylesheet = \"s.css\"\nembed-fonts = true\n",
                &[("c.png", b"not a picture"), ("s.css", b"@import 'x.css';")],
                false,
                &[
                    "book.toml:3:1: error: cover `c.png`: not a PNG, JPEG, GIF, WebP or SVG picture",
                    "book.toml:5:1: error: stylesheet `s.css` imports another stylesheet (`@import`): a book's stylesheet must be self-contained",
                    "book.toml:6:1: warning: `embed-fonts` is set but `fonts/` holds no .otf, .ttf, .woff or .woff2 file",
                ],
            ),
            (
                "[book]\ntitle = \"T\"\n[pdf]\nwidth = 50\nfont-size = 40\n",
                &[],
                false,
                &[
                    "book.toml:4:1: error: `width` and `height` go together",
                    "book.toml:4:1: error: `width` must be between 90 and 1000",
                    "book.toml:5:1: error: `font-size` must be between 5 and 30",
                ],
            ),
            (
                "[book]\ntitle = \"T\"\n[pdf]\nheight = 2000\npaper = \"a4\"\ntemplate = \"absent.typ\"\n",
                &[],
                false,
                &[
                    "book.toml:4:1: error: `width` and `height` go together",
                    "book.toml:4:1: error: `height` must be between 90 and 1000",
                    "book.toml:6:1: error: template `absent.typ` does not exist",
                ],
            ),
            (
                "[book]\ntitle = \"T\"\n[pdf]\npaper = \"a4\"\nwidth = 300\nheight = 420\n[print]\nbooklet = true\n",
                &[],
                false,
                &[
                    "book.toml:4:1: warning: `paper` is ignored: `width` and `height` give the page size",
                    "book.toml:8:1: error: no sheet up to A3 holds two pages of 300 × 420 mm side by side",
                ],
            ),
            (
                "[book]\ntitle = \"T\"\n[print]\nbleed = 1\ncrop-marks = true\ncmyk-black = true\npdf-a = true\nsignature = 0\nsheet = \"a5\"\ncreep = 9\n[cover]\ntitle = \"C\"\npaper-thickness = 3\nimage = \"absent.png\"\n",
                &[],
                false,
                &[
                    "book.toml:5:1: error: `crop-marks` are drawn in the bleed, which must be 2 millimetres at least (3 is usual)",
                    "book.toml:6:1: error: `cmyk-black` and `pdf-a` cannot go together: PDF/A needs an output intent for CMYK colours, which Typst 0.15.1 does not write; keep one of them",
                    "book.toml:8:1: error: `signature` is a number of sheets: 1 or more",
                    "book.toml:9:1: error: the sheet cannot hold two pages of 148 × 210 mm side by side",
                    "book.toml:10:1: error: `creep` must be between 0 and 5 (millimetres; a few tenths for a thin booklet)",
                    "book.toml:13:1: error: `paper-thickness` must be between 0.02 and 1 (millimetres a leaf; 0.1 for 80 g/m²)",
                    "book.toml:14:1: error: cover image `absent.png`: No such file or directory (os error 2)",
                ],
            ),
            (
                "[print]\nbleed = 30\n[book]\ntitle = \"T\"\n",
                &[],
                false,
                &[
                    "book.toml:2:1: error: `bleed` must be between 0 and 20 (millimetres; 3 is usual)",
                ],
            ),
            (
                "[book]\n",
                &[],
                false,
                &["book.toml:1:1: error: missing required key `title`"],
            ),
            (
                "[book]\ntitle = \"T\"\n[chapters]\norder = \"random\"\n",
                &[],
                false,
                &[
                    "book.toml:4:9: error: unknown variant `random`, expected one of `date`, `path`, `list`",
                ],
            ),
            // Every problem in one run: a misspelt key, wrong values, a value out of range;
            // enumerated values in any case.
            (
                "[book]\ntitle = \"T\"\ntitel = 1\n[chapters]\norder = \"random\"\n[pdf]\n\
                 font-size = \"grand\"\npaper = \"A5\"\nopenings = \"Any\"\n[print]\nbleed = 50\n",
                &[],
                false,
                &[
                    "book.toml:3:1: error: unknown key `titel` in `[book]`; did you mean `title`?",
                    "book.toml:5:9: error: unknown variant `random`, expected one of `date`, `path`, `list`",
                    "book.toml:7:13: error: invalid type: string \"grand\", expected f64",
                    "book.toml:11:1: error: `bleed` must be between 0 and 20 (millimetres; 3 is usual)",
                ],
            ),
            // A misspelt required key is not also missing.
            (
                "[book]\ntittle = \"T\"\n",
                &[],
                false,
                &["book.toml:2:1: error: unknown key `tittle` in `[book]`; did you mean `title`?"],
            ),
            (
                "[book]\ntitle = \"T\"\n[pdf]\nwidth = \"wide\"\n",
                &[],
                false,
                &["book.toml:4:9: error: invalid type: string \"wide\", expected f64"],
            ),
        ];
        for (toml, files, no_chapters, expected) in cases {
            let got = problems(toml, files, *no_chapters);
            assert_eq!(&got, expected, "{toml}");
        }
    }

    #[test]
    fn known_keys_come_from_the_structs() {
        let known = known_keys();
        let tables: Vec<&str> = known.iter().map(|(t, _)| *t).collect();
        assert_eq!(
            tables,
            [
                "book",
                "chapters",
                "epub",
                "pdf",
                "typography",
                "print",
                "cover"
            ]
        );
        let keys = |table: &str| {
            known
                .iter()
                .find(|(t, _)| *t == table)
                .map(|(_, k)| k.to_vec())
                .unwrap_or_default()
        };
        // Kebab-cased as written in `book.toml`; the optional `[cover]` too.
        assert_eq!(keys("typography"), ["french", "colon-space"]);
        assert!(keys("cover").contains(&"paper-thickness"));
        assert!(keys("book").contains(&"subjects"));
        assert!(known.iter().all(|(_, k)| !k.is_empty()));
    }

    #[test]
    fn positions_come_from_the_parser() {
        let text = "[cover]\ntitle = \"C\"\n[book]\ntitle = \"T\"\n[chapters]\n\
                    files = [\"a.md\", 'b.md', \"\"\"c.md\"\"\"]\n  category = \"files\"\n\
                    [pdf]\n\"width\" = 100\n";
        let doc = toml::de::DeTable::parse(text).expect("valid TOML");
        let p = Positions::new(text, doc.get_ref());
        // Each key of its own table, wherever a key of the same name is.
        assert_eq!(p.key("cover.title"), Some(Pos::new(2, 1)));
        assert_eq!(p.key("book.title"), Some(Pos::new(4, 1)));
        assert_eq!(p.key("chapters.category"), Some(Pos::new(7, 3)));
        assert_eq!(p.key("pdf.width"), Some(Pos::new(9, 1)));
        assert_eq!(p.key("chapters"), Some(Pos::new(5, 2)));
        assert_eq!(p.key("chapters.dir"), None);
        // Inside the quotes, whichever quotes.
        assert_eq!(p.file_entry(0), Some(Pos::new(6, 11)));
        assert_eq!(p.file_entry(1), Some(Pos::new(6, 19)));
        assert_eq!(p.file_entry(2), Some(Pos::new(6, 29)));
        assert_eq!(p.file_entry(3), None);
    }

    #[test]
    fn identifiers() {
        assert!(matches!(
            Identifier::parse("urn:uuid:0b0c1d6e-4f4a-4c9e-9a7e-2f6f1f3b9d11"),
            Ok(Identifier::Uuid(_))
        ));
        assert_eq!(
            Identifier::parse("isbn:978-2-07-036822-8").map(|i| i.urn()),
            Ok("urn:isbn:9782070368228".into())
        );
        assert_eq!(
            Identifier::parse("isbn:2-07-036822-1").map(|i| i.urn()),
            Err(
                "`isbn:2-07-036822-1` is not a valid ISBN: its check digit does not match (a \
                 digit is mistyped?)"
                    .into()
            )
        );
        // An ISBN-10 is written as its ISBN-13.
        assert_eq!(
            Identifier::parse("isbn:0-306-40615-2").map(|i| i.urn()),
            Ok("urn:isbn:9780306406157".into())
        );
        assert!(Identifier::parse("foo:bar").is_err());
        assert_eq!(Identifier::from_title("A"), Identifier::from_title("A"));
        assert_ne!(Identifier::from_title("A"), Identifier::from_title("B"));
    }

    #[test]
    fn dates() {
        assert!(parse_date("2017-09-02").is_ok());
        assert_eq!(
            parse_date("2017-13-45"),
            Err("`2017-13-45` is not a valid date".into())
        );
        assert_eq!(
            parse_date("hier"),
            Err("`hier` is not a date of the form YYYY-MM-DD".into())
        );
    }

    #[test]
    fn languages() {
        assert_eq!(normalise_language("fr").as_deref(), Some("fr"));
        assert_eq!(normalise_language("fr-fr").as_deref(), Some("fr-FR"));
        assert_eq!(
            normalise_language("zh-hant-tw").as_deref(),
            Some("zh-Hant-TW")
        );
        assert_eq!(normalise_language("français"), None);
        assert_eq!(normalise_language(""), None);
    }
}
