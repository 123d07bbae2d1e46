//! Public pages that are the same for every visitor are kept, rendered and compressed, in memory,
//! and served again until a write changes what they show (DESIGN.md "read-heavy pages": per-request
//! rendering and queries cost far more than copying bytes). A page opts in by answering
//! `Cache-Control: public`; anything else passes through untouched.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use app::i18n::Lang;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, COOKIE, SET_COOKIE, VARY};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use bytes::Bytes;

use crate::AppState;

/// Bounds: a crawler walking every page number must not grow the cache without end.
const MAX_ENTRIES: usize = 4096;
const MAX_BYTES: usize = 64 * 1024 * 1024;
const MAX_PAGE: usize = 4 * 1024 * 1024;

/// A kept page: its body in each encoding, with the whole header block of each answer made once.
struct Entry {
    identity: (HeaderMap, Bytes),
    gzip: (HeaderMap, Bytes),
    brotli: (HeaderMap, Bytes),
}

impl Entry {
    fn new(headers: HeaderMap, identity: Bytes, gzip: Bytes, brotli: Bytes) -> Self {
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

#[derive(Default)]
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
}

impl PageCache {
    pub fn len(&self) -> usize {
        self.entries.read().map(|e| e.iter().map(HashMap::len).sum()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
        self.entries.read().ok()?[slot(lang)].get(path_and_query).cloned()
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
        let size = entry.size();
        let count: usize = entries.iter().map(HashMap::len).sum();
        if count >= MAX_ENTRIES || self.bytes.load(Ordering::Acquire) + size > MAX_BYTES {
            entries.iter_mut().for_each(HashMap::clear);
            self.bytes.store(0, Ordering::Release);
        }
        self.bytes.fetch_add(size, Ordering::AcqRel);
        let (lang, path) = key;
        entries[slot(lang)].insert(path, Arc::new(entry));
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

fn preferred_encoding(headers: &HeaderMap) -> Encoding {
    let accepted: Vec<String> = headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter(|item| !item.contains("q=0") || item.contains("q=0."))
        .map(|item| item.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .collect();
    if accepted.iter().any(|e| e == "br") {
        Encoding::Brotli
    } else if accepted.iter().any(|e| e == "gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
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

/// Pictures are not pages: they never change under their id and browsers keep them a year, so
/// compressing them again into memory would only cost.
fn is_page_path(path: &str) -> bool {
    !["/api/", "/pkg/", "/sf/", "/healthz", "/readyz", "/metrics", "/media/"]
        .iter()
        .any(|prefix| path.starts_with(prefix))
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
    pub portal: app::portal::Portal,
}

impl CachedPages {
    pub fn of(state: &AppState) -> Self {
        CachedPages { cache: state.page_cache.clone(), portal: state.portal.clone() }
    }
}

/// Outside every layer but the request id and its count (`observe.rs`): a cached page is answered
/// before sessions, language, compression or any other layer runs — the one part of a crowd's request that must be cheap. A miss goes through
/// the whole stack asking for identity, and the page is compressed here, once.
pub async fn serve_from_cache(State(state): State<CachedPages>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if request.method() != Method::GET || !is_page_path(path) || !is_anonymous(request.headers()) {
        return next.run(request).await;
    }
    // The language as `lang::choose_language` will choose it; a switch by `?lang=` must reach it,
    // since its answer sets the cookie.
    let asked = crate::lang::from_query(request.uri().query());
    let remembered = crate::lang::from_cookie(request.headers());
    if asked.is_some() && asked != remembered {
        return next.run(request).await;
    }
    let lang = asked.or(remembered).unwrap_or_default();
    let encoding = preferred_encoding(request.headers());
    let cache = &state.cache;
    let generation = state.portal.generation();
    cache.sync_generation(generation);
    let path_and_query = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or_default();
    if let Some(entry) = cache.get(lang, path_and_query) {
        return respond(&entry, encoding);
    }
    let key = (lang, path_and_query.to_owned());
    request.headers_mut().remove(ACCEPT_ENCODING);
    if cache.is_uncacheable(&key) {
        return next.run(request).await;
    }
    let Some(gate) = cache.gate(&key) else { return next.run(request).await };
    let turn = gate.lock().await;
    let kept = cache.get(lang, &key.1);
    if kept.is_some() || cache.is_uncacheable(&key) {
        drop(turn);
        cache.release(&key, gate);
        return match kept {
            Some(entry) => respond(&entry, encoding),
            None => next.run(request).await,
        };
    }
    let response = render_and_keep(cache, key.clone(), generation, encoding, next.run(request).await).await;
    drop(turn);
    cache.release(&key, gate);
    response
}

/// Keeps a rendered page when it says it is the same for everyone, and answers it compressed.
async fn render_and_keep(
    cache: &PageCache,
    key: Key,
    generation: u64,
    encoding: Encoding,
    response: Response,
) -> Response {
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
    let entry = Entry::new(headers, identity, gz, br);
    let response = respond(&entry, encoding);
    cache.insert(key, entry, generation);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_kept_but_not_the_api_bundles_or_pictures() {
        for page in ["/", "/campaigns/ao-am", "/needs?category=health", "/transparency"] {
            assert!(is_page_path(page), "{page}");
        }
        for other in ["/api/v1/needs", "/pkg/portal.wasm", "/media/3.jpg", "/healthz"] {
            assert!(!is_page_path(other), "{other}");
        }
    }

    #[test]
    fn encodings_are_chosen_from_what_the_client_accepts() {
        let mut h = HeaderMap::new();
        assert!(preferred_encoding(&h) == Encoding::Identity);
        h.insert(ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate, br"));
        assert!(preferred_encoding(&h) == Encoding::Brotli);
        h.insert(ACCEPT_ENCODING, HeaderValue::from_static("gzip;q=1.0, br;q=0"));
        assert!(preferred_encoding(&h) == Encoding::Gzip);
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
