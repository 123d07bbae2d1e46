//! Sending email: the transport chosen by `PORTAL_MAIL_URL`, and composing a notice as a message
//! (plain text and HTML alternatives, the VietQR code as an inline PNG, a stable Message-ID).

use std::time::Duration;

use domain::text::one_line;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use portal::notices::RenderedNotice;

/// How long one message may take to hand over, connection included (lettre's own timeout covers
/// only some steps).
pub const SEND_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, PartialEq, Eq)]
pub enum SendError {
    /// The server refused for good (5xx: no such mailbox…); sending again will not help.
    Refused(String),
    /// The server is away or busy, or answered 4xx: try again later.
    Later(String),
}

pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// `.eml` files in a directory: the local run needs no mail server.
    File(AsyncFileTransport<Tokio1Executor>),
    /// Only a log line per message.
    Log,
}

impl Mailer {
    /// `smtp://user:pass@host:port[?tls=required]`, `smtps://…`, `file:DIR` or `log`.
    pub fn from_url(url: &str) -> anyhow::Result<Self> {
        let url = url.trim();
        if url == "log" {
            return Ok(Mailer::Log);
        }
        if let Some(dir) = url.strip_prefix("file:") {
            let dir = dir.trim_start_matches("//");
            std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("PORTAL_MAIL_URL: cannot create {dir}: {e}"))?;
            return Ok(Mailer::File(AsyncFileTransport::new(dir)));
        }
        if url.starts_with("smtp://") || url.starts_with("smtps://") {
            let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map_err(|e| anyhow::anyhow!("PORTAL_MAIL_URL is not a usable SMTP address: {e}"))?
                .timeout(Some(Duration::from_secs(20)))
                .build();
            return Ok(Mailer::Smtp(transport));
        }
        anyhow::bail!("PORTAL_MAIL_URL must be smtp://…, smtps://…, file:DIRECTORY or log")
    }

    pub async fn send(&self, message: Message) -> Result<(), SendError> {
        match self {
            Mailer::Smtp(smtp) => tokio::time::timeout(SEND_TIMEOUT, smtp.send(message))
                .await
                .map_err(|_| SendError::Later("the mail server did not answer in time".to_owned()))?
                .map(|_| ())
                .map_err(|e| {
                    if e.is_permanent() { SendError::Refused(e.to_string()) } else { SendError::Later(e.to_string()) }
                }),
            Mailer::File(file) => file.send(message).await.map(|_| ()).map_err(|e| SendError::Later(e.to_string())),
            Mailer::Log => {
                let to = message.envelope().to().iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
                tracing::info!(%to, "notice (PORTAL_MAIL_URL=log, not sent)");
                Ok(())
            }
        }
    }
}

/// The host name Message-IDs end with: the portal's public host.
pub fn message_id_domain(public_url: &str) -> String {
    let rest = public_url.split_once("://").map_or(public_url, |(_, r)| r);
    let host = rest.split(['/', ':']).next().unwrap_or("localhost");
    if host.is_empty() { "localhost".to_owned() } else { host.to_owned() }
}

type HeaderError = Box<dyn std::error::Error + Send + Sync>;

/// `List-Unsubscribe: <https://…>` (RFC 2369): mail programs show their own unsubscribe button.
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, HeaderError> {
        Ok(ListUnsubscribe(s.trim().trim_start_matches('<').trim_end_matches('>').to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): that button unsubscribes with
/// one POST to the address above, without opening a page.
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, HeaderError> {
        Ok(ListUnsubscribePost)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// A notice as a message. The name and subject are single lines and the address must parse as
/// one mailbox, so nothing a donor typed can add a header or a recipient. A digest names its
/// unsubscribe address in the headers (`unsubscribe`: the portal's own https or http address).
pub fn compose(
    from: &Mailbox,
    to_name: &str,
    to_email: &str,
    notice: &RenderedNotice,
    qr_png: Option<Vec<u8>>,
    message_id: String,
    unsubscribe: Option<&str>,
) -> Result<Message, String> {
    let address = to_email.trim().parse::<lettre::Address>().map_err(|e| format!("not a usable address: {e}"))?;
    let to = Mailbox::new(Some(one_line(to_name)).filter(|n| !n.is_empty()), address);
    let text = SinglePart::plain(notice.text.clone());
    let html = SinglePart::html(notice.html.clone());
    let html_part = match qr_png {
        Some(png) => MultiPart::related().singlepart(html).singlepart(
            Attachment::new_inline("vietqr".to_owned())
                .body(png, ContentType::parse("image/png").map_err(|e| e.to_string())?),
        ),
        None => MultiPart::related().singlepart(html),
    };
    let mut builder =
        Message::builder().from(from.clone()).to(to).subject(one_line(&notice.subject)).message_id(Some(message_id));
    if let Some(url) = unsubscribe {
        let plain = url.starts_with("https://") || url.starts_with("http://");
        if !plain || url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',')) {
            return Err(format!("not an unsubscribe address: {url:?}"));
        }
        builder = builder.header(ListUnsubscribe(url.to_owned())).header(ListUnsubscribePost);
    }
    builder.multipart(MultiPart::alternative().singlepart(text).multipart(html_part)).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice() -> RenderedNotice {
        RenderedNotice {
            subject: "Cảm ơn\r\nBcc: x@evil.vn".into(), text: "Chào".into(), html: "<p>Chào</p>".into()
        }
    }

    #[test]
    fn a_crafted_name_or_address_adds_no_header_or_recipient() {
        let from: Mailbox = "Cổng Hỗ trợ Trẻ em <no-reply@portal.example>".parse().unwrap();
        let message = compose(
            &from,
            "Minh\r\nBcc: spy@evil.vn",
            "donor@example.vn",
            &notice(),
            None,
            "<n-1@portal.example>".into(),
            None,
        )
        .unwrap();
        let raw = String::from_utf8(message.formatted()).unwrap();
        assert!(!raw.lines().any(|l| l.to_ascii_lowercase().starts_with("bcc:")), "{raw}");
        assert_eq!(message.envelope().to().len(), 1);
        assert!(raw.contains("Message-ID: <n-1@portal.example>"));
        for crafted in ["donor@example.vn\r\nBcc: spy@evil.vn", "a@b.vn, spy@evil.vn", "Spy <spy@evil.vn>"] {
            assert!(compose(&from, "Minh", crafted, &notice(), None, "<n-2@x>".into(), None).is_err(), "{crafted:?}");
        }
    }

    #[test]
    fn a_digest_offers_one_click_unsubscribe_in_its_headers() {
        let from: Mailbox = "Cổng <no-reply@portal.example>".parse().unwrap();
        let url = "https://portal.example/digest/unsubscribe/ab12";
        let message =
            compose(&from, "Lan", "lan@example.vn", &notice(), None, "<n-3@portal.example>".into(), Some(url)).unwrap();
        let raw = String::from_utf8(message.formatted()).unwrap();
        assert!(raw.contains("List-Unsubscribe: <https://portal.example/digest/unsubscribe/ab12>\r\n"), "{raw}");
        assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), "{raw}");
        let crafted = "https://portal.example/x>\r\nBcc: spy@evil.vn";
        assert!(compose(&from, "Lan", "lan@example.vn", &notice(), None, "<n-4@x>".into(), Some(crafted)).is_err());
    }

    #[test]
    fn message_ids_end_with_the_public_host() {
        assert_eq!(message_id_domain("https://ungho.thainguyen.gov.vn/"), "ungho.thainguyen.gov.vn");
        assert_eq!(message_id_domain("http://127.0.0.1:3000"), "127.0.0.1");
    }
}
