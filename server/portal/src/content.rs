//! The product's own pages (content/pages/{slug}.{vi,en}.md), compiled into the binary and
//! rendered once.

use std::collections::HashMap;
use std::sync::LazyLock;

use include_dir::{Dir, include_dir};

use domain::ContentPage;
use domain::i18n::Lang;

static PAGES_DIR: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../content/pages");

static PAGES: LazyLock<HashMap<(String, Lang), ContentPage>> = LazyLock::new(|| {
    let mut pages = HashMap::new();
    for file in PAGES_DIR.files() {
        let Some(name) = file.path().file_name().and_then(|n| n.to_str()) else { continue };
        let Some(stem) = name.strip_suffix(".md") else { continue };
        let Some((slug, lang)) = stem.rsplit_once('.') else { continue };
        let (Some(lang), Some(text)) = (Lang::parse(lang), file.contents_utf8()) else { continue };
        pages.insert((slug.to_owned(), lang), parse_page(slug, text));
    }
    pages
});

fn parse_page(slug: &str, text: &str) -> ContentPage {
    let (title, body) = match text.trim_start().strip_prefix("# ") {
        Some(rest) => {
            let (title, body) = rest.split_once('\n').unwrap_or((rest, ""));
            (title.trim().to_owned(), body)
        }
        None => (slug.to_owned(), text),
    };
    ContentPage { slug: slug.to_owned(), title, html: crate::markdown::render_trusted(body) }
}

/// The page in the asked language, or in Vietnamese when it has no translation yet.
pub fn page(slug: &str, lang: Lang) -> Option<ContentPage> {
    PAGES.get(&(slug.to_owned(), lang)).or_else(|| PAGES.get(&(slug.to_owned(), Lang::Vi))).cloned()
}

pub fn slugs() -> Vec<String> {
    let mut slugs: Vec<String> = PAGES.keys().map(|(s, _)| s.clone()).collect();
    slugs.sort();
    slugs.dedup();
    slugs
}
