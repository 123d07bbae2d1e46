//! Accepting connections for a crowd without letting a slow or silent client hold one for ever: at
//! most `max_connections` served at once (more wait in the kernel's listen queue), a request's head
//! read within `header_timeout` of its first byte, a kept-alive connection closed after
//! `idle_timeout` without a request, and a graceful stop that lets requests under way finish.
//! (axum's own `serve` sets none of these: a trickling client stayed 112 s.)

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;

/// How connections are held (PORTAL_HEADER_TIMEOUT_SECONDS, PORTAL_IDLE_TIMEOUT_SECONDS,
/// PORTAL_MAX_CONNECTIONS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 10_000,
        }
    }
}

/// What one connection is doing: since when it has been sending the head of a request that has not
/// reached the router yet (milliseconds after the connection opened, plus one; 0 when none), and
/// how many of its requests are being answered.
#[derive(Default)]
struct Activity {
    head_since: AtomicU64,
    answering: AtomicUsize,
}

/// The connection's socket, noting when the bytes of a new request begin to arrive.
struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
    opened: Instant,
}

impl AsyncRead for Watched {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before
            && self.activity.answering.load(Ordering::Acquire) == 0
            && self.activity.head_since.load(Ordering::Acquire) == 0
        {
            let since = u64::try_from(self.opened.elapsed().as_millis()).unwrap_or(u64::MAX - 1) + 1;
            self.activity.head_since.store(since, Ordering::Release);
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

/// Counts a request as being answered from the moment its head reached the router until its answer
/// is ready (or it was given up).
struct Answering(Arc<Activity>);

impl Answering {
    fn start(activity: &Arc<Activity>) -> Self {
        activity.head_since.store(0, Ordering::Release);
        activity.answering.fetch_add(1, Ordering::AcqRel);
        Answering(activity.clone())
    }
}

impl Drop for Answering {
    fn drop(&mut self) {
        self.0.answering.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then waits for the requests under way.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    // Closed when the stop is asked: every connection finishes its request and closes. Each holds a
    // receiver of `closed`, so the last one to end tells the loop it may return.
    let (stop, stopping) = watch::channel(());
    let (closed, all_closed) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.map_err(std::io::Error::other)?,
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(error = %err, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let stopping = stopping.clone();
        let all_closed = all_closed.clone();
        tokio::spawn(async move {
            serve_connection(stream, peer, router, limits, stopping).await;
            drop(slot);
            drop(all_closed);
        });
    }
    drop(stop);
    drop(all_closed);
    closed.closed().await;
    Ok(())
}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: Limits,
    mut stopping: watch::Receiver<()>,
) {
    let activity = Arc::new(Activity::default());
    let opened = Instant::now();
    let io = TokioIo::new(Watched { stream, activity: activity.clone(), opened });
    let answering = activity.clone();
    let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
        let guard = Answering::start(&answering);
        request.extensions_mut().insert(ConnectInfo(peer));
        let router = router.clone();
        async move {
            let response = router.oneshot(request.map(axum::body::Body::new)).await;
            drop(guard);
            Ok::<_, Infallible>(response.unwrap_or_else(|never| match never {}))
        }
    });
    let mut builder = Builder::new(TokioExecutor::new());
    // hyper's head timer runs from the moment the connection waits for a request: it is the idle
    // limit. The head's own limit runs from its first byte (the watch below).
    builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.idle_timeout).keep_alive(true);
    let mut connection = pin!(builder.serve_connection_with_upgrades(io, service));
    let tick = (limits.header_timeout / 4).clamp(Duration::from_millis(100), Duration::from_secs(1));
    let mut stop_asked = false;
    loop {
        tokio::select! {
            served = connection.as_mut() => {
                if let Err(err) = served {
                    tracing::trace!(error = %err, "connection ended");
                }
                return;
            }
            () = tokio::time::sleep(tick) => {
                let since = activity.head_since.load(Ordering::Acquire);
                let waited = opened.elapsed().saturating_sub(Duration::from_millis(since.saturating_sub(1)));
                if since > 0 && waited > limits.header_timeout {
                    tracing::debug!(%peer, "closed a connection whose request head did not arrive in time");
                    return;
                }
            }
            changed = stopping.changed(), if !stop_asked => {
                let _ = changed;
                stop_asked = true;
                connection.as_mut().graceful_shutdown();
            }
        }
    }
}
