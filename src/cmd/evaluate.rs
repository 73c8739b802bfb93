//! `myna-recon evaluate`: grade a run against generated truth; prints Markdown tables.

use crate::cli::EvaluateArgs;
use crate::error::Result;
use crate::evaluate::grade;

pub fn run(args: EvaluateArgs) -> Result<()> {
    let grade = grade(&args.truth, &args.results)?;
    print!("{}", grade.to_markdown());
    Ok(())
}
