//! What a long command shows on stderr beside its output: a progress line while history
//! is walked, and warnings.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// A `\r` progress line on stderr, shown only on a terminal and only once a walk has
/// taken more than a second; erased when done, however the walk ends.
#[derive(Debug)]
pub(super) struct Progress {
    started: Instant,
    enabled: bool,
    shown: bool,
    label: &'static str,
}

impl Progress {
    pub(super) fn new(label: &'static str) -> Progress {
        Progress {
            started: Instant::now(),
            // The line is redrawn with `\r` and erased with an escape code: a terminal
            // that is not `TERM=dumb` only.
            enabled: std::io::stderr().is_terminal()
                && std::env::var_os("TERM").is_none_or(|term| term != "dumb"),
            shown: false,
            label,
        }
    }

    /// `done` of `total` commits read.
    pub(super) fn tick(&mut self, done: usize, total: usize) {
        if !self.enabled || self.started.elapsed() < Duration::from_secs(1) {
            return;
        }
        if done % 50 == 0 || done == total {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{}: {done}/{total} commits", self.label);
            let _ = err.flush();
            self.shown = true;
        }
    }

    /// Erases the line, if it was shown.
    pub(super) fn finish(&mut self) {
        if self.shown {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.shown = false;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Prints a warning on stderr (for notes that must not mix with the output).
pub(super) fn warn(message: &str) {
    let _ = writeln!(
        std::io::stderr().lock(),
        "warning: {}",
        crate::render::visible(message)
    );
}

/// Prints each note of an operation as a warning.
pub(super) fn warn_all(notes: &[String]) {
    for note in notes {
        warn(note);
    }
}
