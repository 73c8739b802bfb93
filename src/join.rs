//! Join: members to the register on the My Number, and numbers held by several members.
//!
//! In: the members' checked numbers as integers (12 digits fit a u64, and integer keys
//! join several times faster than strings; None where a member has no usable number) and
//! the register's numbers (unique: duplicates are settled while reading). Out: for each member
//! row, the register row for its number, and whether another member holds the same number.
//! polars stays inside this module; the numbers never leave it except as row indices.

use polars::prelude::*;

use crate::error::{Error, Result};

fn polars_error(stage: &str, error: PolarsError) -> Error {
    Error::Other(format!("{stage}: {error}"))
}

fn row_indices(len: usize) -> Vec<IdxSize> {
    (0..len as IdxSize).collect()
}

/// For each member row, the index of the register row holding the same number.
pub fn link_to_register(
    member_numbers: &[Option<u64>],
    register_numbers: &[u64],
) -> Result<Vec<Option<usize>>> {
    let fail = |e| polars_error("joining members to the register", e);
    let members = DataFrame::new(
        member_numbers.len(),
        vec![
            Column::new("my_number".into(), member_numbers),
            Column::new("member_row".into(), row_indices(member_numbers.len())),
        ],
    )
    .map_err(fail)?;
    let register = DataFrame::new(
        register_numbers.len(),
        vec![
            Column::new("my_number".into(), register_numbers),
            Column::new("register_row".into(), row_indices(register_numbers.len())),
        ],
    )
    .map_err(fail)?;
    let joined = members
        .join(
            &register,
            ["my_number"],
            ["my_number"],
            JoinArgs::new(JoinType::Left),
            None,
        )
        .map_err(fail)?;

    let member_rows = joined
        .column("member_row")
        .map_err(fail)?
        .idx()
        .map_err(fail)?;
    let register_rows = joined
        .column("register_row")
        .map_err(fail)?
        .idx()
        .map_err(fail)?;
    let mut links = vec![None; member_numbers.len()];
    for (member_row, register_row) in member_rows.iter().zip(register_rows.iter()) {
        if let (Some(member_row), Some(register_row)) = (member_row, register_row) {
            links[member_row as usize] = Some(register_row as usize);
        }
    }
    Ok(links)
}

/// For each member row, whether at least one other member holds the same number.
pub fn held_by_several(member_numbers: &[Option<u64>]) -> Result<Vec<bool>> {
    let fail = |e| polars_error("finding numbers held by several members", e);
    let numbers = Series::new("my_number".into(), member_numbers);
    let duplicated = is_duplicated(&numbers).map_err(fail)?;
    Ok(duplicated
        .iter()
        .zip(member_numbers)
        .map(|(duplicated, number)| number.is_some() && duplicated == Some(true))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_each_member_to_its_numbers_register_row() {
        let members = [Some(1), None, Some(2), Some(1), Some(26)];
        let register = [2, 1, 3];
        assert_eq!(
            link_to_register(&members, &register).unwrap(),
            vec![Some(1), None, Some(0), Some(1), None]
        );
    }

    #[test]
    fn finds_numbers_held_twice_but_not_empty_ones() {
        let members = [Some(1), None, Some(2), Some(1), None];
        assert_eq!(
            held_by_several(&members).unwrap(),
            vec![true, false, false, true, false]
        );
    }
}
