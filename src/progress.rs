//! Progress on stderr: one bar per stage with counts and rate; nothing at all with
//! `--quiet` or when stderr is not a terminal. Bars never show a My Number or a name.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Creates stage bars, or hidden ones.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    enabled: bool,
}

impl Progress {
    /// Bars are drawn when asked for and stderr is a terminal.
    pub fn new(requested: bool) -> Progress {
        use std::io::IsTerminal;
        Progress {
            enabled: requested && std::io::stderr().is_terminal(),
        }
    }

    /// A bar for a stage of `total` items (records).
    pub fn stage(&self, name: &str, total: u64) -> ProgressBar {
        if !self.enabled {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix:>10} [{bar:30}] {human_pos}/{human_len} {per_sec} {elapsed}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_prefix(name.to_owned());
        bar
    }

    /// A spinner for a stage whose size is not known in advance.
    pub fn spinner(&self, name: &str) -> ProgressBar {
        if !self.enabled {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{prefix:>10} {spinner} {msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_prefix(name.to_owned());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    }
}
