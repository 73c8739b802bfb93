//! myna-recon: the monthly My Number (個人番号) reconciliation of a Japanese health insurer.
//!
//! The insurer's members are compared with the resident register's answer for their
//! numbers on the five attributes (漢字氏名, カナ氏名, 生年月日, 性別, 住所); notation is
//! folded, MHLW's 2023 table is applied, and the suspension, contact and review lists are
//! written with an audit trail.
//!
//! The pipeline, stage → module:
//!
//! | stage | module |
//! | --- | --- |
//! | flags and config → settings | [`cli`], [`settings`] |
//! | file → text (mapped) → row keys, rejects; rows read again a chunk at a time | [`read`] (encoding detection in [`read::encoding`]) |
//! | number form and check digit | [`checks`] |
//! | members ⋈ register on the number (sort-merge) | [`join`] |
//! | normalise the five attributes | [`normalize`] |
//! | compare → verdicts | [`compare`] (types in [`model`]) |
//! | what the household says (moves, swaps, twins, a number twice) | [`household`] |
//! | facts → signals → outcome, MHLW category, reasons | [`classify`], [`policy`] (rules in `policies/*.toml`); outcomes and reasons themselves in [`outcome`], below both |
//! | settled flags (理由付き疑いなし) and their fingerprints | [`resolutions`] |
//! | what the stages hand on: the inputs read, chunks of judged members, timings | [`judged`] |
//! | lists, report.html, diff against the previous run, summary.json, atomic output | [`report`] |
//! | the run, stage by stage, judging a chunk of whole households at a time | [`pipeline`] |
//! | subcommands | [`cmd`] |

pub mod cli;
pub mod cmd;
pub mod error;
pub mod join;
pub mod judge;
pub mod model;
pub mod normalize;
pub mod outcome;
pub mod pipeline;
pub mod policy;
pub mod progress;
pub mod read;
pub mod report;
pub mod settings;
