//! The `myna-recon` binary: parse the command line, run, map the result to an exit status.

use clap::Parser;

// The run allocates millions of small strings (normalised keys) across threads: mimalloc
// is markedly faster at that than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (v2 and v3) of the pinned libmimalloc-sys.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A batch run frees and reallocates large buffers stage after stage; returning freed pages
/// to the OS (mimalloc's default, after 10 ms) made the kernel zero them again on reuse —
/// a quarter of the CPU time of a 10^6-member run. Keep them until the process ends.
fn keep_freed_memory() {
    // SAFETY: sets a global allocator option before any thread is started; the option
    // index is checked against the pinned mimalloc header above, and an unknown index is
    // ignored by mimalloc.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

fn main() {
    keep_freed_memory();
    // A panic message may quote the data it failed on, and the data hold My Numbers: report
    // where it happened, never what it was holding.
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        eprintln!(
            "myna-recon: internal error{location}; the run stopped before its outputs were complete. Please report it."
        );
        std::process::exit(myna_recon::error::ExitCode::Failure as i32);
    }));
    let cli = myna_recon::cli::Cli::parse();
    let code = match myna_recon::cmd::run(cli) {
        Ok(()) => myna_recon::error::ExitCode::Success,
        Err(error) => {
            eprintln!("myna-recon: error: {error}");
            error.exit_code()
        }
    };
    std::process::exit(code as i32);
}
