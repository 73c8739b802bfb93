//! `myna-recon run`: flags + config file + defaults → [`Settings`] → the pipeline.

use crate::cli::RunArgs;
use crate::error::{Error, Result};
use crate::outcome::Outcome;
use crate::pipeline;
use crate::settings::{available_cores, Settings, DEFAULT_CHUNK_MEMBERS};

pub fn run(args: RunArgs) -> Result<()> {
    let settings = settings(args)?;
    let report = pipeline::run(&settings)?;
    if settings.progress {
        let count = |o| report.counts.get(&o).copied().unwrap_or(0);
        let n = |n: usize| indicatif::HumanCount(n as u64).to_string();
        // Every member row read, once: the outcomes and the rejects add up to it.
        eprintln!(
            "myna-recon: {} member rows read: {} suspended, {} to confirm, {} to review, {} without a number (number_request_list.csv), {} in order, {} settled earlier, {} rejected (rejects.csv); {} letters to send (contact_list.csv, letters.html); outputs in {}",
            n(report.members_read),
            n(count(Outcome::Suspend)),
            n(count(Outcome::Contact)),
            n(count(Outcome::Review)),
            n(count(Outcome::Unregistered)),
            n(count(Outcome::Ok)),
            n(count(Outcome::Resolved)),
            n(report.rejected),
            n(report.contacted),
            settings.out_dir.display()
        );
    }
    Ok(())
}

fn settings(args: RunArgs) -> Result<Settings> {
    let mut config = super::load_config(args.config.as_deref())?;
    if let Some(encoding) = args.output_encoding {
        config.output.encoding = encoding;
    }
    config.output.xlsx |= args.xlsx;
    let mut files = vec![
        ("--members", args.members.as_path()),
        ("--register", args.register.as_path()),
    ];
    if let Some(resolutions) = &args.resolutions {
        files.push(("--resolutions", resolutions.as_path()));
    }
    if let Some(offices) = &args.offices {
        files.push(("--offices", offices.as_path()));
    }
    super::require_files(&files)?;
    if args.members == args.register {
        return Err(Error::Usage(
            "--members and --register name the same file".into(),
        ));
    }
    if let Some(previous) = &args.previous {
        if !previous.join(crate::report::RESULTS).is_file() {
            return Err(Error::Usage(format!(
                "--previous {}: no results.csv there (give the output folder of an earlier run)",
                previous.display()
            )));
        }
    }
    Ok(Settings {
        members_path: args.members,
        register_path: args.register,
        out_dir: args.out,
        config_path: args.config,
        config,
        resolutions_path: args.resolutions,
        offices_path: args.offices,
        previous_dir: args.previous,
        previous_may_differ: args.previous_may_differ,
        jobs: args.jobs.map_or_else(available_cores, usize::from),
        chunk_members: args
            .chunk_members
            .map_or(DEFAULT_CHUNK_MEMBERS, |n| n as usize),
        progress: !args.quiet,
    })
}
