//! The link: members to the register on the My Number, and numbers held by several members.
//!
//! In: the members' checked numbers as integers (12 digits fit a u64; None where a member
//! has no usable number) and the register's usable rows sorted by number (unique:
//! duplicates are settled while reading). Out: for each member, the register row for its
//! number, and whether another member holds the same number. A sort-merge on the integer
//! keys: the members' numbers sorted once on all threads, then one pass beside the
//! register's. (polars' left join and `is_duplicated` gave the same answers in 3.7 s at
//! 10^7 members where this takes under 1 s, so polars is not used.) The numbers never
//! leave this module except as row indices.

use rayon::prelude::*;

/// Each member's link to the register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Links {
    /// Index into the register rows of the row for the member's number.
    pub register: Vec<Option<u32>>,
    /// At least one other member holds the same number.
    pub held_by_several: Vec<bool>,
}

/// Links each member to the register row for its number, and finds the numbers held by
/// several members. `register` is `(row, number)` sorted by number, each number once.
pub fn link(member_numbers: &[Option<u64>], register: &[(usize, u64)]) -> Links {
    debug_assert!(register.windows(2).all(|w| w[0].1 < w[1].1));
    let mut members: Vec<(u64, u32)> = member_numbers
        .iter()
        .enumerate()
        .filter_map(|(i, number)| number.map(|n| (n, i as u32)))
        .collect();
    members.par_sort_unstable();
    let mut links = Links {
        register: vec![None; member_numbers.len()],
        held_by_several: vec![false; member_numbers.len()],
    };
    let mut next = 0;
    for holders in members.chunk_by(|a, b| a.0 == b.0) {
        let number = holders[0].0;
        while next < register.len() && register[next].1 < number {
            next += 1;
        }
        let found = (next < register.len() && register[next].1 == number).then_some(next as u32);
        for &(_, member) in holders {
            links.register[member as usize] = found;
            links.held_by_several[member as usize] = holders.len() > 1;
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_each_member_to_its_numbers_register_row() {
        let members = [Some(1), None, Some(2), Some(1), Some(26), Some(0)];
        // (row, number), sorted by number.
        let register = [(7, 1), (5, 2), (9, 3)];
        let links = link(&members, &register);
        assert_eq!(
            links.register,
            vec![Some(0), None, Some(1), Some(0), None, None]
        );
    }

    #[test]
    fn finds_numbers_held_twice_but_not_empty_ones() {
        let members = [
            Some(1),
            None,
            Some(2),
            Some(1),
            None,
            Some(5),
            Some(5),
            Some(5),
        ];
        let links = link(&members, &[]);
        assert_eq!(
            links.held_by_several,
            vec![true, false, false, true, false, true, true, true]
        );
        assert!(links.register.iter().all(Option::is_none));
    }

    /// The same answers as a plain lookup, on many random numbers.
    #[test]
    fn agrees_with_a_lookup() {
        use std::collections::HashMap;
        let mut state = 12345u64;
        let mut random = |range: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % range
        };
        let members: Vec<Option<u64>> = (0..5000)
            .map(|_| (random(10) > 0).then(|| random(3000)))
            .collect();
        let mut numbers: Vec<u64> = (0..2000).map(|_| random(3000)).collect();
        numbers.sort_unstable();
        numbers.dedup();
        let register: Vec<(usize, u64)> = numbers
            .iter()
            .enumerate()
            .map(|(i, &n)| (i * 3, n))
            .collect();
        let links = link(&members, &register);
        let index: HashMap<u64, u32> = register
            .iter()
            .enumerate()
            .map(|(i, r)| (r.1, i as u32))
            .collect();
        let mut holders: HashMap<u64, usize> = HashMap::new();
        for number in members.iter().flatten() {
            *holders.entry(*number).or_default() += 1;
        }
        for (i, number) in members.iter().enumerate() {
            assert_eq!(
                links.register[i],
                number.and_then(|n| index.get(&n).copied())
            );
            assert_eq!(
                links.held_by_several[i],
                number.is_some_and(|n| holders[&n] > 1)
            );
        }
    }
}
