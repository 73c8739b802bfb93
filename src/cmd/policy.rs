//! `myna-recon policy --profile NAME`: prints a shipped policy's TOML (as in `policies/`),
//! to read, or to copy into a config and change.

use crate::cli::{PolicyArgs, ProfileArg};
use crate::error::Result;
use crate::policy::Profile;

pub fn run(args: PolicyArgs) -> Result<()> {
    let profile = match args.profile {
        ProfileArg::Default => Profile::Default,
        ProfileArg::Mhlw2023 => Profile::Mhlw2023,
    };
    print!("{}", profile.source());
    Ok(())
}
