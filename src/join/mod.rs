//! Join: the rows that can be used, the members linked to the register on the number, the
//! resolutions linked to the members by id, and the members grouped by household in the
//! order they are judged.
//!
//! In: both files read as keys ([`keys`]: a member's id, number and household id hashed or
//! as integers, a register row's number) with their fields located, and the resolutions.
//! Out: [`Join`]: the [`Joined`] members and the rejects — every member row read is used or
//! a reject (`usable`: an empty or repeated id; a register row with an invalid or
//! conflicting number), and a resolution naming no member is a reject too. The link is a
//! sort-merge on the integer numbers ([`link`]); [`households`] orders and chunks the members.

pub mod damage;
pub mod households;
pub mod keys;
pub mod link;
mod usable;

use rayon::prelude::*;

use crate::error::Result;
use crate::read::resolutions::Resolutions;
use crate::read::{MemberFields, PersonFields};
use crate::read::{ReadFile, Reject, Source};
use households::household_order;
use keys::{MemberKey, RegisterKey, TextHash};
use usable::{usable_members, usable_register_rows};

/// The members joined to the register on the number.
pub struct Joined {
    /// Usable register rows and their numbers, sorted by number.
    pub register_rows: Vec<(usize, u64)>,
    /// Member rows judged; the vectors below are indexed like it.
    pub used_members: Vec<usize>,
    pub number_keys: Vec<Option<u64>>,
    /// Into `register_rows`.
    pub links: link::Links,
    /// Indices into `used_members` grouped by household (see [`households`]).
    pub order: Vec<(u32, u32)>,
}

/// What joining gives: the joined members, the rows set aside and the register rows dropped
/// as exact repeats.
pub struct Join {
    pub joined: Joined,
    /// The files' rejects (those found while reading and while joining), members first and
    /// register second, each in line order; then the resolutions naming no member.
    pub rejects: Vec<Reject>,
    pub register_exact_duplicates: usize,
}

/// Joins the members (read as `member_keys`) to the register (read as `register_keys`);
/// each file's keys are let go as soon as they are used up.
pub fn join(
    members: &ReadFile,
    member_keys: Vec<MemberKey>,
    member_fields: &MemberFields,
    register: &ReadFile,
    register_keys: Vec<RegisterKey>,
    register_fields: &PersonFields,
    resolutions: Option<&Resolutions>,
) -> Result<Join> {
    // The rows each file's reader set aside, then those joining sets aside.
    let mut rejects = members.rejects.clone();
    let mut register_rejects = register.rejects.clone();
    let (members_part, register_rows) = rayon::join(
        || -> Result<_> {
            let used = usable_members(members, member_fields, &member_keys, &mut rejects)?;
            let number_keys: Vec<Option<u64>> =
                used.iter().map(|&row| member_keys[row].number()).collect();
            let order = household_order(&used, |row| member_keys[row].household);
            let unknown = match resolutions {
                Some(r) => unknown_resolutions(r, members, member_fields, &member_keys)?,
                None => Vec::new(),
            };
            drop(member_keys);
            Ok((used, number_keys, order, unknown))
        },
        || {
            let rows = usable_register_rows(
                register,
                &register_keys,
                register_fields,
                &mut register_rejects,
            );
            drop(register_keys);
            rows
        },
    );
    let (used_members, number_keys, order, unknown) = members_part?;
    let (register_rows, register_exact_duplicates) = register_rows?;
    rejects.append(&mut register_rejects);
    rejects.sort_by_key(|r| (r.source == Source::Register, r.line));
    rejects.extend(unknown);
    let links = link::link(&number_keys, &register_rows);
    Ok(Join {
        joined: Joined {
            register_rows,
            used_members,
            number_keys,
            links,
            order,
        },
        rejects,
        register_exact_duplicates,
    })
}

/// Resolutions naming a member id the members file does not have: reported, not ignored.
/// The rows whose id hash a resolution's id has are read again to compare the ids themselves.
fn unknown_resolutions(
    resolutions: &Resolutions,
    members: &ReadFile,
    fields: &MemberFields,
    keys: &[MemberKey],
) -> Result<Vec<Reject>> {
    let wanted: std::collections::HashSet<TextHash> = resolutions
        .by_member
        .keys()
        .map(|id| TextHash::of(id))
        .collect();
    let rows: Vec<usize> = (0..members.len())
        .into_par_iter()
        .filter(|&row| wanted.contains(&keys[row].id))
        .collect();
    let read = members.rows(&rows)?;
    let seen: std::collections::HashSet<&str> = (0..read.len())
        .map(|k| read.field(k, fields.member_id))
        .collect();
    let mut unknown: Vec<Reject> = resolutions
        .by_member
        .values()
        .filter(|r| !seen.contains(r.member_id.as_str()))
        .map(|r| Reject {
            source: Source::Resolutions,
            line: r.line,
            member_id: Some(r.member_id.clone()),
            reason: "解決記録の加入者IDが加入者ファイルにありません。".into(),
        })
        .collect();
    unknown.extend(resolutions.rejects.iter().cloned());
    unknown.sort_by_key(|r| r.line);
    Ok(unknown)
}
