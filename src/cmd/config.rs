//! `myna-recon config [--example]`: the example config with every key, its default and
//! what it does (embedded, so it needs no source tree), or the defaults alone as TOML.

use crate::cli::ConfigArgs;
use crate::error::{Error, Result};
use crate::settings::{Config, EXAMPLE_CONFIG};

pub fn run(args: ConfigArgs) -> Result<()> {
    if args.example {
        print!("{EXAMPLE_CONFIG}");
        return Ok(());
    }
    let defaults = toml::to_string(&Config::default())
        .map_err(|e| Error::Other(format!("cannot write the defaults: {e}")))?;
    print!("{defaults}");
    Ok(())
}
