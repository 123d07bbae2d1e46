//! Public pages that are the same for every visitor are kept, rendered and compressed, in memory,
//! and served again until a write changes what they show (DESIGN.md "read-heavy pages": per-request
//! rendering and queries cost far more than copying bytes). A page opts in by answering
//! `Cache-Control: public`; anything else passes through untouched.
//!
//! Two kinds of write, two ways of keeping up (README "Launch day"):
//! - an edit (publishing, withdrawing, a staff change) and the midnight turn of "days left" move the
//!   portal's generation: every kept page is forgotten and shows the change at once;
//! - a pledge or a payment moves progress (`portal::progress`) in a few parts. A kept page showing
//!   one of them is then behind, but is still served: the first request after the refresh window
//!   (a second, `PORTAL_PROGRESS_WINDOW_MS`) renders it again, alone, while the crowd reads the kept
//!   copy. However many pledges arrive, a page renders at most once per window, and nobody waits
//!   for a render another request started.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, COOKIE, SET_COOKIE, VARY};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use bytes::Bytes;
use domain::i18n::Lang;
use portal::progress::{Part, Progress, SHOWS_HEADER, Since};

use crate::AppState;
use crate::middleware::clock::{Clock, SystemClock};

/// Bounds: a crawler walking every page number must not grow the cache without end.
const MAX_ENTRIES: usize = 4096;
const MAX_BYTES: usize = 64 * 1024 * 1024;
const MAX_PAGE: usize = 4 * 1024 * 1024;

/// When and at what progress a page began to render, and what progress it shows.
struct Stamp {
    /// The progress count read before rendering.
    mark: u64,
    /// By the cache's clock.
    at: Duration,
    /// The parts whose progress the page shows; `None`: the totals, so every part.
    shows: Option<Vec<Part>>,
}

/// A kept page: its body in each encoding, with the whole header block of each answer made once,
/// and when it was last asked for (the cache's use count), so a full cache forgets the least used.
struct Entry {
    identity: (HeaderMap, Bytes),
    gzip: (HeaderMap, Bytes),
    brotli: (HeaderMap, Bytes),
    used: AtomicU64,
    stamp: Stamp,
    /// The progress count it was last found current at: until the count moves, a hit asks nothing.
    current_at: AtomicU64,
    /// Found behind: it stays so until a refresh replaces it.
    behind: AtomicBool,
    /// A request is rendering its replacement.
    refreshing: AtomicBool,
}

impl Entry {
    fn new(headers: HeaderMap, identity: Bytes, gzip: Bytes, brotli: Bytes, stamp: Stamp) -> Self {
        let with = |body: &Bytes, encoding: Option<&'static str>| {
            let mut headers = headers.clone();
            if let Some(encoding) = encoding {
                headers.insert(CONTENT_ENCODING, HeaderValue::from_static(encoding));
            }
            headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
            headers.insert(VARY, HeaderValue::from_static("accept-encoding, cookie"));
            headers
        };
        Entry {
            identity: (with(&identity, None), identity.clone()),
            gzip: (with(&gzip, Some("gzip")), gzip.clone()),
            brotli: (with(&brotli, Some("br")), brotli.clone()),
            used: AtomicU64::new(0),
            current_at: AtomicU64::new(stamp.mark),
            stamp,
            behind: AtomicBool::new(false),
            refreshing: AtomicBool::new(false),
        }
    }

    /// Whether no pledge or payment moved what the page shows since it rendered.
    fn is_current(&self, progress: &Progress) -> bool {
        if self.behind.load(Ordering::Acquire) {
            return false;
        }
        if self.current_at.load(Ordering::Acquire) == progress.mark() {
            return true;
        }
        match progress.since(self.stamp.mark, self.stamp.shows.as_deref()) {
            Since::Current(count) => {
                self.current_at.store(count, Ordering::Release);
                true
            }
            Since::Behind => {
                self.behind.store(true, Ordering::Release);
                false
            }
        }
    }

    fn size(&self) -> usize {
        self.identity.1.len() + self.gzip.1.len() + self.brotli.1.len()
    }
}

type Key = (Lang, String);

fn slot(lang: Lang) -> usize {
    match lang {
        Lang::Vi => 0,
        Lang::En => 1,
    }
}

/// Lets go of a page's refresh however its render ends (a client gone mid-render included), so the
/// next request after the window may try again.
struct Refreshing(Arc<Entry>);

impl Drop for Refreshing {
    fn drop(&mut self) {
        self.0.refreshing.store(false, Ordering::Release);
    }
}

pub struct PageCache {
    /// By language, then path and query: a hit is found from the request's `&str`, without an allocation.
    entries: RwLock<[HashMap<String, Arc<Entry>>; 2]>,
    /// The portal generation the entries were rendered at.
    generation: AtomicU64,
    bytes: AtomicUsize,
    /// One render per page at a time: when a write has emptied the cache under a crowd, the
    /// crowd's requests for a page wait for one rendering instead of each making its own.
    rendering: Mutex<HashMap<Key, Arc<tokio::sync::Mutex<()>>>>,
    /// Pages that answered as someone's own (a form with its token, a 404) at this generation:
    /// they are rendered for each request at once, without waiting for a turn.
    uncacheable: RwLock<std::collections::HashSet<Key>>,
    /// Ticks once per hit or keep: the entries' `used` stamps are read off it.
    uses: AtomicU64,
    /// Pages rendered and kept, refreshes included: what the cache saved is the requests beyond.
    renders: AtomicU64,
    /// How long a page behind the portal's progress is still served before one request renders it
    /// again, and the clock that measures it.
    window: Duration,
    clock: Arc<dyn Clock>,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache::new(Duration::from_secs(1), Arc::new(SystemClock::default()))
    }
}

impl PageCache {
    pub fn new(window: Duration, clock: Arc<dyn Clock>) -> Self {
        PageCache {
            entries: RwLock::default(),
            generation: AtomicU64::default(),
            bytes: AtomicUsize::default(),
            rendering: Mutex::default(),
            uncacheable: RwLock::default(),
            uses: AtomicU64::default(),
            renders: AtomicU64::default(),
            window,
            clock,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.read().map(|e| e.iter().map(HashMap::len).sum()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many pages were rendered and kept since the start.
    pub fn renders(&self) -> u64 {
        self.renders.load(Ordering::Relaxed)
    }

    /// Whether a page is kept under this address (the path and the parameters the page reads).
    pub fn holds(&self, lang: Lang, address: &str) -> bool {
        self.entries.read().is_ok_and(|e| e[slot(lang)].contains_key(address))
    }

    fn sync_generation(&self, generation: u64) {
        if self.generation.load(Ordering::Acquire) != generation
            && let Ok(mut entries) = self.entries.write()
        {
            entries.iter_mut().for_each(HashMap::clear);
            self.bytes.store(0, Ordering::Release);
            self.generation.store(generation, Ordering::Release);
            if let Ok(mut uncacheable) = self.uncacheable.write() {
                uncacheable.clear();
            }
        }
    }

    fn is_uncacheable(&self, key: &Key) -> bool {
        self.uncacheable.read().is_ok_and(|set| set.contains(key))
    }

    fn mark_uncacheable(&self, key: Key) {
        if let Ok(mut set) = self.uncacheable.write() {
            if set.len() >= MAX_ENTRIES {
                set.clear();
            }
            set.insert(key);
        }
    }

    fn get(&self, lang: Lang, path_and_query: &str) -> Option<Arc<Entry>> {
        let entry = self.entries.read().ok()?[slot(lang)].get(path_and_query).cloned()?;
        entry.used.store(self.uses.fetch_add(1, Ordering::Relaxed), Ordering::Relaxed);
        Some(entry)
    }

    fn stamp(&self, progress: &Progress) -> Stamp {
        Stamp { mark: progress.mark(), at: self.clock.now(), shows: None }
    }

    /// The right to render a page that is behind again, once its window has passed and for one
    /// request at a time.
    fn claim_refresh(&self, entry: &Arc<Entry>) -> Option<Refreshing> {
        let due = self.clock.now() >= entry.stamp.at + self.window;
        (due && !entry.refreshing.swap(true, Ordering::AcqRel)).then(|| Refreshing(entry.clone()))
    }

    /// The turn to render `key`, shared by everyone asking for it now.
    fn gate(&self, key: &Key) -> Option<Arc<tokio::sync::Mutex<()>>> {
        let mut rendering = self.rendering.lock().ok()?;
        Some(rendering.entry(key.clone()).or_default().clone())
    }

    /// Forgets the turn once nobody else waits for it, so the map stays as small as the crowd.
    fn release(&self, key: &Key, gate: Arc<tokio::sync::Mutex<()>>) {
        if let Ok(mut rendering) = self.rendering.lock()
            && Arc::strong_count(&gate) <= 2
        {
            rendering.remove(key);
        }
    }

    fn insert(&self, key: Key, entry: Entry, generation: u64) {
        let Ok(mut entries) = self.entries.write() else { return };
        // A write landed while this page rendered: what we hold may be stale, so keep nothing.
        if self.generation.load(Ordering::Acquire) != generation {
            return;
        }
        self.renders.fetch_add(1, Ordering::Relaxed);
        let size = entry.size();
        let count: usize = entries.iter().map(HashMap::len).sum();
        if count >= MAX_ENTRIES || self.bytes.load(Ordering::Acquire) + size > MAX_BYTES {
            self.evict_least_used(&mut entries, size);
        }
        self.bytes.fetch_add(size, Ordering::AcqRel);
        entry.used.store(self.uses.fetch_add(1, Ordering::Relaxed), Ordering::Relaxed);
        let (lang, path) = key;
        if let Some(replaced) = entries[slot(lang)].insert(path, Arc::new(entry)) {
            self.bytes.fetch_sub(replaced.size(), Ordering::AcqRel);
        }
    }

    /// Forgets the least recently used eighth of the pages, and more if `room` bytes still do not
    /// fit: a full cache keeps what the crowd reads instead of starting again from nothing.
    fn evict_least_used(&self, entries: &mut [HashMap<String, Arc<Entry>>; 2], room: usize) {
        let mut by_use: Vec<(u64, usize, String, usize)> = entries
            .iter()
            .enumerate()
            .flat_map(|(slot, pages)| {
                pages.iter().map(move |(path, e)| (e.used.load(Ordering::Relaxed), slot, path.clone(), e.size()))
            })
            .collect();
        by_use.sort_unstable_by_key(|(used, ..)| *used);
        let at_least = (by_use.len() / 8).max(1);
        for (evicted, (_, slot, path, size)) in by_use.into_iter().enumerate() {
            let fits = self.bytes.load(Ordering::Acquire) + room <= MAX_BYTES;
            if evicted >= at_least && fits {
                break;
            }
            entries[slot].remove(&path);
            self.bytes.fetch_sub(size, Ordering::AcqRel);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

/// The best encoding the client accepts: an encoding named with `q=0` (in any spelling: `q=0.0`,
/// `q=0.000`) is refused, one not named is accepted only through `*` with a weight above zero.
fn preferred_encoding(headers: &HeaderMap) -> Encoding {
    let weights: Vec<(String, f32)> = headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';');
            let coding = parts.next()?.trim().to_ascii_lowercase();
            let weight = parts
                .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
                .map(|q| q.trim().parse::<f32>().unwrap_or(0.0))
                .next()
                .unwrap_or(1.0);
            (!coding.is_empty()).then_some((coding, weight))
        })
        .collect();
    let accepts = |coding: &str| match weights.iter().find(|(c, _)| c == coding) {
        Some((_, weight)) => *weight > 0.0,
        None => weights.iter().any(|(c, weight)| c == "*" && *weight > 0.0),
    };
    if accepts("br") {
        Encoding::Brotli
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// The address a shared page is kept under and rendered from: its path and, of its query, only the
/// parameters the page reads, in the page's order, each once. `None` when it is already that.
fn canonical_address(path: &str, query: Option<&str>, keys: &[&str]) -> Option<String> {
    let query = query?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    let kept: Vec<(&str, &str)> =
        keys.iter().filter_map(|key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| (*key, v.as_str()))).collect();
    let canonical = serde_urlencoded::to_string(&kept).unwrap_or_default();
    if canonical == query {
        return None;
    }
    Some(if canonical.is_empty() { path.to_owned() } else { format!("{path}?{canonical}") })
}

/// Only anonymous visitors share pages: a request carrying any cookie but `lang` is someone's own.
fn is_anonymous(headers: &HeaderMap) -> bool {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('=').map(|(name, _)| name.trim()))
        .all(|name| name == "lang")
}

fn respond(entry: &Entry, encoding: Encoding) -> Response {
    let (headers, body) = match encoding {
        Encoding::Brotli => &entry.brotli,
        Encoding::Gzip => &entry.gzip,
        Encoding::Identity => &entry.identity,
    };
    let mut response = Response::new(Body::from(body.clone()));
    *response.headers_mut() = headers.clone();
    response
}

fn gzip(data: &[u8]) -> std::io::Result<Bytes> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(data.len() / 4), flate2::Compression::new(6));
    encoder.write_all(data)?;
    Ok(encoder.finish()?.into())
}

fn brotli(data: &[u8]) -> std::io::Result<Bytes> {
    let mut out = Vec::with_capacity(data.len() / 5);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 9, 22);
        writer.write_all(data)?;
    }
    Ok(out.into())
}

/// What the cache layer needs of the state: axum's middleware clones its state for every request,
/// and the whole `AppState` (strings included) is too much to copy for each cached page.
#[derive(Clone)]
pub struct CachedPages {
    pub cache: Arc<PageCache>,
    pub portal: portal::Portal,
}

impl CachedPages {
    pub fn of(state: &AppState) -> Self {
        CachedPages { cache: state.page_cache.clone(), portal: state.portal.clone() }
    }
}

/// Outside every layer but the request id and its count (`observe.rs`): a cached page is answered
/// before sessions, language, compression or any other layer runs — the one part of a crowd's
/// request that must be cheap. A miss goes through the whole stack asking for identity, and the
/// page is compressed here, once.
pub async fn serve_from_cache(State(state): State<CachedPages>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if request.method() != Method::GET || !is_anonymous(request.headers()) {
        return pass(next, request).await;
    }
    // Only the pages that are the same for everyone; pictures, the API and forms pass through.
    let Some(keys) = pages::pages::shared_page_query(path) else { return next.run(request).await };
    // The language as `lang::choose_language` will choose it; a switch by `?lang=` must reach it,
    // since its answer sets the cookie.
    let asked = crate::middleware::lang::from_query(request.uri().query());
    let remembered = crate::middleware::lang::from_cookie(request.headers());
    if asked.is_some() && asked != remembered {
        return pass(next, request).await;
    }
    let lang = asked.or(remembered).unwrap_or_default();
    let encoding = preferred_encoding(request.headers());
    let cache = &state.cache;
    let progress = &state.portal.progress;
    let generation = state.portal.generation();
    cache.sync_generation(generation);
    // Kept by the parameters the page reads: the common address (none, or exactly those) is looked
    // up as it came, without an allocation.
    let canonical = canonical_address(path, request.uri().query(), keys);
    let address = match &canonical {
        Some(address) => address.as_str(),
        None => request.uri().path_and_query().map(|p| p.as_str()).unwrap_or_default(),
    };
    let refresh = match cache.get(lang, address) {
        Some(entry) if entry.is_current(progress) => return respond(&entry, encoding),
        Some(entry) => match cache.claim_refresh(&entry) {
            Some(refresh) => Some(refresh),
            None => return respond(&entry, encoding),
        },
        None => None,
    };
    let key = (lang, address.to_owned());
    if let Some(address) = canonical
        && let Ok(uri) = address.parse::<axum::http::Uri>()
    {
        *request.uri_mut() = uri;
    }
    request.headers_mut().remove(ACCEPT_ENCODING);
    if let Some(refresh) = refresh {
        let stamp = cache.stamp(progress);
        let response = render_and_keep(cache, key, stamp, generation, encoding, next.run(request).await).await;
        drop(refresh);
        return response;
    }
    if cache.is_uncacheable(&key) {
        return pass(next, request).await;
    }
    let Some(gate) = cache.gate(&key) else { return pass(next, request).await };
    let turn = gate.lock().await;
    let kept = cache.get(lang, &key.1);
    if kept.is_some() || cache.is_uncacheable(&key) {
        drop(turn);
        cache.release(&key, gate);
        return match kept {
            Some(entry) => respond(&entry, encoding),
            None => pass(next, request).await,
        };
    }
    let stamp = cache.stamp(progress);
    let response = render_and_keep(cache, key.clone(), stamp, generation, encoding, next.run(request).await).await;
    drop(turn);
    cache.release(&key, gate);
    response
}

/// A page answered as someone's own: what it shows is nobody's business but the cache's.
async fn pass(next: Next, request: Request) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().remove(SHOWS_HEADER);
    response
}

/// Keeps a rendered page when it says it is the same for everyone, and answers it compressed.
async fn render_and_keep(
    cache: &PageCache,
    key: Key,
    mut stamp: Stamp,
    generation: u64,
    encoding: Encoding,
    mut response: Response,
) -> Response {
    stamp.shows =
        response.headers_mut().remove(SHOWS_HEADER).and_then(|shows| shows.to_str().ok().and_then(Part::parse_list));
    let public = response
        .headers()
        .get(CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|d| d.trim() == "public"));
    if response.status() != StatusCode::OK
        || !public
        || response.headers().contains_key(CONTENT_ENCODING)
        || response.headers().contains_key(SET_COOKIE)
    {
        cache.mark_uncacheable(key);
        return response;
    }
    let (parts, body) = response.into_parts();
    let identity = match to_bytes(body, MAX_PAGE).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, "could not read a rendered page");
            let mut failed = Response::new(Body::empty());
            *failed.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return failed;
        }
    };
    let (Ok(gz), Ok(br)) = (gzip(&identity), brotli(&identity)) else {
        return Response::from_parts(parts, Body::from(identity));
    };
    let mut headers = parts.headers;
    headers.remove(CONTENT_LENGTH);
    let entry = Entry::new(headers, identity, gz, br, stamp);
    let response = respond(&entry, encoding);
    cache.insert(key, entry, generation);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_pages_are_kept_but_not_the_api_bundles_pictures_or_forms() {
        for page in ["/", "/campaigns/ao-am", "/needs", "/transparency", "/network/hoi-chu-thap-do"] {
            assert!(pages::pages::shared_page_query(page).is_some(), "{page}");
        }
        for other in
            ["/api/v1/needs", "/pkg/portal.wasm", "/media/3.jpg", "/healthz", "/pledge", "/network/join", "/me"]
        {
            assert!(pages::pages::shared_page_query(other).is_none(), "{other}");
        }
    }

    #[test]
    fn a_page_is_kept_under_the_parameters_it_reads() {
        let keys = ["category", "page"];
        assert_eq!(canonical_address("/needs", None, &keys), None);
        assert_eq!(canonical_address("/needs", Some("category=health&page=2"), &keys), None);
        assert_eq!(
            canonical_address("/needs", Some("page=2&utm=x&category=health&category=nutrition"), &keys).as_deref(),
            Some("/needs?category=health&page=2")
        );
        assert_eq!(canonical_address("/needs", Some("x=1&y=2"), &keys).as_deref(), Some("/needs"));
        assert_eq!(canonical_address("/", Some("signed_out=1"), &[]).as_deref(), Some("/"));
    }

    #[test]
    fn encodings_are_chosen_from_what_the_client_accepts() {
        let mut h = HeaderMap::new();
        assert!(preferred_encoding(&h) == Encoding::Identity);
        h.insert(ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate, br"));
        assert!(preferred_encoding(&h) == Encoding::Brotli);
        h.insert(ACCEPT_ENCODING, HeaderValue::from_static("gzip;q=1.0, br;q=0"));
        assert!(preferred_encoding(&h) == Encoding::Gzip);
        h.insert(ACCEPT_ENCODING, HeaderValue::from_static("br;q=0.000, gzip;q=0.0, identity"));
        assert!(preferred_encoding(&h) == Encoding::Identity, "q=0 in any spelling refuses");
        h.insert(ACCEPT_ENCODING, HeaderValue::from_static("*;q=0.5"));
        assert!(preferred_encoding(&h) == Encoding::Brotli);
        h.insert(ACCEPT_ENCODING, HeaderValue::from_static("*, br;q=0"));
        assert!(preferred_encoding(&h) == Encoding::Gzip);
    }

    fn entry(bytes: usize) -> Entry {
        let stamp = Stamp { mark: 0, at: Duration::ZERO, shows: None };
        Entry::new(HeaderMap::new(), Bytes::from(vec![b'x'; bytes]), Bytes::new(), Bytes::new(), stamp)
    }

    #[test]
    fn a_full_cache_forgets_the_least_used_pages_not_every_page() {
        let cache = PageCache::default();
        for i in 0..MAX_ENTRIES {
            cache.insert((Lang::Vi, format!("/needs?page={i}")), entry(10), 0);
        }
        // The crowd's page is read again and again; made-up addresses keep coming.
        assert!(cache.get(Lang::Vi, "/needs?page=0").is_some());
        cache.insert((Lang::Vi, "/needs?page=flood-1".into()), entry(10), 0);
        assert!(cache.get(Lang::Vi, "/needs?page=0").is_some(), "the page read last stays");
        assert!(cache.get(Lang::Vi, "/needs?page=1").is_none(), "the least used went first");
        assert!(cache.len() > MAX_ENTRIES * 7 / 8, "only an eighth was forgotten: {}", cache.len());
    }

    #[test]
    fn only_the_language_cookie_keeps_a_visitor_anonymous() {
        let mut h = HeaderMap::new();
        assert!(is_anonymous(&h));
        h.insert(COOKIE, HeaderValue::from_static("lang=en"));
        assert!(is_anonymous(&h));
        h.insert(COOKIE, HeaderValue::from_static("lang=en; id=abc"));
        assert!(!is_anonymous(&h));
    }
}
