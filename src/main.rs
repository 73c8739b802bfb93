//! The `myna-recon` binary: parse the command line, run, map the result to an exit status.

use clap::Parser;

// The run allocates millions of small strings (normalised keys) across threads: mimalloc
// is markedly faster at that than the system allocator and returns memory sooner.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
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
