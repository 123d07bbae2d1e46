//! Pledge and payment progress: the figures that move while a crowd gives (a campaign's pledged
//! total, a need's coverage, the home page's totals). Unlike an edit, they may show up to a moment
//! late on public pages, so a page kept rendered is not thrown away for each pledge: it is refreshed
//! once what it shows has moved (`web::middleware::page_cache`).
//!
//! Every advance takes a number from one counter; each part of the portal remembers the number of
//! the last advance that touched it. A page rendered when the counter read `m` is behind once any
//! part it shows was touched after `m`.

use std::collections::HashMap;
use std::fmt;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// The header a rendered page names the parts it shows in (`Part`'s `Display`, space-separated);
/// the page cache reads it and takes it off.
pub const SHOWS_HEADER: &str = "x-portal-shows";

/// A part of the portal whose progress a page shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// A campaign's totals and supporters, by slug.
    Campaign(String),
    /// A need's pledged and covered amounts, by id.
    Need(i64),
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Part::Campaign(slug) => write!(f, "campaign:{slug}"),
            Part::Need(id) => write!(f, "need:{id}"),
        }
    }
}

impl Part {
    /// Reads the parts a page wrote with `Display`, space-separated; anything else is `None`, and
    /// the page is then taken to show every part.
    pub fn parse_list(text: &str) -> Option<Vec<Part>> {
        text.split_ascii_whitespace()
            .map(|item| match item.split_once(':')? {
                ("campaign", slug) if !slug.is_empty() => Some(Part::Campaign(slug.to_owned())),
                ("need", id) => id.parse().ok().map(Part::Need),
                _ => None,
            })
            .collect()
    }
}

#[derive(Default)]
pub struct Progress {
    /// Counts every advance; read before a page renders.
    count: AtomicU64,
    /// Advances held apart from readers so that a reader sees a count and the parts it touched
    /// together (`since`).
    touched: RwLock<Touched>,
}

#[derive(Default)]
struct Touched {
    /// The last advance that touched any part: pages showing totals follow this one.
    any: u64,
    /// The last advance that touched everything at once (another replica's, whose parts are unknown).
    everything: u64,
    parts: HashMap<Part, u64>,
}

/// What a kept page learns when it asks whether it is behind.
#[derive(Debug, PartialEq, Eq)]
pub enum Since {
    /// Nothing it shows moved; it need not ask again until the count passes this one.
    Current(u64),
    Behind,
}

impl Progress {
    /// The count a page about to render is stamped with.
    pub fn mark(&self) -> u64 {
        self.count.load(Ordering::Acquire)
    }

    /// Records an advance touching `parts` (and every total).
    pub fn advance(&self, parts: &[Part]) {
        let Ok(mut touched) = self.touched.write() else { return };
        let number = self.count.fetch_add(1, Ordering::AcqRel) + 1;
        touched.any = number;
        for part in parts {
            // Bounded by the campaigns and needs there are: both are rows staff create.
            touched.parts.insert(part.clone(), number);
        }
    }

    /// Records an advance whose parts are not known: every page showing progress is behind.
    pub fn advance_everywhere(&self) {
        let Ok(mut touched) = self.touched.write() else { return };
        let number = self.count.fetch_add(1, Ordering::AcqRel) + 1;
        touched.any = number;
        touched.everything = number;
    }

    /// Whether a page rendered at `rendered` and showing `parts` (`None`: totals, so every part)
    /// is behind now.
    pub fn since(&self, rendered: u64, parts: Option<&[Part]>) -> Since {
        let Ok(touched) = self.touched.read() else { return Since::Behind };
        let behind = match parts {
            None => touched.any > rendered,
            Some(parts) => {
                touched.everything > rendered
                    || parts.iter().any(|part| touched.parts.get(part).is_some_and(|&n| n > rendered))
            }
        };
        if behind { Since::Behind } else { Since::Current(self.count.load(Ordering::Acquire)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pledge_to_one_campaign_leaves_another_campaigns_page_current() {
        let progress = Progress::default();
        let rendered = progress.mark();
        let a = [Part::Campaign("ao-am".into()), Part::Need(3)];
        let b = [Part::Campaign("bua-trua".into()), Part::Need(4)];
        progress.advance(&[Part::Campaign("ao-am".into())]);
        assert_eq!(progress.since(rendered, Some(&a)), Since::Behind);
        assert_eq!(progress.since(rendered, Some(&b)), Since::Current(1));
        assert_eq!(progress.since(rendered, None), Since::Behind, "the totals moved");
        // A need shared by both campaigns moves both pages.
        progress.advance(&[Part::Need(4)]);
        assert_eq!(progress.since(1, Some(&b)), Since::Behind);
        progress.advance_everywhere();
        assert_eq!(progress.since(2, Some(&a)), Since::Behind);
        assert_eq!(progress.since(3, Some(&a)), Since::Current(3));
    }

    #[test]
    fn the_parts_a_page_shows_read_back_as_written() {
        let parts = vec![Part::Campaign("ao-am-2026".into()), Part::Need(12)];
        let text = parts.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ");
        assert_eq!(text, "campaign:ao-am-2026 need:12");
        assert_eq!(Part::parse_list(&text), Some(parts));
        assert_eq!(Part::parse_list("need:x"), None);
        assert_eq!(Part::parse_list("campaign:"), None);
        assert_eq!(Part::parse_list(""), Some(vec![]));
    }
}
