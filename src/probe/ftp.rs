//! Just enough FTP to walk a client's path: replies, commands, PASV. The
//! probe needs each raw answer (the 227's address, a 522's text), which a
//! full client library hides; and the maintained async client (suppaftp)
//! would change a crate feature the AWS SDK shares, forcing a full rebuild.

use std::net::Ipv4Addr;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// The longest reply line, and the most lines and bytes of one reply, the
/// probe reads: a server that streams without end is cut off at the cap.
const MAX_LINE: usize = 8 * 1024;
const MAX_LINES: usize = 200;
const MAX_REPLY: usize = 64 * 1024;

/// How a login's detail starts when the server demands TLS (a 530 "must
/// use encryption" on plain FTP): not a refused password.
pub const TLS_DEMANDED: &str = "the server demands TLS before a login";

/// Whether a refusal on plain FTP says TLS is required (vsftpd's "530
/// Non-anonymous sessions must use encryption.", "534 Policy requires SSL",
/// "550 SSL/TLS required on the control channel").
pub fn demands_tls(reply: &Reply) -> bool {
    let text = reply.text.to_ascii_lowercase();
    matches!(reply.code, 530 | 534 | 550)
        && ["tls", "ssl", "encrypt"].iter().any(|w| text.contains(w))
}

/// A reply: its code and its text (all lines of a multi-line reply).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub code: u16,
    pub text: String,
}

impl Reply {
    pub fn is(&self, class: u16) -> bool {
        self.code / 100 == class
    }

    /// The first line, as shown in a step's detail.
    pub fn line(&self) -> String {
        self.text.lines().next().unwrap_or("").to_string()
    }
}

pub trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

pub struct Control<S> {
    stream: BufReader<S>,
}

fn protocol_error(text: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, text)
}

impl<S: AsyncRead + AsyncWrite + Unpin> Control<S> {
    pub fn new(stream: S) -> Self {
        Self {
            stream: BufReader::new(stream),
        }
    }

    pub fn into_inner(self) -> S {
        self.stream.into_inner()
    }

    async fn read_line(&mut self) -> std::io::Result<String> {
        let mut line = Vec::new();
        let read = (&mut self.stream)
            .take(MAX_LINE as u64)
            .read_until(b'\n', &mut line)
            .await?;
        if read == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            ));
        }
        if read == MAX_LINE && !line.ends_with(b"\n") {
            return Err(protocol_error(format!(
                "a reply line longer than {} KiB: the probe stops reading at this cap",
                MAX_LINE / 1024
            )));
        }
        Ok(String::from_utf8_lossy(&line).trim_end().to_string())
    }

    /// Reads one reply, following `123-` continuation lines to `123 `.
    pub async fn read_reply(&mut self) -> std::io::Result<Reply> {
        let first = self.read_line().await?;
        let code: u16 = first
            .get(..3)
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| protocol_error(format!("not an FTP reply: {first:?}")))?;
        let mut text = first.clone();
        if first.as_bytes().get(3) == Some(&b'-') {
            let end = format!("{code} ");
            for _ in 0..MAX_LINES {
                let line = self.read_line().await?;
                text.push('\n');
                text.push_str(&line);
                if line.starts_with(&end) {
                    return Ok(Reply { code, text });
                }
                if text.len() > MAX_REPLY {
                    break;
                }
            }
            return Err(protocol_error(format!(
                "reply {code} did not end within {MAX_LINES} lines or {} KiB: the probe stops reading at this cap",
                MAX_REPLY / 1024
            )));
        }
        Ok(Reply { code, text })
    }

    pub async fn send(&mut self, line: &str) -> std::io::Result<()> {
        let stream = self.stream.get_mut();
        stream.write_all(line.as_bytes()).await?;
        stream.write_all(b"\r\n").await?;
        stream.flush().await
    }

    pub async fn command(&mut self, line: &str) -> std::io::Result<Reply> {
        self.send(line).await?;
        self.read_reply().await
    }
}

/// The address and port of `227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)`.
pub fn parse_pasv(text: &str) -> Option<(Ipv4Addr, u16)> {
    let inside = match (text.find('('), text.rfind(')')) {
        (Some(open), Some(close)) if open < close => &text[open + 1..close],
        // Some servers leave out the parentheses: take the numbers after the code.
        _ => text.split_whitespace().last()?,
    };
    let numbers: Vec<u8> = inside
        .split(',')
        .map(|n| n.trim().trim_end_matches('.').parse::<u8>())
        .collect::<Result<_, _>>()
        .ok()?;
    let [a, b, c, d, p1, p2] = numbers.as_slice() else {
        return None;
    };
    Some((
        Ipv4Addr::new(*a, *b, *c, *d),
        u16::from(*p1) * 256 + u16::from(*p2),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasv_replies_give_address_and_port() {
        assert_eq!(
            parse_pasv("227 Entering Passive Mode (10,2,1,151,32,3)."),
            Some((Ipv4Addr::new(10, 2, 1, 151), 8195))
        );
        assert_eq!(
            parse_pasv("227 Entering Passive Mode 127,0,0,1,32,0"),
            Some((Ipv4Addr::new(127, 0, 0, 1), 8192))
        );
        assert_eq!(
            parse_pasv("227 Entering Passive Mode (10,2,1,300,32,3)"),
            None
        );
        assert_eq!(parse_pasv("227 ok"), None);
    }

    #[test]
    fn a_server_demanding_tls_is_told_from_a_refused_password() {
        let reply = |code, text: &str| Reply {
            code,
            text: text.into(),
        };
        assert!(demands_tls(&reply(
            530,
            "530 Non-anonymous sessions must use encryption."
        )));
        assert!(demands_tls(&reply(534, "534 Policy requires SSL.")));
        assert!(demands_tls(&reply(
            550,
            "550 SSL/TLS required on the control channel"
        )));
        assert!(!demands_tls(&reply(530, "530 Login incorrect.")));
        assert!(!demands_tls(&reply(
            331,
            "331 Send the password, TLS or not"
        )));
    }

    #[tokio::test]
    async fn a_reply_that_never_ends_stops_at_the_cap() {
        let (client, mut server) = tokio::io::duplex(64 * 1024);
        tokio::spawn(async move {
            let _ = server.write_all(b"220-Welcome\r\n").await;
            for _ in 0..100_000 {
                if server.write_all(&[b'x'; 1024]).await.is_err() {
                    return;
                }
            }
        });
        let mut control = Control::new(client);
        let err = control.read_reply().await.unwrap_err();
        assert!(err.to_string().contains("cap"), "{err}");
    }

    #[tokio::test]
    async fn multi_line_replies_are_read_whole() {
        let (client, mut server) = tokio::io::duplex(1024);
        server
            .write_all(b"220-Welcome\r\n220-to the probe\r\n220 Ready\r\n230 In\r\n")
            .await
            .unwrap();
        let mut control = Control::new(client);
        let reply = control.read_reply().await.unwrap();
        assert_eq!(reply.code, 220);
        assert_eq!(reply.text.lines().count(), 3);
        assert_eq!(control.read_reply().await.unwrap().code, 230);
    }
}
