//! A real SMTP server for the stories (mailin-embedded on a loopback port): it keeps every message
//! it accepts, and can refuse one recipient for good, as a mail server does for an unknown mailbox.

use std::net::{IpAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mailin_embedded::{Handler, Response, Server, SslConfig, response};

/// One accepted message: the envelope and the raw text.
#[derive(Clone, Debug)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: Vec<u8>,
}

impl Received {
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        #[allow(clippy::expect_used)]
        mail_parser::MessageParser::default().parse(&self.data).expect("a message the parser reads")
    }

    pub fn raw(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

#[derive(Clone)]
struct Collect {
    inbox: Arc<Mutex<Vec<Received>>>,
    refuse: Option<String>,
    current: Option<Received>,
}

impl Handler for Collect {
    fn rcpt(&mut self, to: &str) -> Response {
        if self.refuse.as_deref() == Some(to.trim_matches(['<', '>'])) { response::NO_MAILBOX } else { response::OK }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some(Received { from: from.to_owned(), to: to.to_vec(), data: Vec::new() });
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(current) = &mut self.current {
            current.data.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let (Some(message), Ok(mut inbox)) = (self.current.take(), self.inbox.lock()) {
            inbox.push(message);
        }
        response::OK
    }

    fn helo(&mut self, _ip: IpAddr, _domain: &str) -> Response {
        response::OK
    }
}

pub struct MailSink {
    pub port: u16,
    inbox: Arc<Mutex<Vec<Received>>>,
}

impl MailSink {
    /// Listens on a free loopback port.
    pub fn start() -> anyhow::Result<Self> {
        Self::serve(TcpListener::bind("127.0.0.1:0")?, None)
    }

    /// Listens on a given port (a server coming back after an outage).
    pub fn start_on(port: u16) -> anyhow::Result<Self> {
        Self::serve(TcpListener::bind(("127.0.0.1", port))?, None)
    }

    /// Refuses `address` with 550, accepts everything else.
    pub fn refusing(address: &str) -> anyhow::Result<Self> {
        Self::serve(TcpListener::bind("127.0.0.1:0")?, Some(address.to_owned()))
    }

    fn serve(listener: TcpListener, refuse: Option<String>) -> anyhow::Result<Self> {
        let port = listener.local_addr()?.port();
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let mut server = Server::new(Collect { inbox: inbox.clone(), refuse, current: None });
        server
            .with_name("sink.test")
            .with_ssl(SslConfig::None)
            .map_err(|e| anyhow::anyhow!("the SMTP sink cannot start: {e}"))?
            .with_num_threads(4)
            .with_tcp_listener(listener);
        // The server lives as long as the test process; each story has its own port.
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        Ok(MailSink { port, inbox })
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn messages(&self) -> Vec<Received> {
        self.inbox.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// Waits until at least `count` messages arrived (or `within` passed) and answers them all.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + within;
        while self.messages().len() < count && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.messages()
    }
}

/// A loopback port nothing listens on (yet): a mail server that is down.
pub fn closed_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
