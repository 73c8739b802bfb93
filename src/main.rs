//! The `myna-recon` binary: parse the command line, run, map the result to an exit status.

use clap::Parser;

fn main() {
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
