//! Progress on stderr: one bar per stage (reading, joining, judging, writing) that moves from
//! the start, with a whole-number rate and the time left; nothing at all with `--quiet` or
//! when stderr is not a terminal. Bars never show a My Number or a name.

use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// Creates stage bars, or hidden ones.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    enabled: bool,
}

/// What a bar counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Bytes of the input files (reading).
    Bytes,
    /// Members (judging).
    Members,
    /// The steps of a stage (joining, writing), each named as it starts.
    Steps,
}

impl Progress {
    /// Bars are drawn when asked for and stderr is a terminal.
    pub fn new(requested: bool) -> Progress {
        use std::io::IsTerminal;
        Progress {
            enabled: requested && std::io::stderr().is_terminal(),
        }
    }

    /// A bar for a stage of `total` units, redrawn ten times a second so its time moves
    /// between steps too.
    pub fn bar(&self, name: &str, total: u64, unit: Unit) -> ProgressBar {
        if !self.enabled {
            return ProgressBar::hidden();
        }
        let template = match unit {
            Unit::Bytes => {
                "{prefix:>7} [{bar:30}] {bytes}/{total_bytes}  {binary_bytes_per_sec}  {eta} left"
            }
            Unit::Members => {
                "{prefix:>7} [{bar:30}] {human_pos}/{human_len} members  {rate}  {eta} left"
            }
            Unit::Steps => "{prefix:>7} [{bar:30}] {pos}/{len} {msg}  {elapsed}",
        };
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key(
                "rate",
                |state: &ProgressState, out: &mut dyn std::fmt::Write| {
                    let _ = write!(out, "{}/s", HumanCount(state.per_sec() as u64));
                },
            )
            .progress_chars("=> ");
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        bar.set_style(style);
        bar.set_prefix(name.to_owned());
        bar.enable_steady_tick(std::time::Duration::from_millis(100));
        bar
    }
}
