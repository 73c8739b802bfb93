//! myna-recon: the monthly My Number (個人番号) reconciliation of a Japanese health insurer.
//!
//! The insurer's members are compared with the resident register's answer for their
//! numbers on the five attributes (漢字氏名, カナ氏名, 生年月日, 性別, 住所); notation is
//! folded, MHLW's 2023 table is applied, and the suspension, contact and review lists are
//! written with an audit trail.
//!
//! The pipeline's stages are folders, in the order a run goes through them; each imports
//! only the stages before it and the vocabulary below them all (no module imports one that
//! imports it):
//!
//! | stage | module |
//! | --- | --- |
//! | 1. file → text (mapped) → a typed key per row, rejects; the column mapping; the resolutions file; rows read again a chunk at a time | [`read`] |
//! | 2. the five attributes and the number folded and parsed (pure functions) | [`normalize`] (the number's form and check digit in [`normalize::number`]) |
//! | 3. usable rows, members ⋈ register on the number (sort-merge), resolutions ⋈ members, households in order | [`join`] |
//! | 4. a chunk of whole households at a time: compare → verdicts, household facts, facts → signals → outcome, settled flags honoured; the judged member | [`judge`] |
//! | 5. lists (results.csv's schema in [`report::results`]), the contact list and letters ([`report::notice`], [`report::letters`]), report.html, diff and lift list, .xlsx copies, summary.json, the output folder put in place at once | [`report`] |
//! | the run, stage by stage | [`pipeline`] |
//!
//! Below the stages, shared by them: [`model`] (attributes, persons, verdicts),
//! [`outcome`] (outcomes and reasons), [`policy`] (signals, rules and the shipped profiles in
//! `policies/*.toml`), [`settings`] (config and its defaults, in one place), [`error`],
//! [`progress`]. Above them: [`cli`] (flags) and [`cmd`] (one file per subcommand).
//!
//! The synthetic-data generator and grader are a crate of their own (`myna-synth/`), so the
//! binary that handles real My Numbers carries none of it.

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
