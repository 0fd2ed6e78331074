//! The wire: `Content-Length` framed JSON-RPC messages, read on a thread of their own so
//! that the server can wait for a message or a deadline, and written by the server on
//! the writer it was handed.
//!
//! A body that is not a message is answered with a parse error and the session goes on;
//! a frame that cannot be read (no length, a length over [`MAX_BODY`], the input gone)
//! ends it.

use std::io::{self, BufRead, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use lsp_server::Message;

/// The largest message read: far above any plan file the loader would read (1 MiB by
/// default), far below what would exhaust memory.
pub(super) const MAX_BODY: usize = 64 << 20;

/// What the reading thread hands over.
#[derive(Debug)]
pub(crate) enum Received {
    Message(Message),
    /// A frame whose body is not a JSON-RPC message: why.
    Malformed(String),
    /// The input ended or cannot be read any more: why.
    Closed(String),
}

/// The messages of the client, as they arrive.
#[derive(Debug)]
pub(crate) struct Incoming {
    receiver: Receiver<Received>,
}

impl Incoming {
    /// Starts reading `input` on a thread of its own. The thread ends with the input,
    /// or with the process.
    pub(crate) fn spawn(mut input: Box<dyn BufRead + Send>) -> Incoming {
        let (sender, receiver) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("bearing-lsp-reader".to_owned())
            .spawn(move || {
                loop {
                    let received = read(&mut input);
                    let closed = matches!(received, Received::Closed(_));
                    if sender.send(received).is_err() || closed {
                        return;
                    }
                }
            });
        if let Err(e) = spawned {
            // No thread: the server sees a closed input and ends.
            let (sender, receiver) = mpsc::channel();
            let _ = sender.send(Received::Closed(format!("cannot start a thread: {e}")));
            return Incoming { receiver };
        }
        Incoming { receiver }
    }

    /// The next message, waiting at most `timeout` (`None`: as long as it takes).
    /// `None` when the time ran out.
    pub(crate) fn next(&self, timeout: Option<Duration>) -> Option<Received> {
        match timeout {
            None => Some(
                self.receiver
                    .recv()
                    .unwrap_or_else(|_| Received::Closed("the reader stopped".to_owned())),
            ),
            Some(t) => match self.receiver.recv_timeout(t) {
                Ok(r) => Some(r),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => {
                    Some(Received::Closed("the reader stopped".to_owned()))
                }
            },
        }
    }
}

/// Reads one frame.
fn read(input: &mut dyn BufRead) -> Received {
    let mut length: Option<usize> = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        // A header line is short; a reader that never sends a line break is cut off.
        match io::Read::take(&mut *input, 8 * 1024).read_until(b'\n', &mut line) {
            Ok(0) => return Received::Closed("the input ended".to_owned()),
            Ok(_) => {}
            Err(e) => return Received::Closed(format!("cannot read the input: {e}")),
        }
        if !line.ends_with(b"\n") {
            return Received::Closed("a header line is too long".to_owned());
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
        }
    }
    let Some(length) = length else {
        return Received::Closed("a message without a valid `Content-Length`".to_owned());
    };
    if length > MAX_BODY {
        return Received::Closed(format!(
            "a message of {length} bytes is over the {} limit",
            crate::format::bytes(MAX_BODY as u64)
        ));
    }
    let mut body = vec![0; length];
    if let Err(e) = input.read_exact(&mut body) {
        return Received::Closed(format!("the input ended inside a message: {e}"));
    }
    match serde_json::from_slice::<Message>(&body) {
        Ok(message) => Received::Message(message),
        Err(e) => Received::Malformed(e.to_string()),
    }
}

/// Writes one message and flushes it.
pub(super) fn send(out: &mut dyn Write, message: Message) -> io::Result<()> {
    let mut out = out;
    message.write(&mut out)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(bytes: &[u8]) -> Vec<Received> {
        let mut input: &[u8] = bytes;
        let mut out = Vec::new();
        loop {
            let r = read(&mut input);
            let closed = matches!(r, Received::Closed(_));
            out.push(r);
            if closed {
                return out;
            }
        }
    }

    #[test]
    fn messages_malformed_bodies_and_broken_frames() {
        let body = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let bad = "{not json";
        let input = format!(
            "Content-Length: {}\r\n\r\n{body}Content-Length: {}\r\n\r\n{bad}Content-Length: 99999999999\r\n\r\n",
            body.len(),
            bad.len()
        );
        let got = frames(input.as_bytes());
        assert!(
            matches!(&got[0], Received::Message(Message::Notification(n)) if n.method == "initialized")
        );
        assert!(matches!(&got[1], Received::Malformed(_)));
        assert!(matches!(&got[2], Received::Closed(why) if why.contains("limit")));
        let got = frames(b"X-Nothing: 1\r\n\r\n");
        assert!(matches!(&got[0], Received::Closed(why) if why.contains("Content-Length")));
        let got = frames(b"Content-Length: 10\r\n\r\n{}");
        assert!(matches!(&got[0], Received::Closed(why) if why.contains("inside")));
    }
}
