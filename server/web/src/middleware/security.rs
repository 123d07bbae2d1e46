//! Refuses state-changing requests sent from other sites, and sets the security headers of every
//! answer — with a Content-Security-Policy that allows only the inline scripts the page really
//! carries, by hash (not a nonce), so a cached page's bytes stay valid for every visitor.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, ORIGIN, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::AppState;

const MAX_HTML: usize = 4 * 1024 * 1024;

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// `scheme://host[:port]` of an absolute URL, lower case (what a browser sends as `Origin`).
fn origin_of(url: &str) -> String {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    format!("{}://{}", scheme.to_ascii_lowercase(), authority.to_ascii_lowercase())
}

/// Whether the browser says this request comes from another site. Requests without these headers
/// (API clients, command-line tools) are not browsers' and carry no ambient cookies of ours. An
/// `Origin` must be the portal's own (PORTAL_PUBLIC_URL), scheme and port included: the `Host`
/// header is the client's to write, so it proves nothing.
pub fn is_cross_site(headers: &HeaderMap, public_url: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(ORIGIN).and_then(|v| v.to_str().ok()) else { return false };
    origin.trim().to_ascii_lowercase() != origin_of(public_url)
}

pub async fn refuse_cross_site(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if is_unsafe(request.method()) && is_cross_site(request.headers(), &state.portal.site.public_url) {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            [(CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Yêu cầu bị từ chối vì được gửi từ một trang web khác. / Request refused: it came from another site.",
        )
            .into_response();
    }
    next.run(request).await
}

/// `'sha256-…'` of the inline scripts the portal itself writes: those of the shell's head, before
/// `pages::OWN_SCRIPTS_END`, and those leptos appends after the document's last `</html>` (its
/// resource bootstrap). Between them — the title and meta tags, the page — lives text people typed,
/// and a script found there is never allowed, whatever escaping might have missed.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let head = html.find(pages::OWN_SCRIPTS_END).map_or("", |end| &html[..end]);
    let tail = html.rfind("</html>").map_or("", |end| &html[end..]);
    let mut hashes = scripts_in(head);
    hashes.extend(scripts_in(tail));
    hashes
}

fn scripts_in(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(open_end) = rest.find('>') else { break };
        let tag = &rest[..open_end];
        let body_start = open_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else { break };
        let body = &rest[body_start..body_start + close];
        if !tag.contains(" src=") && !body.is_empty() {
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!("'sha256-{}'", base64_encode(&digest)));
        }
        rest = &rest[body_start + close..];
    }
    hashes
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn content_security_policy(script_hashes: &[String]) -> String {
    policy(script_hashes, "'none'")
}

fn policy(script_hashes: &[String], frame_ancestors: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'{}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {frame_ancestors}",
        script_hashes.join(" "),
        live_reload_source()
    )
}

/// `/campaigns/{slug}/embed`, the card partners' sites show in a frame: the one page any site may
/// frame. It has no form and no script, so being framed lends nothing to a clickjacker.
pub fn may_be_framed(path: &str) -> bool {
    path.strip_prefix("/campaigns/")
        .and_then(|rest| rest.strip_suffix("/embed"))
        .is_some_and(|slug| !slug.is_empty() && !slug.contains('/'))
}

/// Under `cargo leptos watch` pages listen on a websocket for "rebuilt, reload"; never otherwise.
fn live_reload_source() -> &'static str {
    static WATCHING: std::sync::LazyLock<bool> =
        std::sync::LazyLock::new(|| std::env::var_os("LEPTOS_WATCH").is_some());
    if *WATCHING { " ws:" } else { "" }
}

pub async fn security_headers(request: Request, next: Next) -> Response {
    let framed = may_be_framed(request.uri().path());
    let response = next.run(request).await;
    let is_html =
        response.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    let mut response = if is_html {
        let (mut parts, body) = response.into_parts();
        let Ok(bytes) = to_bytes(body, MAX_HTML).await else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let hashes = inline_script_hashes(&String::from_utf8_lossy(&bytes));
        let csp = if framed { policy(&hashes, "*") } else { content_security_policy(&hashes) };
        if let Ok(value) = HeaderValue::from_str(&csp) {
            parts.headers.insert(CONTENT_SECURITY_POLICY, value);
        }
        Response::from_parts(parts, Body::from(bytes))
    } else {
        response
    };
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    if !framed {
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_shells_own_inline_scripts_are_hashed() {
        let html = format!(
            "<head><script type=\"module\" nonce=\"x\">import('/pkg/a.js')</script><script src=\"/x.js\"></script>\
             {}<title></title><script>alert(1)</script></head><body><script>alert(2)</script>\
             </html><script>alert(3)</script></body></html><script>__INCOMPLETE_CHUNKS=[];</script>",
            pages::OWN_SCRIPTS_END
        );
        let hashes = inline_script_hashes(&html);
        assert_eq!(hashes.len(), 2, "{hashes:?}");
        let expected = base64_encode(&Sha256::digest(b"import('/pkg/a.js')"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
        let expected = base64_encode(&Sha256::digest(b"__INCOMPLETE_CHUNKS=[];"));
        assert_eq!(hashes[1], format!("'sha256-{expected}'"), "leptos's own, after the document's end");
        assert!(inline_script_hashes("<script>alert(1)</script>").is_empty(), "no marker, nothing allowed");
    }

    #[test]
    fn cross_site_requests_are_recognised() {
        let mut h = HeaderMap::new();
        assert!(!is_cross_site(&h, "http://127.0.0.1:3000"), "no browser headers: not a browser");
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(is_cross_site(&h, "http://127.0.0.1:3000"));
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(!is_cross_site(&h, "http://127.0.0.1:3000"));
        let mut h = HeaderMap::new();
        h.insert(ORIGIN, HeaderValue::from_static("https://evil.example"));
        assert!(is_cross_site(&h, "https://portal.example"));
        h.insert(ORIGIN, HeaderValue::from_static("https://portal.example"));
        assert!(!is_cross_site(&h, "https://portal.example/"));
        // A Host the client wrote proves nothing, and the scheme and port count.
        h.insert(axum::http::header::HOST, HeaderValue::from_static("evil.example"));
        h.insert(ORIGIN, HeaderValue::from_static("https://evil.example"));
        assert!(is_cross_site(&h, "https://portal.example"), "trusting Host would let this through");
        h.insert(ORIGIN, HeaderValue::from_static("http://portal.example"));
        assert!(is_cross_site(&h, "https://portal.example"), "http is another origin than https");
        h.insert(ORIGIN, HeaderValue::from_static("https://portal.example:8443"));
        assert!(is_cross_site(&h, "https://portal.example"), "another port is another origin");
    }
}
